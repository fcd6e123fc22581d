//! Forms: server-rendered HTML that posts to one server function.
//!
//! Every form in the portal posts to a server function and then shows the
//! page again as the server renders it. A form is therefore plain markup
//! (`ServerForm`), with no island of its own: in the browser one listener
//! (`enhance::enhance_forms`) sends it in place, keeps what the user typed
//! when the server refuses, and shows each error in its slot (`FieldErrors`,
//! `FormErrors`). The live previews are islands that render their inputs
//! inside such a form.

use domain::Language;
use leptos::prelude::*;

/// A form that posts to the server function at `action` (`Fn::PATH`).
///
/// `done` is where the browser goes after success: a path, or `?query` on
/// the current page; `{}` in it is replaced by the server function's answer.
/// Without it the current page loads again. A submit button may name its own
/// server function (`formaction`) and its own `data-done` (then also as its
/// `name=DONE_FIELD value=…`, for a browser without wasm).
#[component]
pub fn ServerForm(
    action: &'static str,
    #[prop(optional, into)] done: Option<String>,
    /// Error codes after which the page loads again, as it is now, with
    /// `?refused=<code>` (space-separated): the form was built from data
    /// that changed on the server.
    #[prop(optional)]
    reload_on: Option<&'static str>,
    /// The id of a read-only field that shows the answer (a secret shown
    /// once), instead of loading the `done` page; its `hidden` container,
    /// marked `data-answer-box` with the same id, is shown.
    #[prop(optional)]
    answer_into: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let done_field = done
        .clone()
        .map(|d| view! { <input type="hidden" name=DONE_FIELD value=d /> });
    view! {
        <form
            method="post"
            action=action
            data-enhance=""
            data-done=done
            data-reload-on=reload_on
            data-answer-into=answer_into
        >
            {done_field}
            {children()}
        </form>
    }
}

/// The hidden field that carries a form's `done` page to the server, for a
/// browser without wasm (the form listener reads `data-done` instead and
/// leaves this field out).
pub const DONE_FIELD: &str = "__done";

/// The page to load after success: `done` with `{}` replaced by the answer
/// (a JSON number or string), `?…` on the current path, or the current page
/// (`path` and `search`, with its `?`). The form listener and the server's
/// answer to a form posted without wasm both go there.
pub fn done_page(done: Option<&str>, answer: &str, path: &str, search: &str) -> String {
    let Some(done) = done else {
        return format!("{path}{search}");
    };
    let done = done.replace("{}", answer.trim().trim_matches('"'));
    if done.starts_with('?') {
        format!("{path}{done}")
    } else {
        done
    }
}

/// The current page (`path`, `search` with its `?`) with `refused=<code>`
/// in its query, in place of any earlier one.
pub fn refused_page(path: &str, search: &str, code: &str) -> String {
    let kept = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("refused="));
    let query: Vec<&str> = kept.collect();
    let refused = format!("refused={code}");
    if query.is_empty() {
        format!("{path}?{refused}")
    } else {
        format!("{path}?{}&{refused}", query.join("&"))
    }
}

/// Where the errors for `field` appear.
#[component]
pub fn FieldErrors(#[prop(into)] field: String) -> impl IntoView {
    view! { <div class="errors" data-errors-for=field></div> }
}

/// A part of a page that could not be loaded: what went wrong, in place
/// of what would have been shown.
#[component]
pub fn FailureNotice(error: crate::error::AppError) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    error
        .messages()
        .into_iter()
        .map(|e| view! { <p class="form-error" role="alert">{lang.error(&e)}</p> })
        .collect_view()
}

/// Where the errors that belong to no field of the form appear (sign-in
/// failed, not allowed …). A form without one shows them at its end.
#[component]
pub fn FormErrors() -> impl IntoView {
    view! { <div class="errors" data-errors-for=""></div> }
}

/// The `<option>`s of a language `<select>`, each in its own language, with
/// `selected` chosen.
pub fn language_options(selected: Option<Language>) -> impl IntoView {
    Language::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=Some(l) == selected>{l.native_name()}</option> })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_pages() {
        assert_eq!(
            done_page(None, "null", "/users", "?page=2"),
            "/users?page=2"
        );
        assert_eq!(
            done_page(Some("/orders/{}"), "17", "/cart", ""),
            "/orders/17"
        );
        assert_eq!(done_page(Some("/s/{}"), "\"ab\"", "/", ""), "/s/ab");
        assert_eq!(
            done_page(Some("?sent=2"), "2", "/invite", "?rows=3"),
            "/invite?sent=2"
        );
    }

    #[test]
    fn refused_pages() {
        assert_eq!(refused_page("/s/4", "", "stale"), "/s/4?refused=stale");
        assert_eq!(
            refused_page("/s/4", "?refused=old&tab=a", "stale"),
            "/s/4?tab=a&refused=stale"
        );
    }
}

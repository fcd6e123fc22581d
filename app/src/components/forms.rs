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
/// server function (`formaction`) and its own `data-done`.
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
    /// once), instead of loading the `done` page; the field's `hidden`
    /// container is shown.
    #[prop(optional)]
    answer_into: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <form
            method="post"
            action=action
            data-enhance=""
            data-done=done
            data-reload-on=reload_on
            data-answer-into=answer_into
        >
            {children()}
        </form>
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

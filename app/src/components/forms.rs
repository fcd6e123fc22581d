//! Showing errors where they belong: next to their field, or above the form.

use domain::Language;
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_lang;

/// The latest error of a server action, as a signal for the error components.
pub fn action_error<I>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// The messages for one field, shown under it.
#[component]
pub fn FieldErrors(#[prop(into)] error: Signal<Option<AppError>>, field: String) -> impl IntoView {
    let lang = use_lang();
    let field_name = field.clone();
    move || {
        error
            .get()
            .map(|e| e.field_errors(&field))
            .unwrap_or_default()
            .into_iter()
            .map(|fe| {
                view! { <p class="field-error" role="alert" data-field=field_name.clone()>{lang.error(&fe)}</p> }
            })
            .collect_view()
    }
}

/// Errors that belong to no field on the form (sign-in failed, not allowed …).
#[component]
pub fn FormErrors(
    #[prop(into)] error: Signal<Option<AppError>>,
    fields: &'static [&'static str],
) -> impl IntoView {
    let lang = use_lang();
    move || {
        error
            .get()
            .map(|e| e.form_codes(fields))
            .unwrap_or_default()
            .into_iter()
            .map(|fe| view! { <p class="form-error" role="alert">{lang.error(&fe)}</p> })
            .collect_view()
    }
}

/// Sends the browser to `path` with a full page load. Pages are rendered on
/// the server (islands), so this is how every part of a page shows a change:
/// a new session (sign-in, language) or a committed action.
pub fn reload_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// The current page's path and query, to load it again.
pub fn current_path() -> String {
    #[cfg(feature = "hydrate")]
    {
        let location = window().location();
        let path = location.pathname().unwrap_or_else(|_| "/".into());
        path + &location.search().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        "/".into()
    }
}

/// Once `action` succeeds, loads `path` (or the current page) again, so the
/// server renders the new state.
pub fn reload_on_success<I>(action: ServerAction<I>, path: Option<String>)
where
    I: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            reload_to(&path.clone().unwrap_or_else(current_path));
        }
    });
}

/// Once `action` succeeds, loads the current page again with `?done=notice`,
/// so the server renders the new state and says what was done.
pub fn reload_with_notice<I>(action: ServerAction<I>, notice: &'static str)
where
    I: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            let path = current_path();
            let path = path.split('?').next().unwrap_or("/");
            reload_to(&format!("{path}?done={notice}"));
        }
    });
}

/// The `<option>`s of a language `<select>`, each in its own language, with
/// `selected` chosen.
pub fn language_options(selected: Option<Language>) -> impl IntoView {
    Language::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=Some(l) == selected>{l.native_name()}</option> })
        .collect_view()
}

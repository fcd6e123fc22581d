//! Showing errors where they belong: next to their field, or above the form.

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

/// Sends the browser to `path` with a full page load, so every part of the
/// page reads the new session (after sign-in, sign-out, language change).
pub fn reload_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

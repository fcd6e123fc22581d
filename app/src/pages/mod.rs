//! One module per screen.

pub mod agreements;
pub mod api_tokens;
pub mod audit;
pub mod benefits;
pub mod customers;
pub mod dashboard;
pub mod domains;
pub mod invitation;
pub mod invite;
pub mod login;
pub mod mailbox;
pub mod membership;
pub mod operations;
pub mod organizations;
pub mod partners;
pub mod profile;
pub mod software;
pub mod software_activity;
mod software_cancel;
pub mod subscriptions;
pub mod support;
pub mod transfers;
pub mod users;

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::error::AppError;
use crate::i18n::{use_lang, Msg};
use crate::session::{SessionInfo, UserInfo};

/// The signed-in user, if any.
pub fn signed_in() -> Option<UserInfo> {
    expect_context::<SessionInfo>().user
}

/// A numeric id from the route (`/customers/:id`). A malformed one becomes 0,
/// which matches no row, so the server refuses it like any foreign id.
pub fn route_id(name: &'static str) -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get(name)
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    }
}

/// Sends a signed-out visitor to the sign-in page.
pub fn to_login() -> AnyView {
    view! { <Redirect path="/login" /> }.into_any()
}

/// A page-level failure, answered with its status (403, 404, 503 …); a
/// visitor who is not signed in goes to the sign-in page instead.
pub fn error_view(e: AppError) -> AnyView {
    if e == AppError::Unauthenticated {
        return to_login();
    }
    #[cfg(feature = "ssr")]
    crate::api::context::respond_with(&e);
    let lang = use_lang();
    let forbidden = e == AppError::Forbidden;
    let (text, what_to_do) = match e {
        AppError::Forbidden => (
            lang.t(Msg::ErrForbidden).to_string(),
            Some(Msg::ForbiddenWhatToDo),
        ),
        AppError::NotFound => (
            lang.t(Msg::NotFoundTitle).to_string(),
            Some(Msg::NotFoundWhatToDo),
        ),
        other => {
            let retry = matches!(
                other,
                AppError::Internal
                    | AppError::Unavailable
                    | AppError::Busy { .. }
                    | AppError::Transport(_)
            );
            let text = other
                .messages()
                .iter()
                .map(|m| lang.error(m))
                .collect::<Vec<_>>()
                .join(" ");
            (text, retry.then_some(Msg::TryAgainWhatToDo))
        }
    };
    view! {
        <section class="card" data-testid="error-page">
            <h1 class="form-error" role="alert">{text}</h1>
            {what_to_do.map(|m| view! { <p data-testid="what-to-do">{lang.t(m)}</p> })}
            <p class="actions">
                {forbidden.then(|| view! { <a href="/profile">{lang.t(Msg::SeeMyRoles)}</a> " · " })}
                <a href="/">{lang.t(Msg::BackToDashboard)}</a>
            </p>
        </section>
    }
    .into_any()
}

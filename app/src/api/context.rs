//! Server-side plumbing shared by the server functions: the services from
//! context, the session cookie, the client address, and HTTP status codes.

use std::sync::Arc;

use backend::{Actor, Services};
use domain::Language;
use http::header::{COOKIE, RETRY_AFTER, SET_COOKIE};
use http::request::Parts;
use http::HeaderValue;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use tokio::sync::OnceCell;

use crate::error::AppError;

pub const LANGUAGE_COOKIE: &str = "bc_lang";

/// The session cookie's name. On https it carries the `__Host-` prefix: the
/// browser then accepts it only `Secure`, for `Path=/` and without a
/// `Domain`, so no other host (a sibling subdomain) can set or shadow it.
pub fn session_cookie(config: &backend::Config) -> &'static str {
    if config.is_https() {
        "__Host-bc_session"
    } else {
        "bc_session"
    }
}

/// The client address the server put into the request (rate limits).
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or(AppError::Internal)
}

/// A cookie of the current request.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<Parts>()?.headers, name)
}

pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

pub fn client_addr() -> String {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<ClientAddr>().cloned())
        .map(|c| c.0)
        .unwrap_or_else(|| "unknown".into())
}

pub fn accept_language() -> Option<String> {
    let parts = use_context::<Parts>()?;
    parts
        .headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// A visitor's language without an account: their language cookie, else
/// their browser's.
pub fn visitor_language() -> Language {
    cookie(LANGUAGE_COOKIE)
        .and_then(|c| Language::parse(&c))
        .or_else(|| accept_language().map(|h| Language::from_accept_language(&h)))
        .unwrap_or_default()
}

/// The signed-in user of one request, looked up once: a page's server
/// functions (its session, its list, its heading) each ask for it. It lives
/// as long as the request and no longer, so a session signed out or expired
/// is refused from the next request on; a failed lookup is not kept.
#[derive(Clone, Debug, Default)]
pub struct RequestActor(Arc<OnceCell<Option<Actor>>>);

/// The signed-in user, if any.
pub async fn current_actor() -> Result<Option<Actor>, AppError> {
    let svc = services()?;
    let token = cookie(session_cookie(&svc.config));
    let lookup = || async {
        match &token {
            Some(token) => backend::sessions::actor_for_token(&svc, token)
                .await
                .map_err(fail),
            None => Ok(None),
        }
    };
    match use_context::<RequestActor>() {
        Some(request) => request.0.get_or_try_init(lookup).await.cloned(),
        None => lookup().await,
    }
}

/// The signed-in user, or 401.
pub async fn actor() -> Result<Actor, AppError> {
    current_actor()
        .await?
        .ok_or_else(|| fail(backend::Error::Unauthenticated))
}

/// Maps a use-case error (logging it as the policy says) and, for a server
/// function request, sets its status.
pub fn fail(e: backend::Error) -> AppError {
    let error = AppError::from(e);
    set_status(&error);
    error
}

/// For a server function request, sets the status of `error`, with
/// `Retry-After` on a 503. A page render sets its own (`pages::error_view`).
pub fn set_status(error: &AppError) {
    let is_api = use_context::<Parts>().is_some_and(|p| p.uri.path().starts_with("/api/"));
    if is_api {
        respond_with(error);
    }
}

/// Sets the response's status to `error`'s, with `Retry-After` when it
/// passes (a 503, or a subscription being processed).
pub fn respond_with(error: &AppError) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(error.status());
        if let Some(seconds) = error.retry_after() {
            res.insert_header(RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
}

pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64) -> Result<(), AppError> {
    let svc = services()?;
    let http_only = if name == session_cookie(&svc.config) {
        "; HttpOnly"
    } else {
        ""
    };
    let secure = if svc.config.is_https() {
        "; Secure"
    } else {
        ""
    };
    let header = format!(
        "{name}={value}; Path=/; Max-Age={max_age_seconds}; SameSite=Lax{http_only}{secure}"
    );
    let res = use_context::<ResponseOptions>().ok_or(AppError::Internal)?;
    res.append_header(
        SET_COOKIE,
        HeaderValue::from_str(&header).map_err(|_| AppError::Internal)?,
    );
    Ok(())
}

pub fn set_session_cookie(token: &str) -> Result<(), AppError> {
    set_cookie(
        session_cookie(&services()?.config),
        token,
        backend::sessions::SESSION_LIFETIME.as_millis() / 1000,
    )
}

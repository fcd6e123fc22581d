//! Sign-in (R-ORG-06), sign-out, the session every page reads, and the
//! language choice (R-ORG-09).

#[cfg(feature = "ssr")]
use domain::Language;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;
use crate::session::SessionInfo;

#[server(endpoint = "session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    let svc = services()?;
    let user = current_actor().await?;
    let language = match &user {
        Some(a) => a.language,
        None => visitor_language(),
    };
    Ok(SessionInfo {
        user: user.map(Into::into),
        language,
        demo_mode: svc.config.demo_mode,
        test_clock: backend::test_clock::status(&svc).await.map_err(fail)?,
    })
}

#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    let svc = services()?;
    let session = backend::sessions::login(&svc, &email, &password, &client_addr())
        .await
        .map_err(fail)?;
    set_session_cookie(&session.token)
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let svc = services()?;
    let name = session_cookie(&svc.config);
    if let Some(token) = cookie(name) {
        backend::sessions::logout(&svc, &token)
            .await
            .map_err(fail)?;
    }
    set_cookie(name, "", 0)
}

/// Signed in: saves the preference (it is also the language of the user's
/// emails). Signed out: remembers it in a cookie.
#[server(endpoint = "set_language")]
pub async fn set_language(language: String) -> Result<(), AppError> {
    let svc = services()?;
    let language = Language::parse(&language).ok_or_else(|| {
        fail(backend::Error::field(
            "language",
            &backend::Code::LanguageUnknown,
        ))
    })?;
    if let Some(actor) = current_actor().await? {
        backend::accounts::users::set_language(&svc, &actor, language)
            .await
            .map_err(fail)?;
    }
    set_cookie(LANGUAGE_COOKIE, language.code(), 365 * 24 * 3600)
}

//! R-API-01: every request names its token in `Authorization: Bearer`.
//! Cookies are never read: a session cannot call the API, and a token can
//! call nothing but the API.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use backend::api_tokens::{authenticate as token_actor, TokenActor};
use backend::Actor;
use http::header::AUTHORIZATION;

use super::error::{ApiError, CallerLanguage};
use super::ApiState;

/// The token a request came with, and who it acts as.
#[derive(Clone, Debug)]
pub struct Caller {
    pub token_id: i64,
    pub actor: Actor,
}

fn bearer(req: &Request) -> Option<&str> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| secret.trim())
}

pub async fn authenticate(State(state): State<ApiState>, mut req: Request, next: Next) -> Response {
    let Some(secret) = bearer(&req) else {
        return ApiError::from(backend::Error::Unauthenticated).into_response();
    };
    let TokenActor { token_id, actor } = match token_actor(&state.services, secret).await {
        Ok(Some(found)) => found,
        Ok(None) => return ApiError::from(backend::Error::Unauthenticated).into_response(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    if let Err(wait) = state.limiter.take(token_id, Instant::now()) {
        return ApiError::from(backend::Error::RateLimited)
            .retry_after(wait)
            .into_response();
    }
    let language = actor.language;
    req.extensions_mut().insert(Caller { token_id, actor });
    let mut res = next.run(req).await;
    res.extensions_mut().insert(CallerLanguage(language));
    res
}

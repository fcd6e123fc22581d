//! R-API-02, as the IETF `Idempotency-Key` draft says: a POST, PUT or PATCH
//! with the header runs once per (organization, method, path, key); a repeat
//! with the same body gets the first answer again with
//! `Idempotent-Replayed: true`, with another body 422, while the first still
//! runs 409. The records are in the database, so this holds across server
//! processes. Only successes are kept: a refused or failed request changed
//! nothing, and its retry runs again.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use backend::api_idempotency::{claim, finish, release, Claim, Scope};
use http::{HeaderValue, Method, StatusCode};
use sha2::{Digest, Sha256};

use super::auth::Caller;
use super::error::ApiError;
use super::ApiState;

/// The largest request body the API reads.
pub const BODY_MAX: usize = 1 << 20;

pub async fn replay(State(state): State<ApiState>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH) {
        return next.run(req).await;
    }
    let Some(key) = req.headers().get("idempotency-key") else {
        return next.run(req).await;
    };
    let key = match key.to_str() {
        Ok(k) if domain::api_token::is_idempotency_key(k) => k.to_string(),
        _ => {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "Idempotency-Key",
                &backend::Code::IdempotencyKeyInvalid,
            )
            .into_response()
        }
    };
    let Some(caller) = req.extensions().get::<Caller>().cloned() else {
        return ApiError::from(backend::Error::Unauthenticated).into_response();
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_MAX).await else {
        return ApiError::from(app::error::AppError::BadRequest(domain::FieldError::new(
            "",
            &app::error::Code::BodyInvalid,
        )))
        .into_response();
    };
    let scope = Scope {
        org_id: caller.actor.org_id,
        method: parts.method.to_string(),
        // The whole path: the nested router sees it without `/api/v1`.
        path: parts
            .extensions
            .get::<axum::extract::OriginalUri>()
            .map_or(parts.uri.path(), |u| u.0.path())
            .to_string(),
        key,
    };
    let fingerprint: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let svc = &state.services;
    match claim(svc, &scope, &fingerprint).await {
        Err(e) => ApiError::from(e).into_response(),
        Ok(Claim::Mismatch) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Idempotency-Key",
            &backend::Code::IdempotencyKeyReused,
        )
        .into_response(),
        Ok(Claim::InFlight) => ApiError::new(
            StatusCode::CONFLICT,
            "Idempotency-Key",
            &backend::Code::IdempotencyInFlight,
        )
        .retry_after(1)
        .into_response(),
        Ok(Claim::Replay { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut res = (status, body).into_response();
            let headers = res.headers_mut();
            headers.insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
            res
        }
        Ok(Claim::Run) => {
            let res = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            keep(svc, &scope, res).await
        }
    }
}

/// Stores a success for the key's repeats. A refusal (4xx) or a failure
/// (5xx) changed nothing, so the claim is forgotten: the client may fix
/// the request, or wait, and send it again under the same key.
async fn keep(svc: &backend::Services, scope: &Scope, res: Response) -> Response {
    if !res.status().is_success() {
        if let Err(e) = release(svc, scope).await {
            tracing::warn!(error = %e, "releasing an idempotency key failed");
        }
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = match to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, "reading an answer to keep failed");
            return ApiError::from(backend::Error::Internal("unreadable answer".into()))
                .into_response();
        }
    };
    if let Err(e) = finish(
        svc,
        scope,
        parts.status.as_u16(),
        &String::from_utf8_lossy(&bytes),
    )
    .await
    {
        tracing::warn!(error = %e, "storing an idempotent answer failed");
    }
    Response::from_parts(parts, Body::from(bytes))
}

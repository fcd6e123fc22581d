//! API tokens over the API (R-API-01): list, create (the secret in this
//! answer only) and revoke; for the organization's administrators.

use axum::response::Response;
use domain::api_token::ApiTokenForm;
use http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Ctx, Id};
use crate::api::etag::json;
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

/// The organization's tokens (never their secrets), newest first.
#[utoipa::path(get, path = "/api-tokens", tag = "api-tokens",
    responses((status = 200, body = domain::api_token::ApiTokensPage, description = ": the tokens and the roles a new one may carry")))]
async fn list_tokens(cx: Ctx) -> Result<Response, ApiError> {
    let page = backend::api_tokens::page(&cx.svc, &cx.actor).await?;
    Ok(json(StatusCode::OK, &page))
}

#[derive(Deserialize, ToSchema)]
pub struct NewToken {
    pub name: String,
    /// Role codes, each one the caller holds.
    pub roles: Vec<String>,
    /// 1 to 366.
    pub days: u32,
}

/// A new token with some of the caller's roles; its secret is in this answer only.
#[utoipa::path(post, path = "/api-tokens", tag = "api-tokens", request_body = NewToken,
    responses((status = 201, body = domain::api_token::CreatedToken, description = ": the token and its secret")))]
async fn create_token(cx: Ctx, Body(new): Body<NewToken>) -> Result<Response, ApiError> {
    let form = ApiTokenForm {
        name: new.name,
        roles: new.roles,
        days: new.days.to_string(),
    };
    let created = backend::api_tokens::create(&cx.svc, &cx.actor, &form).await?;
    Ok(json(StatusCode::CREATED, &created))
}

/// Revokes a token: its next request is refused.
#[utoipa::path(delete, path = "/api-tokens/{id}", tag = "api-tokens",
    params(("id" = i64, Path, description = "The token's id")),
    responses((status = 204, description = "Revoked")))]
async fn revoke_token(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    backend::api_tokens::revoke(&cx.svc, &cx.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

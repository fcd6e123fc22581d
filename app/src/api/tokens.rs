//! R-API-01: the organization's API tokens, for its administrators.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::api_token::{ApiTokenView, ApiTokensPage, TokenStatus};

#[server(endpoint = "load_api_tokens")]
pub async fn load_api_tokens() -> Result<ApiTokensPage, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::api_tokens::page(&svc, &actor).await.map_err(fail)
}

/// The new token's secret: the only time it is sent. `roles[]` is absent
/// when no box is checked.
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(
    name: String,
    #[server(default)] roles: Vec<String>,
    days: String,
) -> Result<String, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    let form = domain::api_token::ApiTokenForm { name, roles, days };
    backend::api_tokens::create(&svc, &actor, &form)
        .await
        .map(|created| created.secret)
        .map_err(fail)
}

#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(token_id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::api_tokens::revoke(&svc, &actor, token_id)
        .await
        .map_err(fail)
}

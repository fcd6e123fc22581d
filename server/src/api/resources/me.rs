//! `GET /me`: who the token acts as.

use axum::{Extension, Json};
use domain::Role;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::api::{ApiState, Caller};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(routes!(me))
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub token_id: i64,
    pub user_id: i64,
    pub email: String,
    pub organization_id: i64,
    pub organization_name: String,
    /// `customer`, `partner` or `provider`.
    pub organization_kind: String,
    /// The roles the token acts with: those it was given that its creator holds.
    pub roles: Vec<Role>,
}

/// The token's user, organization and roles.
#[utoipa::path(get, path = "/me", tag = "organization",
    responses((status = 200, body = Me)))]
async fn me(Extension(caller): Extension<Caller>) -> Json<Me> {
    let a = caller.actor;
    Json(Me {
        token_id: caller.token_id,
        user_id: a.user_id,
        email: a.email,
        organization_id: a.org_id,
        organization_name: a.org_name,
        organization_kind: format!("{:?}", a.org_kind).to_lowercase(),
        roles: a.roles,
    })
}

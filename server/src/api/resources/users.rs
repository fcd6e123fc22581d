//! The organization's users and invitations (R-ORG-06 … 08).

use axum::response::Response;
use backend::accounts::users;
use domain::views::InviteRow;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Ctx, Id};
use crate::api::etag::json;
use crate::api::page::{page, Page, PageQuery, Paging};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(list_invitations, invite_users))
        .routes(routes!(set_roles))
        .routes(routes!(remove_user))
}

/// The organization's users.
#[utoipa::path(get, path = "/users", tag = "users", params(PageQuery),
    responses((status = 200, body = Page<domain::views::UserView>)))]
async fn list_users(cx: Ctx, Paging(q): Paging) -> Result<Response, ApiError> {
    let users = users::list_users(&cx.svc, &cx.actor, None).await?.users;
    Ok(json(StatusCode::OK, &page(users, |u| u.id, &q)?))
}

/// The invitations not yet accepted (expired ones too, marked).
#[utoipa::path(get, path = "/invitations", tag = "users", params(PageQuery),
    responses((status = 200, body = Page<domain::views::PendingInvitation>)))]
async fn list_invitations(cx: Ctx, Paging(q): Paging) -> Result<Response, ApiError> {
    let pending = users::list_users(&cx.svc, &cx.actor, None).await?.pending;
    Ok(json(StatusCode::OK, &page(pending, |p| p.id, &q)?))
}

#[derive(Deserialize, ToSchema)]
pub struct Invitations {
    /// `email`, `name`, `language`, `country`, `roles` each.
    pub rows: Vec<InviteRow>,
}

#[derive(Serialize, ToSchema)]
pub struct Sent {
    pub sent: usize,
}

/// Invites users, each with roles the caller may grant; errors name `rows.N.field`.
#[utoipa::path(post, path = "/invitations", tag = "users", request_body = Invitations,
    responses((status = 201, body = Sent)))]
async fn invite_users(cx: Ctx, Body(req): Body<Invitations>) -> Result<Response, ApiError> {
    let sent = users::invite_users(&cx.svc, &cx.actor, &req.rows).await?;
    Ok(json(StatusCode::CREATED, &Sent { sent }))
}

#[derive(Deserialize, ToSchema)]
pub struct Roles {
    /// Role codes.
    pub roles: Vec<String>,
}

/// Replaces a user's roles.
#[utoipa::path(put, path = "/users/{id}/roles", tag = "users",
    params(("id" = i64, Path, description = "The user's id")), request_body = Roles,
    responses((status = 204, description = "Changed")))]
async fn set_roles(cx: Ctx, Id(id): Id, Body(req): Body<Roles>) -> Result<StatusCode, ApiError> {
    users::set_roles(&cx.svc, &cx.actor, id, &req.roles).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a user from the organization.
#[utoipa::path(delete, path = "/users/{id}", tag = "users",
    params(("id" = i64, Path, description = "The user's id")),
    responses((status = 204, description = "Removed")))]
async fn remove_user(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    users::remove_user(&cx.svc, &cx.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

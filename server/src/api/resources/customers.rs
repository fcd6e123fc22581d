//! A partner's customers (its relationships) and one customer.

use axum::http::HeaderMap;
use axum::response::Response;
use backend::accounts::relationships::{self, RequestForm};
use domain::views::RelationshipStatus;
use http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{created, done, Body, Ctx, Id};
use crate::api::etag::{json, single};
use crate::api::page::{page, PageQuery, Paging};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(list_relationships, request_relationship))
        .routes(routes!(decide_relationship))
        .routes(routes!(get_customer))
}

/// The organization's relationships: a partner's customers, a customer's partners.
#[utoipa::path(get, path = "/relationships", tag = "organization", params(PageQuery),
    responses((status = 200, body = crate::api::page::Page<domain::views::RelationshipView>, description = "A page")))]
async fn list_relationships(cx: Ctx, Paging(q): Paging) -> Result<Response, ApiError> {
    let rows = relationships::list(&cx.svc, &cx.actor).await?;
    Ok(json(StatusCode::OK, &page(rows, |r| r.id, &q)?))
}

/// One customer of the partner, with its agreements.
#[utoipa::path(get, path = "/customers/{id}", tag = "organization",
    params(("id" = i64, Path, description = "The customer organization's id")),
    responses((status = 200, body = domain::views::CustomerView, description = "with a strong ETag"), (status = 304, description = "Not modified")))]
async fn get_customer(cx: Ctx, Id(id): Id, headers: HeaderMap) -> Result<Response, ApiError> {
    let customer = relationships::customer_for_partner(&cx.svc, &cx.actor, id).await?;
    Ok(single(&headers, None, &customer))
}

#[derive(Deserialize, ToSchema)]
pub struct NewRelationship {
    /// The customer's agreement number.
    pub agreement_number: String,
    /// The email of an administrator of that agreement, who is asked.
    pub admin_email: String,
}

/// A partner asks a customer for a relationship (R-ORG-12).
#[utoipa::path(post, path = "/relationships", tag = "organization", request_body = NewRelationship,
    responses((status = 201, body = super::Created)))]
async fn request_relationship(
    cx: Ctx,
    Body(new): Body<NewRelationship>,
) -> Result<Response, ApiError> {
    let form = RequestForm {
        agreement_number: new.agreement_number,
        admin_email: new.admin_email,
    };
    created(relationships::request(&cx.svc, &cx.actor, &form).await)
}

#[derive(Deserialize, ToSchema)]
pub struct RelationshipDecision {
    /// `Accepted`, `Rejected` or `Ended`.
    pub decision: RelationshipStatus,
}

/// The customer accepts, rejects or ends a relationship.
#[utoipa::path(post, path = "/relationships/{id}/decision", tag = "organization",
    params(("id" = i64, Path, description = "The relationship's id")), request_body = RelationshipDecision,
    responses((status = 204, description = "Decided")))]
async fn decide_relationship(
    cx: Ctx,
    Id(id): Id,
    Body(d): Body<RelationshipDecision>,
) -> Result<StatusCode, ApiError> {
    done(relationships::decide(&cx.svc, &cx.actor, id, d.decision).await)
}

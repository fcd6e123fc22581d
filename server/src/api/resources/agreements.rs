//! Agreements, purchasing accounts and their domains (R-ORG-01 … 05,
//! R-ORG-10); the provider's organizations.

use axum::response::Response;
use backend::accounts::{agreements, domains};
use domain::views::NewAgreementForm;
use http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{answer, created, done, Body, Ctx, Id};
use crate::api::page::{page, Page, PageQuery, Paging};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(list_agreements, create_agreement))
        .routes(routes!(list_organizations))
        .routes(routes!(list_domains, add_domain))
        .routes(routes!(remove_domain))
}

/// The organization's agreements and their purchasing accounts.
#[utoipa::path(get, path = "/agreements", tag = "organization",
    params(PageQuery), responses((status = 200, body = Page<domain::views::AgreementView>)))]
async fn list_agreements(cx: Ctx, Paging(q): Paging) -> Result<Response, ApiError> {
    let rows = agreements::list_agreements(&cx.svc, &cx.actor).await?;
    answer(StatusCode::OK, Ok(page(rows, |r| r.id, &q)?))
}

/// The provider: a new customer organization with its agreement, account and administrator.
#[utoipa::path(post, path = "/agreements", tag = "organization", request_body = NewAgreementForm,
    responses((status = 201, body = super::Created)))]
async fn create_agreement(
    cx: Ctx,
    Body(form): Body<NewAgreementForm>,
) -> Result<Response, ApiError> {
    created(agreements::create_agreement(&cx.svc, &cx.actor, &form).await)
}

/// The provider: every organization.
#[utoipa::path(get, path = "/organizations", tag = "organization",
    params(PageQuery), responses((status = 200, body = Page<domain::views::OrganizationView>)))]
async fn list_organizations(cx: Ctx, Paging(q): Paging) -> Result<Response, ApiError> {
    let rows = agreements::list_organizations(&cx.svc, &cx.actor).await?;
    answer(StatusCode::OK, Ok(page(rows, |r| r.id, &q)?))
}

/// A purchasing account's domains.
#[utoipa::path(get, path = "/accounts/{id}/domains", tag = "organization",
    params(("id" = i64, Path, description = "The purchasing account's id"), PageQuery),
    responses((status = 200, body = Page<domain::views::DomainView>)))]
async fn list_domains(cx: Ctx, Id(id): Id, Paging(q): Paging) -> Result<Response, ApiError> {
    let rows = domains::list_domains(&cx.svc, &cx.actor, id).await?;
    answer(StatusCode::OK, Ok(page(rows, |r| r.id, &q)?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewDomain {
    /// A domain name; stored in its canonical (IDNA) form.
    pub domain: String,
}

/// Adds a domain to a purchasing account.
#[utoipa::path(post, path = "/accounts/{id}/domains", tag = "organization",
    params(("id" = i64, Path, description = "The purchasing account's id")), request_body = NewDomain,
    responses((status = 201, body = super::Created)))]
async fn add_domain(cx: Ctx, Id(id): Id, Body(new): Body<NewDomain>) -> Result<Response, ApiError> {
    created(domains::add_domain(&cx.svc, &cx.actor, id, &new.domain).await)
}

/// Removes a domain.
#[utoipa::path(delete, path = "/domains/{id}", tag = "organization",
    params(("id" = i64, Path, description = "The domain's id")),
    responses((status = 204, description = "Removed")))]
async fn remove_domain(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    done(domains::remove_domain(&cx.svc, &cx.actor, id).await)
}

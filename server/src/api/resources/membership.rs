//! Partner membership benefits (R-MPN-01 … 07): packages, assignments,
//! advisory hours, go-to-market, keys, cloud and downloads, and the refund.

use axum::response::Response;
use backend::mpn::{advisory, assignments, go_to_market, packages, refund, software};
use domain::mpn::{AdvisoryRequestForm, MarketingContactForm};
use domain::mpn_views::{AssignForm, BuyPackageForm, PackageDownloadForm, PackageRefundForm};
use http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{answer, created, done, Body, Ctx, Id};
use crate::api::page::{page, Page, PageQuery, Paging};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(benefits_page))
        .routes(routes!(buy))
        .routes(routes!(assign))
        .routes(routes!(remove_assignment))
        .routes(routes!(request_advisory))
        .routes(routes!(advisory_requests))
        .routes(routes!(answer_advisory))
        .routes(routes!(set_contact))
        .routes(routes!(activate_go_to_market))
        .routes(routes!(request_refund))
        .routes(routes!(take_key))
        .routes(routes!(activate_cloud))
        .routes(routes!(download))
}

/// The partner's packages and every benefit's use.
#[utoipa::path(get, path = "/membership", tag = "membership",
    responses((status = 200, body = domain::mpn_views::BenefitsPage)))]
async fn benefits_page(cx: Ctx) -> Result<Response, ApiError> {
    answer(StatusCode::OK, packages::page(&cx.svc, &cx.actor).await)
}

/// Buys a package (an idempotent order of its own key).
#[utoipa::path(post, path = "/package-purchases", tag = "membership", request_body = BuyPackageForm,
    responses((status = 201, body = super::Created)))]
async fn buy(cx: Ctx, Body(form): Body<BuyPackageForm>) -> Result<Response, ApiError> {
    created(packages::buy(&cx.svc, &cx.actor, &form).await)
}

/// Assigns a benefit of a package to a user.
#[utoipa::path(post, path = "/package-assignments", tag = "membership", request_body = AssignForm,
    responses((status = 201, body = super::Created)))]
async fn assign(cx: Ctx, Body(form): Body<AssignForm>) -> Result<Response, ApiError> {
    created(assignments::assign(&cx.svc, &cx.actor, &form).await)
}

/// Removes an assignment.
#[utoipa::path(delete, path = "/package-assignments/{id}", tag = "membership",
    params(("id" = i64, Path, description = "The assignment's id")),
    responses((status = 204, description = "Removed")))]
async fn remove_assignment(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    done(assignments::remove(&cx.svc, &cx.actor, id).await)
}

/// Asks for advisory hours of a package.
#[utoipa::path(post, path = "/package-purchases/{id}/advisory-requests", tag = "membership",
    params(("id" = i64, Path, description = "The package purchase's id")), request_body = AdvisoryRequestForm,
    responses((status = 201, body = super::Created)))]
async fn request_advisory(
    cx: Ctx,
    Id(id): Id,
    Body(form): Body<AdvisoryRequestForm>,
) -> Result<Response, ApiError> {
    created(advisory::request(&cx.svc, &cx.actor, id, &form).await)
}

/// The provider's operators: open advisory requests.
#[utoipa::path(get, path = "/advisory-requests", tag = "membership",
    params(PageQuery), responses((status = 200, body = Page<domain::mpn_views::AdvisoryRequestView>)))]
async fn advisory_requests(cx: Ctx, Paging(q): Paging) -> Result<Response, ApiError> {
    let rows = advisory::open(&cx.svc, &cx.actor).await?;
    answer(StatusCode::OK, Ok(page(rows, |r| r.id, &q)?))
}

#[derive(Deserialize, ToSchema)]
pub struct AdvisoryAnswer {
    /// Done (the hours are used) or declined (they are freed).
    pub done: bool,
}

/// The provider's operators answer an advisory request.
#[utoipa::path(post, path = "/advisory-requests/{id}/answer", tag = "membership",
    params(("id" = i64, Path, description = "The request's id")), request_body = AdvisoryAnswer,
    responses((status = 204, description = "Answered")))]
async fn answer_advisory(
    cx: Ctx,
    Id(id): Id,
    Body(a): Body<AdvisoryAnswer>,
) -> Result<StatusCode, ApiError> {
    done(advisory::answer(&cx.svc, &cx.actor, id, a.done).await)
}

/// Sets the partner's marketing contact (R-MPN-06).
#[utoipa::path(put, path = "/marketing-contact", tag = "membership", request_body = MarketingContactForm,
    responses((status = 204, description = "Set")))]
async fn set_contact(
    cx: Ctx,
    Body(form): Body<MarketingContactForm>,
) -> Result<StatusCode, ApiError> {
    done(go_to_market::set_contact(&cx.svc, &cx.actor, &form).await)
}

#[derive(Deserialize, ToSchema)]
pub struct BenefitRef {
    pub benefit_id: String,
}

/// Activates a go-to-market benefit; the answer is when it expires.
#[utoipa::path(post, path = "/package-purchases/{id}/go-to-market", tag = "membership",
    params(("id" = i64, Path, description = "The package purchase's id")), request_body = BenefitRef,
    responses((status = 200, description = "The expiry (`Timestamp`, ms)")))]
async fn activate_go_to_market(
    cx: Ctx,
    Id(id): Id,
    Body(b): Body<BenefitRef>,
) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        go_to_market::activate(&cx.svc, &cx.actor, id, &b.benefit_id).await,
    )
}

/// Asks for the package's refund at the previewed figure (within 30 days, before any key).
#[utoipa::path(post, path = "/package-purchases/{id}/refund", tag = "membership",
    params(("id" = i64, Path, description = "The package purchase's id")), request_body = PackageRefundForm,
    responses((status = 201, body = super::Created)))]
async fn request_refund(
    cx: Ctx,
    Id(id): Id,
    Body(mut form): Body<PackageRefundForm>,
) -> Result<Response, ApiError> {
    form.purchase_id = id;
    created(refund::request(&cx.svc, &cx.actor, &form).await)
}

/// Takes a software benefit's key (this ends the refund).
#[utoipa::path(post, path = "/package-purchases/{id}/keys", tag = "membership",
    params(("id" = i64, Path, description = "The package purchase's id")), request_body = BenefitRef,
    responses((status = 204, description = "Taken")))]
async fn take_key(cx: Ctx, Id(id): Id, Body(b): Body<BenefitRef>) -> Result<StatusCode, ApiError> {
    done(software::take_key(&cx.svc, &cx.actor, id, &b.benefit_id).await)
}

/// Activates a usage-based cloud benefit.
#[utoipa::path(post, path = "/package-purchases/{id}/cloud-usage", tag = "membership",
    params(("id" = i64, Path, description = "The package purchase's id")), request_body = BenefitRef,
    responses((status = 204, description = "Activated")))]
async fn activate_cloud(
    cx: Ctx,
    Id(id): Id,
    Body(b): Body<BenefitRef>,
) -> Result<StatusCode, ApiError> {
    done(software::activate_usage(&cx.svc, &cx.actor, id, &b.benefit_id).await)
}

/// A download link of a software benefit.
#[utoipa::path(post, path = "/package-purchases/{id}/downloads", tag = "membership",
    params(("id" = i64, Path, description = "The package purchase's id")), request_body = PackageDownloadForm,
    responses((status = 201, body = super::Created)))]
async fn download(
    cx: Ctx,
    Id(id): Id,
    Body(mut form): Body<PackageDownloadForm>,
) -> Result<Response, ApiError> {
    form.purchase_id = id;
    created(software::download_link(&cx.svc, &cx.actor, &form).await)
}

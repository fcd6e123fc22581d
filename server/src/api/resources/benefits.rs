//! Software Assurance benefits (R-SAB-01 … 11): the inventory, one benefit,
//! its users and vouchers, conversions and reversals, software, and the
//! partner's delegated permission.

use axum::http::HeaderMap;
use axum::response::Response;
use backend::benefits::{conversion, delegation, inventory, software, users, vouchers};
use domain::benefit_views::{BenefitDownloadForm, NewBenefitUser, NewVoucher};
use domain::benefits::DelegationDecision;
use http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{answer, created, done, Body, Ctx, Id, Params};
use crate::api::etag::single;
use crate::api::page::{page, Page, PageQuery, Paging};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(inventory_page))
        .routes(routes!(benefit_detail))
        .routes(routes!(benefit_software))
        .routes(routes!(show_benefit_key))
        .routes(routes!(benefit_download))
        .routes(routes!(add_user))
        .routes(routes!(edit_user, remove_user))
        .routes(routes!(resend_instructions))
        .routes(routes!(assign_voucher))
        .routes(routes!(revoke_voucher))
        .routes(routes!(convert))
        .routes(routes!(reverse))
        .routes(routes!(request_permission, partner_permission))
        .routes(routes!(list_permissions))
        .routes(routes!(decide_permission))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InventoryQuery {
    /// For a partner: the customer whose benefits (with an approved permission).
    pub customer_id: Option<i64>,
    /// One purchasing account only.
    pub account_id: Option<i64>,
}

/// The benefits inventory (R-SAB-01): per purchasing account.
#[utoipa::path(get, path = "/benefits", tag = "benefits", params(InventoryQuery),
    responses((status = 200, body = domain::benefit_views::InventoryPage)))]
async fn inventory_page(cx: Ctx, Params(q): Params<InventoryQuery>) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        inventory::page(&cx.svc, &cx.actor, q.customer_id, q.account_id).await,
    )
}

/// One benefit with its users, vouchers and history.
#[utoipa::path(get, path = "/benefits/{id}", tag = "benefits",
    params(("id" = i64, Path, description = "The benefit's id")),
    responses((status = 200, body = domain::benefit_views::BenefitDetail, description = "with a strong ETag"), (status = 304, description = "Not modified")))]
async fn benefit_detail(cx: Ctx, Id(id): Id, headers: HeaderMap) -> Result<Response, ApiError> {
    let detail = inventory::detail(&cx.svc, &cx.actor, id).await?;
    Ok(single(&headers, None, &detail))
}

/// The software a download benefit offers (R-SAB-11).
#[utoipa::path(get, path = "/benefits/{id}/software", tag = "benefits",
    params(("id" = i64, Path, description = "The benefit's id")),
    responses((status = 200, body = domain::benefit_views::BenefitSoftwarePage)))]
async fn benefit_software(cx: Ctx, Id(id): Id) -> Result<Response, ApiError> {
    answer(StatusCode::OK, software::page(&cx.svc, &cx.actor, id).await)
}

#[derive(Deserialize, ToSchema)]
pub struct ProductRef {
    pub product_id: String,
}

/// Shows a product's key to the caller for 10 minutes (a recorded reveal).
#[utoipa::path(post, path = "/benefits/{id}/key-reveals", tag = "benefits",
    params(("id" = i64, Path, description = "The benefit's id")), request_body = ProductRef,
    responses((status = 204, description = "Revealed: the benefit's software lists the key")))]
async fn show_benefit_key(
    cx: Ctx,
    Id(id): Id,
    Body(p): Body<ProductRef>,
) -> Result<StatusCode, ApiError> {
    done(software::reveal_key(&cx.svc, &cx.actor, id, &p.product_id).await)
}

/// A key and a download link of one edition.
#[utoipa::path(post, path = "/benefits/{id}/downloads", tag = "benefits",
    params(("id" = i64, Path, description = "The benefit's id")), request_body = BenefitDownloadForm,
    responses((status = 201, body = super::Created)))]
async fn benefit_download(
    cx: Ctx,
    Id(id): Id,
    Body(mut form): Body<BenefitDownloadForm>,
) -> Result<Response, ApiError> {
    form.benefit_id = id;
    created(software::get_key_and_download(&cx.svc, &cx.actor, &form).await)
}

/// Adds a user to a benefit (R-SAB-05); the instructions are emailed.
#[utoipa::path(post, path = "/benefits/{id}/users", tag = "benefits",
    params(("id" = i64, Path, description = "The benefit's id")), request_body = NewBenefitUser,
    responses((status = 201, body = super::Created)))]
async fn add_user(
    cx: Ctx,
    Id(id): Id,
    Body(form): Body<NewBenefitUser>,
) -> Result<Response, ApiError> {
    created(users::add_user(&cx.svc, &cx.actor, id, &form).await)
}

/// Changes a benefit user's email, name or language.
#[utoipa::path(put, path = "/benefit-users/{id}", tag = "benefits",
    params(("id" = i64, Path, description = "The benefit user's id")), request_body = NewBenefitUser,
    responses((status = 204, description = "Changed")))]
async fn edit_user(
    cx: Ctx,
    Id(id): Id,
    Body(form): Body<NewBenefitUser>,
) -> Result<StatusCode, ApiError> {
    done(users::edit_user(&cx.svc, &cx.actor, id, &form).await)
}

/// Removes a benefit user.
#[utoipa::path(delete, path = "/benefit-users/{id}", tag = "benefits",
    params(("id" = i64, Path, description = "The benefit user's id")),
    responses((status = 204, description = "Removed")))]
async fn remove_user(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    done(users::remove_user(&cx.svc, &cx.actor, id).await)
}

/// Sends a benefit user's instructions again.
#[utoipa::path(post, path = "/benefit-users/{id}/instructions", tag = "benefits",
    params(("id" = i64, Path, description = "The benefit user's id")),
    responses((status = 204, description = "Sent")))]
async fn resend_instructions(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    done(users::resend_instructions(&cx.svc, &cx.actor, id).await)
}

/// Assigns a training voucher of a Training Vouchers benefit.
#[utoipa::path(post, path = "/benefits/{id}/vouchers", tag = "benefits",
    params(("id" = i64, Path, description = "The benefit's id")), request_body = NewVoucher,
    responses((status = 201, body = super::Created)))]
async fn assign_voucher(
    cx: Ctx,
    Id(id): Id,
    Body(form): Body<NewVoucher>,
) -> Result<Response, ApiError> {
    created(vouchers::assign(&cx.svc, &cx.actor, id, &form).await)
}

/// Revokes a training voucher; its days return to the benefit.
#[utoipa::path(delete, path = "/vouchers/{id}", tag = "benefits",
    params(("id" = i64, Path, description = "The voucher's id")),
    responses((status = 204, description = "Revoked")))]
async fn revoke_voucher(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    done(vouchers::revoke(&cx.svc, &cx.actor, id).await)
}

#[derive(Deserialize, ToSchema)]
pub struct Days {
    /// Whole days, as typed.
    pub days: String,
}

/// Converts training days to planning days (R-SAB-08).
#[utoipa::path(post, path = "/accounts/{id}/conversions", tag = "benefits",
    params(("id" = i64, Path, description = "The purchasing account's id")), request_body = Days,
    responses((status = 200, body = domain::benefits::ConversionBalances, description = "after it")))]
async fn convert(cx: Ctx, Id(id): Id, Body(d): Body<Days>) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        conversion::convert_training_to_planning(&cx.svc, &cx.actor, id, &d.days).await,
    )
}

/// Reverses planning days back to training days (R-SAB-09).
#[utoipa::path(post, path = "/accounts/{id}/reversals", tag = "benefits",
    params(("id" = i64, Path, description = "The purchasing account's id")), request_body = Days,
    responses((status = 200, body = domain::benefits::ConversionBalances, description = "after it")))]
async fn reverse(cx: Ctx, Id(id): Id, Body(d): Body<Days>) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        conversion::reverse_planning_to_training(&cx.svc, &cx.actor, id, &d.days).await,
    )
}

/// A partner asks a customer for permission to manage its benefits (R-SAB-10).
#[utoipa::path(post, path = "/customers/{id}/benefit-permission", tag = "benefits",
    params(("id" = i64, Path, description = "The customer organization's id")),
    responses((status = 201, body = super::Created)))]
async fn request_permission(cx: Ctx, Id(id): Id) -> Result<Response, ApiError> {
    created(delegation::request(&cx.svc, &cx.actor, id).await)
}

/// The partner's permission for a customer, if any.
#[utoipa::path(get, path = "/customers/{id}/benefit-permission", tag = "benefits",
    params(("id" = i64, Path, description = "The customer organization's id")),
    responses((status = 200, body = Option<domain::benefit_views::DelegationView>, description = "None without one")))]
async fn partner_permission(cx: Ctx, Id(id): Id) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        delegation::for_partner(&cx.svc, &cx.actor, id).await,
    )
}

/// The customer: its partners' permission requests and permissions.
#[utoipa::path(get, path = "/benefit-permissions", tag = "benefits",
    params(PageQuery), responses((status = 200, body = Page<domain::benefit_views::DelegationView>)))]
async fn list_permissions(cx: Ctx, Paging(q): Paging) -> Result<Response, ApiError> {
    let rows = delegation::list_for_customer(&cx.svc, &cx.actor).await?;
    answer(StatusCode::OK, Ok(page(rows, |r| r.id, &q)?))
}

#[derive(Deserialize, ToSchema)]
pub struct Decision {
    /// `approve`, `reject` or `remove`.
    pub decision: DelegationDecision,
}

/// The customer approves, rejects or removes a partner's permission.
#[utoipa::path(post, path = "/benefit-permissions/{id}/decision", tag = "benefits",
    params(("id" = i64, Path, description = "The permission's id")), request_body = Decision,
    responses((status = 200, description = "The permission's new `DelegationStatus`")))]
async fn decide_permission(
    cx: Ctx,
    Id(id): Id,
    Body(d): Body<Decision>,
) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        delegation::decide(&cx.svc, &cx.actor, id, d.decision).await,
    )
}

//! Software purchases (R-SW-01 … 07): the cart's software lines, the
//! purchases with keys and download links, cancelling an order, and the
//! activity log.

use axum::response::Response;
use backend::software::{activity, cancel, cart, downloads, keys, purchases};
use domain::software_views::{AddSoftwareForm, GetKeysForm, SoftwareCancelForm};
use http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{answer, created, done, Body, Ctx, Id, Params};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(add_line))
        .routes(routes!(remove_line))
        .routes(routes!(software_page))
        .routes(routes!(show_key))
        .routes(routes!(keys_and_downloads))
        .routes(routes!(cancel_order))
        .routes(routes!(activity_log))
}

/// Adds software to the customer's cart.
#[utoipa::path(post, path = "/customers/{id}/software-lines", tag = "software",
    params(("id" = i64, Path, description = "The customer organization's id")), request_body = AddSoftwareForm,
    responses((status = 201, body = super::Created)))]
async fn add_line(
    cx: Ctx,
    Id(id): Id,
    Body(mut form): Body<AddSoftwareForm>,
) -> Result<Response, ApiError> {
    form.customer_id = id;
    created(cart::add(&cx.svc, &cx.actor, &form).await)
}

/// Removes a software line from a cart.
#[utoipa::path(delete, path = "/software-lines/{id}", tag = "software",
    params(("id" = i64, Path, description = "The line's id")),
    responses((status = 204, description = "Removed")))]
async fn remove_line(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    done(cart::remove(&cx.svc, &cx.actor, id).await)
}

/// The customer's software purchases, with what the caller may see of keys and links.
#[utoipa::path(get, path = "/customers/{id}/software", tag = "software",
    params(("id" = i64, Path, description = "The customer organization's id")),
    responses((status = 200, body = domain::software_views::SoftwarePage)))]
async fn software_page(cx: Ctx, Id(id): Id) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        purchases::page(&cx.svc, &cx.actor, id).await,
    )
}

/// Shows a purchase's product key to the caller for 10 minutes (a recorded reveal).
#[utoipa::path(post, path = "/software/{id}/key-reveals", tag = "software",
    params(("id" = i64, Path, description = "The purchase's id")),
    responses((status = 204, description = "Revealed: the software page lists the key")))]
async fn show_key(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    done(keys::reveal(&cx.svc, &cx.actor, id).await)
}

/// A key and a download link of one edition of a purchase (R-SW-03).
#[utoipa::path(post, path = "/software/{id}/downloads", tag = "software",
    params(("id" = i64, Path, description = "The purchase's id")), request_body = GetKeysForm,
    responses((status = 201, body = super::Created)))]
async fn keys_and_downloads(
    cx: Ctx,
    Id(id): Id,
    Body(mut form): Body<GetKeysForm>,
) -> Result<Response, ApiError> {
    form.purchase_id = id;
    created(downloads::get_keys_and_downloads(&cx.svc, &cx.actor, &form).await)
}

/// Cancels a software order within its 60 days at the previewed credit (R-SW-06, R-SW-07).
#[utoipa::path(post, path = "/software-orders/{id}/cancel", tag = "software",
    params(("id" = i64, Path, description = "The order's id")), request_body = SoftwareCancelForm,
    responses((status = 200, description = "The credit (`Money`)")))]
async fn cancel_order(
    cx: Ctx,
    Id(id): Id,
    Body(mut form): Body<SoftwareCancelForm>,
) -> Result<Response, ApiError> {
    form.order_id = id;
    answer(
        StatusCode::OK,
        cancel::cancel(&cx.svc, &cx.actor, &form).await,
    )
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Range {
    /// First day, `YYYY-MM-DD` (default: 30 days ago).
    #[serde(default)]
    pub from: String,
    /// Last day, `YYYY-MM-DD` (default: today).
    #[serde(default)]
    pub to: String,
}

/// The partner's key and download activity (R-SW-05).
#[utoipa::path(get, path = "/activity-log", tag = "software", params(Range),
    responses((status = 200, body = domain::software_views::ActivityPage)))]
async fn activity_log(cx: Ctx, Params(r): Params<Range>) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        activity::list(&cx.svc, &cx.actor, &r.from, &r.to).await,
    )
}

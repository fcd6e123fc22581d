//! Transfers of a customer's subscriptions between partners (R-SUB-28).

use axum::http::HeaderMap;
use axum::response::Response;
use backend::subscriptions::transfers;
use domain::transfer_views::{AcceptTransferForm, SendTransferForm};
use http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{answer, created, done, Body, Ctx, Id};
use crate::api::etag::single;
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(list_transfers, send_transfer))
        .routes(routes!(get_transfer))
        .routes(routes!(accept_transfer))
        .routes(routes!(decline_transfer))
}

/// The transfer requests the partner sent or received.
#[utoipa::path(get, path = "/transfers", tag = "transfers",
    responses((status = 200, body = domain::transfer_views::TransfersPage)))]
async fn list_transfers(cx: Ctx) -> Result<Response, ApiError> {
    answer(StatusCode::OK, transfers::page(&cx.svc, &cx.actor).await)
}

/// One transfer request with its lines.
#[utoipa::path(get, path = "/transfers/{id}", tag = "transfers",
    params(("id" = i64, Path, description = "The transfer request's id")),
    responses((status = 200, body = domain::transfer_views::TransferDetail, description = "with a strong ETag"), (status = 304, description = "Not modified")))]
async fn get_transfer(cx: Ctx, Id(id): Id, headers: HeaderMap) -> Result<Response, ApiError> {
    let detail = transfers::detail(&cx.svc, &cx.actor, id).await?;
    Ok(single(&headers, None, &detail))
}

/// Asks the customer's current partner to transfer its subscriptions.
#[utoipa::path(post, path = "/transfers", tag = "transfers", request_body = SendTransferForm,
    responses((status = 201, body = super::Created)))]
async fn send_transfer(cx: Ctx, Body(form): Body<SendTransferForm>) -> Result<Response, ApiError> {
    created(transfers::send(&cx.svc, &cx.actor, &form).await)
}

/// The source partner accepts the lines it lets go; the answer is the new subscriptions.
#[utoipa::path(post, path = "/transfers/{id}/acceptance", tag = "transfers",
    params(("id" = i64, Path, description = "The transfer request's id")), request_body = AcceptTransferForm,
    responses((status = 200, description = "The new subscriptions' ids")))]
async fn accept_transfer(
    cx: Ctx,
    Id(id): Id,
    Body(mut form): Body<AcceptTransferForm>,
) -> Result<Response, ApiError> {
    form.request_id = id;
    answer(
        StatusCode::OK,
        transfers::accept(&cx.svc, &cx.actor, &form).await,
    )
}

/// The source partner declines.
#[utoipa::path(post, path = "/transfers/{id}/decline", tag = "transfers",
    params(("id" = i64, Path, description = "The transfer request's id")),
    responses((status = 204, description = "Declined")))]
async fn decline_transfer(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    done(transfers::decline(&cx.svc, &cx.actor, id).await)
}

//! Invoices and their ledger lines (R-BIL-01).

use axum::http::HeaderMap;
use axum::response::Response;
use backend::subscriptions::invoices;
use http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Ctx;
use super::Id;
use crate::api::etag::{json, single};
use crate::api::page::{page, PageQuery, Paging};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(list_invoices))
        .routes(routes!(get_invoice))
}

/// A customer's invoices, newest month first.
#[utoipa::path(get, path = "/customers/{id}/invoices", tag = "billing",
    params(("id" = i64, Path, description = "The customer organization's id"), PageQuery),
    responses((status = 200, body = crate::api::page::Page<domain::subscription_views::InvoiceSummary>, description = "A page")))]
async fn list_invoices(cx: Ctx, Id(customer): Id, Paging(q): Paging) -> Result<Response, ApiError> {
    let rows = invoices::list(&cx.svc, &cx.actor, customer).await?;
    Ok(json(StatusCode::OK, &page(rows, |r| r.id, &q)?))
}

/// One invoice with its ledger lines.
#[utoipa::path(get, path = "/invoices/{id}", tag = "billing",
    params(("id" = i64, Path, description = "The invoice's id")),
    responses((status = 200, body = domain::subscription_views::InvoiceView, description = "with a strong ETag"), (status = 304, description = "Not modified")))]
async fn get_invoice(cx: Ctx, Id(id): Id, headers: HeaderMap) -> Result<Response, ApiError> {
    let invoice = invoices::invoice(&cx.svc, &cx.actor, id).await?;
    Ok(single(&headers, None, &invoice))
}

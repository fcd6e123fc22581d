//! CSV exports (R-AUD-01, R-SUB-07, R-SAB-07), the same files the pages
//! offer for download, their columns named in the reader's language.

use app::i18n::Lang;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Ctx, Id, Params};
use crate::api::{ApiError, ApiState};
use crate::exports::csv_response;

/// The reader's language: `Accept-Language`, else the token's user's.
fn reader(headers: &HeaderMap, cx: &Ctx) -> Lang {
    Lang(crate::api::error::asked_language(headers).unwrap_or(cx.actor.language))
}

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(audit_log_csv))
        .routes(routes!(subscriptions_csv))
        .routes(routes!(benefit_history_csv))
}

/// The organization's audit log, oldest first.
#[utoipa::path(get, path = "/exports/audit-log.csv", tag = "exports",
    responses((status = 200, content_type = "text/csv", description = "UTF-8 CSV with a header row")))]
async fn audit_log_csv(cx: Ctx, headers: HeaderMap) -> Result<Response, ApiError> {
    let header = reader(&headers, &cx).audit_csv_header();
    Ok(csv_response(
        "audit-log.csv",
        backend::audit::csv(&cx.svc, &cx.actor, &header).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Customer {
    /// The customer organization's id.
    pub customer: i64,
}

/// All of a customer's subscriptions.
#[utoipa::path(get, path = "/exports/subscriptions.csv", tag = "exports", params(Customer),
    responses((status = 200, content_type = "text/csv", description = "UTF-8 CSV with a header row")))]
async fn subscriptions_csv(
    cx: Ctx,
    Params(q): Params<Customer>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let header = reader(&headers, &cx).subscriptions_csv_header();
    let body =
        backend::subscriptions::export::subscriptions_csv(&cx.svc, &cx.actor, q.customer, &header)
            .await?;
    Ok(csv_response("subscriptions.csv", body))
}

/// One benefit's transactions, oldest first, with the running balance.
#[utoipa::path(get, path = "/exports/benefits/{id}/transactions.csv", tag = "exports",
    params(("id" = i64, Path, description = "The benefit's id")),
    responses((status = 200, content_type = "text/csv", description = "UTF-8 CSV with a header row")))]
async fn benefit_history_csv(
    cx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let header = reader(&headers, &cx).history_csv_header();
    let (name, body) =
        backend::benefits::inventory::history_csv(&cx.svc, &cx.actor, id, &header).await?;
    Ok(csv_response(&name, body))
}

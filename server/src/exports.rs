//! CSV downloads, authorized like every server function: the session cookie,
//! then the permission, then the organization; the columns are named in the
//! reader's language.

use app::api::context::{cookie_in, session_cookie};
use app::i18n::Lang;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderMap, StatusCode};

use crate::AppState;

pub(crate) fn csv_response(filename: &str, body: String) -> Response {
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The status of `e` (with `Retry-After` on a 503), logged as the error
/// policy says.
pub(crate) fn failure(e: backend::Error) -> Response {
    e.log();
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match e.retry_after() {
        Some(seconds) => (status, [(RETRY_AFTER, seconds.to_string())]).into_response(),
        None => status.into_response(),
    }
}

/// The signed-in user of a download request, or the response to send instead.
pub(crate) async fn signed_in(
    svc: &backend::Services,
    headers: &HeaderMap,
) -> Result<backend::Actor, Response> {
    let actor = match cookie_in(headers, session_cookie(&svc.config)) {
        Some(token) => backend::sessions::actor_for_token(svc, &token).await,
        None => Ok(None),
    };
    match actor {
        Ok(Some(actor)) => Ok(actor),
        Ok(None) => Err(StatusCode::UNAUTHORIZED.into_response()),
        Err(e) => Err(failure(e)),
    }
}

/// R-AUD-01: the organization's audit log as CSV, oldest first.
pub async fn audit_csv(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let svc = &state.services;
    let actor = match signed_in(svc, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    match backend::audit::csv(svc, &actor, &Lang(actor.language).audit_csv_header()).await {
        Ok(body) => csv_response("audit-log.csv", body),
        Err(e) => failure(e),
    }
}

#[derive(serde::Deserialize)]
pub struct CustomerQuery {
    customer: i64,
}

/// R-SUB-07: "Export all subscriptions" of one customer, authorized like
/// the subscriptions page.
pub async fn subscriptions_csv(
    State(state): State<AppState>,
    Query(query): Query<CustomerQuery>,
    headers: HeaderMap,
) -> Response {
    let svc = &state.services;
    let actor = match signed_in(svc, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    let header = Lang(actor.language).subscriptions_csv_header();
    match backend::subscriptions::export::subscriptions_csv(svc, &actor, query.customer, &header)
        .await
    {
        Ok(body) => csv_response("subscriptions.csv", body),
        Err(e) => failure(e),
    }
}

/// R-SAB-07: one benefit's transactions, oldest first, with the running
/// balance. Credit and debit are separate unsigned columns, so spreadsheets
/// sum them without a formula guard on negative numbers.
pub async fn benefit_history_csv(
    State(state): State<AppState>,
    Path(benefit_id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let svc = &state.services;
    let actor = match signed_in(svc, &headers).await {
        Ok(actor) => actor,
        Err(response) => return response,
    };
    let header = Lang(actor.language).history_csv_header();
    match backend::benefits::inventory::history_csv(svc, &actor, benefit_id, &header).await {
        Ok((name, body)) => csv_response(&name, body),
        Err(e) => failure(e),
    }
}

//! The organization's audit log (R-AUD-01).

use axum::response::Response;
use http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Ctx;
use crate::api::etag::json;
use crate::api::page::{page, PageQuery, Paging};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(routes!(audit_log))
}

/// The newest 1,000 entries about the organization, newest first.
#[utoipa::path(get, path = "/audit-log", tag = "organization", params(PageQuery),
    responses((status = 200, body = crate::api::page::Page<domain::views::AuditRow>, description = "A page")))]
async fn audit_log(cx: Ctx, Paging(q): Paging) -> Result<Response, ApiError> {
    let rows = backend::audit::list(&cx.svc, &cx.actor, 1000).await?;
    Ok(json(StatusCode::OK, &page(rows, |r| r.id, &q)?))
}

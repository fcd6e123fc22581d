//! The provider's operations: dead letters and skipped items, and (demo
//! mode only) the test clock.

use axum::response::Response;
use http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{answer, done, Body, Ctx, Id};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(retry_dead_letter))
        .routes(routes!(advance_clock))
}

/// Dead letters with their reasons, and what the billing job skipped.
#[utoipa::path(get, path = "/operations", tag = "operations",
    responses((status = 200, body = domain::operations_views::OperationsView)))]
async fn overview(cx: Ctx) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        backend::operations::overview(&cx.svc, &cx.actor).await,
    )
}

/// Sends a dead letter again.
#[utoipa::path(post, path = "/dead-letters/{id}/retry", tag = "operations",
    params(("id" = i64, Path, description = "The email's id")),
    responses((status = 204, description = "Queued again")))]
async fn retry_dead_letter(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    done(backend::operations::retry_dead_letter(&cx.svc, &cx.actor, id).await)
}

#[derive(Deserialize, ToSchema)]
pub struct Advance {
    pub days: u32,
    #[serde(default)]
    pub minutes: u32,
}

/// Demo mode: moves the business clock forward (renewals, expiries).
#[utoipa::path(post, path = "/test-clock", tag = "operations", request_body = Advance,
    responses((status = 200, body = domain::subscription_views::TestClockView)))]
async fn advance_clock(cx: Ctx, Body(a): Body<Advance>) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        backend::test_clock::advance(&cx.svc, &cx.actor, a.days, a.minutes).await,
    )
}

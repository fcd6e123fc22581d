//! Support requests for refunds (R-SW-08, R-MPN-07): the form's data, filing,
//! the list, one request, and the provider's answer. Attachments go to the
//! server's own multipart route, `/support-requests/{id}/attachments`.

use axum::http::HeaderMap;
use axum::response::Response;
use domain::support::SupportRequestForm;
use domain::support_views::SupportAnswerForm;
use http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{answer, created, done, Body, Ctx, Id};
use crate::api::etag::single;
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(form))
        .routes(routes!(list, file))
        .routes(routes!(get))
        .routes(routes!(answer_request))
}

/// What the support form offers for a customer: its orders and their uncredited amounts.
#[utoipa::path(get, path = "/customers/{id}/support-form", tag = "support",
    params(("id" = i64, Path, description = "The customer organization's id")),
    responses((status = 200, body = domain::support_views::SupportFormPage)))]
async fn form(cx: Ctx, Id(id): Id) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        backend::support::form(&cx.svc, &cx.actor, id).await,
    )
}

/// Files a refund request.
#[utoipa::path(post, path = "/support-requests", tag = "support", request_body = SupportRequestForm,
    responses((status = 201, body = super::Created)))]
async fn file(cx: Ctx, Body(form): Body<SupportRequestForm>) -> Result<Response, ApiError> {
    created(backend::support::file(&cx.svc, &cx.actor, &form).await)
}

/// The partner's requests; for the provider's operators, everyone's.
#[utoipa::path(get, path = "/support-requests", tag = "support",
    responses((status = 200, body = domain::support_views::SupportList)))]
async fn list(cx: Ctx) -> Result<Response, ApiError> {
    answer(
        StatusCode::OK,
        backend::support::list(&cx.svc, &cx.actor).await,
    )
}

/// One request with its attachments and answer.
#[utoipa::path(get, path = "/support-requests/{id}", tag = "support",
    params(("id" = i64, Path, description = "The request's id")),
    responses((status = 200, body = domain::support_views::SupportRequestView, description = "With a strong ETag"),
        (status = 304, description = "Not modified")))]
async fn get(cx: Ctx, Id(id): Id, headers: HeaderMap) -> Result<Response, ApiError> {
    let request = backend::support::get(&cx.svc, &cx.actor, id).await?;
    Ok(single(&headers, None, &request))
}

/// The provider's operators answer a request.
#[utoipa::path(post, path = "/support-requests/{id}/answer", tag = "support",
    params(("id" = i64, Path, description = "The request's id")), request_body = SupportAnswerForm,
    responses((status = 204, description = "Answered")))]
async fn answer_request(
    cx: Ctx,
    Id(id): Id,
    Body(mut form): Body<SupportAnswerForm>,
) -> Result<StatusCode, ApiError> {
    form.id = id;
    done(backend::support::answer(&cx.svc, &cx.actor, &form).await)
}

//! A subscription's lifecycle (R-SUB-13 … 20, R-SUB-24 … 26): upgrades,
//! add-ons, trial conversions, changes scheduled for the renewal, and
//! removing what is scheduled. Each needs `If-Match` (R-API-03), checked
//! again under the row lock; those with a preview send its pin and figure,
//! as the page does.

use axum::http::HeaderMap;
use axum::response::Response;
use backend::subscriptions::{addons, if_version, renewal, scheduled, trials, upgrades};
use domain::subscription_views::{
    AddAddonForm, ScheduleConversionForm, ScheduleRenewalForm, TrialConversionForm, UpgradeForm,
};
use http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::subscriptions::{commit_error, matched};
use super::{created, Body, Ctx, Id};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(upgrade))
        .routes(routes!(add_addon))
        .routes(routes!(convert_trial))
        .routes(routes!(schedule_renewal_change))
        .routes(routes!(schedule_trial_conversion))
        .routes(routes!(remove_scheduled_changes))
}

/// Upgrades to another offer (R-SUB-14 … 16): the answer is the
/// subscription that holds the moved seats.
#[utoipa::path(post, path = "/subscriptions/{id}/upgrades", tag = "subscriptions",
    params(("id" = i64, Path, description = "The subscription's id"),
        ("If-Match" = String, Header, description = "The subscription's ETag")),
    request_body = UpgradeForm, responses((status = 201, body = super::Created)))]
async fn upgrade(
    cx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
    Body(mut form): Body<UpgradeForm>,
) -> Result<Response, ApiError> {
    let version = matched(&cx, id, &headers).await?;
    form.subscription_id = id;
    let made = if_version(version, upgrades::upgrade(&cx.svc, &cx.actor, &form)).await;
    created(Ok(made.map_err(commit_error)?))
}

/// Buys an add-on for this base subscription (R-SUB-13), at its previewed first charge.
#[utoipa::path(post, path = "/subscriptions/{id}/addons", tag = "subscriptions",
    params(("id" = i64, Path, description = "The base subscription's id"),
        ("If-Match" = String, Header, description = "The subscription's ETag")),
    request_body = AddAddonForm, responses((status = 201, body = super::Created)))]
async fn add_addon(
    cx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
    Body(mut form): Body<AddAddonForm>,
) -> Result<Response, ApiError> {
    let version = matched(&cx, id, &headers).await?;
    form.subscription_id = id;
    let made = if_version(version, addons::add(&cx.svc, &cx.actor, &form)).await;
    created(Ok(made.map_err(commit_error)?))
}

/// Converts a trial to a paid subscription now (R-SUB-25), at its previewed charge.
#[utoipa::path(post, path = "/subscriptions/{id}/conversions", tag = "subscriptions",
    params(("id" = i64, Path, description = "The trial's id"),
        ("If-Match" = String, Header, description = "The subscription's ETag")),
    request_body = TrialConversionForm, responses((status = 201, body = super::Created)))]
async fn convert_trial(
    cx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
    Body(mut form): Body<TrialConversionForm>,
) -> Result<Response, ApiError> {
    let version = matched(&cx, id, &headers).await?;
    form.subscription_id = id;
    let made = if_version(version, trials::convert(&cx.svc, &cx.actor, &form)).await;
    created(Ok(made.map_err(commit_error)?))
}

/// Schedules (or replaces) the change for the next term (R-SUB-19).
#[utoipa::path(put, path = "/subscriptions/{id}/renewal-change", tag = "subscriptions",
    params(("id" = i64, Path, description = "The subscription's id"),
        ("If-Match" = String, Header, description = "The subscription's ETag")),
    request_body = ScheduleRenewalForm, responses((status = 204, description = "Scheduled")))]
async fn schedule_renewal_change(
    cx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
    Body(mut form): Body<ScheduleRenewalForm>,
) -> Result<StatusCode, ApiError> {
    let version = matched(&cx, id, &headers).await?;
    form.subscription_id = id;
    if_version(version, renewal::schedule(&cx.svc, &cx.actor, &form)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Schedules a trial's conversion at its end (R-SUB-26).
#[utoipa::path(put, path = "/subscriptions/{id}/trial-conversion", tag = "subscriptions",
    params(("id" = i64, Path, description = "The trial's id"),
        ("If-Match" = String, Header, description = "The subscription's ETag")),
    request_body = ScheduleConversionForm, responses((status = 204, description = "Scheduled")))]
async fn schedule_trial_conversion(
    cx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
    Body(mut form): Body<ScheduleConversionForm>,
) -> Result<StatusCode, ApiError> {
    let version = matched(&cx, id, &headers).await?;
    form.subscription_id = id;
    if_version(version, trials::schedule(&cx.svc, &cx.actor, &form)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes what is scheduled for the subscription's end (R-SUB-20).
#[utoipa::path(delete, path = "/subscriptions/{id}/scheduled-changes", tag = "subscriptions",
    params(("id" = i64, Path, description = "The subscription's id"),
        ("If-Match" = String, Header, description = "The subscription's ETag")),
    responses((status = 204, description = "Removed")))]
async fn remove_scheduled_changes(
    cx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let version = matched(&cx, id, &headers).await?;
    if_version(version, scheduled::remove(&cx.svc, &cx.actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

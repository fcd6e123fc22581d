//! Subscriptions (R-SUB-*): the list, one subscription with its ETag, and
//! the writes a person makes on its page. Seat changes and cancels are
//! previewed first (the figure and a signed pin, computed by the rules
//! crate's functions the page's live previews use), then committed with
//! that figure: the commit is refused unless it is the preview's. Every
//! write needs `If-Match` (R-API-03).

use axum::http::HeaderMap;
use axum::response::Response;
use backend::subscriptions::{changes, if_version, queries};
use domain::subscription_views::{CancelForm, SeatChangeForm, SubscriptionDetail};
use domain::{
    plan_cancel_with_addons, plan_seat_change, ErrorCode, Money, SeatChange, Seats, Timestamp,
};
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Ctx, Id};
use crate::api::etag::{self, json, require_match, single};
use crate::api::page::{page, PageQuery, Paging};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(list_subscriptions))
        .routes(routes!(get_subscription))
        .routes(routes!(refundable))
        .routes(routes!(preview_seat_change))
        .routes(routes!(change_seats))
        .routes(routes!(preview_cancel))
        .routes(routes!(cancel))
        .routes(routes!(set_status))
}

/// The subscription as the API shows it: the page's view without the
/// page's own pin and time, which the preview operations give.
fn resource(detail: &SubscriptionDetail) -> serde_json::Value {
    let mut value = serde_json::to_value(detail).expect("a view serializes");
    if let Some(map) = value.as_object_mut() {
        map.remove("pin");
        map.remove("as_of");
    }
    value
}

fn etag_of(detail: &SubscriptionDetail) -> String {
    let json = serde_json::to_vec(&resource(detail)).expect("a view serializes");
    etag::of(Some(detail.version), &json)
}

/// The version `If-Match` names, once it is the subscription's current
/// ETag; the write then runs under [`if_version`], which checks it again
/// under the row lock. Who may not change it is refused first (403, as the
/// use case would): the precondition is no answer to give them.
pub(super) async fn matched(cx: &Ctx, id: i64, headers: &HeaderMap) -> Result<u32, ApiError> {
    let detail = queries::detail(&cx.svc, &cx.actor, id).await?;
    if !detail.can_manage {
        return Err(backend::Error::Forbidden.into());
    }
    require_match(headers, &etag_of(&detail))
}

/// A commit that lost to another change (its pin is of the version
/// before, or `If-Match` no longer holds under the lock): 412.
pub(super) fn commit_error(e: backend::Error) -> ApiError {
    match &e {
        backend::Error::Invalid(errors)
            if errors
                .iter()
                .any(|f| f.code == domain::PreviewError::PinStale.code()) =>
        {
            ApiError::stale()
        }
        _ => ApiError::from(e),
    }
}

/// A customer's subscriptions, by name.
#[utoipa::path(get, path = "/customers/{id}/subscriptions", tag = "subscriptions",
    params(("id" = i64, Path, description = "The customer organization's id"), PageQuery),
    responses((status = 200, body = crate::api::page::Page<domain::subscription_views::SubscriptionRow>, description = "A page")))]
async fn list_subscriptions(
    cx: Ctx,
    Id(customer): Id,
    Paging(q): Paging,
) -> Result<Response, ApiError> {
    let rows = queries::list(&cx.svc, &cx.actor, customer).await?;
    Ok(json(StatusCode::OK, &page(rows, |r| r.id, &q)?))
}

/// One subscription, with its state, scheduled changes, add-ons and choices.
#[utoipa::path(get, path = "/subscriptions/{id}", tag = "subscriptions",
    params(("id" = i64, Path, description = "The subscription's id")),
    responses((status = 200, body = domain::subscription_views::SubscriptionDetail, description = "without `pin` and `as_of`; a strong ETag"),
        (status = 304, description = "Not modified")))]
async fn get_subscription(cx: Ctx, Id(id): Id, headers: HeaderMap) -> Result<Response, ApiError> {
    let detail = queries::detail(&cx.svc, &cx.actor, id).await?;
    let version = Some(detail.version);
    Ok(single(&headers, version, &resource(&detail)))
}

/// Seats that can still be removed with a refund (R-SUB-09, R-SUB-11).
#[derive(Serialize, ToSchema)]
pub struct Refundable {
    /// How many, in all.
    pub seats: u32,
    /// Each open addition, newest first (the order a decrease takes them in).
    pub additions: Vec<RefundableAddition>,
    pub as_of: Timestamp,
}

#[derive(Serialize, ToSchema)]
pub struct RefundableAddition {
    pub seats: u32,
    pub added_at: Timestamp,
    /// Its 168-hour window closes then: a refund needs a decrease before.
    pub reducible_until: Timestamp,
}

/// The refundable quantities now: the seats a decrease would still refund.
#[utoipa::path(get, path = "/subscriptions/{id}/refundable", tag = "subscriptions",
    params(("id" = i64, Path, description = "The subscription's id")),
    responses((status = 200, body = Refundable)))]
async fn refundable(cx: Ctx, Id(id): Id) -> Result<Response, ApiError> {
    let pinned = queries::pinned(&cx.svc, &cx.actor, id).await?;
    let open = pinned.state.reducible(pinned.as_of);
    Ok(json(
        StatusCode::OK,
        &Refundable {
            seats: pinned.state.reducible_seats(pinned.as_of),
            additions: open
                .iter()
                .map(|a| RefundableAddition {
                    seats: a.seats,
                    added_at: a.added_at,
                    reducible_until: a.reducible_until(),
                })
                .collect(),
            as_of: pinned.as_of,
        },
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct SeatsRequest {
    /// The new seat count.
    pub seats: String,
}

#[derive(Serialize, ToSchema)]
pub struct SeatPreview {
    /// Charge (`Increase`) or refund (`Decrease`), with the billing period or the seats taken back.
    pub change: SeatChange,
    /// Minor units: a charge positive, a refund negative. Send it back as `expected`.
    pub expected: i64,
    pub amount: Money,
    /// The signed pin to commit with.
    pub pin: String,
    pub as_of: Timestamp,
}

/// What changing to `seats` would charge or refund now, with the pin to commit it.
#[utoipa::path(post, path = "/subscriptions/{id}/seat-changes:preview", tag = "subscriptions",
    params(("id" = i64, Path, description = "The subscription's id")), request_body = SeatsRequest,
    responses((status = 200, body = SeatPreview)))]
async fn preview_seat_change(
    cx: Ctx,
    Id(id): Id,
    Body(req): Body<SeatsRequest>,
) -> Result<Response, ApiError> {
    let seats = Seats::parse(&req.seats).map_err(|e| backend::Error::field("seats", &e))?;
    let pinned = queries::pinned(&cx.svc, &cx.actor, id).await?;
    let change = plan_seat_change(&pinned.state, seats, pinned.as_of)
        .map_err(|e| backend::Error::Invalid(vec![e.field_error()]))?;
    let amount = change.amount();
    Ok(json(
        StatusCode::OK,
        &SeatPreview {
            expected: amount.minor,
            amount,
            change,
            pin: pinned.pin,
            as_of: pinned.as_of,
        },
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct SeatCommit {
    pub seats: String,
    /// The preview's pin.
    pub pin: String,
    /// The preview's `expected`.
    pub expected: i64,
}

/// Commits a previewed seat change: refused (422 `preview_changed`, with
/// the actual figure) unless the figure is the preview's; `If-Match` required.
#[utoipa::path(post, path = "/subscriptions/{id}/seat-changes", tag = "subscriptions",
    params(("id" = i64, Path, description = "The subscription's id"),
        ("If-Match" = String, Header, description = "The subscription's ETag")),
    request_body = SeatCommit,
    responses((status = 200, description = "The committed `SeatChange`")))]
async fn change_seats(
    cx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
    Body(req): Body<SeatCommit>,
) -> Result<Response, ApiError> {
    let version = matched(&cx, id, &headers).await?;
    let form = SeatChangeForm {
        subscription_id: id,
        seats: req.seats,
        pin: req.pin,
        expected: req.expected,
    };
    let change = if_version(version, changes::change_seats(&cx.svc, &cx.actor, &form))
        .await
        .map_err(commit_error)?;
    Ok(json(StatusCode::OK, &change))
}

#[derive(Serialize, ToSchema)]
pub struct CancelPreview {
    /// Minor units, positive: the subscription's and its add-ons' refunds. Send it back as `expected_refund`.
    pub expected_refund: i64,
    pub refund: Money,
    /// Each add-on that ends with it, and its own refund.
    pub addons: Vec<(i64, Money)>,
    pub pin: String,
    pub as_of: Timestamp,
}

/// What cancelling now would refund (R-SUB-22), with the pin to commit it.
#[utoipa::path(post, path = "/subscriptions/{id}/cancel:preview", tag = "subscriptions",
    params(("id" = i64, Path, description = "The subscription's id")),
    responses((status = 200, body = CancelPreview)))]
async fn preview_cancel(cx: Ctx, Id(id): Id) -> Result<Response, ApiError> {
    let detail = queries::detail(&cx.svc, &cx.actor, id).await?;
    let plan = plan_cancel_with_addons(
        &detail.state,
        detail.marketplace,
        &detail.addons,
        detail.as_of,
    )
    .map_err(|e| backend::Error::field("", &e))?;
    Ok(json(
        StatusCode::OK,
        &CancelPreview {
            expected_refund: plan.refund.minor,
            refund: plan.refund,
            addons: plan.addons.iter().map(|(id, p)| (*id, p.refund)).collect(),
            pin: detail.pin,
            as_of: detail.as_of,
        },
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CancelCommit {
    pub pin: String,
    pub expected_refund: i64,
    /// "A cancelled subscription cannot be restored".
    pub acknowledged: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Cancelled {
    pub refund: Money,
}

/// Cancels with the previewed refund; `If-Match` required.
#[utoipa::path(post, path = "/subscriptions/{id}/cancel", tag = "subscriptions",
    params(("id" = i64, Path, description = "The subscription's id"),
        ("If-Match" = String, Header, description = "The subscription's ETag")),
    request_body = CancelCommit,
    responses((status = 200, body = Cancelled)))]
async fn cancel(
    cx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
    Body(req): Body<CancelCommit>,
) -> Result<Response, ApiError> {
    let version = matched(&cx, id, &headers).await?;
    let form = CancelForm {
        subscription_id: id,
        pin: req.pin,
        expected_refund: req.expected_refund,
        acknowledged: req.acknowledged,
    };
    let refund = if_version(version, changes::cancel(&cx.svc, &cx.actor, &form))
        .await
        .map_err(commit_error)?;
    Ok(json(StatusCode::OK, &Cancelled { refund }))
}

#[derive(Deserialize, ToSchema)]
pub struct StatusRequest {
    /// `suspend`, `reactivate`, `auto_renew_on` or `auto_renew_off`.
    pub action: String,
}

/// Suspends or reactivates it, or turns auto-renew on or off (R-SUB-23);
/// `If-Match` required, checked again under the subscription's row lock.
#[utoipa::path(post, path = "/subscriptions/{id}/status", tag = "subscriptions",
    params(("id" = i64, Path, description = "The subscription's id"),
        ("If-Match" = String, Header, description = "The subscription's ETag")),
    request_body = StatusRequest,
    responses((status = 204, description = "Done")))]
async fn set_status(
    cx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
    Body(req): Body<StatusRequest>,
) -> Result<StatusCode, ApiError> {
    let action = changes::StatusAction::parse(&req.action)?;
    let version = matched(&cx, id, &headers).await?;
    if_version(version, changes::set_status(&cx.svc, &cx.actor, id, action)).await?;
    Ok(StatusCode::NO_CONTENT)
}

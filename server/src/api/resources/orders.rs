//! The catalog, the cart and orders (R-SUB-01 … 08). An order needs its own
//! key as the page's review step does; `Idempotency-Key` adds the API's.

use axum::http::HeaderMap;
use axum::response::Response;
use backend::subscriptions::{cart, catalog, orders};
use domain::subscription_views::{AddToCartForm, SubmitOrderForm};
use domain::{BillingFrequency, OfferFilter, Term};
use http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Created, Ctx, Id, Params};
use crate::api::etag::{json, single};
use crate::api::page::{page, PageQuery, Paging};
use crate::api::{ApiError, ApiState};

pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(get_catalog))
        .routes(routes!(add_cart_line))
        .routes(routes!(remove_cart_line))
        .routes(routes!(list_orders, submit_order))
        .routes(routes!(get_order))
}

/// The offers a customer may buy (filtered as the "Add subscription" page
/// filters them), its cart, and software.
#[utoipa::path(get, path = "/customers/{id}/catalog", tag = "orders",
    params(("id" = i64, Path, description = "The customer organization's id"),
        ("publisher" = Option<domain::Publisher>, Query, description = "Only this publisher's offers"),
        ("billing_type" = Option<domain::BillingType>, Query, description = "Only license- or usage-based offers"),
        ("category" = Option<domain::Category>, Query, description = "Only this category")),
    responses((status = 200, body = domain::subscription_views::CatalogPage)))]
async fn get_catalog(
    cx: Ctx,
    Id(customer): Id,
    Params(filter): Params<OfferFilter>,
) -> Result<Response, ApiError> {
    let page = catalog::catalog_page(&cx.svc, &cx.actor, customer, &filter).await?;
    Ok(json(StatusCode::OK, &page))
}

#[derive(Deserialize, ToSchema)]
pub struct NewCartLine {
    pub offer_id: String,
    /// `P1M`, `P1Y` or `P3Y`, as the catalog lists the offer's terms.
    pub term: Term,
    /// `monthly`, `annual` or `once_per_term`, as the catalog lists them.
    pub frequency: BillingFrequency,
    pub seats: String,
}

/// Adds an offer to the customer's cart.
#[utoipa::path(post, path = "/customers/{id}/cart-lines", tag = "orders",
    params(("id" = i64, Path, description = "The customer organization's id")),
    request_body = NewCartLine,
    responses((status = 201, body = Created)))]
async fn add_cart_line(
    cx: Ctx,
    Id(customer): Id,
    Body(line): Body<NewCartLine>,
) -> Result<Response, ApiError> {
    let form = AddToCartForm {
        customer_id: customer,
        offer_id: line.offer_id,
        term: line.term,
        frequency: line.frequency,
        seats: line.seats,
    };
    let id = cart::add_to_cart(&cx.svc, &cx.actor, &form).await?;
    Ok(json(StatusCode::CREATED, &Created { id }))
}

/// Removes a line from a cart.
#[utoipa::path(delete, path = "/cart-lines/{id}", tag = "orders",
    params(("id" = i64, Path, description = "The cart line's id")),
    responses((status = 204, description = "Removed")))]
async fn remove_cart_line(cx: Ctx, Id(id): Id) -> Result<StatusCode, ApiError> {
    cart::remove_cart_line(&cx.svc, &cx.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A customer's orders, newest first.
#[utoipa::path(get, path = "/customers/{id}/orders", tag = "orders",
    params(("id" = i64, Path, description = "The customer organization's id"), PageQuery),
    responses((status = 200, body = crate::api::page::Page<domain::subscription_views::OrderView>, description = "A page")))]
async fn list_orders(cx: Ctx, Id(customer): Id, Paging(q): Paging) -> Result<Response, ApiError> {
    let rows = orders::list_orders(&cx.svc, &cx.actor, customer, None, 1000).await?;
    Ok(json(StatusCode::OK, &page(rows, |r| r.id, &q)?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewOrder {
    /// The order's own key: a repeat with it names the same order.
    pub idempotency_key: String,
    /// The `lines_digest` of the cart as reviewed: the order is that cart or none.
    pub reviewed: String,
    /// The reseller attestation, when the cart has a reseller.
    #[serde(default)]
    pub attested: bool,
    #[serde(default)]
    pub reseller: String,
    #[serde(default)]
    pub additional_resellers: Vec<String>,
}

/// Places the customer's cart as reviewed.
#[utoipa::path(post, path = "/customers/{id}/orders", tag = "orders",
    params(("id" = i64, Path, description = "The customer organization's id")),
    request_body = NewOrder,
    responses((status = 201, body = Created)))]
async fn submit_order(
    cx: Ctx,
    Id(customer): Id,
    Body(order): Body<NewOrder>,
) -> Result<Response, ApiError> {
    let form = SubmitOrderForm {
        customer_id: customer,
        idempotency_key: order.idempotency_key,
        reviewed: order.reviewed,
        attested: order.attested,
        reseller: order.reseller,
        additional_resellers: order.additional_resellers,
    };
    let id = orders::submit(&cx.svc, &cx.actor, &form).await?;
    Ok(json(StatusCode::CREATED, &Created { id }))
}

/// One order, with its lines.
#[utoipa::path(get, path = "/orders/{id}", tag = "orders",
    params(("id" = i64, Path, description = "The order's id")),
    responses((status = 200, body = domain::subscription_views::OrderView, description = "with a strong ETag"), (status = 304, description = "Not modified")))]
async fn get_order(cx: Ctx, Id(id): Id, headers: HeaderMap) -> Result<Response, ApiError> {
    let order = orders::order(&cx.svc, &cx.actor, id).await?;
    Ok(single(&headers, None, &order))
}

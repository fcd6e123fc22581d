//! Subscriptions: catalog and cart, orders, seat changes, cancel, status,
//! invoices and the demo test clock (SPEC §5, §6). Three-line adapters over
//! `backend::subscriptions`.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::subscription_views::*;
pub use domain::{BillingType, Category, Money, OfferFilter, Publisher, SeatChange};

#[server(endpoint = "load_catalog", input = Json)]
pub async fn load_catalog(customer_id: i64, filter: OfferFilter) -> Result<CatalogPage, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::catalog::catalog_page(&svc, &actor, customer_id, &filter)
        .await
        .map_err(fail)
}

#[server(endpoint = "add_to_cart")]
pub async fn add_to_cart(form: AddToCartForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::cart::add_to_cart(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "remove_cart_line")]
pub async fn remove_cart_line(line_id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::cart::remove_cart_line(&svc, &actor, line_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "submit_order")]
pub async fn submit_order(form: SubmitOrderForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::orders::submit(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// A page of the customer's order history: the orders before `before`.
#[server(endpoint = "list_orders")]
pub async fn list_orders(
    customer_id: i64,
    before: Option<i64>,
) -> Result<domain::paging::Paged<OrderView>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::orders::orders_page(&svc, &actor, customer_id, before)
        .await
        .map_err(fail)
}

#[server(endpoint = "get_order")]
pub async fn get_order(order_id: i64) -> Result<OrderView, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::orders::order(&svc, &actor, order_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "list_subscriptions")]
pub async fn list_subscriptions(customer_id: i64) -> Result<Vec<SubscriptionRow>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::queries::list(&svc, &actor, customer_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "get_subscription")]
pub async fn get_subscription(id: i64) -> Result<SubscriptionDetail, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::queries::detail(&svc, &actor, id)
        .await
        .map_err(fail)
}

/// A fresh pin and state for a preview whose commit the server refused.
#[server(endpoint = "pin_preview")]
pub async fn pin_preview(id: i64) -> Result<Pinned, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::queries::pinned(&svc, &actor, id)
        .await
        .map_err(fail)
}

#[server(endpoint = "change_seats")]
pub async fn change_seats(form: SeatChangeForm) -> Result<SeatChange, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::changes::change_seats(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// R-SUB-25: the new paid subscription's id.
#[server(endpoint = "convert_trial")]
pub async fn convert_trial(form: TrialConversionForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::trials::convert(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// R-SUB-14 … 16: the id of the subscription that holds the moved seats.
#[server(endpoint = "upgrade_subscription")]
pub async fn upgrade_subscription(form: UpgradeForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::upgrades::upgrade(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// R-SUB-13: the id of the add-on bought for the base.
#[server(endpoint = "add_addon")]
pub async fn add_addon(form: AddAddonForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::addons::add(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// R-SUB-19: schedules (or replaces) the change for the next term.
#[server(endpoint = "schedule_renewal_change")]
pub async fn schedule_renewal_change(form: ScheduleRenewalForm) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::renewal::schedule(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// R-SUB-26: schedules the trial's conversion at its end.
#[server(endpoint = "schedule_trial_conversion")]
pub async fn schedule_trial_conversion(form: ScheduleConversionForm) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::trials::schedule(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// Removes what is scheduled for the subscription's end (a trial's
/// conversion or a change at renewal).
#[server(endpoint = "remove_scheduled_changes")]
pub async fn remove_scheduled_changes(id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::scheduled::remove(&svc, &actor, id)
        .await
        .map_err(fail)
}

#[server(endpoint = "cancel_subscription")]
pub async fn cancel_subscription(form: CancelForm) -> Result<Money, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::changes::cancel(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// `action`: suspend, reactivate, auto_renew_on, auto_renew_off.
#[server(endpoint = "set_subscription_status")]
pub async fn set_subscription_status(id: i64, action: String) -> Result<(), AppError> {
    use backend::subscriptions::changes::{set_status, StatusAction};
    let (svc, actor) = (services()?, actor().await?);
    let action = StatusAction::parse(&action).map_err(fail)?;
    set_status(&svc, &actor, id, action).await.map_err(fail)
}

#[server(endpoint = "list_invoices")]
pub async fn list_invoices(customer_id: i64) -> Result<Vec<InvoiceSummary>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::invoices::list(&svc, &actor, customer_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "get_invoice")]
pub async fn get_invoice(invoice_id: i64) -> Result<InvoiceView, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::invoices::invoice(&svc, &actor, invoice_id)
        .await
        .map_err(fail)
}

/// `minutes` may be left out (a form without the field).
#[server(endpoint = "advance_test_clock")]
pub async fn advance_test_clock(
    days: u32,
    minutes: Option<u32>,
) -> Result<TestClockView, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::test_clock::advance(&svc, &actor, days, minutes.unwrap_or(0))
        .await
        .map_err(fail)
}

//! Software bought through a partner (seed 002, R-SW-01 … 04): the cart's
//! software lines, the Software page, and "Get keys and downloads".
//! Three-line adapters over `backend::software`.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::software_views::*;

#[server(endpoint = "add_software_to_cart")]
pub async fn add_software_to_cart(form: AddSoftwareForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::software::cart::add(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "remove_software_line")]
pub async fn remove_software_line(line_id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::software::cart::remove(&svc, &actor, line_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "load_software")]
pub async fn load_software(customer_id: i64) -> Result<SoftwarePage, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::software::purchases::page(&svc, &actor, customer_id)
        .await
        .map_err(fail)
}

/// R-SW-03: "Show product key", the recorded reveal.
#[server(endpoint = "show_product_key")]
pub async fn show_product_key(purchase_id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::software::keys::reveal(&svc, &actor, purchase_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "get_keys_and_downloads")]
pub async fn get_keys_and_downloads(form: GetKeysForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::software::downloads::get_keys_and_downloads(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "cancel_software_order")]
pub async fn cancel_software_order(form: SoftwareCancelForm) -> Result<domain::Money, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::software::cancel::cancel(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// `from` and `to` may be left out (the last 30 days).
#[server(endpoint = "software_activity")]
pub async fn software_activity(
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<ActivityPage, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::software::activity::list(&svc, &actor, &from, &to)
        .await
        .map_err(fail)
}

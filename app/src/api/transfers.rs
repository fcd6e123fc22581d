//! Transfers of subscriptions between partners (R-SUB-28). Three-line
//! adapters over `backend::subscriptions::transfers`.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::transfer_views::*;

#[server(endpoint = "list_transfers")]
pub async fn list_transfers() -> Result<TransfersPage, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::transfers::page(&svc, &actor)
        .await
        .map_err(fail)
}

#[server(endpoint = "get_transfer")]
pub async fn get_transfer(id: i64) -> Result<TransferDetail, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::transfers::detail(&svc, &actor, id)
        .await
        .map_err(fail)
}

/// The target partner's request; its id.
#[server(endpoint = "send_transfer_request")]
pub async fn send_transfer_request(form: SendTransferForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::transfers::send(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// The source partner's submission; the new subscriptions' ids.
#[server(endpoint = "accept_transfer")]
pub async fn accept_transfer(form: AcceptTransferForm) -> Result<Vec<i64>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::transfers::accept(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "decline_transfer")]
pub async fn decline_transfer(id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::subscriptions::transfers::decline(&svc, &actor, id)
        .await
        .map_err(fail)
}

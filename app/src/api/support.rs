//! Support requests for a refund (R-SW-08): the form, filing, the list,
//! one request, and an operator's answer. Adapters over `backend::support`;
//! attachments go to the server's multipart route
//! (`/support-requests/{id}/attachments`), which server functions' URL
//! encoding cannot carry.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::support::SupportRequestForm;
pub use domain::support_views::*;

#[server(endpoint = "support_form")]
pub async fn support_form(customer_id: i64) -> Result<SupportFormPage, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::support::form(&svc, &actor, customer_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "file_support_request")]
pub async fn file_support_request(form: SupportRequestForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::support::file(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "support_requests")]
pub async fn support_requests() -> Result<SupportList, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::support::list(&svc, &actor).await.map_err(fail)
}

#[server(endpoint = "support_request")]
pub async fn support_request(id: i64) -> Result<SupportRequestView, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::support::get(&svc, &actor, id).await.map_err(fail)
}

#[server(endpoint = "answer_support_request")]
pub async fn answer_support_request(form: SupportAnswerForm) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::support::answer(&svc, &actor, &form)
        .await
        .map_err(fail)
}

//! The provider's operations page (R-NOT-01): failed deliveries and job
//! failures, and sending a dead letter again. The use cases check that the
//! caller is a Platform Administrator.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::operations_views::OperationsView;

#[server(endpoint = "operations_overview")]
pub async fn operations_overview() -> Result<OperationsView, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::operations::overview(&svc, &actor)
        .await
        .map_err(fail)
}

#[server(endpoint = "retry_dead_letter")]
pub async fn retry_dead_letter(id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::operations::retry_dead_letter(&svc, &actor, id)
        .await
        .map_err(fail)
}

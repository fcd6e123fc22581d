//! Partner–customer relationships (R-ORG-12).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::views::{CustomerView, RelationshipStatus, RelationshipView};

#[server(endpoint = "list_relationships")]
pub async fn list_relationships() -> Result<Vec<RelationshipView>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::relationships::list(&svc, &actor)
        .await
        .map_err(fail)
}

#[server(endpoint = "request_relationship")]
pub async fn request_relationship(
    agreement_number: String,
    admin_email: String,
) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    let form = backend::accounts::relationships::RequestForm {
        agreement_number,
        admin_email,
    };
    backend::accounts::relationships::request(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "decide_relationship")]
pub async fn decide_relationship(id: i64, decision: RelationshipStatus) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::relationships::decide(&svc, &actor, id, decision)
        .await
        .map_err(fail)
}

#[server(endpoint = "partner_customer")]
pub async fn partner_customer(customer_id: i64) -> Result<CustomerView, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::relationships::customer_for_partner(&svc, &actor, customer_id)
        .await
        .map_err(fail)
}

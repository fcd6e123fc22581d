//! Agreements and purchasing accounts (R-ORG-01/02), the provider's
//! organization list, and domains (R-ORG-10).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::views::{AgreementView, DomainView, NewAgreementForm, OrganizationView};

#[server(endpoint = "list_agreements")]
pub async fn list_agreements() -> Result<Vec<AgreementView>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::agreements::list_agreements(&svc, &actor)
        .await
        .map_err(fail)
}

#[server(endpoint = "list_organizations")]
pub async fn list_organizations() -> Result<Vec<OrganizationView>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::agreements::list_organizations(&svc, &actor)
        .await
        .map_err(fail)
}

#[server(endpoint = "create_agreement")]
pub async fn create_agreement(form: NewAgreementForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::agreements::create_agreement(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "list_domains")]
pub async fn list_domains(account_id: i64) -> Result<Vec<DomainView>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::domains::list_domains(&svc, &actor, account_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "add_domain")]
pub async fn add_domain(account_id: i64, domain: String) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::domains::add_domain(&svc, &actor, account_id, &domain)
        .await
        .map_err(fail)
}

#[server(endpoint = "remove_domain")]
pub async fn remove_domain(domain_id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::domains::remove_domain(&svc, &actor, domain_id)
        .await
        .map_err(fail)
}

//! Partner membership benefits (seed 003, R-MPN-01 … 07): the Benefits
//! page, buying a package, and each tab's actions. Adapters over
//! `backend::mpn`.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::mpn::{AdvisoryRequestForm, MarketingContactForm};
pub use domain::mpn_views::*;

#[server(endpoint = "load_membership_benefits")]
pub async fn load_membership_benefits() -> Result<BenefitsPage, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::packages::page(&svc, &actor)
        .await
        .map_err(fail)
}

#[server(endpoint = "buy_package")]
pub async fn buy_package(form: BuyPackageForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::packages::buy(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "assign_package_benefit")]
pub async fn assign_package_benefit(form: AssignForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::assignments::assign(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "remove_package_assignment")]
pub async fn remove_package_assignment(id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::assignments::remove(&svc, &actor, id)
        .await
        .map_err(fail)
}

#[server(endpoint = "request_advisory_hours")]
pub async fn request_advisory_hours(
    purchase_id: i64,
    form: AdvisoryRequestForm,
) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::advisory::request(&svc, &actor, purchase_id, &form)
        .await
        .map_err(fail)
}

/// The operators' open advisory-hours requests.
#[server(endpoint = "advisory_requests")]
pub async fn advisory_requests() -> Result<Vec<AdvisoryRequestView>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::advisory::open(&svc, &actor)
        .await
        .map_err(fail)
}

/// `done`: the hours are used; otherwise declined (free again).
#[server(endpoint = "answer_advisory_request")]
pub async fn answer_advisory_request(id: i64, done: bool) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::advisory::answer(&svc, &actor, id, done)
        .await
        .map_err(fail)
}

#[server(endpoint = "set_marketing_contact")]
pub async fn set_marketing_contact(form: MarketingContactForm) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::go_to_market::set_contact(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "activate_go_to_market")]
pub async fn activate_go_to_market(
    purchase_id: i64,
    benefit_id: String,
) -> Result<domain::Timestamp, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::go_to_market::activate(&svc, &actor, purchase_id, &benefit_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "request_package_refund")]
pub async fn request_package_refund(form: PackageRefundForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::refund::request(&svc, &actor, &form)
        .await
        .map_err(fail)
}

/// R-MPN-02, R-MPN-03: "Get key" of a software benefit or a license-based
/// cloud subscription.
#[server(endpoint = "take_package_key")]
pub async fn take_package_key(purchase_id: i64, benefit_id: String) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::software::take_key(&svc, &actor, purchase_id, &benefit_id)
        .await
        .map_err(fail)
}

/// R-MPN-03: a usage-based subscription, activated by assigning yourself.
#[server(endpoint = "activate_cloud_usage")]
pub async fn activate_cloud_usage(purchase_id: i64, benefit_id: String) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::software::activate_usage(&svc, &actor, purchase_id, &benefit_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "get_package_download")]
pub async fn get_package_download(form: PackageDownloadForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::mpn::software::download_link(&svc, &actor, &form)
        .await
        .map_err(fail)
}

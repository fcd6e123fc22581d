//! Software Assurance benefits (SPEC §2): inventory, details, a download
//! benefit's software, benefit users, training vouchers, conversion and
//! reversal, partner permission. Each calls one use case; the
//! conversion inputs arrive as typed and are parsed by the rules crate there.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::benefit_views::{
    BenefitDetail, BenefitDownloadForm, BenefitSoftwarePage, DelegationView, InventoryPage,
};
pub use domain::benefits::{ConversionBalances, DelegationDecision, DelegationStatus};

#[server(endpoint = "benefit_inventory", input = Json)]
pub async fn benefit_inventory(
    customer_id: Option<i64>,
    account_id: Option<i64>,
) -> Result<InventoryPage, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::inventory::page(&svc, &actor, customer_id, account_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "benefit_detail")]
pub async fn get_benefit_detail(benefit_id: i64) -> Result<BenefitDetail, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::inventory::detail(&svc, &actor, benefit_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "load_benefit_software")]
pub async fn load_benefit_software(benefit_id: i64) -> Result<BenefitSoftwarePage, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::software::page(&svc, &actor, benefit_id)
        .await
        .map_err(fail)
}

/// R-SAB-11: "Show product key" for one product of a benefit, the recorded reveal.
#[server(endpoint = "show_benefit_key")]
pub async fn show_benefit_key(benefit_id: i64, product_id: String) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::software::reveal_key(&svc, &actor, benefit_id, &product_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "get_benefit_key_and_download")]
pub async fn get_benefit_key_and_download(form: BenefitDownloadForm) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::software::get_key_and_download(&svc, &actor, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "add_benefit_user")]
pub async fn add_benefit_user(
    benefit_id: i64,
    email: String,
    name: String,
    language: String,
) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    let form = backend::benefits::NewBenefitUser {
        email,
        name,
        language,
    };
    backend::benefits::users::add_user(&svc, &actor, benefit_id, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "edit_benefit_user")]
pub async fn edit_benefit_user(
    user_id: i64,
    email: String,
    name: String,
    language: String,
) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    let form = backend::benefits::NewBenefitUser {
        email,
        name,
        language,
    };
    backend::benefits::users::edit_user(&svc, &actor, user_id, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "assign_training_voucher")]
pub async fn assign_training_voucher(
    benefit_id: i64,
    email: String,
    name: String,
    language: String,
    days: String,
) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    let form = backend::benefits::NewVoucher {
        email,
        name,
        language,
        days,
    };
    backend::benefits::vouchers::assign(&svc, &actor, benefit_id, &form)
        .await
        .map_err(fail)
}

#[server(endpoint = "revoke_training_voucher")]
pub async fn revoke_training_voucher(voucher_id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::vouchers::revoke(&svc, &actor, voucher_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "remove_benefit_user")]
pub async fn remove_benefit_user(user_id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::users::remove_user(&svc, &actor, user_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "resend_benefit_instructions")]
pub async fn resend_benefit_instructions(user_id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::users::resend_instructions(&svc, &actor, user_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "convert_benefit")]
pub async fn convert_benefit(
    account_id: i64,
    days: String,
) -> Result<ConversionBalances, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::conversion::convert_training_to_planning(&svc, &actor, account_id, &days)
        .await
        .map_err(fail)
}

#[server(endpoint = "reverse_benefit")]
pub async fn reverse_benefit(
    account_id: i64,
    days: String,
) -> Result<ConversionBalances, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::conversion::reverse_planning_to_training(&svc, &actor, account_id, &days)
        .await
        .map_err(fail)
}

#[server(endpoint = "request_benefit_permission")]
pub async fn request_benefit_permission(customer_id: i64) -> Result<i64, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::delegation::request(&svc, &actor, customer_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "partner_benefit_permission")]
pub async fn partner_benefit_permission(
    customer_id: i64,
) -> Result<Option<DelegationView>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::delegation::for_partner(&svc, &actor, customer_id)
        .await
        .map_err(fail)
}

#[server(endpoint = "list_benefit_permissions")]
pub async fn list_benefit_permissions() -> Result<Vec<DelegationView>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::delegation::list_for_customer(&svc, &actor)
        .await
        .map_err(fail)
}

#[server(endpoint = "decide_benefit_permission")]
pub async fn decide_benefit_permission(
    id: i64,
    decision: DelegationDecision,
) -> Result<DelegationStatus, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::benefits::delegation::decide(&svc, &actor, id, decision)
        .await
        .map_err(fail)
}

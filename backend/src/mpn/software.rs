//! R-MPN-02, R-MPN-03: a package's software and cloud subscriptions, with
//! the keys and download links of software sold (one mechanism). "Get key"
//! makes the benefit's key (from the operating system's random source,
//! sealed at rest) and shows it to who may take keys; taking a software key
//! activates the software benefit, which ends the package's refund
//! (R-MPN-07). A usage-based subscription is activated by assigning
//! yourself; a license-based one by "Get key".

use domain::mpn::{BenefitPackage, CloudKind, MpnError};
use domain::mpn_views::{CloudBenefitView, PackageDownloadForm, SoftwareBenefitView};
use domain::{Edition, Timestamp};
use serde_json::json;

use super::{live_purchase, package_of, require, Need, PurchaseRow};
use crate::actor::Actor;
use crate::catalog::catalog;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::services::Services;
use crate::software::links::{self, Owner};
use crate::software::{key_store, sealed};

/// What a package's sealed key is bound to.
fn key_context(purchase: i64, benefit: &str) -> String {
    format!("key of package purchase {purchase} benefit {benefit}")
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    benefit_id: String,
    sealed: String,
    taken_at: i64,
}

async fn keys_of(conn: &mut sqlx::AnyConnection, purchase: i64) -> Result<Vec<KeyRow>> {
    Ok(sqlx::query_as(
        "SELECT benefit_id, sealed, taken_at FROM package_keys WHERE package_purchase_id = $1",
    )
    .bind(purchase)
    .fetch_all(conn)
    .await?)
}

fn open(secret: &Secret, purchase: i64, k: &KeyRow) -> Result<String> {
    sealed::open(secret, &key_context(purchase, &k.benefit_id), &k.sealed)
}

/// The software tab of package `r`: keys and links for who may take them.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn views(
    svc: &Services,
    conn: &mut sqlx::AnyConnection,
    secret: &Secret,
    actor: &Actor,
    r: &PurchaseRow,
    package: &BenefitPackage,
    can_take: bool,
    now: Timestamp,
) -> Result<Vec<SoftwareBenefitView>> {
    let keys = keys_of(conn, r.id).await?;
    let mut views = Vec::with_capacity(package.software.len());
    for s in &package.software {
        let product = catalog().software_product(&s.product_id).ok_or_else(|| {
            Error::Internal(format!(
                "package software {} is not in the catalog",
                s.product_id
            ))
        })?;
        let key = keys.iter().find(|k| k.benefit_id == s.product_id);
        let links = if can_take {
            links::of_package(
                conn,
                secret,
                &svc.config.public_url,
                (r.id, &s.product_id),
                actor.user_id,
                now,
            )
            .await?
        } else {
            Vec::new()
        };
        views.push(SoftwareBenefitView {
            product_id: s.product_id.clone(),
            name: product.name.clone(),
            licenses: s.licenses,
            key_instructions: product.key_instructions.clone(),
            editions: product.editions.clone(),
            key: match key {
                Some(k) if can_take => Some(open(secret, r.id, k)?),
                _ => None,
            },
            key_taken_at: key.map(|k| Timestamp::from_millis(k.taken_at)),
            links,
        });
    }
    Ok(views)
}

/// The cloud tab of package `r`.
pub(crate) async fn cloud_views(
    conn: &mut sqlx::AnyConnection,
    secret: &Secret,
    r: &PurchaseRow,
    package: &BenefitPackage,
    can_take: bool,
) -> Result<Vec<CloudBenefitView>> {
    let keys = keys_of(conn, r.id).await?;
    let users = super::assignments::assignments_of(conn, r.id).await?;
    let mut views = Vec::with_capacity(package.cloud.len());
    for c in &package.cloud {
        let key = keys.iter().find(|k| k.benefit_id == c.id);
        let user = users
            .iter()
            .find(|(b, _)| *b == c.id)
            .map(|(_, a)| a.clone());
        views.push(CloudBenefitView {
            id: c.id.clone(),
            name: c.name.clone(),
            kind: c.kind,
            allowance: c.allowance.clone(),
            instructions: c.instructions.clone(),
            key: match key {
                Some(k) if can_take => Some(open(secret, r.id, k)?),
                _ => None,
            },
            user,
        });
    }
    Ok(views)
}

/// "Get key" of a software benefit or a license-based cloud subscription:
/// its key is made once (a second "Get key" shows the same one).
#[tracing::instrument(name = "mpn.software.take_key", skip_all, fields(actor = actor.user_id, purchase_id))]
pub async fn take_key(
    svc: &Services,
    actor: &Actor,
    purchase_id: i64,
    benefit_id: &str,
) -> Result<()> {
    let partner = require(actor, Need::Assign)?;
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let r = live_purchase(&mut tx, partner, purchase_id).await?;
    let package = package_of(&r)?;
    let software = package.software.iter().any(|s| s.product_id == benefit_id);
    let licensed = package
        .cloud
        .iter()
        .any(|c| c.id == benefit_id && c.kind == CloudKind::LicenseBased);
    if !software && !licensed {
        return Err(Error::Forbidden);
    }
    let made = sqlx::query(
        "INSERT INTO package_keys (package_purchase_id, benefit_id, software, sealed, taken_by, taken_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (package_purchase_id, benefit_id) DO NOTHING",
    )
    .bind(r.id)
    .bind(benefit_id)
    .bind(i64::from(software))
    .bind(key_store::sealed_new_key(secret, &key_context(r.id, benefit_id))?)
    .bind(actor.user_id)
    .bind(now.millis())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    super::audited(
        &mut tx,
        (actor, partner),
        r.id,
        "package.key_taken",
        None,
        json!({ "benefit": benefit_id, "software": software, "first": made == 1 }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// R-MPN-03: activates a usage-based subscription by making the actor its
/// user.
#[tracing::instrument(name = "mpn.software.activate_usage", skip_all, fields(actor = actor.user_id, purchase_id))]
pub async fn activate_usage(
    svc: &Services,
    actor: &Actor,
    purchase_id: i64,
    benefit_id: &str,
) -> Result<()> {
    let partner = require(actor, Need::Assign)?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let r = live_purchase(&mut tx, partner, purchase_id).await?;
    let package = package_of(&r)?;
    let usage = package
        .cloud
        .iter()
        .any(|c| c.id == benefit_id && c.kind == CloudKind::UsageBased);
    let count = package
        .assignable(benefit_id)
        .filter(|_| usage)
        .ok_or(Error::Forbidden)?;
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM package_assignments WHERE package_purchase_id = $1 AND benefit_id = $2 AND removed_at IS NULL",
    )
    .bind(r.id)
    .bind(benefit_id)
    .fetch_one(&mut *tx)
    .await?;
    domain::mpn::check_assignment(u32::try_from(held).unwrap_or(u32::MAX), count)
        .map_err(|e| Error::field("", &e))?;
    sqlx::query(
        "INSERT INTO package_assignments (package_purchase_id, benefit_id, user_id, assigned_by, assigned_at) \
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(r.id)
    .bind(benefit_id)
    .bind(actor.user_id)
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    super::audited(
        &mut tx,
        (actor, partner),
        r.id,
        "package.cloud_activate",
        None,
        json!({ "benefit": benefit_id, "user": actor.user_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// R-MPN-02: a download link for the language and OS picked, once the
/// benefit's key is taken; as often as wanted.
#[tracing::instrument(name = "mpn.software.download_link", skip_all, fields(actor = actor.user_id, purchase_id = form.purchase_id))]
pub async fn download_link(
    svc: &Services,
    actor: &Actor,
    form: &PackageDownloadForm,
) -> Result<i64> {
    let partner = require(actor, Need::Assign)?;
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let r = live_purchase(&mut tx, partner, form.purchase_id).await?;
    if !package_of(&r)?
        .software
        .iter()
        .any(|s| s.product_id == form.product_id)
    {
        return Err(Error::Forbidden);
    }
    let taken = keys_of(&mut tx, r.id)
        .await?
        .iter()
        .any(|k| k.benefit_id == form.product_id);
    if !taken {
        return Err(Error::field("", &MpnError::KeyFirst));
    }
    let product = catalog()
        .software_product(&form.product_id)
        .ok_or_else(|| Error::Internal(format!("{} is not in the catalog", form.product_id)))?;
    let edition: Edition = product
        .editions
        .edition(&form.version, &form.language, &form.file_type)
        .map_err(|e| Error::Invalid(vec![e.field_error()]))?;
    let id = links::create(
        &mut tx,
        secret,
        Owner::Package(r.id),
        &form.product_id,
        &edition,
        actor,
        now,
    )
    .await?;
    super::audited(
        &mut tx,
        (actor, partner),
        r.id,
        "package.download_link",
        None,
        json!({
            "product": form.product_id, "link": id, "version": edition.version,
            "language": edition.language, "file_type": edition.file_type.code(),
        }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

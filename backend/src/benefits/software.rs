//! R-SAB-11 "download software and view product keys": the software a
//! download benefit offers (R-SAB-03's "downloads available", from the
//! catalog), with the keys and download links of software bought — a key
//! per benefit and product, shown after "Show product key" (the recorded
//! reveal) for a while to its revealer, and links of 14 days or 50
//! downloads served by `/downloads/{token}`. The customer's own users see
//! keys with the key permission and get downloads with the download
//! permission (R-ORG-07); a partner acts only with an approved benefit
//! permission (`access`), and then may do both. The page only reads; each
//! reveal and each link made is audited.

use domain::benefit_views::{BenefitDownloadForm, BenefitSoftwarePage, BenefitSoftwareView};
use domain::benefits::{BenefitKind, ConversionError};
use domain::{BenefitSoftware, OrgKind, Permission, SoftwareError};
use serde_json::json;

use super::access::{self, Need};
use super::ledger;
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::error::{Error, Result};
use crate::services::Services;
use crate::software::links::{self, Owner};
use crate::software::{key_store, keys};

/// What the actor may do with a benefit's software, once it may see the
/// benefit.
#[derive(Clone, Copy)]
struct May {
    keys: bool,
    downloads: bool,
}

/// Refuses unless the actor may see the benefit; then what it may do, and
/// the benefit's customer organization.
async fn resolve(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    benefit_id: i64,
) -> Result<(May, i64)> {
    let (_, org) = access::benefit(conn, actor, benefit_id, Need::View).await?;
    let may = match actor.org_kind {
        OrgKind::Customer => May {
            keys: actor.can(Permission::ViewKeys),
            downloads: actor.can(Permission::DownloadSoftware),
        },
        // Only through an approved permission, which `access` checked.
        OrgKind::Partner => May {
            keys: true,
            downloads: true,
        },
        OrgKind::Provider => return Err(Error::Forbidden),
    };
    Ok((may, org))
}

/// The product `product_id` of the benefit's kind, or the field's error.
fn product(kind: BenefitKind, product_id: &str) -> Result<&'static BenefitSoftware> {
    catalog()
        .benefit_software(kind)
        .iter()
        .find(|p| p.id == product_id)
        .ok_or_else(|| Error::Invalid(vec![SoftwareError::UnknownProduct.field_error()]))
}

/// The benefit's software section: its products and editions; a key its
/// viewer revealed, while it is shown; the viewer's usable links for one
/// who may get downloads. Empty for a benefit without software. Only reads.
#[tracing::instrument(name = "benefits.software.page", skip_all, fields(actor = actor.user_id, benefit_id))]
pub async fn page(svc: &Services, actor: &Actor, benefit_id: i64) -> Result<BenefitSoftwarePage> {
    let mut conn = svc.db.pool().acquire().await?;
    let (may, _) = resolve(&mut conn, actor, benefit_id).await?;
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let b = ledger::load(&mut conn, benefit_id, now).await?;
    let can_download = may.downloads && !b.view.expired;
    let shown = if may.keys {
        keys::benefit_shown_to(&mut conn, actor.user_id, benefit_id, now).await?
    } else {
        Default::default()
    };
    let mut products = Vec::new();
    for p in catalog().benefit_software(b.view.kind) {
        let until = shown.get(&p.id).copied();
        let key = match until {
            Some(_) => Some(key_store::benefit_key(&mut conn, secret, benefit_id, &p.id).await?),
            None => None,
        };
        let links = if can_download {
            let owner = (benefit_id, p.id.as_str());
            links::of_benefit(
                &mut conn,
                secret,
                &svc.config.public_url,
                owner,
                actor.user_id,
                now,
            )
            .await?
        } else {
            Vec::new()
        };
        products.push(BenefitSoftwareView {
            product_id: p.id.clone(),
            name: p.name.clone(),
            editions: p.editions.clone(),
            key,
            key_shown_until: until,
            can_show_key: may.keys,
            key_instructions: p.key_instructions.clone(),
            links,
        });
    }
    Ok(BenefitSoftwarePage {
        can_download,
        products,
    })
}

/// "Show product key" for one product of a benefit: the recorded reveal
/// (the key is made the first time), after which the page shows it to the
/// actor for `domain::KEY_SHOWN_FOR`.
#[tracing::instrument(name = "benefits.software.reveal_key", skip_all, fields(actor = actor.user_id, benefit_id))]
pub async fn reveal_key(
    svc: &Services,
    actor: &Actor,
    benefit_id: i64,
    product_id: &str,
) -> Result<()> {
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let (may, org) = resolve(&mut tx, actor, benefit_id).await?;
    if !may.keys {
        return Err(Error::Forbidden);
    }
    let b = ledger::load(&mut tx, benefit_id, now).await?;
    let product = product(b.view.kind, product_id)?;
    key_store::make_benefit_key(&mut tx, secret, benefit_id, &product.id).await?;
    keys::record_benefit_reveal(&mut tx, actor.user_id, benefit_id, &product.id, now).await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: org,
            action: "benefit.software_key_revealed",
            entity: "benefit",
            entity_id: benefit_id.to_string(),
            before: None,
            after: Some(json!({ "product": product.id })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// "Get key and download": a fresh link to the picked edition, as often as
/// wanted (the page then lists it); returns the link's id.
#[tracing::instrument(name = "benefits.software.get_key_and_download", skip_all, fields(actor = actor.user_id, benefit_id = form.benefit_id))]
pub async fn get_key_and_download(
    svc: &Services,
    actor: &Actor,
    form: &BenefitDownloadForm,
) -> Result<i64> {
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let (may, org) = resolve(&mut tx, actor, form.benefit_id).await?;
    if !may.downloads {
        return Err(Error::Forbidden);
    }
    let b = ledger::load(&mut tx, form.benefit_id, now).await?;
    if b.view.expired {
        return Err(Error::field("", &ConversionError::Expired));
    }
    let product = product(b.view.kind, &form.product_id)?;
    let edition = product
        .editions
        .edition(&form.version, &form.language, &form.file_type)
        .map_err(|e| Error::Invalid(vec![e.field_error()]))?;
    let id = links::create(
        &mut tx,
        secret,
        Owner::Benefit(form.benefit_id),
        &product.id,
        &edition,
        actor,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: org,
            action: "benefit.software_key_and_download",
            entity: "benefit",
            entity_id: form.benefit_id.to_string(),
            before: None,
            after: Some(json!({
                "product": product.id, "link": id, "version": edition.version,
                "language": edition.language, "file_type": edition.file_type.code(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

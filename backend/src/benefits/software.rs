//! R-SAB-11 "download software and view product keys": the software a
//! download benefit offers (R-SAB-03's "downloads available", from the
//! catalog), with the keys and download links of software bought — a key
//! per benefit and product, links of 14 days or 50 downloads served by
//! `/downloads/{token}`. The customer's own users see the key with the key
//! permission and get downloads with the download permission (R-ORG-07); a
//! partner acts only with an approved benefit permission (`access`), and
//! then may do both. Every key shown and every link made is audited.

use domain::benefit_views::{BenefitDownloadForm, BenefitSoftwarePage, BenefitSoftwareView};
use domain::benefits::ConversionError;
use domain::{OrgKind, Permission, SoftwareError};
use serde_json::json;

use super::access::{self, Need};
use super::ledger;
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::services::Services;
use crate::software::key_store;
use crate::software::links::{self, Owner};

/// What the actor may do with a benefit's software, once it may see the
/// benefit.
#[derive(Clone, Copy)]
struct May {
    keys: bool,
    downloads: bool,
}

/// Refuses unless the actor may see the benefit; then what it may do, and
/// the benefit's customer organization.
async fn resolve(tx: &mut Tx, actor: &Actor, benefit_id: i64) -> Result<(May, i64)> {
    let (_, org) = access::benefit(tx, actor, benefit_id, Need::View).await?;
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

/// The benefit's software section: its products and editions; the keys
/// for a key viewer (the reveal audited); the viewer's usable links for
/// one who may get downloads. Empty for a benefit without software.
#[tracing::instrument(name = "benefits.software.page", skip_all, fields(actor = actor.user_id, benefit_id))]
pub async fn page(svc: &Services, actor: &Actor, benefit_id: i64) -> Result<BenefitSoftwarePage> {
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let (may, org) = resolve(&mut tx, actor, benefit_id).await?;
    let b = ledger::load(&mut tx, benefit_id, now).await?;
    let can_download = may.downloads && !b.view.expired;
    let mut products = Vec::new();
    for p in catalog().benefit_software(b.view.kind) {
        let key = if may.keys {
            Some(key_store::of_benefit(&mut tx, secret, benefit_id, &p.id).await?)
        } else {
            None
        };
        let links = if can_download {
            let owner = (benefit_id, p.id.as_str());
            links::of_benefit(
                &mut tx,
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
            key_instructions: p.key_instructions.clone(),
            links,
        });
    }
    let revealed: Vec<&str> = products
        .iter()
        .filter(|p| p.key.is_some())
        .map(|p| p.product_id.as_str())
        .collect();
    if !revealed.is_empty() {
        audit::record(
            &mut tx,
            audit::Entry {
                actor: Some(actor),
                org_id: org,
                action: "benefit.software_keys_viewed",
                entity: "benefit",
                entity_id: benefit_id.to_string(),
                before: None,
                after: Some(json!({ "products": revealed })),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(BenefitSoftwarePage {
        can_download,
        products,
    })
}

/// "Get key and download": a fresh link to the picked edition, as often as
/// wanted (the page then shows it, and the key to a key viewer); returns
/// the link's id.
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
    let product = catalog()
        .benefit_software(b.view.kind)
        .iter()
        .find(|p| p.id == form.product_id)
        .ok_or_else(|| Error::Invalid(vec![SoftwareError::UnknownProduct.field_error()]))?;
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

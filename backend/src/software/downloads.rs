//! "Get keys and downloads" and the downloads themselves (R-SW-03, R-SW-04):
//! a selling partner's Admin Agent makes a link for one edition of a
//! purchase; the link is an unguessable token (only its SHA-256 finds it;
//! the token itself is sealed so the page can show it again) that works
//! for 14 days or 50 downloads, whichever comes first. Each download that
//! starts is counted under the link's row lock, so 51 concurrent downloads
//! of a link at 49 start exactly one. A `Range` request that continues a
//! download (from a byte after the first) is not another download: it
//! needs a link that is neither expired nor revoked, and counts nothing.
//! The same links serve a download benefit's software (R-SAB-11).

use domain::software_views::GetKeysForm;
use domain::{ActivityKind, DownloadLink, LinkRefusal, Timestamp};
use serde_json::json;

use super::access::SoftwareAccess;
use super::links::{self, Owner};
use super::purchase_row::purchase;
use super::{activity, files};
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::db::locks;
use crate::error::{Code, Error, Result};
use crate::services::Services;
use crate::tokens::hash_token;

/// Makes a fresh link for the edition `form` picks and records that the
/// actor got the keys and downloads; returns the link's id. As often as
/// wanted: each call is another 14 days and 50 downloads.
#[tracing::instrument(name = "software.downloads.get_keys_and_downloads", skip_all, fields(actor = actor.user_id, purchase_id = form.purchase_id))]
pub async fn get_keys_and_downloads(
    svc: &Services,
    actor: &Actor,
    form: &GetKeysForm,
) -> Result<i64> {
    let mut conn = svc.db.pool().acquire().await?;
    let p = purchase(&mut conn, form.purchase_id)
        .await?
        .ok_or(Error::Forbidden)?;
    SoftwareAccess::resolve(&mut *conn, actor, p.customer_org_id)
        .await?
        .require_downloads(p.partner_org_id)?;
    drop(conn);
    let product = catalog().software_product(&p.product_id).ok_or_else(|| {
        Error::Internal(format!("software {} is not in the catalog", p.product_id))
    })?;
    let edition = product
        .editions
        .edition(&form.version, &form.language, &form.file_type)
        .map_err(|e| Error::Invalid(vec![e.field_error()]))?;
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    // Under the purchase's cancel (R-SW-07), which revokes its links: a
    // link is made for a live purchase or not at all.
    let live: Option<i64> = sqlx::query_scalar(
        "UPDATE software_purchases SET cancelled_at = cancelled_at WHERE id = $1 AND cancelled_at IS NULL RETURNING id",
    )
    .bind(p.id)
    .fetch_optional(&mut *tx)
    .await?;
    if live.is_none() {
        return Err(Error::Conflict(Code::SoftwareCancelled));
    }
    let id = links::create(
        &mut tx,
        secret,
        Owner::Purchase(p.id),
        &p.product_id,
        &edition,
        actor,
        now,
    )
    .await?;
    activity::record(
        &mut tx,
        activity::Entry {
            partner_org_id: p.partner_org_id,
            customer_org_id: p.customer_org_id,
            user_id: Some(actor.user_id),
            kind: ActivityKind::Keys,
            purchase_id: p.id,
        },
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: p.customer_org_id,
            action: "software.keys_and_downloads",
            entity: "software_purchase",
            entity_id: p.id.to_string(),
            before: None,
            after: Some(json!({
                "product": p.product_id, "link": id, "version": edition.version,
                "language": edition.language, "file_type": edition.file_type.code(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A download that may go ahead: the file's name and bytes.
#[derive(Debug)]
pub struct Download {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Why a link gives no file: no link has its token, or the link refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    Unknown,
    Link(LinkRefusal),
}

impl Refused {
    /// How the page that explains it names it (`?why=`).
    pub fn code(self) -> &'static str {
        match self {
            Refused::Unknown => "unknown",
            Refused::Link(LinkRefusal::Expired) => "expired",
            Refused::Link(LinkRefusal::UsedUp) => "used_up",
            Refused::Link(LinkRefusal::Revoked) => "revoked",
        }
    }
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    id: i64,
    purchase_id: Option<i64>,
    benefit_id: Option<i64>,
    package_purchase_id: Option<i64>,
    customer_org_id: i64,
    /// The selling partner, for a purchase's link.
    partner_org_id: Option<i64>,
    product_id: String,
    version: String,
    language: String,
    file_type: String,
    created_by: Option<i64>,
    created_at: i64,
    downloads: i64,
    revoked_at: Option<i64>,
}

/// The download `token` names, at the business time: counted when it
/// starts one (`continues`: a `Range` request from a later byte), refused
/// with the reason when the link may not be used. A purchase's download
/// goes in the selling partner's activity log (R-SW-05) and the audit log,
/// a benefit's (R-SAB-11) in the audit log.
#[tracing::instrument(name = "software.downloads.download", skip_all)]
pub async fn download(
    svc: &Services,
    token: &str,
    continues: bool,
) -> Result<std::result::Result<Download, Refused>> {
    let hash = hash_token(token);
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let Some(id): Option<i64> =
        sqlx::query_scalar("SELECT id FROM download_links WHERE token_hash = $1")
            .bind(&hash)
            .fetch_optional(&mut *tx)
            .await?
    else {
        return Ok(Err(Refused::Unknown));
    };
    locks::download_link(&mut tx, id).await?;
    let l: LinkRow = sqlx::query_as(
        "SELECT l.id, l.purchase_id, l.benefit_id, l.package_purchase_id, \
         COALESCE(p.customer_org_id, a.org_id, k.partner_org_id) AS customer_org_id, \
         p.partner_org_id, l.product_id, l.version, l.language, l.file_type, l.created_by, l.created_at, \
         l.downloads, l.revoked_at \
         FROM download_links l LEFT JOIN software_purchases p ON p.id = l.purchase_id \
         LEFT JOIN benefits b ON b.id = l.benefit_id \
         LEFT JOIN purchasing_accounts pa ON pa.id = b.purchasing_account_id \
         LEFT JOIN agreements a ON a.id = pa.agreement_id \
         LEFT JOIN package_purchases k ON k.id = l.package_purchase_id WHERE l.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let link = DownloadLink {
        created_at: Timestamp::from_millis(l.created_at),
        downloads: links::counted(l.downloads)?,
        revoked: l.revoked_at.is_some(),
    };
    if let Err(refusal) = link.serves(continues, now) {
        return Ok(Err(Refused::Link(refusal)));
    }
    let file_name = links::edition(l.version, l.language, &l.file_type)?.file_name(&l.product_id);
    if !continues {
        let owner = (
            l.purchase_id,
            l.partner_org_id,
            l.benefit_id,
            l.package_purchase_id,
        );
        let (entity, entity_id, action) = match owner {
            (Some(purchase_id), Some(partner_org_id), None, None) => {
                activity::record(
                    &mut tx,
                    activity::Entry {
                        partner_org_id,
                        customer_org_id: l.customer_org_id,
                        user_id: l.created_by,
                        kind: ActivityKind::Download,
                        purchase_id,
                    },
                    now,
                )
                .await?;
                ("software_purchase", purchase_id, "software.download")
            }
            (None, None, Some(benefit_id), None) => {
                ("benefit", benefit_id, "benefit.software_download")
            }
            (None, None, None, Some(package)) => {
                ("package_purchase", package, "package.software_download")
            }
            _ => {
                return Err(Error::Internal(format!(
                    "download link {} has no owner",
                    l.id
                )))
            }
        };
        sqlx::query("UPDATE download_links SET downloads = $2 WHERE id = $1")
            .bind(l.id)
            .bind(l.downloads + 1)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            audit::Entry {
                actor: None,
                org_id: l.customer_org_id,
                action,
                entity,
                entity_id: entity_id.to_string(),
                before: None,
                after: Some(json!({
                    "link": l.id, "file": file_name, "download": l.downloads + 1,
                    "link_made_by": l.created_by,
                })),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(Download {
        bytes: files::bytes(&file_name),
        file_name,
    }))
}

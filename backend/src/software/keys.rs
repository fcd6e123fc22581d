//! "Show product key" (R-SW-03): revealing a purchase's key is an action of
//! its own, recorded in the audit log (and, for a partner's users, in its
//! activity log, R-SW-05); the page then shows the key to its revealer for
//! `domain::KEY_SHOWN_FOR` and writes nothing when it loads. A download
//! benefit's key is revealed alike (R-SAB-11, `benefits::software`).

use std::collections::BTreeMap;

use domain::{key_shown_until, ActivityKind, Timestamp};
use serde_json::json;

use super::access::SoftwareAccess;
use super::activity;
use super::purchase_row::purchase;
use crate::actor::Actor;
use crate::audit;
use crate::db::Tx;
use crate::error::{Code, Error, Result};
use crate::services::Services;

/// Records that the actor reveals purchase `purchase_id`'s key.
#[tracing::instrument(name = "software.keys.reveal", skip_all, fields(actor = actor.user_id, purchase_id))]
pub async fn reveal(svc: &Services, actor: &Actor, purchase_id: i64) -> Result<()> {
    let mut conn = svc.db.pool().acquire().await?;
    let p = purchase(&mut conn, purchase_id)
        .await?
        .ok_or(Error::Forbidden)?;
    let access = SoftwareAccess::resolve(&mut *conn, actor, p.customer_org_id).await?;
    drop(conn);
    // A partner's user sees only what it sold.
    if !access.keys
        || access
            .partner
            .is_some_and(|partner| partner != p.partner_org_id)
    {
        return Err(Error::Forbidden);
    }
    if p.cancelled_at.is_some() {
        return Err(Error::Conflict(Code::SoftwareCancelled));
    }
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    sqlx::query("INSERT INTO key_reveals (user_id, purchase_id, revealed_at) VALUES ($1, $2, $3)")
        .bind(actor.user_id)
        .bind(p.id)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    if let Some(partner) = access.partner {
        activity::record(
            &mut tx,
            activity::Entry {
                partner_org_id: partner,
                customer_org_id: p.customer_org_id,
                user_id: Some(actor.user_id),
                kind: ActivityKind::Keys,
                purchase_id: p.id,
            },
            now,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: p.customer_org_id,
            action: "software.key_revealed",
            entity: "software_purchase",
            entity_id: p.id.to_string(),
            before: None,
            after: Some(json!({ "product": p.product_id })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The purchases whose keys `user_id` revealed recently enough to be shown
/// at `now`, with until when.
pub(crate) async fn shown_to(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    now: Timestamp,
) -> Result<BTreeMap<i64, Timestamp>> {
    let since = now.minus(domain::KEY_SHOWN_FOR).millis();
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT purchase_id, MAX(revealed_at) FROM key_reveals \
         WHERE user_id = $1 AND purchase_id IS NOT NULL AND revealed_at > $2 GROUP BY purchase_id",
    )
    .bind(user_id)
    .bind(since)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(purchase, at)| {
            key_shown_until(Timestamp::from_millis(at), now).map(|until| (purchase, until))
        })
        .collect())
}

/// Records that `user_id` reveals benefit `benefit_id`'s key for
/// `product_id` (R-SAB-11; the caller audits it).
pub(crate) async fn record_benefit_reveal(
    tx: &mut Tx,
    user_id: i64,
    benefit_id: i64,
    product_id: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO key_reveals (user_id, benefit_id, product_id, revealed_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(benefit_id)
    .bind(product_id)
    .bind(now.millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The products of benefit `benefit_id` whose keys `user_id` revealed
/// recently enough to be shown at `now`, with until when.
pub(crate) async fn benefit_shown_to(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    benefit_id: i64,
    now: Timestamp,
) -> Result<BTreeMap<String, Timestamp>> {
    let since = now.minus(domain::KEY_SHOWN_FOR).millis();
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT product_id, MAX(revealed_at) FROM key_reveals \
         WHERE user_id = $1 AND benefit_id = $2 AND revealed_at > $3 GROUP BY product_id",
    )
    .bind(user_id)
    .bind(benefit_id)
    .bind(since)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(product, at)| {
            key_shown_until(Timestamp::from_millis(at), now).map(|until| (product, until))
        })
        .collect())
}

//! R-AUD-01: every change writes who, for whom, what, before → after and when,
//! in the same transaction as the change.

use domain::paging::{self, Paged, PAGE_ROWS};
pub use domain::views::AuditRow;
use domain::Timestamp;
use serde_json::Value;
use sqlx::Row;

use crate::actor::Actor;
use crate::db::{Db, Statement, Tx};
use crate::error::Result;

pub struct Entry<'a> {
    pub actor: Option<&'a Actor>,
    /// The organization whose data changed.
    pub org_id: i64,
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub async fn record(tx: &mut Tx, entry: Entry<'_>, now: Timestamp) -> Result<()> {
    tx.run(statement(entry, now).into()).await?;
    Ok(())
}

/// The entry's insert, to run in a batch with the change it records.
pub fn statement(entry: Entry<'_>, now: Timestamp) -> Statement {
    crate::statement!(
        "INSERT INTO audit_log (at, actor_user_id, actor_org_id, org_id, action, entity, entity_id, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        now.millis(),
        entry.actor.map(|a| a.user_id),
        entry.actor.map(|a| a.org_id),
        entry.org_id,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.before.map(|v| v.to_string()),
        entry.after.map(|v| v.to_string()),
    )
}

/// The newest entries about the actor's organization, for those who may
/// read its audit log.
pub async fn list(svc: &crate::Services, actor: &Actor, limit: i64) -> Result<Vec<AuditRow>> {
    actor.require(domain::Permission::ViewAuditLog)?;
    list_for_org(&svc.db, actor.org_id, None, limit).await
}

/// One page of the audit log: the entries before `cursor`, newest first.
pub async fn page(
    svc: &crate::Services,
    actor: &Actor,
    cursor: Option<i64>,
) -> Result<Paged<AuditRow>> {
    actor.require(domain::Permission::ViewAuditLog)?;
    let fetched = list_for_org(&svc.db, actor.org_id, cursor, PAGE_ROWS as i64 + 1).await?;
    Ok(Paged::cut(fetched, PAGE_ROWS, |r| r.id))
}

/// The columns of the audit log's CSV, named in the reader's language by
/// the caller (time, actor, actor's organization, action, entity, entity
/// id, before, after).
pub type AuditCsvHeader = [&'static str; 8];

/// R-AUD-01: the actor's organization's audit log as CSV, oldest first.
pub async fn csv(svc: &crate::Services, actor: &Actor, header: &AuditCsvHeader) -> Result<String> {
    actor.require(domain::Permission::ViewAuditLog)?;
    let mut rows = list_for_org(&svc.db, actor.org_id, None, 100_000).await?;
    rows.reverse();
    Ok(crate::csv::to_csv(
        header,
        rows.into_iter().map(|r| {
            vec![
                r.at.to_rfc3339(),
                r.actor_email.unwrap_or_default(),
                r.actor_org.unwrap_or_default(),
                r.action,
                r.entity,
                r.entity_id,
                r.before.unwrap_or_default(),
                r.after.unwrap_or_default(),
            ]
        }),
    ))
}

/// The newest entries about one organization, before `cursor`.
pub async fn list_for_org(
    db: &Db,
    org_id: i64,
    cursor: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditRow>> {
    let rows = sqlx::query(
        "SELECT a.id, a.at, u.email, o.name AS actor_org, a.action, a.entity, a.entity_id, a.before_json, a.after_json \
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id \
         LEFT JOIN organizations o ON o.id = a.actor_org_id \
         WHERE a.org_id = $1 AND a.id < $2 ORDER BY a.id DESC LIMIT $3",
    )
    .bind(org_id)
    .bind(paging::before(cursor))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditRow {
            id: r.get(0),
            at: Timestamp::from_millis(r.get(1)),
            actor_email: r.get(2),
            actor_org: r.get(3),
            action: r.get(4),
            entity: r.get(5),
            entity_id: r.get(6),
            before: r.get(7),
            after: r.get(8),
        })
        .collect())
}

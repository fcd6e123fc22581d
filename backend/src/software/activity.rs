//! The activity log (R-SW-05, gear → "Activity log"): for a date range, which
//! of the partner's users accessed software keys or downloaded software,
//! when, which product, for which customer. Written with the reveal or the
//! download it records; read by the partner roles that may view it.

use domain::software_views::{ActivityPage, ActivityRow};
use domain::{activity_range, ActivityKind, OrgKind, Permission, Timestamp};

use crate::actor::Actor;
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::services::Services;

/// One entry, in the transaction of what it records.
pub(crate) struct Entry {
    pub partner_org_id: i64,
    pub customer_org_id: i64,
    pub user_id: Option<i64>,
    pub kind: ActivityKind,
    pub purchase_id: i64,
}

pub(crate) async fn record(tx: &mut Tx, e: Entry, at: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO software_activity (partner_org_id, customer_org_id, user_id, kind, purchase_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(e.partner_org_id)
    .bind(e.customer_org_id)
    .bind(e.user_id)
    .bind(e.kind.code())
    .bind(e.purchase_id)
    .bind(at.millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    at: i64,
    user_name: Option<String>,
    user_email: Option<String>,
    kind: String,
    product: String,
    customer: String,
}

/// The actor's partner's activity from `from` to `to` (days, both
/// included; empty: the last 30 days), newest first.
#[tracing::instrument(name = "software.activity.list", skip_all, fields(actor = actor.user_id))]
pub async fn list(svc: &Services, actor: &Actor, from: &str, to: &str) -> Result<ActivityPage> {
    if actor.org_kind != OrgKind::Partner {
        return Err(Error::Forbidden);
    }
    actor.require(Permission::ViewActivityLog)?;
    let now = svc.now().await?;
    let (first, last) =
        activity_range(from, to, now.date()).map_err(|e| Error::Invalid(vec![e.field_error()]))?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.at, u.name AS user_name, u.email AS user_email, a.kind, p.name AS product, c.name AS customer \
         FROM software_activity a JOIN software_purchases p ON p.id = a.purchase_id \
         JOIN organizations c ON c.id = a.customer_org_id LEFT JOIN users u ON u.id = a.user_id \
         WHERE a.partner_org_id = $1 AND a.at >= $2 AND a.at < $3 ORDER BY a.at DESC, a.id DESC",
    )
    .bind(actor.org_id)
    .bind(first.start().millis())
    .bind(last.add_days(1).start().millis())
    .fetch_all(svc.db.pool())
    .await?;
    Ok(ActivityPage {
        from: first,
        to: last,
        rows: rows
            .into_iter()
            .map(|r| {
                Ok(ActivityRow {
                    at: Timestamp::from_millis(r.at),
                    user: match (r.user_name, r.user_email) {
                        (Some(name), Some(email)) => format!("{name} <{email}>"),
                        _ => String::new(),
                    },
                    kind: ActivityKind::parse(&r.kind)
                        .ok_or_else(|| Error::Internal(format!("activity kind {}", r.kind)))?,
                    product: r.product,
                    customer: r.customer,
                })
            })
            .collect::<Result<_>>()?,
    })
}

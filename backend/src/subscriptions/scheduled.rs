//! What is scheduled for a subscription's end — a trial's conversion
//! (R-SUB-26) or a change at renewal (R-SUB-19) — and its removal: by the
//! partner, or by a mid-term change that deletes it (R-SUB-20), recorded in
//! the audit log either way.

use serde_json::json;

use super::changes::{begin, not_processing};
use super::state::{Loaded, Locked, Touch};
use crate::actor::Actor;
use crate::audit;
use crate::db::Tx;
use crate::error::Result;
use crate::services::Services;

/// R-SUB-20: deletes what is scheduled for `sub`'s end, recording what and
/// why (`cause`: the audit action that deleted it).
pub(crate) async fn delete_scheduled(
    tx: &mut Tx,
    actor: Option<&Actor>,
    sub: &Loaded,
    cause: &str,
    now: domain::Timestamp,
) -> Result<()> {
    let kinds: Vec<String> = sqlx::query_scalar(
        "DELETE FROM scheduled_changes WHERE subscription_id = $1 RETURNING kind",
    )
    .bind(sub.id)
    .fetch_all(&mut **tx)
    .await?;
    if kinds.is_empty() {
        return Ok(());
    }
    audit::record(tx, deleted_entry(actor, sub, &kinds, cause), now).await
}

/// The audit entry of deleted scheduled changes of `kinds`.
pub(crate) fn deleted_entry<'a>(
    actor: Option<&'a Actor>,
    sub: &Loaded,
    kinds: &[String],
    cause: &str,
) -> audit::Entry<'a> {
    audit::Entry {
        actor,
        org_id: sub.customer_org_id,
        action: "subscription.scheduled_change_deleted",
        entity: "subscription",
        entity_id: sub.id.to_string(),
        before: Some(json!({ "scheduled": kinds.join(",") })),
        after: Some(json!({ "deleted_by": cause })),
    }
}

/// Removes what is scheduled for the subscription's end, if anything
/// ("Remove" on its page). Read-only while the job processes it (R-SUB-21).
#[tracing::instrument(name = "subscriptions.scheduled.remove", skip_all, fields(actor = actor.user_id, id))]
pub async fn remove(svc: &Services, actor: &Actor, id: i64) -> Result<()> {
    let now = svc.now().await?;
    let Locked { mut tx, sub, .. } = begin(svc, actor, id, Touch::Nothing, now).await?;
    not_processing(svc, &sub)?;
    delete_scheduled(&mut tx, Some(actor), &sub, "subscription.unschedule", now).await?;
    tx.commit().await?;
    Ok(())
}

//! What the provider sees of the background work (R-NOT-01): the emails the
//! outbox gave up on, with their reasons, and the items the jobs skipped;
//! and sending a dead letter again once its cause is fixed.

use domain::operations_views::OperationsView;
use domain::{OrgKind, Permission};
use serde_json::json;

use crate::actor::Actor;
use crate::audit;
use crate::error::{Code, Error, Result};
use crate::services::Services;
use crate::{job_failures, outbox};

/// How many of each the page lists.
const LISTED: i64 = 200;

/// The provider's operators: a Platform Administrator.
pub(crate) fn is_operator(actor: &Actor) -> bool {
    actor.org_kind == OrgKind::Provider && actor.can(Permission::ManagePlatform)
}

pub(crate) fn require_operator(actor: &Actor) -> Result<()> {
    if is_operator(actor) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

#[tracing::instrument(name = "operations.overview", skip_all, fields(actor = actor.user_id))]
pub async fn overview(svc: &Services, actor: &Actor) -> Result<OperationsView> {
    require_operator(actor)?;
    Ok(OperationsView {
        outbox_pending: outbox::backlog(&svc.db).await?.pending,
        dead_letters: outbox::dead_letters(&svc.db, LISTED).await?,
        job_failures: job_failures::open(&svc.db, LISTED).await?,
    })
}

/// Makes dead letter `id` due again, with a fresh set of attempts.
#[tracing::instrument(name = "operations.retry_dead_letter", skip_all, fields(actor = actor.user_id, outbox_id = id))]
pub async fn retry_dead_letter(svc: &Services, actor: &Actor, id: i64) -> Result<()> {
    require_operator(actor)?;
    let now = svc.clock.now();
    let mut tx = svc.db.begin().await?;
    if !outbox::delivery::requeue(&mut tx, id, now).await? {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match exists {
            Some(_) => Error::Conflict(Code::DeliveryNotDead),
            None => Error::NotFound,
        });
    }
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: actor.org_id,
            action: "outbox.retry",
            entity: "outbox",
            entity_id: id.to_string(),
            before: Some(json!({ "state": "dead" })),
            after: Some(json!({ "state": "pending" })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

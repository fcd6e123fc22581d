//! The demo test clock (like a billing "test clock"): a provider
//! administrator moves business time forward by days and minutes so
//! renewals, expiries, closing windows and midnight UTC can be seen.
//! Refused in production mode.

use domain::subscription_views::TestClockView;
use domain::{OrgKind, Permission, Span};
use serde_json::json;

use crate::actor::Actor;
use crate::audit;
use crate::error::{Code, Error, Result};
use crate::services::Services;
use crate::subscriptions::jobs;

#[tracing::instrument(name = "test_clock.status", skip_all)]
pub async fn status(svc: &Services) -> Result<Option<TestClockView>> {
    if !svc.config.demo_mode {
        return Ok(None);
    }
    let (now, offset) = svc.test_clock().await?;
    Ok(Some(TestClockView {
        now,
        offset_days: offset / Span::days(1).as_millis(),
    }))
}

/// Moves business time forward by `days` and `minutes` (less than a day),
/// then runs the billing job so the renewals and charges now due happen at
/// once.
#[tracing::instrument(name = "test_clock.advance", skip_all, fields(actor = actor.user_id, days, minutes))]
pub async fn advance(
    svc: &Services,
    actor: &Actor,
    days: u32,
    minutes: u32,
) -> Result<TestClockView> {
    actor.require_kind(OrgKind::Provider)?;
    actor.require(Permission::AdvanceTestClock)?;
    if !svc.config.demo_mode {
        return Err(Error::Conflict(Code::TestClockDisabled));
    }
    let by = domain::test_clock::advance_by(days, minutes)
        .map_err(|e| Error::Invalid(vec![e.field_error()]))?;
    let before = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    sqlx::query("UPDATE test_clock SET offset_ms = offset_ms + $1, updated_at = $2 WHERE id = 1")
        .bind(by.as_millis())
        .bind(svc.clock.now().millis())
        .execute(&mut *tx)
        .await?;
    let after = before.plus(by);
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: actor.org_id,
            action: "test_clock.advance",
            entity: "test_clock",
            entity_id: "1".into(),
            before: Some(json!({ "now": before.to_rfc3339() })),
            after: Some(json!({ "now": after.to_rfc3339(), "days": days, "minutes": minutes })),
        },
        before,
    )
    .await?;
    tx.commit().await?;
    jobs::run_due(svc, svc.now().await?).await?;
    status(svc)
        .await?
        .ok_or(Error::Conflict(Code::TestClockDisabled))
}

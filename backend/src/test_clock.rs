//! The demo test clock (like a billing "test clock"): a provider
//! administrator moves business time forward by whole days so renewals,
//! expiries and closing windows can be seen. Refused in production mode.

use domain::subscription_views::TestClockView;
use domain::{OrgKind, Permission, Span};
use serde_json::json;

use crate::actor::Actor;
use crate::audit;
use crate::error::{Error, Result};
use crate::services::Services;
use crate::subscriptions::jobs;

/// The most one step may move (a sanity bound, not a rule).
pub const MAX_ADVANCE_DAYS: u32 = 400;

#[tracing::instrument(name = "test_clock.status", skip_all)]
pub async fn status(svc: &Services) -> Result<Option<TestClockView>> {
    if !svc.config.demo_mode {
        return Ok(None);
    }
    let offset: i64 = sqlx::query_scalar("SELECT offset_ms FROM test_clock WHERE id = 1")
        .fetch_one(svc.db.pool())
        .await?;
    Ok(Some(TestClockView {
        now: svc.now().await?,
        offset_days: offset / Span::days(1).as_millis(),
    }))
}

/// Moves business time forward by `days`, then runs the billing job so the
/// renewals and charges now due happen at once.
#[tracing::instrument(name = "test_clock.advance", skip_all, fields(actor = actor.user_id, days))]
pub async fn advance(svc: &Services, actor: &Actor, days: u32) -> Result<TestClockView> {
    actor.require_kind(OrgKind::Provider)?;
    actor.require(Permission::AdvanceTestClock)?;
    if !svc.config.demo_mode {
        return Err(Error::Conflict("test_clock_disabled"));
    }
    if days == 0 || days > MAX_ADVANCE_DAYS {
        return Err(Error::Invalid(vec![domain::FieldError::from_code(
            "days",
            "clock_days_invalid",
        )
        .with("max", MAX_ADVANCE_DAYS.to_string())]));
    }
    let before = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    sqlx::query("UPDATE test_clock SET offset_ms = offset_ms + $1, updated_at = $2 WHERE id = 1")
        .bind(Span::days(i64::from(days)).as_millis())
        .bind(svc.clock.now().millis())
        .execute(&mut *tx)
        .await?;
    let after = before.plus(Span::days(i64::from(days)));
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: actor.org_id,
            action: "test_clock.advance",
            entity: "test_clock",
            entity_id: "1".into(),
            before: Some(json!({ "now": before.to_rfc3339() })),
            after: Some(json!({ "now": after.to_rfc3339(), "days": days })),
        },
        before,
    )
    .await?;
    tx.commit().await?;
    jobs::run_due(svc, svc.now().await?).await?;
    status(svc)
        .await?
        .ok_or(Error::Conflict("test_clock_disabled"))
}

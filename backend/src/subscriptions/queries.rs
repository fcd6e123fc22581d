//! Reading subscriptions: a customer's list (the partner's own, or all for
//! the customer's users) and one subscription with everything its previews need.

use domain::subscription_views::{Pinned, SubscriptionDetail, SubscriptionRow};
use domain::{Pin, SubscriptionStatus};
use sqlx::Row;
use std::collections::HashMap;
use std::sync::LazyLock;

use super::access::Access;
use super::pins;
use super::state::{self, Loaded, COLUMNS};
use crate::actor::Actor;
use crate::error::{Code, Error, Result};
use crate::services::Services;

/// The list row of a subscription holding `seats` (the sum of its open additions).
pub(crate) fn row_view(s: &Loaded, seats: u32, partner_name: String) -> SubscriptionRow {
    SubscriptionRow {
        id: s.id,
        customer_id: s.customer_org_id,
        name: s.name.clone(),
        offer_id: s.offer_id.clone(),
        seats,
        status: s.state.status,
        auto_renew: s.auto_renew,
        term: s.state.term,
        frequency: s.state.frequency,
        term_ends_on: s.state.term_period().end.add_days(-1),
        renews_on: domain::seats::renews_on(&s.state, s.auto_renew),
        partner_name,
        reseller: s.reseller.clone(),
        promotion: s.promotion.clone(),
    }
}

/// The seats a subscription holds: the sum of its open additions.
#[derive(sqlx::FromRow)]
struct SeatCount {
    subscription_id: i64,
    seats: i64,
}

/// Subscriptions of a customer the actor may see, deleted ones excluded.
#[tracing::instrument(name = "subscriptions.queries.list", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn list(
    svc: &Services,
    actor: &Actor,
    customer_org_id: i64,
) -> Result<Vec<SubscriptionRow>> {
    static LIST: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {}, p.name AS partner_name FROM subscriptions s JOIN organizations p ON p.id = s.partner_org_id \
             WHERE s.customer_org_id = $1 AND ($2 = 0 OR s.partner_org_id = $2) AND s.status <> 'deleted' ORDER BY s.name, s.id",
            *COLUMNS
        )
    });
    // One connection for the three statements: every acquisition costs a
    // round trip to SQLite's thread when the connection goes back.
    let mut conn = svc.db.pool().acquire().await?;
    let access = Access::resolve(&mut *conn, actor, customer_org_id).await?;
    let rows = sqlx::query(&LIST)
        .bind(customer_org_id)
        .bind(access.partner_filter().unwrap_or(0))
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    // One query for every live addition of these subscriptions (the seat
    // count is their sum), instead of one per subscription.
    let seats: HashMap<i64, i64> = sqlx::query_as::<_, SeatCount>(
        "SELECT a.subscription_id, CAST(SUM(a.seats) AS BIGINT) AS seats FROM seat_additions a JOIN subscriptions s ON s.id = a.subscription_id \
         WHERE s.customer_org_id = $1 AND a.closed = 0 GROUP BY a.subscription_id",
    )
    .bind(customer_org_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|c| (c.subscription_id, c.seats))
    .collect();
    drop(conn);
    for r in &rows {
        let s = state::from_row(r)?;
        let held = seats.get(&s.id).copied().unwrap_or(0);
        out.push(row_view(
            &s,
            held.clamp(0, i64::from(u32::MAX)) as u32,
            r.try_get("partner_name")?,
        ));
    }
    Ok(out)
}

/// One subscription with its rule state and the business time the page's
/// previews pin, signed (see [`pins`]). A suspended subscription is blocked
/// for the customer's users (R-SUB-23): they get 403 with a code the page
/// explains.
#[tracing::instrument(name = "subscriptions.queries.detail", skip_all, fields(actor = actor.user_id, id))]
pub async fn detail(svc: &Services, actor: &Actor, id: i64) -> Result<SubscriptionDetail> {
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let mut conn = svc.db.pool().acquire().await?;
    let sub = state::load(&mut conn, id).await?.ok_or(Error::Forbidden)?;
    let access = Access::resolve(&mut *conn, actor, sub.customer_org_id).await?;
    if !access.sees(sub.partner_org_id) {
        return Err(Error::Forbidden);
    }
    if sub.state.status == SubscriptionStatus::Deleted {
        let ended = row_view(&sub, 0, String::new()).term_ends_on;
        return Err(Error::Gone(
            domain::FieldError::new("", &Code::SubscriptionDeleted)
                .with("ended", ended.to_string()),
        ));
    }
    if access == Access::Customer && sub.state.status == SubscriptionStatus::Suspended {
        return Err(Error::Conflict(Code::SubscriptionSuspended));
    }
    let names = sqlx::query(
        "SELECT c.name AS customer, p.name AS partner FROM organizations c, organizations p WHERE c.id = $1 AND p.id = $2",
    )
    .bind(sub.customer_org_id)
    .bind(sub.partner_org_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(SubscriptionDetail {
        version: sub.version,
        row: row_view(&sub, sub.state.seats(), names.try_get("partner")?),
        customer_name: names.try_get("customer")?,
        marketplace: sub.marketplace,
        can_manage: access.manages(sub.partner_org_id),
        pin: pins::issue(
            secret,
            sub.id,
            Pin {
                pinned_at: now,
                version: sub.state.update_count,
            },
        ),
        conversion: super::trials::offer(&mut conn, &sub).await?,
        scheduled_conversion: super::trials::scheduled_view(&mut conn, &sub).await?,
        upgrades: if access.manages(sub.partner_org_id) {
            super::upgrades::paths(&mut conn, &sub).await?
        } else {
            Vec::new()
        },
        renewal_choices: if access.manages(sub.partner_org_id) {
            super::renewal::choices(&sub)
        } else {
            Vec::new()
        },
        scheduled_renewal: super::renewal::scheduled_view(&mut conn, &sub).await?,
        coterm_with: if access.manages(sub.partner_org_id) {
            super::renewal::coterm_with(&mut conn, &sub).await?
        } else {
            Vec::new()
        },
        base: super::addons::base_of(&mut conn, &sub).await?,
        addons: super::addons::of(&mut conn, &sub).await?,
        addon_choices: if access.manages(sub.partner_org_id) {
            super::addons::choices(&mut conn, &sub).await?
        } else {
            Vec::new()
        },
        processing: sub
            .processing
            .filter(|c| c.holds(svc.clock.now()))
            .map(|c| c.what),
        state: sub.state,
        as_of: now,
    })
}

/// A fresh pin and state for a page whose commit was refused (the same
/// access as [`detail`]).
pub async fn pinned(svc: &Services, actor: &Actor, id: i64) -> Result<Pinned> {
    Ok(detail(svc, actor, id).await?.pinned())
}

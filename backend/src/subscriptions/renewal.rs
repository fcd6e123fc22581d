//! "Manage renewal" (R-SUB-19): a change scheduled for the next term — its
//! product (the subscription's own or an upgrade, R-SUB-17), term, billing
//! and licenses — shown with the next term's first charge, replaced or
//! removed by the partner, deleted by the mid-term changes of R-SUB-20
//! (`scheduled::delete_scheduled`), and carried out by the billing job.

use domain::subscription_views::{RenewalChoice, ScheduleRenewalForm, ScheduledRenewalView};
use domain::{
    check_renewal_change, NextTerm, Offer, RenewalChangeError, Seats, SubscriptionStatus,
};
use serde_json::json;

use super::changes::{begin, not_processing};
use super::state::{Loaded, Locked, Touch};
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::error::{Error, Result};
use crate::services::Services;

/// The products `sub` may renew as, with how each is sold in its currency:
/// its own, then its supported upgrades. None unless it is an active paid
/// subscription.
fn products(sub: &Loaded) -> Vec<(&'static Offer, bool)> {
    let catalog = catalog();
    let renewable = sub.state.status == SubscriptionStatus::Active && !sub.state.trial;
    let Some(own) = catalog.offer(&sub.offer_id).filter(|_| renewable) else {
        return Vec::new();
    };
    let upgrades = catalog
        .upgrade_paths(own)
        .into_iter()
        .filter(|p| p.supported)
        .map(|p| (p.target, true));
    std::iter::once((own, false)).chain(upgrades).collect()
}

/// What the "Manage renewal" form offers.
pub(crate) fn choices(sub: &Loaded) -> Vec<RenewalChoice> {
    let currency = sub.state.seat_price.currency;
    products(sub)
        .into_iter()
        .map(|(offer, upgrade)| RenewalChoice {
            offer_id: offer.id.clone(),
            name: offer.name.clone(),
            upgrade,
            options: offer.options(currency),
        })
        .filter(|c| !c.options.is_empty())
        .collect()
}

/// The choice and option a form's code names.
fn chosen(sub: &Loaded, code: &str) -> Option<(&'static Offer, domain::PaidOption)> {
    let (offer_id, option) = code.split_once('|')?;
    let (offer, _) = products(sub).into_iter().find(|(o, _)| o.id == offer_id)?;
    let option = offer
        .options(sub.state.seat_price.currency)
        .into_iter()
        .find(|o| o.code() == option)?;
    Some((offer, option))
}

/// The change scheduled for `sub`'s renewal, if any. One the catalog no
/// longer sells so is a fault, shown (and the renewal fails, recorded):
/// renewing on other terms than the partner chose would charge what
/// nobody scheduled.
pub(crate) async fn scheduled(
    conn: &mut sqlx::AnyConnection,
    sub: &Loaded,
) -> Result<Option<(&'static Offer, NextTerm)>> {
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT offer_id, option, seats FROM scheduled_changes WHERE subscription_id = $1 AND kind = 'renewal'",
    )
    .bind(sub.id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((offer_id, option, seats)) = row else {
        return Ok(None);
    };
    let (offer, option) = chosen(sub, &format!("{offer_id}|{option}")).ok_or_else(|| {
        Error::Internal(format!(
            "scheduled renewal {offer_id} {option} is no longer sold"
        ))
    })?;
    let seats = u32::try_from(seats).map_err(|_| Error::Internal("scheduled seats".into()))?;
    Ok(Some((offer, NextTerm { option, seats })))
}

/// What the page shows of the scheduled change.
pub(crate) async fn scheduled_view(
    conn: &mut sqlx::AnyConnection,
    sub: &Loaded,
) -> Result<Option<ScheduledRenewalView>> {
    if sub.state.status != SubscriptionStatus::Active {
        return Ok(None);
    }
    Ok(scheduled(conn, sub).await?.map(|(offer, next)| {
        let (first_charge, period) = next.first_charge(&sub.state);
        ScheduledRenewalView {
            name: offer.name.clone(),
            upgrade: offer.id != sub.offer_id,
            option: next.option,
            seats: next.seats,
            renews_on: period.start,
            first_charge,
            first_period_last_day: period.end.add_days(-1),
        }
    }))
}

fn refused(e: RenewalChangeError) -> Error {
    Error::Invalid(vec![e.field_error()])
}

/// Schedules (or replaces) the change for the next term.
#[tracing::instrument(name = "subscriptions.renewal.schedule", skip_all, fields(actor = actor.user_id, subscription_id = form.subscription_id))]
pub async fn schedule(svc: &Services, actor: &Actor, form: &ScheduleRenewalForm) -> Result<()> {
    let seats = Seats::parse(&form.seats).map_err(|e| Error::field("seats", &e))?;
    let now = svc.now().await?;
    let Locked { mut tx, sub, .. } =
        begin(svc, actor, form.subscription_id, Touch::Nothing, now).await?;
    not_processing(svc, &sub)?;
    let (offer, option) = chosen(&sub, &form.choice).ok_or_else(|| {
        // Not a choice of this subscription: a trial or an ended one has
        // none; otherwise the product is not sold so.
        let status = (sub.state.status, sub.state.trial);
        refused(match status {
            (_, true) => RenewalChangeError::Trial,
            (SubscriptionStatus::Active, _) => RenewalChangeError::NotOffered,
            _ => RenewalChangeError::NotActive,
        })
    })?;
    let options = offer.options(sub.state.seat_price.currency);
    let same = offer.id == sub.offer_id;
    let next = check_renewal_change(&sub.state, sub.auto_renew, same, &options, option, seats)
        .map_err(refused)?;
    sqlx::query("DELETE FROM scheduled_changes WHERE subscription_id = $1 AND kind = 'renewal'")
        .bind(sub.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO scheduled_changes (subscription_id, kind, offer_id, option, seats, scheduled_at) \
         VALUES ($1, 'renewal', $2, $3, $4, $5)",
    )
    .bind(sub.id)
    .bind(&offer.id)
    .bind(option.code())
    .bind(i64::from(next.seats))
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    let (charge, _) = next.first_charge(&sub.state);
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: sub.customer_org_id,
            action: "subscription.schedule_renewal_change",
            entity: "subscription",
            entity_id: sub.id.to_string(),
            before: Some(json!({
                "offer": sub.offer_id, "term": sub.state.term.code(),
                "billing": sub.state.frequency.code(), "seats": sub.state.seats(),
            })),
            after: Some(json!({
                "offer": offer.id, "term": option.term.code(), "billing": option.frequency.code(),
                "seats": next.seats, "first_charge": charge.decimal(), "currency": charge.currency.code(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

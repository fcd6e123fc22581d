//! "Manage renewal" (R-SUB-19): a change scheduled for the next term — its
//! product (the subscription's own or an upgrade, R-SUB-17), term, billing
//! and licenses — shown with the next term's first charge, replaced or
//! removed by the partner, deleted by the mid-term changes of R-SUB-20
//! (`scheduled::delete_scheduled`), and carried out by the billing job. The
//! next term may be co-termed to end with another subscription of the
//! customer.

use domain::subscription_views::{
    CotermWith, RenewalChoice, ScheduleRenewalForm, ScheduledRenewalView,
};
use domain::{
    check_renewal_change, coterm_fits, parse_coterm, NextTerm, Offer, RenewalChangeError, Seats,
    SubscriptionStatus,
};
use serde_json::json;

use super::changes::{begin, not_processing};
use super::state::{self, Loaded, Locked, Touch};
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

/// The customer's other active paid subscriptions with `sub`'s partner
/// whose renewal day some next term of `sub` could end on (R-SUB-19),
/// soonest first.
pub(crate) async fn coterm_with(
    conn: &mut sqlx::AnyConnection,
    sub: &Loaded,
) -> Result<Vec<CotermWith>> {
    let options: Vec<domain::PaidOption> =
        choices(sub).into_iter().flat_map(|c| c.options).collect();
    if options.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM subscriptions WHERE customer_org_id = $1 AND partner_org_id = $2 \
         AND status = 'active' AND trial = 0 AND id <> $3 ORDER BY id",
    )
    .bind(sub.customer_org_id)
    .bind(sub.partner_org_id)
    .bind(sub.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for id in ids {
        let Some(other) = state::load(conn, id).await? else {
            continue;
        };
        let renews_on = other.state.term_period().end;
        if options
            .iter()
            .any(|&o| coterm_fits(&sub.state, o, renews_on))
        {
            out.push(CotermWith {
                subscription_id: id,
                name: other.name,
                renews_on,
            });
        }
    }
    out.sort_by_key(|c| (c.renews_on, c.subscription_id));
    Ok(out)
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
    let row: Option<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT offer_id, option, seats, coterm_end FROM scheduled_changes \
         WHERE subscription_id = $1 AND kind = 'renewal'",
    )
    .bind(sub.id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((offer_id, option, seats, coterm)) = row else {
        return Ok(None);
    };
    let (offer, option) = chosen(sub, &format!("{offer_id}|{option}")).ok_or_else(|| {
        Error::Internal(format!(
            "scheduled renewal {offer_id} {option} is no longer sold"
        ))
    })?;
    let seats = u32::try_from(seats).map_err(|_| Error::Internal("scheduled seats".into()))?;
    let term_end = coterm.map(state::day);
    Ok(Some((
        offer,
        NextTerm {
            option,
            seats,
            term_end,
        },
    )))
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
            coterm_last_day: next.term_end.map(|d| d.add_days(-1)),
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
    let coterm = parse_coterm(&form.coterm).map_err(refused)?;
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
    if let Some(day) = coterm {
        // Only another subscription's renewal day, as the form offers.
        let offered = coterm_with(&mut tx, &sub).await?;
        if !offered.iter().any(|c| c.renews_on == day) {
            return Err(refused(RenewalChangeError::CotermNotOffered));
        }
    }
    let options = offer.options(sub.state.seat_price.currency);
    let same = offer.id == sub.offer_id;
    let next = check_renewal_change(
        &sub.state,
        sub.auto_renew,
        same,
        &options,
        option,
        seats,
        coterm,
    )
    .map_err(refused)?;
    sqlx::query("DELETE FROM scheduled_changes WHERE subscription_id = $1 AND kind = 'renewal'")
        .bind(sub.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO scheduled_changes (subscription_id, kind, offer_id, option, seats, scheduled_at, coterm_end) \
         VALUES ($1, 'renewal', $2, $3, $4, $5, $6)",
    )
    .bind(sub.id)
    .bind(&offer.id)
    .bind(option.code())
    .bind(i64::from(next.seats))
    .bind(now.millis())
    .bind(next.term_end.map(|d| d.days_since_epoch()))
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
                "term_ends_on": next.term_end.map(|d| d.add_days(-1).to_string()),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

//! Converting a trial to a paid subscription mid-term (R-SUB-25): a new
//! subscription of the trial's paid offer with the previewed first charge,
//! or 25 seats more on an existing one, and the trial ends, in one
//! transaction holding the trial's row lock (and the target's). Or
//! scheduling the conversion for the trial's end (R-SUB-26), which the
//! billing job carries out.

use domain::subscription_views::{
    ConversionOffer, ScheduleConversionForm, ScheduledConversionView, TrialConversionForm,
};
use domain::{
    check_commit, check_scheduled_conversion, plan_trial_conversion, plan_trial_conversion_into,
    Addition, NextTerm, Offer, PaidOption, Seats, SubscriptionStatus, TrialConversion,
    TrialConversionError,
};
use serde_json::json;

use super::changes::{begin, current_pin, not_processing};
use super::ledger;
use super::scheduled::delete_scheduled;
use super::state::{Loaded, Locked, Touch};
use super::store::{create_subscription, insert_addition, lock_sibling, siblings, Purchase};
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::services::Services;

/// The paid offer `sub` (a trial) converts to, and how it is sold in the
/// trial's currency.
fn paid_offer(sub: &Loaded) -> Option<(&'static Offer, Vec<PaidOption>)> {
    let catalog = catalog();
    let trial = catalog.offer(&sub.offer_id).filter(|o| o.is_trial())?;
    catalog.conversion_options(trial, sub.state.seat_price.currency)
}

/// What the trial's page offers: only while it is an active trial.
pub(crate) async fn offer(
    conn: &mut sqlx::AnyConnection,
    sub: &Loaded,
) -> Result<Option<ConversionOffer>> {
    let active = sub.state.trial && sub.state.status == SubscriptionStatus::Active;
    let Some((paid, options)) = paid_offer(sub).filter(|_| active) else {
        return Ok(None);
    };
    Ok(Some(ConversionOffer {
        name: paid.name.clone(),
        options,
        existing: siblings(conn, sub, &paid.id).await?,
    }))
}

fn refused(e: TrialConversionError) -> Error {
    Error::Invalid(vec![e.field_error()])
}

/// The option of `options` a form names.
fn chosen(options: &[PaidOption], code: &str) -> Result<PaidOption> {
    options
        .iter()
        .copied()
        .find(|o| o.code() == code)
        .ok_or_else(|| refused(TrialConversionError::NotOffered))
}

/// The conversion scheduled for `sub`'s end, if any. One whose option the
/// catalog no longer sells is a fault, shown (and the billing step fails,
/// recorded): converting on other terms than the partner chose would charge
/// what nobody scheduled.
pub(crate) async fn scheduled(
    conn: &mut sqlx::AnyConnection,
    sub: &Loaded,
) -> Result<Option<(&'static Offer, NextTerm)>> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT option, seats FROM scheduled_changes WHERE subscription_id = $1 AND kind = 'trial_conversion'",
    )
    .bind(sub.id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((code, seats)) = row else {
        return Ok(None);
    };
    let (paid, options) = paid_offer(sub)
        .ok_or_else(|| Error::Internal(format!("{} has no paid offer", sub.offer_id)))?;
    let seats = u32::try_from(seats).map_err(|_| Error::Internal("scheduled seats".into()))?;
    let option = options
        .iter()
        .copied()
        .find(|o| o.code() == code)
        .ok_or_else(|| Error::Internal(format!("scheduled option {code} is no longer sold")))?;
    Ok(Some((paid, NextTerm::new(option, seats))))
}

/// What the trial's page shows of its scheduled conversion.
pub(crate) async fn scheduled_view(
    conn: &mut sqlx::AnyConnection,
    sub: &Loaded,
) -> Result<Option<ScheduledConversionView>> {
    Ok(scheduled(conn, sub).await?.map(|(paid, s)| {
        let (first_charge, period) = s.first_charge(&sub.state);
        ScheduledConversionView {
            name: paid.name.clone(),
            option: s.option,
            seats: s.seats,
            converts_on: period.start,
            first_charge,
            first_period_last_day: period.end.add_days(-1),
        }
    }))
}

/// Schedules the trial's conversion at its end (R-SUB-26), replacing one
/// scheduled before.
#[tracing::instrument(name = "subscriptions.trials.schedule", skip_all, fields(actor = actor.user_id, subscription_id = form.subscription_id))]
pub async fn schedule(svc: &Services, actor: &Actor, form: &ScheduleConversionForm) -> Result<()> {
    let seats = Seats::parse(&form.seats).map_err(|e| Error::field("seats", &e))?;
    let now = svc.now().await?;
    let Locked { mut tx, sub, .. } =
        begin(svc, actor, form.subscription_id, Touch::Nothing, now).await?;
    not_processing(svc, &sub)?;
    let (_, options) =
        paid_offer(&sub).ok_or_else(|| refused(TrialConversionError::NotActiveTrial))?;
    let option = chosen(&options, &form.option)?;
    let planned = check_scheduled_conversion(&sub.state, sub.auto_renew, &options, option, seats)
        .map_err(refused)?;
    sqlx::query(
        "DELETE FROM scheduled_changes WHERE subscription_id = $1 AND kind = 'trial_conversion'",
    )
    .bind(sub.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO scheduled_changes (subscription_id, kind, option, seats, scheduled_at) \
         VALUES ($1, 'trial_conversion', $2, $3, $4)",
    )
    .bind(sub.id)
    .bind(option.code())
    .bind(i64::from(planned.seats))
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    let (charge, _) = planned.first_charge(&sub.state);
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: sub.customer_org_id,
            action: "subscription.schedule_trial_conversion",
            entity: "subscription",
            entity_id: sub.id.to_string(),
            before: None,
            after: Some(json!({
                "option": option.code(), "seats": planned.seats,
                "first_charge": charge.decimal(), "currency": charge.currency.code(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Converts the trial as previewed under `form.pin` for `form.expected`;
/// returns the new subscription's id.
#[tracing::instrument(name = "subscriptions.trials.convert", skip_all, fields(actor = actor.user_id, subscription_id = form.subscription_id))]
pub async fn convert(svc: &Services, actor: &Actor, form: &TrialConversionForm) -> Result<i64> {
    let seats = Seats::parse(&form.seats).map_err(|e| Error::field("seats", &e))?;
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let Locked { mut tx, sub, .. } = begin(
        svc,
        actor,
        form.subscription_id,
        Touch::CountUpdate(now),
        now,
    )
    .await?;
    let pin = current_pin(secret, &sub, &form.pin)?;
    let (paid, options) =
        paid_offer(&sub).ok_or_else(|| refused(TrialConversionError::NotActiveTrial))?;
    let (id, plan) = match form.destination.as_str() {
        "" | "new" => {
            let option = chosen(&options, &form.option)?;
            let plan =
                plan_trial_conversion(&sub.state, &options, option, seats, now).map_err(refused)?;
            check_commit(pin.pinned_at, now, form.expected, plan.charge)?;
            (into_new(&mut tx, &sub, paid, &plan, now).await?, plan)
        }
        target => {
            let unknown = || refused(TrialConversionError::UnknownTarget);
            let id = target.parse().map_err(|_| unknown())?;
            let target = lock_sibling(&mut tx, &sub, &paid.id, id)
                .await?
                .ok_or_else(unknown)?;
            let plan =
                plan_trial_conversion_into(&sub.state, &target.state, now).map_err(refused)?;
            check_commit(pin.pinned_at, now, form.expected, plan.charge)?;
            into_existing(&mut tx, &sub, &target, &plan, now).await?;
            (target.id, plan)
        }
    };
    let option = plan.option;
    sqlx::query("UPDATE subscriptions SET status = 'expired', auto_renew = 0 WHERE id = $1")
        .bind(sub.id)
        .execute(&mut *tx)
        .await?;
    delete_scheduled(
        &mut tx,
        Some(actor),
        &sub,
        "subscription.trial_convert",
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: sub.customer_org_id,
            action: "subscription.trial_convert",
            entity: "subscription",
            entity_id: sub.id.to_string(),
            before: Some(json!({ "status": "active", "offer": sub.offer_id })),
            after: Some(json!({
                "status": "expired", "converted_to": id, "offer": paid.id, "seats": plan.seats,
                "term": option.term.code(), "billing": option.frequency.code(),
                "amount": plan.charge.decimal(), "currency": plan.charge.currency.code(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A new subscription of the paid offer, charged as a purchase.
async fn into_new(
    tx: &mut Tx,
    sub: &Loaded,
    paid: &'static Offer,
    plan: &TrialConversion,
    now: domain::Timestamp,
) -> Result<i64> {
    let purchase = Purchase {
        offer: paid,
        term: plan.option.term,
        frequency: plan.option.frequency,
        seats: plan.seats,
        price: plan.option.price,
    };
    let reseller = sub.reseller_id()?;
    let (id, charge) = create_subscription(
        tx,
        sub.customer_org_id,
        sub.partner_org_id,
        &purchase,
        None,
        reseller.as_ref(),
        now,
    )
    .await?;
    if charge != plan.charge.minor {
        return Err(Error::Internal(format!(
            "trial conversion charged {charge}, planned {}",
            plan.charge.minor
        )));
    }
    Ok(id)
}

/// The trial's 25 seats join `target` as one addition charged the plan's
/// charge, on its term and billing; counted as one of its updates.
async fn into_existing(
    tx: &mut Tx,
    sub: &Loaded,
    target: &Loaded,
    plan: &TrialConversion,
    now: domain::Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE subscriptions SET update_count = update_count + 1, updated_at = $2 WHERE id = $1",
    )
    .bind(target.id)
    .bind(now.millis())
    .execute(&mut **tx)
    .await?;
    let addition = Addition {
        id: 0,
        seats: plan.seats,
        added_at: now,
        charged: plan.charge.minor,
        covered_until: plan.period.end,
    };
    insert_addition(tx, target.id, &addition, "trial_conversion").await?;
    ledger::post(
        tx,
        ledger::Entry {
            customer_org_id: sub.customer_org_id,
            partner_org_id: sub.partner_org_id,
            bills: ledger::Bills::Subscription(target.id),
            amount: plan.charge,
            reason: "trial_conversion",
            seats: i64::from(plan.seats),
            period: plan.period,
            at: now,
        },
    )
    .await?;
    Ok(())
}

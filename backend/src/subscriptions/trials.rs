//! Converting a trial to a paid subscription mid-term (R-SUB-25): a new
//! subscription of the trial's paid offer with the previewed first charge,
//! and the trial ends, in one transaction holding the trial's row lock.

use domain::subscription_views::{ConversionOffer, TrialConversionForm};
use domain::{
    check_commit, conversion_options, plan_trial_conversion, Offer, PaidOption, Seats,
    SubscriptionStatus, TrialConversionError,
};
use serde_json::json;

use super::changes::{begin, current_pin};
use super::state::{Loaded, Locked, Touch};
use super::store::{create_subscription, Purchase};
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::error::{Error, Result};
use crate::services::Services;

/// The paid offer `sub` (a trial) converts to, and how it is sold in the
/// trial's currency.
fn paid_offer(sub: &Loaded) -> Option<(&'static Offer, Vec<PaidOption>)> {
    let catalog = catalog();
    let trial = catalog.offer(&sub.offer_id).filter(|o| o.is_trial())?;
    conversion_options(catalog, trial, sub.state.seat_price.currency)
}

/// What the trial's page offers: only while it is an active trial.
pub(crate) fn offer(sub: &Loaded) -> Option<ConversionOffer> {
    let active = sub.state.trial && sub.state.status == SubscriptionStatus::Active;
    let (paid, options) = paid_offer(sub).filter(|_| active)?;
    Some(ConversionOffer {
        name: paid.name.clone(),
        options,
    })
}

fn refused(e: TrialConversionError) -> Error {
    Error::Invalid(vec![e.field_error()])
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
    let option = options
        .iter()
        .copied()
        .find(|o| o.code() == form.option)
        .ok_or_else(|| refused(TrialConversionError::NotOffered))?;
    let plan = plan_trial_conversion(&sub.state, &options, option, seats, now).map_err(refused)?;
    check_commit(pin.pinned_at, now, form.expected, plan.charge)?;
    let purchase = Purchase {
        offer: paid,
        term: option.term,
        frequency: option.frequency,
        seats: plan.seats,
        price: option.price,
    };
    let (id, charge) = create_subscription(
        &mut tx,
        sub.customer_org_id,
        sub.partner_org_id,
        &purchase,
        None,
        sub.reseller
            .as_deref()
            .and_then(|r| domain::ResellerId::parse(r).ok())
            .as_ref(),
        now,
    )
    .await?;
    if charge != plan.charge.minor {
        return Err(Error::Internal(format!(
            "trial conversion charged {charge}, planned {}",
            plan.charge.minor
        )));
    }
    sqlx::query("UPDATE subscriptions SET status = 'expired', auto_renew = 0 WHERE id = $1")
        .bind(sub.id)
        .execute(&mut *tx)
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

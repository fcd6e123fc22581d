//! Changes to one subscription: seats (R-SUB-08 … R-SUB-12), cancel
//! (R-SUB-22), suspend / reactivate (R-SUB-23) and auto-renew. Each is one
//! transaction holding the subscription's row lock: load, plan with the rules
//! crate, write the change, the ledger entry and the audit entry.

use domain::subscription_views::{CancelForm, SeatChangeForm};
use domain::{
    check_commit, check_pin_version, check_seat_change_bounds, plan_cancel_with_addons,
    plan_seat_change, split, Addition, Money, Pin, PreviewError, SeatChange, Seats,
    SubscriptionStatus, Timestamp,
};
use serde_json::json;

use super::addons::{self, Follow};
use super::scheduled::{delete_scheduled, deleted_entry};
use super::state::{self, Loaded, Locked, Touch};
use super::store::{addition_statement, holdings};
use super::Access;
use super::{ledger, pins};
use crate::actor::Actor;
use crate::audit;
use crate::db::{locks, Batch, Tx};
use crate::error::{Code, Error, Result};
use crate::secret::Secret;
use crate::services::Services;

/// Opens the transaction, locks and loads the subscription, and checks that
/// the actor's partner manages it. The permissions are the actor's own (no
/// database); that the partner bills the subscription and that the customer's
/// relationship with it is accepted is checked by the locking statement itself
/// (see [`state::begin_locked`]), so it holds at the moment of the change.
pub(super) async fn begin(
    svc: &Services,
    actor: &Actor,
    id: i64,
    touch: Touch,
    now: Timestamp,
) -> Result<Locked> {
    let partner_org_id = Access::managing_partner(actor)?;
    state::begin_locked(&svc.db, id, partner_org_id, touch, &ledger::month_of(now))
        .await?
        .ok_or(Error::Forbidden)
}

/// R-SUB-21: what is read-only while the billing job processes `sub` (its
/// status, auto-renew and scheduled changes) is refused with 409 until the
/// job's claim ends. The claim is on the real clock, as its lease is.
pub(super) fn not_processing(svc: &Services, sub: &Loaded) -> Result<()> {
    let real_now = svc.clock.now();
    match sub.processing.filter(|c| c.holds(real_now)) {
        Some(claim) => Err(Error::Processing {
            retry_after: claim.seconds_left(real_now),
        }),
        None => Ok(()),
    }
}

fn seat_error(e: &domain::SeatChangeError) -> Error {
    Error::Invalid(vec![e.field_error()])
}

/// The pin a commit sent, if the server signed it for this subscription
/// as it is now (R-SUB-10): no other change committed since.
pub(super) fn current_pin(secret: &Secret, sub: &Loaded, token: &str) -> Result<Pin> {
    let pin = pins::verify(secret, sub.id, token)?;
    check_pin_version(pin.version, sub.state.update_count)?;
    Ok(pin)
}

/// Commits a seat change that was previewed under `form.pin` for
/// `form.expected` (R-SUB-10): the server plans it now with the same
/// function, and commits only if the pin is its own, for the subscription
/// as it is, from today (UTC), fresh, and the figure is the previewed one.
#[tracing::instrument(name = "subscriptions.changes.change_seats", skip_all, fields(actor = actor.user_id, subscription_id = form.subscription_id))]
pub async fn change_seats(
    svc: &Services,
    actor: &Actor,
    form: &SeatChangeForm,
) -> Result<SeatChange> {
    let seats = Seats::parse(&form.seats).map_err(|e| Error::field("seats", &e))?;
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let Locked {
        mut tx,
        sub,
        invoice_exists,
        scheduled,
    } = begin(
        svc,
        actor,
        form.subscription_id,
        Touch::CountUpdate(now),
        now,
    )
    .await?;
    let pin = current_pin(secret, &sub, &form.pin)?;
    let plan = plan_seat_change(&sub.state, seats, now).map_err(|e| seat_error(&e))?;
    check_commit(pin.pinned_at, now, form.expected, plan.amount())?;
    check_addon_bounds(&mut tx, &sub, seats.get()).await?;
    let before = sub.state.seats();
    let period = sub.state.billing_period(now.date());
    // The update count and `updated_at` were written by the locking
    // statement; the rest is written in one batch with the commit.
    let mut writes = Batch::new();
    let (reason, delta) = match &plan {
        SeatChange::Increase {
            added,
            charge,
            period,
        } => {
            let addition = Addition {
                id: 0,
                seats: *added,
                added_at: now,
                charged: charge.minor,
                covered_until: period.end,
            };
            writes.push(addition_statement(sub.id, &addition, "increase"));
            ("increase", i64::from(*added))
        }
        SeatChange::Decrease { takes, removed, .. } => {
            for take in takes {
                let a = sub
                    .state
                    .additions
                    .iter()
                    .find(|a| a.id == take.addition_id)
                    .ok_or(Error::Internal("take".into()))?;
                let (charged_part, _) = split(a.charged, i64::from(take.seats), i64::from(a.seats));
                // Under the row lock the loaded additions are current; the
                // table's CHECKs (seats, charged ≥ 0) stop the batch otherwise.
                writes.push(crate::statement!(
                    "UPDATE seat_additions SET seats = seats - $2, charged = charged - $3 WHERE id = $1",
                    take.addition_id,
                    i64::from(take.seats),
                    charged_part,
                ));
            }
            ("decrease", -i64::from(*removed))
        }
    };
    writes.push(audit::statement(
        audit::Entry {
            actor: Some(actor),
            org_id: sub.customer_org_id,
            action: "subscription.seats",
            entity: "subscription",
            entity_id: sub.id.to_string(),
            before: Some(json!({ "seats": before })),
            after: Some(json!({ "seats": seats.get(), "amount": plan.amount().decimal(), "currency": plan.amount().currency.code() })),
        },
        now,
    ));
    if !scheduled.is_empty() {
        // R-SUB-20: a mid-term seat change deletes what was scheduled for
        // the term's end (its preview said so).
        writes.push(crate::statement!(
            "DELETE FROM scheduled_changes WHERE subscription_id = $1",
            sub.id,
        ));
        writes.push(audit::statement(
            deleted_entry(Some(actor), &sub, &scheduled, "subscription.seats"),
            now,
        ));
    }
    writes.extend(ledger::statements(
        &ledger::Entry {
            customer_org_id: sub.customer_org_id,
            partner_org_id: sub.partner_org_id,
            bills: ledger::Bills::Subscription(sub.id),
            amount: plan.amount(),
            reason,
            seats: delta,
            period,
            at: now,
        },
        invoice_exists,
    ));
    tx.commit_with(writes).await.map_err(ledger::entry_error)?;
    Ok(plan)
}

/// The add-on bounds after a seat change (R-SUB-04, R-SUB-05; the rule is
/// `domain::check_seat_change_bounds`). Every partner's subscriptions
/// count, so the customer's organization is locked first
/// ([`locks::organization`]): two changes that are each within bounds
/// cannot together leave them.
async fn check_addon_bounds(tx: &mut Tx, sub: &Loaded, seats: u32) -> Result<()> {
    let catalog = crate::catalog::catalog();
    let Some(offer) = catalog.offer(&sub.offer_id) else {
        return Ok(());
    };
    if !catalog.concerns_addon_bounds(offer) {
        return Ok(());
    }
    locks::organization(tx, sub.customer_org_id).await?;
    let held = holdings(&mut **tx, sub.customer_org_id).await?;
    let active = sub.state.status == SubscriptionStatus::Active;
    check_seat_change_bounds(catalog, &held, offer, active, sub.state.seats(), seats)
        .map_err(|e| Error::Invalid(vec![e]))
}

/// Cancels within 168 hours of the term's start (R-SUB-22) for the previewed
/// refund, under the same pin rules as a seat change.
#[tracing::instrument(name = "subscriptions.changes.cancel", skip_all, fields(actor = actor.user_id, subscription_id = form.subscription_id))]
pub async fn cancel(svc: &Services, actor: &Actor, form: &CancelForm) -> Result<Money> {
    if !form.acknowledged {
        return Err(PreviewError::NotAcknowledged.into());
    }
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let Locked {
        mut tx,
        sub,
        invoice_exists,
        ..
    } = begin(svc, actor, form.subscription_id, Touch::Nothing, now).await?;
    let pin = current_pin(secret, &sub, &form.pin)?;
    // R-SUB-13: its add-ons end with it, each refunded as its own cancel.
    let addons = addons::locked(&mut tx, &sub).await?;
    let tied: Vec<_> = addons.iter().map(addons::tied).collect();
    let cancel_error = |e: domain::CancelError| Error::Invalid(vec![e.field_error()]);
    let plan =
        plan_cancel_with_addons(&sub.state, sub.marketplace, &tied, now).map_err(cancel_error)?;
    check_commit(pin.pinned_at, now, form.expected_refund, plan.refund)?;
    let mut writes = Batch::new();
    let ended = std::iter::once((&sub, &plan.base, None)).chain(
        addons
            .iter()
            .zip(&plan.addons)
            .map(|(a, (_, p))| (a, p, Some(sub.id))),
    );
    for (one, refund, with_base) in ended {
        writes.push(crate::statement!(
            "UPDATE subscriptions SET status = 'cancelled', auto_renew = 0, updated_at = $2 WHERE id = $1",
            one.id,
            now.millis(),
        ));
        writes.push(audit::statement(
            audit::Entry {
                actor: Some(actor),
                org_id: one.customer_org_id,
                action: "subscription.cancel",
                entity: "subscription",
                entity_id: one.id.to_string(),
                before: Some(json!({ "status": one.state.status.code() })),
                after: Some(json!({
                    "status": "cancelled", "refund": refund.refund.decimal(),
                    "currency": refund.refund.currency.code(), "with_base": with_base,
                })),
            },
            now,
        ));
        writes.extend(ledger::statements(
            &ledger::Entry {
                customer_org_id: one.customer_org_id,
                partner_org_id: one.partner_org_id,
                bills: ledger::Bills::Subscription(one.id),
                amount: Money::new(-refund.refund.minor, refund.refund.currency),
                reason: "cancel",
                seats: -i64::from(one.state.seats()),
                period: one.state.term_period(),
                at: now,
            },
            invoice_exists,
        ));
        // R-SUB-20: a cancel deletes what was scheduled for the term's end.
        delete_scheduled(&mut tx, Some(actor), one, "subscription.cancel", now).await?;
    }
    tx.commit_with(writes).await.map_err(ledger::entry_error)?;
    Ok(plan.refund)
}

/// What a status action does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusAction {
    Suspend,
    Reactivate,
    AutoRenewOn,
    AutoRenewOff,
}

impl StatusAction {
    /// The action a form or an API request names: suspend, reactivate,
    /// auto_renew_on, auto_renew_off.
    pub fn parse(action: &str) -> Result<StatusAction> {
        match action {
            "suspend" => Ok(StatusAction::Suspend),
            "reactivate" => Ok(StatusAction::Reactivate),
            "auto_renew_on" => Ok(StatusAction::AutoRenewOn),
            "auto_renew_off" => Ok(StatusAction::AutoRenewOff),
            _ => Err(Error::field("action", &Code::ActionUnknown)),
        }
    }
}

/// Suspend (access blocked, auto-renew off, billing continues), reactivate
/// within the term (auto-renew stays off) (R-SUB-23), or switch auto-renew.
#[tracing::instrument(name = "subscriptions.changes.set_status", skip_all, fields(actor = actor.user_id, id, ?action))]
pub async fn set_status(
    svc: &Services,
    actor: &Actor,
    id: i64,
    action: StatusAction,
) -> Result<()> {
    let now = svc.now().await?;
    // The locking statement counts the update (R-SUB-12) and sets `updated_at`.
    let Locked { mut tx, sub, .. } = begin(svc, actor, id, Touch::CountUpdate(now), now).await?;
    not_processing(svc, &sub)?;
    domain::seats::check_update_limit(sub.state.update_count).map_err(|e| seat_error(&e))?;
    let status_error = |e: domain::StatusError| Error::field("", &e);
    let (status, auto_renew, name) = match action {
        StatusAction::Suspend => {
            domain::seats::check_suspend(&sub.state).map_err(status_error)?;
            (SubscriptionStatus::Suspended, false, "subscription.suspend")
        }
        StatusAction::Reactivate => {
            domain::seats::check_reactivate(&sub.state, now).map_err(status_error)?;
            addons::check_own_status(&mut tx, &sub, true).await?;
            (SubscriptionStatus::Active, false, "subscription.reactivate")
        }
        StatusAction::AutoRenewOn | StatusAction::AutoRenewOff => {
            if sub.state.status != SubscriptionStatus::Active {
                return Err(status_error(domain::StatusError::NotActive));
            }
            if action == StatusAction::AutoRenewOn {
                addons::check_own_status(&mut tx, &sub, false).await?;
            }
            (
                SubscriptionStatus::Active,
                action == StatusAction::AutoRenewOn,
                "subscription.auto_renew",
            )
        }
    };
    let writes: Batch = [
        crate::statement!(
            "UPDATE subscriptions SET status = $2, auto_renew = $3 WHERE id = $1",
            id,
            status.code(),
            i64::from(auto_renew),
        ),
        audit::statement(
            audit::Entry {
                actor: Some(actor),
                org_id: sub.customer_org_id,
                action: name,
                entity: "subscription",
                entity_id: id.to_string(),
                before: Some(
                    json!({ "status": sub.state.status.code(), "auto_renew": sub.auto_renew }),
                ),
                after: Some(json!({ "status": status.code(), "auto_renew": auto_renew })),
            },
            now,
        ),
    ]
    .into_iter()
    .collect();
    if !auto_renew {
        // R-SUB-20: with auto-renew off nothing is scheduled for the term's end.
        delete_scheduled(&mut tx, Some(actor), &sub, name, now).await?;
    }
    // R-SUB-13: the add-ons follow their base.
    let follows = match action {
        StatusAction::Suspend => Some(Follow::Suspend),
        StatusAction::Reactivate => Some(Follow::Reactivate),
        StatusAction::AutoRenewOff => Some(Follow::AutoRenewOff),
        StatusAction::AutoRenewOn => None,
    };
    if let Some(f) = follows {
        addons::follow(&mut tx, actor, &sub, f, now).await?;
    }
    tx.commit_with(writes).await?;
    Ok(())
}

//! Upgrades now (R-SUB-14 … 16): the paths "Check upgrades" lists, and the
//! upgrade itself — the source credited for its unused days, the target
//! charged from today, seats moved, in one transaction holding the source's
//! row lock (and the target's, for an existing one), committed only at the
//! previewed figures. Rules: `domain::upgrade`.

use domain::subscription_views::{UpgradeForm, UpgradePathView};
use domain::{
    check_commit, plan_upgrade, Destination, Money, Offer, PaidOption, Period, Seats,
    SubscriptionStatus, Timestamp, UpgradeError, UpgradeKind, UpgradePlan,
};
use serde_json::json;

use super::changes::{begin, current_pin};
use super::ledger;
use super::scheduled::delete_scheduled;
use super::state::{Loaded, Locked, Touch};
use super::store::{insert_addition, lock_sibling, open_subscription, siblings, Opening};
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::services::Services;

fn refused(e: UpgradeError) -> Error {
    Error::Invalid(vec![e.field_error()])
}

/// How a new subscription of `target` is sold for `sub`'s term, in its
/// currency (a new target ends with the source, so it has the same term).
fn options(target: &Offer, sub: &Loaded) -> Vec<PaidOption> {
    target
        .options(sub.state.seat_price.currency)
        .into_iter()
        .filter(|o| o.term == sub.state.term)
        .collect()
}

/// What "Check upgrades" lists for an active paid subscription: every path
/// of its offer, the supported ones with how a new target is sold and the
/// existing targets (with their state, so the page can say why one cannot
/// be chosen).
pub(crate) async fn paths(
    conn: &mut sqlx::AnyConnection,
    sub: &Loaded,
) -> Result<Vec<UpgradePathView>> {
    let catalog = catalog();
    let upgradable = sub.state.status == SubscriptionStatus::Active && !sub.state.trial;
    let Some(offer) = catalog.offer(&sub.offer_id).filter(|_| upgradable) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for path in catalog.upgrade_paths(offer) {
        let targets = if path.supported {
            siblings(conn, sub, &path.target.id).await?
        } else {
            Vec::new()
        };
        out.push(UpgradePathView {
            offer_id: path.target.id.clone(),
            name: path.target.name.clone(),
            supported: path.supported,
            options: if path.supported {
                options(path.target, sub)
            } else {
                Vec::new()
            },
            existing: targets,
        });
    }
    Ok(out)
}

/// Where the form sends the seats.
enum Chosen {
    New(PaidOption),
    Existing(Box<Loaded>),
}

impl Chosen {
    fn destination(&self) -> Destination<'_> {
        match self {
            Chosen::New(option) => Destination::New(*option),
            Chosen::Existing(t) => Destination::Existing(&t.state),
        }
    }
}

/// Upgrades as previewed under `form.pin` for `form.expected_credit` and
/// `form.expected_charge`; returns the subscription that holds the moved
/// seats.
#[tracing::instrument(name = "subscriptions.upgrades.upgrade", skip_all, fields(actor = actor.user_id, subscription_id = form.subscription_id))]
pub async fn upgrade(svc: &Services, actor: &Actor, form: &UpgradeForm) -> Result<i64> {
    let seats = Seats::parse(&form.seats).map_err(|e| Error::field("seats", &e))?;
    if !form.acknowledged {
        return Err(refused(UpgradeError::NotAcknowledged));
    }
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
    let catalog = catalog();
    let source = catalog
        .offer(&sub.offer_id)
        .ok_or_else(|| Error::Internal(format!("offer {} is not in the catalog", sub.offer_id)))?;
    let target = catalog
        .upgrade_target(source, &form.target)
        .map_err(refused)?;
    let chosen = match form.destination.as_str() {
        "new" => Chosen::New(
            options(target, &sub)
                .into_iter()
                .find(|o| o.code() == form.option)
                .ok_or_else(|| refused(UpgradeError::NotOffered))?,
        ),
        id => {
            let id = id
                .parse()
                .map_err(|_| refused(UpgradeError::UnknownTarget))?;
            Chosen::Existing(Box::new(
                lock_sibling(&mut tx, &sub, &target.id, id)
                    .await?
                    .ok_or_else(|| refused(UpgradeError::UnknownTarget))?,
            ))
        }
    };
    let plan = plan_upgrade(&sub.state, chosen.destination(), seats, now).map_err(refused)?;
    check_commit(pin.pinned_at, now, form.expected_credit, plan.credit)?;
    check_commit(pin.pinned_at, now, form.expected_charge, plan.charge)?;

    let credit = Money::new(-plan.credit.minor, plan.credit.currency);
    let moved = -i64::from(plan.seats);
    let credit_entry = entry(
        &sub,
        sub.id,
        credit,
        "upgrade_credit",
        moved,
        plan.credit_period,
        now,
    );
    ledger::post(&mut tx, credit_entry).await?;
    let holder = match chosen {
        Chosen::Existing(t) => into_existing(&mut tx, &sub, &t, &plan, now).await?,
        Chosen::New(option) if plan.kind == UpgradeKind::Full => {
            in_place(&mut tx, &sub, target, option, &plan, now).await?
        }
        Chosen::New(option) => partial(&mut tx, &sub, target, option, &plan, now).await?,
    };
    // R-SUB-17, R-SUB-20: what was scheduled for the source's renewal goes.
    delete_scheduled(&mut tx, Some(actor), &sub, "subscription.upgrade", now).await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: sub.customer_org_id,
            action: "subscription.upgrade",
            entity: "subscription",
            entity_id: sub.id.to_string(),
            before: Some(json!({ "offer": sub.offer_id, "seats": sub.state.seats() })),
            after: Some(json!({
                "kind": if plan.kind == UpgradeKind::Full { "full" } else { "partial" },
                "target_offer": target.id, "target_subscription": holder,
                "moved": plan.seats, "keeps": plan.source_keeps,
                "credit": plan.credit.decimal(), "charge": plan.charge.decimal(),
                "currency": plan.charge.currency.code(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(holder)
}

/// Takes the moved seats, and what was charged for them, off the source's
/// additions.
async fn take_seats(tx: &mut Tx, plan: &UpgradePlan) -> Result<()> {
    for m in &plan.moved {
        sqlx::query(
            "UPDATE seat_additions SET seats = seats - $2, charged = charged - $3 WHERE id = $1",
        )
        .bind(m.addition_id)
        .bind(i64::from(m.seats))
        .bind(m.charged)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A partial upgrade to a new subscription: co-terminous with the source
/// (its term started with the source's), charged from today; the source
/// keeps the rest.
async fn partial(
    tx: &mut Tx,
    sub: &Loaded,
    target: &'static Offer,
    option: PaidOption,
    plan: &UpgradePlan,
    now: Timestamp,
) -> Result<i64> {
    take_seats(tx, plan).await?;
    let opening = Opening {
        customer_org_id: sub.customer_org_id,
        partner: sub.partner_org_id,
        offer: target,
        state: sub.state.coterminous(option),
        seats: plan.seats,
        reason: "upgrade",
        base: None,
    };
    let reseller = sub.reseller_id()?;
    let (id, charge) = open_subscription(tx, &opening, None, reseller.as_ref(), now).await?;
    if charge != plan.charge.minor {
        return Err(Error::Internal(format!(
            "the upgrade charged {charge}, planned {}",
            plan.charge.minor
        )));
    }
    Ok(id)
}

/// A full upgrade to a new subscription: the source keeps its ID and becomes
/// the target SKU, sold as `option` (its term unchanged), its seats one new
/// addition charged from today.
async fn in_place(
    tx: &mut Tx,
    sub: &Loaded,
    target: &'static Offer,
    option: PaidOption,
    plan: &UpgradePlan,
    now: Timestamp,
) -> Result<i64> {
    sqlx::query(
        "UPDATE subscriptions SET offer_id = $2, name = $3, marketplace = $4, frequency = $5, \
         seat_price = $6, billed_until = $7 WHERE id = $1",
    )
    .bind(sub.id)
    .bind(&target.id)
    .bind(&target.name)
    .bind(i64::from(target.marketplace))
    .bind(option.frequency.code())
    .bind(option.price.minor)
    .bind(plan.charge_period.end.days_since_epoch())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE seat_additions SET closed = 1 WHERE subscription_id = $1 AND closed = 0")
        .bind(sub.id)
        .execute(&mut **tx)
        .await?;
    add_seats(tx, sub, sub.id, plan, now).await?;
    Ok(sub.id)
}

/// Into an existing subscription of the target: its term and billing kept,
/// the seats added to it (R-SUB-15); a source left without seats ends.
async fn into_existing(
    tx: &mut Tx,
    sub: &Loaded,
    target: &Loaded,
    plan: &UpgradePlan,
    now: Timestamp,
) -> Result<i64> {
    take_seats(tx, plan).await?;
    if plan.kind == UpgradeKind::Full {
        sqlx::query("UPDATE subscriptions SET status = 'expired', auto_renew = 0 WHERE id = $1")
            .bind(sub.id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "UPDATE subscriptions SET update_count = update_count + 1, updated_at = $2 WHERE id = $1",
    )
    .bind(target.id)
    .bind(now.millis())
    .execute(&mut **tx)
    .await?;
    add_seats(tx, sub, target.id, plan, now).await?;
    Ok(target.id)
}

/// The moved seats as one addition of `holder`, charged the plan's charge.
async fn add_seats(
    tx: &mut Tx,
    sub: &Loaded,
    holder: i64,
    plan: &UpgradePlan,
    now: Timestamp,
) -> Result<()> {
    let addition = domain::Addition {
        id: 0,
        seats: plan.seats,
        added_at: now,
        charged: plan.charge.minor,
        covered_until: plan.charge_period.end,
    };
    insert_addition(tx, holder, &addition, "upgrade").await?;
    let seats = i64::from(plan.seats);
    ledger::post(
        tx,
        entry(
            sub,
            holder,
            plan.charge,
            "upgrade",
            seats,
            plan.charge_period,
            now,
        ),
    )
    .await?;
    Ok(())
}

/// A ledger entry of the upgrade of `sub`, on `subscription_id`.
fn entry<'a>(
    sub: &Loaded,
    subscription_id: i64,
    amount: Money,
    reason: &'a str,
    seats: i64,
    period: Period,
    at: Timestamp,
) -> ledger::Entry<'a> {
    ledger::Entry {
        customer_org_id: sub.customer_org_id,
        partner_org_id: sub.partner_org_id,
        bills: ledger::Bills::Subscription(subscription_id),
        amount,
        reason,
        seats,
        period,
        at,
    }
}

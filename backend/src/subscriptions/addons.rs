//! Add-ons tied to their base (R-SUB-13): the add-ons a base may take, buying
//! one for it at the previewed first charge, and the add-ons following their
//! base — suspended and restored with it, their auto-renew off with its,
//! ended when it is cancelled. Rules: `domain::addon`.

use domain::subscription_views::{AddAddonForm, AddonChoice, BaseRef};
use domain::{
    base_licenses, check_addon_status, check_commit, plan_addon, AttachError, Seats,
    SubscriptionStatus, TiedAddon, Timestamp,
};
use serde_json::json;

use super::changes::{begin, current_pin};
use super::scheduled::delete_scheduled;
use super::state::{self, Loaded, Locked, Touch};
use super::store::{customer_header, holdings, open_subscription, Opening};
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::db::{locks, Tx};
use crate::error::{Error, Result};
use crate::services::Services;

fn refused(e: AttachError) -> Error {
    Error::Invalid(vec![e.field_error()])
}

/// The live add-ons bought for `base_id` (active or suspended), oldest
/// first, read through `conn` (in a transaction: after they were locked).
async fn live(conn: &mut sqlx::AnyConnection, base_id: i64) -> Result<Vec<Loaded>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM subscriptions WHERE base_subscription_id = $1 \
         AND status IN ('active', 'suspended') ORDER BY id",
    )
    .bind(base_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(state::load(conn, id).await?);
    }
    Ok(out)
}

pub(crate) fn tied(a: &Loaded) -> TiedAddon {
    TiedAddon {
        id: a.id,
        name: a.name.clone(),
        marketplace: a.marketplace,
        state: a.state.clone(),
    }
}

/// A base's live add-ons, for its page and previews.
pub(crate) async fn of(conn: &mut sqlx::AnyConnection, base: &Loaded) -> Result<Vec<TiedAddon>> {
    Ok(live(conn, base.id).await?.iter().map(tied).collect())
}

/// A base's live add-ons, each locked (after the base: the order every
/// change of both takes) and loaded as it is now.
pub(crate) async fn locked(tx: &mut Tx, base: &Loaded) -> Result<Vec<Loaded>> {
    sqlx::query(
        "UPDATE subscriptions SET updated_at = updated_at WHERE base_subscription_id = $1 \
         AND status IN ('active', 'suspended')",
    )
    .bind(base.id)
    .execute(&mut **tx)
    .await?;
    live(tx, base.id).await
}

/// The base of an add-on's page.
pub(crate) async fn base_of(
    conn: &mut sqlx::AnyConnection,
    sub: &Loaded,
) -> Result<Option<BaseRef>> {
    let Some(id) = sub.base_subscription_id else {
        return Ok(None);
    };
    let name: String = sqlx::query_scalar("SELECT name FROM subscriptions WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Some(BaseRef { id, name }))
}

/// The add-ons an active paid base may take: by its offer, the customer's
/// segment and market, its term and currency (R-SUB-13), with the base
/// licenses that bound each one's quantity.
pub(crate) async fn choices(
    conn: &mut sqlx::AnyConnection,
    sub: &Loaded,
) -> Result<Vec<AddonChoice>> {
    let catalog = catalog();
    let eligible = sub.state.status == SubscriptionStatus::Active && !sub.state.trial;
    let Some(offer) = catalog.offer(&sub.offer_id).filter(|_| eligible) else {
        return Ok(Vec::new());
    };
    let customer = customer_header(&mut *conn, sub.customer_org_id).await?;
    let found = catalog.addons_for(
        offer,
        &sub.state,
        customer.segment,
        &customer.country,
        sub.state.seat_price.currency,
    );
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let held = holdings(&mut *conn, sub.customer_org_id).await?;
    Ok(found
        .into_iter()
        .filter_map(|(addon, options)| {
            Some(AddonChoice {
                offer_id: addon.id.clone(),
                name: addon.name.clone(),
                rule: addon.addon_rule?,
                options,
                base_licenses: base_licenses(addon, &held, &[]),
            })
        })
        .collect())
}

/// Buys an add-on for the base `form.subscription_id` as previewed under
/// the base's pin for `form.expected`; returns the add-on's id.
#[tracing::instrument(name = "subscriptions.addons.add", skip_all, fields(actor = actor.user_id, subscription_id = form.subscription_id))]
pub async fn add(svc: &Services, actor: &Actor, form: &AddAddonForm) -> Result<i64> {
    let seats = Seats::parse(&form.seats).map_err(|e| Error::field("seats", &e))?;
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    // Counted as an update of the base: its pin goes stale, so a second
    // submit of the same preview (a double click) buys nothing.
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
    let base_offer = catalog
        .offer(&sub.offer_id)
        .ok_or_else(|| Error::Internal(format!("offer {} is not in the catalog", sub.offer_id)))?;
    let customer = customer_header(&mut *tx, sub.customer_org_id).await?;
    let (addon, options) = catalog
        .addons_for(
            base_offer,
            &sub.state,
            customer.segment,
            &customer.country,
            sub.state.seat_price.currency,
        )
        .into_iter()
        .find(|(o, _)| o.id == form.offer_id)
        .ok_or_else(|| refused(AttachError::NotEligible))?;
    let rule = addon
        .addon_rule
        .ok_or_else(|| Error::Internal(format!("add-on {} has no rule", addon.id)))?;
    let option = options
        .iter()
        .copied()
        .find(|o| o.code() == form.option)
        .ok_or_else(|| refused(AttachError::NotOffered))?;
    // The bounds count every partner's base licenses (R-SUB-04, R-SUB-05):
    // the customer is locked so that two purchases cannot together pass them.
    locks::organization(&mut tx, sub.customer_org_id).await?;
    let held = holdings(&mut *tx, sub.customer_org_id).await?;
    let plan = plan_addon(
        &sub.state,
        rule,
        base_licenses(addon, &held, &[]),
        &options,
        option,
        seats,
        now,
    )
    .map_err(refused)?;
    check_commit(pin.pinned_at, now, form.expected, plan.charge)?;
    let reseller = sub.reseller_id()?;
    let opening = Opening {
        customer_org_id: sub.customer_org_id,
        partner: sub.partner_org_id,
        offer: addon,
        state: plan.state.clone(),
        seats: plan.seats,
        reason: "purchase",
        base: Some(sub.id),
    };
    let (id, charge) = open_subscription(&mut tx, &opening, None, reseller.as_ref(), now).await?;
    if charge != plan.charge.minor {
        return Err(Error::Internal(format!(
            "the add-on charged {charge}, planned {}",
            plan.charge.minor
        )));
    }
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: sub.customer_org_id,
            action: "subscription.add_addon",
            entity: "subscription",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({
                "base": sub.id, "offer": addon.id, "seats": plan.seats,
                "term": option.term.code(), "billing": option.frequency.code(),
                "charge": plan.charge.decimal(), "currency": plan.charge.currency.code(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An add-on's own reactivation or auto-renew on: only with its base active
/// (and, for auto-renew, renewing).
pub(crate) async fn check_own_status(tx: &mut Tx, sub: &Loaded, reactivate: bool) -> Result<()> {
    let Some(base_id) = sub.base_subscription_id else {
        return Ok(());
    };
    let (status, auto_renew): (String, i64) =
        sqlx::query_as("SELECT status, auto_renew FROM subscriptions WHERE id = $1")
            .bind(base_id)
            .fetch_one(&mut **tx)
            .await?;
    let status = SubscriptionStatus::parse(&status)
        .ok_or_else(|| Error::Internal(format!("stored status is invalid: {status}")))?;
    check_addon_status(status, auto_renew != 0, reactivate).map_err(refused)
}

/// How a base's status change carries over to its add-ons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Follow {
    /// Suspended with the base (and marked so), auto-renew off.
    Suspend,
    /// Those its suspension suspended come back (auto-renew stays off).
    Reactivate,
    /// Auto-renew off: an add-on renews only with its base.
    AutoRenewOff,
}

/// Carries `follow` over to the base's live add-ons, each change recorded.
pub(crate) async fn follow(
    tx: &mut Tx,
    actor: &Actor,
    base: &Loaded,
    follow: Follow,
    now: Timestamp,
) -> Result<()> {
    let (sql, action) = match follow {
        Follow::Suspend => (
            "UPDATE subscriptions SET status = 'suspended', suspended_with_base = 1, auto_renew = 0, updated_at = $2 \
             WHERE base_subscription_id = $1 AND status = 'active' RETURNING id",
            "subscription.suspend",
        ),
        Follow::Reactivate => (
            "UPDATE subscriptions SET status = 'active', suspended_with_base = 0, updated_at = $2 \
             WHERE base_subscription_id = $1 AND status = 'suspended' AND suspended_with_base = 1 RETURNING id",
            "subscription.reactivate",
        ),
        Follow::AutoRenewOff => (
            "UPDATE subscriptions SET auto_renew = 0, updated_at = $2 \
             WHERE base_subscription_id = $1 AND status IN ('active', 'suspended') AND auto_renew = 1 RETURNING id",
            "subscription.auto_renew",
        ),
    };
    let ids: Vec<i64> = sqlx::query_scalar(sql)
        .bind(base.id)
        .bind(now.millis())
        .fetch_all(&mut **tx)
        .await?;
    for id in ids {
        audit::record(
            tx,
            audit::Entry {
                actor: Some(actor),
                org_id: base.customer_org_id,
                action,
                entity: "subscription",
                entity_id: id.to_string(),
                before: None,
                after: Some(json!({ "with_base": base.id })),
            },
            now,
        )
        .await?;
        // With auto-renew off nothing is scheduled for its end (R-SUB-20);
        // a reactivated one had nothing left (its suspension deleted it).
        if follow != Follow::Reactivate {
            let addon = state::load(tx, id)
                .await?
                .ok_or_else(|| Error::Internal(format!("add-on {id} vanished")))?;
            delete_scheduled(tx, Some(actor), &addon, action, now).await?;
        }
    }
    Ok(())
}

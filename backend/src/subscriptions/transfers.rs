//! R-SUB-28: transfers of subscriptions between partners. The target
//! partner (accepted by the customer) sends a request naming the source
//! partner's ID; the source partner's administrators get an email; the
//! source partner opens it, ticks subscriptions and submits, or declines.
//! Submitting moves every ticked subscription in one transaction: a new
//! subscription under the target with a purchase's first charge, the old
//! one cancelled with the source's credit for its unused days
//! (`domain::plan_line`), each figure the one previewed; any refusal rolls
//! all of them back.
//!
//! Concurrency: the request's row is locked first, then the subscriptions
//! in id order (the lock order of `db::locks`), so a second submission or
//! a decline waits and then finds the request no longer pending.

use domain::transfer_views::{
    AcceptTransferForm, SendTransferForm, Side, TransferDetail, TransfersPage,
};
use domain::{
    check_open, plan_line, Chosen, Email, Language, Money, OrgKind, Period, Permission, Pin, Role,
    Timestamp, TransferError, TransferLine, TransferStatus, TRANSFER_VALIDITY,
};
use serde_json::json;

use super::scheduled::delete_scheduled;
use super::state::{self, Loaded};
use super::store::{create_subscription, Purchase};
use super::transfer_store::{self as store, Request};
use super::{ledger, pins, Access};
use crate::accounts::relationships::{admins, is_accepted};
use crate::actor::Actor;
use crate::catalog::catalog;
use crate::db::{locks, Tx};
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::services::Services;
use crate::{audit, emails, outbox};

fn refused(e: TransferError) -> Error {
    Error::Invalid(vec![e.field_error()])
}

/// The partner whose transfers the actor sees: a partner user who sees
/// customers (R-ORG-11).
fn viewing_partner(actor: &Actor) -> Result<i64> {
    if actor.org_kind == OrgKind::Partner && actor.can(Permission::ViewCustomers) {
        Ok(actor.org_id)
    } else {
        Err(Error::Forbidden)
    }
}

/// The Transfers page: the partner's ID, its requests both ways, and the
/// customers it may ask a transfer for.
#[tracing::instrument(name = "subscriptions.transfers.page", skip_all, fields(actor = actor.user_id))]
pub async fn page(svc: &Services, actor: &Actor) -> Result<TransfersPage> {
    let partner = viewing_partner(actor)?;
    let now = svc.now().await?;
    let mut conn = svc.db.pool().acquire().await?;
    let requests = store::requests_of(&mut conn, partner)
        .await?
        .iter()
        .map(|r| r.row(partner, now))
        .collect::<Result<_>>()?;
    let customers = sqlx::query_as(
        "SELECT o.id, o.name FROM relationships r JOIN organizations o ON o.id = r.customer_org_id \
         WHERE r.partner_org_id = $1 AND r.status = 'accepted' ORDER BY o.name",
    )
    .bind(partner)
    .fetch_all(&mut *conn)
    .await?;
    Ok(TransfersPage {
        partner_id: partner,
        requests,
        customers,
    })
}

/// One request, for its source or target partner only: while open, the
/// source's transferable subscriptions and a pin for their preview.
#[tracing::instrument(name = "subscriptions.transfers.detail", skip_all, fields(actor = actor.user_id, id))]
pub async fn detail(svc: &Services, actor: &Actor, id: i64) -> Result<TransferDetail> {
    let partner = viewing_partner(actor)?;
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let mut conn = svc.db.pool().acquire().await?;
    let request = store::request(&mut conn, id, partner)
        .await?
        .ok_or(Error::Forbidden)?;
    let row = request.row(partner, now)?;
    let open = row.status == TransferStatus::Pending;
    let candidates = if open {
        store::candidates(&mut conn, &request).await?
    } else {
        Vec::new()
    };
    Ok(TransferDetail {
        can_decide: open && row.side == Side::Source && Access::managing_partner(actor).is_ok(),
        row,
        candidates,
        as_of: now,
        pin: pin(secret, id, now),
        moved: store::moved(&mut conn, id).await?,
    })
}

/// A request's pin: the time its preview is computed at. It has no
/// version (0): a request changes once, under its status guard, and a
/// change to a subscription since shows in its figures, which must match.
fn pin(secret: &Secret, id: i64, now: Timestamp) -> String {
    pins::issue_for(
        secret,
        pins::TRANSFER_PURPOSE,
        id,
        Pin {
            pinned_at: now,
            version: 0,
        },
    )
}

/// The target partner asks the source partner (by its ID) for the
/// customer's subscriptions; the source's global administrators are
/// emailed in their language.
#[tracing::instrument(name = "subscriptions.transfers.send", skip_all, fields(actor = actor.user_id, customer_id = form.customer_id))]
pub async fn send(svc: &Services, actor: &Actor, form: &SendTransferForm) -> Result<i64> {
    let target = Access::managing_partner(actor)?;
    let notify = Email::parse(&form.notify_email).map_err(|e| Error::field("notify_email", &e))?;
    let source: i64 = form
        .source_partner_id
        .trim()
        .parse()
        .map_err(|_| refused(TransferError::SourceUnknown))?;
    if source == target {
        return Err(refused(TransferError::SamePartner));
    }
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    if !is_accepted(&mut *tx, target, form.customer_id).await? {
        return Err(Error::Forbidden);
    }
    let source_name: Option<String> =
        sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1 AND kind = 'partner'")
            .bind(source)
            .fetch_optional(&mut *tx)
            .await?;
    let source_name = source_name.ok_or_else(|| refused(TransferError::SourceUnknown))?;
    // One open request per customer, source and target: the customer's row
    // serializes two senders on PostgreSQL.
    locks::organization(&mut tx, form.customer_id).await?;
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM transfer_requests WHERE customer_org_id = $1 AND source_partner_org_id = $2 \
         AND target_partner_org_id = $3 AND status = 'pending' AND requested_at > $4",
    )
    .bind(form.customer_id)
    .bind(source)
    .bind(target)
    .bind(now.minus(TRANSFER_VALIDITY).millis())
    .fetch_one(&mut *tx)
    .await?;
    if open > 0 {
        return Err(refused(TransferError::AlreadyPending));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO transfer_requests (customer_org_id, source_partner_org_id, target_partner_org_id, \
         notify_email, status, requested_by, requested_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id",
    )
    .bind(form.customer_id)
    .bind(source)
    .bind(target)
    .bind(notify.as_str())
    .bind(actor.user_id)
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await?;
    let customer: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
        .bind(form.customer_id)
        .fetch_one(&mut *tx)
        .await?;
    let link = svc.link(&format!("/transfers/{id}"));
    for (to, lang) in admins(&mut tx, source, Role::GlobalAdministrator).await? {
        let email = emails::transfer_request(lang, &actor.org_name, &customer, source, &link);
        outbox::enqueue(&mut tx, &to, lang, email, now).await?;
    }
    let after = json!({ "status": "pending", "customer": form.customer_id, "source": source,
        "source_name": source_name, "target": target, "notify_email": notify.as_str() });
    record(
        &mut tx,
        actor,
        &[target, source],
        "transfer.request",
        id,
        None,
        after,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Opens the transaction holding request `id`'s row lock, for its source
/// partner only, and reads it as it is after the lock.
async fn lock_request(
    svc: &Services,
    id: i64,
    source: i64,
    now: Timestamp,
) -> Result<(Tx, Request)> {
    let mut tx = svc.db.begin().await?;
    let locked = sqlx::query(
        "UPDATE transfer_requests SET status = status WHERE id = $1 AND source_partner_org_id = $2",
    )
    .bind(id)
    .bind(source)
    .execute(&mut *tx)
    .await?;
    if locked.rows_affected() != 1 {
        return Err(Error::Forbidden);
    }
    let request = store::request(&mut tx, id, source)
        .await?
        .ok_or(Error::Forbidden)?;
    check_open(request.stored_status()?, request.requested_at(), now).map_err(refused)?;
    Ok((tx, request))
}

/// The source partner submits the ticked subscriptions at the figures its
/// preview showed; returns the new subscriptions' ids.
#[tracing::instrument(name = "subscriptions.transfers.accept", skip_all, fields(actor = actor.user_id, request_id = form.request_id))]
pub async fn accept(svc: &Services, actor: &Actor, form: &AcceptTransferForm) -> Result<Vec<i64>> {
    let source = Access::managing_partner(actor)?;
    let mut chosen = form
        .lines
        .iter()
        .map(|l| Chosen::parse(l))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(refused)?;
    chosen.sort_by_key(|c| c.subscription_id);
    chosen.dedup_by_key(|c| c.subscription_id);
    if chosen.is_empty() {
        return Err(refused(TransferError::NothingChosen));
    }
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let (mut tx, request) = lock_request(svc, form.request_id, source, now).await?;
    let pin = pins::verify_for(secret, pins::TRANSFER_PURPOSE, request.id, &form.pin)?;
    if !is_accepted(
        &mut *tx,
        request.target_partner_org_id,
        request.customer_org_id,
    )
    .await?
    {
        return Err(refused(TransferError::TargetNotAccepted));
    }
    let mut moved = Vec::with_capacity(chosen.len());
    for c in chosen {
        locks::subscription(&mut tx, c.subscription_id).await?;
        let sub = state::load(&mut tx, c.subscription_id)
            .await?
            .filter(|s| s.partner_org_id == source && s.customer_org_id == request.customer_org_id)
            .ok_or_else(|| refused(TransferError::NotTransferable))?;
        let line = plan_line(&store::candidate(sub.clone()), now).map_err(refused)?;
        c.check(&line, pin.pinned_at, now)?;
        moved.push(move_one(&mut tx, actor, &request, &sub, &line, now).await?);
    }
    sqlx::query("UPDATE transfer_requests SET status = 'completed', decided_at = $2 WHERE id = $1")
        .bind(request.id)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    let after = json!({ "status": "completed", "moved": moved });
    let parties = [
        request.source_partner_org_id,
        request.target_partner_org_id,
        request.customer_org_id,
    ];
    record(
        &mut tx,
        actor,
        &parties,
        "transfer.complete",
        request.id,
        Some(json!({ "status": "pending" })),
        after,
        now,
    )
    .await?;
    notify(svc, &mut tx, &request, Some(moved.len()), now).await?;
    tx.commit().await?;
    Ok(moved)
}

/// One subscription's move: the new one under the target (its first
/// charge the planned one), the old one cancelled with the source's
/// credit, the line and the audit entry; returns the new id.
async fn move_one(
    tx: &mut Tx,
    actor: &Actor,
    request: &Request,
    sub: &Loaded,
    line: &TransferLine,
    now: Timestamp,
) -> Result<i64> {
    let offer = catalog()
        .offer(&sub.offer_id)
        .ok_or_else(|| Error::Internal(format!("{} is not in the catalog", sub.offer_id)))?;
    let purchase = Purchase {
        offer,
        term: sub.state.term,
        frequency: sub.state.frequency,
        seats: line.seats,
        price: sub.state.seat_price,
    };
    // The source's reseller was its own indirect reseller: the target
    // names its own, if any.
    let (new_id, charge) = create_subscription(
        tx,
        sub.customer_org_id,
        request.target_partner_org_id,
        &purchase,
        None,
        None,
        now,
    )
    .await?;
    if charge != line.charge.minor {
        return Err(Error::Internal(format!(
            "transfer charged {charge}, planned {}",
            line.charge.minor
        )));
    }
    sqlx::query(
        "UPDATE subscriptions SET status = 'cancelled', auto_renew = 0, updated_at = $2 WHERE id = $1",
    )
    .bind(sub.id)
    .bind(now.millis())
    .execute(&mut **tx)
    .await?;
    if line.credit.minor > 0 {
        let current = sub.state.billing_period(now.date());
        ledger::post(
            tx,
            ledger::Entry {
                customer_org_id: sub.customer_org_id,
                partner_org_id: sub.partner_org_id,
                bills: ledger::Bills::Subscription(sub.id),
                amount: Money::new(-line.credit.minor, line.credit.currency),
                reason: "transfer_credit",
                seats: -i64::from(line.seats),
                period: Period {
                    start: now.date(),
                    end: current.end,
                },
                at: now,
            },
        )
        .await?;
    }
    // R-SUB-20: the old subscription is cancelled; nothing stays scheduled.
    delete_scheduled(tx, Some(actor), sub, "subscription.transfer", now).await?;
    sqlx::query(
        "INSERT INTO transfer_lines (request_id, old_subscription_id, new_subscription_id, seats, credit, charge, currency) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(request.id)
    .bind(sub.id)
    .bind(new_id)
    .bind(i64::from(line.seats))
    .bind(line.credit.minor)
    .bind(line.charge.minor)
    .bind(line.charge.currency.code())
    .execute(&mut **tx)
    .await?;
    audit::record(
        tx,
        audit::Entry {
            actor: Some(actor),
            org_id: sub.customer_org_id,
            action: "subscription.transfer",
            entity: "subscription",
            entity_id: sub.id.to_string(),
            before: Some(json!({ "status": sub.state.status.code(), "partner": sub.partner_org_id })),
            after: Some(json!({
                "status": "cancelled", "transferred_to": new_id, "partner": request.target_partner_org_id,
                "request": request.id, "seats": line.seats, "credit": line.credit.decimal(),
                "charge": line.charge.decimal(), "currency": line.charge.currency.code(),
            })),
        },
        now,
    )
    .await?;
    Ok(new_id)
}

/// The source partner declines an open request.
#[tracing::instrument(name = "subscriptions.transfers.decline", skip_all, fields(actor = actor.user_id, id))]
pub async fn decline(svc: &Services, actor: &Actor, id: i64) -> Result<()> {
    let source = Access::managing_partner(actor)?;
    let now = svc.now().await?;
    let (mut tx, request) = lock_request(svc, id, source, now).await?;
    sqlx::query("UPDATE transfer_requests SET status = 'declined', decided_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    let parties = [request.source_partner_org_id, request.target_partner_org_id];
    record(
        &mut tx,
        actor,
        &parties,
        "transfer.decline",
        id,
        Some(json!({ "status": "pending" })),
        json!({ "status": "declined" }),
        now,
    )
    .await?;
    notify(svc, &mut tx, &request, None, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Emails the address the target partner named: `moved` subscriptions
/// transferred, or declined (`None`); in that user's language if the
/// address is a user's, else English.
async fn notify(
    svc: &Services,
    tx: &mut Tx,
    r: &Request,
    moved: Option<usize>,
    now: Timestamp,
) -> Result<()> {
    let lang: Option<String> = sqlx::query_scalar("SELECT language FROM users WHERE email = $1")
        .bind(&r.notify_email)
        .fetch_optional(&mut **tx)
        .await?;
    let lang = lang.and_then(|l| Language::parse(&l)).unwrap_or_default();
    let link = svc.link(&format!("/transfers/{}", r.id));
    let email = emails::transfer_decision(lang, &r.source_name, &r.customer_name, moved, &link);
    outbox::enqueue(tx, &r.notify_email, lang, email, now).await
}

/// One audit entry per organization concerned (each reads its own log).
#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut Tx,
    actor: &Actor,
    orgs: &[i64],
    action: &'static str,
    id: i64,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
    now: Timestamp,
) -> Result<()> {
    for org in orgs {
        audit::record(
            tx,
            audit::Entry {
                actor: Some(actor),
                org_id: *org,
                action,
                entity: "transfer_request",
                entity_id: id.to_string(),
                before: before.clone(),
                after: Some(after.clone()),
            },
            now,
        )
        .await?;
    }
    Ok(())
}

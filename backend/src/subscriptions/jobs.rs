//! The billing job: at each billing period boundary inside a term it charges
//! the next period; at the end of a term it renews (R-SUB-18), ends the
//! subscription (auto-renew off) or deletes it (ended while suspended,
//! R-SUB-23).
//!
//! Idempotent and safe with several server processes: a subscription is due
//! while `billed_until` <= today. A step first claims it (R-SUB-21: a lease
//! of two minutes in its own transaction, during which auto-renew and
//! suspend/reactivate wait; a claim of a crashed process expires), then does
//! the work in a second transaction that ends the claim, whose
//! `UPDATE … WHERE billed_until = <what was read>` also stops a process that
//! read the same row. Both take the subscription's row lock before they
//! read, as every change of a subscription does, so a seat change that
//! commits meanwhile is waited for and renewed or charged, not overwritten
//! with the seats read before it.

use domain::{
    seats::term_end_action, Addition, Claim, Money, NextTerm, Period, Processing, SeatState,
    SubscriptionStatus, TermEndAction, Timestamp,
};
use serde_json::{json, Value};

use super::ledger;
use super::state::{self, Loaded};
use super::store::insert_addition;
use crate::audit;
use crate::db::{locks, Tx};
use crate::error::{Error, Result};
use crate::job_failures;
use crate::services::Services;

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub cycle_charges: u32,
    pub renewed: u32,
    /// Trials converted to their paid offer (R-SUB-24).
    pub converted: u32,
    pub expired: u32,
    pub deleted: u32,
    /// Subscriptions skipped because their step failed (see `job_failures`).
    pub failed: u32,
}

/// The name under which this job's failures are recorded.
pub const JOB: &str = "billing";

fn subject(id: i64) -> String {
    format!("subscription {id}")
}

/// Processes everything due at `now`, step by step, until nothing is due.
/// A subscription whose step fails is logged, recorded and skipped for the
/// rest of the run; the others go on. Only a failure to read what is due,
/// or to record a failure, ends the run with an error.
#[tracing::instrument(name = "billing.run_due", skip(svc), fields(now = %now.to_rfc3339()))]
pub async fn run_due(svc: &Services, now: Timestamp) -> Result<Report> {
    let mut report = Report::default();
    let mut failed = std::collections::HashSet::new();
    loop {
        // One pass over everything due, in pages by id (failed ones stay due).
        let mut progressed = false;
        let mut after = 0i64;
        loop {
            let due: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM subscriptions WHERE status IN ('active', 'suspended') \
                 AND billed_until <= $1 AND id > $2 ORDER BY id LIMIT 500",
            )
            .bind(now.date().days_since_epoch())
            .bind(after)
            .fetch_all(svc.db.pool())
            .await?;
            let Some(&last) = due.last() else { break };
            after = last;
            for id in due {
                if failed.contains(&id) {
                    continue;
                }
                match step(svc, id, now, &mut report).await {
                    Ok(done) => progressed |= done,
                    Err(e) => {
                        tracing::error!(subscription_id = id, error = %e, "billing step failed; skipped");
                        let at = svc.clock.now();
                        job_failures::record(&svc.db, JOB, &subject(id), &e.to_string(), at)
                            .await?;
                        failed.insert(id);
                        report.failed += 1;
                    }
                }
            }
        }
        if !progressed {
            return Ok(report);
        }
    }
}

/// One billing step of one subscription, in two transactions: the claim
/// (R-SUB-21), then the work, which ends the claim. `false` if another
/// process holds the subscription or it is no longer due.
async fn step(svc: &Services, id: i64, now: Timestamp, report: &mut Report) -> Result<bool> {
    let Some(claim) = take_claim(svc, id, now).await? else {
        return Ok(false);
    };
    let done = process(svc, id, now, claim, report).await;
    if !matches!(done, Ok(true)) {
        // Failed, or found nothing to do: free the subscription now rather
        // than when the lease runs out.
        if let Err(e) = release(svc, id, claim).await {
            tracing::warn!(subscription_id = id, error = %e, "the billing claim stays until it expires");
        }
    }
    done
}

/// The subscription under its row lock, if it is due at `now` (on SQLite
/// the one writer already holds it all). The lock comes before the read, as
/// in every change of a subscription.
async fn due(tx: &mut Tx, id: i64, now: Timestamp) -> Result<Option<Loaded>> {
    locks::subscription(tx, id).await?;
    let Some(sub) = state::load(tx, id).await? else {
        return Ok(None);
    };
    let due = sub.billed_until <= now.date()
        && matches!(
            sub.state.status,
            SubscriptionStatus::Active | SubscriptionStatus::Suspended
        );
    Ok(due.then_some(sub))
}

/// Claims a due subscription for this process, unless another holds it.
/// The lease runs on the real clock: a claim outlives no crash by more than
/// [`domain::PROCESSING_LEASE`], whatever the demo's business time does.
async fn take_claim(svc: &Services, id: i64, now: Timestamp) -> Result<Option<Claim>> {
    let real_now = svc.clock.now();
    let mut tx = svc.db.begin().await?;
    let Some(sub) = due(&mut tx, id, now).await? else {
        return Ok(None);
    };
    if sub.processing.is_some_and(|c| c.holds(real_now)) {
        return Ok(None);
    }
    let what = if sub.billed_until >= sub.state.term_period().end {
        Processing::Renewal
    } else {
        Processing::CycleCharge
    };
    let claim = Claim::new(what, real_now);
    sqlx::query("UPDATE subscriptions SET processing = $2, processing_until = $3 WHERE id = $1")
        .bind(id)
        .bind(what.code())
        .bind(claim.until.millis())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(claim))
}

/// The step's work under `claim`, which it ends in the same transaction.
async fn process(
    svc: &Services,
    id: i64,
    now: Timestamp,
    claim: Claim,
    report: &mut Report,
) -> Result<bool> {
    let mut tx = svc.db.begin().await?;
    let Some(sub) = due(&mut tx, id, now).await? else {
        return Ok(false);
    };
    if sub.processing != Some(claim) {
        // Ours expired and another process claimed it.
        return Ok(false);
    }
    // Only the process whose update matches what it read goes on.
    let at_term_end = sub.billed_until >= sub.state.term_period().end;
    let done = if at_term_end {
        end_term(&mut tx, &sub, now, report).await?
    } else {
        charge_cycle(&mut tx, &sub, report).await?
    };
    if !done {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE subscriptions SET processing = NULL, processing_until = NULL WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    job_failures::resolve(&mut tx, JOB, &subject(id), svc.clock.now()).await?;
    tx.commit().await?;
    Ok(true)
}

/// Ends `claim` if it is still this process's.
async fn release(svc: &Services, id: i64, claim: Claim) -> Result<()> {
    let mut tx = svc.db.begin().await?;
    sqlx::query(
        "UPDATE subscriptions SET processing = NULL, processing_until = NULL \
         WHERE id = $1 AND processing_until = $2",
    )
    .bind(id)
    .bind(claim.until.millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves `billed_until` on only if nobody else did since it was read.
async fn claim(tx: &mut Tx, sub: &Loaded, billed_until: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE subscriptions SET billed_until = $4 WHERE id = $1 AND billed_until = $2 AND term_started_at = $3",
    )
    .bind(sub.id)
    .bind(sub.billed_until.days_since_epoch())
    .bind(sub.state.term_started_at.millis())
    .bind(billed_until)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Charges the next billing period for every seat (`SeatState::cycle_charge`).
/// Seats still inside their reduction window carry their share of this
/// charge, so a later decrease refunds it too.
async fn charge_cycle(tx: &mut Tx, sub: &Loaded, report: &mut Report) -> Result<bool> {
    let s = &sub.state;
    let cycle = s.cycle_charge(sub.billed_until);
    let period = cycle.period;
    if !claim(tx, sub, period.end.days_since_epoch()).await? {
        return Ok(false);
    }
    for (id, share) in cycle.shares {
        sqlx::query(
            "UPDATE seat_additions SET charged = charged + $2, covered_until = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(share)
        .bind(period.end.days_since_epoch())
        .execute(&mut **tx)
        .await?;
    }
    let starts = period.start.start();
    post(tx, sub, cycle.total, "cycle", s.seats(), period, starts).await?;
    report.cycle_charges += 1;
    Ok(true)
}

async fn end_term(tx: &mut Tx, sub: &Loaded, now: Timestamp, report: &mut Report) -> Result<bool> {
    let s = &sub.state;
    let Some(action) = term_end_action(s, sub.auto_renew, now) else {
        return Ok(false);
    };
    let next = match action {
        TermEndAction::Renew => Some(Next::renewal(tx, sub).await?),
        TermEndAction::ConvertTrial => Some(Next::paid(tx, sub).await?),
        TermEndAction::Expire | TermEndAction::Delete => None,
    };
    let claimed = match &next {
        Some(next) => start_term(tx, sub, next).await?,
        None => {
            let status = if action == TermEndAction::Expire {
                SubscriptionStatus::Expired
            } else {
                SubscriptionStatus::Deleted
            };
            end(tx, sub, status).await?
        }
    };
    if !claimed {
        return Ok(false);
    }
    let audit_action = match action {
        TermEndAction::Renew => {
            report.renewed += 1;
            "subscription.renew"
        }
        TermEndAction::ConvertTrial => {
            report.converted += 1;
            "subscription.trial_convert"
        }
        TermEndAction::Expire => {
            report.expired += 1;
            "subscription.expire"
        }
        TermEndAction::Delete => {
            report.deleted += 1;
            "subscription.delete"
        }
    };
    let (before, after) = changed(sub, action, next.as_ref());
    audit::record(
        tx,
        audit::Entry {
            actor: None,
            org_id: sub.customer_org_id,
            action: audit_action,
            entity: "subscription",
            entity_id: sub.id.to_string(),
            before: Some(before),
            after: Some(after),
        },
        now,
    )
    .await?;
    Ok(true)
}

/// The term that follows one that ended: the same subscription renewed
/// (R-SUB-18), or a trial as its paid offer (R-SUB-24).
struct Next {
    /// The offer after the change, when it changes.
    offer: Option<&'static domain::Offer>,
    state: SeatState,
    ledger_reason: &'static str,
}

impl Next {
    /// The same subscription renewed (R-SUB-18), or as the change scheduled
    /// for its renewal makes it (R-SUB-19; another product is an upgrade,
    /// R-SUB-17).
    async fn renewal(tx: &mut Tx, sub: &Loaded) -> Result<Next> {
        if let Some((offer, next)) = super::renewal::scheduled(tx, sub).await? {
            let changes_offer = (offer.id != sub.offer_id).then_some(offer);
            return Ok(Next::of(sub, changes_offer, next, "renewal"));
        }
        // The same terms, a whole term again (a co-term date cut only the
        // term it was chosen for).
        let mut state = sub.state.clone();
        state.term_started_at = sub.state.term_period().end.start();
        state.term_end = None;
        Ok(Next {
            offer: None,
            state,
            ledger_reason: "renewal",
        })
    }

    /// The paid subscription this trial becomes: as scheduled (R-SUB-26),
    /// else the catalog's default conversion; a trial without one is a
    /// catalog defect (the catalog's tests check every trial), and the step
    /// fails visibly instead of ending the customer's trial.
    async fn paid(tx: &mut Tx, sub: &Loaded) -> Result<Next> {
        if sub.state.paid_from.is_some() {
            return Self::after_free_trial(sub);
        }
        let (offer, conversion) = match super::trials::scheduled(tx, sub).await? {
            Some(scheduled) => scheduled,
            None => {
                let catalog = crate::catalog::catalog();
                let currency = sub.state.seat_price.currency;
                let (offer, option) = catalog
                    .offer(&sub.offer_id)
                    .and_then(|trial| catalog.trial_conversion(trial, currency))
                    .ok_or_else(|| {
                        Error::Internal(format!(
                            "trial offer {} has no paid conversion in {}",
                            sub.offer_id,
                            currency.code()
                        ))
                    })?;
                let seats = sub.state.seats();
                (offer, NextTerm::new(option, seats))
            }
        };
        Ok(Next::of(sub, Some(offer), conversion, "trial_conversion"))
    }

    /// R-SUB-27: the paid term an offer's free trial was bought for (its
    /// term and billing), at the offer's price now, with its seats.
    fn after_free_trial(sub: &Loaded) -> Result<Next> {
        let currency = sub.state.seat_price.currency;
        let offer = crate::catalog::catalog()
            .offer(&sub.offer_id)
            .ok_or_else(|| {
                Error::Internal(format!("offer {} is not in the catalog", sub.offer_id))
            })?;
        let option = offer
            .options(currency)
            .into_iter()
            .find(|o| (o.term, o.frequency) == (sub.state.term, sub.state.frequency))
            .ok_or_else(|| {
                Error::Internal(format!(
                    "{} is no longer sold for {} billed {} in {}",
                    offer.id,
                    sub.state.term.code(),
                    sub.state.frequency.code(),
                    currency.code()
                ))
            })?;
        let seats = sub.state.seats();
        Ok(Next::of(
            sub,
            Some(offer),
            NextTerm::new(option, seats),
            "trial_conversion",
        ))
    }

    /// The term `next` describes. `start_term` adds its seats as one new
    /// addition; only their number counts here.
    fn of(
        sub: &Loaded,
        offer: Option<&'static domain::Offer>,
        next: NextTerm,
        ledger_reason: &'static str,
    ) -> Next {
        let mut state = next.state(&sub.state);
        state.additions = vec![Addition {
            id: 0,
            seats: next.seats,
            added_at: state.term_started_at,
            charged: 0,
            covered_until: state.term_period().end,
        }];
        Next {
            offer,
            state,
            ledger_reason,
        }
    }
}

/// Starts the next term: the claim (as in `claim`, with the term's fields),
/// then the previous additions close and all seats form one new addition
/// with its own 168-hour window (R-SUB-18, R-SUB-09), charged the first
/// billing period.
async fn start_term(tx: &mut Tx, sub: &Loaded, next: &Next) -> Result<bool> {
    let n = &next.state;
    let starts = n.term_started_at;
    let (first_index, first) = n.billing_period_at(starts.date());
    let offer = next.offer.map_or(sub.offer_id.as_str(), |o| o.id.as_str());
    let name = next.offer.map_or(sub.name.as_str(), |o| o.name.as_str());
    let done = sqlx::query(
        "UPDATE subscriptions SET term_started_at = $4, billed_until = $5, offer_id = $6, name = $7, \
         trial = $8, term = $9, frequency = $10, seat_price = $11, paid_from = NULL, term_end = $12 \
         WHERE id = $1 AND billed_until = $2 AND term_started_at = $3",
    )
    .bind(sub.id)
    .bind(sub.billed_until.days_since_epoch())
    .bind(sub.state.term_started_at.millis())
    .bind(starts.millis())
    .bind(first.end.days_since_epoch())
    .bind(offer)
    .bind(name)
    .bind(i64::from(n.trial))
    .bind(n.term.code())
    .bind(n.frequency.code())
    .bind(n.seat_price.minor)
    .bind(n.term_end.map(|d| d.days_since_epoch()))
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE seat_additions SET closed = 1 WHERE subscription_id = $1 AND closed = 0")
        .bind(sub.id)
        .execute(&mut **tx)
        .await?;
    // What was scheduled for this term's end is carried out now.
    sqlx::query("DELETE FROM scheduled_changes WHERE subscription_id = $1")
        .bind(sub.id)
        .execute(&mut **tx)
        .await?;
    let seats = n.seats();
    let charge = n.period_charge(seats, first_index);
    let addition = Addition {
        id: 0,
        seats,
        added_at: starts,
        charged: charge,
        covered_until: first.end,
    };
    insert_addition(tx, sub.id, &addition, next.ledger_reason).await?;
    post(tx, sub, charge, next.ledger_reason, seats, first, starts).await?;
    Ok(true)
}

/// Ends the subscription with `status`, its term left as it was.
async fn end(tx: &mut Tx, sub: &Loaded, status: SubscriptionStatus) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE subscriptions SET status = $4 WHERE id = $1 AND billed_until = $2 AND term_started_at = $3",
    )
    .bind(sub.id)
    .bind(sub.billed_until.days_since_epoch())
    .bind(sub.state.term_started_at.millis())
    .bind(status.code())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What the term's end changed, and only that: a renewal starts a new term
/// (an active subscription stays active) with what was scheduled for it; a
/// conversion also changes the offer, term and billing; an expiry or deletion changes the status and
/// leaves the term as it was.
fn changed(sub: &Loaded, action: TermEndAction, next: Option<&Next>) -> (Value, Value) {
    let s = &sub.state;
    let (mut before, mut after) = (json!({}), json!({}));
    match (action, next) {
        (TermEndAction::Expire, _) => {
            before["status"] = json!(s.status.code());
            after["status"] = json!(SubscriptionStatus::Expired.code());
        }
        (TermEndAction::Delete, _) => {
            before["status"] = json!(s.status.code());
            after["status"] = json!(SubscriptionStatus::Deleted.code());
        }
        (_, Some(next)) => {
            let n = &next.state;
            before["term_started_at"] = json!(s.term_started_at.to_rfc3339());
            after["term_started_at"] = json!(n.term_started_at.to_rfc3339());
            if let Some(offer) = next.offer {
                before["offer"] = json!(sub.offer_id);
                after["offer"] = json!(offer.id);
            }
            if n.term != s.term || next.offer.is_some() {
                before["term"] = json!(s.term.code());
                after["term"] = json!(n.term.code());
            }
            if n.frequency != s.frequency || next.offer.is_some() {
                before["billing"] = json!(s.frequency.code());
                after["billing"] = json!(n.frequency.code());
            }
            if n.seats() != s.seats() {
                before["seats"] = json!(s.seats());
                after["seats"] = json!(n.seats());
            }
            if let Some(end) = n.term_end {
                after["term_ends_on"] = json!(end.add_days(-1).to_string());
            }
        }
        (_, None) => {}
    }
    (before, after)
}

async fn post(
    tx: &mut Tx,
    sub: &Loaded,
    amount: i64,
    reason: &str,
    seats: u32,
    period: Period,
    at: Timestamp,
) -> Result<()> {
    ledger::post(
        tx,
        ledger::Entry {
            customer_org_id: sub.customer_org_id,
            partner_org_id: sub.partner_org_id,
            bills: ledger::Bills::Subscription(sub.id),
            amount: Money::new(amount, sub.state.seat_price.currency),
            reason,
            seats: i64::from(seats),
            period,
            at,
        },
    )
    .await?;
    Ok(())
}

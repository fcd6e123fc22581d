//! Delivering the outbox, at least once (R-NOT-01).
//!
//! A message is **claimed** by a conditional update that increments its
//! attempt count and reserves it until `lease_until`; only the process whose
//! update matched sends it, so two processes never send one message within a
//! lease. The SMTP conversation runs with no transaction open. Afterwards the
//! claim is **settled** — sent, retried later, or dead — by an update fenced
//! on the attempt count it claimed: a sender that outlived its lease (its
//! message already claimed again by another) changes nothing.
//!
//! A process that dies between claim and settle leaves the lease to expire:
//! the message is claimed again then and sent (at least once; the stable
//! `Message-ID` lets a receiver recognise a repeat). A message that cannot
//! be delivered (a recipient that does not parse, a permanent 5xx answer) is
//! dead-lettered with its reason and the batch goes on; a passing failure is
//! retried with backoff (`domain::delivery`) until it too becomes a dead
//! letter. When the relay itself is unreachable, the batch stops: the other
//! messages would only wait for the same timeout.

use domain::delivery::{retry_at, LEASE, MAX_ATTEMPTS};
use domain::Timestamp;
use sqlx::Row;

use super::smtp::{SendError, Smtp};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::Result;

/// How many messages one run looks at.
const BATCH: i64 = 50;

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u32,
    /// Failed for a passing reason; tried again later.
    pub retried: u32,
    /// Given up on: dead letters.
    pub dead: u32,
}

/// A message this process has claimed, and the attempt it claimed.
#[derive(Clone, Debug)]
pub struct Claim {
    pub id: i64,
    pub attempt: u32,
    /// The end of this claim's lease; with `attempt`, what settling is fenced on.
    pub lease_until: Timestamp,
    pub created_at: Timestamp,
    pub to: String,
    pub subject: String,
    pub body: String,
}

const CLAIMABLE: &str = "sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= $1 \
     AND (lease_until IS NULL OR lease_until <= $1)";

/// Sends what is due, oldest first, at most one batch. Reads the clock for
/// each claim and settle: a batch can take a while.
#[tracing::instrument(name = "outbox.deliver_pending", skip_all)]
pub async fn deliver_pending(db: &Db, clock: &Clock, smtp: &Smtp) -> Result<Delivered> {
    let due: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM outbox WHERE {CLAIMABLE} ORDER BY id LIMIT $2"
    ))
    .bind(clock.now().millis())
    .bind(BATCH)
    .fetch_all(db.pool())
    .await?;
    let mut report = Delivered::default();
    for id in due {
        let Some(claim) = claim(db, id, clock.now()).await? else {
            continue; // another process has it, or it is no longer due
        };
        let result = smtp.send(&claim).await;
        let now = clock.now();
        let relay_down = matches!(result, Err(SendError::RelayUnavailable(_)));
        let settled = match result {
            Ok(()) => settle_sent(db, &claim, now).await?.then_some(Settled::Sent),
            Err(SendError::Rejected(reason)) => {
                tracing::warn!(outbox_id = claim.id, %reason, "email dead-lettered");
                settle_dead(db, &claim, &reason, now)
                    .await?
                    .then_some(Settled::Dead)
            }
            Err(SendError::Deferred(reason) | SendError::RelayUnavailable(reason)) => {
                let settled = settle_retry(db, &claim, &reason, now).await?;
                match settled {
                    Some(Settled::Retried) => {
                        tracing::warn!(outbox_id = claim.id, attempt = claim.attempt, %reason, "email delivery deferred")
                    }
                    Some(_) => {
                        tracing::warn!(outbox_id = claim.id, %reason, "email dead-lettered after its last attempt")
                    }
                    None => {}
                }
                settled
            }
        };
        match settled {
            Some(Settled::Sent) => report.sent += 1,
            Some(Settled::Retried) => report.retried += 1,
            Some(Settled::Dead) => report.dead += 1,
            // The lease ran out during the attempt and another process
            // claimed the message again: its outcome is that process's.
            None => tracing::warn!(
                outbox_id = claim.id,
                "email's lease lost before it was settled"
            ),
        }
        if relay_down {
            break;
        }
    }
    Ok(report)
}

/// Claims message `id` if it is still due at `now`: one more attempt, and
/// the lease. `None` if another process holds it or it is done.
pub async fn claim(db: &Db, id: i64, now: Timestamp) -> Result<Option<Claim>> {
    let lease_until = now.plus(LEASE);
    let mut tx = db.begin().await?;
    let row = sqlx::query(&format!(
        "UPDATE outbox SET attempts = attempts + 1, lease_until = $2 WHERE id = $3 AND {CLAIMABLE} \
         RETURNING attempts, created_at, to_email, subject, body"
    ))
    .bind(now.millis())
    .bind(lease_until.millis())
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(row.map(|r| Claim {
        id,
        lease_until,
        attempt: u32::try_from(r.get::<i64, _>(0)).unwrap_or(u32::MAX),
        created_at: Timestamp::from_millis(r.get(1)),
        to: r.get(2),
        subject: r.get(3),
        body: r.get(4),
    }))
}

/// How an attempt was settled.
enum Settled {
    Sent,
    Retried,
    Dead,
}

/// Runs one settling update (`set`, with `$3` and `$4` its values), fenced on
/// the claim: its attempt and its lease. `false` if the claim no longer
/// holds (the lease expired and the message was claimed again).
async fn settle(
    db: &Db,
    claim: &Claim,
    set: &str,
    at: Timestamp,
    text: Option<&str>,
) -> Result<bool> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(&format!(
        "UPDATE outbox SET lease_until = NULL, {set} \
         WHERE id = $1 AND attempts = $2 AND lease_until = $5"
    ))
    .bind(claim.id)
    .bind(i64::from(claim.attempt))
    .bind(at.millis())
    .bind(text)
    .bind(claim.lease_until.millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

async fn settle_sent(db: &Db, claim: &Claim, now: Timestamp) -> Result<bool> {
    settle(db, claim, "sent_at = $3, last_error = $4", now, None).await
}

async fn settle_dead(db: &Db, claim: &Claim, reason: &str, now: Timestamp) -> Result<bool> {
    settle(
        db,
        claim,
        "dead_at = $3, last_error = $4",
        now,
        Some(reason),
    )
    .await
}

/// Schedules the next attempt, or makes the message a dead letter if that
/// was the last one allowed; `None` if the claim no longer holds.
async fn settle_retry(
    db: &Db,
    claim: &Claim,
    reason: &str,
    now: Timestamp,
) -> Result<Option<Settled>> {
    let settled = match retry_at(claim.attempt, now) {
        Some(next) => {
            let set = "next_attempt_at = $3, last_error = $4";
            settle(db, claim, set, next, Some(reason))
                .await?
                .then_some(Settled::Retried)
        }
        None => {
            let reason = format!("gave up after {MAX_ATTEMPTS} attempts; the last: {reason}");
            settle_dead(db, claim, &reason, now)
                .await?
                .then_some(Settled::Dead)
        }
    };
    Ok(settled)
}

/// Makes dead letter `id` due again at `now` with a fresh count of attempts
/// (a late sender's settle cannot match: the lease it holds is gone);
/// `false` if it is not a dead letter (any more).
pub(crate) async fn requeue(tx: &mut crate::db::Tx, id: i64, now: Timestamp) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = $2, lease_until = NULL \
         WHERE id = $1 AND dead_at IS NOT NULL",
    )
    .bind(id)
    .bind(now.millis())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

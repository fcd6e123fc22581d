//! R-NOT-01: emails are written to the outbox in the same transaction as the
//! change that caused them, and delivered afterwards by SMTP when configured
//! ([`delivery`]: at least once, retried, dead-lettered with a reason).

pub mod delivery;
pub mod smtp;
mod smtp_url;

pub use domain::operations_views::DeadLetter;
pub use domain::views::OutboxMessage;
use domain::{Language, Timestamp};
use sqlx::Row;

use crate::db::{Db, Tx};
use crate::emails::Email;
use crate::error::Result;

pub use delivery::{deliver_pending, Delivered};
pub use smtp::Smtp;

/// Writes `email` in the transaction of the change that causes it, dated
/// `now` (business time). It is due at once (`next_attempt_at` 0): delivery
/// runs on the real clock, which the demo's test clock may have left behind
/// business time, and a new email waits for nothing.
pub async fn enqueue(
    tx: &mut Tx,
    to: &str,
    lang: Language,
    email: Email,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (created_at, to_email, language, subject, body, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, 0)",
    )
    .bind(now.millis())
    .bind(to)
    .bind(lang.code())
    .bind(email.subject)
    .bind(email.body)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The newest messages first (the demo mailbox page).
pub async fn list(db: &Db, limit: i64) -> Result<Vec<OutboxMessage>> {
    let rows = sqlx::query(
        "SELECT id, created_at, to_email, language, subject, body, sent_at FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| OutboxMessage {
            id: r.get(0),
            created_at: Timestamp::from_millis(r.get(1)),
            to: r.get(2),
            language: r.get(3),
            subject: r.get(4),
            body: r.get(5),
            sent_at: r.get::<Option<i64>, _>(6).map(Timestamp::from_millis),
        })
        .collect())
}

/// The newest dead letters first.
pub async fn dead_letters(db: &Db, limit: i64) -> Result<Vec<DeadLetter>> {
    let rows = sqlx::query(
        "SELECT id, created_at, dead_at, to_email, subject, attempts, last_error FROM outbox \
         WHERE dead_at IS NOT NULL ORDER BY dead_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| DeadLetter {
            id: r.get(0),
            created_at: Timestamp::from_millis(r.get(1)),
            dead_at: Timestamp::from_millis(r.get(2)),
            to: r.get(3),
            subject: r.get(4),
            attempts: r.get(5),
            reason: r.get::<Option<String>, _>(6).unwrap_or_default(),
        })
        .collect())
}

/// What waits to be delivered, and what was given up on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backlog {
    pub pending: i64,
    /// When the oldest pending message was written, if any is pending.
    pub oldest_pending: Option<Timestamp>,
    pub dead: i64,
}

pub async fn backlog(db: &Db) -> Result<Backlog> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL), \
         (SELECT MIN(created_at) FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL), \
         (SELECT COUNT(*) FROM outbox WHERE dead_at IS NOT NULL)",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(Backlog {
        pending: row.get(0),
        oldest_pending: row.get::<Option<i64>, _>(1).map(Timestamp::from_millis),
        dead: row.get(2),
    })
}

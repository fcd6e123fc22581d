//! Items a background job could not process: the job skips them and goes on
//! with the rest, and records them here so the provider sees them
//! (`operations`). One row per job and item, counted across runs; a later
//! run that processes the item marks it resolved.

pub use domain::operations_views::JobFailure;
use domain::Timestamp;
use sqlx::Row;

use crate::db::{Db, Tx};
use crate::error::Result;

pub async fn record(db: &Db, job: &str, subject: &str, error: &str, now: Timestamp) -> Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO job_failures (job, subject, error, failures, first_failed_at, last_failed_at) \
         VALUES ($1, $2, $3, 1, $4, $4) \
         ON CONFLICT (job, subject) DO UPDATE SET error = excluded.error, \
         last_failed_at = excluded.last_failed_at, \
         failures = CASE WHEN job_failures.resolved_at IS NULL THEN job_failures.failures + 1 ELSE 1 END, \
         first_failed_at = CASE WHEN job_failures.resolved_at IS NULL THEN job_failures.first_failed_at \
         ELSE excluded.first_failed_at END, \
         resolved_at = NULL",
    )
    .bind(job)
    .bind(subject)
    .bind(error)
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// In the transaction that processed `subject`: its failure, if any, is over.
pub(crate) async fn resolve(tx: &mut Tx, job: &str, subject: &str, now: Timestamp) -> Result<()> {
    sqlx::query(
        "UPDATE job_failures SET resolved_at = $3 WHERE job = $1 AND subject = $2 AND resolved_at IS NULL",
    )
    .bind(job)
    .bind(subject)
    .bind(now.millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The unresolved failures, the most recent first.
pub async fn open(db: &Db, limit: i64) -> Result<Vec<JobFailure>> {
    let rows = sqlx::query(
        "SELECT job, subject, error, failures, first_failed_at, last_failed_at FROM job_failures \
         WHERE resolved_at IS NULL ORDER BY last_failed_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| JobFailure {
            job: r.get(0),
            subject: r.get(1),
            error: r.get(2),
            failures: r.get(3),
            first_failed_at: Timestamp::from_millis(r.get(4)),
            last_failed_at: Timestamp::from_millis(r.get(5)),
        })
        .collect())
}

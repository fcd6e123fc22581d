//! Throttling state (R-ORG-04 resend, R-ORG-05 accept, R-ORG-06 sign-in).
//! The rule is the pure `domain::RateLimit`; this stores the attempts it
//! counts.

use domain::{RateLimit, Span, Timestamp};

use crate::db::{Db, Tx};
use crate::error::Result;

/// Would one more attempt in `bucket` be within `limit` at `now`?
async fn allows<'c, E>(conn: E, bucket: &str, limit: RateLimit, now: Timestamp) -> Result<bool>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let earlier: Vec<i64> =
        sqlx::query_scalar("SELECT at FROM rate_limit_events WHERE bucket = $1 AND at > $2")
            .bind(bucket)
            .bind(limit.window_start(now).millis())
            .fetch_all(conn)
            .await?;
    let earlier: Vec<Timestamp> = earlier.into_iter().map(Timestamp::from_millis).collect();
    Ok(limit.allows(&earlier, now))
}

/// An attempt counted in its buckets before the work it guards; a success
/// gives it back ([`give_back`]) so that only failures use up a limit.
#[derive(Debug)]
#[must_use = "a successful attempt is given back"]
pub struct Attempt {
    event_ids: Vec<i64>,
}

/// Counts one attempt in every bucket, or in none when any limit is
/// reached (`None`: answer "too many attempts" without doing the work).
///
/// One transaction that first takes each bucket's row (an upsert: a row
/// lock on PostgreSQL, the one writer on SQLite), then counts and records.
/// Concurrent attempts on a bucket therefore count one after another, each
/// seeing the ones before it — on READ COMMITTED too, as every statement
/// after the lock reads what was committed before it was granted.
pub async fn take(
    db: &Db,
    buckets: &[(&str, RateLimit)],
    now: Timestamp,
) -> Result<Option<Attempt>> {
    let mut ordered = buckets.to_vec();
    // One order for every caller, so two attempts never wait on each other's locks.
    ordered.sort_by_key(|(bucket, _)| *bucket);
    let mut tx = db.begin().await?;
    for (bucket, limit) in &ordered {
        sqlx::query(
            "INSERT INTO rate_limit_buckets (bucket, touched_at) VALUES ($1, $2) \
             ON CONFLICT (bucket) DO UPDATE SET touched_at = excluded.touched_at",
        )
        .bind(*bucket)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
        if !allows(&mut *tx, bucket, *limit, now).await? {
            tx.rollback().await?;
            return Ok(None);
        }
    }
    let mut event_ids = Vec::with_capacity(ordered.len());
    for (bucket, _) in &ordered {
        event_ids.push(
            sqlx::query_scalar(
                "INSERT INTO rate_limit_events (bucket, at) VALUES ($1, $2) RETURNING id",
            )
            .bind(*bucket)
            .bind(now.millis())
            .fetch_one(&mut *tx)
            .await?,
        );
    }
    tx.commit().await?;
    Ok(Some(Attempt { event_ids }))
}

/// Uncounts a successful attempt, in the transaction that records its success.
pub async fn give_back(tx: &mut Tx, attempt: Attempt) -> Result<()> {
    for id in attempt.event_ids {
        sqlx::query("DELETE FROM rate_limit_events WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Forgets events and buckets older than a day (no limit looks further back).
pub async fn prune(db: &Db, now: Timestamp) -> Result<u64> {
    let cutoff = now.minus(Span::days(1)).millis();
    let mut tx = db.begin().await?;
    let done = sqlx::query("DELETE FROM rate_limit_events WHERE at < $1")
        .bind(cutoff)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM rate_limit_buckets WHERE touched_at < $1")
        .bind(cutoff)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

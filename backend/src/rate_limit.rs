//! Throttling state (R-ORG-04 resend, sign-in). The rule is the pure
//! `domain::RateLimit`; this stores the attempts it counts.

use domain::{RateLimit, Span, Timestamp};

use crate::db::{Db, Tx};
use crate::error::Result;

/// Would one more attempt in `bucket` be within `limit` at `now`?
pub async fn allows<'c, E>(conn: E, bucket: &str, limit: RateLimit, now: Timestamp) -> Result<bool>
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

pub async fn record(tx: &mut Tx, bucket: &str, now: Timestamp) -> Result<()> {
    sqlx::query("INSERT INTO rate_limit_events (bucket, at) VALUES ($1, $2)")
        .bind(bucket)
        .bind(now.millis())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Forgets events older than a day (no limit looks further back).
pub async fn prune(db: &Db, now: Timestamp) -> Result<u64> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("DELETE FROM rate_limit_events WHERE at < $1")
        .bind(now.minus(Span::days(1)).millis())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

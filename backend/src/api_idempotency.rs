//! R-API-02: `Idempotency-Key` records, in the database so that every
//! server process sees them. A record is scoped to (organization, method,
//! path, key) and holds the request body's fingerprint; once the first
//! request has answered, its status and body, which a repeat gets again.
//! Which keys are valid is the rules crate's (`domain::api_token::is_idempotency_key`).

use domain::{Span, Timestamp};
use sqlx::Row;

use crate::db::Db;
use crate::error::Result;
use crate::services::Services;

/// Records are kept this long, then purged (the draft asks for ≥ 24 h).
pub const KEPT_FOR: Span = Span::days(1);
/// A request that claimed a key and never answered (its process died) holds
/// it this long; a repeat after that runs again.
pub const LEASE: Span = Span::millis(60_000);
/// What one request's key is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub org_id: i64,
    pub method: String,
    pub path: String,
    pub key: String,
}

/// What to do with a request that carries a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The first request for the key: run it, then [`finish`] or [`release`].
    Run,
    /// It was answered: send this again.
    Replay { status: u16, body: String },
    /// The key was used with another body (422).
    Mismatch,
    /// The first request with the key is still running (409).
    InFlight,
}

/// Claims `scope` for a request whose body has `fingerprint`.
#[tracing::instrument(name = "api_idempotency.claim", skip_all, fields(org = scope.org_id))]
pub async fn claim(svc: &Services, scope: &Scope, fingerprint: &str) -> Result<Claim> {
    let now = svc.clock.now();
    let mut tx = svc.db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO api_idempotency (org_id, method, path, idem_key, fingerprint, created_at, started_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING",
    )
    .bind(scope.org_id)
    .bind(&scope.method)
    .bind(&scope.path)
    .bind(&scope.key)
    .bind(fingerprint)
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        tx.commit().await?;
        return Ok(Claim::Run);
    }
    let row = sqlx::query(
        "SELECT fingerprint, status, body, started_at FROM api_idempotency \
         WHERE org_id = $1 AND method = $2 AND path = $3 AND idem_key = $4",
    )
    .bind(scope.org_id)
    .bind(&scope.method)
    .bind(&scope.path)
    .bind(&scope.key)
    .fetch_one(&mut *tx)
    .await?;
    let claim = if row.get::<String, _>(0) != fingerprint {
        Claim::Mismatch
    } else if let Some(status) = row.get::<Option<i64>, _>(1) {
        Claim::Replay {
            status: u16::try_from(status).unwrap_or(500),
            body: row.get::<Option<String>, _>(2).unwrap_or_default(),
        }
    } else if Timestamp::from_millis(row.get(3)).plus(LEASE) <= now {
        // Taken over: the guard on `started_at` lets one taker win.
        let started: i64 = row.get(3);
        let taken = sqlx::query(
            "UPDATE api_idempotency SET started_at = $5 \
             WHERE org_id = $1 AND method = $2 AND path = $3 AND idem_key = $4 \
             AND status IS NULL AND started_at = $6",
        )
        .bind(scope.org_id)
        .bind(&scope.method)
        .bind(&scope.path)
        .bind(&scope.key)
        .bind(now.millis())
        .bind(started)
        .execute(&mut *tx)
        .await?;
        if taken.rows_affected() == 1 {
            Claim::Run
        } else {
            Claim::InFlight
        }
    } else {
        Claim::InFlight
    };
    tx.commit().await?;
    Ok(claim)
}

/// Stores the first request's answer for its repeats.
pub async fn finish(svc: &Services, scope: &Scope, status: u16, body: &str) -> Result<()> {
    let mut tx = svc.db.begin().await?;
    sqlx::query(
        "UPDATE api_idempotency SET status = $5, body = $6 \
         WHERE org_id = $1 AND method = $2 AND path = $3 AND idem_key = $4",
    )
    .bind(scope.org_id)
    .bind(&scope.method)
    .bind(&scope.path)
    .bind(&scope.key)
    .bind(i64::from(status))
    .bind(body)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Forgets a claim whose request was refused or failed: it changed nothing,
/// so a repeat runs again rather than replaying the refusal.
pub async fn release(svc: &Services, scope: &Scope) -> Result<()> {
    let mut tx = svc.db.begin().await?;
    sqlx::query(
        "DELETE FROM api_idempotency WHERE org_id = $1 AND method = $2 AND path = $3 AND idem_key = $4 AND status IS NULL",
    )
    .bind(scope.org_id)
    .bind(&scope.method)
    .bind(&scope.path)
    .bind(&scope.key)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes the records older than [`KEPT_FOR`]. Run by the periodic job.
pub async fn purge(db: &Db, now: Timestamp) -> Result<u64> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("DELETE FROM api_idempotency WHERE created_at <= $1")
        .bind(now.minus(KEPT_FOR).millis())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

//! Row locks for rules that read several rows and must not be passed by two
//! transactions at once.
//!
//! SQLite runs one write transaction at a time, so a rule checked inside one
//! holds until it commits. PostgreSQL runs READ COMMITTED: two transactions
//! can each count the other's old rows ("another administrator exists") and
//! both commit. A rule that reads rows it does not write locks the
//! organization they belong to first, with a no-op `UPDATE` (the same
//! statement on both databases; `SELECT … FOR UPDATE` is not SQLite). A
//! statement that follows the lock sees what the transaction it waited for
//! committed: READ COMMITTED takes a new snapshot per statement.
//!
//! Lock order, so that two transactions never wait on each other: a
//! subscription row (`subscriptions::state::begin_locked`) before its
//! customer's organization row.

use super::Tx;
use crate::error::Result;

/// Locks organization `org_id` until the transaction ends. The callers'
/// next statements find a missing organization themselves.
pub(crate) async fn organization(tx: &mut Tx, org_id: i64) -> Result<()> {
    // A non-key column: PostgreSQL then takes the row lock that waits for
    // other such locks but not for inserts that merely reference the row.
    lock(
        tx,
        "UPDATE organizations SET name = name WHERE id = $1",
        org_id,
    )
    .await
}

/// Locks subscription `id` until the transaction ends, for a change that
/// reads it after (the billing job); the seat and status changes lock and
/// load it in one statement (`subscriptions::state::begin_locked`).
pub(crate) async fn subscription(tx: &mut Tx, id: i64) -> Result<()> {
    lock(
        tx,
        "UPDATE subscriptions SET updated_at = updated_at WHERE id = $1",
        id,
    )
    .await
}

/// Locks download link `id` until the transaction ends: its download count
/// is read, checked against R-SW-04 and written back by one transaction at
/// a time.
pub(crate) async fn download_link(tx: &mut Tx, id: i64) -> Result<()> {
    lock(
        tx,
        "UPDATE download_links SET downloads = downloads WHERE id = $1",
        id,
    )
    .await
}

async fn lock(tx: &mut Tx, sql: &'static str, id: i64) -> Result<()> {
    sqlx::query(sql).bind(id).execute(&mut **tx).await?;
    Ok(())
}

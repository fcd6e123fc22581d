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

/// Locks organization `org_id` until the transaction ends; false when there
/// is no such organization.
pub(crate) async fn organization(tx: &mut Tx, org_id: i64) -> Result<bool> {
    // A non-key column: PostgreSQL then takes the row lock that waits for
    // other such locks but not for inserts that merely reference the row.
    let locked = sqlx::query("UPDATE organizations SET name = name WHERE id = $1")
        .bind(org_id)
        .execute(&mut **tx)
        .await?;
    Ok(locked.rows_affected() == 1)
}

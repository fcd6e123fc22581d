//! R-BIL-01: every charge, refund and credit is a ledger entry on the
//! customer's invoice for that month; the invoice total moves in the same
//! transaction, so the ledger and the invoices always agree.

use domain::{CivilDate, Money, Period, Timestamp};

use crate::db::{Db, Tx};
use crate::error::Result;

pub(crate) struct Entry<'a> {
    pub customer_org_id: i64,
    pub partner_org_id: i64,
    pub subscription_id: i64,
    pub amount: Money,
    pub reason: &'a str,
    pub seats: i64,
    pub period: Period,
    pub at: Timestamp,
}

/// "2026-03": the invoice month of an instant (UTC).
pub(crate) fn month_of(at: Timestamp) -> String {
    let CivilDate { year, month, .. } = at.date();
    format!("{year:04}-{month:02}")
}

/// Adds the entry to its invoice's total and writes it. Call it last in the
/// transaction: on PostgreSQL the invoice row stays locked from the upsert
/// to the commit, and every change of one customer's month goes through it.
pub(crate) async fn post(tx: &mut Tx, e: Entry<'_>) -> Result<i64> {
    let invoice_id: i64 = sqlx::query_scalar(
        "INSERT INTO invoices (customer_org_id, partner_org_id, month, currency, total) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (customer_org_id, partner_org_id, month, currency) \
         DO UPDATE SET total = invoices.total + excluded.total RETURNING id",
    )
    .bind(e.customer_org_id)
    .bind(e.partner_org_id)
    .bind(month_of(e.at))
    .bind(e.amount.currency.code())
    .bind(e.amount.minor)
    .fetch_one(&mut **tx)
    .await?;
    let id = sqlx::query_scalar(
        "INSERT INTO ledger (invoice_id, customer_org_id, partner_org_id, subscription_id, amount, currency, reason, \
         seats, period_start, period_end, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(invoice_id)
    .bind(e.customer_org_id)
    .bind(e.partner_org_id)
    .bind(e.subscription_id)
    .bind(e.amount.minor)
    .bind(e.amount.currency.code())
    .bind(e.reason)
    .bind(e.seats)
    .bind(e.period.start.days_since_epoch())
    .bind(e.period.end.days_since_epoch())
    .bind(e.at.millis())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// The invariant of R-BIL-01 over the whole database: per invoice, the
/// total equals the sum of its ledger entries (used by tests and /healthz-style checks).
pub async fn totals_agree(db: &Db) -> Result<bool> {
    let mismatches: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invoices i WHERE i.total <> \
         (SELECT COALESCE(SUM(l.amount), 0) FROM ledger l WHERE l.invoice_id = i.id)",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(mismatches == 0)
}

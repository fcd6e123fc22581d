//! R-BIL-01: every charge, refund and credit is a ledger entry on the
//! customer's invoice for that month; the invoice total moves in the same
//! transaction, so the ledger and the invoices always agree.

use domain::{CivilDate, Money, Period, Timestamp};

use crate::db::{Db, Tx};
use crate::error::{Error, Result};

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

/// Writes the entry and adds it to its invoice's total. Call it last in the
/// transaction. The invoice row is only read until the final update: on
/// PostgreSQL that update locks the row until the commit (its WAL flush
/// included), and every change of one customer's month goes through that
/// row, so nothing but the commit follows it.
pub(crate) async fn post(tx: &mut Tx, e: Entry<'_>) -> Result<i64> {
    let month = month_of(e.at);
    let (id, invoice_id) = match insert_entry(tx, &e, &month).await? {
        Some(written) => written,
        None => {
            // The month's first entry: create its invoice with a zero total
            // (if a concurrent transaction just did, this waits for it and
            // inserts nothing), then write the entry.
            sqlx::query(
                "INSERT INTO invoices (customer_org_id, partner_org_id, month, currency, total) \
                 VALUES ($1, $2, $3, $4, 0) \
                 ON CONFLICT (customer_org_id, partner_org_id, month, currency) DO NOTHING",
            )
            .bind(e.customer_org_id)
            .bind(e.partner_org_id)
            .bind(&month)
            .bind(e.amount.currency.code())
            .execute(&mut **tx)
            .await?;
            insert_entry(tx, &e, &month)
                .await?
                .ok_or_else(|| Error::Internal("the invoice of a ledger entry is missing".into()))?
        }
    };
    sqlx::query("UPDATE invoices SET total = total + $2 WHERE id = $1")
        .bind(invoice_id)
        .bind(e.amount.minor)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// Inserts the ledger row on its month's invoice, if that invoice exists:
/// `(entry id, invoice id)`.
async fn insert_entry(tx: &mut Tx, e: &Entry<'_>, month: &str) -> Result<Option<(i64, i64)>> {
    Ok(sqlx::query_as(
        "INSERT INTO ledger (invoice_id, customer_org_id, partner_org_id, subscription_id, amount, currency, reason, \
         seats, period_start, period_end, at) \
         SELECT i.id, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM invoices i \
         WHERE i.customer_org_id = $1 AND i.partner_org_id = $2 AND i.month = $11 AND i.currency = $5 \
         RETURNING id, invoice_id",
    )
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
    .bind(month)
    .fetch_optional(&mut **tx)
    .await?)
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

//! R-BIL-01: every charge, refund and credit is a ledger entry on the
//! customer's invoice for that month; the invoice total moves in the same
//! transaction, so the ledger and the invoices always agree.

use domain::{CivilDate, Money, Period, Timestamp};

use crate::db::{Db, Statement, Tx};
use crate::error::{Error, Result};

/// What a ledger entry bills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bills {
    Subscription(i64),
    /// A software purchase (R-SW-01, R-SW-07).
    Software(i64),
    /// A partner's own membership benefits package (R-MPN-01, R-MPN-07).
    Package(i64),
}

impl Bills {
    fn ids(self) -> (Option<i64>, Option<i64>, Option<i64>) {
        match self {
            Bills::Subscription(id) => (Some(id), None, None),
            Bills::Software(id) => (None, Some(id), None),
            Bills::Package(id) => (None, None, Some(id)),
        }
    }
}

pub(crate) struct Entry<'a> {
    pub customer_org_id: i64,
    pub partner_org_id: i64,
    pub bills: Bills,
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

/// Writes the entry and adds it to its invoice's total.
pub(crate) async fn post(tx: &mut Tx, e: Entry<'_>) -> Result<()> {
    tx.run(statements(&e, false).into_iter().collect())
        .await
        .map_err(entry_error)?;
    Ok(())
}

/// The error of a batch that holds [`statements`]: [`Error::InvoiceMissing`]
/// when the entry found no invoice (its NOT NULL `invoice_id`), else the
/// database's (as any database error). Either way the transaction does not
/// commit.
pub(crate) fn entry_error(e: sqlx::Error) -> Error {
    let no_invoice = e.as_database_error().is_some_and(|d| {
        d.kind() == sqlx::error::ErrorKind::NotNullViolation && d.message().contains("invoice_id")
    });
    if no_invoice {
        Error::InvoiceMissing
    } else {
        e.into()
    }
}

/// The entry's statements, to run in a batch with the change it bills, last
/// before the commit: the month's invoice is created unless it is known to
/// exist, the entry is written on it, and the amount is added to its total.
/// Without its invoice the entry's insert fails (the invoice's id goes into
/// a NOT NULL column), and so does the whole batch: neither the change nor
/// its entry can commit without the other, and the total's update always
/// finds the row the insert just found (SQLite has one writer; on PostgreSQL
/// an invoice deleted in between fails the entry's reference at the commit).
/// The total's update is last on purpose: on PostgreSQL it locks the row
/// every change of the customer's month goes through, until the commit (its
/// WAL flush included). The statements before it only read that row (the
/// entry's reference is checked at the commit, migration 0006). With the
/// amount added first, PostgreSQL was 10–28 % slower at 4–16 workers.
pub(crate) fn statements(e: &Entry<'_>, invoice_exists: bool) -> Vec<Statement> {
    let month = month_of(e.at);
    let currency = e.amount.currency.code();
    let (subscription_id, software_purchase_id, package_purchase_id) = e.bills.ids();
    let mut statements = Vec::with_capacity(3);
    if !invoice_exists {
        statements.push(crate::statement!(
            "INSERT INTO invoices (customer_org_id, partner_org_id, month, currency, total) \
             VALUES ($1, $2, $3, $4, 0) \
             ON CONFLICT (customer_org_id, partner_org_id, month, currency) DO NOTHING",
            e.customer_org_id,
            e.partner_org_id,
            month.clone(),
            currency,
        ));
    }
    statements.push(crate::statement!(
        "INSERT INTO ledger (invoice_id, customer_org_id, partner_org_id, subscription_id, amount, currency, reason, \
         seats, period_start, period_end, at, software_purchase_id, package_purchase_id) \
         VALUES ((SELECT i.id FROM invoices i WHERE i.customer_org_id = $1 AND i.partner_org_id = $2 \
         AND i.month = $11 AND i.currency = $5), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $13)",
        e.customer_org_id,
        e.partner_org_id,
        subscription_id,
        e.amount.minor,
        currency,
        e.reason,
        e.seats,
        e.period.start.days_since_epoch(),
        e.period.end.days_since_epoch(),
        e.at.millis(),
        month.clone(),
        software_purchase_id,
        package_purchase_id,
    ));
    statements.push(crate::statement!(
        "UPDATE invoices SET total = total + $5 \
         WHERE customer_org_id = $1 AND partner_org_id = $2 AND month = $3 AND currency = $4",
        e.customer_org_id,
        e.partner_org_id,
        month,
        currency,
        e.amount.minor,
    ));
    statements
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

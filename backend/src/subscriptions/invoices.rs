//! Monthly invoices per customer (R-BIL-01): one per partner, month and
//! currency, listing its ledger entries.

use domain::subscription_views::{InvoiceSummary, InvoiceView, LedgerLine};
use domain::{Currency, Money, Timestamp};

use super::access::Access;
use super::state::day;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::services::Services;

/// Selects a [`SummaryRow`].
const SUMMARY: &str = "SELECT i.id, i.customer_org_id, i.partner_org_id, c.name AS customer_name, \
     p.name AS partner_name, i.month, i.currency, i.total, \
     (SELECT COUNT(*) FROM ledger l WHERE l.invoice_id = i.id) AS entries \
     FROM invoices i JOIN organizations c ON c.id = i.customer_org_id JOIN organizations p ON p.id = i.partner_org_id";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    customer_org_id: i64,
    partner_org_id: i64,
    customer_name: String,
    partner_name: String,
    month: String,
    currency: String,
    total: i64,
    entries: i64,
}

impl TryFrom<SummaryRow> for InvoiceSummary {
    type Error = Error;

    fn try_from(r: SummaryRow) -> Result<InvoiceSummary> {
        let currency = Currency::parse(&r.currency)
            .ok_or_else(|| Error::Internal(format!("currency {}", r.currency)))?;
        Ok(InvoiceSummary {
            id: r.id,
            customer_id: r.customer_org_id,
            customer_name: r.customer_name,
            partner_name: r.partner_name,
            month: r.month,
            total: Money::new(r.total, currency),
            entries: r.entries,
        })
    }
}

/// One ledger entry of an invoice.
#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    at: i64,
    subscription_id: Option<i64>,
    name: String,
    reason: String,
    seats: i64,
    period_start: i64,
    period_end: i64,
    amount: i64,
}

#[tracing::instrument(name = "subscriptions.invoices.list", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn list(
    svc: &Services,
    actor: &Actor,
    customer_org_id: i64,
) -> Result<Vec<InvoiceSummary>> {
    let access = Access::resolve(svc.db.pool(), actor, customer_org_id).await?;
    access.require_billing(actor)?;
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY} WHERE i.customer_org_id = $1 AND ($2 = 0 OR i.partner_org_id = $2) ORDER BY i.month DESC, p.name, i.currency"
    ))
    .bind(customer_org_id)
    .bind(access.partner_filter().unwrap_or(0))
    .fetch_all(svc.db.pool())
    .await?;
    rows.into_iter().map(InvoiceSummary::try_from).collect()
}

#[tracing::instrument(name = "subscriptions.invoices.invoice", skip_all, fields(actor = actor.user_id, invoice_id))]
pub async fn invoice(svc: &Services, actor: &Actor, invoice_id: i64) -> Result<InvoiceView> {
    let row: SummaryRow = sqlx::query_as(&format!("{SUMMARY} WHERE i.id = $1"))
        .bind(invoice_id)
        .fetch_optional(svc.db.pool())
        .await?
        .ok_or(Error::Forbidden)?;
    let partner = row.partner_org_id;
    let summary = InvoiceSummary::try_from(row)?;
    let access = Access::resolve(svc.db.pool(), actor, summary.customer_id).await?;
    access.require_billing(actor)?;
    if !access.sees(partner) {
        return Err(Error::Forbidden);
    }
    let lines: Vec<LineRow> = sqlx::query_as(
        "SELECT l.id, l.at, l.subscription_id, COALESCE(s.name, p.name) AS name, \
         l.reason, l.seats, l.period_start, l.period_end, l.amount \
         FROM ledger l LEFT JOIN subscriptions s ON s.id = l.subscription_id \
         LEFT JOIN software_purchases p ON p.id = l.software_purchase_id \
         WHERE l.invoice_id = $1 ORDER BY l.at, l.id",
    )
    .bind(invoice_id)
    .fetch_all(svc.db.pool())
    .await?;
    let currency = summary.total.currency;
    let country: String = sqlx::query_scalar("SELECT country FROM organizations WHERE id = $1")
        .bind(summary.customer_id)
        .fetch_one(svc.db.pool())
        .await?;
    Ok(InvoiceView {
        tax: domain::tax_basis(&country),
        lines: lines
            .into_iter()
            .map(|l| LedgerLine {
                id: l.id,
                at: Timestamp::from_millis(l.at),
                subscription_id: l.subscription_id,
                name: l.name,
                reason: l.reason,
                seats: l.seats,
                period_start: day(l.period_start),
                period_end: day(l.period_end),
                amount: Money::new(l.amount, currency),
            })
            .collect(),
        summary,
    })
}

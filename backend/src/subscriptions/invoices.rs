//! Monthly invoices per customer (R-BIL-01): one per partner, month and
//! currency, listing its ledger entries.

use domain::subscription_views::{InvoiceSummary, InvoiceView, LedgerLine};
use domain::{Currency, Money, Timestamp};
use sqlx::Row;

use super::access::Access;
use super::state::day;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::services::Services;

const SUMMARY: &str = "SELECT i.id, i.customer_org_id, c.name, p.name, i.month, i.currency, i.total, \
     (SELECT COUNT(*) FROM ledger l WHERE l.invoice_id = i.id) \
     FROM invoices i JOIN organizations c ON c.id = i.customer_org_id JOIN organizations p ON p.id = i.partner_org_id";

fn summary(r: &sqlx::any::AnyRow) -> Result<InvoiceSummary> {
    let currency: String = r.get(5);
    Ok(InvoiceSummary {
        id: r.get(0),
        customer_id: r.get(1),
        customer_name: r.get(2),
        partner_name: r.get(3),
        month: r.get(4),
        total: Money::new(
            r.get(6),
            Currency::parse(&currency).ok_or(Error::Internal(format!("currency {currency}")))?,
        ),
        entries: r.get(7),
    })
}

#[tracing::instrument(name = "subscriptions.invoices.list", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn list(
    svc: &Services,
    actor: &Actor,
    customer_org_id: i64,
) -> Result<Vec<InvoiceSummary>> {
    let access = Access::resolve(svc.db.pool(), actor, customer_org_id).await?;
    access.require_billing(actor)?;
    let rows = sqlx::query(&format!(
        "{SUMMARY} WHERE i.customer_org_id = $1 AND ($2 = 0 OR i.partner_org_id = $2) ORDER BY i.month DESC, p.name, i.currency"
    ))
    .bind(customer_org_id)
    .bind(access.partner_filter().unwrap_or(0))
    .fetch_all(svc.db.pool())
    .await?;
    rows.iter().map(summary).collect()
}

#[tracing::instrument(name = "subscriptions.invoices.invoice", skip_all, fields(actor = actor.user_id, invoice_id))]
pub async fn invoice(svc: &Services, actor: &Actor, invoice_id: i64) -> Result<InvoiceView> {
    let row = sqlx::query(&format!("{SUMMARY} WHERE i.id = $1"))
        .bind(invoice_id)
        .fetch_optional(svc.db.pool())
        .await?
        .ok_or(Error::Forbidden)?;
    let partner: i64 = sqlx::query_scalar("SELECT partner_org_id FROM invoices WHERE id = $1")
        .bind(invoice_id)
        .fetch_one(svc.db.pool())
        .await?;
    let summary = summary(&row)?;
    let access = Access::resolve(svc.db.pool(), actor, summary.customer_id).await?;
    access.require_billing(actor)?;
    if !access.sees(partner) {
        return Err(Error::Forbidden);
    }
    let lines = sqlx::query(
        "SELECT l.id, l.at, l.subscription_id, s.name, l.reason, l.seats, l.period_start, l.period_end, l.amount \
         FROM ledger l JOIN subscriptions s ON s.id = l.subscription_id WHERE l.invoice_id = $1 ORDER BY l.at, l.id",
    )
    .bind(invoice_id)
    .fetch_all(svc.db.pool())
    .await?;
    let currency = summary.total.currency;
    Ok(InvoiceView {
        lines: lines
            .iter()
            .map(|l| LedgerLine {
                id: l.get(0),
                at: Timestamp::from_millis(l.get(1)),
                subscription_id: l.get(2),
                subscription_name: l.get(3),
                reason: l.get(4),
                seats: l.get(5),
                period_start: day(l.get(6)),
                period_end: day(l.get(7)),
                amount: Money::new(l.get(8), currency),
            })
            .collect(),
        summary,
    })
}

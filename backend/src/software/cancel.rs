//! "Cancel" (R-SW-06, R-SW-07): a selling partner's Admin Agent cancels one
//! order's software within 60 days of its purchase, for the credit the
//! browser previewed with the same rule (`domain::plan_order_cancel`) at
//! the business time the server signed. In one transaction: the purchases
//! end, their download links are revoked (a download already streaming
//! finishes, none starts), the credit goes on the next month's invoice,
//! and the audit log records it.

use domain::software_views::{CancelDialog, CancelOrder, SoftwareCancelForm};
use domain::{
    check_commit, credit_posted_at, plan_order_cancel, Currency, Money, Period, Pin,
    SoftwareLicense, SoftwarePurchase, Timestamp,
};
use serde_json::json;

use super::access::SoftwareAccess;
use super::purchase_row::{PurchaseRow, PURCHASE};
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::services::Services;
use crate::subscriptions::{ledger, pins};

/// The pins of this dialog verify for nothing else.
const PURPOSE: &str = "software-cancel-pin/1";

fn bad(what: &str) -> Error {
    Error::Internal(format!("stored software {what} is invalid"))
}

/// A purchase as the cancel rules see it.
fn rule_view(r: &PurchaseRow) -> Result<SoftwarePurchase> {
    Ok(SoftwarePurchase {
        license: SoftwareLicense::parse(&r.license).ok_or_else(|| bad("license"))?,
        purchased_at: Timestamp::from_millis(r.purchased_at),
        paid: Money::new(
            r.amount,
            Currency::parse(&r.currency).ok_or_else(|| bad("currency"))?,
        ),
        cancelled: r.cancelled_at.is_some(),
        support_only: catalog()
            .software_product(&r.product_id)
            .is_some_and(|p| p.support_only),
    })
}

/// The dialog for the purchases a page lists (`rows`, newest first): the
/// orders with live software, each pinned at `now`.
pub(crate) fn dialog(
    secret: &Secret,
    rows: &[PurchaseRow],
    now: Timestamp,
) -> Result<Option<CancelDialog>> {
    let mut orders: Vec<CancelOrder> = Vec::new();
    for r in rows.iter().rev() {
        let at = match orders.iter().position(|o| o.order_id == r.order_id) {
            Some(at) => at,
            None => {
                orders.push(CancelOrder {
                    order_id: r.order_id,
                    pin: pins::issue_for(
                        secret,
                        PURPOSE,
                        r.order_id,
                        Pin {
                            pinned_at: now,
                            version: 0,
                        },
                    ),
                    names: Vec::new(),
                    purchases: Vec::new(),
                });
                orders.len() - 1
            }
        };
        orders[at].names.push(r.name.clone());
        orders[at].purchases.push(rule_view(r)?);
    }
    orders.retain(|o| o.purchases.iter().any(|p| !p.cancelled));
    orders.reverse();
    Ok((!orders.is_empty()).then_some(CancelDialog { as_of: now, orders }))
}

/// Cancels `form.order_id`'s software; returns the credit.
#[tracing::instrument(name = "software.cancel", skip_all, fields(actor = actor.user_id, order_id = form.order_id))]
pub async fn cancel(svc: &Services, actor: &Actor, form: &SoftwareCancelForm) -> Result<Money> {
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    // Row locks on the order's purchases (PostgreSQL): a concurrent cancel
    // or "Get keys and downloads" waits, then sees this one's outcome.
    sqlx::query("UPDATE software_purchases SET cancelled_at = cancelled_at WHERE order_id = $1")
        .bind(form.order_id)
        .execute(&mut *tx)
        .await?;
    let rows: Vec<PurchaseRow> =
        sqlx::query_as(&format!("{PURCHASE} WHERE sp.order_id = $1 ORDER BY sp.id"))
            .bind(form.order_id)
            .fetch_all(&mut *tx)
            .await?;
    let first = rows.first().ok_or(Error::Forbidden)?;
    let (customer, partner) = (first.customer_org_id, first.partner_org_id);
    SoftwareAccess::resolve(&mut *tx, actor, customer)
        .await?
        .require_downloads(partner)?;
    let pin = pins::verify_for(secret, PURPOSE, form.order_id, &form.pin)
        .map_err(|e| Error::Invalid(vec![e.field_error()]))?;
    let purchases = rows.iter().map(rule_view).collect::<Result<Vec<_>>>()?;
    let plan = plan_order_cancel(&purchases, form.acknowledged, now)
        .map_err(|e| Error::Invalid(vec![e.field_error()]))?;
    check_commit(pin.pinned_at, now, form.expected, plan.total)
        .map_err(|e| Error::Invalid(vec![e.field_error()]))?;
    let posted = credit_posted_at(now);
    for (r, credit) in rows.iter().zip(&plan.credits) {
        let Some(credit) = credit else { continue };
        sqlx::query("UPDATE software_purchases SET cancelled_at = $2, credit = $3 WHERE id = $1")
            .bind(r.id)
            .bind(now.millis())
            .bind(credit.minor)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE download_links SET revoked_at = $2 WHERE purchase_id = $1 AND revoked_at IS NULL")
            .bind(r.id)
            .bind(now.millis())
            .execute(&mut *tx)
            .await?;
        ledger::post(
            &mut tx,
            ledger::Entry {
                customer_org_id: customer,
                partner_org_id: partner,
                bills: ledger::Bills::Software(r.id),
                amount: Money::new(-credit.minor, credit.currency),
                reason: "software_credit",
                seats: r.quantity,
                period: Period {
                    start: now.date(),
                    end: posted.date(),
                },
                at: posted,
            },
        )
        .await?;
    }
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: customer,
            action: "software.cancel",
            entity: "order",
            entity_id: form.order_id.to_string(),
            before: None,
            after: Some(json!({
                "purchases": rows.iter().zip(&plan.credits).filter(|(_, c)| c.is_some()).map(|(r, _)| r.id).collect::<Vec<_>>(),
                "credit": plan.total.decimal(), "currency": plan.total.currency.code(),
                "invoice_month": ledger::month_of(posted),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(plan.total)
}

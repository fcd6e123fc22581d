//! R-MPN-07: cancelling a package with a refund — only within 30 days of
//! its purchase and only if no software key of it was taken. The dialog
//! previews it in the browser with the rule the server commits with
//! (`domain::mpn::plan_package_refund`) at the time the server signed; the
//! request is a service request (a support request the provider's
//! operators answer). Approving it writes the refund to the ledger and ends
//! the package's benefits; declining it lets the package go on.

use domain::mpn::{plan_package_refund, MpnError};
use domain::mpn_views::{PackageRefundForm, RefundDialog};
use domain::support::{Impact, IssueType, SupportStatus};
use domain::{check_commit, Currency, Money, Period, Pin, Timestamp};
use serde_json::json;

use super::{live_purchase, require, Need, PurchaseRow, PURCHASE};
use crate::actor::Actor;
use crate::audit;
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::services::Services;
use crate::subscriptions::{ledger, pins};

/// The pins of this dialog verify for nothing else.
const PURPOSE: &str = "package-refund-pin/1";

pub(crate) fn dialog(
    secret: &Secret,
    r: &PurchaseRow,
    paid: Money,
    first_key_at: Option<Timestamp>,
    now: Timestamp,
) -> RefundDialog {
    RefundDialog {
        purchase_id: r.id,
        paid,
        purchased_at: Timestamp::from_millis(r.purchased_at),
        first_key_at,
        as_of: now,
        pin: pins::issue_for(
            secret,
            PURPOSE,
            r.id,
            Pin {
                pinned_at: now,
                version: 0,
            },
        ),
    }
}

/// When a software key of package `purchase` was first taken.
pub(crate) async fn first_key_at(
    conn: &mut sqlx::AnyConnection,
    purchase: i64,
) -> Result<Option<Timestamp>> {
    let at: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(taken_at) FROM package_keys WHERE package_purchase_id = $1 AND software = 1",
    )
    .bind(purchase)
    .fetch_one(conn)
    .await?;
    Ok(at.map(Timestamp::from_millis))
}

fn paid(r: &PurchaseRow) -> Result<Money> {
    Ok(Money::new(
        r.amount,
        Currency::parse(&r.currency)
            .ok_or_else(|| Error::Internal("stored package currency is invalid".into()))?,
    ))
}

/// Requests the cancellation with the refund the dialog previewed; returns
/// the service request's id.
#[tracing::instrument(name = "mpn.refund.request", skip_all, fields(actor = actor.user_id, purchase_id = form.purchase_id))]
pub async fn request(svc: &Services, actor: &Actor, form: &PackageRefundForm) -> Result<i64> {
    let partner = require(actor, Need::Assign)?;
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let r = live_purchase(&mut tx, partner, form.purchase_id).await?;
    let pin = pins::verify_for(secret, PURPOSE, r.id, &form.pin)
        .map_err(|e| Error::Invalid(vec![e.field_error()]))?;
    let paid = paid(&r)?;
    let first_key = first_key_at(&mut tx, r.id).await?;
    let refund = plan_package_refund(paid, Timestamp::from_millis(r.purchased_at), first_key, now)
        .map_err(|refusal| Error::field("", &refusal.error()))?;
    check_commit(pin.pinned_at, now, form.expected, refund)
        .map_err(|e| Error::Invalid(vec![e.field_error()]))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO support_requests (partner_org_id, customer_org_id, order_id, filed_by, issue_type, impact, \
         title, tenant, reason, amount, currency, description, contact_name, contact_email, contact_phone, \
         status, created_at) VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '', $14, $15) \
         RETURNING id",
    )
    .bind(partner)
    .bind(r.order_id)
    .bind(actor.user_id)
    .bind(IssueType::MembershipRefund.code())
    .bind(Impact::Minimal.code())
    .bind(format!("Cancel {} with a refund", r.name))
    .bind(&actor.org_name)
    .bind("Cancellation within 30 days of the purchase, no software key taken (R-MPN-07)")
    .bind(refund.minor)
    .bind(refund.currency.code())
    .bind(format!(
        "Package purchase {} bought {}; refund of {refund} requested.",
        r.id,
        Timestamp::from_millis(r.purchased_at).display_minutes()
    ))
    .bind(&actor.name)
    .bind(&actor.email)
    .bind(SupportStatus::Open.code())
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE package_purchases SET refund_requested_at = $2 WHERE id = $1")
        .bind(r.id)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    super::audited(
        &mut tx,
        (actor, partner),
        r.id,
        "package.refund_request",
        None,
        json!({
            "request": id, "refund": refund.decimal(), "currency": refund.currency.code(),
        }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An operator decided the cancellation request for package order
/// `order_id`: `Resolved` approves it — the refund is written to the
/// ledger, the package ends, its links are revoked and its users removed;
/// `Declined` lets the package go on. In the answer's transaction.
pub(crate) async fn decided(
    tx: &mut Tx,
    actor: &Actor,
    order_id: i64,
    status: SupportStatus,
    now: Timestamp,
) -> Result<()> {
    let r: PurchaseRow = sqlx::query_as(&format!("{PURCHASE} WHERE order_id = $1"))
        .bind(order_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::Internal(format!("no package of order {order_id}")))?;
    if r.cancelled_at.is_some() {
        return Err(Error::field("", &MpnError::PackageCancelled));
    }
    match status {
        SupportStatus::Resolved => {
            let paid = paid(&r)?;
            let seller: i64 = sqlx::query_scalar("SELECT partner_org_id FROM orders WHERE id = $1")
                .bind(order_id)
                .fetch_one(&mut **tx)
                .await?;
            ledger::post(
                tx,
                ledger::Entry {
                    customer_org_id: r.partner_org_id,
                    partner_org_id: seller,
                    bills: ledger::Bills::Package(r.id),
                    amount: Money::new(-paid.minor, paid.currency),
                    reason: "package_refund",
                    seats: 1,
                    period: Period {
                        start: now.date(),
                        end: now.date().add_days(1),
                    },
                    at: now,
                },
            )
            .await?;
            for sql in [
                "UPDATE package_purchases SET cancelled_at = $2 WHERE id = $1",
                "UPDATE download_links SET revoked_at = $2 WHERE package_purchase_id = $1 AND revoked_at IS NULL",
                "UPDATE package_assignments SET removed_at = $2 WHERE package_purchase_id = $1 AND removed_at IS NULL",
            ] {
                sqlx::query(sql)
                    .bind(r.id)
                    .bind(now.millis())
                    .execute(&mut **tx)
                    .await?;
            }
        }
        SupportStatus::Declined => {
            sqlx::query("UPDATE package_purchases SET refund_requested_at = NULL WHERE id = $1")
                .bind(r.id)
                .execute(&mut **tx)
                .await?;
        }
        SupportStatus::Open | SupportStatus::InProgress => return Ok(()),
    }
    audit::record(
        tx,
        audit::Entry {
            actor: Some(actor),
            org_id: r.partner_org_id,
            action: "package.refund_decided",
            entity: "package_purchase",
            entity_id: r.id.to_string(),
            before: None,
            after: Some(json!({ "decision": status.code() })),
        },
        now,
    )
    .await?;
    Ok(())
}

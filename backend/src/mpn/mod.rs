//! Partner membership benefits (seed 003, R-MPN-01 … 07): a partner buys a
//! benefits package for itself (an order, a ledger entry and an invoice
//! line of its own, the provider selling), then hands its parts to its
//! people: software keys and downloads (the keys and links of software
//! sold), cloud subscriptions, Visual Studio subscriptions, technical
//! benefits with an alternate email, go-to-market benefits active until
//! they expire; and within 30 days, with no key taken, cancels it for a
//! refund that the provider's operators approve.

pub mod advisory;
pub mod assignments;
pub(crate) mod demo;
mod emails;
pub mod go_to_market;
pub mod packages;
pub mod refund;
pub mod software;

use domain::OrgKind;

use crate::actor::Actor;
use crate::db::Tx;
use crate::error::{Error, Result};

/// What an action on the Benefits page needs (R-MPN-01, R-MPN-06).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    /// Seeing and buying: any user of a partner.
    View,
    /// Assigning, taking keys, cancelling: a Global Administrator.
    Assign,
    /// Go-to-market: a Global Administrator or an MPN Partner Admin.
    GoToMarket,
}

/// The actor's partner organization, if the actor may do what `need` says.
pub(crate) fn require(actor: &Actor, need: Need) -> Result<i64> {
    let allowed = actor.org_kind == OrgKind::Partner
        && match need {
            Need::View => true,
            Need::Assign => domain::mpn::may_assign(&actor.roles),
            Need::GoToMarket => domain::mpn::may_manage_go_to_market(&actor.roles),
        };
    if allowed {
        Ok(actor.org_id)
    } else {
        Err(Error::Forbidden)
    }
}

/// The audit entry of a change to package `purchase`, made by `actor` of
/// `partner`.
pub(crate) async fn audited(
    tx: &mut Tx,
    (actor, partner): (&Actor, i64),
    purchase: i64,
    action: &'static str,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
    now: domain::Timestamp,
) -> Result<()> {
    crate::audit::record(
        tx,
        crate::audit::Entry {
            actor: Some(actor),
            org_id: partner,
            action,
            entity: "package_purchase",
            entity_id: purchase.to_string(),
            before,
            after: Some(after),
        },
        now,
    )
    .await
}

/// A package bought, as the rules need it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct PurchaseRow {
    pub id: i64,
    pub partner_org_id: i64,
    pub order_id: i64,
    pub package_id: String,
    pub name: String,
    pub amount: i64,
    pub currency: String,
    pub purchased_at: i64,
    pub refund_requested_at: Option<i64>,
    pub cancelled_at: Option<i64>,
}

pub(crate) const PURCHASE: &str =
    "SELECT id, partner_org_id, order_id, package_id, name, amount, currency, \
     purchased_at, refund_requested_at, cancelled_at FROM package_purchases";

/// The partner's package `id` for a change: its row locked (PostgreSQL) so
/// that concurrent changes of its benefits are one after the other; refused
/// as missing when it is another partner's, and when it has ended or is
/// being refunded.
pub(crate) async fn live_purchase(tx: &mut Tx, partner: i64, id: i64) -> Result<PurchaseRow> {
    sqlx::query("UPDATE package_purchases SET cancelled_at = cancelled_at WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let row: Option<PurchaseRow> = sqlx::query_as(&format!("{PURCHASE} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let row = row
        .filter(|r| r.partner_org_id == partner)
        .ok_or(Error::Forbidden)?;
    if row.cancelled_at.is_some() {
        return Err(Error::field("", &domain::mpn::MpnError::PackageCancelled));
    }
    if row.refund_requested_at.is_some() {
        return Err(Error::field("", &domain::mpn::MpnError::RefundRequested));
    }
    Ok(row)
}

/// The package's definition in the catalog.
pub(crate) fn package_of(r: &PurchaseRow) -> Result<&'static domain::mpn::BenefitPackage> {
    crate::catalog::catalog()
        .package(&r.package_id)
        .ok_or_else(|| Error::Internal(format!("package {} is not in the catalog", r.package_id)))
}

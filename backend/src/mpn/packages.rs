//! R-MPN-01: the packages a partner may buy, buying one (an idempotent
//! order of the partner's own, charged in full on its invoice from the
//! provider), and the Benefits page with every package bought.

use domain::mpn::{BenefitPackage, MpnError};
use domain::mpn_views::{BenefitsPage, BuyPackageForm, PackageBill, PackageOffer, PackageView};
use domain::{check_key_reuse, Currency, KeyUse, Money, Period, Timestamp};
use serde_json::json;

use super::{package_of, require, Need, PurchaseRow, PURCHASE};
use crate::actor::Actor;
use crate::catalog::catalog;
use crate::db::Tx;
use crate::error::{is_unique_violation, Code, Error, Result};
use crate::services::Services;
use crate::subscriptions::ledger;

fn bad(what: &str) -> Error {
    Error::Internal(format!("stored package {what} is invalid"))
}

/// The currency a partner pays in: its country's.
async fn currency_of(conn: &mut sqlx::AnyConnection, partner: i64) -> Result<Currency> {
    let country: String = sqlx::query_scalar("SELECT country FROM organizations WHERE id = $1")
        .bind(partner)
        .fetch_one(conn)
        .await?;
    Ok(domain::currency_for_country(&country))
}

async fn provider(conn: &mut sqlx::AnyConnection) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT id FROM organizations WHERE kind = 'provider'")
            .fetch_one(conn)
            .await?,
    )
}

/// The order's key as stored: every package order is the provider's, so
/// the partner's own key is namespaced by the partner.
fn order_key(partner: i64, key: &str) -> String {
    format!("package:{partner}:{key}")
}

/// Buys `form.package_id` for the actor's partner organization; returns the
/// purchase's id. The same idempotency key for the same package returns the
/// first purchase and changes nothing; for another package it is refused.
#[tracing::instrument(name = "mpn.packages.buy", skip_all, fields(actor = actor.user_id, package = form.package_id))]
pub async fn buy(svc: &Services, actor: &Actor, form: &BuyPackageForm) -> Result<i64> {
    let partner = require(actor, Need::View)?;
    let key = form.idempotency_key.trim();
    if key.is_empty() || key.len() > 100 {
        return Err(Error::field("", &Code::OrderKeyInvalid));
    }
    let package = catalog()
        .package(&form.package_id)
        .ok_or_else(|| Error::field("package_id", &MpnError::NotSold))?;
    let mut conn = svc.db.pool().acquire().await?;
    let price = package
        .price(currency_of(&mut conn, partner).await?)
        .ok_or_else(|| Error::field("package_id", &MpnError::NotSold))?;
    let seller = provider(&mut conn).await?;
    drop(conn);
    let key = order_key(partner, key);
    if let Some(id) = existing(svc, seller, partner, &key, &package.id).await? {
        return Ok(id);
    }
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let order_id: i64 = match sqlx::query_scalar(
        "INSERT INTO orders (customer_org_id, partner_org_id, idempotency_key, lines_digest, status, placed_by, placed_at) \
         VALUES ($1, $2, $3, $4, 'fulfilled', $5, $6) RETURNING id",
    )
    .bind(partner)
    .bind(seller)
    .bind(&key)
    .bind(&package.id)
    .bind(actor.user_id)
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await
    {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            drop(tx);
            return existing(svc, seller, partner, &key, &package.id)
                .await?
                .ok_or(Error::Conflict(Code::OrderInProgress));
        }
        Err(e) => return Err(e.into()),
    };
    let id = fulfil(
        &mut tx,
        partner,
        seller,
        order_id,
        package,
        price,
        Some(actor.user_id),
        now,
    )
    .await?;
    super::audited(
        &mut tx,
        (actor, partner),
        id,
        "package.buy",
        None,
        json!({
            "package": package.id, "order": order_id,
            "amount": price.decimal(), "currency": price.currency.code(),
        }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The purchase of order `order_id` and its charge on the partner's own
/// invoice; its id.
#[allow(clippy::too_many_arguments)]
async fn fulfil(
    tx: &mut Tx,
    partner: i64,
    seller: i64,
    order_id: i64,
    package: &BenefitPackage,
    price: Money,
    bought_by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO package_purchases (partner_org_id, order_id, package_id, name, amount, currency, purchased_at, bought_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(partner)
    .bind(order_id)
    .bind(&package.id)
    .bind(&package.name)
    .bind(price.minor)
    .bind(price.currency.code())
    .bind(now.millis())
    .bind(bought_by)
    .fetch_one(&mut **tx)
    .await?;
    ledger::post(
        tx,
        ledger::Entry {
            customer_org_id: partner,
            partner_org_id: seller,
            bills: ledger::Bills::Package(id),
            amount: price,
            reason: "package_purchase",
            seats: 1,
            period: Period {
                start: now.date(),
                end: domain::seats::add_months(now.date(), 12),
            },
            at: now,
        },
    )
    .await?;
    Ok(id)
}

/// Demo data: `package_id` bought by `partner` at `at`, without a form.
pub(crate) async fn seed(
    tx: &mut Tx,
    partner: i64,
    package_id: &str,
    at: Timestamp,
) -> Result<i64> {
    let package = catalog().package(package_id).ok_or_else(|| {
        Error::Internal(format!("demo package {package_id} is not in the catalog"))
    })?;
    let price = package
        .price(currency_of(tx, partner).await?)
        .ok_or_else(|| Error::Internal(format!("demo package {package_id} has no price")))?;
    let seller = provider(tx).await?;
    let order_id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (customer_org_id, partner_org_id, idempotency_key, lines_digest, status, placed_at) \
         VALUES ($1, $2, $3, $4, 'fulfilled', $5) RETURNING id",
    )
    .bind(partner)
    .bind(seller)
    .bind(format!("demo-package-{package_id}"))
    .bind(&package.id)
    .bind(at.millis())
    .fetch_one(&mut **tx)
    .await?;
    fulfil(tx, partner, seller, order_id, package, price, None, at).await
}

/// The purchase an earlier use of `key` made, if any; refused when that
/// was for another package.
async fn existing(
    svc: &Services,
    seller: i64,
    partner: i64,
    key: &str,
    package: &str,
) -> Result<Option<i64>> {
    let first: Option<(i64, String)> = sqlx::query_as(
        "SELECT o.id, o.lines_digest FROM orders o WHERE o.partner_org_id = $1 AND o.idempotency_key = $2",
    )
    .bind(seller)
    .bind(key)
    .fetch_optional(svc.db.pool())
    .await?;
    let Some((order, lines)) = first else {
        return Ok(None);
    };
    let use_of = |lines| KeyUse {
        customer_id: partner,
        lines,
    };
    check_key_reuse(use_of(&lines), use_of(package)).map_err(|e| Error::field("", &e))?;
    Ok(
        sqlx::query_scalar("SELECT id FROM package_purchases WHERE order_id = $1")
            .bind(order)
            .fetch_optional(svc.db.pool())
            .await?,
    )
}

/// The Benefits page of the actor's partner organization.
#[tracing::instrument(name = "mpn.packages.page", skip_all, fields(actor = actor.user_id))]
pub async fn page(svc: &Services, actor: &Actor) -> Result<BenefitsPage> {
    let partner = require(actor, Need::View)?;
    let can_assign = require(actor, Need::Assign).is_ok();
    let mut conn = svc.db.pool().acquire().await?;
    let currency = currency_of(&mut conn, partner).await?;
    let offers = catalog()
        .packages
        .iter()
        .map(|p| PackageOffer {
            id: p.id.clone(),
            name: p.name.clone(),
            price: p.price(currency),
            software: p.software.len(),
            cloud: p.cloud.len(),
            visual_studio: p.visual_studio.iter().map(|v| v.count).sum(),
            technical: p.technical.len(),
            go_to_market: p.go_to_market.len(),
        })
        .collect();
    let rows: Vec<PurchaseRow> = sqlx::query_as(&format!(
        "{PURCHASE} WHERE partner_org_id = $1 ORDER BY purchased_at DESC, id DESC"
    ))
    .bind(partner)
    .fetch_all(&mut *conn)
    .await?;
    let now = svc.now().await?;
    let secret = svc.secret().await?;
    let mut packages = Vec::with_capacity(rows.len());
    for r in &rows {
        packages.push(view(svc, &mut conn, secret, actor, r, can_assign, now).await?);
    }
    Ok(BenefitsPage {
        offers,
        packages,
        marketing_contact: super::go_to_market::contact(&mut conn, partner).await?,
        users: super::assignments::users(&mut conn, partner).await?,
        can_assign,
        can_go_to_market: require(actor, Need::GoToMarket).is_ok(),
        bills: bills(&mut conn, partner).await?,
    })
}

async fn view(
    svc: &Services,
    conn: &mut sqlx::AnyConnection,
    secret: &crate::secret::Secret,
    actor: &Actor,
    r: &PurchaseRow,
    can_assign: bool,
    now: Timestamp,
) -> Result<PackageView> {
    let package = package_of(r)?;
    let paid = Money::new(
        r.amount,
        Currency::parse(&r.currency).ok_or_else(|| bad("currency"))?,
    );
    let software =
        super::software::views(svc, conn, secret, actor, r, package, can_assign, now).await?;
    let live = r.cancelled_at.is_none() && r.refund_requested_at.is_none();
    // The first key taken as the commit reads it (R-MPN-07).
    let refund = if can_assign && live {
        let first_key = super::refund::first_key_at(conn, r.id).await?;
        Some(super::refund::dialog(secret, r, paid, first_key, now))
    } else {
        None
    };
    Ok(PackageView {
        id: r.id,
        order_id: r.order_id,
        package_id: r.package_id.clone(),
        name: r.name.clone(),
        paid,
        purchased_at: Timestamp::from_millis(r.purchased_at),
        cancelled_at: r.cancelled_at.map(Timestamp::from_millis),
        refund_requested: r.refund_requested_at.is_some() && r.cancelled_at.is_none(),
        cloud: super::software::cloud_views(conn, secret, r, package, can_assign).await?,
        visual_studio: super::assignments::visual_studio(conn, r, package).await?,
        technical: super::assignments::technical(conn, r, package).await?,
        go_to_market: super::go_to_market::views(conn, r, package, now).await?,
        software,
        refund,
    })
}

/// The partner's own invoice lines for packages, newest first.
async fn bills(conn: &mut sqlx::AnyConnection, partner: i64) -> Result<Vec<PackageBill>> {
    let rows: Vec<(String, String, String, i64, String, i64)> = sqlx::query_as(
        "SELECT i.month, p.name, l.reason, l.amount, l.currency, l.at FROM ledger l \
         JOIN invoices i ON i.id = l.invoice_id JOIN package_purchases p ON p.id = l.package_purchase_id \
         WHERE l.customer_org_id = $1 ORDER BY l.at DESC, l.id DESC",
    )
    .bind(partner)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(month, name, reason, amount, currency, at)| {
            Ok(PackageBill {
                month,
                name,
                reason,
                amount: Money::new(
                    amount,
                    Currency::parse(&currency).ok_or_else(|| bad("currency"))?,
                ),
                at: Timestamp::from_millis(at),
            })
        })
        .collect()
}

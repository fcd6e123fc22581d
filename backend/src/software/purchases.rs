//! What an order bought of software (R-SW-01): one purchase per cart line,
//! charged in full on the order's invoice, with its product key made from
//! the operating system's random source and sealed at rest; and the
//! customer's Software page (R-SW-03), which shows the keys only to those
//! who may see them, after they revealed them (`keys`).

use domain::software_views::{LinkView, SoftwareCartLine, SoftwarePage, SoftwarePurchaseView};
use domain::subscription_views::{CustomerHeader, SoftwareOrderLine};
use domain::{Currency, Money, SoftwareLicense, Timestamp};

use super::access::SoftwareAccess;
use super::key_store::sealed_new_key;
use super::purchase_row::{PurchaseRow, PURCHASE};
use super::{cart, links, sealed};
use crate::actor::Actor;
use crate::catalog::catalog;
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::services::Services;
use crate::subscriptions::ledger;
use crate::subscriptions::store::customer_header;

/// What a sealed key is bound to.
fn key_context(purchase_id: i64) -> String {
    format!("software key of purchase {purchase_id}")
}

/// Buys the cart's software lines for order `order_id` (in the order's
/// transaction), then empties the cart of exactly these lines.
pub(crate) async fn fulfil(
    tx: &mut Tx,
    secret: &Secret,
    customer: &CustomerHeader,
    partner: i64,
    order_id: i64,
    lines: &[cart::Row],
    now: Timestamp,
) -> Result<()> {
    for line in cart::shown_lines(lines, customer) {
        buy(tx, secret, customer.id, partner, order_id, &line, now).await?;
    }
    // Only the lines ordered: one another tab added meanwhile stays.
    for r in lines {
        sqlx::query("DELETE FROM software_cart_lines WHERE id = $1")
            .bind(r.id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// One purchase: its row, its sealed key, and its charge in the ledger.
async fn buy(
    tx: &mut Tx,
    secret: &Secret,
    customer_org_id: i64,
    partner: i64,
    order_id: i64,
    line: &SoftwareCartLine,
    now: Timestamp,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO software_purchases (order_id, customer_org_id, partner_org_id, product_id, name, license, \
         quantity, amount, currency, purchased_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(order_id)
    .bind(customer_org_id)
    .bind(partner)
    .bind(&line.product_id)
    .bind(&line.name)
    .bind(line.license.code())
    .bind(i64::from(line.quantity))
    .bind(line.total.minor)
    .bind(line.total.currency.code())
    .bind(now.millis())
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO software_keys (purchase_id, sealed) VALUES ($1, $2)")
        .bind(id)
        .bind(sealed_new_key(secret, &key_context(id))?)
        .execute(&mut **tx)
        .await?;
    ledger::post(
        tx,
        ledger::Entry {
            customer_org_id,
            partner_org_id: partner,
            bills: ledger::Bills::Software(id),
            amount: line.total,
            reason: "software_purchase",
            seats: i64::from(line.quantity),
            period: line.license.covers(now),
            at: now,
        },
    )
    .await?;
    Ok(id)
}

/// Demo data: an order of `quantity` × `product_id` placed at `at`, without
/// a cart; returns the purchase's id.
pub(crate) async fn seed(
    tx: &mut Tx,
    secret: &Secret,
    customer_org_id: i64,
    partner: i64,
    product_id: &str,
    quantity: i64,
    at: Timestamp,
) -> Result<i64> {
    let customer = customer_header(&mut **tx, customer_org_id).await?;
    let row = cart::Row {
        id: 0,
        product_id: product_id.to_string(),
        quantity,
    };
    let line = cart::shown_lines(&[row], &customer)
        .pop()
        .ok_or_else(|| Error::Internal(format!("demo software {product_id} is not sold")))?;
    let order_id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (customer_org_id, partner_org_id, idempotency_key, lines_digest, status, placed_at) \
         VALUES ($1, $2, $3, '', 'fulfilled', $4) RETURNING id",
    )
    .bind(customer_org_id)
    .bind(partner)
    .bind(format!("demo-software-{product_id}-{}", at.millis()))
    .bind(at.millis())
    .fetch_one(&mut **tx)
    .await?;
    buy(tx, secret, customer_org_id, partner, order_id, &line, at).await
}

/// What order `order_id` bought of software, as its page lists it.
pub(crate) async fn of_order(svc: &Services, order_id: i64) -> Result<Vec<SoftwareOrderLine>> {
    let rows: Vec<PurchaseRow> =
        sqlx::query_as(&format!("{PURCHASE} WHERE sp.order_id = $1 ORDER BY sp.id"))
            .bind(order_id)
            .fetch_all(svc.db.pool())
            .await?;
    rows.into_iter()
        .map(|r| {
            Ok(SoftwareOrderLine {
                purchase_id: r.id,
                license: SoftwareLicense::parse(&r.license).ok_or_else(|| bad("license"))?,
                quantity: u32::try_from(r.quantity).map_err(|_| bad("quantity"))?,
                amount: Money::new(
                    r.amount,
                    Currency::parse(&r.currency).ok_or_else(|| bad("currency"))?,
                ),
                cancelled: r.cancelled_at.is_some(),
                name: r.name,
            })
        })
        .collect()
}

/// The purchase's product key.
pub(crate) async fn key_of(
    conn: &mut sqlx::AnyConnection,
    secret: &Secret,
    purchase_id: i64,
) -> Result<Vec<String>> {
    let sealed: Vec<String> =
        sqlx::query_scalar("SELECT sealed FROM software_keys WHERE purchase_id = $1 ORDER BY id")
            .bind(purchase_id)
            .fetch_all(&mut *conn)
            .await?;
    sealed
        .iter()
        .map(|s| sealed::open(secret, &key_context(purchase_id), s))
        .collect()
}

/// The customer's Software page (R-SW-03): every purchase the viewer may
/// see, newest first; the keys its viewer revealed, and links, for those
/// who may. It only reads.
#[tracing::instrument(name = "software.purchases.page", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn page(svc: &Services, actor: &Actor, customer_org_id: i64) -> Result<SoftwarePage> {
    let mut conn = svc.db.pool().acquire().await?;
    let access = SoftwareAccess::resolve(&mut *conn, actor, customer_org_id).await?;
    let customer = customer_header(&mut *conn, customer_org_id).await?;
    let rows: Vec<PurchaseRow> = sqlx::query_as(&format!(
        "{PURCHASE} WHERE sp.customer_org_id = $1 AND ($2 = 0 OR sp.partner_org_id = $2) ORDER BY sp.purchased_at DESC, sp.id DESC"
    ))
    .bind(customer_org_id)
    .bind(access.partner.unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;
    let secret = svc.secret().await?;
    let now = svc.now().await?;
    let shown = if access.keys {
        super::keys::shown_to(&mut conn, actor.user_id, now).await?
    } else {
        Default::default()
    };
    let mut purchases = Vec::with_capacity(rows.len());
    let mut sold = Vec::new();
    for r in rows {
        let live = r.cancelled_at.is_none();
        let until = shown.get(&r.id).copied().filter(|_| access.keys && live);
        let keys = match until {
            Some(_) => key_of(&mut conn, secret, r.id).await?,
            None => Vec::new(),
        };
        let links = if access.downloads {
            links::of_purchase(&mut conn, secret, &svc.config.public_url, r.id, now).await?
        } else {
            Vec::new()
        };
        let mut view = view(&r, keys, links)?;
        view.can_show_key = access.keys && live;
        view.key_shown_until = until;
        purchases.push(view);
        sold.push(r);
    }
    Ok(SoftwarePage {
        tax: domain::tax_basis(&customer.country),
        can_get_keys: access.downloads,
        purchases,
        cancel: if access.downloads {
            super::cancel::dialog(secret, &sold, now)?
        } else {
            None
        },
    })
}

fn bad(what: &str) -> Error {
    Error::Internal(format!("stored software {what} is invalid"))
}

fn view(r: &PurchaseRow, keys: Vec<String>, links: Vec<LinkView>) -> Result<SoftwarePurchaseView> {
    let product = catalog().software_product(&r.product_id);
    let currency = Currency::parse(&r.currency).ok_or_else(|| bad("currency"))?;
    Ok(SoftwarePurchaseView {
        id: r.id,
        order_id: r.order_id,
        license: SoftwareLicense::parse(&r.license).ok_or_else(|| bad("license"))?,
        quantity: u32::try_from(r.quantity).map_err(|_| bad("quantity"))?,
        amount: Money::new(r.amount, currency),
        purchased_at: Timestamp::from_millis(r.purchased_at),
        cancelled_at: r.cancelled_at.map(Timestamp::from_millis),
        partner_name: r.partner_name.clone(),
        editions: product.map(|p| p.editions.clone()).unwrap_or_default(),
        key_instructions: product
            .map(|p| p.key_instructions.clone())
            .unwrap_or_default(),
        can_show_key: false,
        keys,
        key_shown_until: None,
        links,
        product_id: r.product_id.clone(),
        name: r.name.clone(),
    })
}

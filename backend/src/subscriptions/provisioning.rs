//! Fulfilling an order: the whole cart checked against the rules, then one
//! subscription per line with its first charge (R-SUB-02 … R-SUB-05); and
//! the demo's and benchmarks' subscriptions bought without a cart.

use domain::subscription_views::CustomerHeader;
use domain::{
    base_licenses, check_addon_quantity, BillingFrequency, ErrorCode, Holding, OfferError,
    ResellerId, Term, Timestamp,
};
use serde_json::json;

use super::cart::CartRow;
use super::store::{create_subscription, customer_header, holdings, Purchase};
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::db::{locks, Tx};
use crate::error::{Error, Fields, Result};

/// Creates a subscription per cart line, with its first charge and its first
/// reduction window, after checking the whole cart against the rules; then
/// empties the cart of exactly these lines.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn fulfil(
    tx: &mut Tx,
    actor: &Actor,
    customer: &CustomerHeader,
    rows: &[CartRow],
    partner: i64,
    order_id: i64,
    reseller: Option<&ResellerId>,
    now: Timestamp,
) -> Result<()> {
    let mut fields = Fields::default();
    let mut lines = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let term = Term::parse(&r.term).ok_or(Error::Internal("cart term".into()))?;
        let frequency = BillingFrequency::parse(&r.frequency)
            .ok_or(Error::Internal("cart frequency".into()))?;
        if let Some((offer, price)) = fields.check(
            &format!("lines.{i}"),
            catalog().priced_offer(
                &r.offer_id,
                customer.segment,
                &customer.country,
                customer.currency,
                term,
                frequency,
            ),
        ) {
            lines.push(Purchase {
                offer,
                term,
                frequency,
                seats: r.seats(),
                price,
            });
        }
    }
    // One-per-customer offers and add-on bounds read every partner's
    // subscriptions of the customer: hold its lock while they are checked
    // and the new subscriptions written.
    locks::organization(tx, customer.id).await?;
    check_cart(
        &mut fields,
        &lines,
        &holdings(&mut **tx, customer.id).await?,
    );
    fields.finish()?;

    for line in &lines {
        let (sub_id, charge) = create_subscription(
            tx,
            customer.id,
            partner,
            line,
            Some(order_id),
            reseller,
            now,
        )
        .await?;
        sqlx::query(
            "INSERT INTO order_lines (order_id, offer_id, name, term, frequency, seats, status, subscription_id, amount, currency) \
             VALUES ($1, $2, $3, $4, $5, $6, 'fulfilled', $7, $8, $9)",
        )
        .bind(order_id)
        .bind(&line.offer.id)
        .bind(&line.offer.name)
        .bind(line.term.code())
        .bind(line.frequency.code())
        .bind(i64::from(line.seats))
        .bind(sub_id)
        .bind(charge)
        .bind(line.price.currency.code())
        .execute(&mut **tx)
        .await?;
    }
    // Only the lines ordered: one another tab added meanwhile stays.
    for r in rows {
        sqlx::query("DELETE FROM cart_lines WHERE id = $1")
            .bind(r.id)
            .execute(&mut **tx)
            .await?;
    }
    audit::record(
        tx,
        audit::Entry {
            actor: Some(actor),
            org_id: customer.id,
            action: "order.submit",
            entity: "order",
            entity_id: order_id.to_string(),
            before: None,
            after: Some(json!({
                "lines": lines.iter().map(|l| json!({"offer": l.offer.id, "seats": l.seats, "term": l.term.code(), "billing": l.frequency.code()})).collect::<Vec<_>>(),
                "reseller": reseller.map(|r| r.as_str().to_string()),
            })),
        },
        now,
    )
    .await
}

/// The cart-wide rules: one-per-customer offers (R-SUB-02) and add-on
/// quantities against the base licenses held with every partner plus the
/// base lines in this cart (R-SUB-04, R-SUB-05, R-SUB-13).
fn check_cart(fields: &mut Fields, lines: &[Purchase], held: &[Holding]) {
    let cart: Vec<(&str, u32)> = lines
        .iter()
        .map(|l| (l.offer.id.as_str(), l.seats))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(e) = line.offer.already_held(held) {
            fields.push(domain::FieldError::new(format!("lines.{i}"), &e));
        } else if line.offer.one_per_customer
            && lines[..i].iter().any(|l| l.offer.id == line.offer.id)
        {
            fields.push(domain::FieldError::new(
                format!("lines.{i}"),
                &OfferError::AlreadyHeld { suspended: false },
            ));
        }
        let Some(rule) = line.offer.addon_rule else {
            continue;
        };
        let base = base_licenses(line.offer, held, &cart);
        if let Err(e) = check_addon_quantity(rule, base, line.seats) {
            fields.push(e.field_error(&format!("lines.{i}")));
        }
    }
}

/// Demo and benchmark data: subscriptions bought directly (no cart), at
/// `at`; the billing job catches up any period since.
#[allow(clippy::too_many_arguments)]
pub async fn seed_subscription(
    tx: &mut Tx,
    customer_org_id: i64,
    partner: i64,
    offer_id: &str,
    term: Term,
    frequency: BillingFrequency,
    seats: u32,
    at: Timestamp,
) -> Result<i64> {
    let customer = customer_header(&mut **tx, customer_org_id).await?;
    let (offer, price) = catalog()
        .priced_offer(
            offer_id,
            customer.segment,
            &customer.country,
            customer.currency,
            term,
            frequency,
        )
        .map_err(|e| Error::Internal(format!("demo offer {offer_id}: {}", e.code())))?;
    let line = Purchase {
        offer,
        term,
        frequency,
        seats,
        price,
    };
    Ok(
        create_subscription(tx, customer_org_id, partner, &line, None, None, at)
            .await?
            .0,
    )
}

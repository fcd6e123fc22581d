//! "Add subscription": the catalog for one customer, the cart, and idempotent
//! order submission (R-SUB-01 … R-SUB-06).

use domain::subscription_views::{
    AddToCartForm, CartLineView, CatalogPage, CustomerHeader, OfferRow, OrderLineView, OrderView,
    SubmitOrderForm,
};
use domain::{
    base_licenses, check_additional_resellers, check_addon_quantity, check_key_reuse,
    check_reviewed, currency_for_country, is_eu_efta, Addition, ErrorCode, Holding, KeyUse, Money,
    Offer, OfferError, OfferFilter, OrderError, Permission, ResellerId, SeatState, Seats, Segment,
    SubscriptionStatus, Timestamp,
};
use serde_json::json;
use sqlx::Row;

use super::access::Access;
use super::ledger;
use crate::actor::Actor;
use crate::audit;
use crate::catalog::catalog;
use crate::db::{locks, Tx};
use crate::error::{is_unique_violation, Code, Error, Fields, Result};
use crate::services::Services;

pub(crate) async fn customer_header<'c, E>(conn: E, customer_org_id: i64) -> Result<CustomerHeader>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT name, country, segment FROM organizations WHERE id = $1 AND kind = 'customer'",
    )
    .bind(customer_org_id)
    .fetch_optional(conn)
    .await?
    .ok_or(Error::Forbidden)?;
    let country: String = row.get(1);
    let segment: String = row.get(2);
    Ok(CustomerHeader {
        id: customer_org_id,
        name: row.get(0),
        segment: Segment::parse(&segment)
            .ok_or_else(|| Error::Internal(format!("stored segment {segment} is invalid")))?,
        currency: currency_for_country(&country),
        eu_efta: is_eu_efta(&country),
        country,
    })
}

/// A partner that may sell to this customer.
async fn seller(svc: &Services, actor: &Actor, customer_org_id: i64) -> Result<i64> {
    match Access::resolve(svc.db.pool(), actor, customer_org_id).await? {
        Access::Partner {
            partner_org_id,
            manage: true,
            ..
        } => Ok(partner_org_id),
        _ => Err(Error::Forbidden),
    }
}

/// The state of a subscription that has just been bought: its first billing
/// period's charge is what `increase_charge` gives for all seats on day one.
fn new_state(
    offer: &Offer,
    term: domain::Term,
    frequency: domain::BillingFrequency,
    price: Money,
    now: Timestamp,
) -> SeatState {
    SeatState {
        status: SubscriptionStatus::Active,
        trial: offer.is_trial(),
        term,
        frequency,
        term_started_at: now,
        seat_price: price,
        additions: Vec::new(),
        update_count: 0,
    }
}

fn cart_line_view(
    offer: &Offer,
    id: i64,
    term: domain::Term,
    frequency: domain::BillingFrequency,
    seats: u32,
    price: Money,
    now: Timestamp,
) -> CartLineView {
    CartLineView {
        id,
        offer_id: offer.id.clone(),
        name: offer.name.clone(),
        term,
        frequency,
        seats,
        first_charge: Money::new(
            new_state(offer, term, frequency, price, now).increase_charge(seats, now),
            price.currency,
        ),
        addon_rule: offer.addon_rule,
    }
}

/// The customer's live subscriptions (every partner), for the
/// one-per-customer rule and the add-on bounds; seats are the sum of each
/// subscription's open additions.
pub(crate) async fn holdings<'c, E>(conn: E, customer_org_id: i64) -> Result<Vec<Holding>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT s.offer_id, s.status, CAST(COALESCE(SUM(a.seats), 0) AS BIGINT) FROM subscriptions s \
         LEFT JOIN seat_additions a ON a.subscription_id = s.id AND a.closed = 0 \
         WHERE s.customer_org_id = $1 AND s.status IN ('active', 'suspended') GROUP BY s.id, s.offer_id, s.status",
    )
    .bind(customer_org_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| Holding {
            offer_id: r.get(0),
            active: r.get::<String, _>(1) == "active",
            seats: r.get::<i64, _>(2).clamp(0, i64::from(u32::MAX)) as u32,
        })
        .collect())
}

/// R-SUB-02: a one-per-customer offer the customer already holds.
fn already_held(offer: &Offer, holdings: &[Holding]) -> Option<OfferError> {
    if !offer.one_per_customer {
        return None;
    }
    holdings
        .iter()
        .find(|h| h.offer_id == offer.id)
        .map(|h| OfferError::AlreadyHeld {
            suspended: !h.active,
        })
}

#[tracing::instrument(name = "subscriptions.orders.catalog_page", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn catalog_page(
    svc: &Services,
    actor: &Actor,
    customer_org_id: i64,
    filter: &OfferFilter,
) -> Result<CatalogPage> {
    seller(svc, actor, customer_org_id).await?;
    let customer = customer_header(svc.db.pool(), customer_org_id).await?;
    let held = holdings(svc.db.pool(), customer_org_id).await?;
    let cat = catalog();
    let offers = cat
        .listing(customer.segment, filter)
        .map(|o| {
            let prices: Vec<_> = o
                .terms
                .iter()
                .filter_map(|t| o.price(t.term, customer.currency).map(|p| (t.term, p)))
                .collect();
            let unavailable = cat
                .availability(o, customer.segment, &customer.country)
                .err()
                .or_else(|| already_held(o, &held))
                .or_else(|| {
                    prices.is_empty().then_some(OfferError::NoPrice {
                        currency: customer.currency,
                    })
                })
                .map(|e| e.code().to_string());
            OfferRow {
                offer: o.clone(),
                prices,
                unavailable,
            }
        })
        .collect();
    let cart = cart(svc, actor, customer_org_id).await?;
    Ok(CatalogPage {
        customer,
        offers,
        cart,
    })
}

async fn cart(svc: &Services, actor: &Actor, customer_org_id: i64) -> Result<Vec<CartLineView>> {
    let customer = customer_header(svc.db.pool(), customer_org_id).await?;
    let now = svc.now().await?;
    let rows = cart_rows(svc.db.pool(), actor, customer_org_id).await?;
    Ok(shown_lines(&rows, &customer, now))
}

/// One line of a cart as stored.
struct CartRow {
    id: i64,
    offer_id: String,
    term: String,
    frequency: String,
    seats: u32,
}

/// The actor's cart for a customer, in the order the lines were added.
async fn cart_rows<'c, E>(conn: E, actor: &Actor, customer_org_id: i64) -> Result<Vec<CartRow>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT id, offer_id, term, frequency, seats FROM cart_lines WHERE user_id = $1 AND customer_org_id = $2 ORDER BY id",
    )
    .bind(actor.user_id)
    .bind(customer_org_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| CartRow {
            id: r.get(0),
            offer_id: r.get(1),
            term: r.get(2),
            frequency: r.get(3),
            seats: r.get::<i64, _>(4).clamp(0, i64::from(u32::MAX)) as u32,
        })
        .collect())
}

/// The lines as the cart and its review show them (and as
/// [`domain::lines_digest`] fingerprints them); an offer withdrawn from the
/// catalog since, or without a price, is not shown.
fn shown_lines(rows: &[CartRow], customer: &CustomerHeader, now: Timestamp) -> Vec<CartLineView> {
    rows.iter()
        .filter_map(|r| {
            let offer = catalog().offer(&r.offer_id)?;
            let term = domain::Term::parse(&r.term)?;
            let frequency = domain::BillingFrequency::parse(&r.frequency)?;
            let price = offer.price(term, customer.currency)?;
            Some(cart_line_view(
                offer, r.id, term, frequency, r.seats, price, now,
            ))
        })
        .collect()
}

/// Validates an offer choice for a customer: known, allowed, term/frequency sold, priced.
fn priced_offer<'a>(
    customer: &CustomerHeader,
    offer_id: &str,
    term: domain::Term,
    frequency: domain::BillingFrequency,
) -> Result<(&'a Offer, Money), OfferError> {
    let cat = catalog();
    let offer = cat.offer(offer_id).ok_or(OfferError::Unknown)?;
    cat.availability(offer, customer.segment, &customer.country)?;
    let tp = offer.term_price(term).ok_or(OfferError::TermNotOffered)?;
    if !tp.frequencies.contains(&frequency) {
        return Err(OfferError::TermNotOffered);
    }
    let price = offer
        .price(term, customer.currency)
        .ok_or(OfferError::NoPrice {
            currency: customer.currency,
        })?;
    Ok((offer, price))
}

#[tracing::instrument(name = "subscriptions.orders.add_to_cart", skip_all, fields(actor = actor.user_id, customer_id = form.customer_id))]
pub async fn add_to_cart(svc: &Services, actor: &Actor, form: &AddToCartForm) -> Result<i64> {
    seller(svc, actor, form.customer_id).await?;
    let customer = customer_header(svc.db.pool(), form.customer_id).await?;
    let mut fields = Fields::default();
    let offer = fields.check(
        "offer",
        priced_offer(&customer, &form.offer_id, form.term, form.frequency),
    );
    let seats = fields.check("seats", Seats::parse(&form.seats));
    fields.finish()?;
    let (Some((offer, _)), Some(seats)) = (offer, seats) else {
        unreachable!("checked above")
    };
    let seats = if offer.is_trial() {
        domain::TRIAL_SEATS
    } else {
        seats.get()
    };
    let mut tx = svc.db.begin().await?;
    let id = sqlx::query_scalar(
        "INSERT INTO cart_lines (user_id, customer_org_id, offer_id, term, frequency, seats) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(actor.user_id)
    .bind(form.customer_id)
    .bind(&offer.id)
    .bind(form.term.code())
    .bind(form.frequency.code())
    .bind(i64::from(seats))
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[tracing::instrument(name = "subscriptions.orders.remove_cart_line", skip_all, fields(actor = actor.user_id, line_id))]
pub async fn remove_cart_line(svc: &Services, actor: &Actor, line_id: i64) -> Result<()> {
    actor.require(Permission::ManageSubscriptions)?;
    let mut tx = svc.db.begin().await?;
    let done = sqlx::query("DELETE FROM cart_lines WHERE id = $1 AND user_id = $2")
        .bind(line_id)
        .bind(actor.user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if done.rows_affected() == 0 {
        return Err(Error::Forbidden);
    }
    Ok(())
}

/// Submits the actor's cart for a customer as one order (R-SUB-03): all lines
/// or none, and only the cart that was reviewed (`form.reviewed`). The same
/// idempotency key with the same customer and reviewed lines returns the
/// first order and changes nothing, however many times and however
/// concurrently it is sent; with another customer or other lines it is
/// refused.
#[tracing::instrument(name = "subscriptions.orders.submit", skip_all, fields(actor = actor.user_id, customer_id = form.customer_id))]
pub async fn submit(svc: &Services, actor: &Actor, form: &SubmitOrderForm) -> Result<i64> {
    let partner = seller(svc, actor, form.customer_id).await?;
    let key = form.idempotency_key.trim();
    if key.is_empty() || key.len() > 100 {
        return Err(Error::field("", &Code::OrderKeyInvalid));
    }
    let this = KeyUse {
        customer_id: form.customer_id,
        lines: &form.reviewed,
    };
    if let Some(id) = existing_order(svc, partner, key, this).await? {
        return Ok(id);
    }
    let customer = customer_header(svc.db.pool(), form.customer_id).await?;
    let mut fields = Fields::default();
    if !form.attested {
        fields.push(domain::FieldError::new(
            "attested",
            &OrderError::NotAttested,
        ));
    }
    let reseller = match form.reseller.trim() {
        "" => None,
        r => fields.check("reseller", ResellerId::parse(r)),
    };
    let mut additional = Vec::new();
    for (i, r) in form
        .additional_resellers
        .iter()
        .filter(|r| !r.trim().is_empty())
        .enumerate()
    {
        if let Some(id) = fields.check(&format!("additional_resellers.{i}"), ResellerId::parse(r)) {
            additional.push(id);
        }
    }
    fields.check(
        "additional_resellers",
        check_additional_resellers(&customer.country, reseller.as_ref(), &additional),
    );
    fields.finish()?;

    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    // The key is claimed first: a concurrent duplicate waits here for the
    // first one, and then answers with its order (which emptied the cart).
    let order_id: i64 = match sqlx::query_scalar(
        "INSERT INTO orders (customer_org_id, partner_org_id, idempotency_key, lines_digest, status, reseller, additional_resellers, placed_by, placed_at) \
         VALUES ($1, $2, $3, $4, 'fulfilled', $5, $6, $7, $8) RETURNING id",
    )
    .bind(form.customer_id)
    .bind(partner)
    .bind(key)
    .bind(&form.reviewed)
    .bind(reseller.as_ref().map(|r| r.as_str().to_string()))
    .bind(additional.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","))
    .bind(actor.user_id)
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await
    {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            // A concurrent duplicate committed first: answer with its order.
            tx.rollback().await?;
            return existing_order(svc, partner, key, this).await?.ok_or(Error::Conflict(Code::OrderInProgress));
        }
        Err(e) => return Err(e.into()),
    };
    let cart = cart_rows(&mut *tx, actor, customer.id).await?;
    check_reviewed(&form.reviewed, &shown_lines(&cart, &customer, now))
        .map_err(|e| Error::field("", &e))?;
    fulfil(
        &mut tx,
        actor,
        &customer,
        &cart,
        partner,
        order_id,
        reseller.as_ref(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(order_id)
}

/// The order the partner placed with `key`, if any, provided it was for
/// the same customer and lines as `this` (else the key is refused).
async fn existing_order(
    svc: &Services,
    partner: i64,
    key: &str,
    this: KeyUse<'_>,
) -> Result<Option<i64>> {
    let Some(row) = sqlx::query(
        "SELECT id, customer_org_id, lines_digest FROM orders WHERE partner_org_id = $1 AND idempotency_key = $2",
    )
    .bind(partner)
    .bind(key)
    .fetch_optional(svc.db.pool())
    .await?
    else {
        return Ok(None);
    };
    let lines: String = row.get(2);
    let first = KeyUse {
        customer_id: row.get(1),
        lines: &lines,
    };
    check_key_reuse(first, this).map_err(|e| Error::field("", &e))?;
    Ok(Some(row.get(0)))
}

/// One line to buy: an offer priced for the customer.
pub(crate) struct CartLine {
    pub offer: &'static Offer,
    pub term: domain::Term,
    pub frequency: domain::BillingFrequency,
    pub seats: u32,
    pub price: Money,
}

/// Creates a subscription per cart line, with its first charge and its first
/// reduction window, after checking the whole cart against the rules; then
/// empties the cart of exactly these lines.
#[allow(clippy::too_many_arguments)]
async fn fulfil(
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
        let term = domain::Term::parse(&r.term).ok_or(Error::Internal("cart term".into()))?;
        let frequency = domain::BillingFrequency::parse(&r.frequency)
            .ok_or(Error::Internal("cart frequency".into()))?;
        if let Some((offer, price)) = fields.check(
            &format!("lines.{i}"),
            priced_offer(customer, &r.offer_id, term, frequency),
        ) {
            lines.push(CartLine {
                offer,
                term,
                frequency,
                seats: r.seats,
                price,
            });
        }
    }
    if rows.is_empty() {
        fields.push(domain::FieldError::new("", &OrderError::EmptyCart));
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
fn check_cart(fields: &mut Fields, lines: &[CartLine], held: &[Holding]) {
    let cart: Vec<(&str, u32)> = lines
        .iter()
        .map(|l| (l.offer.id.as_str(), l.seats))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(e) = already_held(line.offer, held) {
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

/// Order history of a customer (R-SUB-06): the partner's own orders, or all
/// for the customer's users; newest first.
#[tracing::instrument(name = "subscriptions.orders.list_orders", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn list_orders(
    svc: &Services,
    actor: &Actor,
    customer_org_id: i64,
) -> Result<Vec<OrderView>> {
    let access = Access::resolve(svc.db.pool(), actor, customer_org_id).await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE customer_org_id = $1 AND ($2 = 0 OR partner_org_id = $2) ORDER BY placed_at DESC, id DESC",
    )
    .bind(customer_org_id)
    .bind(access.partner_filter().unwrap_or(0))
    .fetch_all(svc.db.pool())
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(order_view(svc, id).await?);
    }
    Ok(out)
}

/// One order with its fulfillment per line (R-SUB-06).
#[tracing::instrument(name = "subscriptions.orders.order", skip_all, fields(actor = actor.user_id, order_id))]
pub async fn order(svc: &Services, actor: &Actor, order_id: i64) -> Result<OrderView> {
    let row = sqlx::query("SELECT customer_org_id, partner_org_id FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(svc.db.pool())
        .await?
        .ok_or(Error::Forbidden)?;
    let access = Access::resolve(svc.db.pool(), actor, row.get(0)).await?;
    if !access.sees(row.get(1)) {
        return Err(Error::Forbidden);
    }
    order_view(svc, order_id).await
}

async fn order_view(svc: &Services, order_id: i64) -> Result<OrderView> {
    let r = sqlx::query(
        "SELECT o.id, o.customer_org_id, c.name, p.name, o.placed_at, o.status, o.reseller, o.additional_resellers \
         FROM orders o JOIN organizations c ON c.id = o.customer_org_id JOIN organizations p ON p.id = o.partner_org_id WHERE o.id = $1",
    )
    .bind(order_id)
    .fetch_one(svc.db.pool())
    .await?;
    let lines = sqlx::query(
        "SELECT id, name, term, frequency, seats, status, subscription_id, amount, currency FROM order_lines WHERE order_id = $1 ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(svc.db.pool())
    .await?;
    let additional: String = r.get(7);
    Ok(OrderView {
        id: r.get(0),
        customer_id: r.get(1),
        customer_name: r.get(2),
        partner_name: r.get(3),
        placed_at: Timestamp::from_millis(r.get(4)),
        status: r.get(5),
        reseller: r.get(6),
        additional_resellers: additional
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        lines: lines
            .iter()
            .map(|l| {
                let bad = |what: &str| Error::Internal(format!("order line {what} is invalid"));
                Ok(OrderLineView {
                    id: l.get(0),
                    name: l.get(1),
                    term: domain::Term::parse(&l.get::<String, _>(2)).ok_or_else(|| bad("term"))?,
                    frequency: domain::BillingFrequency::parse(&l.get::<String, _>(3))
                        .ok_or_else(|| bad("frequency"))?,
                    seats: l.get::<i64, _>(4) as u32,
                    status: l.get(5),
                    subscription_id: l.get(6),
                    amount: Money::new(
                        l.get(7),
                        domain::Currency::parse(&l.get::<String, _>(8))
                            .ok_or_else(|| bad("currency"))?,
                    ),
                })
            })
            .collect::<Result<_>>()?,
    })
}

/// A new subscription with its first charge (the first billing period) and
/// its first reduction window; returns its id and the charge.
pub(crate) async fn create_subscription(
    tx: &mut Tx,
    customer_org_id: i64,
    partner: i64,
    line: &CartLine,
    order_id: Option<i64>,
    reseller: Option<&ResellerId>,
    now: Timestamp,
) -> Result<(i64, i64)> {
    let state = new_state(line.offer, line.term, line.frequency, line.price, now);
    let period = state.billing_period(now.date());
    let charge = state.increase_charge(line.seats, now);
    let sub_id: i64 = sqlx::query_scalar(
        "INSERT INTO subscriptions (customer_org_id, partner_org_id, offer_id, name, status, trial, marketplace, term, frequency, \
         term_started_at, seat_price, currency, auto_renew, update_count, billed_until, reseller, order_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, $10, $11, 1, 0, $12, $13, $14, $9, $9) RETURNING id",
    )
    .bind(customer_org_id)
    .bind(partner)
    .bind(&line.offer.id)
    .bind(&line.offer.name)
    .bind(i64::from(line.offer.is_trial()))
    .bind(i64::from(line.offer.marketplace))
    .bind(line.term.code())
    .bind(line.frequency.code())
    .bind(now.millis())
    .bind(line.price.minor)
    .bind(line.price.currency.code())
    .bind(period.end.days_since_epoch())
    .bind(reseller.map(|r| r.as_str().to_string()))
    .bind(order_id)
    .fetch_one(&mut **tx)
    .await?;
    let addition = Addition {
        id: 0,
        seats: line.seats,
        added_at: now,
        charged: charge,
        covered_until: period.end,
    };
    super::changes::insert_addition(tx, sub_id, &addition, "purchase").await?;
    ledger::post(
        tx,
        ledger::Entry {
            customer_org_id,
            partner_org_id: partner,
            subscription_id: sub_id,
            amount: Money::new(charge, line.price.currency),
            reason: "purchase",
            seats: i64::from(line.seats),
            period,
            at: now,
        },
    )
    .await?;
    Ok((sub_id, charge))
}

/// Demo and benchmark data: subscriptions bought directly (no cart), at
/// `at`; the billing job catches up any period since.
#[allow(clippy::too_many_arguments)]
pub async fn seed_subscription(
    tx: &mut Tx,
    customer_org_id: i64,
    partner: i64,
    offer_id: &str,
    term: domain::Term,
    frequency: domain::BillingFrequency,
    seats: u32,
    at: Timestamp,
) -> Result<i64> {
    let customer = customer_header(&mut **tx, customer_org_id).await?;
    let (offer, price) = priced_offer(&customer, offer_id, term, frequency)
        .map_err(|e| Error::Internal(format!("demo offer {offer_id}: {}", e.code())))?;
    let line = CartLine {
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

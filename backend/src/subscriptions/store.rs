//! Storage shared by the subscription use cases: the customer's header and
//! holdings, seat additions, and a new subscription with its first charge.

use domain::subscription_views::{CustomerHeader, ExistingTarget};
use domain::{
    currency_for_country, is_eu_efta, Addition, BillingFrequency, Holding, Money, Offer,
    ResellerId, SeatState, Segment, Term, Timestamp,
};

use super::ledger;
use super::state::{self, Loaded};
use crate::db::{locks, Statement, Tx};
use crate::error::{Error, Result};

#[derive(sqlx::FromRow)]
struct CustomerRow {
    name: String,
    country: String,
    segment: String,
}

/// A customer organization's header; 403 for any other id.
pub(crate) async fn customer_header<'c, E>(conn: E, customer_org_id: i64) -> Result<CustomerHeader>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row: CustomerRow = sqlx::query_as(
        "SELECT name, country, segment FROM organizations WHERE id = $1 AND kind = 'customer'",
    )
    .bind(customer_org_id)
    .fetch_optional(conn)
    .await?
    .ok_or(Error::Forbidden)?;
    Ok(CustomerHeader {
        id: customer_org_id,
        name: row.name,
        segment: Segment::parse(&row.segment)
            .ok_or_else(|| Error::Internal(format!("stored segment {} is invalid", row.segment)))?,
        currency: currency_for_country(&row.country),
        eu_efta: is_eu_efta(&row.country),
        country: row.country,
    })
}

#[derive(sqlx::FromRow)]
struct HoldingRow {
    offer_id: String,
    status: String,
    seats: i64,
}

/// The customer's live subscriptions (every partner), for the
/// one-per-customer rule and the add-on bounds; seats are the sum of each
/// subscription's open additions.
pub(crate) async fn holdings<'c, E>(conn: E, customer_org_id: i64) -> Result<Vec<Holding>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let rows: Vec<HoldingRow> = sqlx::query_as(
        "SELECT s.offer_id, s.status, CAST(COALESCE(SUM(a.seats), 0) AS BIGINT) AS seats FROM subscriptions s \
         LEFT JOIN seat_additions a ON a.subscription_id = s.id AND a.closed = 0 \
         WHERE s.customer_org_id = $1 AND s.status IN ('active', 'suspended') GROUP BY s.id, s.offer_id, s.status",
    )
    .bind(customer_org_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Holding {
            active: r.status == "active",
            offer_id: r.offer_id,
            seats: r.seats.clamp(0, i64::from(u32::MAX)) as u32,
        })
        .collect())
}

pub(crate) async fn insert_addition(
    tx: &mut Tx,
    subscription_id: i64,
    a: &Addition,
    reason: &str,
) -> Result<()> {
    tx.run(addition_statement(subscription_id, a, reason).into())
        .await?;
    Ok(())
}

pub(crate) fn addition_statement(subscription_id: i64, a: &Addition, reason: &str) -> Statement {
    crate::statement!(
        "INSERT INTO seat_additions (subscription_id, seats, added_at, charged, covered_until, reason) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        subscription_id,
        i64::from(a.seats),
        a.added_at.millis(),
        a.charged,
        a.covered_until.days_since_epoch(),
        reason,
    )
}

/// One subscription to create: an offer priced for the customer.
pub(crate) struct Purchase {
    pub offer: &'static Offer,
    pub term: Term,
    pub frequency: BillingFrequency,
    pub seats: u32,
    pub price: Money,
}

impl Purchase {
    /// Its state once bought at `now` (no seats yet): for an offer with an
    /// automatic free trial, that trial (R-SUB-27).
    pub fn state(&self, now: Timestamp) -> SeatState {
        if self.offer.free_trial {
            return SeatState::free_trial(self.term, self.frequency, self.price.currency, now);
        }
        SeatState::bought(
            self.offer.is_trial(),
            self.term,
            self.frequency,
            self.price,
            now,
        )
    }
}

/// A new subscription with its first charge (the first billing period) and
/// its first reduction window; returns its id and the charge.
pub(crate) async fn create_subscription(
    tx: &mut Tx,
    customer_org_id: i64,
    partner: i64,
    line: &Purchase,
    order_id: Option<i64>,
    reseller: Option<&ResellerId>,
    now: Timestamp,
) -> Result<(i64, i64)> {
    let opening = Opening {
        customer_org_id,
        partner,
        offer: line.offer,
        state: line.state(now),
        seats: line.seats,
        reason: "purchase",
        base: None,
    };
    open_subscription(tx, &opening, order_id, reseller, now).await
}

/// A subscription to open with `seats` added at `now`, in `state` (its
/// term, billing and price; its term may have started before `now`, for one
/// co-terminous with another), its charge posted with `reason`.
pub(crate) struct Opening {
    pub customer_org_id: i64,
    pub partner: i64,
    pub offer: &'static Offer,
    pub state: SeatState,
    pub seats: u32,
    pub reason: &'static str,
    /// The base subscription of an add-on bought for it (R-SUB-13).
    pub base: Option<i64>,
}

/// Opens `o`: the row, one addition charged the rest of the billing period
/// that `now` is in, and that charge in the ledger; returns its id and the
/// charge.
pub(crate) async fn open_subscription(
    tx: &mut Tx,
    o: &Opening,
    order_id: Option<i64>,
    reseller: Option<&ResellerId>,
    now: Timestamp,
) -> Result<(i64, i64)> {
    let state = &o.state;
    let period = state.billing_period(now.date());
    let charge = state.increase_charge(o.seats, now);
    let sub_id: i64 = sqlx::query_scalar(
        "INSERT INTO subscriptions (customer_org_id, partner_org_id, offer_id, name, status, trial, marketplace, term, frequency, \
         term_started_at, seat_price, currency, auto_renew, update_count, billed_until, reseller, order_id, created_at, updated_at, base_subscription_id, paid_from, term_end) \
         VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, $10, $11, 1, 0, $12, $13, $14, $15, $15, $16, $17, $18) RETURNING id",
    )
    .bind(o.customer_org_id)
    .bind(o.partner)
    .bind(&o.offer.id)
    .bind(&o.offer.name)
    .bind(i64::from(state.trial))
    .bind(i64::from(o.offer.marketplace))
    .bind(state.term.code())
    .bind(state.frequency.code())
    .bind(state.term_started_at.millis())
    .bind(state.seat_price.minor)
    .bind(state.seat_price.currency.code())
    .bind(period.end.days_since_epoch())
    .bind(reseller.map(|r| r.as_str().to_string()))
    .bind(order_id)
    .bind(now.millis())
    .bind(o.base)
    .bind(state.paid_from.map(|d| d.days_since_epoch()))
    .bind(state.term_end.map(|d| d.days_since_epoch()))
    .fetch_one(&mut **tx)
    .await?;
    let addition = Addition {
        id: 0,
        seats: o.seats,
        added_at: now,
        charged: charge,
        covered_until: period.end,
    };
    insert_addition(tx, sub_id, &addition, o.reason).await?;
    ledger::post(
        tx,
        ledger::Entry {
            customer_org_id: o.customer_org_id,
            partner_org_id: o.partner,
            bills: ledger::Bills::Subscription(sub_id),
            amount: Money::new(charge, state.seat_price.currency),
            reason: o.reason,
            seats: i64::from(o.seats),
            period,
            at: now,
        },
    )
    .await?;
    Ok((sub_id, charge))
}

/// The customer's other active subscriptions of `offer_id` with `sub`'s
/// partner, with their state: where an upgrade's or a trial's seats could
/// go (R-SUB-15, R-SUB-25); the page says why one cannot be chosen.
pub(crate) async fn siblings(
    conn: &mut sqlx::AnyConnection,
    sub: &Loaded,
    offer_id: &str,
) -> Result<Vec<ExistingTarget>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM subscriptions WHERE customer_org_id = $1 AND partner_org_id = $2 \
         AND offer_id = $3 AND status = 'active' AND id <> $4 ORDER BY id",
    )
    .bind(sub.customer_org_id)
    .bind(sub.partner_org_id)
    .bind(offer_id)
    .bind(sub.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(t) = state::load(conn, id).await? {
            out.push(ExistingTarget {
                id,
                name: t.name,
                state: t.state,
            });
        }
    }
    Ok(out)
}

/// Subscription `id`, locked (after `sub`: the order every change of two
/// subscriptions takes), if it is the customer's with `sub`'s partner and
/// of `offer_id`.
pub(crate) async fn lock_sibling(
    tx: &mut Tx,
    sub: &Loaded,
    offer_id: &str,
    id: i64,
) -> Result<Option<Loaded>> {
    locks::subscription(tx, id).await?;
    Ok(state::load(tx, id).await?.filter(|t| {
        t.customer_org_id == sub.customer_org_id
            && t.partner_org_id == sub.partner_org_id
            && t.offer_id == offer_id
    }))
}

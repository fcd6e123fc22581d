//! Orders: idempotent submission of the reviewed cart (R-SUB-03), and the
//! order history with each line's fulfilment (R-SUB-06).

use domain::paging::{Paged, PAGE_ROWS};
use domain::subscription_views::{OrderLineView, OrderView, SubmitOrderForm};
use domain::{
    check_additional_resellers, check_key_reuse, check_reviewed, BillingFrequency, Currency,
    KeyUse, Money, OrderError, ResellerId, Term, Timestamp,
};

use super::access::Access;
use super::cart;
use super::provisioning::fulfil;
use super::store::customer_header;
use crate::actor::Actor;
use crate::error::{is_unique_violation, Code, Error, Fields, Result};
use crate::services::Services;

/// Submits the actor's cart for a customer as one order (R-SUB-03): all lines
/// or none, and only the cart that was reviewed (`form.reviewed`). The same
/// idempotency key with the same customer and reviewed lines returns the
/// first order and changes nothing, however many times and however
/// concurrently it is sent; with another customer or other lines it is
/// refused.
#[tracing::instrument(name = "subscriptions.orders.submit", skip_all, fields(actor = actor.user_id, customer_id = form.customer_id))]
pub async fn submit(svc: &Services, actor: &Actor, form: &SubmitOrderForm) -> Result<i64> {
    let partner = Access::seller(svc.db.pool(), actor, form.customer_id).await?;
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
    let cart = cart::rows(&mut *tx, actor, customer.id).await?;
    let software = crate::software::cart::rows(&mut *tx, actor, customer.id).await?;
    check_reviewed(
        &form.reviewed,
        &cart::shown_lines(&cart, &customer, now),
        &crate::software::cart::shown_lines(&software, &customer),
    )
    .map_err(|e| Error::field("", &e))?;
    if cart.is_empty() && software.is_empty() {
        return Err(Error::field("", &OrderError::EmptyCart));
    }
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
    crate::software::purchases::fulfil(
        &mut tx,
        svc.secret().await?,
        &customer,
        partner,
        order_id,
        &software,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(order_id)
}

/// The order an idempotency key was first used for.
#[derive(sqlx::FromRow)]
struct KeyRow {
    id: i64,
    customer_org_id: i64,
    lines_digest: String,
}

/// The order the partner placed with `key`, if any, provided it was for
/// the same customer and lines as `this` (else the key is refused).
async fn existing_order(
    svc: &Services,
    partner: i64,
    key: &str,
    this: KeyUse<'_>,
) -> Result<Option<i64>> {
    let Some(first) = sqlx::query_as::<_, KeyRow>(
        "SELECT id, customer_org_id, lines_digest FROM orders WHERE partner_org_id = $1 AND idempotency_key = $2",
    )
    .bind(partner)
    .bind(key)
    .fetch_optional(svc.db.pool())
    .await?
    else {
        return Ok(None);
    };
    let first_use = KeyUse {
        customer_id: first.customer_org_id,
        lines: &first.lines_digest,
    };
    check_key_reuse(first_use, this).map_err(|e| Error::field("", &e))?;
    Ok(Some(first.id))
}

/// Order history of a customer (R-SUB-06): the partner's own orders, or all
/// for the customer's users; newest first (orders are numbered as placed),
/// those before `cursor`, at most `limit`.
#[tracing::instrument(name = "subscriptions.orders.list_orders", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn list_orders(
    svc: &Services,
    actor: &Actor,
    customer_org_id: i64,
    cursor: Option<i64>,
    limit: i64,
) -> Result<Vec<OrderView>> {
    let access = Access::resolve(svc.db.pool(), actor, customer_org_id).await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE customer_org_id = $1 AND ($2 = 0 OR partner_org_id = $2) AND id < $3 \
         ORDER BY id DESC LIMIT $4",
    )
    .bind(customer_org_id)
    .bind(access.partner_filter().unwrap_or(0))
    .bind(domain::paging::before(cursor))
    .bind(limit)
    .fetch_all(svc.db.pool())
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(order_view(svc, id).await?);
    }
    Ok(out)
}

/// One page of a customer's order history (R-SUB-06), newest first.
pub async fn orders_page(
    svc: &Services,
    actor: &Actor,
    customer_org_id: i64,
    cursor: Option<i64>,
) -> Result<Paged<OrderView>> {
    let rows = list_orders(svc, actor, customer_org_id, cursor, PAGE_ROWS as i64 + 1).await?;
    Ok(Paged::cut(rows, PAGE_ROWS, |o| o.id))
}

/// One order with its fulfillment per line (R-SUB-06).
#[tracing::instrument(name = "subscriptions.orders.order", skip_all, fields(actor = actor.user_id, order_id))]
pub async fn order(svc: &Services, actor: &Actor, order_id: i64) -> Result<OrderView> {
    let (customer, partner): (i64, i64) =
        sqlx::query_as("SELECT customer_org_id, partner_org_id FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_optional(svc.db.pool())
            .await?
            .ok_or(Error::Forbidden)?;
    let access = Access::resolve(svc.db.pool(), actor, customer).await?;
    if !access.sees(partner) {
        return Err(Error::Forbidden);
    }
    order_view(svc, order_id).await
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: i64,
    customer_org_id: i64,
    customer_name: String,
    partner_name: String,
    placed_at: i64,
    status: String,
    reseller: Option<String>,
    additional_resellers: String,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    name: String,
    term: String,
    frequency: String,
    seats: i64,
    status: String,
    subscription_id: Option<i64>,
    amount: i64,
    currency: String,
}

impl TryFrom<LineRow> for OrderLineView {
    type Error = Error;

    fn try_from(l: LineRow) -> Result<OrderLineView> {
        let bad = |what: &str| Error::Internal(format!("order line {what} is invalid"));
        Ok(OrderLineView {
            id: l.id,
            name: l.name,
            term: Term::parse(&l.term).ok_or_else(|| bad("term"))?,
            frequency: BillingFrequency::parse(&l.frequency).ok_or_else(|| bad("frequency"))?,
            seats: u32::try_from(l.seats).map_err(|_| bad("seats"))?,
            status: l.status,
            subscription_id: l.subscription_id,
            amount: Money::new(
                l.amount,
                Currency::parse(&l.currency).ok_or_else(|| bad("currency"))?,
            ),
        })
    }
}

async fn order_view(svc: &Services, order_id: i64) -> Result<OrderView> {
    let o: OrderRow = sqlx::query_as(
        "SELECT o.id, o.customer_org_id, c.name AS customer_name, p.name AS partner_name, o.placed_at, o.status, \
         o.reseller, o.additional_resellers \
         FROM orders o JOIN organizations c ON c.id = o.customer_org_id JOIN organizations p ON p.id = o.partner_org_id WHERE o.id = $1",
    )
    .bind(order_id)
    .fetch_one(svc.db.pool())
    .await?;
    let lines: Vec<LineRow> = sqlx::query_as(
        "SELECT id, name, term, frequency, seats, status, subscription_id, amount, currency FROM order_lines WHERE order_id = $1 ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(svc.db.pool())
    .await?;
    let software = crate::software::purchases::of_order(svc, order_id).await?;
    let country: String = sqlx::query_scalar("SELECT country FROM organizations WHERE id = $1")
        .bind(o.customer_org_id)
        .fetch_one(svc.db.pool())
        .await?;
    Ok(OrderView {
        id: o.id,
        customer_id: o.customer_org_id,
        customer_name: o.customer_name,
        partner_name: o.partner_name,
        placed_at: Timestamp::from_millis(o.placed_at),
        status: o.status,
        reseller: o.reseller,
        additional_resellers: o
            .additional_resellers
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        lines: lines
            .into_iter()
            .map(OrderLineView::try_from)
            .collect::<Result<_>>()?,
        software,
        tax: domain::tax_basis(&country),
    })
}

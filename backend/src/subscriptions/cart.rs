//! A partner user's cart for one customer: lines added one by one, shown
//! with the first charge each would make if bought now.

use domain::subscription_views::{AddToCartForm, CartLineView, CustomerHeader};
use domain::{BillingFrequency, Money, Permission, Seats, Term, Timestamp};

use super::access::Access;
use super::store::{customer_header, Purchase};
use crate::actor::Actor;
use crate::catalog::catalog;
use crate::error::{Error, Fields, Result};
use crate::services::Services;

/// One line of a cart as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct CartRow {
    pub id: i64,
    pub offer_id: String,
    pub term: String,
    pub frequency: String,
    pub seats: i64,
}

impl CartRow {
    /// The seats, as the table's CHECK keeps them (1 or more).
    pub fn seats(&self) -> u32 {
        self.seats.clamp(0, i64::from(u32::MAX)) as u32
    }
}

/// The actor's cart for a customer, in the order the lines were added.
pub(crate) async fn rows<'c, E>(
    conn: E,
    actor: &Actor,
    customer_org_id: i64,
) -> Result<Vec<CartRow>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    Ok(sqlx::query_as(
        "SELECT id, offer_id, term, frequency, seats FROM cart_lines WHERE user_id = $1 AND customer_org_id = $2 ORDER BY id",
    )
    .bind(actor.user_id)
    .bind(customer_org_id)
    .fetch_all(conn)
    .await?)
}

/// The actor's cart for `customer` as it shows now.
pub(crate) async fn shown(
    svc: &Services,
    actor: &Actor,
    customer: &CustomerHeader,
) -> Result<Vec<CartLineView>> {
    let now = svc.now().await?;
    let rows = rows(svc.db.pool(), actor, customer.id).await?;
    Ok(shown_lines(&rows, customer, now))
}

/// The lines as the cart and its review show them (and as
/// [`domain::lines_digest`] fingerprints them); an offer withdrawn from the
/// catalog since, or without a price, is not shown.
pub(crate) fn shown_lines(
    rows: &[CartRow],
    customer: &CustomerHeader,
    now: Timestamp,
) -> Vec<CartLineView> {
    rows.iter()
        .filter_map(|r| {
            let offer = catalog().offer(&r.offer_id)?;
            let term = Term::parse(&r.term)?;
            let frequency = BillingFrequency::parse(&r.frequency)?;
            let price = offer.price(term, customer.currency)?;
            let line = Purchase {
                offer,
                term,
                frequency,
                seats: r.seats(),
                price,
            };
            Some(line_view(r.id, &line, now))
        })
        .collect()
}

fn line_view(id: i64, line: &Purchase, now: Timestamp) -> CartLineView {
    CartLineView {
        id,
        offer_id: line.offer.id.clone(),
        name: line.offer.name.clone(),
        term: line.term,
        frequency: line.frequency,
        seats: line.seats,
        first_charge: Money::new(
            line.state(now).increase_charge(line.seats, now),
            line.price.currency,
        ),
        addon_rule: line.offer.addon_rule,
    }
}

#[tracing::instrument(name = "subscriptions.cart.add_to_cart", skip_all, fields(actor = actor.user_id, customer_id = form.customer_id))]
pub async fn add_to_cart(svc: &Services, actor: &Actor, form: &AddToCartForm) -> Result<i64> {
    Access::seller(svc.db.pool(), actor, form.customer_id).await?;
    let customer = customer_header(svc.db.pool(), form.customer_id).await?;
    let mut fields = Fields::default();
    let offer = fields.check(
        "offer",
        catalog().priced_offer(
            &form.offer_id,
            customer.segment,
            &customer.country,
            customer.currency,
            form.term,
            form.frequency,
        ),
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

#[tracing::instrument(name = "subscriptions.cart.remove_cart_line", skip_all, fields(actor = actor.user_id, line_id))]
pub async fn remove_cart_line(svc: &Services, actor: &Actor, line_id: i64) -> Result<()> {
    remove_own(
        svc,
        actor,
        "DELETE FROM cart_lines WHERE id = $1 AND user_id = $2",
        line_id,
    )
    .await
}

/// Deletes the actor's own cart line with `delete` (which binds the line's
/// id, then the user's): someone else's line is 403, like a missing one.
pub(crate) async fn remove_own(
    svc: &Services,
    actor: &Actor,
    delete: &'static str,
    line_id: i64,
) -> Result<()> {
    actor.require(Permission::ManageSubscriptions)?;
    let mut tx = svc.db.begin().await?;
    let done = sqlx::query(delete)
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

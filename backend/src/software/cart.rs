//! Software in the cart (R-SW-01): a partner adds products for a customer
//! beside its subscriptions; the review shows each at its unit price and
//! total, and says whether the customer's prices include tax. The order
//! that buys them is the cart's one idempotent order
//! (`subscriptions::orders::submit`).

use domain::software_views::{AddSoftwareForm, SoftwareCartLine, SoftwareCatalog, SoftwareOffer};
use domain::subscription_views::CustomerHeader;
use domain::{tax_basis, Seats};

use crate::actor::Actor;
use crate::catalog::catalog;
use crate::error::{Code, Error, Result};
use crate::services::Services;
use crate::subscriptions::access::Access;
use crate::subscriptions::store::customer_header;

/// One software line as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    pub id: i64,
    pub product_id: String,
    pub quantity: i64,
}

/// The actor's software lines for a customer, in the order they were added.
pub(crate) async fn rows<'c, E>(conn: E, actor: &Actor, customer_org_id: i64) -> Result<Vec<Row>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    Ok(sqlx::query_as(
        "SELECT id, product_id, quantity FROM software_cart_lines \
         WHERE user_id = $1 AND customer_org_id = $2 ORDER BY id",
    )
    .bind(actor.user_id)
    .bind(customer_org_id)
    .fetch_all(conn)
    .await?)
}

/// The lines as the cart shows them; a product withdrawn from the catalog
/// since, or not priced in the customer's currency, is not shown (nor
/// bought).
pub(crate) fn shown_lines(rows: &[Row], customer: &CustomerHeader) -> Vec<SoftwareCartLine> {
    rows.iter()
        .filter_map(|r| {
            let product = catalog().software_product(&r.product_id)?;
            let quantity = Seats::new(u32::try_from(r.quantity).ok()?).ok()?;
            Some(SoftwareCartLine {
                id: r.id,
                product_id: product.id.clone(),
                name: product.name.clone(),
                license: product.license,
                quantity: quantity.get(),
                unit_price: product.price(customer.currency)?,
                total: product.charge(quantity, customer.currency)?,
            })
        })
        .collect()
}

/// "Add products": what the partner may sell the customer, and its cart
/// (for the catalog page, which has checked that the actor sells to it).
pub(crate) async fn software_catalog(
    svc: &Services,
    actor: &Actor,
    customer: &CustomerHeader,
) -> Result<SoftwareCatalog> {
    let products = catalog()
        .software
        .iter()
        .filter_map(|p| {
            Some(SoftwareOffer {
                product_id: p.id.clone(),
                name: p.name.clone(),
                license: p.license,
                unit_price: p.price(customer.currency)?,
            })
        })
        .collect();
    let rows = rows(svc.db.pool(), actor, customer.id).await?;
    Ok(SoftwareCatalog {
        tax: tax_basis(&customer.country),
        products,
        cart: shown_lines(&rows, customer),
    })
}

#[tracing::instrument(name = "software.cart.add", skip_all, fields(actor = actor.user_id, customer_id = form.customer_id))]
pub async fn add(svc: &Services, actor: &Actor, form: &AddSoftwareForm) -> Result<i64> {
    Access::seller(svc.db.pool(), actor, form.customer_id).await?;
    let customer = customer_header(svc.db.pool(), form.customer_id).await?;
    let quantity = Seats::parse(&form.quantity)
        .map_err(|_| Error::field("quantity", &Code::QuantityInvalid))?;
    catalog()
        .software_product(&form.product_id)
        .filter(|p| p.charge(quantity, customer.currency).is_some())
        .ok_or_else(|| Error::field("product", &Code::SoftwareNotSold))?;
    let mut tx = svc.db.begin().await?;
    let id = sqlx::query_scalar(
        "INSERT INTO software_cart_lines (user_id, customer_org_id, product_id, quantity) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(actor.user_id)
    .bind(form.customer_id)
    .bind(&form.product_id)
    .bind(i64::from(quantity.get()))
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[tracing::instrument(name = "software.cart.remove", skip_all, fields(actor = actor.user_id, line_id))]
pub async fn remove(svc: &Services, actor: &Actor, line_id: i64) -> Result<()> {
    crate::subscriptions::cart::remove_own(
        svc,
        actor,
        "DELETE FROM software_cart_lines WHERE id = $1 AND user_id = $2",
        line_id,
    )
    .await
}

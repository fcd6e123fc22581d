//! A software purchase's stored row, as the Software page, its cancel,
//! its keys and its downloads read it.

use crate::error::Result;

#[derive(sqlx::FromRow)]
pub(crate) struct PurchaseRow {
    pub id: i64,
    pub order_id: i64,
    pub customer_org_id: i64,
    pub partner_org_id: i64,
    pub product_id: String,
    pub name: String,
    pub license: String,
    pub quantity: i64,
    pub amount: i64,
    pub currency: String,
    pub purchased_at: i64,
    pub cancelled_at: Option<i64>,
    pub partner_name: String,
}

pub(crate) const PURCHASE: &str = "SELECT sp.id, sp.order_id, sp.customer_org_id, sp.partner_org_id, sp.product_id, sp.name, \
     sp.license, sp.quantity, sp.amount, sp.currency, sp.purchased_at, sp.cancelled_at, p.name AS partner_name \
     FROM software_purchases sp JOIN organizations p ON p.id = sp.partner_org_id";

/// A purchase's row, if it exists.
pub(crate) async fn purchase(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<PurchaseRow>> {
    Ok(sqlx::query_as(&format!("{PURCHASE} WHERE sp.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

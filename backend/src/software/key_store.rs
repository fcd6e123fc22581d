//! Product keys made and kept (R-SW-03, R-SAB-11): drawn from the
//! operating system's random source and sealed at rest under the deployment
//! secret. A purchase gets its key when bought; a download benefit one per
//! product, when it is first needed. (`keys` records who reveals them.)

use domain::ProductKey;

use super::sealed;
use crate::error::{Error, Result};
use crate::secret::Secret;

/// A product key from the operating system's random source.
pub(crate) fn new_key() -> Result<ProductKey> {
    let mut pool = [0u8; 64];
    let mut at = pool.len();
    let mut failed = None;
    let key = ProductKey::generate(|| {
        if at == pool.len() {
            if let Err(e) = getrandom::getrandom(&mut pool) {
                failed = Some(e);
            }
            at = 0;
        }
        at += 1;
        pool[at - 1]
    });
    match failed {
        Some(e) => Err(Error::Internal(format!("random source: {e}"))),
        None => Ok(key),
    }
}

/// What a benefit's sealed key is bound to.
fn benefit_key_context(benefit_id: i64, product_id: &str) -> String {
    format!("software key of benefit {benefit_id} product {product_id}")
}

/// The key of benefit `benefit_id` for `product_id`, made and stored the
/// first time (two first callers at once keep the one stored first).
pub(crate) async fn of_benefit(
    conn: &mut sqlx::AnyConnection,
    secret: &Secret,
    benefit_id: i64,
    product_id: &str,
) -> Result<String> {
    let context = benefit_key_context(benefit_id, product_id);
    let fresh = sealed::seal(secret, &context, new_key()?.as_str())?;
    sqlx::query(
        "INSERT INTO benefit_software_keys (benefit_id, product_id, sealed) VALUES ($1, $2, $3) \
         ON CONFLICT (benefit_id, product_id) DO NOTHING",
    )
    .bind(benefit_id)
    .bind(product_id)
    .bind(fresh)
    .execute(&mut *conn)
    .await?;
    let stored: String = sqlx::query_scalar(
        "SELECT sealed FROM benefit_software_keys WHERE benefit_id = $1 AND product_id = $2",
    )
    .bind(benefit_id)
    .bind(product_id)
    .fetch_one(&mut *conn)
    .await?;
    sealed::open(secret, &context, &stored)
}

//! Product keys made and kept (R-SW-03, R-SAB-11): drawn from the
//! operating system's random source and sealed at rest under the deployment
//! secret. A purchase gets its key when bought; a download benefit one per
//! product when it is first revealed. (`keys` records who reveals them.)

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

/// A fresh key, sealed for `context` (what it belongs to).
pub(crate) fn sealed_new_key(secret: &Secret, context: &str) -> Result<String> {
    sealed::seal(secret, context, new_key()?.as_str())
}

/// What a benefit's sealed key is bound to.
fn benefit_key_context(benefit_id: i64, product_id: &str) -> String {
    format!("software key of benefit {benefit_id} product {product_id}")
}

/// Makes benefit `benefit_id`'s key for `product_id` unless it has one (of
/// two first reveals at once, the one stored first stays).
pub(crate) async fn make_benefit_key(
    conn: &mut sqlx::AnyConnection,
    secret: &Secret,
    benefit_id: i64,
    product_id: &str,
) -> Result<()> {
    let context = benefit_key_context(benefit_id, product_id);
    sqlx::query(
        "INSERT INTO benefit_software_keys (benefit_id, product_id, sealed) VALUES ($1, $2, $3) \
         ON CONFLICT (benefit_id, product_id) DO NOTHING",
    )
    .bind(benefit_id)
    .bind(product_id)
    .bind(sealed_new_key(secret, &context)?)
    .execute(conn)
    .await?;
    Ok(())
}

/// Benefit `benefit_id`'s key for `product_id`, which
/// [`make_benefit_key`] made.
pub(crate) async fn benefit_key(
    conn: &mut sqlx::AnyConnection,
    secret: &Secret,
    benefit_id: i64,
    product_id: &str,
) -> Result<String> {
    let stored: String = sqlx::query_scalar(
        "SELECT sealed FROM benefit_software_keys WHERE benefit_id = $1 AND product_id = $2",
    )
    .bind(benefit_id)
    .bind(product_id)
    .fetch_one(conn)
    .await?;
    sealed::open(
        secret,
        &benefit_key_context(benefit_id, product_id),
        &stored,
    )
}

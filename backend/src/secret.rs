//! The deployment's secret key. It signs what the server hands out and must
//! get back unaltered (the preview pins, `subscriptions::pins`). It is
//! `BC_SECRET` when that is set; otherwise one is generated from the
//! operating system's random source on first start and kept in the database,
//! so that every server process of a deployment signs alike and a restart
//! leaves the pages already open working.

use std::sync::Arc;

use base64::Engine;
use domain::Timestamp;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::Db;
use crate::error::Result;

/// The shortest `BC_SECRET` accepted: 32 bytes (256 bits, if random).
pub const MIN_SECRET_LEN: usize = 32;

/// A signing key; its `Debug` never shows it.
#[derive(Clone)]
pub struct Secret(Arc<[u8]>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("BC_SECRET must be at least {MIN_SECRET_LEN} bytes long")]
pub struct SecretTooShort;

impl Secret {
    /// The secret an operator gave (`BC_SECRET`), used as it is.
    pub fn given(value: &str) -> Result<Secret, SecretTooShort> {
        if value.len() < MIN_SECRET_LEN {
            return Err(SecretTooShort);
        }
        Ok(Secret(value.as_bytes().into()))
    }

    /// The secret stored in the database, made now if there is none yet.
    /// Processes starting together agree: each inserts one only if the row
    /// is absent, then all read the one row that won.
    pub(crate) async fn stored(db: &Db, now: Timestamp) -> Result<Secret> {
        let mut fresh = [0u8; MIN_SECRET_LEN];
        getrandom::getrandom(&mut fresh).map_err(|e| crate::Error::Internal(e.to_string()))?;
        let fresh = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(fresh);
        let mut tx = db.begin().await?;
        sqlx::query(
            "INSERT INTO deployment_secret (id, secret, created_at) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&fresh)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
        let secret: String =
            sqlx::query_scalar("SELECT secret FROM deployment_secret WHERE id = 1")
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(Secret(secret.into_bytes().into()))
    }

    /// An HMAC-SHA256 under this key for one `purpose`: the label goes in
    /// first, so a signature made for one use never verifies for another.
    pub(crate) fn mac(&self, purpose: &str) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(purpose.as_bytes());
        mac.update(b"\n");
        mac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_secret_has_at_least_32_bytes_and_is_never_printed() {
        assert_eq!(Secret::given(&"x".repeat(31)).unwrap_err(), SecretTooShort);
        let secret = Secret::given(&"s".repeat(32)).expect("32 bytes");
        assert_eq!(format!("{secret:?}"), "Secret(…)");
    }

    /// The MAC is plain HMAC-SHA256 over the purpose, a newline and the
    /// message (the figure below is Python's `hmac.new(b"Jefe",
    /// b"what do ya want\nfor nothing?", "sha256")`).
    #[test]
    fn the_mac_is_hmac_sha256_over_the_purpose_and_the_message() {
        let secret = Secret(b"Jefe".as_slice().into());
        let mut mac = secret.mac("what do ya want");
        mac.update(b"for nothing?");
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "50ff9fd552ba6f7d7aea9a88e93f2ebee2870bf860cfd7a2b6cf2cbbed92a13e"
        );
    }
}

//! What every use case needs, built once at start and shared.

use std::sync::Arc;

use domain::Timestamp;
use tokio::sync::OnceCell;

use crate::clock::Clock;
use crate::db::Db;
use crate::error::Result;
use crate::secret::Secret;

#[derive(Clone, Debug)]
pub struct Config {
    /// Base of the links in emails, e.g. `http://127.0.0.1:3000`.
    pub public_url: String,
    /// Demo mode: the local mailbox page and the movable test clock.
    pub demo_mode: bool,
}

impl Config {
    /// A public (https) deployment: `Secure`, `__Host-` cookies and HSTS.
    pub fn is_https(&self) -> bool {
        is_https(&self.public_url)
    }
}

/// Is this URL's scheme https (in any case)?
pub fn is_https(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
}

#[derive(Clone, Debug)]
pub struct Services {
    pub db: Db,
    pub clock: Clock,
    pub config: Arc<Config>,
    /// The signing key: given, or read from the database on first use.
    secret: Arc<OnceCell<Secret>>,
}

impl Services {
    pub fn new(db: Db, clock: Clock, config: Config) -> Services {
        Services {
            db,
            clock,
            config: Arc::new(config),
            secret: Arc::new(OnceCell::new()),
        }
    }

    /// Signs with `secret` (`BC_SECRET`) instead of the database's own.
    pub fn with_secret(self, secret: Secret) -> Services {
        Services {
            secret: Arc::new(OnceCell::new_with(Some(secret))),
            ..self
        }
    }

    /// The deployment's signing key (see [`Secret`]); the first call without
    /// a given one reads it from the database, making it on first start. Not
    /// to be called while holding a write transaction (it may open one).
    pub async fn secret(&self) -> Result<&Secret> {
        self.secret
            .get_or_try_init(|| Secret::stored(&self.db, self.clock.now()))
            .await
    }

    /// Business time: what rules such as invitation expiry, seat-reduction
    /// windows and renewals compare against. In demo mode it is the clock plus
    /// the shared test-clock offset (stored in the database so that every
    /// server process agrees); otherwise it is the clock. Sessions and rate
    /// limits use `clock.now()` (real time) so advancing the test clock signs
    /// nobody out.
    pub async fn now(&self) -> Result<Timestamp> {
        if !self.config.demo_mode {
            return Ok(self.clock.now());
        }
        Ok(self.test_clock().await?.0)
    }

    /// Demo mode: business time and how far the test clock moved it (ms).
    pub(crate) async fn test_clock(&self) -> Result<(Timestamp, i64)> {
        let offset: i64 = sqlx::query_scalar("SELECT offset_ms FROM test_clock WHERE id = 1")
            .fetch_one(self.db.pool())
            .await?;
        Ok((
            Timestamp::from_millis(self.clock.now().millis() + offset),
            offset,
        ))
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.config.public_url.trim_end_matches('/'), path)
    }
}

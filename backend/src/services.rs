//! What every use case needs, built once at start and shared.

use std::sync::Arc;

use crate::clock::Clock;
use crate::db::Db;

#[derive(Clone, Debug)]
pub struct Config {
    /// Base of the links in emails, e.g. `http://127.0.0.1:3000`.
    pub public_url: String,
    /// Demo mode: the local mailbox page and the movable test clock.
    pub demo_mode: bool,
}

#[derive(Clone, Debug)]
pub struct Services {
    pub db: Db,
    pub clock: Clock,
    pub config: Arc<Config>,
}

impl Services {
    pub fn new(db: Db, clock: Clock, config: Config) -> Services {
        Services {
            db,
            clock,
            config: Arc::new(config),
        }
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.config.public_url.trim_end_matches('/'), path)
    }
}

//! The server's half of Business Center: the database, the use cases (each
//! one transaction with its audit entry), authorization, the outbox and the
//! clock. Rules come from the `domain` crate; nothing here re-implements one.

pub mod accounts;
pub mod actor;
pub mod api_idempotency;
pub mod api_tokens;
pub mod audit;
pub mod benefits;
pub mod catalog;
pub mod clock;
pub mod csv;
pub mod db;
pub mod emails;
pub mod error;
pub mod job_failures;
pub mod mpn;
pub mod operations;
pub mod outbox;
pub mod passwords;
pub mod rate_limit;
pub mod secret;
pub mod seed;
pub mod services;
pub mod sessions;
pub mod software;
pub mod subscriptions;
pub mod support;
pub mod test_clock;
pub mod tokens;

pub use actor::Actor;
pub use clock::Clock;
pub use db::Db;
pub use error::{Code, Error, Result};
pub use secret::Secret;
pub use services::{Config, Services};

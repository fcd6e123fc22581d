//! The backend's integration tests against a real database: SQLite always,
//! PostgreSQL too when `BC_TEST_POSTGRES_URL` is set. One test binary (each
//! file under `tests/` would be its own, linking the whole tree again).

mod common;

mod accounts;
mod addons;
mod api;
mod benefit_software;
mod benefits;
mod billing_job;
mod db;
mod errors;
mod mail_server;
mod mpn;
mod operations;
mod orders;
mod outbox;
mod pins;
mod platform;
mod races;
mod renewal;
mod sessions;
mod software;
mod subscriptions;
mod support;
mod transfers;
mod trials;
mod upgrades;

//! Seat-based subscriptions sold by partners (SPEC §5 first half, §6): the
//! catalog and cart, idempotent orders, seat changes and cancellation that
//! commit exactly the previewed figure, suspension, the ledger and invoices,
//! the billing/renewal job, and transfers between partners (R-SUB-28). Rules come from `domain::seats`.

pub(crate) mod access;
pub mod addons;
pub mod cart;
pub mod catalog;
pub mod changes;
pub mod export;
pub mod invoices;
pub mod jobs;
pub(crate) mod ledger;
pub mod orders;
pub(crate) mod pins;
pub mod provisioning;
pub mod queries;
pub mod renewal;
pub mod scheduled;
mod state;
pub(crate) mod store;
mod transfer_store;
pub mod transfers;
pub mod trials;
pub mod upgrades;

pub use access::Access;
pub use ledger::totals_agree;

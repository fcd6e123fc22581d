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

tokio::task_local! {
    /// R-API-03: the version a write's `If-Match` named (see [`if_version`]).
    static IF_VERSION: u32;
}

/// Runs `write` (a use case that changes one subscription) so that it is
/// refused with [`crate::Error::PreconditionFailed`] unless the
/// subscription is still at `version` when its row lock is taken: two
/// programs that read one version cannot both change it. The check is in
/// the locking function every subscription write goes through.
pub async fn if_version<F: std::future::Future>(version: u32, write: F) -> F::Output {
    IF_VERSION.scope(version, write).await
}

/// Whether a locked subscription at `current` may be changed by the write
/// running (always, outside [`if_version`]).
fn check_if_version(current: u32) -> crate::Result<()> {
    match IF_VERSION.try_with(|v| *v) {
        Ok(expected) if expected != current => Err(crate::Error::PreconditionFailed),
        _ => Ok(()),
    }
}
pub use ledger::totals_agree;

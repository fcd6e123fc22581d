//! Software bought through a partner (seed 002, R-SW-01 … 05): products
//! added to the cart beside subscriptions and bought with the same
//! idempotent order, a product key per purchase sealed at rest, and
//! download links that a selling partner's Admin Agent makes and anyone
//! holding one may use until it expires; an order's software cancelled
//! within 60 days for a credit. Keys and links serve a download benefit's
//! software too (R-SAB-11).

pub(crate) mod access;
pub mod activity;
pub mod cancel;
pub mod cart;
pub mod downloads;
pub(crate) mod files;
pub(crate) mod key_store;
pub mod keys;
pub(crate) mod links;
mod purchase_row;
pub mod purchases;
pub(crate) mod sealed;

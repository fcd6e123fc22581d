//! Software Assurance and service benefits (SPEC §2): inventory, benefit
//! users, conversion and reversal, training vouchers, transaction history,
//! partner delegation, a download benefit's software.
//! Each change is one transaction with its ledger rows, audit entry and any
//! outbox email; every call is authorized by `access`.

pub mod access;
pub mod conversion;
pub mod delegation;
pub mod demo;
mod emails;
pub mod inventory;
mod ledger;
pub mod software;
pub mod users;
pub mod vouchers;

pub use domain::benefit_views::*;

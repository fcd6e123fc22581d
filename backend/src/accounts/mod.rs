//! Accounts and organizations (SPEC §1).

pub mod agreements;
pub mod domains;
pub mod invitations;
pub mod platform;
pub mod relationships;
pub mod users;

//! Server functions: each parses nothing itself, takes the services and the
//! actor from context, calls one use case, and maps its error.

pub mod admin;
pub mod agreements;
pub mod auth;
pub mod benefits;
#[cfg(feature = "ssr")]
pub mod context;
pub mod invitations;
pub mod mpn;
pub mod operations;
pub mod relationships;
pub mod software;
pub mod subscriptions;
pub mod support;
pub mod tokens;
pub mod transfers;
pub mod users;

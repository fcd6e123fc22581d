//! Pieces shared by several pages.

#[cfg(feature = "hydrate")]
pub mod enhance;
pub mod forms;
pub mod from_server;
pub mod layout;

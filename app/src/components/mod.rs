//! Pieces shared by several pages.

pub mod copy;
#[cfg(feature = "hydrate")]
pub mod enhance;
pub mod forms;
pub mod from_server;
pub mod layout;

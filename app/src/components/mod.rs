//! Pieces shared by several pages.

pub mod copy;
pub mod edition;
#[cfg(feature = "hydrate")]
pub mod enhance;
pub mod forms;
pub mod from_server;
pub mod layout;
pub mod pager;
pub mod review;

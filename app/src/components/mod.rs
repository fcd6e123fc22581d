//! Pieces shared by several pages.

pub mod forms;
pub mod from_server;
pub mod layout;

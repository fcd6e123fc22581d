//! Pieces shared by several pages.

pub mod forms;
pub mod layout;

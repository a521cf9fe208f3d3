//! Components shared by pages.

pub mod layout;
pub mod page;
pub mod session_dialog;
pub mod toast;

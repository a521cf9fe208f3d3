//! Components shared by pages.

pub mod layout;
pub mod page;
pub mod session_dialog;
pub mod sort_header;
pub mod toast;

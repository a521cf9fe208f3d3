//! Components shared by pages.

pub mod confirm_dialog;
pub mod focus;
pub mod layout;
pub mod page;
pub mod session_dialog;
pub mod status_badge;
pub mod sort_header;
pub mod toast;

//! The form sections. `base` and `hosted` are the create form's; `edit` the edit form's;
//! `rows` and `schedule` are shared.

pub mod base;
pub mod edit;
pub mod hosted;
pub mod rows;
pub mod schedule;

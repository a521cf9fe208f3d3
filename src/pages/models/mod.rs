//! Model catalogue, detail page and lifecycle actions (issue: "Model catalogue, detail page and
//! lifecycle actions"). The logic (hosting, allowed actions, sorting, filtering, formatting)
//! is in `lisa_api::{catalogue, lifecycle}`; these modules are the views over it.

mod actions;
mod bulk;
mod bulk_bar;
mod columns;
mod default_model;
mod detail;
mod detail_admin;
mod detail_sections;
mod dom;
mod filters;
mod list;
mod perf;
mod poll;
mod table;

use std::ops::Deref;
use std::sync::Arc;

pub use default_model::DefaultModelPage;
pub use detail::ModelDetailPage;
pub use list::ModelsPage;

/// A shared value compared by identity: memos over 5,000 rows must not compare them field by
/// field to learn that a new fetch arrived.
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Arc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

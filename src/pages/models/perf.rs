//! `performance.mark()` at the moments the catalogue benchmark measures (data decoded, first
//! rows rendered). Each mark is set once per page load, so polling does not grow the
//! performance timeline.

use std::cell::RefCell;
use std::collections::HashSet;

thread_local! {
    static MARKED: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
}

pub fn mark(name: &'static str) {
    let first = MARKED.with(|m| m.borrow_mut().insert(name));
    if first {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(name);
        }
    }
}

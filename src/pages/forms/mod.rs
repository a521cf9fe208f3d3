//! Create and edit forms (issue: "Create and edit forms whose validation matches LISA's server,
//! rule for rule, and never lose input").
//!
//! The form state, the request it becomes, every check, where each complaint lands, and even
//! the fields' HTML live in `lisa_console::model_form` (tested natively). Here: the pages
//! (loading, drafts, review, sending, LISA's answers) and `dom`, which puts the fields in the
//! page and drives the form by key from one set of delegated listeners.

pub mod create;
pub mod dom;
pub mod draft;
pub mod edit;
pub mod instances;
pub mod review;
pub mod ui;

use leptos::prelude::*;

pub use create::CreateModelPage;
pub use edit::EditModelPage;

use ui::use_form_ui;

/// Filling in the form, or looking at the request before it is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Form,
    Review,
}

/// "N errors remain", next to the submit button once a submit was refused.
pub fn error_count() -> impl IntoView {
    let ui = use_form_ui();
    let text = move || {
        let n = ui.remaining();
        (ui.submitted.get() && n > 0).then(|| {
            if n == 1 {
                "1 error remains: it is marked above.".to_string()
            } else {
                format!("{n} errors remain: they are marked above.")
            }
        })
    };
    view! {
        <p class="error-count" id="form-error-count" role="alert">
            {text}
        </p>
    }
}

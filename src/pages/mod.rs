//! One module per feature; each page is a thin view over `lisa_console` logic and the API.

pub mod forms;
pub mod metrics;
pub mod models;
pub mod not_found;
pub mod sign_in;
pub mod try_model;
pub mod transfer;

use leptos::prelude::*;

use crate::routes;
use crate::session::use_session;

/// Pages that need a token: without one, go to sign-in, which returns here afterwards.
pub fn guarded<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    let session = use_session();
    let go = routes::use_replace();
    Effect::new(move |_| {
        if !session.signed_in().get() {
            go(&routes::sign_in_returning_to(&routes::current_app_path()));
        }
    });
    move || session.signed_in().get().then(page)
}

#[component]
pub fn RedirectHome() -> impl IntoView {
    let go = routes::use_replace();
    Effect::new(move |_| go(&routes::href(routes::MODELS)));
}

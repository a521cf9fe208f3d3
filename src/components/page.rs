//! Page furniture: the breadcrumb, the heading that receives focus on route change, error and
//! loading blocks.

use leptos::html;
use leptos::prelude::*;
use lisa_api::ApiError;

/// The page's `<h1>`. It takes focus when the page mounts, so a route change is announced to
/// screen-reader users and keyboard focus starts at the top of the new page.
#[component]
pub fn PageHeading(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let heading = NodeRef::<html::H1>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! { <h1 class="page-heading" tabindex="-1" node_ref=heading>{move || text.get()}</h1> }
}

/// "Models / <model> / <here>": the way back from a page under the catalogue (`model`: the
/// model's own page, linked, when this page is about one model).
#[component]
pub fn ModelsCrumb(#[prop(optional, into)] model: Option<String>, #[prop(into)] here: String) -> impl IntoView {
    view! {
        <p class="breadcrumb">
            <a href=crate::routes::href(crate::routes::MODELS)>"Models"</a>
            <span aria-hidden="true">" / "</span>
            {model.map(|id| view! {
                <a href=crate::routes::model(&id)>{id.clone()}</a>
                <span aria-hidden="true">" / "</span>
            })}
            <span class="muted">{here}</span>
        </p>
    }
}

/// An error as a block with the server's own words and, when it makes sense, a retry button.
#[component]
pub fn ErrorPanel(error: ApiError, #[prop(optional, into)] on_retry: Option<Callback<()>>) -> impl IntoView {
    let status = error.status.map(|s| format!("HTTP {s}"));
    let retry = on_retry.map(|cb| {
        view! {
            <button class="button" on:click=move |_| cb.run(())>
                "Retry"
            </button>
        }
    });
    view! {
        <div class="error-panel" role="alert">
            <p class="error-title">
                <span class="error-icon" aria-hidden="true">"⚠ "</span>
                {match error.kind {
                    lisa_api::ErrorKind::NotAdmin => "Your account is not a LISA administrator",
                    lisa_api::ErrorKind::Network => "LISA could not be reached",
                    lisa_api::ErrorKind::Timeout => "LISA took too long to answer",
                    lisa_api::ErrorKind::Decode => "LISA's answer could not be read",
                    _ => "LISA returned an error",
                }}
                {status.map(|s| view! { <span class="error-status">" (" {s} ")"</span> })}
            </p>
            <p class="error-message">{error.message.clone()}</p>
            {retry}
        </div>
    }
}

/// Placeholder rows while the first load is in flight.
#[component]
pub fn Skeleton(#[prop(default = 6)] rows: usize) -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" aria-label="Loading">
            {(0..rows).map(|_| view! { <div class="skeleton-row"></div> }).collect_view()}
        </div>
    }
}

#[component]
pub fn Spinner() -> impl IntoView {
    view! { <span class="spinner" aria-hidden="true"></span> }
}

//! Try a model (`/models/:id/try`) and compare up to four (`/compare?models=a,b,c`), through
//! LISA Serve (issue 13). The logic (settings, figures, errors, curl, results file) is
//! `lisa_console::try_model`; the one serve function is `crate::api::serve`; these modules are
//! the views: the answer pane (`pane`) streaming through the frame writer (`writer`), the
//! settings (`form`), the request and "Copy as curl" (`request`), embeddings and images
//! (`media`), the compare chart (`chart`) and the results file (`download`).

mod chart;
mod compare_page;
mod download;
mod form;
mod media;
mod pane;
mod request;
mod try_page;
mod writer;

pub use compare_page::ComparePage;
pub use try_page::TryModelPage;

use leptos::prelude::*;
use lisa_console::try_model::{GROUPS_NOTICE, METRICS_NOTICE};

/// Run `task` under the page's `owner`. Event handlers run outside any owner: a task spawned
/// there would outlive the page, and its call would not be aborted when the page goes away.
fn spawn_in(owner: &Owner, task: impl std::future::Future<Output = ()> + 'static) {
    owner.with(|| leptos::task::spawn_local_scoped(task));
}

/// What a test call leaves behind, and what LISA Serve does not check (lisa-serve.md §13, §4).
#[component]
fn Notices() -> impl IntoView {
    view! {
        <div class="try-notices" id="try-notices">
            <p class="notice"><strong>"Note: "</strong>{METRICS_NOTICE}</p>
            <p class="notice muted">{GROUPS_NOTICE}</p>
        </div>
    }
}

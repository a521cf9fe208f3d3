//! Usage metrics (issue: "Metrics pages").

use leptos::prelude::*;

use crate::components::page::PageHeading;

#[component]
pub fn MetricsOverviewPage() -> impl IntoView {
    view! {
        <section class="page" id="page-metrics">
            <PageHeading text="Usage metrics" />
            <p class="placeholder">"The metrics overview is not built yet."</p>
        </section>
    }
}

#[component]
pub fn UserMetricsPage() -> impl IntoView {
    view! {
        <section class="page" id="page-user-metrics">
            <PageHeading text="User metrics" />
            <p class="placeholder">"The user metrics page is not built yet."</p>
        </section>
    }
}

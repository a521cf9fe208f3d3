//! Model catalogue and detail (issue: "Model catalogue, detail page and lifecycle actions").

use leptos::prelude::*;

use crate::components::page::PageHeading;

#[component]
pub fn ModelsPage() -> impl IntoView {
    view! {
        <section class="page" id="page-models">
            <PageHeading text="Models" />
            <p class="placeholder">"The model catalogue is not built yet."</p>
        </section>
    }
}

#[component]
pub fn ModelDetailPage() -> impl IntoView {
    view! {
        <section class="page" id="page-model-detail">
            <PageHeading text="Model" />
            <p class="placeholder">"The model detail page is not built yet."</p>
        </section>
    }
}

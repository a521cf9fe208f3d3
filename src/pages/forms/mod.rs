//! Create and edit forms (issue: "Create and edit forms whose validation matches LISA's server").

use leptos::prelude::*;

use crate::components::page::PageHeading;

#[component]
pub fn CreateModelPage() -> impl IntoView {
    view! {
        <section class="page" id="page-model-create">
            <PageHeading text="Create a model" />
            <p class="placeholder">"The create form is not built yet."</p>
        </section>
    }
}

#[component]
pub fn EditModelPage() -> impl IntoView {
    view! {
        <section class="page" id="page-model-edit">
            <PageHeading text="Edit model" />
            <p class="placeholder">"The edit form is not built yet."</p>
        </section>
    }
}

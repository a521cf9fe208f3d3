use leptos::prelude::*;

use crate::components::page::PageHeading;
use crate::routes;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page" id="page-not-found">
            <PageHeading text="Page not found" />
            <p>"There is no page at this address in LISA Admin."</p>
            <p>
                <a href=routes::href(routes::MODELS)>"Go to the model catalogue"</a>
            </p>
        </section>
    }
}

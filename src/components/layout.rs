//! The shell around every page: header and navigation (left out in embed mode), the toasts, the
//! session dialog.

use leptos::prelude::*;

use crate::api::use_api;
use crate::components::session_dialog::SessionDialog;
use crate::components::toast::ToastRegion;
use crate::routes;
use crate::session::use_session;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let api = use_api();
    let embed = api.config.embed;
    view! {
        <div class=if embed { "shell embed" } else { "shell" }>
            {(!embed).then(|| view! { <Header /> })}
            <main id="main" class="main">{children()}</main>
            <ToastRegion />
            <SessionDialog />
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let go = routes::use_go();
    let sign_out = move |_| {
        session.sign_out();
        go(&routes::href(routes::SIGN_IN));
    };
    view! {
        <header class="header">
            <a class="brand" href=routes::href(routes::MODELS)>"LISA Admin"</a>
            <nav aria-label="Main">
                <a href=routes::href(routes::MODELS)>"Models"</a>
                <a href=routes::href(routes::METRICS)>"Metrics"</a>
            </nav>
            <div class="header-end">
                <Show
                    when=move || session.signed_in().get()
                    fallback=|| view! { <a href=routes::href(routes::SIGN_IN)>"Sign in"</a> }
                >
                    <button class="button subtle" id="sign-out" on:click=sign_out.clone()>
                        "Sign out"
                    </button>
                </Show>
            </div>
        </header>
    }
}

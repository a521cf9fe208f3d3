//! The shell around every page: header and navigation (left out in embed mode), the expiry
//! warning, the toasts, the session dialog.

use leptos::prelude::*;
use lisa_console::auth::AdminStatus;

use crate::api::use_api;
use crate::app::EmbedMode;
use crate::components::session_dialog::SessionDialog;
use crate::components::toast::ToastRegion;
use crate::oidc;
use crate::routes;
use crate::session::{use_session, TokenSource};

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let EmbedMode(embed) = expect_context::<EmbedMode>();
    let session = use_session();
    routes::keep_link_paths_exact();
    view! {
        <div class=if embed { "shell embed" } else { "shell" }>
            {(!embed).then(|| view! { <Header /> })}
            {move || {
                session
                    .expiry_warning
                    .get()
                    .map(|w| view! { <div class="warning-panel expiry-warning" role="status" id="expiry-warning">{w}</div> })
            }}
            <main id="main" class="main">{children()}</main>
            <ToastRegion />
            <SessionDialog />
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let go = routes::use_go();
    let sign_out = move |_| {
        let was_oidc = session.source() == TokenSource::Oidc;
        let ended = session.sign_out();
        match (was_oidc, api.config.oidc.clone()) {
            (true, Some(config)) => {
                let go = go.clone();
                leptos::task::spawn_local(async move {
                    if !oidc::sign_out_at_idp(&config, ended).await {
                        go(&routes::href(routes::SIGN_IN));
                    }
                })
            }
            _ => go(&routes::href(routes::SIGN_IN)),
        }
    };
    let admin = session.admin_status();
    let user = session.username();
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
                    {move || user.get().map(|u| view! { <span class="user" id="signed-in-user">{u}</span> })}
                    {move || match admin.get() {
                        AdminStatus::NotAdmin { admin_group } => Some(view! {
                            <span class="badge-not-admin" id="not-admin" title=format!("Your token's groups do not include {admin_group}; changes are disabled.")>
                                "read-only (not in " {admin_group.clone()} ")"
                            </span>
                        }),
                        _ => None,
                    }}
                    <button class="button subtle" id="sign-out" on:click=sign_out.clone()>
                        "Sign out"
                    </button>
                </Show>
            </div>
        </header>
    }
}

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
            <main id="main" class="main">
                <ToastRegion />
                {children()}
            </main>
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
    // Phone width: the navigation and session controls fold into a menu (CSS hides the toggle
    // on wider screens). Choosing anything in the menu, or Escape, folds it again.
    let menu_open = RwSignal::new(false);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
        }
    };
    view! {
        <header class="header" class:menu-open=menu_open on:keydown=on_key>
            <a class="brand" href=routes::href(routes::MODELS)>"LISA Admin"</a>
            <button
                type="button"
                class="button subtle menu-toggle"
                id="menu-toggle"
                aria-controls="header-menu"
                aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                on:click=move |_| menu_open.update(|open| *open = !*open)
            >
                "Menu"
            </button>
            <div class="header-menu" id="header-menu" on:click=move |_| menu_open.set(false)>
                <nav aria-label="Main">
                    <a href=routes::href(routes::MODELS)>"Models"</a>
                    <a href=routes::href(routes::METRICS)>"Metrics"</a>
                </nav>
                <div class="header-end">
                    // public/boot.js switches and remembers the theme; the label (CSS) names the
                    // theme a press switches to.
                    <button type="button" class="button subtle" id="theme-toggle">
                        <span class="to-dark">"Dark theme"</span>
                        <span class="to-light">"Light theme"</span>
                    </button>
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
            </div>
        </header>
    }
}

//! The app: providers (config, session, API client, toasts), the router, and each bundle's
//! routes. A path that belongs to another bundle reloads the page so that `boot.js` loads the
//! right one (see `lisa_console::sections`).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use lisa_console::app_config::AppConfig;
use lisa_console::sections::{section_of, Section};

use crate::api::ApiClient;
use crate::components::layout::Shell;
use crate::components::page::PageHeading;
use crate::components::toast::Toasts;
use crate::pages;
use crate::routes;
use crate::session::Session;
use crate::{embed, session_watch, storage};

/// Embed mode: no header or navigation of our own (inside the LISA UI).
#[derive(Clone, Copy)]
pub struct EmbedMode(pub bool);

/// This bundle's section, for the fallback route, and the address another bundle sent this
/// page load to (if it did).
#[derive(Clone)]
struct ThisSection(Section, Option<String>);

#[component]
pub fn App<R: IntoView + 'static>(config: AppConfig, section: Section, routes: fn() -> R) -> impl IntoView {
    let session = Session::load(&config);
    let embedded = embed::embed_mode(&config);
    embed::listen_for_parent_token(session, config.embed_parent_origins.clone());
    embed::listen_for_parent_theme(config.embed_parent_origins.clone());
    session_watch::watch_expiry(session, config.oidc.clone());
    provide_context(session);
    provide_context(EmbedMode(embedded));
    // Read once: it only describes the load that another bundle's redirect started.
    let redirected_to = storage::get(RELOAD_KEY);
    storage::remove(RELOAD_KEY);
    provide_context(ThisSection(section, redirected_to));
    provide_context(ApiClient::new(Arc::new(config), session));
    provide_context(Toasts::new());

    view! {
        <Router base=routes::base()>
            <Shell>{routes()}</Shell>
        </Router>
    }
}

/// Sign-in and the catalogue. Everything else is another bundle's (or unknown): the fallback.
pub fn catalogue_routes() -> impl IntoView {
    view! {
        <Routes fallback=OtherSection>
            <Route path=path!("/") view=pages::RedirectHome />
            <Route path=path!("/sign-in") view=pages::sign_in::SignInPage />
            <Route path=path!("/sign-in/callback") view=pages::sign_in::OidcCallbackPage />
            <Route path=path!("/models") view=|| pages::guarded(pages::models::ModelsPage) />
        </Routes>
    }
}

/// One model's pages: the detail page.
pub fn model_routes() -> impl IntoView {
    view! {
        <Routes fallback=OtherSection>
            // Served by other bundles; without these, `/models/:id` would take "new", "import"
            // or "export" as an id during an in-app navigation.
            <Route path=path!("/models/new") view=OtherSection />
            <Route path=path!("/models/import") view=OtherSection />
            <Route path=path!("/models/export") view=OtherSection />
            <Route path=path!("/models/:id") view=|| pages::guarded(pages::models::ModelDetailPage) />
        </Routes>
    }
}

/// Trying a model and comparing models (LISA Serve).
pub fn try_routes() -> impl IntoView {
    view! {
        <Routes fallback=OtherSection>
            <Route path=path!("/models/:id/try") view=|| pages::guarded(pages::try_model::TryModelPage) />
            <Route path=path!("/compare") view=|| pages::guarded(pages::try_model::ComparePage) />
        </Routes>
    }
}

/// The create form.
pub fn create_routes() -> impl IntoView {
    view! {
        <Routes fallback=OtherSection>
            <Route path=path!("/models/new") view=|| pages::guarded(pages::forms::CreateModelPage) />
        </Routes>
    }
}

/// Many models at once: the import (the export is the deployment bundle's, see `sections`).
pub fn transfer_routes() -> impl IntoView {
    view! {
        <Routes fallback=OtherSection>
            <Route path=path!("/models/import") view=|| pages::guarded(pages::transfer::ImportModelsPage) />
        </Routes>
    }
}

/// The edit form.
pub fn edit_routes() -> impl IntoView {
    view! {
        <Routes fallback=OtherSection>
            <Route path=path!("/models/:id/edit") view=|| pages::guarded(pages::forms::EditModelPage) />
        </Routes>
    }
}

/// The deployment-wide pages: the metrics overview and user pages, the export, and the default
/// model (see `sections::Section::Deployment` for why these share a bundle).
pub fn deployment_routes() -> impl IntoView {
    view! {
        <Routes fallback=OtherSection>
            <Route path=path!("/metrics") view=|| pages::guarded(pages::metrics::MetricsOverviewPage) />
            <Route path=path!("/metrics/users/:id") view=|| pages::guarded(pages::metrics::UserMetricsPage) />
            <Route path=path!("/models/export") view=|| pages::guarded(pages::transfer::ExportModelsPage) />
            <Route path=path!("/models/:id/default") view=|| pages::guarded(pages::models::DefaultModelPage) />
        </Routes>
    }
}

const RELOAD_KEY: &str = "lisa-admin.section-reload";

/// A path this bundle does not serve: if another bundle does, reload so `boot.js` loads it;
/// otherwise the page does not exist.
#[component]
fn OtherSection() -> impl IntoView {
    let ThisSection(this, redirected_to) = expect_context::<ThisSection>();
    // The router's location, not `window.location`: during an in-app navigation the router
    // renders the new route before it pushes the new URL into the address bar.
    let location = leptos_router::hooks::use_location();
    let pathname = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let app_path = pathname.strip_prefix(routes::base()).unwrap_or(&pathname).to_string();
    let wanted = section_of(&app_path);
    if wanted == this {
        return pages::not_found::NotFound().into_any();
    }
    let target = if search.is_empty() {
        routes::href(&app_path)
    } else {
        format!("{}?{}", routes::href(&app_path), search.trim_start_matches('?'))
    };
    // This load came from a redirect to this very address and still got the wrong bundle: the
    // deployment lacks the other one. Say so instead of redirecting in a loop.
    if redirected_to.as_deref() == Some(target.as_str()) {
        return view! {
            <section class="page" id="page-bundle-missing">
                <PageHeading text="This page could not be loaded" />
                <p>
                    "The part of LISA Admin that shows this page (" {wanted.as_str()}
                    ") did not load. The deployment may be incomplete; reload, or ask whoever deployed it."
                </p>
                <p><a href=routes::href(routes::MODELS)>"Go to the model catalogue"</a></p>
            </section>
        }
        .into_any();
    }
    storage::set(RELOAD_KEY, &target);
    crate::components::toast::use_toasts().keep_for_next_page();
    // A full load of the new address: boot.js then starts the bundle that serves it.
    // `replace` of the entry the router pushes for this address (one entry per page keeps Back
    // working). The router pushes it only after this view has rendered, so the load waits a
    // tick: started at once, a fast load could replace the previous page's entry instead.
    // (Links never get here: boot.js turns them into page loads before the router sees them.)
    set_timeout(
        move || {
            if let Some(window) = web_sys::window() {
                let _ = window.location().replace(&target);
            }
        },
        std::time::Duration::ZERO,
    );
    view! { <p class="muted" id="loading-section">"Loading…"</p> }.into_any()
}

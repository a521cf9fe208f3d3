//! The app: providers (config, session, API client, toasts), the router and its routes.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use lisa_contract::app_config::AppConfig;

use crate::api::ApiClient;
use crate::components::layout::Shell;
use crate::components::toast::Toasts;
use crate::pages;
use crate::routes;
use crate::session::Session;
use crate::{embed, session_watch};

/// Embed mode: no header or navigation of our own (inside the LISA UI).
#[derive(Clone, Copy)]
pub struct EmbedMode(pub bool);

#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    let session = Session::load(&config);
    let embedded = embed::embed_mode(&config);
    embed::listen_for_parent_token(session, config.embed_parent_origins.clone());
    session_watch::watch_expiry(session, config.oidc.clone());
    provide_context(session);
    provide_context(EmbedMode(embedded));
    provide_context(ApiClient::new(Arc::new(config), session));
    provide_context(Toasts::new());

    view! {
        <Router base=routes::base()>
            <Shell>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::RedirectHome />
                    <Route path=path!("/sign-in") view=pages::sign_in::SignInPage />
                    <Route path=path!("/sign-in/callback") view=pages::sign_in::OidcCallbackPage />
                    <Route path=path!("/models") view=|| pages::guarded(pages::models::ModelsPage) />
                    <Route path=path!("/models/new") view=|| pages::guarded(pages::forms::CreateModelPage) />
                    <Route path=path!("/models/:id") view=|| pages::guarded(pages::models::ModelDetailPage) />
                    <Route path=path!("/models/:id/edit") view=|| pages::guarded(pages::forms::EditModelPage) />
                    <Route path=path!("/metrics") view=|| pages::guarded(pages::metrics::MetricsOverviewPage) />
                    <Route
                        path=path!("/metrics/users/:id")
                        view=|| pages::guarded(pages::metrics::UserMetricsPage)
                    />
                </Routes>
            </Shell>
        </Router>
    }
}

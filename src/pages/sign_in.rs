//! Sign-in: paste a LISA token, API key or OIDC ID token, or (when configured) the OIDC
//! authorization-code flow with PKCE. The token goes to sessionStorage only; afterwards the
//! admin returns to the page they came from.

use leptos::prelude::*;
use lisa_console::app_config::AuthMode;
use lisa_console::url::query_value;

use crate::api::use_api;
use crate::components::page::PageHeading;
use crate::oidc;
use crate::routes;
use crate::session::use_session;

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    // The address bar's own query, decoded once (the router's query map decodes twice, and its
    // location signal did not carry the query after a hand-over between bundles).
    let raw_return = || web_sys::window().and_then(|w| w.location().search().ok()).and_then(|s| query_value(&s, "return"));
    let go = routes::use_replace();
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let oidc_config = api.config.oidc.clone().filter(|_| api.config.auth_mode == AuthMode::Oidc);

    // An app path, checked again where it is followed (`routes::return_target`).
    let return_to = move || raw_return().unwrap_or_else(|| routes::MODELS.to_string());

    // However the session arrives (this form, the embedding page, the LISA UI's session),
    // continue to where the admin was going.
    let arrived_signed_in = session.signed_in().get_untracked();
    Effect::new(move |_| {
        if session.signed_in().get() && (raw_return().is_some() || !arrived_signed_in) {
            go(&routes::return_target(raw_return().as_deref()));
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match session.sign_in(&token.get_untracked()) {
            Ok(()) => token.set(String::new()),
            Err(e) => error.set(Some(e)),
        }
    };

    let idp = oidc_config.map(|config| {
        let pending = RwSignal::new(false);
        let start = move |_| {
            let config = config.clone();
            pending.set(true);
            leptos::task::spawn_local(async move {
                if let Err(e) = oidc::start_sign_in(&config, &return_to()).await {
                    error.set(Some(e));
                    pending.set(false);
                }
            });
        };
        view! {
            <div class="card">
                <button class="button primary" id="sign-in-oidc" on:click=start disabled=move || pending.get()>
                    "Sign in with your identity provider"
                </button>
                <p class="muted">"The same sign-in as the LISA UI."</p>
            </div>
            <p class="muted">"Or paste a token:"</p>
        }
    });

    view! {
        <section class="page sign-in" id="page-sign-in">
            <PageHeading text="Sign in to LISA Admin" />
            {idp}
            <p>
                "Paste a LISA API token, the management key, or an OIDC ID token. It is kept in this "
                "browser tab only (session storage) and sent to LISA's API in the Authorization header."
            </p>
            <form on:submit=submit class="form narrow">
                <label for="token">"Token"</label>
                <input
                    id="token"
                    name="token"
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || token.get()
                    on:input:target=move |ev| token.set(ev.target().value())
                    aria-describedby="token-help"
                />
                <p id="token-help" class="muted">"A leading \"Bearer \" is removed."</p>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert" id="sign-in-error">{e}</p> })}
                <button type="submit" class="button primary" id="sign-in-submit">"Sign in"</button>
            </form>
        </section>
    }
}

/// Where the identity provider sends the admin back with `?code=…&state=…`.
#[component]
pub fn OidcCallbackPage() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let go = routes::use_replace();
    let error = RwSignal::new(None::<String>);
    let query = oidc::current_query();
    match api.config.oidc.clone() {
        None => error.set(Some("OIDC sign-in is not configured (auth.oidc in config.json).".to_string())),
        Some(config) => leptos::task::spawn_local(async move {
            match oidc::complete_sign_in(&config, session, &query).await {
                Ok(return_to) => go(&routes::return_target(Some(&return_to))),
                Err(e) => error.set(Some(e)),
            }
        }),
    }
    view! {
        <section class="page" id="page-sign-in-callback">
            <PageHeading text="Signing in…" />
            {move || match error.get() {
                Some(e) => view! {
                    <div class="error-panel" role="alert" id="oidc-error">
                        <p class="error-message">{e}</p>
                        <a class="button" href=routes::href(routes::SIGN_IN)>"Back to sign-in"</a>
                    </div>
                }
                .into_any(),
                None => view! { <p class="muted">"Completing the sign-in with your identity provider."</p> }.into_any(),
            }}
        </section>
    }
}

//! "Your session may have expired — sign in again", shown over the current page so the page and
//! any half-filled form stay as they are. Signing in here resumes the page; with OIDC the admin
//! goes to the identity provider and comes back to the same page (form drafts are kept in
//! sessionStorage by the forms).

use leptos::html;
use leptos::prelude::*;
use lisa_console::app_config::AuthMode;
use wasm_bindgen::JsCast;

use crate::api::use_api;
use crate::components::focus::{self, trap_tab};
use crate::oidc;
use crate::routes;
use crate::session::use_session;

#[component]
pub fn SessionDialog() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let oidc_config = api.config.oidc.clone().filter(|_| api.config.auth_mode == AuthMode::Oidc);
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match session.sign_in(&token.get_untracked()) {
            Ok(()) => {
                token.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    // A closure, not a view: the dialog is rebuilt each time it opens.
    let idp_button = move || {
        oidc_config.clone().map(|config| {
            let start = move |_| {
                let config = config.clone();
                leptos::task::spawn_local(async move {
                    if let Err(e) = oidc::start_sign_in(&config, &routes::current_app_path()).await {
                        error.set(Some(e));
                    }
                });
            };
            view! {
                <button type="button" class="button primary" id="session-oidc" on:click=start>
                    "Sign in with your identity provider"
                </button>
            }
        })
    };

    // Focus: into the dialog when it opens, kept inside by Tab, back where it was when it closes.
    let input = NodeRef::<html::Input>::new();
    // The element that had focus when the dialog opened; whether the dialog took focus yet
    // (a repeated session problem while it is open must not pull focus back to the field).
    let mut opener: Option<web_sys::Element> = None;
    let mut focused = false;
    Effect::new(move |_| {
        let field = input.get();
        if session.problem.with(Option::is_none) {
            focused = false;
            focus::restore(opener.take());
            return;
        }
        if opener.is_none() {
            opener = focus::active();
        }
        if let (false, Some(i)) = (focused, field) {
            focused = i.focus().is_ok();
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => session.problem.set(None),
        "Tab" => {
            if let Some(dialog) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                trap_tab(&ev, &dialog, "#session-dismiss");
            }
        }
        _ => {}
    };

    view! {
        <Show when=move || session.problem.with(Option::is_some)>
            <div class="dialog-backdrop">
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="session-dialog-title" id="session-dialog" on:keydown=on_keydown>
                    <h2 id="session-dialog-title">"Your session may have expired — sign in again"</h2>
                    <p class="muted">{move || session.problem.get().unwrap_or_default()}</p>
                    <p>"This page and anything you typed stay as they are."</p>
                    {idp_button.clone()}
                    <form on:submit=submit>
                        <label for="session-token">"LISA token, API key or ID token"</label>
                        <input
                            id="session-token"
                            node_ref=input
                            type="password"
                            autocomplete="off"
                            prop:value=move || token.get()
                            on:input:target=move |ev| token.set(ev.target().value())
                        />
                        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                        <div class="dialog-actions">
                            <button type="submit" class="button primary">"Sign in again"</button>
                            <button type="button" class="button" id="session-dismiss" on:click=move |_| session.problem.set(None)>
                                "Dismiss"
                            </button>
                        </div>
                    </form>
                </div>
            </div>
        </Show>
    }
}

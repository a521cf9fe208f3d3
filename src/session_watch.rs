//! Token expiry: renew an OIDC session silently before it expires; otherwise warn, and at expiry
//! ask to sign in again over the current page (drafts and the page stay).

use leptos::prelude::*;
use lisa_console::app_config::OidcConfig;

use crate::oidc;
use crate::session::{Session, TokenSource};
use crate::time::{now_ms, sleep};

pub fn watch_expiry(session: Session, oidc_config: Option<OidcConfig>) {
    Effect::new(move |_| {
        let generation = session.generation.get();
        let token = session.token_signal().get();
        let Some(expires_at) = session.expires_at() else { return };
        let oidc_config = oidc_config.clone();
        leptos::task::spawn_local(async move {
            let now = now_ms() / 1000.0;
            // Renew halfway through short tokens, a minute ahead of long ones.
            let lead = ((expires_at - now) / 2.0).clamp(0.0, 60.0);
            sleep((((expires_at - lead) - now).max(0.0) * 1000.0) as u32).await;
            if session.generation.get_untracked() != generation {
                return;
            }
            // The LISA UI renews its own session: read it again; a renewed token restarts this watch.
            if session.source() == TokenSource::LisaUi && session.token() != token {
                return;
            }
            if session.source() == TokenSource::Oidc {
                if let Some(config) = &oidc_config {
                    match oidc::renew(config, session).await {
                        Ok(()) => return,
                        Err(e) => web_sys::console::warn_1(&format!("LISA Admin: silent sign-in renewal failed: {e}").into()),
                    }
                }
            }
            let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(expires_at * 1000.0));
            let time = at.to_locale_time_string("default").as_string().unwrap_or_default();
            session
                .expiry_warning
                .set(Some(format!("Your sign-in expires at {time}. Sign in again to keep working; this page stays as it is.")));
            let remaining = (expires_at - now_ms() / 1000.0).max(0.0);
            sleep((remaining * 1000.0) as u32).await;
            if session.generation.get_untracked() == generation {
                session.report_problem("Your sign-in has expired.".to_string());
            }
        });
    });
}

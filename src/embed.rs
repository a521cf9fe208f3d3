//! Running inside the LISA UI: embed mode (no header or navigation of our own, a Cloudscape-like
//! look) and the `postMessage` token handshake when framed.
//!
//! Protocol (documented in docs/deploy.md): the parent posts
//! `{"type": "lisa-admin:token", "token": "<id token>"}` to the iframe; the app posts
//! `{"type": "lisa-admin:ready"}` to its parent when it is listening. Messages from origins not
//! listed in `embedParentOrigins`, or from any window but the parent (another frame or a popup
//! of an allowed origin), are ignored, whatever they contain. A token passes the session's
//! checks like any other (`Session::sign_in_from_parent`).

use lisa_console::app_config::AppConfig;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::session::Session;
use crate::storage;

const EMBED_KEY: &str = "lisa-admin.embed";

/// Embed mode comes from config, or from `?embed=1` on any URL, which then sticks for the tab.
pub fn embed_mode(config: &AppConfig) -> bool {
    if config.embed {
        return true;
    }
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let flagged = search
        .trim_start_matches('?')
        .split('&')
        .any(|pair| matches!(pair, "embed=1" | "embed=true"));
    if flagged {
        storage::set(EMBED_KEY, "1");
        return true;
    }
    storage::get(EMBED_KEY).as_deref() == Some("1")
}

fn framed() -> bool {
    let Some(window) = web_sys::window() else { return false };
    match window.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(parent.as_ref(), window.as_ref()),
        _ => false,
    }
}

/// The message was posted by this window's parent itself.
fn from_parent(event: &web_sys::MessageEvent) -> bool {
    let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
    match (event.source(), parent) {
        (Some(source), Some(parent)) => js_sys::Object::is(&source, parent.as_ref()),
        _ => false,
    }
}

/// Accept a token from an allowed parent origin.
pub fn listen_for_parent_token(session: Session, allowed_origins: Vec<String>) {
    if allowed_origins.is_empty() || !framed() {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let allowed = allowed_origins.clone();
    let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        if !allowed.iter().any(|o| *o == event.origin()) || !from_parent(&event) {
            return;
        }
        let data = event.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|v| v.as_string());
        if kind.as_deref() != Some("lisa-admin:token") {
            return;
        }
        if let Some(token) = js_sys::Reflect::get(&data, &"token".into()).ok().and_then(|v| v.as_string()) {
            if let Err(problem) = session.sign_in_from_parent(&token) {
                web_sys::console::warn_1(&format!("LISA Admin ignored the embedding page's token: {problem}").into());
            }
        }
    });
    let _ = window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
    // Listening for the app's whole life.
    handler.forget();

    if let Ok(Some(parent)) = window.parent() {
        let ready = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&ready, &"type".into(), &"lisa-admin:ready".into());
        for origin in &allowed_origins {
            // Delivered only if the parent really is at that origin.
            let _ = parent.post_message(&ready, origin);
        }
    }
}

/// Follow the embedding LISA UI's theme: `{"type": "lisa-admin:theme", "mode": "light"|"dark"}`
/// from an allowed parent origin sets the theme `public/boot.js` chose at start (not stored:
/// the parent says it again on every load and on every change).
pub fn listen_for_parent_theme(allowed_origins: Vec<String>) {
    if allowed_origins.is_empty() || !framed() {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        if !allowed_origins.iter().any(|o| *o == event.origin()) {
            return;
        }
        let data = event.data();
        let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok().and_then(|v| v.as_string());
        if field("type").as_deref() != Some("lisa-admin:theme") {
            return;
        }
        let mode = field("mode");
        if let (Some(mode @ ("light" | "dark")), Some(html)) =
            (mode.as_deref(), web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()))
        {
            let _ = html.set_attribute("data-theme", mode);
        }
    });
    let _ = window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
    // Listening for the app's whole life.
    handler.forget();
}

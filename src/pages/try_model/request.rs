//! The exact request of a call, and "Copy as curl" with `$LISA_TOKEN` where the token goes.

use leptos::prelude::*;
use lisa_console::try_model::curl::{curl_command, pretty_body};

use crate::components::toast::{use_toasts, Toasts};

/// Put `text` on the clipboard; a toast says whether it worked.
pub fn copy_text(toasts: Toasts, text: String, what: &'static str) {
    leptos::task::spawn_local(async move {
        let done = match web_sys::window().map(|w| w.navigator().clipboard()) {
            Some(clipboard) => wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await.is_ok(),
            None => false,
        };
        if done {
            toasts.success(format!("Copied {what} to the clipboard."));
        } else {
            toasts.error(format!("The browser did not allow copying {what}. Open the request and copy it by hand."));
        }
    });
}

#[component]
pub fn RequestDetails(prefix: String, body: Signal<Option<String>>, url: String, streaming: Signal<bool>) -> impl IntoView {
    let shown = move || body.get().map(|b| pretty_body(&b));
    let toasts = use_toasts();
    let copy = {
        let url = url.clone();
        move |_| {
            if let Some(b) = body.get_untracked() {
                copy_text(toasts, curl_command(&url, &b, streaming.get_untracked()), "the curl command");
            }
        }
    };
    view! {
        <details class="request-details" hidden=move || body.with(Option::is_none)>
            <summary>"Request"</summary>
            <p class="muted request-line">"POST " <code>{url.clone()}</code></p>
            <pre class="request-body" id=format!("{prefix}-request") tabindex="0">{shown}</pre>
            <button type="button" class="button small" id=format!("{prefix}-curl") on:click=copy>
                "Copy as curl"
            </button>
            <span class="muted">" The command reads the token from " <code>"$LISA_TOKEN"</code> "."</span>
        </details>
    }
}

//! "Copy as curl" on the model detail page: the create request that recreates the model, with
//! `$LISA_TOKEN` where the token goes. Environment values are left out, as the detail page masks
//! them (they can hold tokens); the export page can include them.

use leptos::prelude::*;
use lisa_api::LisaModel;
use lisa_console::transfer::{curl, export};

use super::dom;
use crate::api::use_api;
use crate::components::toast::use_toasts;

#[component]
pub fn CopyAsCurl(model: LisaModel) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let on_click = move |_| {
        let record = serde_json::to_value(&model).unwrap_or_default();
        let entry = export::entry(&record, false);
        let text = curl::create_command(&api.config.api_base_url, &entry.body);
        let left_out = !entry.env_omitted.is_empty();
        leptos::task::spawn_local(async move {
            match dom::copy_text(&text).await {
                Ok(()) if left_out => toasts.success(
                    "Copied. Set LISA_TOKEN before running it. Environment values are left out (they can hold tokens): fill them in, or export with them.",
                ),
                Ok(()) => toasts.success("Copied. Set LISA_TOKEN to your token before running it."),
                Err(e) => toasts.error(e),
            }
        });
    };
    view! {
        <button type="button" class="button" id="copy-curl" on:click=on_click>
            "Copy as curl"
        </button>
    }
}

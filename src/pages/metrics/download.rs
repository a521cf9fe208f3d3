//! CSV downloads generated in the browser: a Blob, an object URL and a temporary
//! `<a download>`. Nothing goes to a server.

use leptos::prelude::*;

use crate::components::toast::use_toasts;

/// Offer `text` as a CSV download called `file_name`.
pub fn download_csv(file_name: &str, text: &str) -> Result<(), String> {
    crate::download::offer(file_name, "text/csv;charset=utf-8", text, "The CSV")
}

/// A button that builds the CSV when pressed (so it is always the table's current order).
#[component]
pub fn DownloadButton(
    id: String,
    label: &'static str,
    file_name: String,
    /// Builds the CSV text (boxed: one copy of this component for every table).
    csv: Box<dyn Fn() -> String>,
) -> impl IntoView {
    let toasts = use_toasts();
    let on_click = move |_| {
        if let Err(message) = download_csv(&file_name, &csv()) {
            toasts.error(message);
        }
    };
    view! {
        <button type="button" class="button small" id=id on:click=on_click>
            <span aria-hidden="true">"⤓ "</span>
            {label}
        </button>
    }
}

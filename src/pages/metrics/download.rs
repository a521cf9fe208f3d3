//! CSV downloads generated in the browser: a Blob, an object URL and a temporary
//! `<a download>`. Nothing goes to a server.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::toast::use_toasts;

/// Offer `text` as a download called `file_name`.
pub fn download_csv(file_name: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("The CSV could not be created ({what}).");
    let window = web_sys::window().ok_or_else(|| fail("no window"))?;
    let document = window.document().ok_or_else(|| fail("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| fail("Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let anchor = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or_else(|| fail("link"))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_class_name("visually-hidden");
    // The router leaves links with a `download` attribute to the browser.
    if let Some(body) = document.body() {
        let _ = body.append_child(&anchor);
    }
    anchor.click();
    anchor.remove();
    // Revoke later: the browser reads the URL after this function returns.
    leptos::task::spawn_local(async move {
        crate::time::sleep(10_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
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

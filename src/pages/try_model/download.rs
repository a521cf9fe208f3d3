//! "Download results": the comparison as a JSON file made in the browser (a Blob and a
//! temporary `<a download>`); nothing goes to a server, and the token is not in it.

use leptos::prelude::*;
use lisa_console::try_model::compare::{results_document, results_file_name, ModelResult, RunInfo};
use lisa_console::try_model::TrySettings;
use wasm_bindgen::{JsCast, JsValue};

use super::pane::Pane;
use crate::api::serve::perf_now;

fn offer(file_name: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("The results file could not be created ({what}).");
    let window = web_sys::window().ok_or_else(|| fail("no window"))?;
    let document = window.document().ok_or_else(|| fail("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json;charset=utf-8");
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
    if let Some(body) = document.body() {
        let _ = body.append_child(&anchor);
    }
    anchor.click();
    anchor.remove();
    leptos::task::spawn_local(async move {
        crate::time::sleep(10_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

pub fn download_results(serve_base_url: &str, panes: &[Pane], ids: &[String], settings: RwSignal<TrySettings>) -> Result<(), String> {
    let now_iso: String = js_sys::Date::new_0().to_iso_string().into();
    let settings = settings.get_untracked();
    let ids_and_bodies: Vec<(String, String, Option<String>)> =
        panes.iter().map(|p| (p.id(), p.request_body.get_untracked().unwrap_or_default(), p.not_sent.get_untracked())).collect();
    let now = perf_now();
    let doc = {
        // Each pane's call is borrowed while the document is built.
        let calls: Vec<Option<lisa_console::try_model::ChatCall>> = panes.iter().map(|p| p.with_call(|c| c.cloned())).collect();
        let results: Vec<ModelResult> = ids_and_bodies
            .iter()
            .zip(&calls)
            .map(|((id, body, not_sent), call)| ModelResult {
                model_id: id,
                request_body: body,
                call: call.as_ref(),
                not_sent: not_sent.as_deref(),
            })
            .collect();
        let run = RunInfo { generated_at: &now_iso, serve_base_url, mode: settings.mode, settings: &settings };
        results_document(&run, &results, now)
    };
    let text = serde_json::to_string_pretty(&doc).map_err(|e| format!("The results could not be written ({e})."))?;
    offer(&results_file_name(ids, now_iso.get(..10).unwrap_or("")), &text)
}

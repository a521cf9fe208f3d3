//! "Download results": the comparison as a JSON file made in the browser (a Blob and a
//! temporary `<a download>`); nothing goes to a server, and the token is not in it.

use leptos::prelude::*;
use lisa_console::try_model::compare::{results_document, results_file_name, ModelResult, RunInfo};
use lisa_console::try_model::TrySettings;

use super::pane::Pane;
use crate::api::serve::perf_now;

fn offer(file_name: &str, text: &str) -> Result<(), String> {
    crate::download::offer(file_name, "application/json;charset=utf-8", text, "The results file")
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

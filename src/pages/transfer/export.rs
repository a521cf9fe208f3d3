//! `/models/export`: everything, the catalogue's view (`?q=…&status=…`, its own query), a
//! selection (`?scope=selection`, see `transfer::scope`), or one model (`?id=…`; its detail page
//! also has "Copy as curl"). The file is made in the browser; nothing is sent anywhere.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use lisa_api::ApiError;
use lisa_console::transfer::export::{document, entry, file_name};
use lisa_console::transfer::scope::{pick, Picked, Scope, SELECTION_KEY};

use super::dom;
use crate::api::use_api;
use crate::components::page::{ErrorPanel, ModelsCrumb, PageHeading, Skeleton};
use crate::components::toast::use_toasts;
use crate::{routes, storage};

fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::All => "Every model in LISA.".into(),
        Scope::View(_) => "The models the catalogue shows with its current filters and search, in its order.".into(),
        Scope::Selection(ids) => format!("The {} models selected in the catalogue.", ids.len()),
        Scope::One(id) => format!("The model {id}."),
    }
}

#[component]
pub fn ExportModelsPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let search = use_location().search.get_untracked();
    let initial = Scope::from_query(&search, storage::get(SELECTION_KEY).as_deref());
    let view_scope = StoredValue::new(initial.clone());
    // The view's scope can be widened to everything.
    let scope = RwSignal::new(initial);
    let include_env = RwSignal::new(false);
    let records = RwSignal::new(None::<Result<Vec<serde_json::Value>, ApiError>>);
    let load = {
        let api = api.clone();
        move || {
            records.set(None);
            let api = api.clone();
            leptos::task::spawn_local(async move {
                let answer = api.list_model_records().await;
                records.try_set(Some(answer));
            });
        }
    };
    load();
    let retry = Callback::new(move |_| load());

    let picked = Memo::new(move |_| records.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map(|list| scope.with(|s| pick(list, s)))));
    let entries = Memo::new(move |_| {
        let env = include_env.get();
        picked.with(|p| p.as_ref().map(|p| p.models.iter().map(|m| entry(m, env)).collect::<Vec<_>>()))
    });
    let count = Signal::derive(move || entries.with(|e| e.as_ref().map_or(0, Vec::len)));
    let base_url = api.config.api_base_url.clone();
    let download = move |_| {
        let now = dom::now_iso();
        let text = entries.with_untracked(|e| e.as_ref().map(|e| document(e, &base_url, &now, include_env.get_untracked())));
        if let Some(text) = text {
            match dom::download(&file_name(&base_url, &now), "application/json", &text) {
                Ok(()) => toasts.success(format!("Exported {} model(s).", count.get_untracked())),
                Err(e) => toasts.error(e),
            }
        }
    };

    let notes = move || {
        picked.with(|p| {
            let p: &Picked = p.as_ref()?;
            let mut lines = Vec::new();
            if p.unreadable > 0 {
                lines.push(format!("Left out: {} record(s) without a model id.", p.unreadable));
            }
            if !p.missing.is_empty() {
                lines.push(format!("LISA has no model {}: left out.", p.missing.join(", ")));
            }
            let keys: Vec<String> = entries.with(|e| {
                e.iter().flatten().filter(|e| e.needs_api_key).map(|e| e.body["modelId"].as_str().unwrap_or("").to_string()).collect()
            });
            if !keys.is_empty() {
                lines.push(format!(
                    "LISA never returns API keys, so the file has none; the import asks for them. Probably needed for: {}.",
                    keys.join(", ")
                ));
            }
            Some(lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view())
        })
    };
    let ids = move || {
        entries.with(|e| {
            let e = e.as_ref()?;
            let shown: Vec<String> = e.iter().take(200).map(|e| e.body["modelId"].as_str().unwrap_or("").to_string()).collect();
            let more = e.len().saturating_sub(shown.len());
            Some(view! {
                <ul class="export-ids" id="export-ids">
                    {shown.into_iter().map(|id| view! { <li><code>{id}</code></li> }).collect_view()}
                </ul>
                {(more > 0).then(|| view! { <p class="muted">{format!("… and {more} more.")}</p> })}
            })
        })
    };
    let widen = move || {
        let narrowed = view_scope.with_value(|s| matches!(s, Scope::View(_)));
        narrowed.then(|| {
            view! {
                <fieldset class="export-scope">
                    <legend>"Which models"</legend>
                    <div class="radio-line">
                        <input type="radio" name="export-scope" id="scope-view" checked=move || scope.with(|s| matches!(s, Scope::View(_)))
                            on:change=move |_| scope.set(view_scope.get_value()) />
                        <label for="scope-view">"The catalogue's current filter"</label>
                    </div>
                    <div class="radio-line">
                        <input type="radio" name="export-scope" id="scope-all" checked=move || scope.with(|s| *s == Scope::All)
                            on:change=move |_| scope.set(Scope::All) />
                        <label for="scope-all">"Every model"</label>
                    </div>
                </fieldset>
            }
        })
    };

    let body = move || match records.get() {
        None => view! { <Skeleton rows=4 /> }.into_any(),
        Some(Err(error)) => view! { <div id="export-error"><ErrorPanel error on_retry=retry /></div> }.into_any(),
        Some(Ok(_)) => view! {
            {widen}
            <p id="export-scope-text">{move || scope.with(scope_text)}</p>
            <div class="plan-check">
                <input type="checkbox" id="export-env" prop:checked=move || include_env.get() on:change=move |ev| include_env.set(event_target_checked(&ev)) />
                <label for="export-env">"Include environment values"</label>
            </div>
            <p class="hint" id="export-env-hint">
                "Off by default: container environment values often hold tokens (a Hugging Face token, a provider's API key). "
                "Without them the file keeps each variable's name with a blank value, and the import asks for the values."
            </p>
            <ul class="export-notes" id="export-notes">{notes}</ul>
            <div class="import-actions">
                <button type="button" class="button primary" id="export-download" on:click=download.clone() disabled=move || count.get() == 0>
                    {move || match count.get() {
                        1 => "Download the export (1 model)".to_string(),
                        n => format!("Download the export ({n} models)"),
                    }}
                </button>
            </div>
            <h2 class="export-list-heading">
                {move || match count.get() {
                    1 => "1 model in the file".to_string(),
                    n => format!("{n} models in the file"),
                }}
            </h2>
            {ids}
        }
        .into_any(),
    };

    view! {
        <section class="page export-page" id="page-models-export">
            <ModelsCrumb here="Export" />
            <PageHeading text="Export models" />
            <p class="page-intro">
                "A JSON file with, for each model, the create request that recreates it (and its status and context window, for information). "
                "Import it here or in another deployment: "
                <a href=routes::href(routes::MODELS_IMPORT)>"Import models"</a>
                "."
            </p>
            <section class="card export-card">{body}</section>
        </section>
    }
}

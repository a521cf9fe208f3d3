//! `/compare?models=a,b,c` (a deep link): one prompt to 2–4 text models, answers side by side
//! with their figures and a small chart, "one after another" (fair timings, the default) or
//! "all at once" (LISA Serve queues them: lisa-serve.md §12). One failing model never stops
//! the others; Stop stops them all; "Download results" saves it all as JSON.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use lisa_api::ApiError;
use lisa_console::catalogue::ModelSummary;
use lisa_console::try_model::compare::{models_in_search, CompareMode, MAX_MODELS, MIN_MODELS};
use lisa_console::try_model::models::{can_send, comparable};
use lisa_console::try_model::settings::COMPARE_DRAFT_KEY;
use lisa_console::try_model::{Listed, TryKind};

use super::chart::CompareChart;
use super::download::download_results;
use super::form::{drafted_settings, SettingsFields, StreamingChoice};
use super::pane::{run_chat, ChatPane, Pane};
use super::writer::FrameWriter;
use super::{spawn_in, Notices};
use crate::api::{use_api, ApiClient};
use crate::components::page::{ErrorPanel, ModelsCrumb, PageHeading, Skeleton};
use crate::components::toast::use_toasts;
use crate::routes;

/// The models LISA knows and the ids LISA Serve lists (`None`: the list could not be read).
#[derive(Clone)]
struct Known {
    models: HashMap<String, ModelSummary>,
    served: Result<Vec<String>, String>,
}

async fn load(api: ApiClient) -> Result<Known, ApiError> {
    let list = api.list_models_if_changed(None).await?.map(|(_, models)| models).unwrap_or_default();
    let served = match api.list_servable_quiet().await {
        Ok(l) => Ok(l.data.into_iter().map(|m| m.id).collect()),
        Err(e) => Err(e.message),
    };
    Ok(Known { models: list.into_iter().map(|m| (m.model_id.clone(), m)).collect(), served })
}

impl Known {
    fn listed(&self, id: &str) -> Listed {
        match &self.served {
            Ok(ids) => Listed::from_ids(id, ids.iter().map(String::as_str)),
            Err(why) => Listed::Unknown(why.clone()),
        }
    }

    /// Why this model cannot be compared, if it cannot.
    fn refusal(&self, id: &str) -> Option<String> {
        let Some(m) = self.models.get(id) else {
            return Some(format!("LISA has no model {id}, or your account is not in one of its allowed groups."));
        };
        comparable(&m.model_type).and_then(|()| can_send(id, &m.status, &self.listed(id))).err()
    }

    /// Text models LISA Serve lists, for "Add a model".
    fn candidates(&self, chosen: &[String]) -> Vec<String> {
        let mut ids: Vec<String> =
            self.models.keys().filter(|id| !chosen.contains(id) && self.refusal(id).is_none()).cloned().collect();
        ids.sort();
        ids
    }
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let api = use_api();
    let location = use_location();
    let ids = Memo::new(move |_| location.search.with(|s| models_in_search(s)));
    let known = RwSignal::new(None::<Result<Known, ApiError>>);
    let owner = Owner::current().unwrap_or_default();
    let fetch = move || {
        known.set(None);
        let api = api.clone();
        spawn_in(&owner, async move {
            let result = load(api).await;
            known.try_set(Some(result));
        });
    };
    fetch();
    let retry = Callback::new(move |_| fetch());
    let body = move || match known.get() {
        None => view! { <Skeleton rows=6 /> }.into_any(),
        Some(Err(error)) => view! { <div id="compare-load-error"><ErrorPanel error on_retry=retry /></div> }.into_any(),
        Some(Ok(known)) => view! { <Comparison known ids /> }.into_any(),
    };
    view! {
        <section class="page compare-page" id="page-compare">
            <ModelsCrumb here="Compare" />
            <div class="page-header">
                <PageHeading text="Compare models" />
            </div>
            <Notices />
            {body}
        </section>
    }
}

#[component]
fn Comparison(known: Known, ids: Memo<Vec<String>>) -> impl IntoView {
    let settings = drafted_settings(COMPARE_DRAFT_KEY.to_string());
    let tried = RwSignal::new(false);
    let replace = routes::use_replace();
    let known = StoredValue::new(known);
    let set_ids = move |next: Vec<String>| replace(&routes::compare(&next));
    let add = {
        let set_ids = set_ids.clone();
        move |ev: web_sys::Event| {
            let id = event_target_value(&ev);
            let mut next = ids.get_untracked();
            if !id.is_empty() && next.len() < MAX_MODELS && !next.contains(&id) {
                next.push(id);
                set_ids(next);
            }
        }
    };
    let candidates = move || known.with_value(|k| k.candidates(&ids.get()));
    let mode_radio = move |mode: CompareMode, id: &'static str| {
        view! {
            <label class="mode-choice" for=id>
                <input
                    type="radio"
                    name="compare-mode"
                    id=id
                    prop:checked=move || settings.with(|s| s.mode == mode)
                    on:change=move |_| settings.update(|s| s.mode = mode)
                />
                <span class="mode-label">{mode.label()}</span>
                <span class="hint mode-note">{mode.note()}</span>
            </label>
        }
    };
    view! {
        <div class="card compare-models">
            <h2 class="card-title">"Models"</h2>
            <ul class="chosen-models" id="compare-models">
                {move || {
                    ids.get()
                        .into_iter()
                        .map(|id| {
                            let set_ids = set_ids.clone();
                            let remove_id = id.clone();
                            view! {
                                <li class="chosen-model" data-model-id=id.clone()>
                                    <code>{id.clone()}</code>
                                    <button
                                        type="button"
                                        class="button small"
                                        aria-label=format!("Remove {id}")
                                        on:click=move |_| set_ids(ids.get_untracked().into_iter().filter(|i| *i != remove_id).collect())
                                    >
                                        "Remove"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="field field-add">
                <label for="compare-add">"Add a model"</label>
                <select id="compare-add" prop:value="" disabled=move || ids.with(|i| i.len() >= MAX_MODELS) on:change=add>
                    <option value="">{move || if ids.with(|i| i.len() >= MAX_MODELS) { "Four models at most" } else { "Choose a text model LISA Serve lists…" }}</option>
                    {move || {
                        candidates()
                            .into_iter()
                            .map(|id| {
                                let label = id.clone();
                                view! { <option value=id>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            {move || (ids.with(|i| i.len() < MIN_MODELS)).then(|| view! {
                <p class="hint" id="compare-need-more">{format!("Choose {MIN_MODELS} to {MAX_MODELS} models.")}</p>
            })}
        </div>
        <form class="card try-form" id="compare-form" on:submit=|ev: web_sys::SubmitEvent| ev.prevent_default() novalidate>
            <SettingsFields settings kind=TryKind::Chat streaming=StreamingChoice::Each tried prefix="compare" />
            <fieldset class="modes">
                <legend>"How to send"</legend>
                {mode_radio(CompareMode::OneAfterAnother, "mode-sequential")}
                {mode_radio(CompareMode::AllAtOnce, "mode-parallel")}
            </fieldset>
        </form>
        {move || {
            let ids = ids.get();
            view! { <Run ids known settings tried /> }
        }}
    }
}

/// The panes of the chosen models, and the buttons that drive them (rebuilt when the models
/// change).
#[component]
fn Run(
    ids: Vec<String>,
    known: StoredValue<Known>,
    settings: RwSignal<lisa_console::try_model::TrySettings>,
    tried: RwSignal<bool>,
) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let owner = Owner::current().unwrap_or_default();
    let writer = FrameWriter::new();
    let panes: Vec<Pane> = ids.iter().map(|id| Pane::new(id.clone())).collect();
    for pane in &panes {
        pane.not_sent.set(known.with_value(|k| k.refusal(&pane.id())));
    }
    let queue_running = RwSignal::new(false);
    let stopped = StoredValue::new(false);
    let streams = move |id: &str| known.with_value(|k| k.models.get(id).is_some_and(|m| m.streaming));
    let request_for = move |pane: &Pane| {
        let id = pane.id();
        let stream = settings.with_untracked(|s| s.streaming_for(streams(&id)));
        settings.with_untracked(|s| s.chat_request(&id, stream)).ok()
    };
    let any_running = {
        let panes = panes.clone();
        Memo::new(move |_| queue_running.get() || panes.iter().any(|p| p.running.get()))
    };
    let enough = ids.len() >= MIN_MODELS;
    let send = {
        let (panes, api, writer, owner) = (panes.clone(), api.clone(), writer.clone(), owner.clone());
        move |_| {
            if any_running.get_untracked() || !enough {
                return;
            }
            if !settings.with_untracked(|s| s.problems().is_empty()) {
                tried.set(true);
                return;
            }
            stopped.set_value(false);
            let sendable: Vec<Pane> = panes.iter().copied().filter(|p| p.not_sent.get_untracked().is_none()).collect();
            let (api, writer) = (api.clone(), writer.clone());
            match settings.with_untracked(|s| s.mode) {
                CompareMode::AllAtOnce => {
                    for pane in sendable {
                        if let Some(request) = request_for(&pane) {
                            spawn_in(&owner, run_chat(api.clone(), pane, writer.clone(), request));
                        }
                    }
                }
                CompareMode::OneAfterAnother => {
                    queue_running.set(true);
                    spawn_in(&owner, async move {
                        for pane in sendable {
                            if stopped.try_get_value() != Some(false) {
                                break;
                            }
                            if let Some(request) = request_for(&pane) {
                                run_chat(api.clone(), pane, writer.clone(), request).await;
                            }
                        }
                        queue_running.try_set(false);
                    });
                }
            }
        }
    };
    let stop_all = {
        let panes = panes.clone();
        move |_| {
            stopped.set_value(true);
            panes.iter().for_each(Pane::stop);
        }
    };
    let download = {
        let (panes, ids, api) = (panes.clone(), ids.clone(), api.clone());
        move |_| {
            if let Err(message) = download_results(&api.config.serve_base_url, &panes, &ids, settings) {
                toasts.error(message);
            }
        }
    };
    let serve_url = api.serve_url(TryKind::Chat.path());
    let chart_panes = panes.clone();
    view! {
        <div class="try-actions">
            <button type="button" class="button primary" id="compare-send" disabled=move || any_running.get() || !enough on:click=send>
                "Send to every model"
            </button>
            <button type="button" class="button" id="compare-stop" disabled=move || !any_running.get() on:click=stop_all>"Stop all"</button>
            <button type="button" class="button" id="compare-download" on:click=download>"Download results"</button>
        </div>
        <div class="compare-grid" id="compare-panes">
            {panes
                .into_iter()
                .enumerate()
                .map(|(i, pane)| {
                    let id = pane.id();
                    let (api, writer, owner) = (api.clone(), writer.clone(), owner.clone());
                    let retry = Callback::new(move |_| {
                        if !pane.running.get_untracked() {
                            if let Some(request) = request_for(&pane) {
                                spawn_in(&owner, run_chat(api.clone(), pane, writer.clone(), request));
                            }
                        }
                    });
                    view! {
                        <section class="card pane compare-pane" data-model-id=id.clone() aria-label=format!("Answer of {id}")>
                            <h2 class="pane-title"><a href=routes::model(&id)>{id.clone()}</a></h2>
                            <ChatPane pane prefix=format!("pane-{i}") serve_url=serve_url.clone() on_retry=retry />
                        </section>
                    }
                })
                .collect_view()}
        </div>
        <CompareChart panes=chart_panes />
    }
}

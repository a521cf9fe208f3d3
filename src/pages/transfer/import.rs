//! `/models/import`: a file (chosen, dropped or pasted), its dry run, then the creates.
//!
//! Nothing is sent until "Create N models": the file is read as untrusted text, every definition
//! is checked (`lisa_console::transfer::plan`) and the plan is shown first, always. The plan
//! table is HTML text (`transfer::render`) with delegated listeners, for thousands of rows.

use leptos::html;
use leptos::prelude::*;
use lisa_console::transfer::plan::{counts, shown, Choice, Show};
use lisa_console::transfer::state::{ImportState, OUTCOMES_KEY};
use lisa_console::transfer::parse;

use super::dom;
use super::import_plan::{self, input_of, progress_text, PAGE};
use super::import_run::{forget_secrets, restore, Import};
use crate::api::use_api;
use crate::components::page::{ErrorPanel, ModelsCrumb, PageHeading};
use crate::components::toast::use_toasts;
use crate::pages::forms::instances::Instances;
use crate::{routes, storage};

#[component]
pub fn ImportModelsPage() -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let go = routes::use_go();
    let (start, start_note) = restore();
    let imp = Import {
        api: api.clone(),
        state: RwSignal::new(start),
        rows: RwSignal::new(Vec::new()),
        existing: RwSignal::new(None),
        existing_error: RwSignal::new(None),
        instances: Instances::load(api.clone()),
        runner: RwSignal::new(None),
        preparing: RwSignal::new(false),
        storage_failed: RwSignal::new(false),
    };
    let (state, rows, runner, preparing, existing) = (imp.state, imp.rows, imp.runner, imp.preparing, imp.existing);
    let note = RwSignal::new(start_note);
    let file_error = RwSignal::new(None::<String>);
    let reading = RwSignal::new(false);
    let pasted = RwSignal::new(String::new());
    let busy = Signal::derive(move || preparing.get() || runner.with(|r| r.as_ref().is_some_and(|r| !r.is_finished())));

    // Checked again once the instance list (rule V9) is known.
    {
        let imp = imp.clone();
        let list = imp.instances.list;
        Effect::new(move |_| {
            list.track();
            imp.replan();
        });
    }
    // Read at once: by the time a file is chosen, the plan can compare with them straight away
    // (creating reads them again).
    imp.refresh_existing();
    let show = RwSignal::new(Show::All);
    let page = RwSignal::new(0usize);
    let listed = Memo::new(move |_| rows.with(|r| shown(r, show.get())));

    let load = {
        let imp = imp.clone();
        // `true` when the text became the plan.
        move |text: String, source: String| -> bool {
            match parse::parse(&text) {
            Ok(definitions) => {
                dom::mark("import:parsed");
                forget_secrets();
                let options = state.with_untracked(|s| s.as_ref().map(|s| s.options.clone())).unwrap_or_default();
                let choices = vec![Choice::default(); definitions.len()];
                state.set(Some(ImportState { source, definitions, choices, options, outcomes: Default::default() }));
                runner.set(None);
                show.set(Show::All);
                page.set(0);
                storage::remove(OUTCOMES_KEY);
                file_error.set(None);
                note.set(None);
                imp.save();
                imp.replan();
                imp.refresh_existing();
                true
            }
            Err(e) => {
                file_error.set(Some(e.display()));
                false
            }
        }
        }
    };
    let read_file = {
        let load = load.clone();
        move |file: web_sys::File| {
            if let Err(e) = parse::check_size(file.size() as usize) {
                file_error.set(Some(e.display()));
                return;
            }
            let (load, name) = (load.clone(), file.name());
            reading.set(true);
            leptos::task::spawn_local(async move {
                let text = dom::file_text(&file).await;
                reading.try_set(false);
                match text {
                    Ok(t) => {
                        load(t, name);
                    }
                    Err(e) => {
                        file_error.try_set(Some(e));
                    }
                }
            });
        }
    };
    let on_file = {
        let read_file = read_file.clone();
        move |ev: web_sys::Event| {
            if let Some(file) = input_of(&ev).as_ref().and_then(dom::chosen_file) {
                read_file(file);
            }
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        if let Some(file) = dom::dropped_file(&ev) {
            read_file(file);
        }
    };
    // Once checked, the text is in the plan: the box is emptied and folded (megabytes of text
    // in a field slow down every layout of the page).
    let paste_box = NodeRef::<html::Details>::new();
    let paste_text = NodeRef::<html::Textarea>::new();
    let on_check = {
        let load = load.clone();
        move |_| {
            if load(pasted.get_untracked(), "pasted text".to_string()) {
                pasted.set(String::new());
                if let Some(t) = paste_text.get_untracked() {
                    t.set_value("");
                }
                if let Some(d) = paste_box.get_untracked() {
                    d.set_open(false);
                }
            }
        }
    };

    let container = import_plan::plan_table(&imp, listed, page, busy);
    let on_plan_change = import_plan::on_plan_change(imp.clone());
    let on_plan_click = import_plan::on_plan_click(&imp, go, toasts);
    let set_option = {
        let imp = imp.clone();
        move |suffix: bool, ev: web_sys::Event| {
            let value = input_of(&ev).map(|e| e.value().trim().to_string()).unwrap_or_default();
            imp.change(|s| if suffix { s.options.suffix = value } else { s.options.prefix = value });
        }
    };
    let option_value = move |suffix: bool| state.with(|s| s.as_ref().map(|s| if suffix { s.options.suffix.clone() } else { s.options.prefix.clone() }).unwrap_or_default());

    let summary = move || {
        let total = state.with(|s| s.as_ref().map_or(0, |s| s.definitions.len()));
        rows.with(|r| counts(r).sentence(total))
    };
    let to_create = Signal::derive(move || rows.with(|r| counts(r).create));
    let existing_text = {
        let errors = imp.existing_error;
        move || match (existing.with(|e| e.as_ref().map(|e| e.len())), errors.get()) {
            (_, Some(e)) => view! {
                <div id="existing-error">
                    <ErrorPanel error=e />
                    <p>"The plan cannot tell yet which models LISA already has; creating reads them first."</p>
                </div>
            }
            .into_any(),
            (Some(n), None) => view! { <p class="muted" id="existing-count">{format!("Compared with the {n} models LISA has now.")}</p> }.into_any(),
            (None, None) => view! { <p class="muted" id="existing-count">"Reading LISA's models to compare…"</p> }.into_any(),
        }
    };
    let apply = {
        let imp = imp.clone();
        move |_| imp.apply()
    };
    let cancel = {
        let imp = imp.clone();
        move |_| imp.cancel()
    };
    let recheck = {
        let imp = imp.clone();
        move |_| imp.refresh_existing()
    };
    let clear = {
        let imp = imp.clone();
        move |_| {
            forget_secrets();
            state.set(None);
            runner.set(None);
            imp.save();
            imp.replan();
        }
    };
    let download = {
        let imp = imp.clone();
        move |csv: bool| import_plan::download_report(&imp, toasts, csv)
    };
    let page_text = move || {
        let total = listed.with(Vec::len);
        let first = (page.get() * PAGE).min(total);
        match total {
            0 => "No definitions to show.".to_string(),
            _ => format!("Definitions {}–{} of {total}", first + 1, (first + PAGE).min(total)),
        }
    };
    // Drawn again only for another file: the table and the fields inside update in place.
    let source = Memo::new(move |_| state.with(|s| s.as_ref().map(|s| s.source.clone())));
    let plan_view = move || {
        source.get().map(|source| {
            let (set_prefix, set_suffix) = (set_option.clone(), set_option.clone());
            let (apply, cancel, recheck, clear, on_change) = (apply.clone(), cancel.clone(), recheck.clone(), clear.clone(), on_plan_change.clone());
            let (report_json_of, report_csv_of) = (download.clone(), download.clone());
            let on_click = on_plan_click.clone();
            view! {
                <section class="card import-plan" aria-labelledby="plan-heading">
                    <h2 id="plan-heading">"Dry run"</h2>
                    <p class="muted" id="plan-source">"From " {source} ". Nothing has been sent to LISA for this plan until you create."</p>
                    <div class="import-options">
                        <div class="field">
                            <label for="import-prefix">"Prefix for every id"</label>
                            <input type="text" id="import-prefix" autocomplete="off" spellcheck="false" prop:value=move || option_value(false) on:change=move |ev| set_prefix(false, ev) disabled=busy />
                        </div>
                        <div class="field">
                            <label for="import-suffix">"Suffix for every id"</label>
                            <input type="text" id="import-suffix" autocomplete="off" spellcheck="false" prop:value=move || option_value(true) on:change=move |ev| set_suffix(true, ev) disabled=busy />
                        </div>
                        <p class="hint">"For promoting a tested set: prefix prod- turns llama-3 into prod-llama-3."</p>
                    </div>
                    <p id="plan-summary" role="status">{summary}</p>
                    {existing_text}
                    <div class="import-actions">
                        <button type="button" class="button primary" id="import-apply" on:click=apply disabled=move || busy.get() || to_create.get() == 0>
                            {move || match to_create.get() {
                                0 => "Nothing to create".to_string(),
                                1 => "Create 1 model".to_string(),
                                n => format!("Create {n} models"),
                            }}
                        </button>
                        <Show when=move || runner.with(|r| r.as_ref().is_some_and(|r| !r.is_finished() && !r.cancelled))>
                            <button type="button" class="button" id="import-cancel" on:click=cancel.clone()>"Cancel"</button>
                        </Show>
                        <button type="button" class="button" id="import-recheck" on:click=recheck disabled=busy>"Check again"</button>
                        <button type="button" class="button" id="report-json" on:click=move |_| report_json_of(false)>"Report (JSON)"</button>
                        <button type="button" class="button" id="report-csv" on:click=move |_| report_csv_of(true)>"Report (CSV)"</button>
                        <button type="button" class="button subtle" id="import-clear" on:click=clear disabled=busy>"Start over"</button>
                    </div>
                    {move || runner.with(|r| r.as_ref().map(|r| {
                        let (max, value) = (r.total.max(1).to_string(), r.settled().to_string());
                        view! {
                            <div class="import-progress">
                                <progress id="import-progress" max=max value=value aria-label="Creates answered"></progress>
                                <p id="import-progress-text" role="status">{progress_text(r)}</p>
                            </div>
                        }
                    }))}
                    <div class="plan-view">
                        <label for="plan-show">"Show"</label>
                        <select id="plan-show" on:change=move |ev| {
                            show.set(Show::from_key(&event_target_value(&ev)));
                            page.set(0);
                        }>
                            {Show::ALL.into_iter().map(|s| view! { <option value=s.key() selected=move || show.get() == s>{s.label()}</option> }).collect_view()}
                        </select>
                        <span id="plan-page-text" role="status">{page_text}</span>
                        <button type="button" class="button small" id="plan-prev" on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled=move || page.get() == 0>"Previous"</button>
                        <button type="button" class="button small" id="plan-next" on:click=move |_| page.update(|p| *p += 1) disabled=move || { (page.get() + 1) * PAGE >= listed.with(Vec::len) }>"Next"</button>
                    </div>
                    <div class="plan-scroll table-wrap" id="plan" node_ref=container on:change=on_change on:click=on_click></div>
                </section>
            }
        })
    };

    view! {
        <section class="page import-page" id="page-models-import">
            <ModelsCrumb here="Import" />
            <PageHeading text="Import models" />
            <p class="page-intro">
                "Recreate models from an export of LISA Admin (this deployment or another) or from create requests (JSON). "
                "Every definition is checked first, with the create form's rules and against the models LISA has now; nothing is created until you say so."
            </p>
            {move || note.get().map(|n| view! { <div class="warning-panel" role="status" id="import-note"><p>{n}</p></div> })}
            <Show when=move || imp.storage_failed.get()>
                <div class="error-panel" role="alert" id="import-storage-failed">
                    <p>"This browser tab cannot store the plan (storage is full or disabled): a reload would lose it and its outcomes."</p>
                </div>
            </Show>
            <section class="card import-input" aria-labelledby="input-heading">
                <h2 id="input-heading">"File"</h2>
                <div class="drop-zone" id="import-drop" on:dragover=|ev: web_sys::DragEvent| ev.prevent_default() on:drop=on_drop>
                    <label for="import-file">"Choose a JSON file, or drop one here (at most 5 MB)"</label>
                    <input type="file" id="import-file" accept=".json,application/json" on:change=on_file />
                </div>
                <details class="paste-box" id="import-paste" node_ref=paste_box>
                    <summary>"Or paste JSON"</summary>
                    <div class="field">
                        <label for="import-text">"JSON: an export, one create request, or a list of them"</label>
                        <textarea id="import-text" rows="6" spellcheck="false" node_ref=paste_text on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="button" class="button" id="import-check" on:click=on_check>"Check the pasted JSON"</button>
                </details>
                {move || reading.get().then(|| view! { <p class="muted" id="import-reading">"Reading the file…"</p> })}
                {move || file_error.get().map(|e| view! {
                    <div class="error-panel" role="alert" id="import-file-error">
                        <p class="error-title">"This file cannot be imported"</p>
                        <p>{e}</p>
                        <p class="muted">"Nothing was sent to LISA."</p>
                    </div>
                })}
            </section>
            {plan_view}
        </section>
    }
}

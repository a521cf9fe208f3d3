//! Selection and bulk start, stop and delete in the catalogue (issue 14). The plan, the
//! scheduling and the outcomes are `lisa_console::bulk`; this module holds the selection,
//! sends the requests the runner hands out, and shows one dialog for plan, confirm and progress.
//! The run is kept in sessionStorage, so its outcomes survive a reload until dismissed.

use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use lisa_api::requests::UpdateModelRequest;
use lisa_console::bulk::{self, delete_confirmation, models_text, outcome_of, BulkPlan, BulkRun, Candidate, Selection};
use lisa_console::catalogue::CatalogueRow;
use lisa_console::lifecycle::ModelAction;
use lisa_console::render::bulk::{outcome_list, plan_lists};

use crate::api::{use_api, ApiClient};

const RUN_KEY: &str = "lisa-admin.bulk-run";

/// What the dialog shows.
#[derive(Clone, PartialEq)]
enum Dialog {
    Plan(ModelAction, BulkPlan),
    Run,
}

#[derive(Clone, Copy)]
pub struct Bulk {
    pub selection: RwSignal<Selection>,
    /// "m1 no longer exists and left the selection."
    pub notice: RwSignal<Option<String>>,
    dialog: RwSignal<Option<Dialog>>,
    run: RwSignal<Option<BulkRun>>,
    owner: StoredValue<Owner>,
    api: StoredValue<ApiClient>,
    after: StoredValue<Rc<dyn Fn()>, LocalStorage>,
}

impl Bulk {
    /// `after`: called when a run is over (the page refreshes and polls as after single actions).
    pub fn new(after: impl Fn() + 'static) -> Self {
        // A run from before a reload: whatever was in flight then has no answer now.
        let stored = crate::storage::get(RUN_KEY).and_then(|t| serde_json::from_str::<BulkRun>(&t).ok()).map(BulkRun::after_reload);
        let bulk = Bulk {
            selection: RwSignal::new(Selection::new()),
            notice: RwSignal::new(None),
            dialog: RwSignal::new(stored.as_ref().map(|_| Dialog::Run)),
            run: RwSignal::new(stored),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            api: StoredValue::new(use_api()),
            after: StoredValue::new_local(Rc::new(after)),
        };
        bulk.save();
        bulk
    }

    pub fn toggle(&self, id: &str, on: bool) {
        self.selection.update(|s| {
            if on {
                s.insert(id.to_string());
            } else {
                s.remove(id);
            }
        });
    }

    /// Models deleted meanwhile leave the selection, and the page says which.
    pub fn prune(&self, rows: &[std::sync::Arc<CatalogueRow>]) {
        if self.selection.with_untracked(|s| s.is_empty()) {
            return;
        }
        let ids: std::collections::HashSet<&str> = rows.iter().map(|r| r.id()).collect();
        let mut gone = Vec::new();
        self.selection.update(|s| gone = bulk::prune(s, |id| ids.contains(id)));
        if !gone.is_empty() {
            self.notice.set(Some(bulk::gone_notice(&gone)));
        }
    }

    /// Open the plan for `action` over the selected rows.
    pub fn open_plan(&self, action: ModelAction, rows: &[std::sync::Arc<CatalogueRow>], not_admin: Option<&str>) {
        let plan = self.selection.with_untracked(|sel| {
            let chosen: Vec<Candidate> = rows
                .iter()
                .filter(|r| sel.contains(r.id()))
                .map(|r| Candidate { id: r.id(), status: &r.model.status, hosting: r.hosting })
                .collect();
            bulk::plan(action, not_admin, &chosen)
        });
        self.dialog.set(Some(Dialog::Plan(action, plan)));
    }

    fn save(&self) {
        match self.run.try_with_untracked(|r| r.as_ref().and_then(|r| serde_json::to_string(r).ok())).flatten() {
            Some(text) => {
                crate::storage::set(RUN_KEY, &text);
            }
            None => crate::storage::remove(RUN_KEY),
        }
    }

    fn start(&self, action: ModelAction, plan: BulkPlan) {
        self.run.set(Some(BulkRun::new(action, plan)));
        self.dialog.set(Some(Dialog::Run));
        self.pump();
    }

    /// Send whatever the runner hands out now; each answer sends the next.
    fn pump(&self) {
        let this = *self;
        let launches = this.run.try_update(|r| r.as_mut().map(BulkRun::launch).unwrap_or_default()).unwrap_or_default();
        let action = this.run.with_untracked(|r| r.as_ref().and_then(BulkRun::action));
        this.save();
        let (Some(action), Some(api), Some(owner)) = (action, this.api.try_get_value(), this.owner.try_get_value()) else { return };
        if launches.is_empty() {
            this.finish_if_done();
            return;
        }
        for (index, id) in launches {
            let api = api.clone();
            owner.with(|| {
                leptos::task::spawn_local_scoped(async move {
                    let result = match action {
                        ModelAction::Start => api.update_model(&id, &UpdateModelRequest::enabled(true)).await.map(drop),
                        ModelAction::Stop => api.update_model(&id, &UpdateModelRequest::enabled(false)).await.map(drop),
                        _ => api.delete_model(&id).await.map(drop),
                    };
                    let outcome = outcome_of(result.as_ref().map(|_| ()));
                    this.run.try_update(|r| {
                        if let Some(r) = r.as_mut() {
                            r.finish(index, outcome);
                        }
                    });
                    this.pump();
                });
            });
        }
    }

    fn finish_if_done(&self) {
        if self.run.with_untracked(|r| r.as_ref().is_some_and(BulkRun::is_finished)) {
            if let Some(after) = self.after.try_with_value(Rc::clone) {
                after();
            }
        }
    }

    fn cancel(&self) {
        self.run.update(|r| {
            if let Some(r) = r.as_mut() {
                r.cancel();
            }
        });
        self.save();
        self.finish_if_done();
    }

    fn dismiss(&self) {
        self.run.set(None);
        self.dialog.set(None);
        self.save();
    }
}

/// The selection's count and the bulk buttons, above the table.
#[component]
pub fn BulkBar(bulk: Bulk, #[prop(into)] shown: Signal<usize>, select_shown: Callback<()>, plan: Callback<ModelAction>) -> impl IntoView {
    let count = Memo::new(move |_| bulk.selection.with(|s| s.len()));
    view! {
        <div class="bulk-bar" id="bulk-bar" role="group" aria-label="Selected models">
            <span id="selection-count" aria-live="polite">
                {move || match count.get() {
                    0 => "No models selected".to_string(),
                    n => format!("{} selected", models_text(n)),
                }}
            </span>
            <button type="button" class="button small" id="select-all-shown" on:click=move |_| select_shown.run(())>
                {move || format!("Select all {} shown", shown.get())}
            </button>
            <Show when=move || { count.get() > 0 }>
                <button type="button" class="button small" id="clear-selection" on:click=move |_| bulk.selection.set(Selection::new())>
                    "Clear selection"
                </button>
            </Show>
            {bulk::BULK_ACTIONS
                .into_iter()
                .map(|action| {
                    view! {
                        <button
                            type="button"
                            class=if action == ModelAction::Delete { "button small danger" } else { "button small" }
                            id=format!("bulk-{}", action.key())
                            disabled=move || count.get() == 0
                            on:click=move |_| plan.run(action)
                        >
                            {format!("{}…", action.label())}
                        </button>
                    }
                })
                .collect_view()}
            {move || {
                bulk.notice.get().map(|text| {
                    view! {
                        <span class="bulk-notice" id="selection-notice" role="status">
                            {text}
                            " "
                            <button type="button" class="button small" on:click=move |_| bulk.notice.set(None)>"OK"</button>
                        </span>
                    }
                })
            }}
        </div>
    }
}

/// Plan → confirm → progress and outcomes, in one dialog.
#[component]
pub fn BulkDialog(bulk: Bulk) -> impl IntoView {
    let lists = NodeRef::<html::Div>::new();
    let heading = NodeRef::<html::H2>::new();
    let typed = RwSignal::new(String::new());
    // The plan's lists, or the outcomes as they change (one innerHTML per update).
    Effect::new(move |_| {
        let html = bulk.dialog.with(|d| match d {
            Some(Dialog::Plan(action, plan)) => Some(plan_lists(action.label(), plan)),
            Some(Dialog::Run) => bulk.run.with(|r| r.as_ref().map(outcome_list)),
            None => None,
        });
        if let (Some(html), Some(el)) = (html, lists.get()) {
            el.set_inner_html(&html);
        }
    });
    let phase = Memo::new(move |_| bulk.dialog.with(|d| d.as_ref().map(|d| matches!(d, Dialog::Run))));
    Effect::new(move |_| {
        if phase.get().is_some() {
            typed.set(String::new());
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        }
    });
    let title = move || match bulk.dialog.get() {
        Some(Dialog::Plan(action, plan)) => format!("{} {}?", action.label(), models_text(plan.apply.len())),
        _ => bulk.run.with(|r| r.as_ref().and_then(BulkRun::action).map(|a| format!("{}: outcomes", a.label()))).unwrap_or_default(),
    };
    let close_plan = move || bulk.dialog.set(None);
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && phase.get_untracked() == Some(false) {
            ev.prevent_default();
            close_plan();
        }
    };
    let plan_view = move || {
        let Some(Dialog::Plan(action, plan)) = bulk.dialog.get() else { return None };
        let confirm = (action == ModelAction::Delete).then(|| delete_confirmation(&plan));
        let needed = confirm.clone();
        let nothing = plan.apply.is_empty();
        let ready = move || !nothing && needed.as_ref().is_none_or(|n| typed.with(|t| t.trim() == n));
        let go = {
            let plan = plan.clone();
            move || bulk.start(action, plan.clone())
        };
        Some(view! {
            <p class="muted">
                {if nothing {
                    "None of the selected models allows this now; nothing will be sent.".to_string()
                } else {
                    format!(
                        "{} one request per model, at most {} at a time. Each change is sent once and never retried on its own.",
                        action.label(),
                        bulk::MAX_IN_FLIGHT
                    )
                }}
            </p>
            {confirm.map(|n| {
                view! {
                    <label for="bulk-confirm-input" class="confirm-prompt">
                        "Deleting cannot be undone. Type " <code>{n}</code> " (the number of models) to confirm"
                    </label>
                    <input
                        id="bulk-confirm-input"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        prop:value=move || typed.get()
                        on:input:target=move |ev| typed.set(ev.target().value())
                    />
                }
            })}
            <div class="dialog-actions">
                <button type="button" class="button" id="bulk-plan-cancel" on:click=move |_| close_plan()>"Cancel"</button>
                <button
                    type="button"
                    id="bulk-go"
                    class=if action == ModelAction::Delete { "button primary danger" } else { "button primary" }
                    disabled=move || !ready()
                    on:click=move |_| go()
                >
                    {format!("{} {}", action.label(), models_text(plan.apply.len()))}
                </button>
            </div>
        })
    };
    let run_view = move || {
        (phase.get() == Some(true)).then(|| {
            let progress = move || bulk.run.with(|r| r.as_ref().map_or((0, 0), BulkRun::progress));
            let finished = move || bulk.run.with(|r| r.as_ref().is_none_or(BulkRun::is_finished));
            let cancelled = move || bulk.run.with(|r| r.as_ref().is_some_and(|r| r.cancelled));
            view! {
                <progress id="bulk-progress" max=move || progress().1.max(1) value=move || progress().0 aria-label="Answered"></progress>
                <p id="bulk-summary" role="status">{move || bulk.run.with(|r| r.as_ref().map(BulkRun::summary))}</p>
                <p id="bulk-cancel-note" class="warning-text">{move || bulk.run.with(|r| r.as_ref().and_then(BulkRun::cancel_note))}</p>
                <div class="dialog-actions">
                    <Show when=move || !finished() && !cancelled()>
                        <button type="button" class="button danger" id="bulk-cancel" on:click=move |_| bulk.cancel()>
                            "Cancel the rest"
                        </button>
                    </Show>
                    <button type="button" class="button primary" id="bulk-dismiss" disabled=move || !finished() on:click=move |_| bulk.dismiss()>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    };
    view! {
        <Show when=move || phase.get().is_some()>
            <div class="dialog-backdrop">
                <div class="dialog bulk-dialog" role="dialog" aria-modal="true" aria-labelledby="bulk-title" id="bulk-dialog" on:keydown=on_keydown>
                    <h2 id="bulk-title" tabindex="-1" node_ref=heading>{title}</h2>
                    {plan_view}
                    {run_view}
                    <div class="bulk-lists" node_ref=lists></div>
                </div>
            </div>
        </Show>
    }
}

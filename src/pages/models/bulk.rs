//! Selection and bulk start, stop and delete in the catalogue (issue 14). The plan, the
//! scheduling and the outcomes are `lisa_console::bulk`, the dialog's markup is
//! `lisa_console::render::bulk`; this module holds the selection, sends the requests the runner
//! hands out, and writes the one dialog (plan, confirm, progress) through the DOM with one
//! delegated listener, like the table rows. The run is kept in sessionStorage, so its outcomes
//! survive a reload until dismissed.
//!
//! Why not `view!` and signals here: each new signal or view type added generic code to the
//! catalogue bundle, which has a 300 KB budget; written this way the feature costs a few KB.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use lisa_console::bulk::{self, delete_confirmation, outcome_of, BulkPlan, BulkRun, Candidate, Selection};
use lisa_console::catalogue::CatalogueRow;
use lisa_console::lifecycle::ModelAction;
use lisa_console::render::bulk::{outcome_item, plan_dialog, run_dialog, run_state};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::dom::document;
use super::Shared;

pub(super) type Rows = Memo<Option<Shared<Vec<Arc<CatalogueRow>>>>>;
pub(super) type Order = Memo<Option<Shared<Vec<u32>>>>;
use crate::api::{use_api, ApiClient};

const RUN_KEY: &str = "lisa-admin.bulk-run";

enum Dialog {
    Plan(ModelAction, BulkPlan),
    Run(BulkRun),
}

pub(super) fn by_id(id: &str) -> Option<Element> {
    document()?.get_element_by_id(id)
}

fn focus(id: &str) {
    if let Some(el) = by_id(id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

pub(super) fn set_text(id: &str, text: &str) {
    if let Some(el) = by_id(id) {
        el.set_text_content(Some(text));
    }
}

pub(super) fn set_flag(id: &str, attribute: &str, on: bool) {
    if let Some(el) = by_id(id) {
        let _ = el.toggle_attribute_with_force(attribute, on);
    }
}

#[derive(Clone, Copy)]
pub struct Bulk {
    pub selection: RwSignal<Selection>,
    dialog: StoredValue<Option<Dialog>, LocalStorage>,
    owner: StoredValue<Owner>,
    api: StoredValue<ApiClient>,
    after: StoredValue<Rc<dyn Fn()>, LocalStorage>,
}

impl Bulk {
    /// `after`: called when a run is over (the page refreshes and polls as after single actions).
    pub fn new(after: impl Fn() + 'static) -> Self {
        // A run from before a reload: whatever was in flight then has no answer now.
        let stored = crate::storage::get(RUN_KEY).and_then(|t| BulkRun::from_json(&t)).map(BulkRun::after_reload);
        let bulk = Bulk {
            selection: RwSignal::new(Selection::new()),
            dialog: StoredValue::new_local(stored.map(Dialog::Run)),
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

    /// "Select all N shown" (or unselect them): every row passing the filters, not only those
    /// in view.
    pub fn select_shown(&self, rows: Rows, visible: Order, on: bool) {
        let ids: Vec<String> = rows.with_untracked(|rows| {
            visible.with_untracked(|order| match (rows, order) {
                (Some(rows), Some(order)) => order.iter().filter_map(|&i| rows.get(i as usize)).map(|r| r.id().to_string()).collect(),
                _ => Vec::new(),
            })
        });
        self.selection.update(|sel| {
            for id in ids {
                if on {
                    sel.insert(id);
                } else {
                    sel.remove(&id);
                }
            }
        });
    }

    /// Models deleted meanwhile leave the selection, and the page says which.
    pub fn prune(&self, rows: &[Arc<CatalogueRow>]) {
        if self.selection.with_untracked(|s| s.is_empty()) {
            return;
        }
        let ids: std::collections::HashSet<&str> = rows.iter().map(|r| r.id()).collect();
        let mut gone = Vec::new();
        self.selection.update(|s| gone = bulk::prune(s, |id| ids.contains(id)));
        if !gone.is_empty() {
            set_text("selection-notice-text", &bulk::gone_notice(&gone));
            set_flag("selection-notice", "hidden", false);
        }
    }

    /// Open the plan for `action` over the selected rows.
    pub fn open_plan(&self, action: ModelAction, rows: &[Arc<CatalogueRow>], not_admin: Option<&str>) {
        let plan = self.selection.with_untracked(|sel| {
            let chosen: Vec<Candidate> = rows
                .iter()
                .filter(|r| sel.contains(r.id()))
                .map(|r| Candidate { id: r.id(), status: &r.model.status, hosting: r.hosting })
                .collect();
            bulk::plan(action, not_admin, &chosen)
        });
        self.dialog.set_value(Some(Dialog::Plan(action, plan)));
        self.show();
    }

    fn save(&self) {
        let text = self.dialog.try_with_value(|d| match d {
            Some(Dialog::Run(run)) => Some(run.to_json()),
            _ => None,
        });
        match text.flatten() {
            Some(text) => {
                crate::storage::set(RUN_KEY, &text);
            }
            None => crate::storage::remove(RUN_KEY),
        }
    }

    /// Write the dialog (or nothing) into its host, and move focus to its heading.
    pub fn show(&self) {
        let Some(host) = by_id("bulk-host") else { return };
        let html = self.dialog.try_with_value(|d| match d {
            Some(Dialog::Plan(action, plan)) => plan_dialog(*action, plan),
            Some(Dialog::Run(run)) => run_dialog(run),
            None => String::new(),
        });
        host.set_inner_html(&html.unwrap_or_default());
        self.update_run();
        // Focusing forces a layout of the page with the new dialog (hundreds of lines): done
        // now, it made the click on Go a 40–50 ms task; in the next frame it is the layout that
        // frame does anyway.
        request_animation_frame(|| focus("bulk-title"));
    }

    /// The run's progress, texts, buttons and outcomes, in place (focus stays where it is).
    fn update_run(&self) {
        let Some(Some(state)) = self.dialog.try_with_value(|d| match d {
            Some(Dialog::Run(run)) => Some(run_state(run)),
            _ => None,
        }) else {
            return;
        };
        if let Some(progress) = by_id("bulk-progress") {
            let _ = progress.set_attribute("max", &state.total.max(1).to_string());
            let _ = progress.set_attribute("value", &state.answered.to_string());
        }
        set_text("bulk-summary", &state.summary);
        set_text("bulk-cancel-note", &state.cancel_note);
        set_flag("bulk-cancel", "hidden", !state.can_cancel);
        set_flag("bulk-dismiss", "disabled", !state.finished);
    }

    /// One model's line of the outcome list, replaced in place.
    fn update_item(&self, index: usize) {
        let Some(Some(html)) = self.dialog.try_with_value(|d| match d {
            Some(Dialog::Run(run)) => run.items.get(index).map(|(id, o)| outcome_item(id, o)),
            _ => None,
        }) else {
            return;
        };
        if let Some(li) = by_id("bulk-outcomes").and_then(|list| list.children().item(index as u32)) {
            li.set_outer_html(&html);
        }
    }

    fn with_run<T>(&self, f: impl FnOnce(&mut BulkRun) -> T) -> Option<T> {
        self.dialog
            .try_update_value(|d| match d {
                Some(Dialog::Run(run)) => Some(f(run)),
                _ => None,
            })
            .flatten()
    }

    fn start(&self) {
        let planned = self.dialog.try_update_value(|d| match d.take() {
            Some(Dialog::Plan(action, plan)) => Some((action, plan)),
            other => {
                *d = other;
                None
            }
        });
        let Some(Some((action, plan))) = planned else { return };
        self.dialog.set_value(Some(Dialog::Run(BulkRun::new(action, plan))));
        self.show();
        self.pump();
    }

    /// Send whatever the runner hands out now; each answer sends the next.
    fn pump(&self) {
        let this = *self;
        let launches = this.with_run(BulkRun::launch).unwrap_or_default();
        let action = this.with_run(|r| r.action()).flatten();
        this.save();
        this.update_run();
        for (index, _) in &launches {
            this.update_item(*index);
        }
        let (Some(action), Some(api), Some(owner)) = (action, this.api.try_get_value(), this.owner.try_get_value()) else { return };
        if launches.is_empty() {
            this.finish_if_done();
            return;
        }
        for (index, id) in launches {
            let api = api.clone();
            owner.with(|| {
                leptos::task::spawn_local_scoped(async move {
                    let result = super::actions::send_change(&api, &id, action).await;
                    let outcome = outcome_of(result.as_ref().map(|_| ()));
                    // A model this admin deleted leaves the selection quietly.
                    if action == ModelAction::Delete && outcome == bulk::Outcome::Accepted {
                        this.selection.try_update(|s| s.remove(&id));
                    }
                    this.with_run(|r| r.finish(index, outcome));
                    this.update_item(index);
                    this.pump();
                });
            });
        }
    }

    fn finish_if_done(&self) {
        if self.with_run(|r| r.is_finished()) == Some(true) {
            if let Some(after) = self.after.try_with_value(Rc::clone) {
                after();
            }
        }
    }

    /// One listener for the dialog's buttons (`data-bulk`).
    pub fn on_click(&self, ev: &web_sys::MouseEvent) {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Some(button) = target.closest("[data-bulk]").ok().flatten() else { return };
        if button.has_attribute("disabled") {
            return;
        }
        match button.get_attribute("data-bulk").as_deref() {
            Some("close") => self.close_plan(),
            Some("go") => self.start(),
            Some("cancel") => {
                self.with_run(|r| r.cancel());
                self.save();
                self.update_run();
                // Every line still waiting now says "not sent": rewrite the list once.
                let list = self.dialog.try_with_value(|d| match d {
                    Some(Dialog::Run(run)) => Some(lisa_console::render::bulk::outcome_list(run)),
                    _ => None,
                });
                if let (Some(Some(html)), Some(el)) = (list, by_id("bulk-outcomes")) {
                    el.set_outer_html(&html);
                }
                focus("bulk-dismiss");
                self.finish_if_done();
            }
            Some("dismiss") => {
                self.dialog.set_value(None);
                self.save();
                self.show();
                focus("select-all-shown");
            }
            _ => {}
        }
    }

    /// The typed count for a delete enables Go.
    pub fn on_input(&self, ev: &web_sys::Event) {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let needed = self.dialog.try_with_value(|d| match d {
            Some(Dialog::Plan(_, plan)) => Some(delete_confirmation(plan)),
            _ => None,
        });
        if let Some(Some(needed)) = needed {
            set_flag("bulk-go", "disabled", input.value().trim() != needed);
        }
    }

    pub fn on_keydown(&self, ev: &web_sys::KeyboardEvent) {
        let planning = self.dialog.try_with_value(|d| matches!(d, Some(Dialog::Plan(..)))) == Some(true);
        if ev.key() == "Escape" && planning {
            ev.prevent_default();
            self.close_plan();
        }
    }

    fn close_plan(&self) {
        let action = self.dialog.try_update_value(|d| match d.take() {
            Some(Dialog::Plan(action, _)) => Some(action),
            other => {
                *d = other;
                None
            }
        });
        self.show();
        if let Some(Some(action)) = action {
            focus(&format!("bulk-{}", action.key()));
        }
    }
}

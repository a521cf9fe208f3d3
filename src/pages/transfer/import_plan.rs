//! The import page's plan table: HTML text (`transfer::render`) redrawn as a whole with focus
//! kept, its delegated listeners (choices typed into rows, "open in the create form"), the
//! progress line and the report downloads. Apart from `import.rs` so each stays readable.

use leptos::html;
use leptos::prelude::*;
use lisa_console::transfer::apply::Outcome;
use lisa_console::transfer::handover::{self, Handover};
use lisa_console::transfer::render;
use lisa_console::transfer::state::{report_csv, report_json};
use wasm_bindgen::JsCast;

use super::dom;
use super::import_run::{secrets, update_secret, Import};
use crate::components::toast::Toasts;
use crate::{routes, storage};

/// Rows per page of the plan table: a file of thousands is laid out a page at a time.
pub(super) const PAGE: usize = 100;

pub(super) fn input_of(ev: &web_sys::Event) -> Option<web_sys::HtmlInputElement> {
    ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()
}

fn row_of(el: &web_sys::Element) -> Option<usize> {
    el.get_attribute("data-row")?.parse().ok()
}

/// "Done: 8 created, 1 failed." / "3 of 10 answered, 4 sending."
pub(super) fn progress_text(r: &lisa_console::transfer::apply::Runner) -> String {
    if !r.is_finished() {
        return format!("{} of {} answered, {} sending…", r.settled(), r.total, r.in_flight().len());
    }
    // Always in this order, whatever order the answers came in.
    let kinds = ["created", "existed already", "failed", "unknown (check, then apply again)", "not sent"];
    let mut by_kind: Vec<(&str, usize)> = kinds.iter().map(|k| (*k, 0)).collect();
    for o in r.outcomes.values() {
        let i = match o {
            Outcome::Created { .. } => 0,
            Outcome::Exists => 1,
            Outcome::Failed(_) => 2,
            Outcome::Unknown(_) => 3,
            Outcome::NotSent => 4,
        };
        by_kind[i].1 += 1;
    }
    by_kind.retain(|(_, n)| *n > 0);
    let parts: Vec<String> = by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let head = if r.cancelled { "Cancelled" } else { "Done" };
    if parts.is_empty() {
        format!("{head}: nothing to create.")
    } else {
        format!("{head}: {}.", parts.join(", "))
    }
}

/// Draws the page of the plan that is shown into the returned container, again whenever the
/// plan, the page, the run or the lock changes.
pub(super) fn plan_table(imp: &Import, listed: Memo<Vec<usize>>, page: RwSignal<usize>, busy: Signal<bool>) -> NodeRef<html::Div> {
    let (state, rows, runner) = (imp.state, imp.rows, imp.runner);
    let container = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let sending = runner.with(|r| r.as_ref().map(|r| r.in_flight().to_vec()).unwrap_or_default());
        let locked = busy.get();
        let first = page.get() * PAGE;
        let html = listed.with(|listed| {
            let on_page = &listed[first.min(listed.len())..(first + PAGE).min(listed.len())];
            rows.with(|rows| {
                state.with(|s| match s {
                    Some(s) => render::table(rows, on_page, &s.definitions, &s.choices, &secrets(), &s.outcomes, &sending, locked),
                    None => String::new(),
                })
            })
        });
        if let Some(el) = container.get() {
            dom::mark("import:html");
            let focused = dom::focused_id_within(&el);
            el.set_inner_html(&html);
            dom::mark("import:rendered");
            if let Some(id) = focused {
                dom::focus_by_id(&id);
            }
        }
    });
    container
}

/// A choice typed into a row: a new id, "leave blank", an API key, an environment value.
pub(super) fn on_plan_change(imp: Import) -> impl Fn(web_sys::Event) + Clone {
    let state = imp.state;
    move |ev: web_sys::Event| {
        let Some(el) = input_of(&ev) else { return };
        let Some(row) = row_of(&el) else { return };
        match el.get_attribute("data-field").as_deref() {
            Some("newId") => {
                let id = el.value().trim().to_string();
                imp.change(|s| {
                    if let Some(c) = s.choices.get_mut(row) {
                        c.new_id = id;
                    }
                });
            }
            Some("leaveBlank") => {
                let on = el.checked();
                imp.change(|s| {
                    if let Some(c) = s.choices.get_mut(row) {
                        c.leave_blank = on;
                    }
                });
            }
            Some("apiKey") => {
                let key = el.value();
                update_secret(row, |s| s.api_key = key);
                imp.replan();
            }
            Some("env") => {
                let n = el.get_attribute("data-env").and_then(|n| n.parse::<usize>().ok());
                let name = state.with_untracked(|s| s.as_ref()?.definitions.get(row)?.env_omitted.get(n?).cloned());
                if let Some(name) = name {
                    let value = el.value();
                    update_secret(row, |s| {
                        s.env.insert(name, value);
                    });
                    imp.replan();
                }
            }
            _ => {}
        }
    }
}

/// "Open in the create form": the definition goes to the create form through storage.
pub(super) fn on_plan_click(imp: &Import, go: impl Fn(&str) + Clone + 'static, toasts: Toasts) -> impl Fn(web_sys::MouseEvent) + Clone {
    let rows = imp.rows;
    move |ev: web_sys::MouseEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let Some(button) = target.and_then(|t| t.closest("[data-action='open-form']").ok().flatten()) else { return };
        let Some(row) = row_of(&button) else { return };
        let Some(body) = rows.with_untracked(|r| r.get(row).map(|r| r.body.clone())) else { return };
        if storage::set(handover::HANDOVER_KEY, &Handover::new(row, &body).encode()) {
            go(&routes::model_new_for_import(row));
        } else {
            toasts.error("This browser tab cannot store the definition for the create form (storage is full or disabled).");
        }
    }
}

/// The plan and its outcomes as a JSON or CSV file.
pub(super) fn download_report(imp: &Import, toasts: Toasts, csv: bool) {
    let (state, rows, api) = (imp.state, imp.rows, &imp.api);
    let text = rows.with_untracked(|r| {
        state.with_untracked(|s| {
            let s = s.as_ref()?;
            Some(if csv { report_csv(r, &s.outcomes) } else { report_json(r, &s.outcomes, &s.source, &api.config.api_base_url, &dom::now_iso()) })
        })
    });
    let day: String = dom::now_iso().chars().take(10).collect();
    let (name, mime) = if csv { (format!("lisa-import-report-{day}.csv"), "text/csv;charset=utf-8") } else { (format!("lisa-import-report-{day}.json"), "application/json") };
    if let Some(Err(e)) = text.map(|t| dom::download(&name, mime, &t)) {
        toasts.error(e);
    }
}

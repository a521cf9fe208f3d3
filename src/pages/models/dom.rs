//! Table rows and action bars written straight to the DOM from plain data.
//!
//! The catalogue shows a window of ~30 of 5,000 rows and replaces it on every sort, search
//! keystroke and scroll. Built with `view!`, each row would carry dozens of reactive nodes and
//! a large monomorphised view type. Here a row is one `<tr>` whose cells come from
//! `lisa_console::render::catalogue_rows` (escaped there), rows that stay on screen are reused as
//! they are (so focus stays put), and clicks reach the page through one delegated listener
//! (`data-action` on the control, `data-model-id` on its bar).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use lisa_console::render::catalogue_rows::{self as html, Links};
use lisa_console::catalogue::{CatalogueRow, Serving};
use lisa_console::lifecycle::ModelAction;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use super::actions::ActionTarget;
use crate::routes;

pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

pub fn links(id: &str) -> Links {
    Links { model: routes::model(id), edit: routes::model_edit(id), copy: routes::model_copy(id), try_model: routes::model_try(id) }
}

static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// A fresh prefix for the ids of one action bar's reason tooltips.
pub fn reason_prefix() -> String {
    format!("reason-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// The action bar's HTML for a detail page (full labels).
pub fn action_bar_html(target: &ActionTarget, not_admin: Option<&str>) -> String {
    let t = html::Target { id: &target.id, status: &target.status, hosting: target.hosting, model_type: &target.model_type };
    html::action_bar(&t, &links(&target.id), not_admin, false, &reason_prefix())
}

/// While LISA answers, every button of the model is disabled and the running one spins.
pub fn show_pending(scope: &Element, pending: Option<ModelAction>) {
    for action in [ModelAction::Start, ModelAction::Stop, ModelAction::Delete] {
        let Ok(Some(button)) = scope.query_selector(&format!("[data-action=\"{}\"]", action.key())) else { continue };
        if let Some(b) = button.dyn_ref::<web_sys::HtmlButtonElement>() {
            b.set_disabled(pending.is_some());
        }
        let running = pending == Some(action);
        let _ = button.class_list().toggle_with_force("is-pending", running);
        if running {
            let _ = button.set_attribute("aria-busy", "true");
        } else {
            let _ = button.remove_attribute("aria-busy");
        }
    }
}

/// A click on a row's checkbox: the model id and whether it is now checked.
pub fn clicked_checkbox(ev: &web_sys::MouseEvent) -> Option<(String, bool)> {
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    if !input.class_list().contains("row-select") {
        return None;
    }
    let id = input.closest("tr.model-row").ok()??.get_attribute("data-model-id")?;
    Some((id, input.checked()))
}

/// The action a click landed on, and the model id of its bar.
pub fn clicked_action(ev: &web_sys::MouseEvent) -> Option<(ModelAction, String)> {
    let target: Element = ev.target()?.dyn_into().ok()?;
    let control = target.closest("[data-action]").ok()??;
    let key = control.get_attribute("data-action")?;
    let action = ModelAction::ALL.into_iter().find(|a| a.key() == key)?;
    let id = control.closest(".model-actions").ok()??.get_attribute("data-model-id")?;
    Some((action, id))
}

pub fn target_of(row: &CatalogueRow) -> ActionTarget {
    ActionTarget {
        id: row.model.model_id.clone(),
        status: row.model.status.clone(),
        hosting: row.hosting,
        model_type: row.model.model_type.clone(),
    }
}

struct RenderedRow {
    tr: Element,
    rowindex: usize,
    pending: Option<ModelAction>,
    serving: Serving,
    /// What the row's checkbox and default badge show (the HTML starts unchecked, no badge).
    selected: bool,
    is_default: bool,
}

/// What rows show besides the model: the selection and the deployment's default model.
pub struct Marks<'a> {
    pub selected: &'a lisa_console::bulk::Selection,
    pub default_id: Option<&'a str>,
}

fn model_row(doc: &Document, row: &CatalogueRow, not_admin: Option<&str>) -> Option<RenderedRow> {
    let tr = doc.create_element("tr").ok()?;
    tr.set_class_name("model-row");
    let _ = tr.set_attribute("data-model-id", &row.model.model_id);
    tr.set_inner_html(&html::row_cells(row, &links(&row.model.model_id), not_admin, &reason_prefix()));
    Some(RenderedRow { tr, rowindex: 0, pending: None, serving: row.serving, selected: false, is_default: false })
}

/// The rows on screen, by model id and content fingerprint (availability apart, see
/// `CatalogueRow::fingerprint`).
pub struct Window {
    rows: HashMap<(String, u64), RenderedRow>,
    spacers: Option<(Element, Element)>,
    not_admin: Option<String>,
}

impl Window {
    pub fn new() -> Self {
        Window { rows: HashMap::new(), spacers: None, not_admin: None }
    }

    /// Make `tbody` show `items` (position in the filtered list, row) between spacers of the
    /// given heights, reusing the rows already there.
    pub fn render(
        &mut self,
        tbody: &Element,
        spacers_px: (f64, f64),
        items: &[(usize, Arc<CatalogueRow>)],
        not_admin: Option<&str>,
        pending: &HashMap<String, ModelAction>,
        marks: &Marks,
    ) {
        let Some(doc) = document() else { return };
        if self.not_admin.as_deref() != not_admin {
            self.not_admin = not_admin.map(String::from);
            for (_, r) in self.rows.drain() {
                r.tr.remove();
            }
        }
        if self.spacers.is_none() {
            self.spacers = spacer(&doc).zip(spacer(&doc));
        }
        let Some((top, bottom)) = self.spacers.clone() else { return };
        set_height(&top, spacers_px.0);
        set_height(&bottom, spacers_px.1);

        let mut desired = Vec::with_capacity(items.len() + 2);
        desired.push(top);
        let mut next = HashMap::with_capacity(items.len());
        for (pos, row) in items {
            let key = (row.model.model_id.clone(), row.fingerprint);
            if next.contains_key(&key) {
                continue; // the same model twice: show it once
            }
            let Some(mut r) = self.rows.remove(&key).or_else(|| model_row(&doc, row, not_admin)) else { continue };
            if r.rowindex != pos + 2 {
                r.rowindex = pos + 2;
                let _ = r.tr.set_attribute("aria-rowindex", &r.rowindex.to_string());
            }
            if r.serving != row.serving {
                // Only that cell: the row's links and buttons stay as they are (and keep focus).
                r.serving = row.serving;
                if let Ok(Some(td)) = r.tr.query_selector(".cell-serving") {
                    td.set_class_name(html::serving_class(row.serving));
                    td.set_text_content(Some(row.serving.label()));
                }
            }
            let selected = marks.selected.contains(&row.model.model_id);
            if r.selected != selected {
                r.selected = selected;
                if let Ok(Some(input)) = r.tr.query_selector("input.row-select") {
                    if let Some(input) = input.dyn_ref::<web_sys::HtmlInputElement>() {
                        input.set_checked(selected);
                    }
                }
                let _ = r.tr.class_list().toggle_with_force("is-selected", selected);
            }
            let is_default = marks.default_id == Some(row.model.model_id.as_str());
            if r.is_default != is_default {
                r.is_default = is_default;
                if let Ok(Some(badge)) = r.tr.query_selector(".default-badge") {
                    let _ = badge.toggle_attribute_with_force("hidden", !is_default);
                }
            }
            let now = pending.get(&row.model.model_id).copied();
            if r.pending != now {
                r.pending = now;
                show_pending(&r.tr, now);
            }
            desired.push(r.tr.clone());
            next.insert(key, r);
        }
        desired.push(bottom);
        for (_, r) in self.rows.drain() {
            r.tr.remove();
        }
        self.rows = next;

        // Insert what is new or moved; rows already in place are not touched.
        let mut cursor = tbody.first_element_child();
        for e in &desired {
            if cursor.as_ref() == Some(e) {
                cursor = e.next_element_sibling();
            } else {
                let before: Option<&web_sys::Node> = cursor.as_ref().map(|c| c.as_ref());
                let _ = tbody.insert_before(e, before);
            }
        }
    }
}

fn spacer(doc: &Document) -> Option<Element> {
    let tr = doc.create_element("tr").ok()?;
    tr.set_class_name("spacer");
    let _ = tr.set_attribute("aria-hidden", "true");
    // One cell, no colspan: a colspan wider than the shown columns would add empty grid
    // columns that take a share of the table's spare width.
    tr.set_inner_html("<td></td>");
    Some(tr)
}

/// Through the CSSOM, which a `style-src 'self'` CSP allows (no inline style attribute).
fn set_height(spacer: &Element, px: f64) {
    if let Some(td) = spacer.first_element_child().and_then(|td| td.dyn_into::<HtmlElement>().ok()) {
        let _ = td.style().set_property("height", &format!("{px}px"));
    }
}

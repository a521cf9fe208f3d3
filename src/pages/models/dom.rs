//! Table rows and action controls written straight to the DOM from plain data.
//!
//! The catalogue shows a window of up to ~40 of 5,000 rows and replaces it on every sort,
//! search keystroke and scroll. Built with `view!`, each row would carry dozens of reactive
//! nodes and a large monomorphised view type; written here, a row is a few DOM calls, rows
//! that stay on screen are reused as they are (so focus stays put), and clicks reach the page
//! through one delegated listener (`data-action` on the control, `data-model-id` on its bar).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use lisa_contract::catalogue::{format_thousands, CatalogueRow, Serving};
use lisa_contract::lifecycle::{status_label, status_tone, ModelAction, StatusTone};
use lisa_contract::ModelStatus;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use super::actions::{allowed, ActionTarget};
use crate::routes;

pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

fn el(doc: &Document, tag: &str, class: &str) -> Option<Element> {
    let e = doc.create_element(tag).ok()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Some(e)
}

fn text_el(doc: &Document, tag: &str, class: &str, text: &str) -> Option<Element> {
    let e = el(doc, tag, class)?;
    e.set_text_content(Some(text));
    Some(e)
}

fn attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

fn add(parent: &Element, child: Option<Element>) {
    if let Some(c) = child {
        let _ = parent.append_child(&c);
    }
}

fn dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

/// Icon and text, never colour alone; a spinner while a workflow runs.
pub fn status_badge(doc: &Document, status: &ModelStatus) -> Option<Element> {
    let tone = status_tone(status);
    let (class, icon) = match tone {
        StatusTone::Ok => ("status status-ok", "✓"),
        StatusTone::Stopped => ("status status-stopped", "■"),
        StatusTone::Failed => ("status status-failed", "✕"),
        StatusTone::Progress => ("status status-progress", ""),
        StatusTone::Unknown => ("status status-unknown", "?"),
    };
    let badge = el(doc, "span", class)?;
    attr(&badge, "data-status", status.as_str());
    let icon = if tone == StatusTone::Progress { el(doc, "span", "spinner") } else { text_el(doc, "span", "status-icon", icon) };
    if let Some(i) = &icon {
        attr(i, "aria-hidden", "true");
    }
    add(&badge, icon);
    add(&badge, text_el(doc, "span", "status-text", &status_label(status)));
    Some(badge)
}

static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// An action bar and its buttons (for showing a pending action in place).
pub struct ActionControls {
    pub bar: Element,
    buttons: Vec<(ModelAction, Element)>,
    pending: Option<ModelAction>,
}

/// Start, Stop, Edit, Copy (“Create a copy”), Delete for one model. Edit and copy are links to
/// the forms; the others are buttons carrying `data-action`.
pub fn action_bar(doc: &Document, target: &ActionTarget, not_admin: Option<&str>, compact: bool) -> Option<ActionControls> {
    let bar = el(doc, "div", "model-actions")?;
    attr(&bar, "role", "group");
    attr(&bar, "aria-label", &format!("Actions for {}", target.id));
    attr(&bar, "data-model-id", &target.id);
    let mut buttons = Vec::new();
    for action in ModelAction::ALL {
        let verdict = allowed(not_admin, target, action);
        let wrap = el(doc, "span", "action")?;
        let link = matches!(action, ModelAction::Edit | ModelAction::Copy);
        let danger = if action == ModelAction::Delete { " danger" } else { "" };
        let off = if verdict.is_err() { " is-disabled" } else { "" };
        let control = el(doc, if link { "a" } else { "button" }, &format!("button small action-{}{danger}{off}", action.key()))?;
        let label = if compact && action == ModelAction::Copy { "Copy" } else { action.label() };
        control.set_text_content(Some(label));
        attr(&control, "aria-label", &format!("{} {}", action.label(), target.id));
        match (&verdict, link) {
            (Ok(()), true) => {
                let href = if action == ModelAction::Edit { routes::model_edit(&target.id) } else { routes::model_copy(&target.id) };
                attr(&control, "href", &href);
            }
            (Err(_), true) => {
                attr(&control, "role", "link");
                attr(&control, "tabindex", "0");
            }
            (_, false) => {
                attr(&control, "type", "button");
                attr(&control, "data-action", action.key());
                buttons.push((action, control.clone()));
            }
        }
        add(&wrap, Some(control.clone()));
        if let Err(reason) = verdict {
            let id = format!("action-reason-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
            attr(&control, "aria-disabled", "true");
            attr(&control, "aria-describedby", &id);
            let tip = text_el(doc, "span", "action-reason", &reason)?;
            attr(&tip, "role", "tooltip");
            attr(&tip, "id", &id);
            add(&wrap, Some(tip));
        }
        add(&bar, Some(wrap));
    }
    Some(ActionControls { bar, buttons, pending: None })
}

/// While LISA answers, every button of the model is disabled and the running one spins.
pub fn set_pending(controls: &mut ActionControls, pending: Option<ModelAction>) {
    if controls.pending == pending {
        return;
    }
    controls.pending = pending;
    for (action, button) in &controls.buttons {
        if let Some(b) = button.dyn_ref::<web_sys::HtmlButtonElement>() {
            b.set_disabled(pending.is_some());
        }
        let running = pending == Some(*action);
        let _ = button.class_list().toggle_with_force("is-pending", running);
        if running {
            attr(button, "aria-busy", "true");
        } else {
            let _ = button.remove_attribute("aria-busy");
        }
    }
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
    ActionTarget { id: row.model.model_id.clone(), status: row.model.status.clone(), hosting: row.hosting }
}

struct RenderedRow {
    tr: Element,
    controls: ActionControls,
    rowindex: usize,
}

fn model_row(doc: &Document, row: &CatalogueRow, not_admin: Option<&str>) -> Option<RenderedRow> {
    let m = &row.model;
    let tr = el(doc, "tr", "model-row")?;
    attr(&tr, "data-model-id", &m.model_id);
    let cell = |class: &str, text: &str, title: Option<&str>| {
        let td = text_el(doc, "td", class, text);
        if let (Some(td), Some(t)) = (&td, title) {
            attr(td, "title", t);
        }
        td
    };
    let first = el(doc, "td", "cell-model")?;
    let link = text_el(doc, "a", "model-id", &m.model_id)?;
    attr(&link, "href", &routes::model(&m.model_id));
    add(&first, Some(link));
    let name = text_el(doc, "span", "model-name muted", dash(&m.model_name))?;
    attr(&name, "title", &m.model_name);
    add(&first, Some(name));
    add(&tr, Some(first));
    add(&tr, cell("cell-type", m.model_type.as_str(), None));
    add(&tr, cell("cell-hosting", row.hosting.label(), None));
    let status = el(doc, "td", "cell-status")?;
    add(&status, status_badge(doc, &m.status));
    add(&tr, Some(status));
    add(&tr, cell("cell-instance", dash(m.instance_type.as_deref().unwrap_or("")), None));
    add(&tr, cell("cell-streaming", if m.streaming { "Yes" } else { "No" }, None));
    add(&tr, cell("cell-features", dash(&row.features_text), Some(&row.features_text)));
    let exact = m.context_window.map(|n| format!("{} tokens", format_thousands(n)));
    add(&tr, cell("cell-context num", dash(&row.context_text), exact.as_deref()));
    add(&tr, cell("cell-groups", &row.groups_text, Some(&row.groups_text)));
    let serving = match row.serving {
        Serving::Yes => "cell-serving serving-yes",
        Serving::No => "cell-serving serving-no",
        Serving::Unknown => "cell-serving serving-unknown",
    };
    add(&tr, cell(serving, row.serving.label(), None));
    let actions = el(doc, "td", "cell-actions")?;
    let controls = action_bar(doc, &target_of(row), not_admin, true)?;
    add(&actions, Some(controls.bar.clone()));
    add(&tr, Some(actions));
    Some(RenderedRow { tr, controls, rowindex: 0 })
}

/// The rows on screen, by model id and content fingerprint.
pub struct Window {
    rows: HashMap<(String, u64), RenderedRow>,
    top: Option<Element>,
    bottom: Option<Element>,
    not_admin: Option<String>,
}

impl Window {
    pub fn new() -> Self {
        Window { rows: HashMap::new(), top: None, bottom: None, not_admin: None }
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
    ) {
        let Some(doc) = document() else { return };
        if self.not_admin.as_deref() != not_admin {
            self.not_admin = not_admin.map(String::from);
            for (_, r) in self.rows.drain() {
                r.tr.remove();
            }
        }
        if self.top.is_none() || self.bottom.is_none() {
            self.top = spacer(&doc);
            self.bottom = spacer(&doc);
        }
        let (Some(top), Some(bottom)) = (self.top.clone(), self.bottom.clone()) else { return };
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
                attr(&r.tr, "aria-rowindex", &r.rowindex.to_string());
            }
            set_pending(&mut r.controls, pending.get(&row.model.model_id).copied());
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
    let tr = el(doc, "tr", "spacer")?;
    attr(&tr, "aria-hidden", "true");
    let td = el(doc, "td", "")?;
    attr(&td, "colspan", "11");
    add(&tr, Some(td));
    Some(tr)
}

/// Through the CSSOM, which a `style-src 'self'` CSP allows (no inline style attribute).
fn set_height(spacer: &Element, px: f64) {
    if let Some(td) = spacer.first_element_child().and_then(|td| td.dyn_into::<HtmlElement>().ok()) {
        let _ = td.style().set_property("height", &format!("{px}px"));
    }
}

//! The form furniture shared by create and edit: which complaints are visible, the inputs bound
//! to form keys, and moving focus to the first invalid field.
//!
//! A complaint shows once its field was touched (left, or changed for checkboxes and selects)
//! or after a submit; the server's complaints show at once, until the field is edited.

use std::collections::BTreeSet;

use leptos::prelude::*;
use lisa_console::model_form::{FormErrors, Problem};
use wasm_bindgen::JsCast;


#[derive(Clone, Copy)]
pub struct FormUi {
    /// The form's own check (server rules, advisory rules, form rules), on every change.
    pub errors: Signal<FormErrors>,
    /// Complaints from LISA's last answer, placed on fields.
    pub server: RwSignal<FormErrors>,
    pub touched: RwSignal<BTreeSet<String>>,
    pub submitted: RwSignal<bool>,
    /// A pointer is down: a field left now is revealed only after the click (see [`Self::touch`]).
    pointer_down: StoredValue<bool>,
    deferred: StoredValue<Vec<String>>,
}

/// Keys whose touch reveals a complaint at `key` (a whole-section rule shows once anything in
/// its section was touched).
fn revealed_by(key: &str) -> Vec<&str> {
    match key {
        "section.hosting" => vec!["instanceType", "inferenceContainer"],
        "section.autoscaling" => vec!["autoScalingConfig.", "autoScalingInstanceConfig.", "enabled"],
        "section.container" | "acknowledgeRestart" => vec!["containerConfig.", "acknowledgeRestart"],
        "section.environment" => vec!["containerConfig.environment"],
        "section.loadBalancer" => vec!["loadBalancerConfig."],
        "section.features" => vec!["features"],
        "section.guardrails" => vec!["guardrailsConfig"],
        "streaming" => vec!["streaming", "modelType"],
        "enabled" => vec!["enabled", "autoScalingInstanceConfig."],
        k if k.starts_with("autoScalingConfig.scheduling") => vec!["autoScalingConfig.scheduling"],
        k => vec![k],
    }
}

impl FormUi {
    pub fn new(errors: Signal<FormErrors>) -> Self {
        FormUi {
            errors,
            server: RwSignal::new(FormErrors::default()),
            touched: RwSignal::new(BTreeSet::new()),
            submitted: RwSignal::new(false),
            pointer_down: StoredValue::new(false),
            deferred: StoredValue::new(Vec::new()),
        }
    }

    /// Provides the context and follows the pointer for [`Self::touch`].
    pub fn provide(self) -> Self {
        provide_context(self);
        let down = window_event_listener(leptos::ev::pointerdown, move |_| self.pointer_down.set_value(true));
        let up = window_event_listener(leptos::ev::pointerup, move |_| {
            self.pointer_down.set_value(false);
            // After the click that this release completes.
            set_timeout(move || self.flush_deferred(), std::time::Duration::ZERO);
        });
        let handles = send_wrapper::SendWrapper::new((down, up));
        on_cleanup(move || {
            let (down, up) = handles.take();
            down.remove();
            up.remove();
        });
        self
    }

    fn flush_deferred(&self) {
        let Some(keys) = self.deferred.try_update_value(std::mem::take) else { return };
        if !keys.is_empty() {
            self.touched.try_update(|t| t.extend(keys));
        }
    }

    fn is_revealed(&self, key: &str) -> bool {
        if self.submitted.get() || key == "section.status" {
            return true;
        }
        let triggers = revealed_by(key);
        self.touched.with(|t| {
            t.iter().any(|k| triggers.iter().any(|p| k == p || (p.ends_with('.') && k.starts_with(p)) || k.starts_with(&format!("{p}."))))
        })
    }

    /// The complaints visible at `key` now.
    pub fn problems(&self, key: &str) -> Vec<Problem> {
        let mut list: Vec<Problem> = self.server.with(|s| s.get(key).to_vec());
        if self.is_revealed(key) {
            self.errors.with(|e| {
                for p in e.get(key) {
                    if !list.iter().any(|q| q.text == p.text) {
                        list.push(p.clone());
                    }
                }
            });
        }
        list
    }

    /// The field was left (or changed). A field left by pressing a button reveals its
    /// complaints only after that click: a message appearing between press and release would
    /// move the button away from under the pointer and swallow the click.
    pub fn touch(&self, key: &str) {
        if self.pointer_down.get_value() {
            self.deferred.update_value(|d| d.push(key.to_string()));
            return;
        }
        if !self.touched.with_untracked(|t| t.contains(key)) {
            self.touched.update(|t| {
                t.insert(key.to_string());
            });
        }
    }

    /// The admin changed the field: LISA's complaint was about the old value.
    pub fn changed(&self, key: &str) {
        if self.server.with_untracked(|s| s.has(key)) {
            self.server.update(|s| {
                s.fields.remove(key);
            });
        }
    }

    /// Every complaint that blocks the submit (the form's and the server's).
    pub fn remaining(&self) -> usize {
        let mut all = self.errors.get();
        all.merge(self.server.get());
        all.count()
    }

    /// After a submit with complaints: everything shows, and focus goes to the first invalid
    /// field in page order (after the view has caught up).
    pub fn reveal_and_focus(&self, root_id: &'static str) {
        self.submitted.set(true);
        request_animation_frame(move || focus_first_invalid(root_id));
    }
}

pub fn use_form_ui() -> FormUi {
    expect_context::<FormUi>()
}

pub fn focus_first_invalid(root_id: &str) {
    let selector = format!("#{root_id} [aria-invalid='true'], #{root_id} [data-invalid='true']");
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(mut first) = document.query_selector(&selector).ok().flatten() else { return };
    // A section's message comes before its fields: when fields of that section are marked too
    // (V29 names the hosting group, and each empty field of it is marked), the first of them
    // is where the admin has something to type.
    if first.class_list().contains("section-messages") {
        let field = first
            .closest("section")
            .ok()
            .flatten()
            .and_then(|section| section.query_selector("[aria-invalid='true']").ok().flatten());
        if let Some(field) = field {
            first = field;
        }
    }
    if let Ok(el) = first.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// Complaints that no field can take (a rule about something the form has no input for);
/// listed at the top so nothing fails silently.
pub fn unplaced_problems() -> impl IntoView {
    let ui = use_form_ui();
    move || {
        let mut all = if ui.submitted.get() { ui.errors.get().unplaced } else { Vec::new() };
        all.extend(ui.server.get().unplaced);
        (!all.is_empty()).then(|| {
            view! {
                <div class="error-panel" id="form-unplaced" tabindex="-1" data-invalid="true">
                    <p class="error-title">"Also to fix"</p>
                    <ul>{all.into_iter().map(|p| view! { <li>{p.display()}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}

/// Reactive text. Every use shares one copy of the rendering code (a closure per use would
/// each get its own).
pub fn dyn_text(text: Signal<String>) -> impl IntoView {
    move || text.get()
}

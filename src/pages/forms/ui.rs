//! The form furniture shared by create and edit: which complaints are visible, the inputs bound
//! to form keys, and moving focus to the first invalid field.
//!
//! A complaint shows once its field was touched (left, or changed for checkboxes and selects)
//! or after a submit; the server's complaints show at once, until the field is edited.

use std::collections::BTreeSet;

use leptos::prelude::*;
use lisa_contract::model_form::{element_id, FormErrors, Problem};
use wasm_bindgen::JsCast;

use super::lens::Lens;

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

    pub fn invalid(&self, key: &str) -> bool {
        !self.problems(key).is_empty()
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
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = element {
        let _ = el.focus();
    }
}

/// The complaints at `key`, announced politely, each with the advisory label where it applies.
pub fn messages(key: impl Into<String>) -> impl IntoView {
    let key: String = key.into();
    let ui = use_form_ui();
    let id = format!("{}-msg", element_id(&key));
    view! {
        <div class="field-messages" id=id aria-live="polite">
            {move || {
                ui.problems(&key)
                    .into_iter()
                    .map(|p| {
                        let class = if p.advisory { "field-error advisory" } else { "field-error" };
                        view! { <p class=class>{p.display()}</p> }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// A rule about a whole section (V24, V29, V40, state rules), shown at the section's top and
/// focusable so that a submit can move there.
pub fn section_messages(key: &'static str) -> impl IntoView {
    let ui = use_form_ui();
    view! {
        <div
            class="section-messages"
            id=element_id(key)
            tabindex="-1"
            data-invalid=move || ui.invalid(key).then_some("true")
        >
            {messages(key)}
        </div>
    }
}

fn described_by(id: &str, hint: bool) -> String {
    if hint {
        format!("{id}-hint {id}-msg")
    } else {
        format!("{id}-msg")
    }
}

/// A one-line text input. `numeric` keeps it a text input (so nothing typed is lost or
/// reformatted) with a numeric keyboard on phones.
#[component]
pub fn TextField(
    #[prop(into)] key: String,
    #[prop(into)] label: String,
    value: Lens<String>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] numeric: bool,
    #[prop(optional)] secret: bool,
    #[prop(optional)] list: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let ui = use_form_ui();
    let id = element_id(&key);
    let (k1, k2, k3) = (key.clone(), key.clone(), key.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{label} {required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {hint_view(&id, hint)}
            <input
                id=id.clone()
                type=if secret { "password" } else { "text" }
                inputmode=numeric.then_some("numeric")
                list=(!list.is_empty()).then_some(list)
                autocomplete="off"
                spellcheck="false"
                aria-required=required.then_some("true")
                aria-describedby=described_by(&id, !hint.is_empty())
                aria-invalid=move || ui.invalid(&k1).then_some("true")
                prop:value=move || value.get()
                on:input:target=move |ev| {
                    value.set(ev.target().value());
                    ui.changed(&k2);
                }
                on:blur=move |_| ui.touch(&k3)
            />
            {messages(key)}
        </div>
    }
}

/// A multi-line text input (the health-check command, descriptions).
#[component]
pub fn TextArea(
    #[prop(into)] key: String,
    #[prop(into)] label: String,
    value: Lens<String>,
) -> impl IntoView {
    let ui = use_form_ui();
    let id = element_id(&key);
    let (k1, k2, k3) = (key.clone(), key.clone(), key.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id.clone()
                rows="3"
                spellcheck="false"
                aria-describedby=described_by(&id, false)
                aria-invalid=move || ui.invalid(&k1).then_some("true")
                prop:value=move || value.get()
                on:input:target=move |ev| {
                    value.set(ev.target().value());
                    ui.changed(&k2);
                }
                on:blur=move |_| ui.touch(&k3)
            ></textarea>
            {messages(key)}
        </div>
    }
}

/// A select; the choice counts as touching the field.
#[component]
pub fn SelectField(
    #[prop(into)] key: String,
    #[prop(into)] label: String,
    value: Lens<String>,
    options: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let ui = use_form_ui();
    let id = element_id(&key);
    let (k1, k2) = (key.clone(), key.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                aria-describedby=described_by(&id, false)
                aria-invalid=move || ui.invalid(&k1).then_some("true")
                prop:value=move || value.get()
                on:change:target=move |ev| {
                    value.set(ev.target().value());
                    ui.changed(&k2);
                    ui.touch(&k2);
                }
            >
                {options
                    .iter()
                    .map(|(v, l)| view! { <option value=*v selected=move || value.get() == *v>{*l}</option> })
                    .collect_view()}
            </select>
            {messages(key)}
        </div>
    }
}

/// A checkbox; ticking it counts as touching the field.
#[component]
pub fn CheckField(
    #[prop(into)] key: String,
    #[prop(into)] label: String,
    value: Lens<bool>,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    let ui = use_form_ui();
    let id = element_id(&key);
    let (k1, k2) = (key.clone(), key.clone());
    view! {
        <div class="field check">
            <input
                type="checkbox"
                id=id.clone()
                aria-describedby=described_by(&id, !hint.is_empty())
                aria-invalid=move || ui.invalid(&k1).then_some("true")
                prop:checked=move || value.get()
                on:change:target=move |ev| {
                    value.set(ev.target().checked());
                    ui.changed(&k2);
                    ui.touch(&k2);
                }
            />
            <label for=id.clone()>{label}</label>
            {hint_view(&id, hint)}
            {messages(key)}
        </div>
    }
}

fn hint_view(id: &str, hint: &'static str) -> Option<impl IntoView> {
    (!hint.is_empty()).then(|| view! { <p class="hint" id=format!("{id}-hint")>{hint}</p> })
}

/// Read-only facts (the edit form's fields LISA cannot update).
pub fn read_only(label: &'static str, value: String) -> impl IntoView {
    let shown = if value.is_empty() { "—".to_string() } else { value };
    view! {
        <div class="readonly">
            <dt>{label}</dt>
            <dd>{shown}</dd>
        </div>
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

//! The form fields in the page: HTML from `lisa_console::model_form` (one `innerHTML`), one
//! set of delegated listeners that change the form by key, and direct DOM updates for the
//! complaints and the parts that show or hide. Compiled view code per field would cost the
//! bundle several times more (see the module docs of `model_form::html`).

use std::collections::BTreeMap;

use leptos::html;
use leptos::prelude::*;
use lisa_console::render::form_parts::problems_html;
use lisa_console::model_form::input::KeyedForm;
use lisa_console::model_form::element_id;
use wasm_bindgen::JsCast;

use super::ui::FormUi;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

pub fn by_id(id: &str) -> Option<web_sys::Element> {
    document()?.get_element_by_id(id)
}

fn set_inner(id: &str, html: &str) {
    if let Some(e) = by_id(id) {
        e.set_inner_html(html);
    }
}

fn focus(id: &str) {
    if let Some(e) = by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = e.focus();
    }
}

/// The add button of a list, where focus goes after a row is removed or restored.
fn add_button_of(action: &str) -> &'static str {
    match action {
        "remove-feature" => "feature-add",
        "remove-guardrail" => "guardrail-add",
        _ => "env-add",
    }
}

/// Mark `key`'s element invalid (inputs: `aria-invalid`; groups and sections: `data-invalid`,
/// which the submit's focus search also looks for).
fn mark(key: &str, invalid: bool) {
    let Some(e) = by_id(&element_id(key)) else { return };
    let attr = if matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA") { "aria-invalid" } else { "data-invalid" };
    let _ = if invalid { e.set_attribute(attr, "true") } else { e.remove_attribute(attr) };
}

/// What an input event carries: `(key, value, is_a_choice)`. Choices (checkbox, radio, select)
/// are taken on `change`, text on `input`.
fn read_input(target: &web_sys::EventTarget) -> Option<(String, String, bool)> {
    let el = target.dyn_ref::<web_sys::Element>()?;
    let key = el.get_attribute("data-key")?;
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        return match i.type_().as_str() {
            "checkbox" => Some((key, i.checked().to_string(), true)),
            "radio" => i.checked().then(|| (key, i.value(), true)),
            _ => Some((key, i.value(), false)),
        };
    }
    if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        return Some((key, s.value(), true));
    }
    el.dyn_ref::<web_sys::HtmlTextAreaElement>().map(|t| (key, t.value(), false))
}

/// The fields of `form`, kept in sync with it. `rendered` counts full renders: bump it after
/// replacing the form from outside (a restored draft, a copy, a discard). `on_other` receives
/// button actions the form does not know (page-level buttons inside the fields).
pub fn fields<F: KeyedForm>(
    form: RwSignal<F>,
    ctx: Signal<F::Ctx>,
    ui: FormUi,
    rendered: RwSignal<u64>,
    on_other: Option<Callback<String>>,
    after_render: Option<Callback<()>>,
) -> impl IntoView
where
    F::Ctx: Clone,
{
    let root = NodeRef::<html::Div>::new();
    // What each message slot shows now; cleared whenever slots are rebuilt.
    let shown = StoredValue::new(BTreeMap::<String, String>::new());
    let slots = RwSignal::new(0u64);

    // Full render: on mount and on request.
    Effect::new(move |_| {
        rendered.track();
        let Some(el) = root.get() else { return };
        let html = form.with_untracked(|f| ctx.with_untracked(|c| f.render(c)));
        el.set_inner_html(&html);
        shown.set_value(BTreeMap::new());
        slots.update(|n| *n += 1);
        // Untracked: what the callback reads (the instance list arriving) must not render the
        // fields again under the admin's fingers.
        if let Some(cb) = after_render {
            untrack(|| cb.run(()));
        }
    });

    // Visibility and complaints follow the form, the touched fields and LISA's answers.
    Effect::new(move |_| {
        slots.track();
        let visible = form.with(|f| ctx.with(|c| f.visibility(c)));
        for (id, show) in visible {
            if let Some(e) = by_id(&id) {
                let _ = if show { e.remove_attribute("hidden") } else { e.set_attribute("hidden", "") };
            }
        }
        let mut keys: Vec<String> = ui.errors.with(|e| e.keys().map(String::from).collect());
        ui.server.with(|s| keys.extend(s.keys().map(String::from)));
        shown.with_value(|m| keys.extend(m.keys().cloned()));
        for key in keys {
            let problems = ui.problems(&key);
            let html = problems_html(&problems);
            let unchanged = shown.with_value(|m| m.get(&key).map_or(html.is_empty(), |h| *h == html));
            if unchanged {
                continue;
            }
            set_inner(&format!("{}-msg", element_id(&key)), &html);
            mark(&key, !problems.is_empty());
            shown.update_value(|m| {
                if html.is_empty() {
                    m.remove(&key);
                } else {
                    m.insert(key, html);
                }
            });
        }
    });

    let on_input = move |ev: web_sys::Event, from_change: bool| {
        let Some((key, value, choice)) = ev.target().and_then(|t| read_input(&t)) else { return };
        if choice != from_change {
            return;
        }
        form.update(|f| {
            f.set(&key, &value);
        });
        ui.changed(&key);
        if choice {
            ui.touch(&key);
        }
    };
    let on_focusout = move |ev: web_sys::FocusEvent| {
        let key = ev.target().and_then(|t| t.dyn_ref::<web_sys::Element>().and_then(|e| e.get_attribute("data-key")));
        if let Some(key) = key {
            ui.touch(&key);
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-action]").ok().flatten());
        let Some(button) = button else { return };
        let action = button.get_attribute("data-action").unwrap_or_default();
        let index = button.get_attribute("data-index").and_then(|i| i.parse().ok()).unwrap_or(0);
        let next = form.try_update(|f| ctx.with_untracked(|c| f.act(&action, index, c))).flatten();
        match next {
            Some(key) => {
                let regions = form.with_untracked(|f| ctx.with_untracked(|c| f.regions(c)));
                for (id, html) in regions {
                    set_inner(id, &html);
                }
                // Row keys moved: LISA's complaints about the old rows no longer apply.
                ui.server.update(|s| s.fields.retain(|k, _| !k.contains(".environment.") && !k.starts_with("features.") && !k.starts_with("guardrailsConfig.")));
                shown.set_value(BTreeMap::new());
                slots.update(|n| *n += 1);
                focus(&if key.is_empty() { add_button_of(&action).to_string() } else { element_id(&key) });
            }
            None => {
                if let Some(cb) = on_other {
                    cb.run(action);
                }
            }
        }
    };
    view! {
        <div
            class="form-fields"
            node_ref=root
            on:input=move |ev| on_input(ev, false)
            on:change=move |ev| on_input(ev, true)
            on:focusout=on_focusout
            on:click=on_click
        ></div>
    }
}

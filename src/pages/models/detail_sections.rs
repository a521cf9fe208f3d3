//! The detail page's field groups (HTML from `lisa_console::render::model_detail`), and the
//! reveal buttons of the masked environment values.

use leptos::prelude::*;
use lisa_console::render::model_detail::{detail_groups, MASK};
use lisa_api::LisaModel;
use wasm_bindgen::JsCast;

#[component]
pub fn Sections(model: LisaModel) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let html = detail_groups(&model);
    let environment = StoredValue::new(model.container_config.and_then(|c| c.environment).unwrap_or_default());
    Effect::new(move |_| {
        if let Some(host) = host.get() {
            host.set_inner_html(&html);
        }
    });
    // One value at a time, on request; hiding it removes it from the page again.
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(button) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-env-key]").ok().flatten())
        else {
            return;
        };
        let (Some(key), Some(row)) = (button.get_attribute("data-env-key"), button.parent_element()) else { return };
        let Ok(Some(value)) = row.query_selector(".env-value") else { return };
        let reveal = button.get_attribute("aria-pressed").as_deref() != Some("true");
        let text = if reveal { environment.with_value(|env| env.get(&key).cloned()).unwrap_or_default() } else { MASK.to_string() };
        value.set_text_content(Some(&text));
        let _ = button.set_attribute("aria-pressed", if reveal { "true" } else { "false" });
        button.set_text_content(Some(if reveal { "Hide" } else { "Show" }));
    };
    view! { <div class="detail-groups" node_ref=host on:click=on_click></div> }
}

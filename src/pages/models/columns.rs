//! The catalogue's column chooser (issue 12 part 6): the optional columns, shown or hidden,
//! remembered in `localStorage` (a display preference, not a secret). The choice and the
//! chooser's HTML are `lisa_console::catalogue::columns`; hiding is CSS classes on the table set
//! through the DOM, so no row is rebuilt and no reactive state is needed.

use leptos::prelude::*;
use lisa_console::catalogue::columns::{menu_html, ShownColumns, STORAGE_KEY};
use wasm_bindgen::JsCast;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The remembered choice, or the defaults.
pub fn load() -> ShownColumns {
    let stored = local_storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    ShownColumns::parse(stored.as_deref())
}

/// The table's classes (style/bulk.css hides the columns and narrows the table's minimum width).
pub fn apply(table: &web_sys::Element, shown: &ShownColumns) {
    table.set_class_name(&shown.table_classes());
}

#[component]
pub fn ColumnChooser() -> impl IntoView {
    let current = StoredValue::new(load());
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Some(key) = input.get_attribute("data-column") else { return };
        let Some(column) = lisa_console::catalogue::Column::from_key(&key) else { return };
        let Some(next) = current.try_update_value(|c| {
            *c = c.toggled(column);
            c.clone()
        }) else {
            return;
        };
        if let Some(s) = local_storage() {
            let _ = s.set_item(STORAGE_KEY, &next.to_storage());
        }
        if let Some(table) = super::dom::document().and_then(|d| d.get_element_by_id("catalogue-table")) {
            apply(&table, &next);
        }
    };
    view! { <div class="column-chooser-host" inner_html=current.with_value(menu_html) on:change=on_change></div> }
}

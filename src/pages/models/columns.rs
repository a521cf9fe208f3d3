//! The catalogue's column chooser (issue 12 part 6): the optional columns, shown or hidden,
//! remembered in `localStorage` (a display preference, not a secret). The choice is
//! `lisa_console::catalogue::columns`; hiding is CSS classes on the table, so rows are not rebuilt.

use leptos::prelude::*;
use lisa_console::catalogue::columns::{ShownColumns, OPTIONAL, STORAGE_KEY};

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The remembered choice, or the defaults.
pub fn load() -> RwSignal<ShownColumns> {
    let stored = local_storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    RwSignal::new(ShownColumns::parse(stored.as_deref()))
}

fn save(shown: &ShownColumns) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(STORAGE_KEY, &shown.to_storage());
    }
}

#[component]
pub fn ColumnChooser(shown: RwSignal<ShownColumns>) -> impl IntoView {
    view! {
        <details class="column-chooser" id="column-chooser">
            <summary class="button small">"Columns"</summary>
            <fieldset class="column-menu">
                <legend>"Show columns"</legend>
                {OPTIONAL
                    .into_iter()
                    .map(|column| {
                        let id = format!("show-column-{}", column.key());
                        view! {
                            <label for=id.clone()>
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    prop:checked=move || shown.with(|s| s.shows(column))
                                    on:change=move |_| {
                                        let next = shown.get_untracked().toggled(column);
                                        save(&next);
                                        shown.set(next);
                                    }
                                />
                                {column.label()}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </details>
    }
}

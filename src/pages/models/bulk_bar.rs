//! The catalogue's bulk bar (the selection's count, select all shown, the bulk buttons) and the
//! host the bulk dialog is written into; the selection and the runs are `bulk.rs`'s.

use leptos::prelude::*;
use lisa_console::bulk::{self, models_text, Selection};
use lisa_console::lifecycle::ModelAction;
use wasm_bindgen::JsCast;

use super::bulk::{by_id, set_flag, set_text, Bulk, Order, Rows};

/// The selection's count and the bulk buttons, above the table. Static markup; an effect keeps
/// the texts and disabled states in step with the selection and the filter.
#[component]
pub fn BulkBar(bulk: Bulk, rows: Rows, visible: Order, actions: super::actions::ModelActions) -> impl IntoView {
    // One effect for everything the selection shows outside the rows: the count, the buttons,
    // the table's header checkbox (all shown selected, some, or none); and a new list drops
    // the models deleted meanwhile from the selection.
    Effect::new(move |_| {
        if let Some(list) = rows.get() {
            bulk.prune(&list);
        }
        let (n, shown, selected_shown) = rows.with(|rows| {
            visible.with(|order| {
                bulk.selection.with(|sel| {
                    let (Some(rows), Some(order)) = (rows, order) else { return (sel.len(), 0, 0) };
                    let picked = order.iter().filter(|&&i| rows.get(i as usize).is_some_and(|r| sel.contains(r.id()))).count();
                    (sel.len(), order.len(), picked)
                })
            })
        });
        if let Some(header) = by_id("select-shown").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            header.set_checked(selected_shown > 0 && selected_shown == shown);
            header.set_indeterminate(selected_shown > 0 && selected_shown < shown);
            let _ = header.set_attribute("aria-label", &format!("Select all {shown} shown"));
        }
        set_text("selection-count", &if n == 0 { "No models selected".to_string() } else { format!("{} selected", models_text(n)) });
        set_text("select-all-shown", &format!("Select all {shown} shown"));
        set_flag("clear-selection", "hidden", n == 0);
        for action in bulk::BULK_ACTIONS {
            set_flag(&format!("bulk-{}", action.key()), "disabled", n == 0);
        }
    });
    let button = move |action: ModelAction| {
        view! {
            <button
                type="button"
                class=if action == ModelAction::Delete { "button small danger" } else { "button small" }
                id=format!("bulk-{}", action.key())
                disabled
                on:click=move |_| {
                    rows.with_untracked(|rows| {
                        if let Some(rows) = rows {
                            bulk.open_plan(action, rows, actions.not_admin_now().as_deref());
                        }
                    })
                }
            >
                {format!("{}…", action.label())}
            </button>
        }
    };
    view! {
        <div class="bulk-bar" id="bulk-bar" role="group" aria-label="Selected models">
            <span id="selection-count" aria-live="polite">"No models selected"</span>
            <button type="button" class="button small" id="select-all-shown" on:click=move |_| bulk.select_shown(rows, visible, true)>"Select all shown"</button>
            <button type="button" class="button small" id="clear-selection" hidden on:click=move |_| bulk.selection.set(Selection::new())>
                "Clear selection"
            </button>
            {bulk::BULK_ACTIONS.map(button)}
            <span class="bulk-notice" id="selection-notice" role="status" hidden>
                <span id="selection-notice-text"></span>
                <button type="button" class="button small" on:click=move |_| set_flag("selection-notice", "hidden", true)>"OK"</button>
            </span>
        </div>
    }
}

/// Where the dialog is written.
#[component]
pub fn BulkDialog(bulk: Bulk) -> impl IntoView {
    // A run kept from before a reload is shown once the host exists.
    request_animation_frame(move || bulk.show());
    view! {
        <div
            id="bulk-host"
            on:click=move |ev| bulk.on_click(&ev)
            on:input=move |ev| bulk.on_input(&ev)
            on:keydown=move |ev| bulk.on_keydown(&ev)
        ></div>
    }
}

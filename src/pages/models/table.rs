//! The catalogue table, windowed: only the rows in (and near) the scrolled viewport exist in the
//! DOM, between two spacer rows that keep the scrollbar true to the whole list. The header is
//! a Leptos view; the body is written by `dom::Window`, which reuses the rows that stay on
//! screen, so a refetch that changes one model rebuilds one row and a focused button elsewhere
//! keeps its focus.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use lisa_console::catalogue::{CatalogueRow, Column};

use lisa_console::catalogue::columns::ShownColumns;

use super::actions::ModelActions;
use super::bulk::Bulk;
use super::dom::{clicked_action, clicked_checkbox, target_of, Marks, Window};
use super::filters::ViewState;
use super::Shared;

/// The row height style/catalogue.css gives `.model-row`; measured again after rendering.
const ROW_HEIGHT_PX: f64 = 53.0;
/// Rows rendered above and below the viewport, so fast scrolling rarely shows blank space.
const OVERSCAN: usize = 6;

type Rows = Memo<Option<Shared<Vec<Arc<CatalogueRow>>>>>;
type Order = Memo<Option<Shared<Vec<u32>>>>;

#[component]
pub fn CatalogueTable(
    rows: Rows,
    visible: Order,
    view: ViewState,
    actions: ModelActions,
    bulk: Bulk,
    columns: ShownColumns,
    default_id: RwSignal<Option<String>>,
) -> impl IntoView {
    let scroller = NodeRef::<html::Div>::new();
    let body = NodeRef::<html::Tbody>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    // What style/catalogue.css gives the box (max(360px, 100vh - 250px)), without reading layout.
    let viewport = RwSignal::new(
        web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).map_or(900.0, |h| (h - 250.0).max(360.0)),
    );
    let row_height = RwSignal::new(ROW_HEIGHT_PX);
    let count = Memo::new(move |_| visible.with(|v| v.as_ref().map_or(0, |v| v.len())));

    // The slice of the visible order that is rendered. A Memo: scrolling within a row does nothing.
    let range = Memo::new(move |_| {
        let n = count.get();
        let h = row_height.get().max(1.0);
        let first = (scroll_top.get().max(0.0) / h).floor() as usize;
        let start = first.saturating_sub(OVERSCAN).min(n);
        let end = (first + (viewport.get() / h).ceil() as usize + OVERSCAN).min(n);
        (start, end.max(start))
    });

    // Layout is read only when it may have changed (first rows, resize), never after each
    // render: forcing a synchronous layout there would double the cost of every update. Every
    // access may find the table gone (this also runs from a timer), hence `try_`.
    let measure = move || {
        let Some(el) = scroller.try_get_untracked().flatten() else { return };
        // The box is as tall as its CSS max-height once it has enough rows.
        let max_height = web_sys::window()
            .and_then(|w| w.get_computed_style(&el).ok().flatten())
            .and_then(|style| style.get_property_value("max-height").ok())
            .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
            .unwrap_or(900.0);
        viewport.try_set(max_height.max(200.0));
        if let Ok(Some(row)) = el.query_selector("tr.model-row") {
            let h = row.get_bounding_client_rect().height();
            if h > 10.0 && row_height.try_get_untracked().is_some_and(|old| (h - old).abs() > 0.25) {
                row_height.try_set(h);
            }
        }
    };
    let calibrated = StoredValue::new(false);

    // Write the window into the body whenever it, the pending actions or the account change.
    let window = StoredValue::new_local(Window::new());
    Effect::new(move |_| {
        let (start, end) = range.get();
        let h = row_height.get();
        let not_admin = actions.not_admin();
        let items: Vec<(usize, Arc<CatalogueRow>)> = rows.with(|rows| {
            visible.with(|order| match (rows, order) {
                (Some(rows), Some(order)) => order
                    .get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .filter_map(|(i, &idx)| rows.get(idx as usize).map(|r| (start + i, r.clone())))
                    .collect(),
                _ => Vec::new(),
            })
        });
        let spacers = (start as f64 * h, count.get().saturating_sub(end) as f64 * h);
        let Some(tbody) = body.get() else { return };
        bulk.selection.with(|selected| {
            default_id.with(|default_id| {
                let marks = Marks { selected, default_id: default_id.as_deref() };
                actions.pending.with(|pending| {
                    window.update_value(|w| w.render(&tbody, spacers, &items, not_admin.as_deref(), pending, &marks));
                });
            })
        });
        if !items.is_empty() && !calibrated.get_value() {
            calibrated.set_value(true);
            // Once the first rows are on screen: measuring now would force a layout inside the
            // frame that shows the data, and a corrected height would lay it out again.
            request_animation_frame(move || set_timeout(measure, std::time::Duration::ZERO));
        }
        if !items.is_empty() {
            super::perf::mark("catalogue:rows");
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // A new sort or filter starts at the top. Setting scrollTop forces a layout, so only when
    // the box is scrolled at all.
    Effect::new(move |previous: Option<()>| {
        view.query.track();
        if previous.is_some() && scroll_top.get_untracked() > 0.0 {
            scroll_top.set(0.0);
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
        }
    });

    // One listener for every row's buttons and checkboxes.
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some((id, on)) = clicked_checkbox(&ev) {
            bulk.toggle(&id, on);
            return;
        }
        let Some((action, id)) = clicked_action(&ev) else { return };
        let target = rows.with_untracked(|rows| {
            rows.as_ref().and_then(|rows| rows.iter().find(|r| r.model.model_id == id).map(|r| target_of(r)))
        });
        if let Some(target) = target {
            actions.request(&target, action);
        }
    };

    view! {
        <div
            class="catalogue-scroll"
            id="catalogue-scroll"
            node_ref=scroller
            on:scroll=move |_| {
                if let Some(el) = scroller.get_untracked() {
                    scroll_top.set(f64::from(el.scroll_top()));
                }
            }
        >
            <table class=columns.table_classes() id="catalogue-table" aria-rowcount=move || count.get() + 1>
                <caption class="visually-hidden">"Models; column headers sort the table"</caption>
                // Column widths are on the header cells (style/bulk.css), not on <col>s: a hidden
                // column's header and cells are display:none, and the column is gone with them.
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col" class="cell-select">
                            <input
                                type="checkbox"
                                id="select-shown"
                                aria-label="Select all shown"
                                on:change:target=move |ev| bulk.select_shown(rows, visible, ev.target().checked())
                            />
                        </th>
                        {Column::ALL.into_iter().map(|column| view! { <HeaderCell column view /> }).collect_view()}
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody node_ref=body on:click=on_click></tbody>
            </table>
            <Show when=move || count.get() == 0 && rows.with(Option::is_some)>
                <div class="no-match" id="catalogue-no-match">
                    <p>"No models match these filters."</p>
                    <button type="button" class="button small" on:click=move |_| view.set(view.query.get_untracked().cleared(), false)>
                        "Clear filters"
                    </button>
                </div>
            </Show>
        </div>
    }
}

#[component]
fn HeaderCell(column: Column, view: ViewState) -> impl IntoView {
    let sort = move || view.query.with(|q| if q.sort == column { q.dir.aria() } else { "none" });
    let icon = move || match sort() {
        "ascending" => "▲",
        "descending" => "▼",
        _ => "↕",
    };
    view! {
        <th scope="col" class=if column == Column::Context { "num" } else { "" } aria-sort=sort data-column=column.key()>
            <button
                type="button"
                class="sort"
                id=format!("sort-{}", column.key())
                on:click=move |_| view.set(view.query.get_untracked().sorted_by(column), false)
            >
                {column.label()}
                <span class="sort-icon" aria-hidden="true">{icon}</span>
            </button>
        </th>
    }
}

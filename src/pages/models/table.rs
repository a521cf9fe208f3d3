//! The catalogue table, windowed: only the rows in (and near) the scrolled viewport exist in the
//! DOM, between two spacer rows that keep the scrollbar true to the whole list. Rows are keyed
//! by id and content fingerprint, so a refetch that changes one model re-renders one row (a
//! focused button elsewhere keeps its focus), and scrolling adds and removes rows at the edges.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use lisa_contract::catalogue::{format_thousands, CatalogueRow, Column, Serving};

use super::actions::ActionBar;
use super::filters::{aria_sort, ViewState};
use super::Shared;
use crate::components::status_badge::StatusBadge;
use crate::routes;

/// The row height style/catalogue.css gives `.model-row`; measured again after the first render.
const ROW_HEIGHT_PX: f64 = 53.0;
/// Rows rendered above and below the viewport, so fast scrolling rarely shows blank space.
const OVERSCAN: usize = 8;

type Rows = Memo<Option<Shared<Vec<Arc<CatalogueRow>>>>>;
type Order = Memo<Option<Shared<Vec<u32>>>>;

#[component]
pub fn CatalogueTable(rows: Rows, visible: Order, view: ViewState) -> impl IntoView {
    let scroller = NodeRef::<html::Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(900.0_f64);
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
    let window = move || -> Vec<Arc<CatalogueRow>> {
        let (start, end) = range.get();
        rows.with(|rows| {
            visible.with(|order| match (rows, order) {
                (Some(rows), Some(order)) => order
                    .get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|&idx| rows.get(idx as usize).cloned())
                    .collect(),
                _ => Vec::new(),
            })
        })
    };

    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            // The box grows with its content up to the window's height, so the window height
            // bounds what can be visible (the box's own height undercounts while it is filling).
            let window_height = web_sys::window()
                .and_then(|w| w.inner_height().ok())
                .and_then(|h| h.as_f64())
                .unwrap_or(900.0);
            viewport.set(window_height.max(f64::from(el.client_height())).max(200.0));
            scroll_top.set(f64::from(el.scroll_top()));
            if let Ok(Some(row)) = el.query_selector("tr.model-row") {
                let h = row.get_bounding_client_rect().height();
                if h > 10.0 && (h - row_height.get_untracked()).abs() > 0.25 {
                    row_height.set(h);
                }
            }
        }
    };
    // After rows render: the real row height and viewport (fonts, zoom, window size).
    Effect::new(move |_| {
        range.track();
        measure();
        super::perf::mark("catalogue:rows");
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // A new sort or filter starts at the top.
    Effect::new(move |previous: Option<()>| {
        view.query.track();
        if previous.is_some() {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
        }
    });

    let spacer_top = move || format!("{}px", range.get().0 as f64 * row_height.get());
    let spacer_bottom = move || format!("{}px", count.get().saturating_sub(range.get().1) as f64 * row_height.get());

    view! {
        <div
            class="catalogue-scroll"
            id="catalogue-scroll"
            node_ref=scroller
            on:scroll=move |_| measure()
        >
            <table class="catalogue-table" id="catalogue-table" aria-rowcount=move || count.get() + 1>
                <caption class="visually-hidden">"Models; column headers sort the table"</caption>
                <colgroup>
                    {Column::ALL.iter().map(|c| view! { <col class=format!("col-{}", c.key()) /> }).collect_view()}
                    <col class="col-actions" />
                </colgroup>
                <thead>
                    <tr aria-rowindex="1">
                        {Column::ALL.into_iter().map(|column| view! { <HeaderCell column view /> }).collect_view()}
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    // Spacer heights are set through the CSSOM (`style:`), which a strict
                    // `style-src 'self'` CSP allows; there is no inline style attribute in markup.
                    <tr class="spacer" aria-hidden="true">
                        <td colspan="11" style:height=spacer_top></td>
                    </tr>
                    <ForEnumerate
                        each=window
                        key=|row| (row.id().to_string(), row.fingerprint)
                        children=move |index, row| {
                            let rowindex = Signal::derive(move || range.get().0 + index.get() + 2);
                            view! { <ModelRow row rowindex /> }
                        }
                    />
                    <tr class="spacer" aria-hidden="true">
                        <td colspan="11" style:height=spacer_bottom></td>
                    </tr>
                </tbody>
            </table>
            {move || {
                (count.get() == 0).then(|| {
                    view! {
                        <div class="no-match" id="catalogue-no-match">
                            <p>"No models match these filters."</p>
                            <button type="button" class="button small" on:click=move |_| view.set(view.query.get_untracked().cleared(), false)>
                                "Clear filters"
                            </button>
                        </div>
                    }
                })
            }}
        </div>
    }
}

#[component]
fn HeaderCell(column: Column, view: ViewState) -> impl IntoView {
    let sort = aria_sort(view, column);
    let icon = move || match sort() {
        "ascending" => "▲",
        "descending" => "▼",
        _ => "↕",
    };
    let class = if column == Column::Context { "num" } else { "" };
    view! {
        <th scope="col" class=class aria-sort=sort data-column=column.key()>
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

fn dash(text: &str) -> String {
    if text.is_empty() { "—".to_string() } else { text.to_string() }
}

#[component]
fn ModelRow(row: Arc<CatalogueRow>, rowindex: Signal<usize>) -> impl IntoView {
    let m = &row.model;
    let id = m.model_id.clone();
    let context_title = m.context_window.map(|n| format!("{} tokens", format_thousands(n)));
    let serving_class = match row.serving {
        Serving::Yes => "serving serving-yes",
        Serving::No => "serving serving-no",
        Serving::Unknown => "serving serving-unknown",
    };
    view! {
        <tr class="model-row" data-model-id=id.clone() aria-rowindex=move || rowindex.get()>
            <td class="cell-model">
                <a class="model-id" href=routes::model(&id)>{id.clone()}</a>
                <span class="model-name muted" title=m.model_name.clone()>{dash(&m.model_name)}</span>
            </td>
            <td class="cell-type">{m.model_type.as_str().to_string()}</td>
            <td class="cell-hosting">{row.hosting.label()}</td>
            <td class="cell-status"><StatusBadge status=m.status.clone() /></td>
            <td class="cell-instance">{dash(m.instance_type.as_deref().unwrap_or(""))}</td>
            <td class="cell-streaming">{if m.streaming { "Yes" } else { "No" }}</td>
            <td class="cell-features" title=row.features_text.clone()>{dash(&row.features_text)}</td>
            <td class="cell-context num" title=context_title>{dash(&row.context_text)}</td>
            <td class="cell-groups" title=row.groups_text.clone()>{row.groups_text.clone()}</td>
            <td class=format!("cell-serving {serving_class}")>{row.serving.label()}</td>
            <td class="cell-actions"><ActionBar model=m.clone() compact=true /></td>
        </tr>
    }
}

//! Bar charts drawn as SVG by the app (no canvas, no chart library) and the sortable table that
//! carries the same numbers.
//!
//! Every bar shows its value as text, carries `data-label`/`data-value`, and has a `<title>`
//! (the tooltip). The `<svg>` is one labelled image for screen readers; the table next to it is
//! the accessible, complete version of the data. Long series show the top bars first, so a
//! 500-tool chart stays readable and cheap to draw until "Show all" is asked for.

use std::sync::Arc;

use leptos::prelude::*;
use lisa_contract::metrics_view::fmt::{count, fixed};
use lisa_contract::metrics_view::sort::SortState;
use lisa_contract::metrics_view::{bar_fraction, bars_csv, chart_max, chart_order, share, sort_bars, Bar, BarColumn};

use super::dom::{replace_bars, replace_rows, BarSpec, Row};
use super::download::DownloadButton;
use crate::components::sort_header::SortHeader;

/// Bars shown before "Show all".
const TOP_BARS: usize = 20;
/// Height of one bar row (label line and bar), in px.
const ROW_HEIGHT: usize = 34;
/// The longest bar leaves room for its value label.
const MAX_BAR_PERCENT: f64 = 82.0;

/// A horizontal bar chart of `bars`, biggest first.
#[component]
pub fn BarChart(
    id: &'static str,
    /// What the bars measure, for the accessible label: "MCP tool calls by tool".
    caption: &'static str,
    /// The unit after a value in tooltips: "calls", "users".
    unit: &'static str,
    #[prop(into)] bars: Signal<Arc<Vec<Bar>>>,
    /// The id of the table with the same data.
    table_id: &'static str,
) -> impl IntoView {
    let show_all = RwSignal::new(false);
    let order = Memo::new(move |_| bars.with(|b| chart_order(b)));
    let total = move || bars.with(|b| b.len());
    let has_bars = move || total() > 0;
    let has_more = move || total() > TOP_BARS;
    let shown = move || if show_all.get() { total() } else { total().min(TOP_BARS) };
    let summary = move || {
        bars.with(|b| {
            let top = order.with(|o| o.first().and_then(|&i| b.get(i)).map(|bar| (bar.label.clone(), bar.value)));
            match top {
                None => format!("{caption}: no data."),
                Some((label, value)) => format!(
                    "Bar chart of {caption}, {} bars shown of {}; the largest is {label} with {} {unit}. \
                     Every value is in the table that follows.",
                    shown(),
                    b.len(),
                    count(value)
                ),
            }
        })
    };
    let svg = NodeRef::<leptos::svg::Svg>::new();
    Effect::new(move |_| {
        let Some(svg) = svg.get() else { return };
        let specs: Vec<BarSpec> = bars.with(|bars| {
            let max = chart_max(bars);
            order.with(|o| {
                o.iter()
                    .take(shown())
                    .filter_map(|&i| bars.get(i))
                    .map(|b| {
                        let value = count(b.value);
                        BarSpec {
                            tooltip: format!("{}: {value} {unit}", b.label),
                            percent: format!("{}%", fixed(bar_fraction(b.value, max) * MAX_BAR_PERCENT, 3)),
                            label: b.label.clone(),
                            value,
                        }
                    })
                    .collect()
            })
        });
        replace_bars(&svg, &specs, ROW_HEIGHT);
    });
    view! {
        <figure class="chart" id=id>
            <Show
                when=has_bars
                fallback=move || view! { <p class="chart-empty muted">"Nothing recorded yet."</p> }
            >
                <svg
                    class="bar-chart"
                    role="img"
                    aria-label=summary
                    aria-describedby=table_id
                    width="100%"
                    node_ref=svg
                ></svg>
                <Show when=has_more>
                    <button
                        type="button"
                        class="button small chart-more"
                        aria-expanded=move || show_all.get().to_string()
                        on:click=move |_| show_all.update(|v| *v = !*v)
                    >
                        {move || {
                            if show_all.get() {
                                format!("Show the top {TOP_BARS}")
                            } else {
                                format!("Show all {}", total())
                            }
                        }}
                    </button>
                </Show>
            </Show>
        </figure>
    }
}

/// The table of a bar series: label, value and share, sortable, with its CSV download.
#[component]
pub fn BarTable(
    id: &'static str,
    caption: &'static str,
    label_header: &'static str,
    value_header: &'static str,
    /// Column names in the CSV: `tool`, `calls`.
    csv_headers: (&'static str, &'static str),
    #[prop(into)] file_name: Signal<String>,
    #[prop(into)] bars: Signal<Arc<Vec<Bar>>>,
) -> impl IntoView {
    let sort = RwSignal::new(SortState::new(BarColumn::Value));
    let order = Memo::new(move |_| bars.with(|b| sort_bars(b, sort.get())));
    let total = move || bars.with(|b| b.iter().map(|x| x.value).sum::<f64>());
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    Effect::new(move |_| {
        let Some(tbody) = tbody.get() else { return };
        let total = total();
        let rows: Vec<Row> = bars.with(|bars| {
            order.with(|o| {
                o.iter()
                    .filter_map(|&i| bars.get(i))
                    .map(|b| Row {
                        attrs: Vec::new(),
                        cells: vec![
                            (b.label.clone(), "mono"),
                            (count(b.value), "num"),
                            (share(b.value, total).map(|p| format!("{}%", fixed(p, 1))).unwrap_or_default(), "num"),
                        ],
                    })
                    .collect()
            })
        });
        replace_rows(&tbody, &rows);
    });
    let header = move |column: BarColumn| Signal::derive(move || sort.get().aria_for(column));
    let on_sort = move |column: BarColumn| Callback::new(move |_| sort.update(|s| *s = s.toggled(column)));
    let csv = move || {
        let (label, value) = csv_headers;
        bars.with(|b| order.with(|o| bars_csv(label, value, b, o)))
    };
    view! {
        <div class="table-tools">
            <DownloadButton id=format!("{id}-csv") label="Download CSV" file_name=file_name csv=csv />
        </div>
        <div class="table-wrap">
            <table id=id>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <SortHeader
                            label=label_header
                            column="label"
                            aria_sort=header(BarColumn::Label)
                            on_sort=on_sort(BarColumn::Label)
                        />
                        <SortHeader
                            label=value_header
                            column="value"
                            numeric=true
                            aria_sort=header(BarColumn::Value)
                            on_sort=on_sort(BarColumn::Value)
                        />
                        <th scope="col" class="num">"Share"</th>
                    </tr>
                </thead>
                <tbody node_ref=tbody></tbody>
            </table>
        </div>
    }
}

//! Bar charts drawn as SVG by the app (no canvas, no chart library) and the sortable table that
//! carries the same numbers.
//!
//! Every bar shows its value as text, carries `data-label`/`data-value`, and has a `<title>`
//! (the tooltip). The `<svg>` is one labelled image for screen readers; the table next to it is
//! the accessible, complete version of the data. Long series show the top bars first, so a
//! 500-tool chart stays readable and cheap to draw until "Show all" is asked for.

use std::sync::Arc;

use leptos::prelude::*;
use lisa_console::metrics_view::fmt::{count, fixed};
use lisa_console::metrics_view::sort::SortState;
use lisa_console::metrics_view::{bar_fraction, bars_csv, chart_max, chart_order, share, sort_bars, Bar, BarColumn};

use super::dom::{replace_bars, replace_rows, BarSpec, Row};
use super::download::DownloadButton;
use crate::components::sort_header::SortHeader;

/// Bars shown before "Show all".
const TOP_BARS: usize = 20;
/// Height of one bar row (label line and bar), in px.
const ROW_HEIGHT: usize = 34;
/// The longest bar leaves room for its value label.
const MAX_BAR_PERCENT: f64 = 82.0;

/// A horizontal bar chart of `bars`, biggest first. The series is fixed for the chart's life
/// (a refresh renders a new chart).
#[component]
pub fn BarChart(
    id: &'static str,
    /// What the bars measure, for the accessible label: "MCP tool calls by tool".
    caption: &'static str,
    /// The unit after a value in tooltips: "calls", "users".
    unit: &'static str,
    bars: Arc<Vec<Bar>>,
    /// The id of the table with the same data.
    table_id: &'static str,
) -> impl IntoView {
    let show_all = RwSignal::new(false);
    let total = bars.len();
    let order = Arc::new(chart_order(&bars));
    let shown = move || if show_all.get() { total } else { total.min(TOP_BARS) };
    let top = order.first().and_then(|&i| bars.get(i)).map(|b| (b.label.clone(), count(b.value)));
    let summary = move || match &top {
        None => format!("{caption}: no data."),
        Some((label, value)) => format!(
            "Bar chart of {caption}, {} bars shown of {total}; the largest is {label} with {value} {unit}. \
             Every value is in the table that follows.",
            shown()
        ),
    };
    let svg = NodeRef::<leptos::svg::Svg>::new();
    Effect::new(move |_| {
        let Some(svg) = svg.get() else { return };
        let max = chart_max(&bars);
        let specs: Vec<BarSpec> = order
            .iter()
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
            .collect();
        replace_bars(&svg, &specs, ROW_HEIGHT);
    });
    let more_label = move || {
        if show_all.get() {
            format!("Show the top {TOP_BARS}")
        } else {
            format!("Show all {total}")
        }
    };
    view! {
        <figure class="chart" id=id>
            {(total == 0).then(|| view! { <p class="chart-empty muted">"Nothing recorded yet."</p> })}
            {(total > 0).then(|| view! {
                <svg
                    class="bar-chart"
                    role="img"
                    aria-label=summary
                    aria-describedby=table_id
                    width="100%"
                    node_ref=svg
                ></svg>
            })}
            {(total > TOP_BARS).then(|| view! {
                <button
                    type="button"
                    class="button small chart-more"
                    aria-expanded=move || show_all.get().to_string()
                    on:click=move |_| show_all.update(|v| *v = !*v)
                >
                    {more_label}
                </button>
            })}
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
    file_name: String,
    bars: Arc<Vec<Bar>>,
) -> impl IntoView {
    let sort = RwSignal::new(SortState::new(BarColumn::Value));
    let order = {
        let bars = bars.clone();
        Memo::new(move |_| sort_bars(&bars, sort.get()))
    };
    let total: f64 = bars.iter().map(|x| x.value).sum();
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    let table_bars = bars.clone();
    Effect::new(move |_| {
        let bars = &table_bars;
        let Some(tbody) = tbody.get() else { return };
        let rows: Vec<Row> = order.with(|o| {
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
        });
        replace_rows(&tbody, &rows);
    });
    let header = move |column: BarColumn| Signal::derive(move || sort.get().aria_for(column));
    let on_sort = move |column: BarColumn| Callback::new(move |_| sort.update(|s| *s = s.toggled(column)));
    let csv = move || {
        let (label, value) = csv_headers;
        order.with_untracked(|o| bars_csv(label, value, &bars, o))
    };
    view! {
        <div class="table-tools">
            <DownloadButton id=format!("{id}-csv") label="Download CSV" file_name=file_name csv=Box::new(csv) />
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

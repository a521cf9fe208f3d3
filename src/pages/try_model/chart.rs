//! A small bar chart of the compared models: time to first token and tokens per second, in
//! plain SVG built with DOM calls (as the metrics charts are). Every bar carries its value as
//! text and `data-` attributes; the figures are also in each answer's own list.

use leptos::prelude::*;
use lisa_console::try_model::call::duration_text;
use wasm_bindgen::JsCast;

use super::pane::Pane;

const SVG: &str = "http://www.w3.org/2000/svg";
const ROW: usize = 30;
/// The longest bar leaves room for its value.
const MAX_PERCENT: f64 = 70.0;

struct BarRow {
    label: String,
    value: Option<f64>,
    text: String,
}

fn clear(el: &web_sys::Element) {
    while let Some(child) = el.first_child() {
        let _ = el.remove_child(&child);
    }
}

fn text_el(doc: &web_sys::Document, class: &str, text: &str, x: &str, y: &str) -> Option<web_sys::Element> {
    let t = doc.create_element_ns(Some(SVG), "text").ok()?;
    for (k, v) in [("class", class), ("x", x), ("y", y)] {
        let _ = t.set_attribute(k, v);
    }
    t.set_text_content(Some(text));
    Some(t)
}

/// Replace the bars of `svg` with `rows`.
fn draw(svg: &web_sys::Element, rows: &[BarRow]) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    clear(svg);
    let _ = svg.set_attribute("height", &(rows.len() * ROW).to_string());
    let max = rows.iter().filter_map(|r| r.value).fold(0.0, f64::max);
    for (i, row) in rows.iter().enumerate() {
        let Ok(g) = doc.create_element_ns(Some(SVG), "g") else { continue };
        let _ = g.set_attribute("class", "bar");
        let _ = g.set_attribute("transform", &format!("translate(0,{})", i * ROW));
        let _ = g.set_attribute("data-label", &row.label);
        let _ = g.set_attribute("data-value", &row.value.map(|v| format!("{v:.1}")).unwrap_or_default());
        let percent = match row.value {
            Some(v) if max > 0.0 => v / max * MAX_PERCENT,
            _ => 0.0,
        };
        let width = format!("{percent:.2}%");
        if let Some(label) = text_el(&doc, "bar-label", &row.label, "0", "11") {
            let _ = g.append_child(&label);
        }
        if let Ok(rect) = doc.create_element_ns(Some(SVG), "rect") {
            for (k, v) in [("class", "bar-fill"), ("x", "0"), ("y", "15"), ("height", "10"), ("rx", "2"), ("width", width.as_str())] {
                let _ = rect.set_attribute(k, v);
            }
            let _ = g.append_child(&rect);
        }
        if let Some(value) = text_el(&doc, "bar-value", &row.text, &width, "24") {
            let _ = value.set_attribute("dx", "6");
            let _ = g.append_child(&value);
        }
        let _ = svg.append_child(&g);
    }
}

#[component]
pub fn CompareChart(panes: Vec<Pane>) -> impl IntoView {
    let ttft = NodeRef::<leptos::svg::Svg>::new();
    let rate = NodeRef::<leptos::svg::Svg>::new();
    let shown = RwSignal::new(false);
    Effect::new(move |_| {
        // Redrawn when a call starts or ends, not on every chunk.
        panes.iter().for_each(|p| p.running.track());
        let figures: Vec<(String, Option<lisa_console::try_model::Figures>)> =
            panes.iter().map(|p| (p.id(), untrack(|| p.figures()).filter(|_| !p.running.get_untracked()))).collect();
        shown.set(figures.iter().any(|(_, f)| f.is_some()));
        let ttft_rows: Vec<BarRow> = figures
            .iter()
            .map(|(id, f)| {
                let v = f.as_ref().and_then(|f| f.time_to_first_token_ms);
                BarRow { label: id.clone(), value: v, text: v.map(duration_text).unwrap_or_else(|| "—".into()) }
            })
            .collect();
        let rate_rows: Vec<BarRow> = figures
            .iter()
            .map(|(id, f)| {
                let v = f.as_ref().and_then(|f| f.tokens_per_second);
                BarRow { label: id.clone(), value: v, text: v.map(|r| format!("{r:.1} tokens/s")).unwrap_or_else(|| "—".into()) }
            })
            .collect();
        if let (Some(a), Some(b)) = (ttft.get(), rate.get()) {
            draw(a.unchecked_ref(), &ttft_rows);
            draw(b.unchecked_ref(), &rate_rows);
        }
    });
    view! {
        <div class="card compare-chart" id="compare-chart" hidden=move || !shown.get()>
            <h2 class="card-title">"At a glance"</h2>
            <div class="chart-pair">
                <figure class="chart">
                    <figcaption>"Time to first token (shorter is better)"</figcaption>
                    <svg class="bar-chart" id="chart-ttft" role="img" aria-label="Time to first token per model; each answer lists it too" width="100%" node_ref=ttft></svg>
                </figure>
                <figure class="chart">
                    <figcaption>"Completion tokens per second after the first token (longer is better)"</figcaption>
                    <svg class="bar-chart" id="chart-rate" role="img" aria-label="Tokens per second per model; each answer lists it too" width="100%" node_ref=rate></svg>
                </figure>
            </div>
        </div>
    }
}

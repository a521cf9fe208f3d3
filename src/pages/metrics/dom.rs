//! Table rows and chart bars written straight into the DOM from plain data.
//!
//! The metrics tables and charts are long (5,000 sessions, 500 tools) and all alike: rows of
//! text cells. Building them here, through one non-generic function each, keeps them out of
//! Leptos' typed view code, which is compiled once per row shape and weighed heavily on the
//! wasm bundle, and a re-sort simply replaces one page of rows. Text goes in through
//! `textContent` only, never as HTML.

use web_sys::{Document, Element};

const SVG: &str = "http://www.w3.org/2000/svg";

/// One table row: attributes of the `<tr>` and its cells as `(text, class)`.
pub struct Row {
    pub attrs: Vec<(&'static str, String)>,
    pub cells: Vec<(String, &'static str)>,
}

/// One chart bar: its label, its value as shown, and its length in percent of the width.
pub struct BarSpec {
    pub label: String,
    pub value: String,
    pub tooltip: String,
    pub percent: String,
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

fn clear(parent: &Element) {
    while let Some(child) = parent.last_child() {
        let _ = parent.remove_child(&child);
    }
}

/// An element with text: an HTML element without `ns`, else one in that namespace (SVG). Never
/// `create_element_ns(None, …)`: that makes an element in no namespace, which is not an HTML
/// table cell and renders inline.
fn with_text(doc: &Document, ns: Option<&str>, tag: &str, class: &str, text: &str) -> Option<Element> {
    let el = match ns {
        Some(ns) => doc.create_element_ns(Some(ns), tag),
        None => doc.create_element(tag),
    }
    .ok()?;
    if !class.is_empty() {
        let _ = el.set_attribute("class", class);
    }
    el.set_text_content(Some(text));
    Some(el)
}

/// Replace the rows of `tbody`.
pub fn replace_rows(tbody: &Element, rows: &[Row]) {
    let Some(doc) = document() else { return };
    clear(tbody);
    let fragment = doc.create_document_fragment();
    for row in rows {
        let Ok(tr) = doc.create_element("tr") else { continue };
        for (name, value) in &row.attrs {
            let _ = tr.set_attribute(name, value);
        }
        for (text, class) in &row.cells {
            if let Some(td) = with_text(&doc, None, "td", class, text) {
                let _ = tr.append_child(&td);
            }
        }
        let _ = fragment.append_child(&tr);
    }
    let _ = tbody.append_child(&fragment);
}

/// Replace the bars of a chart's `<svg>`; each bar is `row_height` px tall.
pub fn replace_bars(svg: &Element, bars: &[BarSpec], row_height: usize) {
    let Some(doc) = document() else { return };
    clear(svg);
    let _ = svg.set_attribute("height", &(bars.len() * row_height).to_string());
    let fragment = doc.create_document_fragment();
    for (rank, bar) in bars.iter().enumerate() {
        let Ok(g) = doc.create_element_ns(Some(SVG), "g") else { continue };
        let _ = g.set_attribute("class", "bar");
        let _ = g.set_attribute("transform", &format!("translate(0,{})", rank * row_height));
        let _ = g.set_attribute("data-label", &bar.label);
        let _ = g.set_attribute("data-value", &bar.value);
        let parts = [
            with_text(&doc, Some(SVG), "title", "", &bar.tooltip),
            with_text(&doc, Some(SVG), "text", "bar-label", &bar.label).inspect(|t| {
                let _ = t.set_attribute("x", "0");
                let _ = t.set_attribute("y", "13");
            }),
            doc.create_element_ns(Some(SVG), "rect").ok().inspect(|r| {
                for (k, v) in [("class", "bar-fill"), ("x", "0"), ("y", "17"), ("height", "12"), ("rx", "2")] {
                    let _ = r.set_attribute(k, v);
                }
                let _ = r.set_attribute("width", &bar.percent);
            }),
            with_text(&doc, Some(SVG), "text", "bar-value", &bar.value).inspect(|t| {
                let _ = t.set_attribute("x", &bar.percent);
                let _ = t.set_attribute("dx", "6");
                let _ = t.set_attribute("y", "28");
            }),
        ];
        for part in parts.iter().flatten() {
            let _ = g.append_child(part);
        }
        let _ = fragment.append_child(&g);
    }
    let _ = svg.append_child(&fragment);
}

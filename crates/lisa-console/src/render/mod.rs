//! Page markup built as HTML text, for the parts of pages where that is measurably smaller or
//! faster than Leptos `view!` code; the app writes each result with one `innerHTML` and handles
//! events with one delegated listener per container.
//!
//! Why text (both measured when they were written, see README "Performance"):
//! * the catalogue's windowed table replaces up to ~30 rows on every sort, keystroke and scroll:
//!   one `innerHTML` per row lets the browser's parser build its ~60 elements natively instead of
//!   ~150 DOM calls from WebAssembly (`catalogue_rows`);
//! * the create and edit forms have ~150 fields: compiled view code per field did not fit the
//!   300 KB first-load budget of their bundles (`form_parts`, `form_fields`, `form_rows`);
//! * the detail page's groups are static text (`model_detail`).
//!
//! Every value from LISA, storage or the user goes through [`escape`]; links come in already
//! built by the app's router helpers. They live here, not in `src/pages`, so that the tests of
//! `cargo test -p lisa-console` run them natively (tests/model_form_html.rs, and unit tests).

pub mod bulk;
pub mod catalogue_rows;
pub mod form_fields;
pub mod form_parts;
pub mod form_rows;
pub mod model_detail;

/// Text for HTML content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

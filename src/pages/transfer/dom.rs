//! The browser pieces of the import and export pages: reading a chosen or dropped file, offering
//! text as a download, copying text, the time. Nothing goes to a server.

use wasm_bindgen::JsCast;

/// Offer `text` as a download called `file_name` (`crate::download`).
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    crate::download::offer(file_name, mime, text, "The file")
}

/// The file an `<input type="file">` holds.
pub fn chosen_file(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    input.files()?.get(0)
}

/// The first file of a drop.
pub fn dropped_file(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    ev.data_transfer()?.files()?.get(0)
}

/// A file's text (UTF-8).
pub async fn file_text(file: &web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.map_err(|_| "The file could not be read.".to_string())?;
    text.as_string().ok_or_else(|| "The file could not be read as text.".to_string())
}

/// Put `text` on the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window().map(|w| w.navigator().clipboard()).ok_or("No clipboard in this browser.")?;
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "The browser did not allow copying; select the command and copy it yourself.".to_string())
}

/// Now, as ISO 8601 UTC (`2026-12-03T10:20:00.000Z`).
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default()
}

/// The id of the focused element inside `container`, to focus it again once the container's
/// HTML is replaced.
pub fn focused_id_within(container: &web_sys::Element) -> Option<String> {
    let active = web_sys::window()?.document()?.active_element()?;
    (container.contains(Some(&active)) && !active.id().is_empty()).then(|| active.id())
}

pub fn focus_by_id(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// `performance.mark(name)`: the moments `make bench` (transfer) splits its figures at.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

//! Files made in the browser (the metrics CSVs, the comparison results, the export and the
//! import report): a Blob, an object URL and a temporary `<a download>`. Nothing goes to a
//! server.

use wasm_bindgen::{JsCast, JsValue};

/// Offer `text` as a download called `file_name` of type `mime`. `noun` names the file in the
/// error ("The CSV could not be created (Blob).").
pub fn offer(file_name: &str, mime: &str, text: &str, noun: &str) -> Result<(), String> {
    let fail = |what: &str| format!("{noun} could not be created ({what}).");
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| fail("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| fail("Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let anchor = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or_else(|| fail("link"))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_class_name("visually-hidden");
    // The router leaves links with a `download` attribute to the browser.
    if let Some(body) = document.body() {
        let _ = body.append_child(&anchor);
    }
    anchor.click();
    anchor.remove();
    // Revoked later: the browser reads the URL after this function returns.
    leptos::task::spawn_local(async move {
        crate::time::sleep(10_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

//! A panic aborts the release build (`panic = "abort"`), so the app is dead afterwards. The hook
//! runs first: it logs the message and puts a visible banner on the page, so the admin knows to
//! reload and the browser tests can detect that a panic happened.

use wasm_bindgen::JsCast;

pub const BANNER_ID: &str = "panic-banner";

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("LISA Admin panicked: {info}").into());
        show_banner();
    }));
}

fn show_banner() {
    // Plain DOM calls: the reactive system may be in an inconsistent state by now.
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id(BANNER_ID).is_some() {
        return;
    }
    let Ok(banner) = document.create_element("div") else { return };
    banner.set_id(BANNER_ID);
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    banner.set_text_content(Some(
        "Something broke in LISA Admin and it stopped working. Reload the page to continue; \
         form drafts are kept in this tab.",
    ));
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(banner.unchecked_ref());
    }
}

//! Focus for dialogs other than `ConfirmDialog` (which has its own): keep Tab inside, and give
//! focus back to where it was when the dialog closes.

use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

pub fn active() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

fn focus(el: Option<web_sys::Element>) {
    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Focus `el` again (the control that opened a dialog), if it is still in the page.
pub fn restore(el: Option<web_sys::Element>) {
    focus(el.filter(|e| e.is_connected()));
}

/// The element that had focus when a dialog opened.
#[derive(Clone)]
pub struct ReturnFocus(SendWrapper<Option<web_sys::Element>>);

impl ReturnFocus {
    pub fn remember() -> Self {
        ReturnFocus(SendWrapper::new(active()))
    }

    /// Focus it again, if it is still in the page.
    pub fn restore(&self) {
        let el: &Option<web_sys::Element> = &self.0;
        restore(el.clone());
    }
}

/// Tab from the dialog's last control goes to its first control, Shift+Tab from the first to
/// the last. `last` selects the last control inside `dialog`.
pub fn trap_tab(ev: &web_sys::KeyboardEvent, dialog: &web_sys::Element, last: &str) {
    let first = dialog.query_selector("input:not([disabled]), button:not([disabled])").ok().flatten();
    let last = dialog.query_selector(last).ok().flatten();
    let current = active();
    let (from, to) = if ev.shift_key() { (first, last) } else { (last, first) };
    if from.is_some() && current == from {
        ev.prevent_default();
        focus(to);
    }
}

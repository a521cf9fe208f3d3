//! "Are you sure?" as a modal dialog: names what will happen, optionally asks the user to type a
//! word (the model id) before the confirm button works. Keyboard: focus starts inside, Tab stays
//! inside, Escape cancels, and focus returns to where it was when the dialog closes.

use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

#[component]
pub fn ConfirmDialog(
    /// The dialog's element id (tests and `aria-labelledby` use it).
    id: &'static str,
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: String,
    /// The confirm button is styled as destructive.
    #[prop(optional)]
    danger: bool,
    /// When set, the confirm button stays disabled until exactly this text is typed.
    #[prop(default = None)]
    require_text: Option<String>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    children: Children,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    let cancel = NodeRef::<html::Button>::new();
    let confirm = NodeRef::<html::Button>::new();
    let typed = RwSignal::new(String::new());
    let required = require_text.clone();
    let can_confirm = Signal::derive(move || required.as_ref().is_none_or(|r| typed.with(|t| t.trim() == r)));

    // Remember what had focus, and give it back when the dialog goes away.
    let previous = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let previous = SendWrapper::new(previous);
    on_cleanup(move || {
        if let Some(el) = previous.take().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    Effect::new(move |_| {
        if let Some(i) = input.get() {
            let _ = i.focus();
        } else if let Some(c) = cancel.get() {
            let _ = c.focus();
        }
    });

    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            on_cancel.run(());
        }
        "Tab" => {
            let cancel_el = cancel.get_untracked().map(|c| c.unchecked_into::<web_sys::HtmlElement>());
            let first = input.get_untracked().map(|i| i.unchecked_into::<web_sys::HtmlElement>()).or(cancel_el.clone());
            let last = match confirm.get_untracked() {
                Some(b) if !b.disabled() => Some(b.unchecked_into::<web_sys::HtmlElement>()),
                _ => cancel_el,
            };
            trap_tab(&ev, first, last)
        }
        _ => {}
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if can_confirm.get_untracked() {
            on_confirm.run(());
        }
    };
    let title_id = format!("{id}-title");
    let labelledby = title_id.clone();
    let prompt = require_text.map(|text| {
        let input_id = format!("{id}-input");
        view! {
            <label for=input_id.clone() class="confirm-prompt">
                "Type " <code>{text.clone()}</code> " to confirm"
            </label>
            <input
                id=input_id
                type="text"
                autocomplete="off"
                spellcheck="false"
                node_ref=input
                prop:value=move || typed.get()
                on:input:target=move |ev| typed.set(ev.target().value())
            />
        }
    });

    view! {
        <div class="dialog-backdrop">
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelledby
                id=id
                on:keydown=on_keydown
            >
                <h2 id=title_id>{title}</h2>
                <form on:submit=submit>
                    {children()}
                    {prompt}
                    <div class="dialog-actions">
                        <button type="button" class="button confirm-cancel" node_ref=cancel on:click=move |_| on_cancel.run(())>
                            "Cancel"
                        </button>
                        <button
                            type="submit"
                            node_ref=confirm
                            class=if danger { "button primary danger confirm-ok" } else { "button primary confirm-ok" }
                            disabled=move || !can_confirm.get()
                        >
                            {confirm_label}
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// Keep Tab and Shift+Tab cycling among the dialog's own controls: the typed-confirmation
/// input (if any), Cancel, and the confirm button (when enabled).
fn trap_tab(ev: &web_sys::KeyboardEvent, first: Option<web_sys::HtmlElement>, last: Option<web_sys::HtmlElement>) {
    let (Some(first), Some(last)) = (first, last) else { return };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let is = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>());
    if ev.shift_key() && is(&first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && is(&last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

//! Not losing input: asking before leaving with unsaved changes (a reload, closing the tab, or a
//! link inside the app), and the small banners of the forms.
//!
//! The drafts themselves are written by each page on every change (see `create.rs`,
//! `edit.rs`); leaving anyway keeps the draft, so "Leave" never throws work away.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use lisa_console::model_form::Problem;
use lisa_api::{ApiError, ErrorKind};
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::focus::ReturnFocus;
use crate::routes;

/// An internal link the admin clicked while the form had unsaved changes.
fn internal_link(ev: &ev::MouseEvent) -> Option<String> {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let anchor = target.closest("a[href]").ok()??.dyn_into::<web_sys::HtmlAnchorElement>().ok()?;
    if !anchor.target().is_empty() || anchor.has_attribute("download") {
        return None;
    }
    let url = web_sys::Url::new(&anchor.href()).ok()?;
    let origin = web_sys::window()?.location().origin().ok()?;
    if url.origin() != origin || !url.pathname().starts_with(routes::base()) {
        return None;
    }
    Some(format!("{}{}{}", url.pathname(), url.search(), url.hash()))
}

/// While `active`, the browser asks before a reload or closing the tab, and links inside the app
/// open a "leave this page?" dialog first.
pub fn leave_guard(active: Signal<bool>) -> impl IntoView {
    let pending = RwSignal::new(None::<String>);
    // Set once the admin chose "Leave": a page in another bundle is a full page load, which
    // must not ask a second time.
    let leaving = RwSignal::new(false);
    // The link that asked: focus goes back to it when the admin stays.
    let opener = StoredValue::new(None::<ReturnFocus>);
    let stay_here = move || {
        pending.set(None);
        opener.with_value(|o| o.as_ref().map(ReturnFocus::restore));
    };
    let go = routes::use_go();

    let unload = window_event_listener(ev::beforeunload, move |e: web_sys::BeforeUnloadEvent| {
        if active.get_untracked() && !leaving.get_untracked() {
            e.prevent_default();
            e.set_return_value("You have unsaved changes.");
        }
    });
    let unload = SendWrapper::new(unload);

    // Capture phase: runs before the router's own click handler, which then sees the
    // prevented default and leaves the navigation alone.
    let on_click = Closure::<dyn Fn(ev::MouseEvent)>::new(move |e: ev::MouseEvent| {
        if active.get_untracked() {
            if let Some(path) = internal_link(&e) {
                e.prevent_default();
                opener.set_value(Some(ReturnFocus::remember()));
                pending.set(Some(path));
            }
        }
    });
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(d) = &document {
        let _ = d.add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    }
    let listener = SendWrapper::new((document, on_click));
    on_cleanup(move || {
        unload.take().remove();
        let (document, on_click) = listener.take();
        if let Some(d) = document {
            let _ = d.remove_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
        }
    });

    let stay = NodeRef::<html::Button>::new();
    let leave = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if pending.with(Option::is_some) {
            if let Some(b) = stay.get() {
                let _ = b.focus();
            }
        }
    });
    let on_keydown = move |e: ev::KeyboardEvent| match e.key().as_str() {
        "Escape" => {
            e.prevent_default();
            stay_here();
        }
        "Tab" => {
            // Two buttons: Tab moves between them and never leaves the dialog.
            e.prevent_default();
            let active_el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
            let on_stay = stay.get_untracked().is_some_and(|b| active_el.as_ref() == Some(b.unchecked_ref()));
            let next = if on_stay { leave.get_untracked().map(|b| b.focus()) } else { stay.get_untracked().map(|b| b.focus()) };
            let _ = next;
        }
        _ => {}
    };
    view! {
        <Show when=move || pending.with(Option::is_some)>
            <div class="dialog-backdrop">
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="leave-title" aria-describedby="leave-text" id="leave-dialog" on:keydown=on_keydown>
                    <h2 id="leave-title">"Leave this page?"</h2>
                    <p id="leave-text">
                        "Your changes are not saved in LISA yet. A draft stays in this browser tab, and the form "
                        "offers it again when you come back."
                    </p>
                    <div class="dialog-actions">
                        <button type="button" class="button" id="leave-stay" node_ref=stay on:click=move |_| stay_here()>
                            "Stay on this page"
                        </button>
                        <button
                            type="button"
                            class="button primary"
                            id="leave-confirm"
                            node_ref=leave
                            on:click={
                                let go = go.clone();
                                move |_| {
                                    if let Some(path) = pending.get_untracked() {
                                        pending.set(None);
                                        leaving.set(true);
                                        go(&path);
                                    }
                                }
                            }
                        >
                            "Leave (keep the draft)"
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// What LISA answered to a failed submit, as the banner above the form shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub title: String,
    pub lines: Vec<String>,
}

impl Banner {
    /// `unplaced`: the 422 complaints no field could take; `placed`: how many landed on fields.
    pub fn from_error(e: &ApiError, unplaced: &[Problem], placed: usize) -> Banner {
        let status = e.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
        let title = match e.kind {
            ErrorKind::Validation => format!("LISA rejected the request{status}"),
            ErrorKind::Conflict => format!("LISA refused: conflict{status}"),
            ErrorKind::NotFound => format!("This model no longer exists in LISA{status}"),
            ErrorKind::NotAdmin => format!("Your account is not a LISA administrator{status}"),
            ErrorKind::Network => "LISA could not be reached".to_string(),
            ErrorKind::Timeout => "LISA took too long to answer".to_string(),
            ErrorKind::Decode => format!("LISA's answer could not be read{status}"),
            _ => format!("LISA returned an error{status}"),
        };
        let mut lines: Vec<String> = unplaced.iter().map(Problem::display).collect();
        if e.kind == ErrorKind::Validation {
            if placed > 0 {
                lines.push(format!("{placed} complaint(s) are shown at their fields below; nothing you typed was lost."));
            }
            if lines.is_empty() {
                lines.push(e.message.clone());
            }
        } else {
            lines.push(e.message.clone());
        }
        lines.extend(e.change_note().map(String::from));
        Banner { title, lines }
    }
}

pub fn banner_view(banner: RwSignal<Option<Banner>>) -> impl IntoView {
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if banner.with(Option::is_some) {
            if let Some(el) = node.get() {
                let _ = el.focus();
            }
        }
    });
    move || {
        banner.get().map(|b| {
            view! {
                <div class="error-panel" role="alert" id="form-banner" tabindex="-1" node_ref=node>
                    <p class="error-title">
                        <span class="error-icon" aria-hidden="true">"⚠ "</span>
                        {b.title}
                    </p>
                    <ul class="banner-lines">{b.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    <button type="button" class="button small" on:click=move |_| banner.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}

/// What a notice's button does (the page decides how).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    DiscardDraft,
    RestoreEarlier,
    RetryCopy,
    CreateFromDraft,
}

impl NoticeAction {
    fn id_and_label(self) -> (&'static str, &'static str) {
        match self {
            NoticeAction::DiscardDraft => ("draft-discard", "Discard the draft"),
            NoticeAction::RestoreEarlier => ("restore-earlier", "Restore that draft instead"),
            NoticeAction::RetryCopy => ("copy-retry", "Retry"),
            NoticeAction::CreateFromDraft => ("create-from-draft", "Create a new model from this draft"),
        }
    }
}

/// One notice above the form: a restored draft, a copied model, a storage problem…
#[derive(Clone, Debug, PartialEq)]
pub struct NoticeItem {
    pub id: &'static str,
    pub text: String,
    pub action: Option<NoticeAction>,
    /// Shown as an error (alert) rather than a status.
    pub error: bool,
}

impl NoticeItem {
    pub fn info(id: &'static str, text: impl Into<String>, action: Option<NoticeAction>) -> Self {
        NoticeItem { id, text: text.into(), action, error: false }
    }

    pub fn error(id: &'static str, text: impl Into<String>, action: Option<NoticeAction>) -> Self {
        NoticeItem { id, text: text.into(), action, error: true }
    }
}

pub fn notices(items: Signal<Vec<NoticeItem>>, on_action: Callback<NoticeAction>) -> impl IntoView {
    move || {
        items
            .get()
            .into_iter()
            .map(|n| {
                let button = n.action.map(|a| {
                    let (id, label) = a.id_and_label();
                    view! {
                        <button type="button" class="button small" id=id on:click=move |_| on_action.run(a)>
                            {label}
                        </button>
                    }
                });
                view! {
                    <div
                        class=if n.error { "error-panel form-notice" } else { "warning-panel form-notice" }
                        role=if n.error { "alert" } else { "status" }
                        id=n.id
                    >
                        <p>{n.text}</p>
                        {button}
                    </div>
                }
            })
            .collect_view()
    }
}

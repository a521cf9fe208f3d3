//! Toasts through context (as thaw does): any page calls `use_toasts().success(…)`. They are
//! announced by a polite live region and dismiss themselves.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    id: u32,
    kind: ToastKind,
    text: String,
    /// An action: its label and the app path it opens ("Try it").
    link: Option<(String, String)>,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u32>,
}

const TOAST_MS: u32 = 6_000;
/// A toast with a link stays long enough to be used.
const LINK_TOAST_MS: u32 = 15_000;
const CARRY_KEY: &str = "lisa-admin.toasts";

impl Toasts {
    /// Toasts carried over from the previous page of this tab (see [`Toasts::keep_for_next_page`]).
    pub fn new() -> Self {
        let toasts = Toasts { items: RwSignal::new(Vec::new()), next_id: StoredValue::new(0) };
        if let Some(kept) = crate::storage::get(CARRY_KEY) {
            crate::storage::remove(CARRY_KEY);
            for line in kept.lines().take(5) {
                let Some((kind, rest)) = line.split_once('|') else { continue };
                let kind = match kind {
                    "S" => ToastKind::Success,
                    "E" => ToastKind::Error,
                    _ => continue,
                };
                // Only app paths are followed (storage is untrusted).
                let mut parts = rest.split('\t');
                let text = parts.next().unwrap_or_default().to_string();
                let link = match (parts.next(), parts.next()) {
                    (Some(label), Some(href)) if href.starts_with('/') && !href.starts_with("//") => {
                        Some((label.to_string(), href.to_string()))
                    }
                    _ => None,
                };
                toasts.push(kind, text, link);
            }
        }
        toasts
    }

    /// Moving to another bundle reloads the page; toasts still showing go along.
    pub fn keep_for_next_page(&self) {
        let lines: Vec<String> = self.items.with_untracked(|items| {
            items
                .iter()
                .map(|t| {
                    let kind = if t.kind == ToastKind::Success { "S" } else { "E" };
                    let link = t.link.as_ref().map(|(label, href)| format!("\t{label}\t{href}")).unwrap_or_default();
                    format!("{kind}|{}{link}", t.text.replace(['\n', '\t'], " "))
                })
                .collect()
        });
        if !lines.is_empty() {
            crate::storage::set(CARRY_KEY, &lines.join("\n"));
        }
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(ToastKind::Success, text.into(), None);
    }

    /// A success toast with a link (`href`: a full app path from `routes`).
    pub fn success_with_link(&self, text: impl Into<String>, label: &str, href: String) {
        self.push(ToastKind::Success, text.into(), Some((label.to_string(), href)));
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(ToastKind::Error, text.into(), None);
    }

    fn push(&self, kind: ToastKind, text: String, link: Option<(String, String)>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id.wrapping_add(1));
        let ms = if link.is_some() { LINK_TOAST_MS } else { TOAST_MS };
        self.items.update(|items| items.push(Toast { id, kind, text, link }));
        let items = self.items;
        leptos::task::spawn_local(async move {
            crate::time::sleep(ms).await;
            items.try_update(|items| items.retain(|t| t.id != id));
        });
    }

    fn dismiss(&self, id: u32) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite" id="toasts">
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div class=move || match toast.kind {
                    ToastKind::Success => "toast toast-success",
                    ToastKind::Error => "toast toast-error",
                }>
                    <span class="toast-icon" aria-hidden="true">
                        {match toast.kind {
                            ToastKind::Success => "✓",
                            ToastKind::Error => "!",
                        }}
                    </span>
                    <span class="toast-text">
                        {toast.text.clone()}
                        {toast.link.clone().map(|(label, href)| view! { " " <a class="toast-link" href=href>{label}</a> })}
                    </span>
                    <button class="toast-close" aria-label="Dismiss" on:click=move |_| toasts.dismiss(toast.id)>
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}

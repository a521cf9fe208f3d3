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
}

#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u32>,
}

const TOAST_MS: u32 = 6_000;
const CARRY_KEY: &str = "lisa-admin.toasts";

impl Toasts {
    /// Toasts carried over from the previous page of this tab (see [`Toasts::keep_for_next_page`]).
    pub fn new() -> Self {
        let toasts = Toasts { items: RwSignal::new(Vec::new()), next_id: StoredValue::new(0) };
        if let Some(kept) = crate::storage::get(CARRY_KEY) {
            crate::storage::remove(CARRY_KEY);
            for line in kept.lines().take(5) {
                match line.split_once('|') {
                    Some(("S", text)) => toasts.success(text),
                    Some(("E", text)) => toasts.error(text),
                    _ => {}
                }
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
                    format!("{kind}|{}", t.text.replace('\n', " "))
                })
                .collect()
        });
        if !lines.is_empty() {
            crate::storage::set(CARRY_KEY, &lines.join("\n"));
        }
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(ToastKind::Success, text.into());
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(ToastKind::Error, text.into());
    }

    fn push(&self, kind: ToastKind, text: String) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id.wrapping_add(1));
        self.items.update(|items| items.push(Toast { id, kind, text }));
        let items = self.items;
        leptos::task::spawn_local(async move {
            crate::time::sleep(TOAST_MS).await;
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
                    <span class="toast-text">{toast.text.clone()}</span>
                    <button class="toast-close" aria-label="Dismiss" on:click=move |_| toasts.dismiss(toast.id)>
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}

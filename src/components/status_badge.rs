//! A model's status as icon and text (never colour alone); a spinner while a workflow runs.

use leptos::prelude::*;
use lisa_console::lifecycle::{status_label, status_tone, StatusTone};
use lisa_api::ModelStatus;

#[component]
pub fn StatusBadge(status: ModelStatus) -> impl IntoView {
    let tone = status_tone(&status);
    let (class, icon) = match tone {
        StatusTone::Ok => ("status status-ok", "✓"),
        StatusTone::Stopped => ("status status-stopped", "■"),
        StatusTone::Failed => ("status status-failed", "✕"),
        StatusTone::Progress => ("status status-progress", ""),
        StatusTone::Unknown => ("status status-unknown", "?"),
    };
    view! {
        <span class=class data-status=status.as_str().to_string()>
            {if tone == StatusTone::Progress {
                view! { <span class="spinner" aria-hidden="true"></span> }.into_any()
            } else {
                view! { <span class="status-icon" aria-hidden="true">{icon}</span> }.into_any()
            }}
            <span class="status-text">{status_label(&status)}</span>
        </span>
    }
}

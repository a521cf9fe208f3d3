//! The detail page's deployment settings for one model: whether it is the deployment's default
//! model, with links to "Set as default" / "Clear default" (`default_model.rs`: lisa-config.md
//! §8's safe procedure), and its context window (`PUT /models/{id}/context-window`).

use leptos::prelude::*;
use lisa_api::LisaModel;
use lisa_console::catalogue::{format_context_window, format_thousands};
use lisa_console::context_window;
use lisa_console::default_model::eligible;

use super::actions::ModelActions;
use crate::api::use_api;
use crate::components::toast::use_toasts;
use crate::routes;

/// Whether this model is the deployment's default (the catalogue's lean read of the newest
/// configuration row), with a link to the page that changes it (`default_model.rs`, in the
/// deployment bundle).
#[component]
pub fn DefaultModelPanel(model: LisaModel, actions: ModelActions) -> impl IntoView {
    let api = use_api();
    let id = model.model_id.clone();
    let current = RwSignal::new(None::<Result<Option<String>, String>>);
    leptos::task::spawn_local_scoped(async move {
        let value = api.default_model().await.map_err(|e| format!("Could not read LISA's configuration: {}", e.message));
        current.try_set(Some(value));
    });
    let why_not = eligible(&model.model_type, &model.status).err();
    let is_default = {
        let id = id.clone();
        Signal::derive(move || current.with(|c| matches!(c, Some(Ok(Some(d))) if *d == id)))
    };
    let status_line = {
        let id = id.clone();
        move || match current.get() {
            None => "Reading the deployment's configuration…".to_string(),
            Some(Err(e)) => e,
            Some(Ok(None)) => "The deployment has no default model.".to_string(),
            Some(Ok(Some(d))) if d == id => "This is the deployment's default model: LISA's chat selects it first.".to_string(),
            Some(Ok(Some(d))) => format!("The deployment's default model is {d}."),
        }
    };
    let set_disabled = Signal::derive(move || actions.not_admin().or(why_not.clone()));
    let set_href = routes::model_default(&id, false);
    let clear_href = routes::model_default(&id, true);
    view! {
        <section class="card deployment-settings" id="default-model" aria-labelledby="default-model-heading">
            <h2 id="default-model-heading">"Default model"</h2>
            <p id="default-status">
                {move || is_default.get().then(|| view! { <span class="default-badge">"Default"</span> " " })}
                {status_line}
            </p>
            <div class="inline-actions">
                <span class="action" hidden=move || is_default.get()>
                    <a
                        class="button small"
                        id="set-default"
                        href=move || set_disabled.with(Option::is_none).then(|| set_href.clone())
                        role="link"
                        tabindex="0"
                        aria-disabled=move || set_disabled.with(Option::is_some).then_some("true")
                        aria-describedby="set-default-reason"
                    >
                        "Set as default…"
                    </a>
                    <span class="muted small-note" id="set-default-reason">{move || set_disabled.get()}</span>
                </span>
                <Show when=move || is_default.get() && actions.not_admin().is_none()>
                    <a class="button small" id="clear-default" href=clear_href.clone()>"Clear default…"</a>
                </Show>
            </div>
        </section>
    }
}

#[component]
pub fn ContextWindowPanel(model: LisaModel, actions: ModelActions, on_saved: Callback<()>) -> impl IntoView {
    let api = use_api();
    let toasts = use_toasts();
    let id = model.model_id.clone();
    let note = context_window::source_note(&model);
    let shown = model
        .context_window
        .map(|n| format!("{} ({} tokens)", format_context_window(n), format_thousands(n)))
        .unwrap_or_else(|| "Not set".to_string());
    let typed = RwSignal::new(model.context_window.map(|n| n.to_string()).unwrap_or_default());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || actions.not_admin_now().is_some() {
            return;
        }
        let value = match context_window::parse(&typed.get_untracked()) {
            Ok(v) => v,
            Err(e) => {
                message.set(Some(e));
                return;
            }
        };
        message.set(None);
        busy.set(true);
        let (api, id) = (api.clone(), id.clone());
        leptos::task::spawn_local_scoped(async move {
            let result = api.set_context_window(&id, value).await;
            busy.try_set(false);
            match result {
                Ok(_) => {
                    toasts.success(format!("The context window of {id} is now {} tokens.", format_thousands(value)));
                    on_saved.run(());
                }
                Err(e) => {
                    let text = e.field_errors.first().map(|f| f.message().to_string()).unwrap_or(e.message);
                    message.try_set(Some(text));
                }
            }
        });
    };
    view! {
        <section class="card deployment-settings" id="context-window" aria-labelledby="context-window-heading">
            <h2 id="context-window-heading">"Context window"</h2>
            <p><strong id="context-window-value">{shown}</strong></p>
            <p class="muted" id="context-window-note">{note}</p>
            <form class="inline-form" hidden=move || actions.not_admin().is_some() on:submit=submit>
                    <label for="context-window-input">"New context window (tokens)"</label>
                    <input
                        id="context-window-input"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        aria-describedby="context-window-msg"
                        aria-invalid=move || message.with(Option::is_some).then_some("true")
                        prop:value=move || typed.get()
                        on:input:target=move |ev| typed.set(ev.target().value())
                    />
                    <button type="submit" class="button small" id="context-window-set" disabled=move || busy.get()>
                        "Set context window"
                    </button>
                    <p class="field-msg error-text" id="context-window-msg">{move || message.get()}</p>
                </form>
        </section>
    }
}

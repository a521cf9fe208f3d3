//! The detail page's deployment settings for one model: whether it is the deployment's default
//! model, "Set as default" / "Clear default" through lisa-config.md §8's safe procedure
//! (decisions in `lisa_console::default_model`), and its context window
//! (`PUT /models/{id}/context-window`).

use leptos::prelude::*;
use lisa_api::config::{ConfigRow, GLOBAL_SCOPE};
use lisa_api::LisaModel;
use lisa_console::catalogue::{format_context_window, format_thousands};
use lisa_console::context_window;
use lisa_console::default_model::{body_for, confirm_written, eligible, latest, unchanged_since, version_text};

use super::actions::ModelActions;
use crate::api::{use_api, ApiClient};
use crate::components::toast::use_toasts;
use crate::session::use_session;

/// What "Set as default" is about to send: the row it was built from and the exact body.
#[derive(Clone)]
struct Pending {
    before: ConfigRow,
    body: serde_json::Value,
    clear: bool,
}

fn read_failed(e: &lisa_api::ApiError) -> String {
    format!("Could not read LISA's configuration: {} Nothing was written.", e.message)
}

/// Steps 4–6 of the procedure: re-read, refuse if anyone saved, write once, read back.
async fn write(api: &ApiClient, p: &Pending) -> Result<String, String> {
    let reread = api.get_configuration(GLOBAL_SCOPE).await.map_err(|e| read_failed(&e))?;
    unchanged_since(&p.before, &reread)?;
    api.put_configuration(GLOBAL_SCOPE, &p.body).await.map_err(|e| {
        let note = e.change_note().map(|n| format!(" {n}")).unwrap_or_default();
        format!("LISA did not save the configuration: {}{note}", e.message)
    })?;
    let after = api.get_configuration(GLOBAL_SCOPE).await.map_err(|e| {
        format!("LISA accepted the change, but reading it back failed ({}): check the configuration.", e.message)
    })?;
    confirm_written(&p.body, &after)?;
    let version = p.body.get("versionId").and_then(|v| v.as_f64()).map(version_text).unwrap_or_default();
    Ok(format!("Saved as configuration version {version}; every other setting is as it was."))
}

#[component]
pub fn DefaultModelPanel(model: LisaModel, actions: ModelActions) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let toasts = use_toasts();
    let id = model.model_id.clone();
    let current = RwSignal::new(None::<Result<Option<String>, String>>);
    let pending = RwSignal::new(None::<Pending>);
    let result = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let load = {
        let api = api.clone();
        move || {
            let api = api.clone();
            leptos::task::spawn_local_scoped(async move {
                let value = match api.get_configuration(GLOBAL_SCOPE).await {
                    Ok(rows) => latest(&rows).map(|r| r.default_model().map(String::from)),
                    Err(e) => Err(read_failed(&e)),
                };
                current.try_set(Some(value));
            });
        }
    };
    load();
    let why_not = eligible(&model.model_type, &model.status).err();
    let is_default = {
        let id = id.clone();
        Signal::derive(move || current.with(|c| matches!(c, Some(Ok(Some(d))) if *d == id)))
    };

    // Steps 1–3: read the latest row, refuse `[]`, build the body; the review shows it.
    let prepare = {
        let (api, id) = (api.clone(), id.clone());
        move |clear: bool| {
            let (api, id) = (api.clone(), id.clone());
            let who = session.username().get_untracked().unwrap_or_else(|| "Admin".to_string());
            busy.set(true);
            result.set(None);
            leptos::task::spawn_local_scoped(async move {
                let prepared = match api.get_configuration(GLOBAL_SCOPE).await {
                    Ok(rows) => latest(&rows).map(|before| Pending {
                        body: body_for(before, (!clear).then_some(id.as_str()), &who),
                        before: before.clone(),
                        clear,
                    }),
                    Err(e) => Err(read_failed(&e)),
                };
                busy.try_set(false);
                match prepared {
                    Ok(p) => {
                        pending.try_set(Some(p));
                    }
                    Err(refusal) => {
                        result.try_set(Some(Err(refusal)));
                    }
                }
            });
        }
    };
    let send = {
        let api = api.clone();
        let load = load.clone();
        move || {
            let Some(p) = pending.get_untracked() else { return };
            pending.set(None);
            busy.set(true);
            let (api, load) = (api.clone(), load.clone());
            leptos::task::spawn_local_scoped(async move {
                let outcome = write(&api, &p).await;
                busy.try_set(false);
                if outcome.is_ok() {
                    toasts.success(if p.clear { "The default model is cleared." } else { "The default model is set." });
                }
                result.try_set(Some(outcome));
                load();
            });
        }
    };

    let status_line = move || match current.get() {
        None => "Reading the deployment's configuration…".to_string(),
        Some(Err(e)) => e,
        Some(Ok(None)) => "The deployment has no default model.".to_string(),
        Some(Ok(Some(d))) if d == id => "This is the deployment's default model: LISA's chat selects it first.".to_string(),
        Some(Ok(Some(d))) => format!("The deployment's default model is {d}."),
    };
    let set_disabled = Signal::derive(move || actions.not_admin().or(why_not.clone()));
    let prepare_set = prepare.clone();
    view! {
        <section class="card deployment-settings" id="default-model" aria-labelledby="default-model-heading">
            <h2 id="default-model-heading">"Default model"</h2>
            <p id="default-status">
                {move || is_default.get().then(|| view! { <span class="default-badge">"Default"</span> " " })}
                {status_line}
            </p>
            <div class="inline-actions">
                <span class="action">
                    <button
                        type="button"
                        class="button small"
                        id="set-default"
                        aria-disabled=move || (set_disabled.with(Option::is_some) || is_default.get()).then_some("true")
                        aria-describedby="set-default-reason"
                        on:click=move |_| {
                            if set_disabled.with_untracked(Option::is_none) && !is_default.get_untracked() && !busy.get_untracked() {
                                prepare_set(false);
                            }
                        }
                    >
                        "Set as default"
                    </button>
                    <span class="muted small-note" id="set-default-reason">
                        {move || if is_default.get() { Some("It already is.".to_string()) } else { set_disabled.get() }}
                    </span>
                </span>
                <Show when=move || is_default.get() && actions.not_admin().is_none()>
                    <button type="button" class="button small" id="clear-default" on:click={
                        let prepare = prepare.clone();
                        move |_| prepare(true)
                    }>
                        "Clear default"
                    </button>
                </Show>
            </div>
            <p id="default-result" role="status" class=move || match result.get() { Some(Err(_)) => "error-text", _ => "ok-text" }>
                {move || result.get().map(|r| r.unwrap_or_else(|e| e))}
            </p>
            {move || {
                pending.get().map(|p| {
                    let text = serde_json::to_string_pretty(&p.body).unwrap_or_default();
                    let send = send.clone();
                    view! {
                        <div class="dialog-backdrop">
                            <div class="dialog review-dialog" role="dialog" aria-modal="true" aria-labelledby="default-review-title" id="default-review">
                                <h2 id="default-review-title">{if p.clear { "Clear the default model?" } else { "Set as the default model?" }}</h2>
                                <p>
                                    "LISA stores this body as configuration version "
                                    {p.body.get("versionId").map(|v| v.to_string()).unwrap_or_default()}
                                    ". Only " <code>"global.defaultModel"</code>
                                    " differs from the current version; just before sending, the configuration is read again and nothing is sent if anyone saved meanwhile."
                                </p>
                                <p id="default-review-change">
                                    <strong>"Change: "</strong>
                                    <code>"global.defaultModel"</code>
                                    {format!(
                                        " {} → {}",
                                        p.before.default_model().map_or("(none)".to_string(), |d| format!("\u{201c}{d}\u{201d}")),
                                        p.body.pointer("/configuration/global/defaultModel").and_then(|v| v.as_str()).map_or("(none)".to_string(), |d| format!("\u{201c}{d}\u{201d}")),
                                    )}
                                </p>
                                <p class="request-line"><code>"PUT /configuration/global"</code></p>
                                <pre class="review-json" id="default-review-json" tabindex="0" aria-label="The request body"><code>{text}</code></pre>
                                <div class="dialog-actions">
                                    <button type="button" class="button" id="default-review-cancel" on:click=move |_| pending.set(None)>"Cancel"</button>
                                    <button type="button" class="button primary" id="default-review-send" on:click=move |_| send()>"Send"</button>
                                </div>
                            </div>
                        </div>
                    }
                })
            }}
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

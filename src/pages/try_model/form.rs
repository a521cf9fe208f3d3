//! The settings of a try or compare page: prompt, system prompt, max tokens, temperature,
//! streaming (and a second text for embeddings). Kept as typed, and as a draft in
//! sessionStorage so that nothing typed is lost to a reload.

use leptos::prelude::*;
use lisa_console::try_model::{TryKind, TrySettings};

use crate::storage;

/// Settings restored from the draft at `key` (a draft that cannot be read is set aside, not
/// lost), saved back on every change.
pub fn drafted_settings(key: String) -> RwSignal<TrySettings> {
    let restored = match storage::get(&key) {
        Some(text) => TrySettings::from_draft(&text).unwrap_or_else(|| {
            storage::set_aside(&key);
            TrySettings::default()
        }),
        None => TrySettings::default(),
    };
    let settings = RwSignal::new(restored);
    Effect::new(move |_| {
        let draft = settings.with(TrySettings::to_draft);
        storage::set(&key, &draft);
    });
    settings
}

/// How streaming is chosen.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum StreamingChoice {
    /// One model: a checkbox defaulting to its `streaming` flag.
    Model(bool),
    /// Several models: each model's flag, or on, or off for all.
    Each,
    /// Embeddings and images: nothing to stream.
    Off,
}

/// `field`'s problem with the current settings, if any (and, for the prompt, only once a send
/// was refused: an empty box is not an error while typing).
fn problem_of(settings: &TrySettings, field: &str, tried: bool) -> Option<String> {
    settings
        .problems()
        .into_iter()
        .find(|p| p.field == field && (field != "prompt" || tried))
        .map(|p| p.message)
}

#[component]
pub fn SettingsFields(
    settings: RwSignal<TrySettings>,
    kind: TryKind,
    streaming: StreamingChoice,
    /// A send was refused: show every problem.
    tried: RwSignal<bool>,
    prefix: &'static str,
) -> impl IntoView {
    let id = move |part: &str| format!("{prefix}-{part}");
    let problem = move |field: &'static str| Signal::derive(move || settings.with(|s| problem_of(s, field, tried.get())));
    let field_error = move |field: &'static str, error_id: String| {
        let p = problem(field);
        move || p.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })
    };
    let prompt_label = match kind {
        TryKind::Chat => "Prompt",
        TryKind::Embeddings => "Text",
        TryKind::Image => "Describe the image",
    };
    let prompt_problem = problem("prompt");
    let max_problem = problem("maxTokens");
    let temp_problem = problem("temperature");
    let chat = kind == TryKind::Chat;
    view! {
        <div class="try-fields">
            <div class="field field-prompt">
                <label for=id("prompt")>{prompt_label}</label>
                <textarea
                    id=id("prompt")
                    rows="4"
                    aria-invalid=move || prompt_problem.with(Option::is_some).to_string()
                    aria-describedby=id("prompt-error")
                    prop:value=move || settings.with(|s| s.prompt.clone())
                    on:input=move |ev| settings.update(|s| s.prompt = event_target_value(&ev))
                ></textarea>
                {field_error("prompt", id("prompt-error"))}
            </div>
            {(kind == TryKind::Embeddings).then(|| view! {
                <div class="field">
                    <label for=id("second")>"Second text " <span class="muted">"(optional: compares the two vectors)"</span></label>
                    <textarea
                        id=id("second")
                        rows="2"
                        prop:value=move || settings.with(|s| s.second_text.clone())
                        on:input=move |ev| settings.update(|s| s.second_text = event_target_value(&ev))
                    ></textarea>
                </div>
            })}
            {chat.then(|| view! {
                <details class="field system-prompt" open=move || settings.with_untracked(|s| !s.system_prompt.is_empty())>
                    <summary>"System prompt " <span class="muted">"(optional)"</span></summary>
                    <label class="visually-hidden" for=id("system")>"System prompt"</label>
                    <textarea
                        id=id("system")
                        rows="2"
                        prop:value=move || settings.with(|s| s.system_prompt.clone())
                        on:input=move |ev| settings.update(|s| s.system_prompt = event_target_value(&ev))
                    ></textarea>
                </details>
                <div class="try-row">
                    <div class="field field-small">
                        <label for=id("max-tokens")>"Max tokens"</label>
                        <input
                            type="text"
                            inputmode="numeric"
                            id=id("max-tokens")
                            placeholder="model default"
                            aria-invalid=move || max_problem.with(Option::is_some).to_string()
                            aria-describedby=id("max-tokens-error")
                            prop:value=move || settings.with(|s| s.max_tokens.clone())
                            on:input=move |ev| settings.update(|s| s.max_tokens = event_target_value(&ev))
                        />
                        {field_error("maxTokens", id("max-tokens-error"))}
                    </div>
                    <div class="field field-small">
                        <label for=id("temperature")>"Temperature"</label>
                        <input
                            type="text"
                            inputmode="decimal"
                            id=id("temperature")
                            placeholder="model default"
                            aria-invalid=move || temp_problem.with(Option::is_some).to_string()
                            aria-describedby=id("temperature-error")
                            prop:value=move || settings.with(|s| s.temperature.clone())
                            on:input=move |ev| settings.update(|s| s.temperature = event_target_value(&ev))
                        />
                        {field_error("temperature", id("temperature-error"))}
                    </div>
                    <StreamingField settings streaming id=id("streaming") />
                </div>
            })}
        </div>
    }
}

#[component]
fn StreamingField(settings: RwSignal<TrySettings>, streaming: StreamingChoice, id: String) -> impl IntoView {
    match streaming {
        StreamingChoice::Model(model_streams) => view! {
            <div class="field field-check">
                <input
                    type="checkbox"
                    id=id.clone()
                    prop:checked=move || settings.with(|s| s.streaming_for(model_streams))
                    on:change=move |ev| settings.update(|s| s.streaming = Some(event_target_checked(&ev)))
                />
                <label for=id>"Stream the answer"</label>
                <span class="hint">{if model_streams { " (the model's default: on)" } else { " (the model's default: off)" }}</span>
            </div>
        }
        .into_any(),
        StreamingChoice::Each => view! {
            <div class="field field-small">
                <label for=id.clone()>"Streaming"</label>
                <select
                    id=id
                    prop:value=move || settings.with(|s| match s.streaming { None => "each", Some(true) => "on", Some(false) => "off" })
                    on:change=move |ev| {
                        let choice = match event_target_value(&ev).as_str() {
                            "on" => Some(true),
                            "off" => Some(false),
                            _ => None,
                        };
                        settings.update(|s| s.streaming = choice);
                    }
                >
                    <option value="each">"Each model's setting"</option>
                    <option value="on">"On for all"</option>
                    <option value="off">"Off for all"</option>
                </select>
            </div>
        }
        .into_any(),
        StreamingChoice::Off => ().into_any(),
    }
}

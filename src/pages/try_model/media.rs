//! Trying an embedding model (one or two texts: vector length, first values, norm, cosine
//! similarity) or an image model (one image, inline from `b64_json` or an http(s) URL only).

use leptos::prelude::*;
use lisa_api::serve::{EmbeddingsResponse, ImagesResponse, ServeError};
use lisa_console::catalogue::ModelSummary;
use lisa_console::try_model::call::duration_text;
use lisa_console::try_model::media::{cosine_similarity, image_source, value_text, vector_figures, VectorFigures};
use lisa_console::try_model::settings::try_draft_key;
use lisa_console::try_model::{explain, CallContext, TryKind};

use super::form::{drafted_settings, SettingsFields, StreamingChoice};
use super::request::RequestDetails;
use crate::api::serve::{perf_now, StopHandle};
use crate::api::use_api;

/// What one call gave, as shown.
#[derive(Clone)]
enum Shown {
    Vectors { vectors: Vec<VectorFigures>, cosine: Option<f64>, prompt_tokens: Option<u64> },
    Image(Result<String, String>),
}

fn shown_vectors(answer: &EmbeddingsResponse) -> Shown {
    let vectors = answer.vectors();
    let cosine = match vectors.as_slice() {
        [a, b] => cosine_similarity(a, b),
        _ => None,
    };
    Shown::Vectors {
        vectors: vectors.iter().map(|v| vector_figures(v)).collect(),
        cosine,
        prompt_tokens: answer.usage.as_ref().and_then(|u| u.prompt_tokens),
    }
}

fn shown_image(answer: &ImagesResponse) -> Shown {
    Shown::Image(match answer.first() {
        Some(image) => image_source(image),
        None => Err("The answer has no image.".to_string()),
    })
}

#[component]
pub fn OneShotTry(model: ModelSummary, kind: TryKind, note: Option<String>) -> impl IntoView {
    let api = use_api();
    let id = model.model_id.clone();
    let settings = drafted_settings(try_draft_key(&id));
    let tried = RwSignal::new(false);
    let running = RwSignal::new(false);
    let status = RwSignal::new(None::<u16>);
    let elapsed = RwSignal::new(None::<f64>);
    let outcome = RwSignal::new(None::<Result<Shown, ServeError>>);
    let body = RwSignal::new(None::<String>);
    let stop = StoredValue::new_local(StopHandle::default());
    let owner = Owner::current().unwrap_or_default();
    let send = {
        let (api, id) = (api.clone(), id.clone());
        move || {
            if running.get_untracked() {
                return;
            }
            let request = settings.with_untracked(|s| match kind {
                TryKind::Embeddings => s.embeddings_request(&id).map(|r| serde_json::to_string(&r).unwrap_or_default()),
                _ => s.image_request(&id).map(|r| serde_json::to_string(&r).unwrap_or_default()),
            });
            let Ok(text) = request else {
                tried.set(true);
                return;
            };
            body.set(Some(text.clone()));
            running.set(true);
            status.set(None);
            outcome.set(None);
            let api = api.clone();
            super::spawn_in(&owner, async move {
                let started = perf_now();
                let stop = stop.get_value();
                let mut on_status = |s| status.set(Some(s));
                let result = match kind {
                    TryKind::Embeddings => api
                        .serve_once::<EmbeddingsResponse>(kind.path(), &text, &stop, &mut on_status)
                        .await
                        .map(|a| shown_vectors(&a)),
                    _ => api.serve_once::<ImagesResponse>(kind.path(), &text, &stop, &mut on_status).await.map(|a| shown_image(&a)),
                };
                if let Err(e) = &result {
                    status.set(e.status);
                }
                elapsed.set(Some(perf_now() - started));
                outcome.set(Some(result));
                running.set(false);
            });
        }
    };
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        send();
    };
    let error_id = id.clone();
    let result = move || {
        outcome.get().map(|o| match o {
            Ok(Shown::Vectors { vectors, cosine, prompt_tokens }) => view! { <Vectors vectors cosine prompt_tokens /> }.into_any(),
            Ok(Shown::Image(Ok(src))) => view! {
                <img class="generated-image" id="try-image" src=src alt=format!("The image generated for: {}", settings.with_untracked(|s| s.prompt.clone())) />
            }
            .into_any(),
            Ok(Shown::Image(Err(reason))) => view! { <p class="warning-panel" id="try-image-refused">{reason}</p> }.into_any(),
            Err(e) => {
                let x = explain(&e, &CallContext { model_id: &error_id, received_chars: 0, streamed: false });
                view! {
                    <div class="pane-error error-panel" id="try-error" role="alert">
                        <p class="error-title">{x.headline}</p>
                        <ul class="causes">{x.causes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                        {x.retry_hint.map(|h| view! { <p class="retry-hint"><strong>{h}</strong></p> })}
                    </div>
                }
                .into_any()
            }
        })
    };
    let label = if kind == TryKind::Embeddings { "Embed" } else { "Generate" };
    view! {
        <form class="card try-form" id="try-form" on:submit=on_submit novalidate>
            <SettingsFields settings kind streaming=StreamingChoice::Off tried prefix="try" />
            {note.map(|n| view! { <p class="warning-panel" id="try-note">{n}</p> })}
            <div class="try-actions">
                <button type="submit" class="button primary" id="try-send" disabled=move || running.get()>{label}</button>
                <button type="button" class="button" id="try-stop" disabled=move || !running.get() on:click=move |_| stop.with_value(StopHandle::stop)>
                    "Stop"
                </button>
            </div>
        </form>
        <div class="card pane" id="try-result" aria-busy=move || running.get().to_string()>
            <p class="pane-state" role="status">
                {move || match (running.get(), outcome.with(|o| o.as_ref().map(Result::is_ok))) {
                    (true, _) => "Waiting for the answer…",
                    (false, Some(true)) => "Completed",
                    (false, Some(false)) => "Failed",
                    (false, None) => "Not sent yet",
                }}
            </p>
            {result}
            <dl class="figures" id="try-figures">
                <div class="figure"><dt>"Total time"</dt><dd>{move || elapsed.get().map(duration_text).unwrap_or_else(|| "—".into())}</dd></div>
                <div class="figure"><dt>"HTTP status"</dt><dd>{move || status.get().map(|s| s.to_string()).unwrap_or_else(|| "—".into())}</dd></div>
            </dl>
            <RequestDetails prefix="try".to_string() body=body.into() url=api.serve_url(kind.path()) streaming=Signal::derive(|| false) />
        </div>
    }
}

#[component]
fn Vectors(vectors: Vec<VectorFigures>, cosine: Option<f64>, prompt_tokens: Option<u64>) -> impl IntoView {
    let two = vectors.len() == 2;
    view! {
        <div id="embed-results">
            {vectors
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let n = i + 1;
                    let first = v.first.iter().map(|x| value_text(*x)).collect::<Vec<_>>().join(", ");
                    view! {
                        <h3 class="vector-title">{format!("Vector {n}")}</h3>
                        <dl class="figures vector-figures">
                            <div class="figure"><dt>"Length"</dt><dd id=format!("embed-length-{n}")>{v.length}</dd></div>
                            <div class="figure"><dt>"L2 norm"</dt><dd id=format!("embed-norm-{n}")>{value_text(v.norm)}</dd></div>
                            <div class="figure figure-wide"><dt>"First values"</dt><dd class="mono" id=format!("embed-first-{n}")>{first}</dd></div>
                        </dl>
                    }
                })
                .collect_view()}
            {two.then(|| view! {
                <p class="cosine">
                    "Cosine similarity of the two texts: "
                    <strong id="embed-cosine">{cosine.map(value_text).unwrap_or_else(|| "not defined (a zero vector or different lengths)".into())}</strong>
                    <span class="muted">" (1: the same direction; near 0: unrelated. Noise would give near 0 even for similar texts.)"</span>
                </p>
            })}
            {prompt_tokens.map(|t| view! { <p class="muted">"Prompt tokens (from usage): " {t}</p> })}
        </div>
    }
}

//! One model's answer: the streamed text (reasoning apart), how the call ended, its figures, and
//! the exact request. Used once on the try page and once per model on the compare page.

use leptos::html;
use leptos::prelude::*;
use lisa_api::serve::{ChatChunk, ChatCompletion, ChatRequest, ServeError, ServeErrorKind};
use lisa_console::try_model::{explain, CallContext, CallEnd, ChatCall, Explained, Figures, TryKind};

use super::request::RequestDetails;
use super::writer::{fresh_text, FrameWriter};
use crate::api::serve::{perf_now, StopHandle};
use crate::api::ApiClient;

/// How often the figures refresh while a call runs (the text itself streams every frame).
const FIGURES_EVERY_MS: f64 = 250.0;

#[derive(Clone, Copy)]
pub struct Pane {
    pub model_id: StoredValue<String>,
    call: StoredValue<Option<ChatCall>>,
    /// Bumped when the figures or the outcome change (at most every [`FIGURES_EVERY_MS`]).
    pub version: RwSignal<u32>,
    pub running: RwSignal<bool>,
    has_reasoning: RwSignal<bool>,
    pub request_body: RwSignal<Option<String>>,
    pub streamed: RwSignal<bool>,
    /// Why this model is not called (not in LISA Serve's list); shown instead of an answer.
    pub not_sent: RwSignal<Option<String>>,
    stop: StoredValue<StopHandle, LocalStorage>,
    answer: NodeRef<html::Div>,
    reasoning: NodeRef<html::Div>,
    nodes: StoredValue<Option<(web_sys::Text, web_sys::Text)>, LocalStorage>,
    last_bump: StoredValue<f64>,
}

impl Pane {
    pub fn new(model_id: String) -> Self {
        Pane {
            model_id: StoredValue::new(model_id),
            call: StoredValue::new(None),
            version: RwSignal::new(0),
            running: RwSignal::new(false),
            has_reasoning: RwSignal::new(false),
            request_body: RwSignal::new(None),
            streamed: RwSignal::new(false),
            not_sent: RwSignal::new(None),
            stop: StoredValue::new_local(StopHandle::default()),
            answer: NodeRef::new(),
            reasoning: NodeRef::new(),
            nodes: StoredValue::new_local(None),
            last_bump: StoredValue::new(0.0),
        }
    }

    pub fn id(&self) -> String {
        self.model_id.get_value()
    }

    pub fn stop(&self) {
        if let Some(stop) = self.stop.try_get_value() {
            stop.stop();
        }
    }

    fn bump(&self, force: bool) {
        let now = perf_now();
        if force || now - self.last_bump.get_value() >= FIGURES_EVERY_MS {
            self.last_bump.set_value(now);
            self.version.update(|v| *v = v.wrapping_add(1));
        }
    }

    fn begin(&self, request: &ChatRequest, body: &str) {
        let answer = self.answer.get_untracked().and_then(|e| fresh_text(&e));
        let reasoning = self.reasoning.get_untracked().and_then(|e| fresh_text(&e));
        self.nodes.set_value(answer.zip(reasoning));
        self.has_reasoning.set(false);
        self.call.set_value(Some(ChatCall::new(request, perf_now())));
        self.request_body.set(Some(body.to_string()));
        self.streamed.set(request.stream);
        self.running.set(true);
        self.bump(true);
    }

    fn write(&self, writer: &FrameWriter, content: &str, reasoning: &str, at: f64) {
        self.nodes.with_value(|nodes| {
            if let Some((answer_node, reasoning_node)) = nodes {
                writer.append(answer_node, content, at);
                writer.append(reasoning_node, reasoning, at);
            }
        });
        if !reasoning.is_empty() && !self.has_reasoning.get_untracked() {
            self.has_reasoning.set(true);
        }
    }

    fn on_status(&self, status: u16) {
        self.call.update_value(|c| c.iter_mut().for_each(|c| c.on_status(status)));
        self.bump(true);
    }

    fn on_chunk(&self, chunk: &ChatChunk, at: f64, writer: &FrameWriter) {
        let first = self.call.with_value(|c| c.as_ref().is_some_and(|c| c.received_chars() == 0));
        self.call.update_value(|c| c.iter_mut().for_each(|c| c.on_chunk(chunk, at)));
        self.write(writer, chunk.content(), chunk.reasoning(), at);
        self.bump(first && !(chunk.content().is_empty() && chunk.reasoning().is_empty()));
    }

    fn on_completion(&self, completion: &ChatCompletion, writer: &FrameWriter) {
        let at = perf_now();
        self.call.update_value(|c| c.iter_mut().for_each(|c| c.on_completion(completion, at)));
        self.write(writer, completion.content(), completion.reasoning(), at);
    }

    fn finish(&self, result: Result<(), ServeError>) {
        let at = perf_now();
        self.call.update_value(move |c| {
            if let Some(c) = c.as_mut() {
                c.finish(result, at);
            }
        });
        self.running.set(false);
        self.bump(true);
    }

    /// Tracked by `version`.
    pub fn figures(&self) -> Option<Figures> {
        self.version.track();
        self.call.with_value(|c| c.as_ref().map(|c| c.figures(perf_now())))
    }

    /// Tracked by `version`: how the last call ended, if it has.
    pub fn end(&self) -> Option<CallEnd> {
        self.version.track();
        self.call.with_value(|c| c.as_ref().and_then(|c| c.end().cloned()))
    }

    /// Tracked by `version`: the explanation of the last call's failure (stops included).
    fn explained(&self) -> Option<(ServeErrorKind, Explained)> {
        self.version.track();
        self.call.with_value(|c| {
            let call = c.as_ref()?;
            let error = call.error()?;
            let ctx = CallContext { model_id: &call.model_id, received_chars: call.received_chars(), streamed: call.streamed };
            Some((error.kind.clone(), explain(error, &ctx)))
        })
    }

    /// Read `f` with the call (the results file).
    pub fn with_call<R>(&self, f: impl FnOnce(Option<&ChatCall>) -> R) -> R {
        self.call.with_value(|c| f(c.as_ref()))
    }
}

/// Send `request` from `pane` and stream the answer into it; resolves when the call has ended.
pub async fn run_chat(api: ApiClient, pane: Pane, writer: FrameWriter, request: ChatRequest) {
    let body = serde_json::to_string(&request).unwrap_or_default();
    let stop = pane.stop.get_value();
    pane.begin(&request, &body);
    // The figures tick while waiting (the total time counts up).
    leptos::task::spawn_local_scoped(async move {
        while pane.running.try_get_untracked() == Some(true) {
            crate::time::sleep(FIGURES_EVERY_MS as u32).await;
            if pane.running.try_get_untracked() == Some(true) {
                pane.bump(true);
            }
        }
    });
    let mut on_status = |status| pane.on_status(status);
    let result = if request.stream {
        let mut on_chunk = |chunk: &ChatChunk, at: f64| pane.on_chunk(chunk, at, &writer);
        api.chat_stream(&body, &stop, &mut on_status, &mut on_chunk)
            .await
            .map(|whole| whole.iter().for_each(|c| pane.on_completion(c, &writer)))
    } else {
        api.serve_once::<ChatCompletion>(TryKind::Chat.path(), &body, &stop, &mut on_status)
            .await
            .map(|c| pane.on_completion(&c, &writer))
    };
    pane.finish(result);
}

fn state_text(running: bool, end: Option<&CallEnd>, figures: Option<&Figures>) -> &'static str {
    match (running, end) {
        (true, _) if figures.is_some_and(|f| f.time_to_first_token_ms.is_some()) => "Receiving…",
        (true, _) => "Waiting for the first token…",
        (false, Some(CallEnd::Completed)) => "Completed",
        (false, Some(e)) if e.label() == "stopped" => "Stopped",
        (false, Some(_)) => "Failed",
        (false, None) => "Not sent yet",
    }
}

/// The pane's view. `prefix` makes its element ids unique on the page.
#[component]
pub fn ChatPane(pane: Pane, prefix: String, serve_url: String, on_retry: Callback<()>) -> impl IntoView {
    let id = {
        let prefix = prefix.clone();
        move |part: &str| format!("{prefix}-{part}")
    };
    let state = move || {
        let figures = pane.figures();
        state_text(pane.running.get(), pane.end().as_ref(), figures.as_ref())
    };
    let error = move || {
        pane.explained().map(|(kind, x)| {
            let stopped = kind == ServeErrorKind::Stopped;
            let class = if stopped { "pane-note" } else { "pane-error error-panel" };
            view! {
                <div class=class role=if stopped { "status" } else { "alert" }>
                    <p class="error-title">{x.headline}</p>
                    {(!x.causes.is_empty()).then(|| view! {
                        <p class="causes-title">"Likely causes:"</p>
                        <ul class="causes">{x.causes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                    })}
                    {x.retry_hint.map(|h| view! { <p class="retry-hint"><strong>{h}</strong></p> })}
                    <button type="button" class="button small pane-retry" on:click=move |_| on_retry.run(())>"Retry"</button>
                </div>
            }
        })
    };
    let figures = move || {
        pane.figures().map(|f| {
            f.rows()
                .into_iter()
                .map(|(label, value)| view! { <div class="figure"><dt>{label}</dt><dd>{value}</dd></div> })
                .collect_view()
        })
    };
    view! {
        <div class="pane-body" aria-busy=move || pane.running.get().to_string()>
            <p class="pane-state" id=id("state" ) role="status">{state}</p>
            {move || pane.not_sent.get().map(|reason| view! { <p class="pane-not-sent warning-panel">{reason}</p> })}
            <details class="reasoning" open hidden=move || !pane.has_reasoning.get()>
                <summary>"Reasoning"</summary>
                <div class="stream-text reasoning-text" id=id("reasoning") node_ref=pane.reasoning></div>
            </details>
            <div class="stream-text answer-text" id=id("answer") node_ref=pane.answer></div>
            {error}
            <dl class="figures" id=id("figures")>{figures}</dl>
            <RequestDetails
                prefix=prefix.clone()
                body=pane.request_body.into()
                url=serve_url
                streaming=pane.streamed.into()
            />
        </div>
    }
}

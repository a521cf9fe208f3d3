//! LISA Serve's model calls, as a browser sees them through LISA's passthrough to LiteLLM
//! (lisa-serve.md §7, §9, §11, §12): `chat/completions` (streaming and not), `embeddings`,
//! `images/generations`. Auth and body checks happen before (`routes::serve`); this part is
//! asynchronous: it waits for a worker (serialization), for the first token, and streams.
//!
//! Errors LiteLLM raises come back as LISA passes them on: non-streaming → the status with a
//! JSON `null` body; streaming, before the first chunk → the status, no content type, LiteLLM's
//! JSON error and a blank line. Both with CORS (they come from inside the app).

pub mod settings;
pub mod stream;
pub mod text;
pub mod usage;
pub mod vectors;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode};
use serde_json::{json, Map, Value};

use crate::auth::ServeIdentity;
use crate::clock;
use crate::config::ServeSettings;
use crate::errors::serve_auth_failed;
use crate::http::{Cors, Reply};
use crate::state::{Fault, Injection, Shared};
use stream::{litellm_error, Completion, Scheduled};
use text::Plan;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Chat,
    Embeddings,
    Images,
}

/// One authenticated model call, its body already read as a JSON object.
pub struct Call {
    pub kind: Kind,
    /// The path LISA forwards to LiteLLM (`/chat/completions`, `/v1/embeddings`, …).
    pub route: String,
    pub identity: ServeIdentity,
    pub body: Map<String, Value>,
    /// A pending `/__mock/inject` entry for this request (slow first token, faults, content).
    pub injection: Option<Injection>,
    pub has_origin: bool,
}

/// An error LiteLLM answers before any chunk exists.
struct Upstream {
    status: u16,
    message: String,
}

impl Upstream {
    fn bad(message: String) -> Upstream {
        Upstream { status: 400, message }
    }

    fn respond(&self, stream: bool, has_origin: bool) -> Response<Body> {
        let reply = if stream {
            let mut body = serde_json::to_vec(&litellm_error(&self.message, &self.status.to_string())).unwrap_or_default();
            body.extend_from_slice(b"\n\n");
            Reply::raw(self.status, body, None)
        } else {
            // LISA parses LiteLLM's body only on 200 and answers `JSONResponse(None, status)`.
            Reply::raw(self.status, "null", Some("application/json"))
        };
        reply.cors(Cors::IfOrigin).into_response(has_origin)
    }
}

/// What a valid call will answer.
enum Prepared {
    Chat { completion: Completion, plan: Plan, include_usage: bool, file_context: bool },
    Json(Value),
}

/// Runs one call: waits for a worker (when serialized) and for the first token, then answers.
pub async fn run(shared: Arc<Shared>, call: Call) -> Response<Body> {
    let settings = shared.serve.get();
    let permit = if settings.serialize { shared.serve.worker_pool().acquire_owned().await.ok() } else { None };
    let streaming = call.kind == Kind::Chat && text::truthy(call.body.get("stream"));
    let has_origin = call.has_origin;
    let injection = call.injection.clone();
    let delay = injection.as_ref().map_or(0, |i| i.delay_ms);
    let fault = injection.as_ref().and_then(|i| i.fault);
    let message = injection.as_ref().and_then(|i| i.message.clone());
    if fault == Some(Fault::Error) {
        sleep(delay).await;
        let status = injection.as_ref().and_then(|i| i.status).unwrap_or(500);
        let message = message.unwrap_or_else(|| format!("litellm.InternalServerError: mock upstream error {status}"));
        return Upstream { status, message }.respond(streaming, has_origin);
    }
    let prepared = match prepare(&shared, &call, &settings) {
        Ok(p) => p,
        Err(error) => {
            sleep(delay).await;
            return error.respond(streaming, has_origin);
        }
    };
    sleep(delay + settings.ttft_ms).await;
    let (completion, plan, include_usage, file_context) = match prepared {
        Prepared::Json(value) => {
            return match fault {
                Some(Fault::MidStreamError) => Upstream { status: 500, message: String::new() }.respond(false, has_origin),
                Some(Fault::Cut) => serve_auth_failed().into_response(has_origin),
                _ => Reply::json(200, &value).cors(Cors::IfOrigin).into_response(has_origin),
            };
        }
        Prepared::Chat { completion, plan, include_usage, file_context } => (completion, plan, include_usage, file_context),
    };
    let tokens = (completion.prompt_tokens, plan.completion_tokens());
    let (identity, model_id) = (call.identity, completion.model.clone());
    let event = move |seen: bool| usage::Event { identity, model_id, tokens: seen.then_some(tokens), file_context };
    if !streaming {
        match fault {
            // A non-streaming call sees the upstream failure as a whole: a 500, or a body that
            // is not JSON, which LISA's auth middleware turns into its catch-all 401.
            Some(Fault::MidStreamError) => return Upstream { status: 500, message: String::new() }.respond(false, has_origin),
            Some(Fault::Cut) => return serve_auth_failed().into_response(has_origin),
            _ => {}
        }
        sleep(settings.token_ms.saturating_mul(plan.completion_tokens())).await;
        let answer = completion.answer(&plan);
        drop(permit);
        usage::publish(&shared, event(true));
        return Reply::json(200, &answer).cors(Cors::IfOrigin).into_response(has_origin);
    }
    let fault_text = message.unwrap_or_else(|| "litellm.InternalServerError: mock stream error".to_string());
    let stream_fault = fault.map(|f| (f, injection.as_ref().map_or(0, |i| i.after_chunks), fault_text.as_str()));
    let frames = completion.frames(&plan, include_usage, stream_fault, settings.token_ms);
    let on_end = {
        let shared = Arc::clone(&shared);
        Box::new(move |seen: bool| usage::publish(&shared, event(seen)))
    };
    // The worker is free once the first chunk exists (LiteLLM's headers came back).
    drop(permit);
    let mut response = Response::new(Body::new(Scheduled::new(frames, on_end)));
    *response.status_mut() = StatusCode::OK;
    if has_origin {
        response.headers_mut().insert("access-control-allow-origin", HeaderValue::from_static("*"));
    }
    response
}

fn completion_model(body: &Map<String, Value>) -> String {
    body.get("model").and_then(Value::as_str).unwrap_or("").to_string()
}

async fn sleep(ms: u64) {
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

/// LiteLLM's checks, in its order: a model it knows (and this worker has loaded), of a type
/// that has this route, then the route's own parameters.
fn prepare(shared: &Shared, call: &Call, settings: &ServeSettings) -> Result<Prepared, Upstream> {
    let model = find_model(shared, call, settings)?;
    let id = completion_model(&call.body);
    let model_type = model.get("modelType").and_then(Value::as_str).unwrap_or("textgen");
    let wanted = match call.kind {
        Kind::Chat => "textgen",
        Kind::Embeddings => "embedding",
        Kind::Images => "imagegen",
    };
    if model_type != wanted {
        // Mock wording: LiteLLM forwards the call and the provider refuses it.
        return Err(Upstream::bad(format!("litellm.BadRequestError: {} is not supported by model={id} ({model_type})", call.route)));
    }
    match call.kind {
        Kind::Chat => prepare_chat(shared, call, &model, settings),
        Kind::Embeddings => embeddings(call, &id).map(Prepared::Json),
        Kind::Images => images(call, &id).map(Prepared::Json),
    }
}

fn find_model(shared: &Shared, call: &Call, settings: &ServeSettings) -> Result<Value, Upstream> {
    let requested = call.body.get("model");
    let invalid = || {
        let shown = match requested {
            Some(Value::String(s)) => s.clone(),
            None | Some(Value::Null) => "None".to_string(),
            Some(other) => other.to_string(),
        };
        Upstream::bad(format!(
            "{}: Invalid model name passed in model={shown}. Call `/v1/models` to view available models for your key.",
            call.route
        ))
    };
    let id = requested.and_then(Value::as_str).ok_or_else(invalid)?;
    let store = shared.lock();
    let record = store.models.get(id).filter(|r| r.litellm).ok_or_else(invalid)?;
    // Other LiteLLM workers only learn about a new model when they next poll the database.
    let window = Duration::from_millis(settings.new_model_window_ms);
    if record.litellm_since.is_some_and(|since| since.elapsed() < window) {
        return Err(invalid());
    }
    Ok(record.model.clone())
}

fn prepare_chat(shared: &Shared, call: &Call, model: &Value, settings: &ServeSettings) -> Result<Prepared, Upstream> {
    let id = completion_model(&call.body);
    let prompt = text::prompt(&call.body).ok_or_else(|| Upstream::bad("litellm.BadRequestError: messages must be a non-empty list of messages".into()))?;
    let max_tokens = match call.body.get("max_tokens").or_else(|| call.body.get("max_completion_tokens")) {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_f64()
                .filter(|n| *n >= 1.0 && n.fract() == 0.0)
                .map(|n| n as u64)
                .ok_or_else(|| Upstream::bad(format!("litellm.BadRequestError: max_tokens must be an integer of at least 1, not {v}")))?,
        ),
    };
    let content = match call.injection.as_ref().and_then(|i| i.content.as_deref()) {
        Some(text) => text::tokens(text),
        None => text::answer(&id, &prompt.last_user, settings.answer_tokens),
    };
    let reasoning = if text::is_reasoning(model) { text::reasoning(&id, &prompt.last_user) } else { Vec::new() };
    let completion = Completion {
        id: format!("chatcmpl-mock-{}", shared.serve.next_id()),
        created: clock::now().0.max(0) as u64,
        model: id,
        prompt_tokens: prompt.tokens,
    };
    let include_usage = text::truthy(call.body.get("stream_options").and_then(|o| o.get("include_usage")));
    Ok(Prepared::Chat { completion, plan: Plan::new(reasoning, content, max_tokens), include_usage, file_context: prompt.file_context })
}

/// `{"model","input": "text" | ["a","b"], "encoding_format"}` → one vector per input.
fn embeddings(call: &Call, id: &str) -> Result<Value, Upstream> {
    let bad = || Upstream::bad("litellm.BadRequestError: input must be a string or a non-empty list of strings".into());
    let inputs: Vec<&str> = match call.body.get("input") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(list)) if !list.is_empty() => list.iter().map(Value::as_str).collect::<Option<_>>().ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    let tokens: usize = inputs.iter().map(|t| t.split_whitespace().count()).sum();
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(index, t)| json!({ "object": "embedding", "index": index, "embedding": vectors::embedding(id, t) }))
        .collect();
    Ok(json!({ "object": "list", "model": id, "data": data, "usage": { "prompt_tokens": tokens, "total_tokens": tokens } }))
}

/// `{"prompt","model","n",…}` → `n` (1–10) small PNGs as `b64_json`, whatever `response_format` says.
fn images(call: &Call, id: &str) -> Result<Value, Upstream> {
    let prompt = call
        .body
        .get("prompt")
        .and_then(Value::as_str)
        .ok_or_else(|| Upstream::bad("litellm.BadRequestError: prompt is required".into()))?;
    let n = match call.body.get("n") {
        None | Some(Value::Null) => 1,
        Some(v) => v.as_u64().filter(|n| (1..=10).contains(n)).ok_or_else(|| Upstream::bad(format!("litellm.BadRequestError: n must be 1..10, not {v}")))?,
    };
    let data: Vec<Value> = (0..n)
        .map(|i| {
            let png = vectors::png(text::hash(&[id, prompt, &i.to_string()]));
            json!({ "b64_json": vectors::base64(&png), "url": null, "revised_prompt": null })
        })
        .collect();
    let tokens = prompt.split_whitespace().count();
    Ok(json!({
        "created": clock::now().0, "data": data,
        "usage": { "input_tokens": tokens, "output_tokens": 0, "total_tokens": tokens },
    }))
}

//! `/__mock/*`, the test-control API (only with `--test-control`). Not LISA: it sets up states
//! that LISA's workflows would leave, injects answers LISA or API Gateway may give (500s, slow
//! or malformed answers, CORS-less errors, LISA Serve faults), sets the Serve API's timing and
//! records what the client sent and when. Always CORS.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::cors::permissive_preflight;
use crate::demo;
use crate::errors::{serve_auth_failed, serve_rate_limited, serve_unauthorized};
use crate::generate;
use crate::http::{Cors, Reply, Req};
use crate::inference::{settings, usage};
use crate::routes::configuration;
use crate::state::{Fault, Injection, Shared};
use crate::workflows::finish_create;

const STATUSES: [&str; 8] = ["Creating", "InService", "Starting", "Stopping", "Stopped", "Updating", "Deleting", "Failed"];

fn reply(status: u16, value: Value) -> Reply {
    Reply::json(status, &value).cors(Cors::Always)
}

fn bad(message: impl Into<String>) -> Reply {
    reply(400, json!({ "error": message.into() }))
}

fn body_json(req: &Req) -> Result<Value, Reply> {
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(&req.body).map_err(|e| bad(format!("body is not JSON: {e}")))
}

pub fn handle(shared: &Arc<Shared>, req: &Req) -> Reply {
    if req.method.as_str() == "OPTIONS" {
        return permissive_preflight(req);
    }
    let route = req.path.trim_end_matches('/');
    let result = match (req.method.as_str(), route) {
        ("POST", "/__mock/reset") => reset(shared, req),
        ("POST", "/__mock/seed") => seed(shared, req),
        ("POST", "/__mock/inject") => inject(shared, req),
        ("GET", "/__mock/inject") => Ok(pending(shared)),
        ("DELETE", "/__mock/inject") => {
            shared.lock().injections.clear();
            Ok(reply(200, json!({ "pending": 0 })))
        }
        ("GET", "/__mock/requests") => Ok(reply(200, Value::Array(shared.lock().log.iter().cloned().collect()))),
        ("DELETE", "/__mock/requests") => {
            shared.lock().log.clear();
            Ok(reply(200, json!({ "cleared": true })))
        }
        ("POST", "/__mock/generate") => generate(shared, req),
        ("GET" | "POST", "/__mock/serve") => body_json(req).map(|body| settings::control(shared, req, &body)),
        ("GET", "/__mock/usage") => Ok(usage::report(shared)),
        ("GET" | "POST", "/__mock/configuration") => configuration_control(shared, req),
        ("POST", "/__mock/put") => put(shared, req),
        ("GET", path) if path.starts_with("/__mock/models/") => Ok(inspect(shared, &path["/__mock/models/".len()..])),
        _ => Ok(reply(404, json!({ "error": format!("no control route {} {}", req.method, req.path) }))),
    };
    result.unwrap_or_else(|r| r)
}

/// Empties everything (models, metrics, configuration rows, usage, injections, log) and puts
/// the Serve settings back to the command line's; `{"demo": true}` reloads the demo.
fn reset(shared: &Arc<Shared>, req: &Req) -> Result<Reply, Reply> {
    let body = body_json(req)?;
    shared.serve.set(shared.config.serve.clone());
    let mut store = shared.lock();
    store.clear();
    if body.get("demo").and_then(Value::as_bool) == Some(true) {
        demo::load(shared, &mut store);
    }
    Ok(reply(200, json!({ "models": store.models.len(), "metricsUsers": store.metrics.len() })))
}

/// Sets the state a finished workflow leaves: status, model URL, ASG (forced with `asg`).
fn seed(shared: &Arc<Shared>, req: &Req) -> Result<Reply, Reply> {
    let body = body_json(req)?;
    let id = body.get("modelId").and_then(Value::as_str).ok_or_else(|| bad("modelId (string) is required"))?;
    let status = body.get("status").and_then(Value::as_str).ok_or_else(|| bad("status (string) is required"))?;
    if !STATUSES.contains(&status) {
        return Err(bad(format!("status must be one of {STATUSES:?}")));
    }
    let asg = match body.get("asg") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(bad("asg must be a boolean")),
    };
    let mut store = shared.lock();
    let token = store.next_workflow();
    let record = store
        .models
        .get_mut(id)
        .ok_or_else(|| reply(404, json!({ "detail": format!("Model '{id}' was not found.") })))?;
    // Cancels any workflow still running on this record.
    record.workflow = token;
    let asg = if status == "Creating" { Some(asg.unwrap_or(false)) } else { asg };
    finish_create(record, asg, status);
    let group = if record.asg.is_some() { format!("{id}-asg") } else { String::new() };
    Ok(reply(200, json!({ "modelId": id, "status": status, "auto_scaling_group": group })))
}

fn inject(shared: &Arc<Shared>, req: &Req) -> Result<Reply, Reply> {
    let body = body_json(req)?;
    let method = body.get("method").and_then(Value::as_str).ok_or_else(|| bad("method (string) is required"))?;
    let path = body.get("path").and_then(Value::as_str).ok_or_else(|| bad("path (string) is required"))?;
    let path = path.split('?').next().unwrap_or(path);
    let status = match body.get("status") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().filter(|s| (100..=599).contains(s)).ok_or_else(|| bad("status must be 100..599"))? as u16),
    };
    let raw = body.get("rawBody").and_then(Value::as_str).map(|s| s.as_bytes().to_vec());
    let json_body = body.get("body").map(|b| serde_json::to_vec(b).unwrap_or_default());
    let pad = match body.get("padBytes") {
        None | Some(Value::Null) => 0,
        Some(v) => v.as_u64().filter(|n| *n <= MAX_PAD_BYTES).ok_or_else(|| bad(format!("padBytes must be 0..={MAX_PAD_BYTES}")))?,
    };
    let (raw, json_body) = match (raw, json_body) {
        (Some(r), j) if pad > 0 => (Some(padded(r, pad as usize)), j),
        (None, Some(j)) if pad > 0 => (None, Some(padded(j, pad as usize))),
        (None, None) if pad > 0 => (Some(padded(Vec::new(), pad as usize)), None),
        other => other,
    };
    // Capped at ten minutes so a typo cannot hang a client for good.
    let delay_ms = body.get("delayMs").and_then(Value::as_u64).unwrap_or(0).min(600_000);
    let has_body = raw.is_some() || json_body.is_some();
    let fault = match body.get("fault") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_str().and_then(Fault::parse).ok_or_else(|| bad(format!("fault must be one of {:?}", Fault::NAMES)))?),
    };
    let text = |key: &str| -> Result<Option<String>, Reply> {
        match body.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad(format!("{key} must be a string"))),
        }
    };
    let content = text("content")?;
    if (fault.is_some() || content.is_some()) && !path.starts_with("/v2/serve/") {
        return Err(bad("fault and content apply to /v2/serve/ paths only"));
    }
    if status.is_none() && delay_ms == 0 && !has_body && fault.is_none() && content.is_none() {
        return Err(bad("give status (with body or rawBody), delayMs, fault or content"));
    }
    let injection = Injection {
        method: method.to_ascii_uppercase(),
        path: path.to_string(),
        // A body without a status is an ordinary 200 answer; a fault's status is its own.
        status: if fault.is_some() { status } else { status.or(has_body.then_some(200)) },
        body: raw.or(json_body),
        delay_ms,
        drop_cors: body.get("dropCors").and_then(Value::as_bool).unwrap_or(false),
        remaining: body.get("times").and_then(Value::as_u64).unwrap_or(1).max(1),
        fault,
        after_chunks: body.get("afterChunks").and_then(Value::as_u64).unwrap_or(0),
        content,
        message: text("message")?,
        retry_after: body.get("retryAfter").and_then(Value::as_u64).unwrap_or(1),
    };
    shared.lock().injections.push(injection);
    Ok(pending(shared))
}

/// The largest `padBytes` (a bit over API Gateway's 10 MB payload limit).
const MAX_PAD_BYTES: u64 = 16 * 1024 * 1024;

/// `padBytes`: a big answer made here rather than sent through the inject request. The first
/// `%PAD%` in the body becomes `n` letters `x` (a huge string); without one, `n` spaces are
/// appended (JSON stays valid, just long).
fn padded(body: Vec<u8>, n: usize) -> Vec<u8> {
    const MARK: &[u8] = b"%PAD%";
    match body.windows(MARK.len()).position(|w| w == MARK) {
        Some(at) => {
            let mut out = Vec::with_capacity(body.len() + n);
            out.extend_from_slice(&body[..at]);
            out.resize(at + n, b'x');
            out.extend_from_slice(&body[at + MARK.len()..]);
            out
        }
        None => {
            let mut out = body;
            out.resize(out.len() + n, b' ');
            out
        }
    }
}

fn pending(shared: &Arc<Shared>) -> Reply {
    let store = shared.lock();
    let list: Vec<Value> = store
        .injections
        .iter()
        .map(|i| json!({"method": i.method, "path": i.path, "status": i.status, "delayMs": i.delay_ms,
                        "dropCors": i.drop_cors, "times": i.remaining, "fault": i.fault.map(Fault::name),
                        "afterChunks": i.after_chunks, "hasContent": i.content.is_some()}))
        .collect();
    reply(200, json!({ "pending": list.len(), "injections": list }))
}

/// The first injection matching this request, used up by one. Query strings are ignored.
pub fn take_injection(shared: &Shared, req: &Req) -> Option<Injection> {
    let mut store = shared.lock();
    let method = req.method.as_str();
    let index = store.injections.iter().position(|i| {
        (i.method == method || i.method == "*") && (i.path == req.raw_path || i.path == req.path)
    })?;
    let injection = store.injections[index].clone();
    store.injections[index].remaining -= 1;
    if store.injections[index].remaining == 0 {
        store.injections.remove(index);
    }
    Some(injection)
}

/// The answer an injection gives (without the delay, which the caller applies). `None`: the
/// request goes on (a delay alone, or a Serve fault that happens upstream).
pub fn injected_reply(injection: &Injection) -> Option<Reply> {
    match injection.fault {
        Some(Fault::Unauthorized) => return Some(serve_unauthorized()),
        Some(Fault::AuthFailed) => return Some(serve_auth_failed()),
        Some(Fault::RateLimited) => return Some(serve_rate_limited(injection.retry_after)),
        Some(_) => return None,
        None => {}
    }
    let status = injection.status?;
    let body = injection.body.clone().unwrap_or_default();
    let content_type = if body.is_empty() { None } else { Some("application/json") };
    let cors = if injection.drop_cors { Cors::None } else { Cors::Always };
    Some(Reply::raw(status, body, content_type).cors(cors))
}

fn generate(shared: &Arc<Shared>, req: &Req) -> Result<Reply, Reply> {
    let body = body_json(req)?;
    let count = body.get("models").and_then(Value::as_u64).unwrap_or(0);
    let tools = body.get("tools").and_then(Value::as_u64).unwrap_or(0);
    let groups = body.get("groups").and_then(Value::as_u64).unwrap_or(0);
    if count > generate::MAX_MODELS || tools > generate::MAX_ITEMS || groups > generate::MAX_ITEMS {
        return Err(bad(format!("at most {} models and {} tools/groups", generate::MAX_MODELS, generate::MAX_ITEMS)));
    }
    let user = body.get("metricsUser");
    let user_id = match user {
        Some(u) => Some(u.get("userId").and_then(Value::as_str).ok_or_else(|| bad("metricsUser.userId is required"))?.to_string()),
        None if tools > 0 || groups > 0 => Some("bench-overview-user".to_string()),
        None => None,
    };
    let sessions = user.and_then(|u| u.get("sessions")).and_then(Value::as_u64).unwrap_or(1);
    if sessions > generate::MAX_ITEMS {
        return Err(bad(format!("at most {} sessions", generate::MAX_ITEMS)));
    }
    let mut store = shared.lock();
    let added = generate::models(&mut store, count);
    if let Some(id) = &user_id {
        store.metrics.insert(id.clone(), generate::metrics_user(sessions, tools, groups));
    }
    Ok(reply(200, json!({
        "models": added, "totalModels": store.models.len(), "metricsUser": user_id,
        "sessions": if user_id.is_some() { sessions } else { 0 }, "tools": tools, "groups": groups,
    })))
}

/// Stores records exactly as given, bypassing every validation rule: models (keyed by their
/// `modelId`, replacing any with that id; ASG and LiteLLM state follow the status, no workflow
/// runs) and metrics users (id → stored record). For hostile-data tests: LISA's own rules would
/// refuse most of these values, but its table can hold anything an older version or another
/// writer stored.
fn put(shared: &Arc<Shared>, req: &Req) -> Result<Reply, Reply> {
    let body = body_json(req)?;
    let models = match body.get("models") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list.clone(),
        Some(_) => return Err(bad("models must be an array of model objects")),
    };
    for (i, m) in models.iter().enumerate() {
        if !m.get("modelId").is_some_and(Value::is_string) {
            return Err(bad(format!("models[{i}] needs a string modelId")));
        }
    }
    let users = match body.get("metricsUsers") {
        None | Some(Value::Null) => serde_json::Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return Err(bad("metricsUsers must be an object: user id → stored record")),
    };
    let mut store = shared.lock();
    for model in models {
        let record = demo::record_for(model);
        store.models.insert(record.id().to_string(), record);
    }
    let added_users = users.len();
    store.metrics.extend(users);
    Ok(reply(200, json!({ "metricsUsers": added_users, "totalModels": store.models.len() })))
}

/// What the API hides: the live ASG, the LiteLLM registration, whether an API key is stored.
fn inspect(shared: &Arc<Shared>, id: &str) -> Reply {
    let store = shared.lock();
    match store.models.get(id) {
        None => reply(404, json!({ "error": format!("no model {id}") })),
        Some(r) => reply(200, json!({
            "model": r.model,
            "asg": r.asg.map(|a| json!({"min": a.min, "max": a.max, "desired": a.desired})),
            "litellm": r.litellm,
            "apiKeyStored": r.api_key.is_some(),
        })),
    }
}

/// `GET /__mock/configuration`: every scope's rows (as GET would answer them) and the MCP
/// Workbench state; `POST` with `{"mcpWorkbenchDeployed": bool}` changes whether a change of
/// `showMcpWorkbench` can succeed.
fn configuration_control(shared: &Arc<Shared>, req: &Req) -> Result<Reply, Reply> {
    let body = body_json(req)?;
    let mut store = shared.lock();
    if req.method.as_str() == "POST" {
        match body.get("mcpWorkbenchDeployed") {
            Some(Value::Bool(b)) => store.mcp_workbench_deployed = *b,
            _ => return Err(bad("mcpWorkbenchDeployed (boolean) is required")),
        }
    }
    let scopes: serde_json::Map<String, Value> =
        store.configuration.keys().map(|scope| (scope.clone(), configuration::rows(&store, scope))).collect();
    Ok(reply(200, json!({
        "scopes": scopes,
        "mcpWorkbench": { "deployed": store.mcp_workbench_deployed, "serverEntry": store.mcp_workbench_server },
    })))
}

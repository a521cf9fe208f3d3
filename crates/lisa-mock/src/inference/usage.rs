//! Usage metrics from serve calls (lisa-serve.md §13). Only successful (HTTP 200) chat calls
//! publish an event, when the stream ends (or the client leaves):
//! * management key or OIDC ID token → `token_only`: the caller's and the model's token totals
//!   grow; skipped when there are no token counts (streaming without `include_usage`). LISA
//!   keeps these totals where the metrics API does not return them, so the mock shows them at
//!   `GET /__mock/usage` only.
//! * API token → `full`: also a prompt, a synthetic `api-<uuid>` session in the user's metrics
//!   record (visible at `/metrics/users/{id}`), RAG use when a message has "File context:".

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::auth::{ServeIdentity, TokenKind};
use crate::clock;
use crate::demo_metrics::Rng;
use crate::http::{Cors, Reply};
use crate::routes::metrics::empty_user;
use crate::state::{Caller, Shared};

/// Events kept; older ones are dropped (the totals keep counting).
const EVENT_LIMIT: usize = 10_000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub prompts: u64,
}

impl Totals {
    fn add(&mut self, tokens: Option<(u64, u64)>, prompt: bool) {
        if let Some((p, c)) = tokens {
            self.prompt_tokens += p;
            self.completion_tokens += c;
        }
        self.prompts += u64::from(prompt);
    }

    fn to_json(&self) -> Value {
        json!({ "promptTokens": self.prompt_tokens, "completionTokens": self.completion_tokens, "prompts": self.prompts })
    }
}

#[derive(Debug, Default)]
pub struct Usage {
    pub events: Vec<Value>,
    pub users: BTreeMap<String, Totals>,
    pub models: BTreeMap<String, Totals>,
}

/// One finished chat call.
pub struct Event {
    pub identity: ServeIdentity,
    pub model_id: String,
    /// (prompt, completion) tokens, when LISA saw them.
    pub tokens: Option<(u64, u64)>,
    pub file_context: bool,
}

pub fn publish(shared: &Shared, event: Event) {
    let full = event.identity.kind == TokenKind::ApiToken;
    if !full && event.tokens.is_none() {
        return;
    }
    let mut store = shared.lock();
    let username = event.identity.username.clone();
    store.usage.users.entry(username.clone()).or_default().add(event.tokens, full);
    store.usage.models.entry(event.model_id.clone()).or_default().add(event.tokens, full);
    let mut record = json!({
        "type": if full { "full" } else { "token_only" },
        "userId": username,
        "modelId": event.model_id,
        "promptTokens": event.tokens.map(|t| t.0),
        "completionTokens": event.tokens.map(|t| t.1),
    });
    if full {
        let mut rng = Rng::new(store.next_log_id.wrapping_mul(31).wrapping_add(store.usage.events.len() as u64));
        let session = format!("api-{}", rng.uuid());
        record["sessionId"] = json!(session);
        let groups = match &event.identity.caller {
            Caller::User { groups } => groups.clone(),
            Caller::Admin => Vec::new(),
        };
        let user = store.metrics.entry(username).or_insert_with(empty_user);
        count_prompt(user, &session, &event, &groups);
    }
    if store.usage.events.len() >= EVENT_LIMIT {
        store.usage.events.remove(0);
    }
    store.usage.events.push(record);
}

fn add_float(map: &mut Map<String, Value>, key: &str, amount: f64) {
    let old = map.get(key).and_then(Value::as_f64).unwrap_or(0.0);
    map.insert(key.to_string(), json!(old + amount));
}

/// What the metrics Lambda does with a `full` event to the user's stored record.
fn count_prompt(user: &mut Value, session: &str, event: &Event, groups: &[String]) {
    let Some(map) = user.as_object_mut() else { return };
    let rag = if event.file_context { 1.0 } else { 0.0 };
    add_float(map, "totalPrompts", 1.0);
    add_float(map, "ragUsageCount", rag);
    add_float(map, "mcpToolCallsCount", 0.0);
    let mut metrics = json!({
        "totalPrompts": 1.0, "ragUsage": rag, "mcpToolCallsCount": 0.0, "mcpToolUsage": {}, "modelId": event.model_id,
    });
    if let Some((p, c)) = event.tokens {
        metrics["promptTokens"] = json!(p as f64);
        metrics["completionTokens"] = json!(c as f64);
    }
    if !map.get("sessionMetrics").is_some_and(Value::is_object) {
        map.insert("sessionMetrics".into(), json!({}));
    }
    if let Some(Value::Object(sessions)) = map.get_mut("sessionMetrics") {
        sessions.insert(session.to_string(), metrics);
    }
    let (secs, micros) = clock::now();
    let now = clock::iso_micros(secs, micros);
    if map.get("firstSeen").is_none_or(Value::is_null) {
        map.insert("firstSeen".into(), json!(now));
    }
    map.insert("lastSeen".into(), json!(now));
    if let Some(Value::Array(list)) = map.get_mut("userGroups") {
        for g in groups {
            if !list.iter().any(|v| v.as_str() == Some(g.as_str())) {
                list.push(json!(g));
            }
        }
    }
}

/// `GET /__mock/usage`: every event, and the token totals per user and per model.
pub fn report(shared: &Shared) -> Reply {
    let store = shared.lock();
    let totals = |map: &BTreeMap<String, Totals>| -> Map<String, Value> { map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect() };
    Reply::json(
        200,
        &json!({ "events": store.usage.events, "users": totals(&store.usage.users), "models": totals(&store.usage.models) }),
    )
    .cors(Cors::Always)
}

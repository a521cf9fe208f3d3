//! What the mock remembers: LISA's model table (with the guardrails already joined in), the
//! Auto Scaling groups, LiteLLM's registry (the serve list), the metrics table, plus the
//! test-control state (injected answers, request log).

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use lisa_api::validate::state::AsgSize;
use lisa_api::validate::InstanceTypes;
use serde_json::{json, Map, Value};

use crate::config::Config;
use crate::inference::settings::ServeRuntime;
use crate::inference::usage::Usage;

/// The load balancer every simulated LISA-hosted model sits behind.
pub const ALB_BASE: &str = "https://lisa-local-alb.elb.amazonaws.com";

/// The keys of LISA's `LISAModel` response model, in LISA's order.
pub const MODEL_KEYS: [&str; 17] = [
    "autoScalingConfig",
    "containerConfig",
    "inferenceContainer",
    "instanceType",
    "loadBalancerConfig",
    "modelId",
    "modelName",
    "modelDescription",
    "modelType",
    "modelUrl",
    "status",
    "streaming",
    "features",
    "allowedGroups",
    "guardrailsConfig",
    "contextWindow",
    "hostingType",
];

/// One row of LISA's model table.
#[derive(Clone, Debug)]
pub struct Record {
    /// The stored model, shaped like `LISAModel` (never holds `apiKey`).
    pub model: Value,
    /// Write-only: stored, never returned.
    pub api_key: Option<Value>,
    /// The live Auto Scaling group (LISA-hosted models once created; 0/0/0 when stopped).
    pub asg: Option<AsgSize>,
    /// Registered in LiteLLM, i.e. listed by `/v2/serve/models`.
    pub litellm: bool,
    /// When a workflow (or a seed) registered it; `None` for models registered before the mock
    /// started. Serve calls within the new-model window still get "Invalid model name".
    pub litellm_since: Option<Instant>,
    /// The workflow allowed to change this record; a newer action or a seed supersedes it.
    pub workflow: u64,
}

impl Record {
    pub fn new(model: Value) -> Record {
        Record { model, api_key: None, asg: None, litellm: false, litellm_since: None, workflow: 0 }
    }

    /// Registers in (or removes from) LiteLLM, remembering when a registration began.
    pub fn set_litellm(&mut self, registered: bool) {
        if registered && !self.litellm {
            self.litellm_since = Some(Instant::now());
        }
        self.litellm = registered;
    }

    pub fn id(&self) -> &str {
        self.model.get("modelId").and_then(Value::as_str).unwrap_or("")
    }

    pub fn status(&self) -> &str {
        self.model.get("status").and_then(Value::as_str).unwrap_or("")
    }

    pub fn set(&mut self, key: &str, value: Value) {
        if let Value::Object(map) = &mut self.model {
            map.insert(key.to_string(), value);
        }
    }

    /// Has the LISA-hosted infrastructure fields (the rule LISA's own UI uses for "hosted").
    pub fn is_hosted(&self) -> bool {
        ["containerConfig", "autoScalingConfig", "loadBalancerConfig"]
            .iter()
            .any(|k| self.model.get(*k).is_some_and(|v| !v.is_null()))
    }

    /// The ASG a finished create (or start) leaves: stored min, max, desired (or min).
    pub fn configured_asg(&self) -> AsgSize {
        let cfg = self.model.get("autoScalingConfig");
        let int = |k: &str| cfg.and_then(|c| c.get(k)).and_then(Value::as_i64);
        match (int("minCapacity"), int("maxCapacity")) {
            (Some(min), Some(max)) => AsgSize { min, max, desired: int("desiredCapacity").unwrap_or(min) },
            // A record with an ASG but no stored autoscaling config (an artificial test state).
            _ => AsgSize { min: 1, max: 2, desired: 1 },
        }
    }

    /// `modelUrl` as a finished create workflow leaves it (§4.2).
    pub fn finished_model_url(&self) -> Value {
        if self.asg.is_some() {
            return json!(format!("{ALB_BASE}/{}/v1", self.id()));
        }
        if self.model.get("hostingType").and_then(Value::as_str) == Some("internal_hosted") {
            if let Some(url) = self.model.get("modelUrl").and_then(Value::as_str) {
                return json!(url.trim_end_matches('/'));
            }
        }
        json!("")
    }

    /// Visible to a caller in `groups` (§2.3): public when `allowedGroups` is null or empty.
    pub fn visible_to(&self, groups: &[String]) -> bool {
        match self.model.get("allowedGroups").and_then(Value::as_array) {
            None => true,
            Some(allowed) if allowed.is_empty() => true,
            Some(allowed) => allowed.iter().filter_map(Value::as_str).any(|g| groups.iter().any(|c| c == g)),
        }
    }

    /// The `LISAModel` LISA would answer with, or the Pydantic error text LISA answers with a
    /// 400 instead when the stored record does not fit the response model (V36).
    pub fn response_model(&self) -> Result<Value, String> {
        let stored = self.model.as_object().cloned().unwrap_or_default();
        match stored.get("streaming") {
            Some(Value::Bool(_)) => {}
            other => return Err(pydantic_bool_error("streaming", other.unwrap_or(&Value::Null))),
        }
        let mut out = Map::new();
        for key in MODEL_KEYS {
            out.insert(key.to_string(), stored.get(key).cloned().unwrap_or(Value::Null));
        }
        Ok(Value::Object(out))
    }

    /// The typed model for the shared state rules.
    pub fn typed(&self) -> Option<lisa_api::LisaModel> {
        serde_json::from_value(self.model.clone()).ok()
    }

    /// The typed model for routes that never build a `LISAModel` answer (schedules): a V36
    /// record's `streaming: null` reads as false there.
    pub fn typed_lenient(&self) -> Option<lisa_api::LisaModel> {
        self.typed().or_else(|| {
            let mut model = self.model.clone();
            let map = model.as_object_mut()?;
            if !map.get("streaming").is_some_and(Value::is_boolean) {
                map.insert("streaming".into(), Value::Bool(false));
            }
            serde_json::from_value(model).ok()
        })
    }
}

/// Pydantic's text for a non-boolean in a boolean field of `LISAModel` (V36).
pub fn pydantic_bool_error(field: &str, input: &Value) -> String {
    let (value, kind) = match input {
        Value::Null => ("None".to_string(), "NoneType".to_string()),
        Value::String(s) => (format!("'{s}'"), "str".to_string()),
        Value::Number(n) => (n.to_string(), if n.is_f64() { "float" } else { "int" }.to_string()),
        Value::Array(_) => (input.to_string(), "list".to_string()),
        Value::Object(_) => (input.to_string(), "dict".to_string()),
        Value::Bool(b) => (if *b { "True" } else { "False" }.to_string(), "bool".to_string()),
    };
    format!(
        "1 validation error for LISAModel\n{field}\n  Input should be a valid boolean [type=bool_type, \
         input_value={value}, input_type={kind}]\n    For further information visit \
         https://errors.pydantic.dev/2.12/v/bool_type"
    )
}

/// A Serve API fault an injection stands for (`"fault"` in `POST /__mock/inject`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// LiteLLM fails before the first chunk: `null` body (non-streaming) or its JSON error.
    Error,
    /// An SSE error line after `afterChunks` chunks, then the stream ends without `[DONE]`.
    MidStreamError,
    /// The stream ends after `afterChunks` chunks, with neither an error nor `[DONE]`.
    Cut,
    /// The auth middleware's 401 "Not authenticated" (no CORS).
    Unauthorized,
    /// The auth middleware's catch-all 401 "Authentication failed" (no CORS).
    AuthFailed,
    /// The rate limiter's 429 with `Retry-After` (no CORS).
    RateLimited,
}

impl Fault {
    pub const NAMES: [&'static str; 6] = ["error", "midStreamError", "cut", "unauthorized", "authFailed", "rateLimited"];

    pub fn parse(name: &str) -> Option<Fault> {
        Some(match name {
            "error" => Fault::Error,
            "midStreamError" => Fault::MidStreamError,
            "cut" => Fault::Cut,
            "unauthorized" => Fault::Unauthorized,
            "authFailed" => Fault::AuthFailed,
            "rateLimited" => Fault::RateLimited,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Fault::NAMES[self as usize]
    }

    /// Answered by the middlewares in front of the handler, before auth.
    pub fn is_middleware(self) -> bool {
        matches!(self, Fault::Unauthorized | Fault::AuthFailed | Fault::RateLimited)
    }
}

/// An answer queued by `POST /__mock/inject`.
#[derive(Clone, Debug)]
pub struct Injection {
    pub method: String,
    pub path: String,
    pub status: Option<u16>,
    pub body: Option<Vec<u8>>,
    pub delay_ms: u64,
    pub drop_cors: bool,
    pub remaining: u64,
    /// Serve routes only: what goes wrong upstream (or in the middlewares).
    pub fault: Option<Fault>,
    /// Chunks streamed before a mid-stream error or a cut.
    pub after_chunks: u64,
    /// Replaces the generated chat answer (LISA Serve).
    pub content: Option<String>,
    /// The LiteLLM error message of `error` / `midStreamError`.
    pub message: Option<String>,
    /// `Retry-After` seconds of `rateLimited`.
    pub retry_after: u64,
}

/// Requests kept in the log; older ones are dropped so a long demo does not grow without bound.
pub const LOG_LIMIT: usize = 20_000;

#[derive(Default)]
pub struct Store {
    pub models: BTreeMap<String, Record>,
    /// Metrics table: user id → the stored user record (UserMetrics shape).
    pub metrics: BTreeMap<String, Value>,
    pub injections: Vec<Injection>,
    pub log: VecDeque<Value>,
    /// The id the next request-log entry gets.
    pub next_log_id: u64,
    /// LISA's configuration table: scope → rows, highest `versionId` first.
    pub configuration: BTreeMap<String, Vec<Value>>,
    /// Whether the MCP Workbench is deployed (else a `showMcpWorkbench` change fails with 500).
    pub mcp_workbench_deployed: bool,
    /// Whether the "MCP Workbench" server entry exists in the MCP servers table.
    pub mcp_workbench_server: bool,
    /// Usage events serve calls published (lisa-serve.md §13).
    pub usage: Usage,
    next_workflow: u64,
}

impl Store {
    /// A fresh workflow token; storing it in a record cancels that record's older workflows.
    pub fn next_workflow(&mut self) -> u64 {
        self.next_workflow += 1;
        self.next_workflow
    }

    pub fn clear(&mut self) {
        let (next, log_id) = (self.next_workflow, self.next_log_id);
        *self = Store::default();
        // Keep counting so that timers of workflows started before the reset stay stale, and
        // so that requests still in flight cannot update a newer log entry.
        self.next_workflow = next;
        self.next_log_id = log_id;
    }
}

/// Everything the handlers share.
pub struct Shared {
    pub config: Config,
    pub instances: InstanceTypes,
    /// Time zero of the request log's `startMs`/`endMs`.
    pub started: Instant,
    /// The Serve API's timing, serialization and answer settings (`/__mock/serve`).
    pub serve: ServeRuntime,
    store: Mutex<Store>,
}

impl Shared {
    pub fn new(config: Config) -> Shared {
        let serve = ServeRuntime::new(config.serve.clone());
        Shared { config, instances: InstanceTypes::builtin(), started: Instant::now(), serve, store: Mutex::new(Store::default()) }
    }

    /// Milliseconds since the mock started, to the microsecond.
    pub fn now_ms(&self) -> f64 {
        (self.started.elapsed().as_micros() as f64) / 1000.0
    }

    /// The store. A handler that panicked while holding the lock cannot have left it half
    /// written in a way that matters more than refusing every later request, so recover.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Who is calling, as the authorizer resolved it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    Admin,
    User { groups: Vec<String> },
}

impl Caller {
    pub fn is_admin(&self) -> bool {
        matches!(self, Caller::Admin)
    }

    pub fn can_see(&self, record: &Record) -> bool {
        match self {
            Caller::Admin => true,
            Caller::User { groups } => record.visible_to(groups),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v36_text_is_pydantics() {
        let mut r = Record::new(json!({"modelId": "m", "streaming": null}));
        assert_eq!(
            r.response_model().unwrap_err(),
            "1 validation error for LISAModel\nstreaming\n  Input should be a valid boolean [type=bool_type, \
             input_value=None, input_type=NoneType]\n    For further information visit \
             https://errors.pydantic.dev/2.12/v/bool_type"
        );
        r.set("streaming", json!(true));
        let m = r.response_model().unwrap();
        assert_eq!(m.as_object().unwrap().len(), 17);
        assert!(m["contextWindow"].is_null());
    }

    #[test]
    fn visibility_follows_allowed_groups() {
        let r = Record::new(json!({"allowedGroups": ["a", "b"]}));
        assert!(r.visible_to(&["b".into()]));
        assert!(!r.visible_to(&[]));
        assert!(Record::new(json!({"allowedGroups": []})).visible_to(&[]));
        assert!(Record::new(json!({"allowedGroups": null})).visible_to(&[]));
    }
}

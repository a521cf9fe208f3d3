//! LISA's Step Functions state machines, simulated (lisa-api.md §4.5).
//!
//! With `--workflows auto` an accepted create/update/start/stop/delete moves the record on by
//! itself: the first step (Updating/Starting/Stopping/Deleting) after a short delay, the final
//! step after `--workflow-delay-ms`. With `--workflows manual` nothing moves (that is how the
//! recorded flows ran); `/__mock/seed` sets what a finished workflow leaves instead.
//!
//! Each workflow holds a token; the record keeps the token of the workflow allowed to touch
//! it, so a later action, a seed or a reset silently cancels an older timer.

use std::sync::Arc;
use std::time::Duration;

use lisa_api::validate::state::AsgSize;
use serde_json::{json, Map, Value};

use crate::clock;
use crate::config::Workflows;
use crate::routes::models::stored_guardrails;
use crate::routes::schedule;
use crate::state::{Record, Shared, Store};

/// One change a workflow makes to a record.
#[derive(Clone, Debug)]
pub enum Step {
    /// Set a transitional status, optionally applying a stored update body.
    Begin { status: &'static str, update: Option<Value>, unregister: bool },
    FinishCreate,
    /// Back to the status the model had before the update.
    FinishUpdate { previous: String },
    FinishStart,
    FinishStop,
    FinishDelete,
}

/// Delay before the first step: short, so the transitional status shows at once.
fn first_delay(total: u64) -> u64 {
    total.min(300) / 2
}

fn spawn(shared: &Arc<Shared>, store: &mut Store, id: &str, steps: Vec<(u64, Step)>) {
    if shared.config.workflows == Workflows::Manual {
        return;
    }
    let token = store.next_workflow();
    let Some(record) = store.models.get_mut(id) else { return };
    record.workflow = token;
    let shared = Arc::clone(shared);
    let id = id.to_string();
    // Without a runtime (unit tests) there is nothing to drive the timers.
    let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
    runtime.spawn(async move {
        for (wait, step) in steps {
            tokio::time::sleep(Duration::from_millis(wait)).await;
            let mut store = shared.lock();
            let current = store.models.get(&id).map(|r| r.workflow);
            if current != Some(token) {
                return;
            }
            apply(&mut store, &id, step);
        }
    });
}

/// The create state machine: Creating (already written) → InService.
pub fn start_create(shared: &Arc<Shared>, store: &mut Store, id: &str) {
    let total = shared.config.workflow_delay_ms;
    spawn(shared, store, id, vec![(total, Step::FinishCreate)]);
}

/// Update, start (`enabled: true`) or stop (`enabled: false`).
pub fn start_update(shared: &Arc<Shared>, store: &mut Store, id: &str, update: Value) {
    let total = shared.config.workflow_delay_ms;
    let first = first_delay(total);
    let previous = store.models.get(id).map(|r| r.status().to_string()).unwrap_or_default();
    let (begin, finish) = match update.get("enabled").and_then(Value::as_bool) {
        Some(true) => (Step::Begin { status: "Starting", update: Some(update), unregister: false }, Step::FinishStart),
        Some(false) => (Step::Begin { status: "Stopping", update: Some(update), unregister: true }, Step::FinishStop),
        None => (Step::Begin { status: "Updating", update: Some(update), unregister: false }, Step::FinishUpdate { previous }),
    };
    spawn(shared, store, id, vec![(first, begin), (total - first, finish)]);
}

pub fn start_delete(shared: &Arc<Shared>, store: &mut Store, id: &str) {
    let total = shared.config.workflow_delay_ms;
    let first = first_delay(total);
    let begin = Step::Begin { status: "Deleting", update: None, unregister: true };
    spawn(shared, store, id, vec![(first, begin), (total - first, Step::FinishDelete)]);
}

/// Demo models loaded in a transitional status finish like a workflow already under way.
pub fn resume(shared: &Arc<Shared>, store: &mut Store, id: &str) {
    let total = shared.config.workflow_delay_ms;
    let step = match store.models.get(id).map(Record::status) {
        Some("Creating") => Step::FinishCreate,
        Some("Updating") => Step::FinishUpdate { previous: "InService".to_string() },
        Some("Starting") => Step::FinishStart,
        Some("Stopping") => Step::FinishStop,
        Some("Deleting") => Step::FinishDelete,
        _ => return,
    };
    spawn(shared, store, id, vec![(total, step)]);
}

/// Context window a finished create reads from the container environment, or a plausible
/// default (LISA asks the model config or LiteLLM).
fn discovered_context_window(record: &Record) -> Value {
    if let Some(n) = env_context_window(record.model.pointer("/containerConfig/environment")) {
        return json!(n);
    }
    match record.model.get("modelType").and_then(Value::as_str) {
        Some("embedding") => json!(8192),
        Some("textgen") if record.is_hosted() => json!(4096),
        Some("textgen") => json!(128_000),
        _ => Value::Null,
    }
}

fn env_context_window(environment: Option<&Value>) -> Option<i64> {
    let env = environment?.as_object()?;
    ["VLLM_MAX_MODEL_LEN", "MAX_TOTAL_TOKENS"]
        .iter()
        .find_map(|k| env.get(*k).and_then(Value::as_str).and_then(|v| v.trim().parse::<i64>().ok()))
        .filter(|n| *n > 0)
}

/// What a finished create leaves: InService, the model URL, an ASG for hosted models, the
/// schedule configured, registered in LiteLLM. Shared with `/__mock/seed` and the demo data.
pub fn finish_create(record: &mut Record, asg: Option<bool>, status: &str) {
    let hosted = asg.unwrap_or_else(|| record.is_hosted());
    record.asg = hosted.then(|| {
        if status == "Stopped" {
            AsgSize { min: 0, max: 0, desired: 0 }
        } else {
            record.configured_asg()
        }
    });
    if status != "Creating" {
        let url = record.finished_model_url();
        record.set("modelUrl", url);
    }
    let pending = record.model.pointer("/autoScalingConfig/scheduling").filter(|s| s.is_object()).cloned();
    if let Some(scheduling) = pending {
        if scheduling.get("scheduleConfigured").and_then(Value::as_bool) != Some(true) {
            let id = record.id().to_string();
            schedule::store_scheduling(record, schedule::configured(&id, &scheduling, clock::now()));
        }
    }
    record.set("status", json!(status));
    record.set_litellm(status == "InService");
}

fn apply(store: &mut Store, id: &str, step: Step) {
    if let Step::FinishDelete = step {
        store.models.remove(id);
        return;
    }
    let Some(record) = store.models.get_mut(id) else { return };
    match step {
        Step::Begin { status, update, unregister } => {
            if let Some(update) = update {
                apply_update(record, &update);
            }
            record.set("status", json!(status));
            if unregister {
                record.set_litellm(false);
            }
        }
        Step::FinishCreate => {
            if record.model.get("contextWindow").is_none_or(Value::is_null) {
                let cw = discovered_context_window(record);
                record.set("contextWindow", cw);
            }
            finish_create(record, None, "InService");
        }
        Step::FinishUpdate { previous } => {
            record.set_litellm(previous == "InService");
            record.set("status", json!(previous));
        }
        Step::FinishStart | Step::FinishStop if record.asg.is_none() => {
            // A4: start/stop of a model without LISA infrastructure fails in the workflow.
            record.set("status", json!("Failed"));
            record.set_litellm(false);
        }
        Step::FinishStart => {
            record.asg = Some(record.configured_asg());
            record.set("status", json!("InService"));
            record.set_litellm(true);
        }
        Step::FinishStop => {
            record.asg = Some(AsgSize { min: 0, max: 0, desired: 0 });
            record.set("status", json!("Stopped"));
            record.set_litellm(false);
        }
        Step::FinishDelete => {}
    }
}

/// Applies a normalised UpdateModelRequest the way LISA's update workflow does.
pub fn apply_update(record: &mut Record, update: &Value) {
    let Some(body) = update.as_object() else { return };
    for key in ["modelType", "modelDescription", "streaming", "allowedGroups", "features"] {
        if let Some(value) = body.get(key).filter(|v| !v.is_null()) {
            record.set(key, value.clone());
        }
    }
    // Full replacement keyed by name; `{}` changes nothing.
    if let Some(guardrails) = body.get("guardrailsConfig").and_then(Value::as_object) {
        if !guardrails.is_empty() {
            let stored = stored_guardrails(body.get("guardrailsConfig")).unwrap_or(Value::Null);
            record.set("guardrailsConfig", stored);
        }
    }
    if let Some(container) = body.get("containerConfig").and_then(Value::as_object) {
        apply_container(record, container);
    }
    if let Some(scaling) = body.get("autoScalingInstanceConfig").and_then(Value::as_object) {
        apply_autoscaling(record, scaling);
    }
}

fn apply_container(record: &mut Record, update: &Map<String, Value>) {
    let mut new_context_window = None;
    let Some(Value::Object(stored)) = record.model.get_mut("containerConfig") else { return };
    if let Some(env) = update.get("environment").and_then(Value::as_object) {
        // The stored map is replaced; the marker value removes a variable.
        let kept: Map<String, Value> =
            env.iter().filter(|(_, v)| v.as_str() != Some("LISA_MARKED_FOR_DELETION")).map(|(k, v)| (k.clone(), v.clone())).collect();
        new_context_window = env_context_window(Some(&Value::Object(kept.clone())));
        stored.insert("environment".into(), Value::Object(kept));
    }
    if let Some(v) = update.get("sharedMemorySize").filter(|v| !v.is_null()) {
        stored.insert("sharedMemorySize".into(), v.clone());
    }
    if let Some(Value::Object(health)) = stored.get_mut("healthCheckConfig") {
        for (from, to) in [
            ("healthCheckCommand", "command"),
            ("healthCheckInterval", "interval"),
            ("healthCheckTimeout", "timeout"),
            ("healthCheckStartPeriod", "startPeriod"),
            ("healthCheckRetries", "retries"),
        ] {
            if let Some(v) = update.get(from).filter(|v| !v.is_null()) {
                health.insert(to.into(), v.clone());
            }
        }
    }
    if let Some(cw) = new_context_window {
        record.set("contextWindow", json!(cw));
    }
}

fn apply_autoscaling(record: &mut Record, update: &Map<String, Value>) {
    let int = |k: &str| update.get(k).and_then(Value::as_i64);
    if let Some(Value::Object(stored)) = record.model.get_mut("autoScalingConfig") {
        // desiredCapacity is applied to the live group but never stored.
        for key in ["minCapacity", "maxCapacity", "cooldown", "defaultInstanceWarmup"] {
            if let Some(v) = int(key) {
                stored.insert(key.into(), json!(v));
            }
        }
    }
    if record.status() == "InService" || record.status() == "Updating" {
        if let Some(asg) = record.asg {
            let min = int("minCapacity").unwrap_or(asg.min);
            let max = int("maxCapacity").unwrap_or(asg.max);
            let desired = int("desiredCapacity").unwrap_or(asg.desired.clamp(min.min(max), max.max(min)));
            record.asg = Some(AsgSize { min, max, desired });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosted() -> Record {
        Record::new(json!({
            "modelId": "h", "status": "InService", "streaming": true, "modelType": "textgen",
            "containerConfig": {"image": {"baseImage": "b", "type": "asset"}, "sharedMemorySize": 2048,
                "healthCheckConfig": {"command": ["CMD-SHELL", "exit 0"], "interval": 10, "startPeriod": 30, "timeout": 5, "retries": 3},
                "environment": {"VLLM_MAX_MODEL_LEN": "16384", "KEEP": "1", "DROP": "x"}, "memoryReservation": null},
            "autoScalingConfig": {"minCapacity": 1, "maxCapacity": 4, "desiredCapacity": null, "cooldown": 420, "defaultInstanceWarmup": 180},
            "guardrailsConfig": {"guardrail-pii": {"guardrailName": "pii", "guardrailIdentifier": "x"}},
        }))
    }

    #[test]
    fn container_update_replaces_environment_and_context_window() {
        let mut r = hosted();
        apply_update(&mut r, &json!({"containerConfig": {
            "environment": {"VLLM_MAX_MODEL_LEN": "32768", "KEEP": "1", "DROP": "LISA_MARKED_FOR_DELETION"},
            "healthCheckRetries": 6, "sharedMemorySize": 8192}}));
        assert_eq!(r.model["containerConfig"]["environment"], json!({"VLLM_MAX_MODEL_LEN": "32768", "KEEP": "1"}));
        assert_eq!(r.model["containerConfig"]["healthCheckConfig"]["retries"], json!(6));
        assert_eq!(r.model["containerConfig"]["sharedMemorySize"], json!(8192));
        assert_eq!(r.model["contextWindow"], json!(32768));
    }

    #[test]
    fn guardrails_are_replaced_by_name() {
        let mut r = hosted();
        apply_update(&mut r, &json!({"guardrailsConfig": {}}));
        assert!(r.model["guardrailsConfig"]["guardrail-pii"].is_object(), "{{}} is a no-op");
        apply_update(&mut r, &json!({"guardrailsConfig": {
            "a": {"guardrailName": "pii", "guardrailIdentifier": "x", "markedForDeletion": true},
            "b": {"guardrailName": "tox", "guardrailIdentifier": "y"}}}));
        let keys: Vec<_> = r.model["guardrailsConfig"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["guardrail-tox"]);
    }

    #[test]
    fn autoscaling_is_stored_and_applied_to_the_live_group() {
        let mut r = hosted();
        r.asg = Some(AsgSize { min: 1, max: 4, desired: 1 });
        apply_update(&mut r, &json!({"autoScalingInstanceConfig": {"minCapacity": 2, "desiredCapacity": 3, "cooldown": 60}}));
        assert_eq!(r.model["autoScalingConfig"]["minCapacity"], json!(2));
        assert_eq!(r.model["autoScalingConfig"]["cooldown"], json!(60));
        assert!(r.model["autoScalingConfig"]["desiredCapacity"].is_null());
        assert_eq!(r.asg, Some(AsgSize { min: 2, max: 4, desired: 3 }));
    }

    #[test]
    fn finished_create_sets_url_asg_and_registration() {
        let mut r = hosted();
        finish_create(&mut r, None, "InService");
        assert_eq!(r.model["modelUrl"], json!("https://lisa-local-alb.elb.amazonaws.com/h/v1"));
        assert_eq!(r.asg, Some(AsgSize { min: 1, max: 4, desired: 1 }));
        assert!(r.litellm);
        finish_create(&mut r, None, "Stopped");
        assert_eq!(r.asg, Some(AsgSize { min: 0, max: 0, desired: 0 }));
        let mut ext = Record::new(json!({"modelId": "e", "hostingType": "internal_hosted", "modelUrl": "http://x.elb.amazonaws.com/v1/"}));
        finish_create(&mut ext, None, "InService");
        assert_eq!(ext.model["modelUrl"], json!("http://x.elb.amazonaws.com/v1"));
        assert_eq!(ext.asg, None);
    }
}

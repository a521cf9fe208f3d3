//! `POST /__mock/generate`: bulk data for benchmarks (thousands of models, a user with
//! thousands of sessions, an overview with many tools and groups). Generated models never run
//! workflows, so a benchmark sees a stable catalogue.

use serde_json::{json, Map, Value};

use crate::demo::record_for;
use crate::demo_metrics::Rng;
use crate::state::Store;

pub const MAX_MODELS: u64 = 100_000;
pub const MAX_ITEMS: u64 = 100_000;

const STATUSES: [&str; 8] = ["InService", "Creating", "Stopped", "Updating", "Starting", "Stopping", "Failed", "Deleting"];
const TYPES: [&str; 4] = ["textgen", "embedding", "imagegen", "videogen"];
const HOSTING: [&str; 3] = ["third_party", "lisa_hosted", "internal_hosted"];

fn hosted_parts(i: u64) -> Value {
    json!({
        "autoScalingConfig": {"blockDeviceVolumeSize": 50, "minCapacity": 1, "maxCapacity": 1 + i % 4, "desiredCapacity": null,
            "cooldown": 420, "defaultInstanceWarmup": 180,
            "metricConfig": {"albMetricName": "RequestCountPerTarget", "targetValue": 30, "duration": 60, "estimatedInstanceWarmup": 330},
            "scheduling": null},
        "containerConfig": {"image": {"baseImage": "vllm/vllm-openai:v0.8.5", "type": "asset"}, "sharedMemorySize": 2048,
            "healthCheckConfig": {"command": ["CMD-SHELL", "exit 0"], "interval": 10, "startPeriod": 30, "timeout": 5, "retries": 3},
            "environment": {"MAX_TOTAL_TOKENS": "4096"}, "memoryReservation": null},
        "inferenceContainer": "vllm",
        "instanceType": "g5.xlarge",
        "loadBalancerConfig": {"healthCheckConfig": {"path": "/health", "interval": 60, "timeout": 30,
            "healthyThresholdCount": 2, "unhealthyThresholdCount": 10}},
    })
}

/// The `i`-th generated model: statuses, types and hosting types rotate independently.
pub fn model(id: &str, i: u64) -> Value {
    let status = STATUSES[(i % 8) as usize];
    let model_type = TYPES[(i / 8 % 4) as usize];
    let hosting = HOSTING[(i / 32 % 3) as usize];
    let hosted = hosting == "lisa_hosted";
    let mut m = if hosted { hosted_parts(i) } else { json!({
        "autoScalingConfig": null, "containerConfig": null, "inferenceContainer": null,
        "instanceType": null, "loadBalancerConfig": null }) };
    let url = match (hosting, status) {
        (_, "Creating") => Value::Null,
        ("lisa_hosted", _) => json!(format!("https://lisa-local-alb.elb.amazonaws.com/{id}/v1")),
        ("internal_hosted", _) => json!(format!("http://internal-{id}.us-east-1.elb.amazonaws.com/v1")),
        _ => json!(""),
    };
    let fields = json!({
        "modelId": id,
        "modelName": if hosted { format!("org/model-{i}") } else { format!("bedrock/vendor.model-{i}-v1:0") },
        "modelDescription": if i.is_multiple_of(3) { Value::Null } else { json!(format!("Generated model number {i}")) },
        "modelType": model_type,
        "modelUrl": url,
        "status": status,
        "streaming": model_type == "textgen" && i.is_multiple_of(2),
        "features": if i.is_multiple_of(5) { json!([{"name": "summarization", "overview": ""}]) } else { Value::Null },
        "allowedGroups": match i % 7 { 0 => json!(["research"]), 1 => json!([]), _ => Value::Null },
        "guardrailsConfig": null,
        "contextWindow": if status == "Creating" { Value::Null } else { json!(4096 * (1 + i % 8)) },
        "hostingType": hosting,
    });
    if let (Some(map), Some(extra)) = (m.as_object_mut(), fields.as_object()) {
        map.extend(extra.clone());
    }
    m
}

/// Adds `count` models with fresh ids; returns how many were added.
pub fn models(store: &mut Store, count: u64) -> u64 {
    let mut added = 0;
    let mut i = 0;
    while added < count {
        i += 1;
        let id = format!("bench-model-{i:05}");
        if store.models.contains_key(&id) {
            continue;
        }
        store.models.insert(id.clone(), record_for(model(&id, added)));
        added += 1;
    }
    added
}

/// A metrics user with `sessions` sessions that together use `tools` distinct tools and belong
/// to `groups` groups, so the overview (`/metrics/users/all`) shows all of them.
pub fn metrics_user(sessions: u64, tools: u64, groups: u64) -> Value {
    let mut rng = Rng::new(sessions ^ tools << 20 ^ groups << 40);
    let sessions = sessions.max(1);
    let mut session_map = Map::new();
    let mut totals = (0.0, 0.0, 0.0);
    let mut usage = Map::new();
    let ids: Vec<String> = (0..sessions).map(|_| rng.uuid()).collect();
    let mut per_session: Vec<Map<String, Value>> = vec![Map::new(); sessions as usize];
    for t in 0..tools {
        let n = rng.range(1, 5) as f64;
        per_session[(t % sessions) as usize].insert(format!("TOOL-{t:05}"), json!(n));
        usage.insert(format!("TOOL-{t:05}"), json!(n));
    }
    for (id, tool_usage) in ids.into_iter().zip(per_session) {
        let calls: f64 = tool_usage.values().filter_map(Value::as_f64).sum();
        let prompts = rng.range(1, 12) as f64;
        let rag = if rng.chance(30) { 1.0 } else { 0.0 };
        totals = (totals.0 + prompts, totals.1 + rag, totals.2 + calls);
        session_map.insert(
            id,
            json!({"totalPrompts": prompts, "ragUsage": rag, "mcpToolCallsCount": calls, "mcpToolUsage": tool_usage,
                   "promptTokens": prompts * 420.0, "completionTokens": prompts * 180.0, "modelId": "titan-express-v1"}),
        );
    }
    let groups: Vec<String> = (0..groups).map(|g| format!("group-{g:05}")).collect();
    json!({
        "totalPrompts": totals.0, "ragUsageCount": totals.1, "mcpToolCallsCount": totals.2,
        "mcpToolUsage": usage, "userGroups": groups, "sessionMetrics": session_map,
        "firstSeen": "2025-09-01T08:00:00.000000+00:00", "lastSeen": "2026-03-01T17:30:00.000000+00:00",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_models_cover_statuses_and_fit_the_model_type() {
        let mut store = Store::default();
        assert_eq!(models(&mut store, 96), 96);
        assert_eq!(models(&mut store, 4), 4);
        assert_eq!(store.models.len(), 100);
        for r in store.models.values() {
            assert!(r.typed().is_some(), "{}", r.id());
        }
        let statuses: std::collections::BTreeSet<_> = store.models.values().map(|r| r.status().to_string()).collect();
        assert_eq!(statuses.len(), 8);
    }

    #[test]
    fn metrics_user_spreads_tools_over_sessions() {
        let u = metrics_user(10, 25, 7);
        assert_eq!(u["sessionMetrics"].as_object().unwrap().len(), 10);
        assert_eq!(u["mcpToolUsage"].as_object().unwrap().len(), 25);
        assert_eq!(u["userGroups"].as_array().unwrap().len(), 7);
    }
}

//! Builders and assertions shared by the rule tests.
#![allow(dead_code)]

use lisa_api::validate::{self, InstanceTypes, Violation};
use lisa_api::{LisaModel, LocPart};
use serde_json::{json, Value};

/// A valid LISA-hosted create body (the shape of `create-hosted-textgen.json`).
pub fn hosted() -> Value {
    json!({
        "modelId": "mistral-7b", "modelName": "mistralai/Mistral-7B-Instruct-v0.2", "modelType": "textgen",
        "streaming": true, "hostingType": "lisa_hosted", "instanceType": "g5.xlarge", "inferenceContainer": "vllm",
        "containerConfig": {
            "image": {"baseImage": "vllm/vllm-openai:v0.5.0", "type": "asset"}, "sharedMemorySize": 2048,
            "healthCheckConfig": {"command": ["CMD-SHELL", "exit 0"], "interval": 10, "startPeriod": 30, "timeout": 5, "retries": 3},
            "environment": {"MAX_TOTAL_TOKENS": "2048"}
        },
        "autoScalingConfig": {
            "minCapacity": 1, "maxCapacity": 4, "cooldown": 420, "defaultInstanceWarmup": 180,
            "metricConfig": {"duration": 60, "estimatedInstanceWarmup": 330}
        },
        "loadBalancerConfig": {"healthCheckConfig": {"path": "/health", "interval": 60, "timeout": 30, "healthyThresholdCount": 2, "unhealthyThresholdCount": 10}}
    })
}

/// A valid external (LiteLLM-only) create body.
pub fn external() -> Value {
    json!({"modelId": "claude-3-haiku", "modelName": "bedrock/anthropic.claude-3-haiku-20240307-v1:0", "modelType": "textgen", "streaming": true})
}

/// `body` with the value at a `/`-separated path replaced (or inserted).
pub fn with(mut body: Value, path: &str, value: Value) -> Value {
    let parts: Vec<&str> = path.split('/').collect();
    let (last, parents) = parts.split_last().expect("non-empty path");
    let mut cur = &mut body;
    for p in parents {
        cur = cur.get_mut(*p).unwrap_or_else(|| panic!("no {p} in test body"));
    }
    cur.as_object_mut().expect("object").insert(last.to_string(), value);
    body
}

/// `body` without the key at a `/`-separated path.
pub fn without(mut body: Value, path: &str) -> Value {
    let parts: Vec<&str> = path.split('/').collect();
    let (last, parents) = parts.split_last().expect("non-empty path");
    let mut cur = &mut body;
    for p in parents {
        cur = cur.get_mut(*p).expect("path");
    }
    cur.as_object_mut().expect("object").remove(*last);
    body
}

pub fn create(body: &Value) -> Result<Value, Vec<Violation>> {
    validate::create_model(body, &InstanceTypes::builtin())
}

pub fn loc_text(loc: &[LocPart]) -> String {
    loc.iter().map(ToString::to_string).collect::<Vec<_>>().join(".")
}

/// `(loc joined with dots, type, msg)` of each violation.
pub fn summary(vs: &[Violation]) -> Vec<(String, String, String)> {
    vs.iter().map(|v| (loc_text(&v.error.loc), v.error.kind.clone(), v.error.msg.clone())).collect()
}

#[track_caller]
pub fn assert_ok(result: Result<Value, Vec<Violation>>) -> Value {
    match result {
        Ok(v) => v,
        Err(vs) => panic!("expected no violation, got {:#?}", summary(&vs)),
    }
}

/// Exactly one violation, at `loc` with `kind`; returns its message.
#[track_caller]
pub fn assert_one(result: Result<Value, Vec<Violation>>, loc: &str, kind: &str) -> String {
    match result {
        Ok(v) => panic!("expected {kind} at {loc}, the body passed: {v}"),
        Err(vs) => {
            let s = summary(&vs);
            assert_eq!(s.len(), 1, "expected one violation, got {s:#?}");
            assert_eq!((s[0].0.as_str(), s[0].1.as_str()), (loc, kind), "{s:#?}");
            s[0].2.clone()
        }
    }
}

/// All violations as `(loc, type)` pairs.
#[track_caller]
pub fn locs(result: Result<Value, Vec<Violation>>) -> Vec<(String, String)> {
    match result {
        Ok(v) => panic!("expected violations, the body passed: {v}"),
        Err(vs) => summary(&vs).into_iter().map(|(l, k, _)| (l, k)).collect(),
    }
}

pub fn pair(loc: &str, kind: &str) -> (String, String) {
    (loc.to_string(), kind.to_string())
}

/// A stored model built from a create body, with `status`.
pub fn model(body: &Value, status: &str) -> LisaModel {
    let mut v = assert_ok(create(body));
    v.as_object_mut().expect("object").insert("status".into(), json!(status));
    serde_json::from_value(v).expect("model")
}

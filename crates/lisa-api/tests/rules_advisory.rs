//! A1–A12 (lisa-api.md §5.11): rules LISA accepts but the forms enforce, one test per rule.

mod common;

use common::*;
use lisa_api::error::FieldError;
use lisa_api::validate::advisory::{self, ADVISORY};
use serde_json::{json, Value};

fn paths(errors: &[FieldError]) -> Vec<String> {
    assert!(errors.iter().all(|e| e.kind == ADVISORY && !e.msg.is_empty()));
    errors.iter().map(|e| loc_text(&e.loc)).collect()
}

fn on_create(body: Value) -> Vec<String> {
    paths(&advisory::create(&body))
}

fn on_update(model: &lisa_api::LisaModel, body: Value) -> Vec<String> {
    paths(&advisory::update(model, &body))
}

#[test]
fn a1_model_id_format() {
    assert!(on_create(with(external(), "modelId", json!("llama-3-8b"))).is_empty());
    for bad in ["MyModel", "my.model", "-model", "model-", "a", "模型", "%2F"] {
        assert_eq!(on_create(with(external(), "modelId", json!(bad))), vec!["body.modelId"], "{bad}");
    }
}

#[test]
fn a2_container_health_check_limits() {
    assert!(on_create(hosted()).is_empty());
    let hc = "containerConfig/healthCheckConfig";
    let body = with(with(with(hosted(), &format!("{hc}/interval"), json!(4)), &format!("{hc}/timeout"), json!(61)), &format!("{hc}/retries"), json!(11));
    assert_eq!(
        on_create(body),
        vec!["body.containerConfig.healthCheckConfig.interval", "body.containerConfig.healthCheckConfig.timeout", "body.containerConfig.healthCheckConfig.retries"]
    );
    let m = model(&hosted(), "InService");
    assert!(on_update(&m, json!({"containerConfig": {"healthCheckStartPeriod": 300}})).is_empty());
    assert_eq!(on_update(&m, json!({"containerConfig": {"healthCheckStartPeriod": 301}})), vec!["body.containerConfig.healthCheckStartPeriod"]);
}

#[test]
fn a3_load_balancer_health_check_limits() {
    let lb = "loadBalancerConfig/healthCheckConfig";
    assert!(on_create(with(hosted(), &format!("{lb}/timeout"), json!(59))).is_empty());
    assert_eq!(on_create(with(hosted(), &format!("{lb}/timeout"), json!(60))), vec!["body.loadBalancerConfig.healthCheckConfig.timeout"]);
    assert_eq!(on_create(with(hosted(), &format!("{lb}/healthyThresholdCount"), json!(1))), vec!["body.loadBalancerConfig.healthCheckConfig.healthyThresholdCount"]);
    assert_eq!(on_create(with(hosted(), &format!("{lb}/path"), json!(format!("/{}", "a".repeat(1024))))), vec!["body.loadBalancerConfig.healthCheckConfig.path"]);
}

#[test]
fn a4_start_stop_only_hosted() {
    assert!(on_update(&model(&hosted(), "Stopped"), json!({"enabled": true})).is_empty());
    assert_eq!(on_update(&model(&external(), "InService"), json!({"enabled": false})), vec!["body.enabled"]);
}

#[test]
fn a5_capacities_against_stored_values() {
    let m = model(&hosted(), "InService"); // stored 1..4
    assert!(on_update(&m, json!({"autoScalingInstanceConfig": {"minCapacity": 4}})).is_empty());
    assert_eq!(on_update(&m, json!({"autoScalingInstanceConfig": {"minCapacity": 5, "maxCapacity": 2}})), vec!["body.autoScalingInstanceConfig.minCapacity"]);
    assert_eq!(on_update(&m, json!({"autoScalingInstanceConfig": {"minCapacity": 5}})), vec!["body.autoScalingInstanceConfig.minCapacity"]);
    assert_eq!(on_update(&m, json!({"autoScalingInstanceConfig": {"desiredCapacity": 6}})), vec!["body.autoScalingInstanceConfig.desiredCapacity"]);
}

#[test]
fn a6_no_streaming_for_stored_embedding() {
    let embedding = model(&with(with(external(), "modelType", json!("embedding")), "streaming", json!(false)), "InService");
    assert!(on_update(&embedding, json!({"streaming": false})).is_empty());
    assert!(on_update(&model(&external(), "InService"), json!({"streaming": true})).is_empty());
    assert_eq!(on_update(&embedding, json!({"streaming": true})), vec!["body.streaming"]);
}

#[test]
fn a7_streaming_never_null() {
    assert!(on_create(without(external(), "streaming")).is_empty());
    assert_eq!(on_create(with(external(), "streaming", Value::Null)), vec!["body.streaming"]);
}

#[test]
fn a8_stopped_models_send_min_and_max_together() {
    let m = model(&hosted(), "Stopped");
    assert!(on_update(&m, json!({"autoScalingInstanceConfig": {"minCapacity": 1, "maxCapacity": 3, "desiredCapacity": 2}})).is_empty());
    assert_eq!(on_update(&m, json!({"autoScalingInstanceConfig": {"maxCapacity": 3}})), vec!["body.autoScalingInstanceConfig"]);
    assert!(on_update(&model(&hosted(), "InService"), json!({"autoScalingInstanceConfig": {"maxCapacity": 3}})).is_empty());
}

#[test]
fn a9_environment_is_replaced_whole() {
    let m = model(&hosted(), "InService"); // stored MAX_TOTAL_TOKENS
    assert!(on_update(&m, json!({"containerConfig": {"environment": {"MAX_TOTAL_TOKENS": "LISA_MARKED_FOR_DELETION", "NEW": "1"}}})).is_empty());
    assert_eq!(on_update(&m, json!({"containerConfig": {"environment": {"NEW": "1"}}})), vec!["body.containerConfig.environment"]);
}

#[test]
fn a10_guardrails_are_replaced_whole() {
    let g = |name: &str| json!({"guardrailName": name, "guardrailIdentifier": "id"});
    let stored = with(external(), "guardrailsConfig", json!({"guardrail-a": g("a"), "guardrail-b": g("b")}));
    let m = model(&stored, "InService");
    assert!(on_update(&m, json!({"guardrailsConfig": {"a": g("a"), "b": g("b")}})).is_empty());
    assert_eq!(on_update(&m, json!({"guardrailsConfig": {"a": g("a")}})), vec!["body.guardrailsConfig"]);
}

#[test]
fn a11_delete_only_when_settled() {
    for status in ["InService", "Stopped", "Failed"] {
        assert!(advisory::delete(&model(&external(), status)).is_none(), "{status}");
    }
    let e = advisory::delete(&model(&external(), "Creating")).expect("advice");
    assert_eq!((loc_text(&e.loc), e.kind.as_str()), ("body".to_string(), ADVISORY));
}

#[test]
fn a12_instance_suits_the_container() {
    assert!(on_create(with(hosted(), "instanceType", json!("p4d.24xlarge"))).is_empty());
    assert!(on_create(with(with(hosted(), "instanceType", json!("m5.xlarge")), "inferenceContainer", json!("tei"))).is_empty());
    assert_eq!(on_create(with(hosted(), "instanceType", json!("m5.xlarge"))), vec!["body.instanceType"]);
}

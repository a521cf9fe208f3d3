//! V37–V44: the update body (lisa-api.md §5.5), one test per rule.

mod common;

use common::*;
use lisa_api::validate;
use serde_json::{json, Value};

fn update(body: Value) -> Result<Value, Vec<validate::Violation>> {
    validate::update_model(&body)
}

#[test]
fn v37_types() {
    let ok = assert_ok(update(json!({"enabled": "false", "modelDescription": "", "allowedGroups": [], "x": 1})));
    assert_eq!(ok, json!({"enabled": false, "modelDescription": "", "allowedGroups": []}), "coerced, unknown keys dropped");
    assert_one(update(json!({"enabled": []})), "body.enabled", "bool_type");
    assert_one(update(json!({"streaming": "maybe"})), "body.streaming", "bool_parsing");
    assert_one(update(json!({"modelType": ""})), "body.modelType", "enum");
    assert_one(update(json!({"modelDescription": 5})), "body.modelDescription", "string_type");
    assert_one(update(json!({"allowedGroups": [1]})), "body.allowedGroups.0", "string_type");
    assert_one(update(json!({"features": [{"name": "x"}]})), "body.features.0.overview", "missing");
    assert_one(update(json!({"guardrailsConfig": {"g": {"guardrailName": "a", "guardrailIdentifier": "b", "mode": "bad"}}})), "body.guardrailsConfig.g.mode", "enum");
    assert_one(update(json!({"guardrailsConfig": []})), "body.guardrailsConfig", "dict_type");
}

#[test]
fn v38_auto_scaling_instance_config_null() {
    assert_ok(update(json!({"autoScalingInstanceConfig": {"cooldown": 60}})));
    let msg = assert_one(update(json!({"autoScalingInstanceConfig": null})), "body.autoScalingInstanceConfig", "value_error");
    assert_eq!(msg, "Value error, The autoScalingInstanceConfig must not be null if defined in request payload.");
}

#[test]
fn v39_auto_scaling_instance_fields() {
    let ok = assert_ok(update(json!({"autoScalingInstanceConfig": {"minCapacity": "2", "desiredCapacity": null}})));
    assert_eq!(ok, json!({"autoScalingInstanceConfig": {"minCapacity": 2, "desiredCapacity": null}}), "omitted stay omitted");
    assert_one(update(json!({"autoScalingInstanceConfig": {"minCapacity": 0}})), "body.autoScalingInstanceConfig.minCapacity", "greater_than");
    assert_one(update(json!({"autoScalingInstanceConfig": {"desiredCapacity": 3.7}})), "body.autoScalingInstanceConfig.desiredCapacity", "int_from_float");
    assert_one(update(json!({"autoScalingInstanceConfig": {"defaultInstanceWarmup": 3601}})), "body.autoScalingInstanceConfig.defaultInstanceWarmup", "less_than_equal");
}

#[test]
fn v40a_at_least_one_capacity_option() {
    assert_ok(update(json!({"autoScalingInstanceConfig": {"defaultInstanceWarmup": 1}})));
    let msg = assert_one(update(json!({"autoScalingInstanceConfig": {"minCapacity": null}})), "body.autoScalingInstanceConfig", "value_error");
    assert_eq!(msg, "Value error, At least one option of autoScalingInstanceConfig must be defined.");
    assert_one(update(json!({"autoScalingInstanceConfig": {}})), "body.autoScalingInstanceConfig", "value_error");
}

#[test]
fn v40b_desired_above_max() {
    assert_ok(update(json!({"autoScalingInstanceConfig": {"desiredCapacity": 4, "maxCapacity": 4}})));
    let msg = assert_one(update(json!({"autoScalingInstanceConfig": {"desiredCapacity": 5, "maxCapacity": 4}})), "body.autoScalingInstanceConfig", "value_error");
    assert_eq!(msg, "Value error, Desired capacity must be less than or equal to max capacity.");
}

#[test]
fn v40c_desired_below_min() {
    let msg = assert_one(update(json!({"autoScalingInstanceConfig": {"desiredCapacity": 1, "minCapacity": 2}})), "body.autoScalingInstanceConfig", "value_error");
    assert_eq!(msg, "Value error, Desired capacity must be greater than or equal to minimum capacity.");
    // min > max is not checked by LISA (A5 covers it).
    assert_ok(update(json!({"autoScalingInstanceConfig": {"minCapacity": 5, "maxCapacity": 1}})));
}

#[test]
fn v41_container_config_null() {
    assert_ok(update(json!({"containerConfig": {}})));
    let msg = assert_one(update(json!({"containerConfig": null})), "body.containerConfig", "value_error");
    assert_eq!(msg, "Value error, The containerConfig must not be null if defined in request payload.");
}

#[test]
fn v42_container_config_fields() {
    // No health-check format rule on update, and the create-only keys are ignored.
    let ok = assert_ok(update(json!({"containerConfig": {"healthCheckCommand": [], "image": {"baseImage": "x"}}})));
    assert_eq!(ok, json!({"containerConfig": {"healthCheckCommand": []}}));
    assert_one(update(json!({"containerConfig": {"environment": {"A": null}}})), "body.containerConfig.environment.A", "string_type");
    assert_one(update(json!({"containerConfig": {"environment": {"": "x"}}})), "body.containerConfig.environment", "value_error");
    assert_one(update(json!({"containerConfig": {"sharedMemorySize": false}})), "body.containerConfig.sharedMemorySize", "greater_than");
    assert_one(update(json!({"containerConfig": {"healthCheckRetries": {"k": "v"}}})), "body.containerConfig.healthCheckRetries", "int_type");
    let found = locs(update(json!({"containerConfig": {"healthCheckCommand": false}})));
    assert_eq!(
        found,
        vec![
            pair("body.containerConfig.healthCheckCommand.str", "string_type"),
            pair("body.containerConfig.healthCheckCommand.list[str]", "list_type"),
        ]
    );
}

#[test]
fn v43_at_least_one_field() {
    assert_ok(update(json!({"modelDescription": ""})));
    for body in [json!({}), json!({"modelId": "x"}), json!({"modelName": "renamed"}), json!({"enabled": null, "streaming": null})] {
        let msg = assert_one(update(body), "body", "value_error");
        assert!(msg.starts_with("Value error, At least one field out of autoScalingInstanceConfig"), "{msg}");
    }
}

#[test]
fn v44_embedding_streaming_in_the_same_body() {
    assert_ok(update(json!({"modelType": "embedding", "streaming": false})));
    assert_ok(update(json!({"streaming": true})));
    let msg = assert_one(update(json!({"modelType": "embedding", "streaming": "yes"})), "body", "value_error");
    assert_eq!(msg, "Value error, Embedding model cannot be set with streaming enabled.");
}

#[test]
fn normalised_update_keeps_nulls_and_fills_guardrail_defaults() {
    let ok = assert_ok(update(json!({"modelDescription": null, "streaming": 1, "guardrailsConfig": {"g": {"guardrailName": "a", "guardrailIdentifier": "b", "markedForDeletion": true}}})));
    assert_eq!(
        ok,
        json!({"modelDescription": null, "streaming": true, "guardrailsConfig": {"g": {"guardrailName": "a", "guardrailIdentifier": "b", "guardrailVersion": "DRAFT", "mode": "pre_call", "description": null, "allowedGroups": [], "markedForDeletion": true}}})
    );
}

#[test]
fn update_rejects_non_objects_like_create() {
    assert_one(update(json!([])), "body", "model_attributes_type");
    assert_one(update(Value::Null), "body", "missing");
}

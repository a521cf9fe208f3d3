//! `UpdateModelRequest` (V37–V44). Keys the body omits stay omitted in the result, explicit
//! nulls stay null (LISA reacts to the difference: V38, V41); guardrail entries get their
//! defaults, as LISA stores them.

use serde_json::Value;

use super::coerce::{
    opt_bool_field, opt_enum_field, opt_int_field, opt_str_field, opt_str_list_field, Errors,
    Int, POSITIVE, WARMUP,
};
use super::create::MODEL_TYPES;
use super::objects::{environment, features, guardrails, nullable, str_or_str_list, Model};
use crate::error::LocPart;

fn opt_positive(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    opt_int_field(e, v, loc, POSITIVE)
}

fn int_of(v: Option<&Value>) -> Option<Int> {
    v.filter(|v| !v.is_null()).and_then(|v| super::coerce::lax_int(v).ok())
}

/// `AutoScalingInstanceConfig` (V39, V40).
fn auto_scaling_instance_config(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    if v.is_null() {
        let text = "The autoScalingInstanceConfig must not be null if defined in request payload.";
        e.value_error(loc.to_vec(), text, v);
        return None;
    }
    let mut m = Model::open(e, v, loc)?;
    for name in ["minCapacity", "maxCapacity", "desiredCapacity", "cooldown"] {
        m.keep(e, name, opt_positive);
    }
    m.keep(e, "defaultInstanceWarmup", |e, v, l| opt_int_field(e, v, l, WARMUP));
    if !m.fields_ok() {
        return None;
    }
    // Compared as coerced from the input: the normalised values of huge ints are approximate.
    let min = int_of(m.obj.get("minCapacity"));
    let max = int_of(m.obj.get("maxCapacity"));
    let desired = int_of(m.obj.get("desiredCapacity"));
    let all_null = ["minCapacity", "maxCapacity", "desiredCapacity", "cooldown", "defaultInstanceWarmup"]
        .iter()
        .all(|name| m.get(name).is_null());
    let above = |a: Int, b: Int| match (a, b) {
        (Int::Exact(x), Int::Exact(y)) => x > y,
        (Int::Huge { negative: false }, Int::Exact(_)) => true,
        _ => false,
    };
    let rule = if all_null {
        Some("At least one option of autoScalingInstanceConfig must be defined.")
    } else if matches!((desired, max), (Some(d), Some(x)) if above(d, x)) {
        Some("Desired capacity must be less than or equal to max capacity.")
    } else if matches!((desired, min), (Some(d), Some(n)) if above(n, d)) {
        Some("Desired capacity must be greater than or equal to minimum capacity.")
    } else {
        None
    };
    if let Some(text) = rule {
        e.value_error(loc.to_vec(), text, v);
        return None;
    }
    m.finish()
}

/// `ContainerConfigUpdatable` (V41, V42): no health-check format rule here.
fn container_config_updatable(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    if v.is_null() {
        e.value_error(loc.to_vec(), "The containerConfig must not be null if defined in request payload.", v);
        return None;
    }
    let mut m = Model::open(e, v, loc)?;
    m.keep(e, "environment", environment);
    m.keep(e, "sharedMemorySize", opt_positive);
    m.keep(e, "healthCheckCommand", nullable(str_or_str_list));
    for name in ["healthCheckInterval", "healthCheckTimeout", "healthCheckStartPeriod", "healthCheckRetries"] {
        m.keep(e, name, opt_positive);
    }
    m.finish()
}

const UPDATABLE: [&str; 9] = [
    "autoScalingInstanceConfig",
    "containerConfig",
    "enabled",
    "modelType",
    "modelDescription",
    "streaming",
    "allowedGroups",
    "features",
    "guardrailsConfig",
];

pub fn validate(e: &mut Errors, body: &Value) -> Option<Value> {
    let loc = vec![LocPart::Key("body".into())];
    let mut m = Model::open(e, body, &loc)?;
    m.keep(e, "autoScalingInstanceConfig", auto_scaling_instance_config);
    m.keep(e, "enabled", opt_bool_field);
    m.keep(e, "modelType", |e, v, l| opt_enum_field(e, v, l, &MODEL_TYPES));
    m.keep(e, "modelDescription", opt_str_field);
    m.keep(e, "streaming", opt_bool_field);
    m.keep(e, "allowedGroups", opt_str_list_field);
    m.keep(e, "features", features);
    m.keep(e, "containerConfig", container_config_updatable);
    m.keep(e, "guardrailsConfig", guardrails);
    if !m.fields_ok() {
        return None;
    }
    if UPDATABLE.iter().all(|name| m.get(name).is_null()) {
        let text = "At least one field out of autoScalingInstanceConfig, containerConfig, enabled, modelType, \
                    modelDescription, streaming, allowedGroups, features, or guardrailsConfig must be defined in \
                    request payload.";
        e.value_error(loc.clone(), text, body);
        return None;
    }
    if m.get("modelType") == "embedding" && m.get("streaming") == &Value::Bool(true) {
        e.value_error(loc.clone(), "Embedding model cannot be set with streaming enabled.", body);
        return None;
    }
    m.finish()
}

//! `CreateModelRequest` (V4–V31), field by field in LISA's declaration order.

use serde_json::Value;

use super::coerce::{
    bool_field, enum_field, int_field, opt_enum_field, opt_int_field, opt_str_field, opt_str_list_field,
    str_field, Errors, Int, NON_NEGATIVE, POSITIVE, WARMUP,
};
use super::objects::{
    environment, features, guardrails, healthcheck_command_rule, non_empty_str, nullable, str_or_str_list, Model,
};
use super::schedule::scheduling;
use super::{pyurl, InstanceTypes};
use crate::error::LocPart;

pub const MODEL_TYPES: [&str; 4] = ["textgen", "imagegen", "videogen", "embedding"];
pub const HOSTING_TYPES: [&str; 3] = ["third_party", "lisa_hosted", "internal_hosted"];
pub const CONTAINERS: [&str; 3] = ["tgi", "tei", "vllm"];

pub(crate) fn positive(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    int_field(e, v, loc, POSITIVE).map(Int::to_value)
}

fn image(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.req(e, "baseImage", non_empty_str);
    m.req(e, "type", non_empty_str);
    m.finish()
}

/// `ContainerHealthCheckConfig` (V20–V22).
fn container_health_check(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.req(e, "command", |e, v, l| {
        let command = str_or_str_list(e, v, l)?;
        // A field validator: it sees the command only once the union accepted it.
        if let Err(text) = healthcheck_command_rule(&command) {
            e.value_error(l.to_vec(), &text, v);
            return None;
        }
        Some(command)
    });
    for name in ["interval", "startPeriod", "timeout", "retries"] {
        m.req(e, name, positive);
    }
    m.finish()
}

/// `ContainerConfig` (V15–V22).
fn container_config(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.req(e, "image", image);
    m.req(e, "sharedMemorySize", positive);
    m.req(e, "healthCheckConfig", container_health_check);
    m.opt(e, "environment", Value::Object(Default::default()), environment);
    m.opt(e, "memoryReservation", Value::Null, |e, v, l| opt_int_field(e, v, l, NON_NEGATIVE));
    m.finish()
}

/// `MetricConfig` (V25).
fn metric_config(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.opt(e, "albMetricName", Value::String("RequestCountPerTarget".into()), non_empty_str);
    m.opt(e, "targetValue", Value::from(30), |e, v, l| int_field(e, v, l, NON_NEGATIVE).map(Int::to_value));
    m.req(e, "duration", positive);
    m.req(e, "estimatedInstanceWarmup", positive);
    m.finish()
}

/// Orders two coerced ints (huge values by sign; two huge values of one sign compare equal,
/// which never matters: DynamoDB refuses them anyway).
/// A field's coerced int, read from the input when present (the normalised value of a huge int
/// is approximate), else from the default.
fn int_of(m: &Model<'_>, name: &str) -> Int {
    let coerced = match m.obj.get(name) {
        Some(v) => super::coerce::lax_int(v).ok(),
        None => super::coerce::int_value(m.get(name)),
    };
    coerced.unwrap_or(Int::Exact(0))
}

fn greater(a: Int, b: Int) -> bool {
    match (a, b) {
        (Int::Exact(x), Int::Exact(y)) => x > y,
        (Int::Huge { negative: false }, Int::Exact(_)) | (Int::Exact(_), Int::Huge { negative: true }) => true,
        _ => false,
    }
}

/// `AutoScalingConfig` (V23, V24, V27).
fn auto_scaling_config(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.opt(e, "blockDeviceVolumeSize", Value::from(50), |e, v, l| opt_int_field(e, v, l, NON_NEGATIVE));
    m.req(e, "minCapacity", positive);
    m.req(e, "maxCapacity", positive);
    m.opt(e, "desiredCapacity", Value::Null, |e, v, l| opt_int_field(e, v, l, POSITIVE));
    m.req(e, "cooldown", positive);
    m.req(e, "defaultInstanceWarmup", |e, v, l| int_field(e, v, l, WARMUP).map(Int::to_value));
    m.req(e, "metricConfig", metric_config);
    m.opt(e, "scheduling", Value::Null, nullable(scheduling));
    if !m.fields_ok() {
        return None;
    }
    let (min, max) = (int_of(&m, "minCapacity"), int_of(&m, "maxCapacity"));
    let block = m.get("blockDeviceVolumeSize");
    let desired = m.get("desiredCapacity");
    let rule = if greater(min, max) {
        Some("minCapacity must be less than or equal to the maxCapacity.")
    } else if !block.is_null() && greater(Int::Exact(30), int_of(&m, "blockDeviceVolumeSize")) {
        Some("blockDeviceVolumeSize must be greater than or equal to 30.")
    } else if !desired.is_null() && greater(int_of(&m, "desiredCapacity"), max) {
        Some("Desired capacity must be less than or equal to max capacity.")
    } else if !desired.is_null() && greater(min, int_of(&m, "desiredCapacity")) {
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

/// `LoadBalancerConfig` (V26).
fn load_balancer_config(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.req(e, "healthCheckConfig", |e, v, l| {
        let mut hc = Model::open(e, v, l)?;
        hc.req(e, "path", non_empty_str);
        for name in ["interval", "timeout", "healthyThresholdCount", "unhealthyThresholdCount"] {
            hc.req(e, name, positive);
        }
        hc.finish()
    });
    m.finish()
}

fn instance_type(instances: &InstanceTypes) -> impl FnOnce(&mut Errors, &Value, &[LocPart]) -> Option<Value> + '_ {
    move |e, v, l| {
        if v.is_null() {
            return Some(Value::Null);
        }
        let s = str_field(e, v, l, 0)?;
        // An empty list means the form has not loaded it yet: leave the check to the server.
        if !instances.is_empty() && !instances.contains(&s) {
            e.value_error(l.to_vec(), "Invalid EC2 instance type.", v);
            return None;
        }
        Some(Value::String(s))
    }
}

/// The whole create body: field rules, then (only when all pass) V28–V31.
pub fn validate(e: &mut Errors, body: &Value, instances: &InstanceTypes) -> Option<Value> {
    let loc = vec![LocPart::Key("body".into())];
    let mut m = Model::open(e, body, &loc)?;
    m.opt(e, "autoScalingConfig", Value::Null, nullable(auto_scaling_config));
    m.opt(e, "containerConfig", Value::Null, nullable(container_config));
    m.opt(e, "inferenceContainer", Value::Null, |e, v, l| opt_enum_field(e, v, l, &CONTAINERS));
    m.opt(e, "instanceType", Value::Null, instance_type(instances));
    m.opt(e, "loadBalancerConfig", Value::Null, nullable(load_balancer_config));
    m.req(e, "modelId", non_empty_str);
    m.req(e, "modelName", non_empty_str);
    m.opt(e, "modelDescription", Value::Null, opt_str_field);
    m.req(e, "modelType", |e, v, l| enum_field(e, v, l, &MODEL_TYPES).map(Value::String));
    m.opt(e, "modelUrl", Value::Null, opt_str_field);
    m.opt(e, "streaming", Value::Bool(false), nullable(|e, v, l| bool_field(e, v, l).map(Value::Bool)));
    m.opt(e, "features", Value::Null, features);
    m.opt(e, "allowedGroups", Value::Null, opt_str_list_field);
    m.opt(e, "apiKey", Value::Null, opt_str_field);
    m.opt(e, "guardrailsConfig", Value::Null, guardrails);
    m.opt(e, "hostingType", Value::String("third_party".into()), |e, v, l| opt_enum_field(e, v, l, &HOSTING_TYPES));
    if !m.fields_ok() {
        return None;
    }
    if let Some(text) = whole_body_rule(&m) {
        e.value_error(loc.clone(), &text, body);
        return None;
    }
    m.finish()
}

/// V28–V31 on the coerced body; the first failing rule's message.
fn whole_body_rule(m: &Model<'_>) -> Option<String> {
    if m.get("modelType") == "embedding" && m.get("streaming") == &Value::Bool(true) {
        return Some("Embedding model cannot be set with streaming enabled.".into());
    }
    let hosting = ["autoScalingConfig", "containerConfig", "inferenceContainer", "instanceType", "loadBalancerConfig"];
    let defined = hosting.iter().filter(|name| !m.get(name).is_null()).count();
    if defined > 0 && defined < hosting.len() {
        return Some(
            "All of the following fields must be defined if creating a LISA-hosted model: autoScalingConfig, \
             containerConfig, inferenceContainer, instanceType, and loadBalancerConfig"
                .into(),
        );
    }
    if m.get("hostingType") == "internal_hosted" {
        let url = m.get("modelUrl").as_str().unwrap_or_default();
        if url.is_empty() {
            return Some("modelUrl is required for INTERNAL_HOSTED models.".into());
        }
        match pyurl::hostname(url) {
            Err(text) => return Some(text),
            Ok(Some(host)) if host.to_lowercase().ends_with(".elb.amazonaws.com") => {}
            Ok(_) => {
                return Some("modelUrl for INTERNAL_HOSTED models must target an AWS load balancer hostname.".into())
            }
        }
    }
    None
}

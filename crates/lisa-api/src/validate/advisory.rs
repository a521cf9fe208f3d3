//! A1–A12 (lisa-api.md §5.11): LISA accepts these, then the deployment fails or misbehaves.
//! The forms enforce them; the mock does not (the real server doesn't). Each complaint is a
//! [`FieldError`] of type [`ADVISORY`] whose `loc` points at the form field.

use std::collections::BTreeSet;

use serde_json::Value;

use super::coerce::{int_value, Int};
use crate::enums::ModelStatus;
use crate::error::{FieldError, LocPart};
use crate::model::LisaModel;

pub const ADVISORY: &str = "advisory";

fn loc(parts: &[&str]) -> Vec<LocPart> {
    std::iter::once("body").chain(parts.iter().copied()).map(|p| LocPart::Key(p.to_string())).collect()
}

fn err(parts: &[&str], msg: impl Into<String>) -> FieldError {
    FieldError::new(loc(parts), ADVISORY, msg)
}

/// A number the admin typed, when it is one (type errors are the schema rules' business).
fn number(obj: &Value, path: &[&str]) -> Option<i128> {
    let mut v = obj;
    for p in path {
        v = v.get(p)?;
    }
    if v.is_null() {
        return None;
    }
    match int_value(v)? {
        Int::Exact(i) => Some(i),
        Int::Huge { negative } => Some(if negative { i128::MIN } else { i128::MAX }),
    }
}

fn range(out: &mut Vec<FieldError>, obj: &Value, path: &[&str], lo: i128, hi: i128, what: &str) {
    if let Some(n) = number(obj, path) {
        if n < lo || n > hi {
            out.push(err(path, format!("{what} must be between {lo} and {hi}; AWS rejects other values when LISA deploys the model.")));
        }
    }
}

/// A1: the id becomes part of a CloudFormation stack name and of every `/models/{id}` URL.
fn model_id_format(id: &str) -> Option<String> {
    let charset_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !charset_ok {
        return Some("Use only lowercase letters, digits and hyphens: the id becomes part of the model's CloudFormation stack name and of its URLs.".into());
    }
    let first_ok = id.as_bytes().first().is_some_and(u8::is_ascii_lowercase);
    let last_ok = id.len() >= 2 && id.as_bytes().last().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !first_ok || !last_ok {
        return Some("Start with a lowercase letter and end with a lowercase letter or digit (at least 2 characters).".into());
    }
    None
}

/// A2: ECS container health-check limits. `names` maps interval/timeout/retries/startPeriod to
/// the body's field paths (create and update name them differently).
fn ecs_health_check(out: &mut Vec<FieldError>, body: &Value, names: [&[&str]; 4]) {
    let [interval, timeout, retries, start] = names;
    range(out, body, interval, 5, 300, "The container health-check interval (seconds)");
    range(out, body, timeout, 2, 60, "The container health-check timeout (seconds)");
    range(out, body, retries, 1, 10, "The container health-check retries");
    range(out, body, start, 0, 300, "The container health-check start period (seconds)");
}

/// A3: load-balancer target-group health-check limits.
fn alb_health_check(out: &mut Vec<FieldError>, body: &Value) {
    let hc = ["loadBalancerConfig", "healthCheckConfig"];
    let path = |f: &'static str| [hc[0], hc[1], f];
    range(out, body, &path("interval"), 5, 300, "The load-balancer health-check interval (seconds)");
    range(out, body, &path("timeout"), 2, 120, "The load-balancer health-check timeout (seconds)");
    range(out, body, &path("healthyThresholdCount"), 2, 10, "The healthy threshold");
    range(out, body, &path("unhealthyThresholdCount"), 2, 10, "The unhealthy threshold");
    if let Some(p) = body.pointer("/loadBalancerConfig/healthCheckConfig/path").and_then(Value::as_str) {
        if p.chars().count() > 1024 {
            out.push(err(&path("path"), "The health-check path must be at most 1024 characters (AWS limit)."));
        }
    }
    if let (Some(t), Some(i)) = (number(body, &path("timeout")), number(body, &path("interval"))) {
        if t >= i {
            out.push(err(&path("timeout"), "The load-balancer health-check timeout must be less than its interval."));
        }
    }
}

/// A12: vLLM and TGI images need a GPU instance (the `g*` and `p*` families).
fn instance_suits_container(body: &Value) -> Option<FieldError> {
    let container = body.get("inferenceContainer")?.as_str()?;
    let instance = body.get("instanceType")?.as_str()?;
    let family = instance.split('.').next().unwrap_or_default();
    let gpu = family.starts_with('g') || family.starts_with('p');
    (matches!(container, "vllm" | "tgi") && !gpu).then(|| {
        err(
            &["instanceType"],
            format!("{instance} has no GPU; the {container} container needs a GPU instance (g* or p* families)."),
        )
    })
}

/// The advisory rules for a create body (A1, A2, A3, A7, A12).
pub fn create(body: &Value) -> Vec<FieldError> {
    let mut out = Vec::new();
    if let Some(id) = body.get("modelId").and_then(Value::as_str) {
        if let Some(msg) = model_id_format(id) {
            out.push(err(&["modelId"], msg));
        }
    }
    if body.get("streaming").is_some_and(Value::is_null) {
        out.push(err(
            &["streaming"],
            "Send streaming as true or false: LISA stores a null value, then fails to read the model back.",
        ));
    }
    let hc = ["containerConfig", "healthCheckConfig"];
    ecs_health_check(
        &mut out,
        body,
        [&[hc[0], hc[1], "interval"], &[hc[0], hc[1], "timeout"], &[hc[0], hc[1], "retries"], &[hc[0], hc[1], "startPeriod"]],
    );
    alb_health_check(&mut out, body);
    out.extend(instance_suits_container(body));
    out
}

fn is_hosted(model: &LisaModel) -> bool {
    model.container_config.is_some() || model.auto_scaling_config.is_some() || model.load_balancer_config.is_some()
}

/// The advisory rules for an update body against the stored model (A2, A4–A6, A8–A10).
pub fn update(model: &LisaModel, body: &Value) -> Vec<FieldError> {
    let mut out = Vec::new();
    if body.get("enabled").is_some_and(|v| !v.is_null()) && !is_hosted(model) {
        out.push(err(&["enabled"], "Only LISA-hosted models can be started or stopped; for this model the workflow would fail and leave it Failed."));
    }
    if let Some(asic) = body.get("autoScalingInstanceConfig").filter(|v| v.is_object()) {
        capacities(&mut out, model, asic);
    }
    let streaming_on = body.get("streaming") == Some(&Value::Bool(true));
    let type_in_body = body.get("modelType").and_then(Value::as_str);
    if streaming_on && type_in_body.is_none() && model.model_type.as_str() == "embedding" {
        out.push(err(&["streaming"], "This is an embedding model: it cannot stream."));
    }
    let cc = "containerConfig";
    ecs_health_check(
        &mut out,
        body,
        [&[cc, "healthCheckInterval"], &[cc, "healthCheckTimeout"], &[cc, "healthCheckRetries"], &[cc, "healthCheckStartPeriod"]],
    );
    if let Some(env) = body.pointer("/containerConfig/environment").and_then(Value::as_object) {
        let stored = model.container_config.as_ref().and_then(|c| c.environment.as_ref());
        let dropped: Vec<&String> = stored.map(|s| s.keys().filter(|k| !env.contains_key(*k)).collect()).unwrap_or_default();
        if !dropped.is_empty() {
            let names: Vec<&str> = dropped.iter().map(|s| s.as_str()).collect();
            out.push(err(&[cc, "environment"], format!(
                "The environment is replaced as a whole. Include {} with the value LISA_MARKED_FOR_DELETION to remove it from the running container, or keep its current value.",
                names.join(", ")
            )));
        }
    }
    if let Some(map) = body.get("guardrailsConfig").and_then(Value::as_object) {
        let sent: BTreeSet<&str> = map.values().filter_map(|g| g.get("guardrailName")?.as_str()).collect();
        let stored = model.guardrails_config.iter().flatten().map(|(_, g)| g.guardrail_name.as_str());
        let dropped: Vec<&str> = stored.filter(|name| !sent.contains(name)).collect();
        if !dropped.is_empty() && !map.is_empty() {
            out.push(err(&["guardrailsConfig"], format!(
                "Guardrails are replaced as a whole: {} would be deleted. Include every guardrail to keep.",
                dropped.join(", ")
            )));
        }
    }
    out
}

/// A5 and A8: capacities against each other and against the stored values.
fn capacities(out: &mut Vec<FieldError>, model: &LisaModel, asic: &Value) {
    let base = "autoScalingInstanceConfig";
    let sent_min = number(asic, &["minCapacity"]);
    let sent_max = number(asic, &["maxCapacity"]);
    let sent_desired = number(asic, &["desiredCapacity"]);
    let stored = model.auto_scaling_config.as_ref();
    let min = sent_min.or(stored.map(|c| c.min_capacity as i128));
    let max = sent_max.or(stored.map(|c| c.max_capacity as i128));
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            let field = if sent_min.is_some() { "minCapacity" } else { "maxCapacity" };
            out.push(err(&[base, field], format!("The minimum capacity ({min}) would exceed the maximum ({max}).")));
        }
    }
    if let Some(d) = sent_desired {
        if max.is_some_and(|m| d > m) || min.is_some_and(|m| d < m) {
            out.push(err(&[base, "desiredCapacity"], "The desired capacity must lie between the minimum and maximum capacity."));
        }
    }
    if model.status == ModelStatus::Stopped {
        let lone = sent_min.is_some() != sent_max.is_some() || (sent_desired.is_some() && (sent_min.is_none() || sent_max.is_none()));
        if lone {
            out.push(err(&[base], "The model is stopped, so LISA compares lone values with its 0/0 Auto Scaling group: send minCapacity and maxCapacity together (and desiredCapacity only with both)."));
        }
    }
}

/// A11: LISA's UI offers Delete only for InService, Stopped and Failed models.
pub fn delete(model: &LisaModel) -> Option<FieldError> {
    let ok = matches!(model.status, ModelStatus::InService | ModelStatus::Stopped | ModelStatus::Failed);
    (!ok).then(|| FieldError::new(vec![LocPart::Key("body".into())], ADVISORY, format!(
        "The model is {}: wait until it is InService, Stopped or Failed before deleting it.",
        model.status
    )))
}

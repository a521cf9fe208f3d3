//! Replays every recorded LISA v6.6.0 answer in `shared/verdicts/create-update.jsonl` through the
//! validation layer alone (no mock server) and checks that it agrees:
//!
//! * real 422 → the same set of `loc`s (for `json_invalid` only `["body"]` counts);
//! * real 200 → no violation (updates: the state rules pass too), and for creates the normalised
//!   body equals what LISA echoed;
//! * real 400 → the handler rule LISA applied fires with the same `detail` (updates), or the
//!   request-level V2 / response-time V36 case that is the mock's business (creates);
//! * real 404 → the body passes and the path names a model that does not exist;
//! * real 500 → the validator rejects the body.

use std::collections::BTreeSet;
use std::path::PathBuf;

use lisa_api::validate::state::{self, AsgSize};
use lisa_api::validate::{self, json, InstanceTypes, Violation};
use lisa_api::{LisaModel, LocPart};
use serde_json::Value;

fn verdict_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/verdicts/create-update.jsonl")
}

/// A `loc` as compared: `json_invalid` counts as `["body"]` only.
fn loc_key(loc: &[LocPart], kind: &str) -> String {
    if kind == "json_invalid" {
        return "[\"body\"]".into();
    }
    serde_json::to_string(loc).unwrap_or_default()
}

fn violation_locs(vs: &[Violation]) -> BTreeSet<String> {
    vs.iter().map(|v| loc_key(&v.error.loc, &v.error.kind)).collect()
}

fn response_locs(response: &Value) -> BTreeSet<String> {
    let items = response.get("detail").and_then(Value::as_array).cloned().unwrap_or_default();
    items
        .iter()
        .map(|d| {
            let loc: Vec<LocPart> = serde_json::from_value(d.get("loc").cloned().unwrap_or(Value::Null)).unwrap_or_default();
            loc_key(&loc, d.get("type").and_then(Value::as_str).unwrap_or_default())
        })
        .collect()
}

/// The request bytes: `raw_body` when given, else the recorded JSON (big integers kept exact).
fn raw_request(case: &Value) -> Vec<u8> {
    match case.get("raw_body").and_then(Value::as_str) {
        Some(raw) => raw.as_bytes().to_vec(),
        None => json::dumps(case.get("body").unwrap_or(&Value::Null)).into_bytes(),
    }
}

/// LISA's request-level middleware (V2), which runs before the body is read.
fn has_raw_nul(raw: &[u8]) -> bool {
    raw.contains(&0)
}

fn validate_create(raw: &[u8], instances: &InstanceTypes) -> Result<Value, Vec<Violation>> {
    validate::parse_body(raw).and_then(|body| validate::create_model(&body, instances))
}

/// The model a setup's create body leaves behind, with its seeded status.
fn setup_model(setup: &Value, instances: &InstanceTypes) -> Result<LisaModel, String> {
    let create = setup.get("create").ok_or("setup without create")?;
    let mut normalised =
        validate::create_model(create, instances).map_err(|v| format!("setup create rejected: {v:?}"))?;
    let status = setup.pointer("/state/model_status").cloned().unwrap_or(Value::Null);
    if let Value::Object(map) = &mut normalised {
        map.insert("status".into(), status);
    }
    serde_json::from_value(normalised).map_err(|e| format!("setup model unreadable: {e}"))
}

/// "(a..b)" in a case note: the size the recorder gave an ASG that no autoscaling config sizes.
fn noted_asg_range(rule: &str) -> Option<(i64, i64)> {
    let start = rule.find('(')?;
    let inner = &rule[start + 1..start + rule[start..].find(')')?];
    let (a, b) = inner.split_once("..")?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// The live ASG as the recorder sized it: from the model's autoscaling config (desired = min
/// unless given), 0/0/0 when Stopped, none when `auto_scaling_group` is empty.
fn setup_asg(setup: &Value, model: &LisaModel, rule: &str) -> Option<AsgSize> {
    let name = setup.pointer("/state/auto_scaling_group").and_then(Value::as_str).unwrap_or_default();
    if name.is_empty() {
        return None;
    }
    if model.status == lisa_api::ModelStatus::Stopped {
        return Some(AsgSize { min: 0, max: 0, desired: 0 });
    }
    let (min, max, desired) = match &model.auto_scaling_config {
        Some(c) => (c.min_capacity, c.max_capacity, c.desired_capacity.unwrap_or(c.min_capacity)),
        None => {
            let (min, max) = noted_asg_range(rule).unwrap_or((1, 1));
            (min, max, min)
        }
    };
    Some(AsgSize { min, max, desired })
}

/// One case: `Ok` when the validation layer agrees with LISA's recorded answer.
fn replay(case: &Value, instances: &InstanceTypes) -> Result<(), String> {
    let status = case.get("status").and_then(Value::as_u64).unwrap_or(0);
    let response = case.get("response").cloned().unwrap_or(Value::Null);
    let raw = raw_request(case);
    let kind = case.get("kind").and_then(Value::as_str).unwrap_or_default();
    if has_raw_nul(&raw) {
        // V2 is LISA's middleware, before FastAPI reads the body.
        let v2 = serde_json::json!({"error": "Bad Request", "message": "Invalid characters detected in request body"});
        return if status == 400 && response == v2 { Ok(()) } else { Err(format!("raw NUL byte but LISA said {status}")) };
    }
    match kind {
        "create" => replay_create(status, &response, &raw, instances),
        "update" => replay_update(case, status, &response, &raw, instances),
        other => Err(format!("unknown kind {other}")),
    }
}

fn replay_create(status: u64, response: &Value, raw: &[u8], instances: &InstanceTypes) -> Result<(), String> {
    let result = validate_create(raw, instances);
    match (status, result) {
        (422, Err(vs)) => same_locs(&vs, response),
        (200, Ok(normalised)) => same_echo(&normalised, response),
        // V36: `streaming: null` passes the schema; the response model then fails (the mock's part).
        (400, Ok(normalised)) if normalised.get("streaming") == Some(&Value::Null) => Ok(()),
        (500, Err(vs)) if !vs.is_empty() => Ok(()),
        (s, Ok(_)) => Err(format!("LISA said {s}, the validator accepted")),
        (s, Err(vs)) => Err(format!("LISA said {s}, the validator rejected: {:?}", violation_locs(&vs))),
    }
}

fn same_locs(vs: &[Violation], response: &Value) -> Result<(), String> {
    let (mine, theirs) = (violation_locs(vs), response_locs(response));
    if mine == theirs {
        Ok(())
    } else {
        Err(format!("locs differ: validator {mine:?}, LISA {theirs:?}"))
    }
}

/// The create response is the normalised request plus `status`/`contextWindow`, minus `apiKey`.
fn same_echo(normalised: &Value, response: &Value) -> Result<(), String> {
    let mut expected = response.get("model").cloned().unwrap_or(Value::Null);
    let mut mine = normalised.clone();
    for (v, drop) in [(&mut expected, ["status", "contextWindow"]), (&mut mine, ["apiKey", "apiKey"])] {
        if let Value::Object(map) = v {
            for key in drop {
                map.remove(key);
            }
        }
    }
    if mine == expected {
        Ok(())
    } else {
        Err(format!("normalised body differs from LISA's echo:\n  mine {mine}\n  LISA {expected}"))
    }
}

fn replay_update(
    case: &Value,
    status: u64,
    response: &Value,
    raw: &[u8],
    instances: &InstanceTypes,
) -> Result<(), String> {
    let result = validate::parse_body(raw).and_then(|body| validate::update_model(&body));
    let update = match (status, result) {
        (422, Err(vs)) => return same_locs(&vs, response),
        (_, Err(vs)) => return Err(format!("LISA said {status}, the validator rejected: {:?}", violation_locs(&vs))),
        (422, Ok(_)) => return Err("LISA said 422, the validator accepted".into()),
        (_, Ok(update)) => update,
    };
    let setup = case.get("setup").cloned().unwrap_or(Value::Null);
    let model = setup_model(&setup, instances)?;
    let path_id = case.get("path").and_then(Value::as_str).and_then(|p| p.strip_prefix("/models/")).unwrap_or_default();
    if path_id != model.model_id {
        // V46: the route's model does not exist.
        return if status == 404 { Ok(()) } else { Err(format!("no such model, but LISA said {status}")) };
    }
    let rule = case.get("rule").and_then(Value::as_str).unwrap_or_default();
    let asg = setup_asg(&setup, &model, rule);
    match (status, state::check_update(&model, &update, asg)) {
        (200, Ok(())) => Ok(()),
        (400, Err(detail)) if response.get("detail") == Some(&Value::String(detail.clone())) => Ok(()),
        (s, r) => Err(format!("LISA said {s} {response}, the state rules said {r:?}")),
    }
}

#[test]
fn every_recorded_verdict_agrees_with_the_validation_layer() {
    let path = verdict_file();
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let instances = InstanceTypes::builtin();
    let mut total = 0;
    let mut failures = Vec::new();
    for line in text.split(|b| *b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)) {
        // Read with LISA's own parser so that integers beyond u64 stay exact.
        let case = json::loads(line).unwrap_or_else(|e| panic!("bad verdict line: {e:?}"));
        total += 1;
        if let Err(why) = replay(&case, &instances) {
            let id = case.get("id").and_then(Value::as_str).unwrap_or("?").to_string();
            let rule = case.get("rule").and_then(Value::as_str).unwrap_or_default().to_string();
            failures.push(format!("{id} ({rule}): {why}"));
        }
    }
    println!("verdicts: {}/{} agree", total - failures.len(), total);
    assert_eq!(total, 298, "the verdict file should hold 298 cases");
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}

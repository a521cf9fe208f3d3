//! Replays every recorded flow of shared/verdicts/flows.jsonl (real LISA v6.6.0 answers) against
//! a fresh mock with manual workflows, and checks each step's status and body.

mod common;

use std::collections::BTreeMap;

use common::{Body, Mock, ADMIN, USER};
use serde_json::Value;

/// Values that depend on the clock of the recording: timestamps, and the next scheduled action,
/// which is START or STOP depending on the time of day the step ran (the mock's own tests check
/// it at fixed times).
const TIME_KEYS: [&str; 3] = ["lastScheduleUpdate", "scheduledTime", "action"];

/// Compares a recorded body with the mock's, descending into objects and lists. `models` lists
/// are compared by `modelId` (DynamoDB scan order is arbitrary); 422 `detail` lists as sets of
/// (type, loc, msg).
fn compare(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            let ek: Vec<_> = e.keys().collect();
            let ak: Vec<_> = a.keys().collect();
            if ek != ak {
                out.push(format!("{path}: keys {ek:?} != {ak:?}"));
                return;
            }
            for (k, ev) in e {
                let p = format!("{path}.{k}");
                if TIME_KEYS.contains(&k.as_str()) {
                    if ev.is_string() != a[k].is_string() {
                        out.push(format!("{p}: {ev} vs {}", a[k]));
                    }
                } else if k == "action" && path.ends_with("nextScheduledAction") {
                    // Which action comes next depends on the time of day of the replay.
                    if !matches!(a[k].as_str(), Some("START" | "STOP")) {
                        out.push(format!("{p}: {ev} vs {}", a[k]));
                    }
                } else if k == "models" {
                    let by_id = |v: &Value| -> Value {
                        let map: BTreeMap<String, Value> = v
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|m| (m["modelId"].as_str().unwrap_or("").to_string(), m.clone()))
                            .collect();
                        Value::Object(map.into_iter().collect())
                    };
                    compare(&p, &by_id(ev), &by_id(&a[k]), out);
                } else if k == "detail" && ev.is_array() {
                    let key = |v: &Value| -> Vec<String> {
                        let mut items: Vec<String> = v
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|d| format!("{} {} {}", d["type"], d["loc"], d["msg"]))
                            .collect();
                        items.sort();
                        items
                    };
                    if key(ev) != key(&a[k]) {
                        out.push(format!("{p}: {:?} != {:?}", key(ev), key(&a[k])));
                    }
                } else {
                    compare(&p, ev, &a[k], out);
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                compare(&format!("{path}[{i}]"), ev, av, out);
            }
        }
        _ if expected == actual => {}
        _ => out.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

#[tokio::test]
async fn every_recorded_flow_replays() {
    let text = std::fs::read_to_string(common::shared_dir().join("verdicts/flows.jsonl")).expect("flows.jsonl");
    let steps: Vec<Value> = text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut flows: Vec<(String, Vec<Value>)> = Vec::new();
    for step in steps {
        let name = step["flow"].as_str().unwrap().to_string();
        match flows.last_mut() {
            Some((n, list)) if *n == name => list.push(step),
            _ => flows.push((name, vec![step])),
        }
    }
    let (mut checked, mut skipped) = (0, 0);
    let mut failures = Vec::new();
    for (name, steps) in &flows {
        let mock = Mock::manual();
        for step in steps {
            let id = step["id"].as_str().unwrap();
            let headers = step.get("headers").and_then(Value::as_object).cloned().unwrap_or_default();
            let auth = match headers.get("Authorization").and_then(Value::as_str) {
                None => Some(ADMIN),
                Some("Bearer non-admin") => Some(USER),
                Some(a) if a.starts_with("Bearer groups:") => {
                    skipped += 1;
                    continue;
                }
                Some(other) => panic!("{id}: unknown Authorization {other}"),
            };
            let method = step["method"].as_str().unwrap();
            let path = step["path"].as_str().unwrap();
            let actual = if step["step"] == "setup:seed" {
                mock.send("POST", "/__mock/seed", None, Body::Json(&step["body"]), &[]).await
            } else {
                let extra: Vec<(&str, &str)> = headers
                    .iter()
                    .filter(|(k, _)| k.as_str() != "Authorization")
                    .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
                    .collect();
                let body = if step["body"].is_null() { Body::None } else { Body::Json(&step["body"]) };
                mock.send(method, path, auth, body, &extra).await
            };
            checked += 1;
            let expected_status = step["status"].as_u64().unwrap() as u16;
            let mut problems = Vec::new();
            if actual.status != expected_status {
                problems.push(format!("status {} (expected {expected_status}): {}", actual.status, actual.text.chars().take(300).collect::<String>()));
            } else if let Some(raw) = step["response"].get("_raw").and_then(Value::as_str) {
                if actual.text != raw {
                    problems.push(format!("body {:?} != {raw:?}", actual.text));
                }
            } else if path == "/openapi.json" {
                let doc = actual.json();
                if doc["openapi"] != step["response"]["openapi"] || !doc["paths"].is_object() {
                    problems.push("not an OpenAPI 3.1 document".to_string());
                }
            } else {
                compare("body", &step["response"], &actual.json(), &mut problems);
            }
            for p in problems {
                failures.push(format!("{id} [{name}/{}] {method} {path}: {p}", step["step"].as_str().unwrap_or("")));
            }
        }
    }
    println!("flows: {} steps checked, {skipped} skipped (group callers), {} disagreements", checked, failures.len());
    for f in &failures {
        println!("  {f}");
    }
    assert!(checked >= 50, "only {checked} steps ran");
    assert!(failures.is_empty(), "{} flow steps disagree with real LISA", failures.len());
}

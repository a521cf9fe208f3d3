//! Replays every case of shared/verdicts/create-update.jsonl (real LISA v6.6.0 verdicts on
//! create and update bodies) as shared/verdicts/README.md says, and checks agreement exactly
//! as it defines it:
//! real 200 → 2xx; 422 → 422 with the same set of `loc`s (`json_invalid`: only `["body"]`);
//! 400/403/404/409 → the same status; 500 → any 4xx.

mod common;

use std::collections::BTreeSet;

use common::{Body, Mock, ADMIN, USER};
use serde_json::{json, Value};

fn locs(body: &Value) -> BTreeSet<String> {
    body["detail"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| if d["type"] == "json_invalid" { json!(["body"]).to_string() } else { d["loc"].to_string() })
        .collect()
}

fn agrees(real_status: u16, real: &Value, status: u16, text: &str) -> Result<(), String> {
    match real_status {
        200 if (200..300).contains(&status) => Ok(()),
        422 if status == 422 => {
            let mine: Value = serde_json::from_str(text).map_err(|e| format!("422 body not JSON: {e}"))?;
            let (want, got) = (locs(real), locs(&mine));
            if want == got {
                Ok(())
            } else {
                Err(format!("locs {want:?} != {got:?}"))
            }
        }
        400 | 403 | 404 | 409 if status == real_status => Ok(()),
        500 if (400..500).contains(&status) => Ok(()),
        _ => Err(format!("status {status}, real {real_status}")),
    }
}

#[tokio::test]
async fn every_recorded_verdict_agrees() {
    let text = std::fs::read_to_string(common::shared_dir().join("verdicts/create-update.jsonl")).expect("create-update.jsonl");
    let cases: Vec<Value> = text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect();
    let mock = Mock::manual();
    let mut disagreements = Vec::new();
    let mut stored_mismatches = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        mock.control("POST", "/__mock/reset", &json!({})).await;
        if case["kind"] == "update" {
            let setup = &case["setup"];
            let created = mock.json("POST", "/models", Some(ADMIN), &setup["create"]).await;
            if created.status != 200 {
                disagreements.push(format!("{id}: setup create answered {}: {}", created.status, created.text));
                continue;
            }
            let state = &setup["state"];
            let status = state["model_status"].as_str().unwrap();
            if status != "Creating" {
                let asg = state["auto_scaling_group"].as_str().is_some_and(|g| !g.is_empty());
                let seeded = mock.seed(setup["create"]["modelId"].as_str().unwrap(), status, Some(asg)).await;
                assert_eq!(seeded["auto_scaling_group"], state["auto_scaling_group"], "{id}: seed");
            }
        }
        let headers = case.get("headers").and_then(Value::as_object).cloned().unwrap_or_default();
        let mut content_type = Some("application/json".to_string());
        let mut auth = Some(ADMIN.to_string());
        let mut extra = Vec::new();
        for (k, v) in &headers {
            match (k.to_ascii_lowercase().as_str(), v.as_str()) {
                ("content-type", v) => content_type = v.map(str::to_string),
                ("authorization", Some("Bearer non-admin")) => auth = Some(USER.to_string()),
                ("authorization", v) => auth = v.map(str::to_string),
                (_, Some(v)) => extra.push((k.clone(), v.to_string())),
                (_, None) => {}
            }
        }
        let raw: Vec<u8> = match case.get("raw_body").and_then(Value::as_str) {
            Some(raw) => raw.as_bytes().to_vec(),
            None if case["body"].is_null() => Vec::new(),
            None => serde_json::to_vec(&case["body"]).unwrap(),
        };
        let extra_refs: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let resp = mock
            .send(
                case["method"].as_str().unwrap(),
                case["path"].as_str().unwrap(),
                auth.as_deref(),
                Body::Raw(&raw, content_type.as_deref()),
                &extra_refs,
            )
            .await;
        let real_status = case["status"].as_u64().unwrap() as u16;
        if let Err(why) = agrees(real_status, &case["response"], resp.status, &resp.text) {
            disagreements.push(format!("{id} ({}): {why}; mock said {}", case["rule"].as_str().unwrap_or(""), resp.text.chars().take(240).collect::<String>()));
        }
        // Whether the record was written (V36 writes, then answers 400).
        if let (Some(stored), Some(model_id)) = (case["stored"].as_bool(), case["body"]["modelId"].as_str()) {
            let inspect = mock.get(&format!("/__mock/models/{}", common::encode(model_id)), None).await;
            if (inspect.status == 200) != stored {
                stored_mismatches.push(format!("{id}: stored should be {stored}"));
            }
        }
    }
    let agree = cases.len() - disagreements.len();
    println!("verdicts: {agree}/{} agree", cases.len());
    for d in &disagreements {
        println!("  {d}");
    }
    for s in &stored_mismatches {
        println!("  {s}");
    }
    assert!(stored_mismatches.is_empty(), "{} stored/not-stored mismatches", stored_mismatches.len());
    assert_eq!(agree, cases.len(), "{} of {} verdicts disagree", disagreements.len(), cases.len());
}

//! `--workflows auto`: the simulated state machines move records on by themselves.

mod common;

use common::{external_body, fixture, hosted_body, Body, Mock, ADMIN};
use serde_json::json;

const DELAY: &str = "400";

fn auto() -> Mock {
    Mock::start(&["--empty", "--test-control", "--workflow-delay-ms", DELAY])
}

async fn asg(mock: &Mock, id: &str) -> serde_json::Value {
    mock.get(&format!("/__mock/models/{id}"), None).await.json()["asg"].clone()
}

async fn serve_ids(mock: &Mock) -> Vec<String> {
    mock.get("/v2/serve/models", Some(ADMIN)).await.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn hosted_model_create_update_stop_start_delete() {
    let mock = auto();
    let r = mock.json("POST", "/models", Some(ADMIN), &hosted_body("h")).await;
    assert_eq!(r.json()["model"]["status"], json!("Creating"));
    assert!(serve_ids(&mock).await.is_empty());
    let model = mock.wait_status("h", "InService", 5000).await;
    assert_eq!(model["modelUrl"], json!("https://lisa-local-alb.elb.amazonaws.com/h/v1"));
    assert_eq!(model["contextWindow"], json!(2048), "from MAX_TOTAL_TOKENS");
    assert_eq!(asg(&mock, "h").await, json!({"min": 1, "max": 4, "desired": 1}));
    assert_eq!(serve_ids(&mock).await, ["h"]);

    // Update: the answer is the old record; Updating, then back with the change applied.
    let r = mock.json("PUT", "/models/h", Some(ADMIN), &json!({"modelDescription": "new", "autoScalingInstanceConfig": {"minCapacity": 2, "desiredCapacity": 3}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["model"]["status"], json!("InService"));
    assert!(r.json()["model"]["modelDescription"].is_null());
    mock.wait_status("h", "Updating", 2000).await;
    assert_eq!(serve_ids(&mock).await, ["h"], "still registered while updating");
    let model = mock.wait_status("h", "InService", 5000).await;
    assert_eq!(model["modelDescription"], json!("new"));
    assert_eq!(model["autoScalingConfig"]["minCapacity"], json!(2));
    assert!(model["autoScalingConfig"]["desiredCapacity"].is_null(), "desired is not stored");
    assert_eq!(asg(&mock, "h").await, json!({"min": 2, "max": 4, "desired": 3}));

    // A second update while one runs is refused (V47).
    mock.json("PUT", "/models/h", Some(ADMIN), &json!({"modelDescription": "again"})).await;
    mock.wait_status("h", "Updating", 2000).await;
    let r = mock.json("PUT", "/models/h", Some(ADMIN), &json!({"modelDescription": "third"})).await;
    assert_eq!((r.status, r.json()), (400, json!({"detail": "Model cannot be updated when it is not in the 'InService' or 'Stopped' states"})));
    assert_eq!(mock.wait_status("h", "InService", 5000).await["modelDescription"], json!("again"));

    // Stop: Stopping → Stopped, ASG 0/0/0, out of the serve list.
    let r = mock.json("PUT", "/models/h", Some(ADMIN), &fixture("update-stop.json")).await;
    assert_eq!(r.json()["model"]["status"], json!("InService"));
    mock.wait_status("h", "Stopping", 2000).await;
    assert!(serve_ids(&mock).await.is_empty());
    mock.wait_status("h", "Stopped", 5000).await;
    assert_eq!(asg(&mock, "h").await, json!({"min": 0, "max": 0, "desired": 0}));

    // Start: Starting → InService with the stored min/max.
    mock.json("PUT", "/models/h", Some(ADMIN), &fixture("update-start.json")).await;
    mock.wait_status("h", "Starting", 2000).await;
    mock.wait_status("h", "InService", 5000).await;
    assert_eq!(asg(&mock, "h").await, json!({"min": 2, "max": 4, "desired": 2}));
    assert_eq!(serve_ids(&mock).await, ["h"]);

    // Delete: Deleting → gone.
    let r = mock.send("DELETE", "/models/h", Some(ADMIN), Body::None, &[]).await;
    assert_eq!(r.json()["model"]["status"], json!("InService"));
    mock.wait_status("h", "Deleting", 2000).await;
    for _ in 0..200 {
        if mock.get("/models/h", Some(ADMIN)).await.status == 404 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(mock.get("/models/h", Some(ADMIN)).await.status, 404);
    assert!(serve_ids(&mock).await.is_empty());
}

#[tokio::test]
async fn container_and_guardrail_updates_are_applied() {
    let mock = auto();
    mock.json("POST", "/models", Some(ADMIN), &fixture("create-hosted-textgen.json")).await;
    let model = mock.wait_status("llama-3-1-8b-instruct", "InService", 5000).await;
    assert_eq!(model["contextWindow"], json!(16384), "from VLLM_MAX_MODEL_LEN");
    // The create body's schedule is configured by the workflow.
    assert_eq!(model["autoScalingConfig"]["scheduling"]["scheduleConfigured"], json!(true));
    assert_eq!(model["autoScalingConfig"]["scheduling"]["scheduledActionArns"].as_array().unwrap().len(), 2);

    mock.json("PUT", "/models/llama-3-1-8b-instruct", Some(ADMIN), &fixture("update-container.json")).await;
    mock.wait_status("llama-3-1-8b-instruct", "Updating", 2000).await;
    let model = mock.wait_status("llama-3-1-8b-instruct", "InService", 5000).await;
    let container = &model["containerConfig"];
    assert_eq!(container["environment"], json!({"VLLM_MAX_MODEL_LEN": "32768"}), "replaced; the marker removes a variable");
    assert_eq!(container["sharedMemorySize"], json!(8192));
    assert_eq!(container["healthCheckConfig"]["retries"], json!(6));
    assert_eq!(container["healthCheckConfig"]["interval"], json!(15), "fields not sent are kept");
    assert_eq!(model["contextWindow"], json!(32768));

    mock.json("POST", "/models", Some(ADMIN), &fixture("create-external-bedrock.json")).await;
    mock.wait_status("claude-3-5-haiku", "InService", 5000).await;
    mock.json("PUT", "/models/claude-3-5-haiku", Some(ADMIN), &fixture("update-guardrails.json")).await;
    mock.wait_status("claude-3-5-haiku", "Updating", 2000).await;
    let model = mock.wait_status("claude-3-5-haiku", "InService", 5000).await;
    let guardrails = model["guardrailsConfig"].as_object().unwrap();
    assert_eq!(guardrails.keys().collect::<Vec<_>>(), ["guardrail-toxicity"]);
    assert_eq!(guardrails["guardrail-toxicity"]["mode"], json!("post_call"));
    assert_eq!(model["modelUrl"], json!(""), "external models get an empty URL");
}

#[tokio::test]
async fn starting_or_stopping_an_external_model_fails_later() {
    let mock = auto();
    mock.json("POST", "/models", Some(ADMIN), &external_body("e")).await;
    mock.wait_status("e", "InService", 5000).await;
    let r = mock.json("PUT", "/models/e", Some(ADMIN), &json!({"enabled": false})).await;
    assert_eq!(r.status, 200, "A4: the server accepts it");
    mock.wait_status("e", "Failed", 5000).await;
    assert!(serve_ids(&mock).await.is_empty());
}

#[tokio::test]
async fn demo_transitional_models_finish() {
    let mock = Mock::start(&["--workflow-delay-ms", "300"]);
    let first = mock.get("/models", Some(ADMIN)).await.json();
    let statuses: std::collections::BTreeSet<String> =
        first["models"].as_array().unwrap().iter().map(|m| m["status"].as_str().unwrap().to_string()).collect();
    assert_eq!(statuses.len(), 8, "every status at start: {statuses:?}");
    mock.wait_status("mistral-7b-instruct", "InService", 5000).await;
    mock.wait_status("llama-3-3-70b-instruct", "InService", 5000).await;
    mock.wait_status("phi-3-mini-instruct", "Stopped", 5000).await;
    mock.wait_status("qwen-2-5-32b-internal", "InService", 5000).await;
    for _ in 0..200 {
        if mock.get("/models/gpt-4o-mini", Some(ADMIN)).await.status == 404 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the deleting demo model was not removed");
}

#[tokio::test]
async fn manual_workflows_never_move() {
    let mock = Mock::start(&["--empty", "--workflows", "manual", "--workflow-delay-ms", "50"]);
    mock.json("POST", "/models", Some(ADMIN), &external_body("e")).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(mock.get("/models/e", Some(ADMIN)).await.json()["model"]["status"], json!("Creating"));
}

//! Schedule routes (with LISA's read bugs V76/V77), the metrics envelope, the serve list.

mod common;

use common::{external_body, fixture, hosted_body, Body, Mock, ADMIN, USER};
use serde_json::{json, Value};

#[tokio::test]
async fn schedule_lifecycle_on_a_hosted_model() {
    let mock = Mock::manual();
    mock.json("POST", "/models", Some(ADMIN), &hosted_body("h")).await;
    // Creating: V73.
    let r = mock.json("PUT", "/models/h/schedule", Some(ADMIN), &fixture("schedule-daily.json")).await;
    assert_eq!((r.status, r.json()), (400, json!({"detail": "Cannot perform operation when model is in 'Creating' state, model must be in one of: 'InService', 'Stopped'."})));
    mock.seed("h", "InService", None).await;
    // No schedule yet: GET is V77's 400, status the E8 500.
    let r = mock.get("/models/h/schedule", Some(ADMIN)).await;
    assert_eq!((r.status, r.json()), (400, json!({"detail": "Failed to get schedule: Failed to get schedule: 'NoneType' object has no attribute 'get'"})));
    assert_eq!(mock.get("/models/h/schedule/status", Some(ADMIN)).await.status, 500);

    let r = mock.json("POST", "/models/h/schedule", Some(USER), &fixture("schedule-daily.json")).await;
    assert_eq!((r.status, r.json()), (403, json!({"detail": "User does not have permission to update model schedules"})));
    let r = mock.json("POST", "/models/h/schedule", Some(ADMIN), &fixture("schedule-daily.json")).await;
    assert_eq!((r.status, r.json()), (200, json!({"message": "Schedule updated successfully", "modelId": "h", "scheduleEnabled": true})));
    let r = mock.json("PUT", "/models/h/schedule", Some(ADMIN), &fixture("schedule-recurring.json")).await;
    assert_eq!(r.json(), fixture("schedule-update-response.json").as_object().map(|o| {
        let mut o = o.clone();
        o.insert("modelId".into(), json!("h"));
        Value::Object(o)
    }).unwrap());

    let got = mock.get("/models/h/schedule", Some(USER)).await;
    assert_eq!(got.status, 200);
    let body = got.json();
    let scheduling = &body["scheduling"];
    assert_eq!(scheduling["scheduleType"], json!("RECURRING"));
    assert_eq!(scheduling["scheduleConfigured"], json!(true));
    assert_eq!(scheduling["recurringSchedule"], fixture("schedule-recurring.json")["recurringSchedule"]);
    assert_eq!(scheduling["scheduledActionArns"].as_array().unwrap().len(), 2);
    assert!(matches!(scheduling["nextScheduledAction"]["action"].as_str(), Some("START" | "STOP")));
    assert_eq!(body["nextScheduledAction"], scheduling["nextScheduledAction"]);
    // The same object is in the model.
    let model = mock.get("/models/h", Some(ADMIN)).await.json();
    assert_eq!(&model["model"]["autoScalingConfig"]["scheduling"], scheduling);

    let status = mock.get("/models/h/schedule/status", Some(ADMIN)).await.json();
    let key_set = |v: &Value| -> std::collections::BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(key_set(&status), key_set(&fixture("schedule-status-response.json")));
    assert_eq!(status["scheduleStatus"], json!("ACTIVE"));
    assert_eq!(status["lastScheduleUpdate"], scheduling["lastScheduleUpdate"]);

    let r = mock.send("DELETE", "/models/h/schedule", Some(USER), Body::None, &[]).await;
    assert_eq!((r.status, r.json()), (403, json!({"detail": "User does not have permission to delete model schedules"})));
    let r = mock.send("DELETE", "/models/h/schedule", Some(ADMIN), Body::None, &[]).await;
    assert_eq!((r.status, r.json()), (200, json!({"message": "Schedule deleted successfully", "modelId": "h", "scheduleEnabled": false})));
    assert_eq!(mock.get("/models/h/schedule", Some(ADMIN)).await.status, 400);
}

#[tokio::test]
async fn schedule_on_external_and_hidden_models() {
    let mock = Mock::manual();
    let mut body = external_body("e");
    body["allowedGroups"] = json!(["secret"]);
    mock.json("POST", "/models", Some(ADMIN), &body).await;
    mock.seed("e", "InService", None).await;
    let r = mock.json("PUT", "/models/e/schedule", Some(ADMIN), &fixture("schedule-recurring.json")).await;
    assert_eq!((r.status, r.json()), (400, json!({"detail": "Model does not have an Auto Scaling Group configured"})));
    // Delete only checks the status.
    assert_eq!(mock.send("DELETE", "/models/e/schedule", Some(ADMIN), Body::None, &[]).await.status, 200);
    // V76: a non-admin outside the model's groups gets the E8 500 on both reads.
    for path in ["/models/e/schedule", "/models/e/schedule/status"] {
        let r = mock.get(path, Some(USER)).await;
        assert_eq!(r.status, 500, "{path}");
        assert_eq!(r.json()["error"], json!("Internal Server Error"));
    }
    // A schedule body error is 422 with the union tag in loc, before 403 and 404.
    let r = mock.json("PUT", "/models/ghost/schedule", Some(USER), &json!({"scheduleType": "NONE"})).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["detail"][0]["type"], json!("union_tag_invalid"));
}

#[tokio::test]
async fn metrics_envelope_known_unknown_and_all() {
    let mock = Mock::start(&["--test-control"]);
    let r = mock.get("/metrics/users/johnDoe", Some(USER)).await;
    assert_eq!(r.status, 200);
    let expected = fixture("metrics-user.json");
    let body = r.json();
    assert_eq!(body["statusCode"], json!(200));
    let john = &body["body"]["johnDoe"];
    for key in ["totalPrompts", "ragUsageCount", "mcpToolCallsCount", "mcpToolUsage", "userGroups", "firstSeen", "lastSeen"] {
        assert_eq!(john[key], expected["body"]["johnDoe"][key], "{key}");
    }
    let session = "c6d20198-b1b1-46d9-8bec-3ddaafeb96a6";
    assert_eq!(john["sessionMetrics"][session], expected["body"]["johnDoe"]["sessionMetrics"][session]);
    assert!(r.text.contains("\"totalPrompts\":20.0"), "stored counters are floats");

    for path in ["/metrics/users/john.doe@company.com", "/metrics/users/john.doe%40company.com"] {
        let r = mock.get(path, Some(USER)).await.json();
        let user = &r["body"]["john.doe@company.com"];
        assert!(user["totalPrompts"].as_f64().unwrap() > 0.0, "{path}: {r}");
        assert!(user["sessionMetrics"].as_object().unwrap().values().any(|s| s.get("modelId").is_some()));
    }

    let unknown = mock.get("/metrics/users/nobody", Some(USER)).await;
    assert_eq!((unknown.status, unknown.json()), (200, fixture("metrics-user-unknown.json")));
    assert!(unknown.text.contains("\"totalPrompts\":0,"), "defaults are integers");

    let all = mock.get("/metrics/users/all", Some(USER)).await.json();
    assert_eq!(all["statusCode"], json!(200));
    assert!(all["body"]["totalUniqueUsers"].as_u64().unwrap() >= 25);
    assert!(all["body"]["userGroups"]["lisa-enjoyers"].as_u64().unwrap() >= 1);
    assert!(all["body"]["mcpToolUsage"]["GMAIL-SEND-EMAIL"].as_f64().unwrap() >= 11.0);

    // A user literally named "all" cannot be fetched: the static resource wins.
    mock.control("POST", "/__mock/reset", &json!({})).await;
    mock.control("POST", "/__mock/generate", &json!({"metricsUser": {"userId": "all", "sessions": 3}})).await;
    let r = mock.get("/metrics/users/all", Some(USER)).await.json();
    assert_eq!(r["body"]["totalUniqueUsers"], json!(1));
}

#[tokio::test]
async fn aggregate_is_computed_from_the_user_records() {
    let mock = Mock::start(&["--empty", "--test-control"]);
    assert_eq!(mock.get("/metrics/users/all", Some(ADMIN)).await.json(), fixture("metrics-all-empty.json"));
    mock.control("POST", "/__mock/generate", &json!({"metricsUser": {"userId": "u1", "sessions": 40}, "tools": 12, "groups": 5})).await;
    let user = mock.get("/metrics/users/u1", Some(ADMIN)).await.json()["body"]["u1"].clone();
    let all = mock.get("/metrics/users/all", Some(ADMIN)).await.json()["body"].clone();
    assert_eq!(user["sessionMetrics"].as_object().unwrap().len(), 40);
    assert_eq!(all["totalUniqueUsers"], json!(1));
    assert_eq!(all["totalPrompts"], user["totalPrompts"]);
    assert_eq!(all["totalRagUsage"], user["ragUsageCount"]);
    assert_eq!(all["totalMCPToolCalls"], user["mcpToolCallsCount"]);
    assert_eq!(all["mcpToolUsage"], user["mcpToolUsage"]);
    assert_eq!(all["mcpToolUsage"].as_object().unwrap().len(), 12);
    assert_eq!(all["userGroups"].as_object().unwrap().len(), 5);
    let pct = user["ragUsageCount"].as_f64().unwrap() / user["totalPrompts"].as_f64().unwrap() * 100.0;
    assert_eq!(all["ragUsagePercentage"].as_f64(), Some(pct));
}

#[tokio::test]
async fn serve_list_is_litellms_registry() {
    let mock = Mock::start(&["--workflows", "manual", "--test-control"]);
    let r = mock.get("/v2/serve/models", Some(USER)).await;
    let body = r.json();
    let ids: Vec<&str> = body["data"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    for id in ["bedrock-embed-text-v2", "titan-express-v1", "sagemaker-amazon-mistrallite"] {
        assert!(ids.contains(&id), "seed example {id}");
    }
    assert!(ids.contains(&"llama-3-1-8b-instruct"), "allowedGroups is ignored");
    assert!(ids.contains(&"qwen-2-5-32b-internal"), "updating from InService stays registered");
    for absent in ["bge-large-en", "mistral-7b-instruct", "nova-canvas", "gpt-4o-mini", "llama-3-3-70b-instruct", "phi-3-mini-instruct"] {
        assert!(!ids.contains(&absent), "{absent} is not InService");
    }
    for m in body["data"].as_array().unwrap() {
        assert_eq!(m.as_object().unwrap().len(), 4);
        assert_eq!((m["object"].clone(), m["created"].clone(), m["owned_by"].clone()), (json!("model"), json!(1677610602), json!("openai")));
    }
    // Seeding a stop takes it out; a finished create puts it in.
    mock.seed("titan-express-v1", "Stopped", None).await;
    mock.seed("mistral-7b-instruct", "InService", None).await;
    let ids: Vec<String> = mock.get("/v2/serve/models", Some(ADMIN)).await.json()["data"]
        .as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_string()).collect();
    assert!(!ids.contains(&"titan-express-v1".to_string()));
    assert!(ids.contains(&"mistral-7b-instruct".to_string()));
}

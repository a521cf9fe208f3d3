//! The `/__mock` test-control API: reset, seed (ASG sizing), inject, requests log, generate.

mod common;

use std::time::{Duration, Instant};

use common::{external_body, hosted_body, Body, Mock, ADMIN, USER};
use serde_json::json;

#[tokio::test]
async fn seed_sizes_the_asg_like_a_finished_workflow() {
    let mock = Mock::manual();
    let mut body = hosted_body("h");
    body["autoScalingConfig"]["minCapacity"] = json!(2);
    body["autoScalingConfig"]["desiredCapacity"] = json!(3);
    mock.json("POST", "/models", Some(ADMIN), &body).await;
    let r = mock.seed("h", "InService", None).await;
    assert_eq!(r, json!({"modelId": "h", "status": "InService", "auto_scaling_group": "h-asg"}));
    let inspect = mock.get("/__mock/models/h", None).await.json();
    assert_eq!(inspect["asg"], json!({"min": 2, "max": 4, "desired": 3}));
    assert_eq!(inspect["litellm"], json!(true));
    let model = mock.get("/models/h", Some(ADMIN)).await.json()["model"].clone();
    assert_eq!(model["modelUrl"], json!("https://lisa-local-alb.elb.amazonaws.com/h/v1"));
    assert!(model["contextWindow"].is_null(), "seeding does not enrich the context window");

    mock.seed("h", "Stopped", None).await;
    assert_eq!(mock.get("/__mock/models/h", None).await.json()["asg"], json!({"min": 0, "max": 0, "desired": 0}));
    assert_eq!(mock.seed("h", "InService", Some(false)).await["auto_scaling_group"], json!(""));

    // External: no ASG unless forced; a forced one makes it look hosted (1..2 without config).
    mock.json("POST", "/models", Some(ADMIN), &external_body("e")).await;
    assert_eq!(mock.seed("e", "InService", None).await["auto_scaling_group"], json!(""));
    assert_eq!(mock.get("/models/e", Some(ADMIN)).await.json()["model"]["modelUrl"], json!(""));
    assert_eq!(mock.seed("e", "InService", Some(true)).await["auto_scaling_group"], json!("e-asg"));
    assert_eq!(mock.get("/__mock/models/e", None).await.json()["asg"], json!({"min": 1, "max": 2, "desired": 1}));

    let mut internal = external_body("i");
    internal["hostingType"] = json!("internal_hosted");
    internal["modelUrl"] = json!("https://internal-x.us-east-1.elb.amazonaws.com/v1/");
    assert_eq!(mock.json("POST", "/models", Some(ADMIN), &internal).await.status, 200);
    mock.seed("i", "InService", None).await;
    assert_eq!(mock.get("/models/i", Some(ADMIN)).await.json()["model"]["modelUrl"], json!("https://internal-x.us-east-1.elb.amazonaws.com/v1"));

    // Bad seeds.
    assert_eq!(mock.json("POST", "/__mock/seed", None, &json!({"modelId": "ghost", "status": "InService"})).await.status, 404);
    assert_eq!(mock.json("POST", "/__mock/seed", None, &json!({"modelId": "h", "status": "Active"})).await.status, 400);
}

#[tokio::test]
async fn injected_answers_replace_the_next_matching_requests() {
    let mock = Mock::start(&["--empty", "--test-control"]);
    mock.control("POST", "/__mock/inject", &json!({"method": "GET", "path": "/models", "status": 500,
        "body": {"error": "Internal Server Error", "message": "boom"}, "times": 2})).await;
    for _ in 0..2 {
        let r = mock.get("/models?x=1", None).await;
        assert_eq!((r.status, r.json()["message"].clone()), (500, json!("boom")), "before auth, query ignored");
        assert!(r.has_cors());
    }
    assert_eq!(mock.get("/models", Some(ADMIN)).await.status, 200, "used up after `times`");

    mock.control("POST", "/__mock/inject", &json!({"method": "get", "path": "/models/x", "status": 200, "rawBody": "{\"model\": [oops"})).await;
    let r = mock.get("/models/x", Some(ADMIN)).await;
    assert_eq!((r.status, r.text.as_str()), (200, "{\"model\": [oops"));

    mock.control("POST", "/__mock/inject", &json!({"method": "GET", "path": "/metrics/users/all", "status": 504,
        "body": {"message": "Endpoint request timed out"}, "dropCors": true})).await;
    let r = mock.send("GET", "/metrics/users/all", Some(ADMIN), Body::None, &[("origin", "http://a")]).await;
    assert_eq!(r.status, 504);
    assert!(!r.has_cors());

    // Delay only: the normal answer, late.
    mock.control("POST", "/__mock/inject", &json!({"method": "GET", "path": "/models", "delayMs": 400})).await;
    let start = Instant::now();
    let r = mock.get("/models", Some(ADMIN)).await;
    assert!(start.elapsed() >= Duration::from_millis(380));
    assert_eq!((r.status, r.json()), (200, json!({"models": []})));

    // Other methods do not match; pending injections can be listed and cleared.
    mock.control("POST", "/__mock/inject", &json!({"method": "POST", "path": "/models", "status": 503})).await;
    assert_eq!(mock.get("/models", Some(ADMIN)).await.status, 200);
    assert_eq!(mock.get("/__mock/inject", None).await.json()["pending"], json!(1));
    mock.control("DELETE", "/__mock/inject", &json!({})).await;
    assert_eq!(mock.json("POST", "/models", Some(ADMIN), &external_body("m")).await.status, 200);
    assert_eq!(mock.json("POST", "/__mock/inject", None, &json!({"method": "GET"})).await.status, 400);
}

#[tokio::test]
async fn pad_bytes_makes_a_ten_megabyte_answer_server_side() {
    let mock = Mock::start(&["--empty", "--test-control"]);
    let ten_mb = 10 * 1024 * 1024;
    // `%PAD%` becomes that many letters: a huge string inside the JSON.
    mock.control("POST", "/__mock/inject", &json!({"method": "GET", "path": "/models", "status": 200,
        "rawBody": "{\"models\":\"%PAD%\"}", "padBytes": ten_mb})).await;
    let r = mock.get("/models", Some(ADMIN)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text.len(), ten_mb + r#"{"models":""}"#.len());
    assert!(r.text.starts_with(r#"{"models":"xxx"#) && r.text.ends_with(r#"xxx"}"#));
    // Without a mark, spaces are appended: still the same JSON.
    mock.control("POST", "/__mock/inject", &json!({"method": "GET", "path": "/models", "status": 500,
        "body": {"message": "big"}, "padBytes": 1000})).await;
    let r = mock.get("/models", Some(ADMIN)).await;
    assert_eq!((r.status, r.text.len(), r.json()), (500, 1000 + r#"{"message":"big"}"#.len(), json!({"message": "big"})));
    let too_big = mock.json("POST", "/__mock/inject", None, &json!({"method": "GET", "path": "/models", "status": 200, "padBytes": 1u64 << 30})).await;
    assert_eq!(too_big.status, 400);
}

#[tokio::test]
async fn request_log_records_bodies_but_never_tokens() {
    let mock = Mock::start(&["--empty", "--test-control"]);
    mock.json("PUT", "/models/m?dry=1", Some(ADMIN), &json!({"modelDescription": "exact body"})).await;
    mock.get("/metrics/users/all", None).await;
    let log = mock.get("/__mock/requests", None).await;
    assert!(!log.text.contains("demo-admin-token"));
    let entries = log.json();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 2, "control calls are not logged: {entries:?}");
    assert_eq!(entries[0]["method"], json!("PUT"));
    assert_eq!(entries[0]["path"], json!("/models/m"));
    assert_eq!(entries[0]["query"], json!("dry=1"));
    assert_eq!(serde_json::from_str::<serde_json::Value>(entries[0]["body"].as_str().unwrap()).unwrap(), json!({"modelDescription": "exact body"}));
    assert_eq!(entries[0]["hasAuthorization"], json!(true));
    assert_eq!(entries[1]["hasAuthorization"], json!(false), "newest last");
    mock.control("DELETE", "/__mock/requests", &json!({})).await;
    assert_eq!(mock.get("/__mock/requests", None).await.json(), json!([]));
}

#[tokio::test]
async fn reset_generate_and_cors_of_control_routes() {
    let mock = Mock::start(&["--test-control"]);
    let r = mock.send("OPTIONS", "/__mock/seed", None, Body::None, &[("origin", "http://a"), ("access-control-request-headers", "content-type")]).await;
    assert_eq!(r.status, 200);
    assert!(r.has_cors());
    let r = mock.send("POST", "/__mock/reset", None, Body::None, &[("origin", "http://a")]).await;
    assert!(r.has_cors());
    assert_eq!(r.json(), json!({"models": 0, "metricsUsers": 0}));
    assert_eq!(mock.get("/models", Some(ADMIN)).await.json(), json!({"models": []}));
    assert_eq!(mock.get("/metrics/users/all", Some(ADMIN)).await.json()["body"]["totalUniqueUsers"], json!(0));

    let g = mock.control("POST", "/__mock/generate", &json!({"models": 5000, "metricsUser": {"userId": "heavy", "sessions": 2000}, "tools": 60, "groups": 25})).await;
    assert_eq!((g["models"].clone(), g["totalModels"].clone()), (json!(5000), json!(5000)));
    let start = Instant::now();
    let list = mock.get("/models", Some(ADMIN)).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json()["models"].as_array().unwrap().len(), 5000);
    assert!(start.elapsed() < Duration::from_secs(5), "listing 5,000 models took {:?}", start.elapsed());
    let users = mock.get("/models", Some(USER)).await.json();
    assert!(users["models"].as_array().unwrap().len() < 5000);
    let all = mock.get("/metrics/users/all", Some(ADMIN)).await.json()["body"].clone();
    assert_eq!(all["mcpToolUsage"].as_object().unwrap().len(), 60);
    assert_eq!(all["userGroups"].as_object().unwrap().len(), 25);
    let heavy = mock.get("/metrics/users/heavy", Some(ADMIN)).await.json();
    assert_eq!(heavy["body"]["heavy"]["sessionMetrics"].as_object().unwrap().len(), 2000);

    let r = mock.control("POST", "/__mock/reset", &json!({"demo": true})).await;
    assert!(r["models"].as_u64().unwrap() >= 12 && r["metricsUsers"].as_u64().unwrap() >= 25);
}

#[tokio::test]
async fn put_stores_records_as_given_without_validation() {
    let mock = Mock::start(&["--empty", "--test-control"]);
    let hostile = "<img src=x onerror=top.__xss=1>";
    let model = json!({"modelId": hostile, "modelName": "\u{202e}evil", "modelDescription": "javascript:alert(1)",
        "modelType": "textgen", "status": "InService", "streaming": false, "modelUrl": "JaVaScRiPt:x",
        "features": [{"name": hostile, "overview": hostile}], "allowedGroups": [hostile], "hostingType": "third_party"});
    let r = mock.control("POST", "/__mock/put", &json!({"models": [model],
        "metricsUsers": {hostile: {"totalPrompts": 1.0, "userGroups": [hostile], "sessionMetrics": {}}}})).await;
    assert_eq!(r, json!({"metricsUsers": 1, "totalModels": 1}));
    let list = mock.get("/models", Some(ADMIN)).await.json();
    assert_eq!(list["models"][0]["modelId"], json!(hostile));
    assert_eq!(list["models"][0]["modelUrl"], json!("JaVaScRiPt:x"), "stored as given, not as a workflow leaves it");
    let path = format!("/models/{}", common::encode(hostile));
    assert_eq!(mock.get(&path, Some(ADMIN)).await.json()["model"]["features"][0]["name"], json!(hostile));
    let user = mock.get(&format!("/metrics/users/{}", common::encode(hostile)), Some(ADMIN)).await.json();
    assert_eq!(user["body"][hostile]["userGroups"], json!([hostile]));
    assert_eq!(mock.get("/metrics/users/all", Some(ADMIN)).await.json()["body"]["userGroups"][hostile], json!(1));

    // Only the shape put needs is checked.
    assert_eq!(mock.json("POST", "/__mock/put", None, &json!({"models": [{"modelId": 7}]})).await.status, 400);
    assert_eq!(mock.json("POST", "/__mock/put", None, &json!({"models": {}})).await.status, 400);
    assert_eq!(mock.json("POST", "/__mock/put", None, &json!({"metricsUsers": []})).await.status, 400);
}

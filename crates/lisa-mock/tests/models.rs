//! The model routes: success answers and every error they give, in LISA's order.

mod common;

use common::{external_body, fixture, hosted_body, Body, Mock, ADMIN, USER};
use serde_json::{json, Value};

fn manual() -> Mock {
    Mock::manual()
}

#[tokio::test]
async fn create_list_get_and_duplicates() {
    let mock = manual();
    assert_eq!(mock.get("/models/", Some(ADMIN)).await.json(), json!({"models": []}));
    let mut body = external_body("claude-3-haiku");
    body["apiKey"] = json!("sk-secret");
    body["unknownKey"] = json!("ignored");
    let r = mock.json("POST", "/models", Some(ADMIN), &body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let model = &r.json()["model"];
    assert_eq!(model["status"], json!("Creating"));
    assert_eq!(model["hostingType"], json!("third_party"));
    assert!(model["modelUrl"].is_null() && model["contextWindow"].is_null());
    assert_eq!(model.as_object().unwrap().len(), 17, "every LISAModel key, nothing else");
    assert!(!r.text.contains("sk-secret"), "apiKey is write-only");
    let stored = mock.get("/__mock/models/claude-3-haiku", None).await.json();
    assert_eq!(stored["apiKeyStored"], json!(true));

    let r = mock.get("/models/claude-3-haiku", Some(USER)).await;
    assert_eq!(r.json(), json!({"model": model}));
    let list = mock.get("/models", Some(USER)).await.json();
    assert_eq!(list["models"].as_array().unwrap().len(), 1);

    // 409 for any status, with the id as sent; ids are case-sensitive.
    let r = mock.json("POST", "/models/", Some(ADMIN), &external_body("claude-3-haiku")).await;
    assert_eq!((r.status, r.json()), (409, json!({"detail": "Model 'claude-3-haiku' already exists. Please select another name."})));
    assert_eq!(mock.json("POST", "/models/", Some(ADMIN), &external_body("CLAUDE-3-HAIKU")).await.status, 200);
}

#[tokio::test]
async fn fixture_bodies_create_as_recorded() {
    let mock = manual();
    let r = mock.json("POST", "/models", Some(ADMIN), &fixture("create-hosted-textgen.json")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json(), fixture("create-hosted-textgen-response.json"));
    for name in ["create-external-bedrock.json", "create-hosted-embedding.json", "create-external-embedding.json", "create-internal-hosted.json"] {
        let r = mock.json("POST", "/models", Some(ADMIN), &fixture(name)).await;
        assert_eq!(r.status, 200, "{name}: {}", r.text);
    }
    // The create answer echoes the request's guardrails; list/get key them by name.
    let got = mock.get("/models/claude-3-5-haiku", Some(ADMIN)).await.json();
    assert_eq!(got["model"]["guardrailsConfig"], fixture("get-model.json")["model"]["guardrailsConfig"]);
}

#[tokio::test]
async fn order_of_checks_on_create() {
    let mock = manual();
    // A non-admin with an invalid body gets 422, not 403.
    let r = mock.send("POST", "/models", Some(USER), Body::Raw(b"{\"modelId\":", Some("application/json")), &[]).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["type"], json!("RequestValidationError"));
    let r = mock.json("POST", "/models", Some(USER), &json!({"modelId": "x", "modelName": "y", "modelType": "bogus"})).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["detail"][0]["loc"], json!(["body", "modelType"]));
    // Valid body, not admin.
    let r = mock.json("POST", "/models", Some(USER), &external_body("x")).await;
    assert_eq!((r.status, r.json()), (403, json!({"detail": "User does not have permission to create models."})));
    // 422 wins over 409.
    mock.json("POST", "/models", Some(ADMIN), &external_body("x")).await;
    let r = mock.json("POST", "/models", Some(ADMIN), &json!({"modelId": "x", "modelName": "y", "modelType": "bogus"})).await;
    assert_eq!(r.status, 422);
    // A body that is not declared as JSON is not read as JSON (V3).
    let r = mock.send("POST", "/models", Some(ADMIN), Body::Raw(br#"{"modelId":"t"}"#, Some("text/plain")), &[]).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["detail"][0]["type"], json!("model_attributes_type"));
    assert_eq!(r.json()["detail"][0]["input"], json!(r#"{"modelId":"t"}"#));
    // Missing body.
    let r = mock.send("POST", "/models", Some(ADMIN), Body::None, &[]).await;
    assert_eq!((r.status, r.json()["detail"][0]["type"].clone()), (422, json!("missing")));
}

#[tokio::test]
async fn streaming_null_is_stored_and_breaks_reads_until_deleted() {
    let mock = Mock::start(&["--empty", "--test-control", "--workflow-delay-ms", "200"]);
    mock.json("POST", "/models", Some(ADMIN), &external_body("healthy")).await;
    let mut body = external_body("broken");
    body["streaming"] = Value::Null;
    let r = mock.json("POST", "/models", Some(ADMIN), &body).await;
    let pydantic = "1 validation error for LISAModel\nstreaming\n  Input should be a valid boolean [type=bool_type, input_value=None, input_type=NoneType]\n    For further information visit https://errors.pydantic.dev/2.12/v/bool_type";
    assert_eq!((r.status, r.json()), (400, json!({"detail": pydantic})));
    for auth in [ADMIN, USER] {
        let r = mock.get("/models", Some(auth)).await;
        assert_eq!((r.status, r.json()), (400, json!({"detail": pydantic})), "list fails for everyone");
    }
    assert_eq!(mock.get("/models/broken", Some(ADMIN)).await.status, 400);
    assert_eq!(mock.get("/models/healthy", Some(ADMIN)).await.status, 200);
    // DELETE answers 400 but the deletion runs.
    let r = mock.send("DELETE", "/models/broken", Some(ADMIN), Body::None, &[]).await;
    assert_eq!(r.status, 400);
    for _ in 0..100 {
        if mock.get("/models", Some(ADMIN)).await.status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let r = mock.get("/models", Some(ADMIN)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["models"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn not_found_wording_per_route_and_routing_errors() {
    let mock = manual();
    let cases: [(&str, &str, Option<Value>, u16, &str); 7] = [
        ("GET", "/models/ghost", None, 404, "Model 'ghost' was not found."),
        ("PUT", "/models/ghost", Some(json!({"modelDescription": "x"})), 404, "Model 'ghost' was not found."),
        ("DELETE", "/models/ghost", None, 404, "Model 'ghost' was not found"),
        ("PUT", "/models/ghost/context-window", Some(json!({"contextWindow": 5})), 404, "Model ghost not found"),
        ("PUT", "/models/ghost/schedule", Some(fixture("schedule-daily.json")), 404, "Model ghost not found"),
        ("DELETE", "/models/ghost/schedule", None, 404, "Model ghost not found"),
        ("GET", "/models/ghost/schedule/status", None, 404, "Model ghost not found"),
    ];
    for (method, path, body, status, detail) in cases {
        let r = match &body {
            Some(b) => mock.json(method, path, Some(ADMIN), b).await,
            None => mock.send(method, path, Some(ADMIN), Body::None, &[]).await,
        };
        assert_eq!((r.status, r.json()), (status, json!({"detail": detail})), "{method} {path}");
    }
    for (method, path) in [("PATCH", "/models/x"), ("POST", "/models/x"), ("PUT", "/models"), ("DELETE", "/models"), ("PUT", "/models/metadata/instances"), ("GET", "/models/x/context-window")] {
        let r = mock.send(method, path, Some(ADMIN), Body::None, &[]).await;
        assert_eq!((r.status, r.json()), (405, json!({"detail": "Method Not Allowed"})), "{method} {path}");
    }
    for path in ["/models/x/", "/models/x/y", "/models/x/schedule/other", "/models//"] {
        let r = mock.get(path, Some(ADMIN)).await;
        assert_eq!((r.status, r.json()), (404, json!({"detail": "Not Found"})), "{path}");
    }
    // %2F decodes into a second segment: such an id can never be addressed.
    assert_eq!(mock.get("/models/a%2Fb", Some(ADMIN)).await.json(), json!({"detail": "Not Found"}));
}

#[tokio::test]
async fn update_checks_and_answers_the_stored_model() {
    let mock = manual();
    mock.json("POST", "/models", Some(ADMIN), &hosted_body("h")).await;
    // 422 before 404, 403 before 404, 404 before the state rules.
    assert_eq!(mock.json("PUT", "/models/ghost", Some(ADMIN), &json!({})).await.status, 422);
    let r = mock.json("PUT", "/models/ghost", Some(USER), &json!({"modelDescription": "x"})).await;
    assert_eq!((r.status, r.json()), (403, json!({"detail": "User does not have permission to update models"})));
    // Creating: V47.
    let r = mock.json("PUT", "/models/h", Some(ADMIN), &json!({"modelDescription": "x"})).await;
    assert_eq!(r.json(), json!({"detail": "Model cannot be updated when it is not in the 'InService' or 'Stopped' states"}));
    mock.seed("h", "InService", None).await;
    let before = mock.get("/models/h", Some(ADMIN)).await.json();
    let r = mock.json("PUT", "/models/h", Some(ADMIN), &fixture("update-autoscaling.json")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json(), before, "the answer is the stored model before the update");
    // Manual workflows: nothing moved.
    assert_eq!(mock.get("/models/h", Some(ADMIN)).await.json(), before);
    // V52 against the live ASG (1..4).
    let r = mock.json("PUT", "/models/h", Some(ADMIN), &json!({"autoScalingInstanceConfig": {"desiredCapacity": 9}})).await;
    assert_eq!((r.status, r.json()), (400, json!({"detail": "Desired capacity cannot exceed ASG max of 4."})));
    // Stopped: the live ASG is 0/0/0.
    mock.seed("h", "Stopped", None).await;
    let r = mock.json("PUT", "/models/h", Some(ADMIN), &json!({"autoScalingInstanceConfig": {"minCapacity": 1}})).await;
    assert_eq!((r.status, r.json()), (400, json!({"detail": "Min capacity cannot exceed ASG max of 0."})));
    // External model: no ASG.
    mock.json("POST", "/models", Some(ADMIN), &external_body("e")).await;
    mock.seed("e", "InService", None).await;
    let r = mock.json("PUT", "/models/e", Some(ADMIN), &json!({"containerConfig": {"sharedMemorySize": 1}})).await;
    assert_eq!(r.json(), json!({"detail": "Cannot update Container Config for model not hosted in LISA infrastructure."}));
}

#[tokio::test]
async fn delete_any_status_and_context_window() {
    let mock = manual();
    mock.json("POST", "/models", Some(ADMIN), &external_body("m")).await;
    let r = mock.send("DELETE", "/models/m", Some(USER), Body::None, &[]).await;
    assert_eq!((r.status, r.json()), (403, json!({"detail": "User does not have permission to delete models"})));
    // Context window: 422 → 403 → 404 → 200, no status check.
    assert_eq!(mock.json("PUT", "/models/m/context-window", Some(USER), &json!({"contextWindow": 0})).await.status, 422);
    let r = mock.json("PUT", "/models/m/context-window", Some(USER), &json!({"contextWindow": 5})).await;
    assert_eq!((r.status, r.json()), (403, json!({"detail": "User does not have permission to update context window"})));
    let r = mock.json("PUT", "/models/m/context-window", Some(ADMIN), &fixture("context-window-request.json")).await;
    assert_eq!(r.status, 200);
    let cw = fixture("context-window-request.json")["contextWindow"].clone();
    assert_eq!(r.json()["model"]["contextWindow"], cw);
    assert_eq!(mock.get("/models/m", Some(ADMIN)).await.json()["model"]["contextWindow"], cw);
    // Delete while Creating is accepted; manual workflows leave the record in place.
    let r = mock.send("DELETE", "/models/m", Some(ADMIN), Body::None, &[]).await;
    assert_eq!((r.status, r.json()["model"]["status"].clone()), (200, json!("Creating")));
    assert_eq!(mock.get("/models/m", Some(ADMIN)).await.status, 200);
}

#[tokio::test]
async fn non_admins_see_public_and_shared_models_only() {
    let mock = Mock::start(&[]);
    let admin: Vec<String> = ids(&mock.get("/models", Some(ADMIN)).await.json());
    let user: Vec<String> = ids(&mock.get("/models", Some(USER)).await.json());
    assert!(admin.len() >= 12);
    assert!(user.len() < admin.len());
    assert!(user.contains(&"claude-3-5-haiku".to_string()), "allowedGroups [] is public");
    assert!(user.contains(&"titan-embed-text-v2".to_string()), "allowedGroups null is public");
    assert!(!user.contains(&"llama-3-1-8b-instruct".to_string()));
    let r = mock.get("/models/llama-3-1-8b-instruct", Some(USER)).await;
    assert_eq!((r.status, r.json()), (404, json!({"detail": "Model 'llama-3-1-8b-instruct' was not found."})));
    assert_eq!(mock.get("/models/llama-3-1-8b-instruct", Some(ADMIN)).await.json(), fixture("get-model-hosted.json"));
}

fn ids(list: &Value) -> Vec<String> {
    list["models"].as_array().unwrap().iter().map(|m| m["modelId"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn instances_are_lisas_full_list() {
    let mock = manual();
    let r = mock.get("/models/metadata/instances", Some(USER)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), fixture("instances-response.json"));
}

#[tokio::test]
async fn documented_error_style_keeps_statuses() {
    let mock = Mock::start(&["--empty", "--error-style", "documented"]);
    let r = mock.get("/models/ghost", Some(ADMIN)).await;
    assert_eq!((r.status, r.json()), (404, json!({"error": "ModelNotFoundError", "message": "The requested model with ID ghost could not be found."})));
    mock.json("POST", "/models", Some(ADMIN), &external_body("dup")).await;
    let r = mock.json("POST", "/models", Some(ADMIN), &external_body("dup")).await;
    assert_eq!((r.status, r.json()), (409, json!({"error": "ModelAlreadyExistsError", "message": "A model with the given configuration already exists."})));
    let r = mock.json("POST", "/models", Some(ADMIN), &json!({"modelId": ""})).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json(), json!({"error": "ValidationError", "message": "The input provided does not meet the required validation criteria."}));
    let r = mock.json("PUT", "/models/dup", Some(ADMIN), &json!({"modelDescription": "x"})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], json!("InvalidInputError"));
    assert_eq!(r.json()["message"], json!("Model cannot be updated when it is not in the 'InService' or 'Stopped' states"));
    let r = mock.send("PATCH", "/models/dup", Some(ADMIN), Body::None, &[]).await;
    assert_eq!((r.status, r.json()["error"].clone()), (405, json!("MethodNotAllowedError")));
    // Gateway answers keep their own shapes.
    assert_eq!(mock.get("/models", None).await.json(), json!({"message": "Unauthorized"}));
}

//! API Gateway behaviour: authorizer answers, unknown resources, preflight, which answers carry
//! CORS and security headers, the input-validation middleware (E9) and the catch-all 500 (E8).

mod common;

use common::{external_body, Body, Mock, ADMIN, USER};
use serde_json::json;

const ORIGIN: (&str, &str) = ("origin", "https://admin.example.com");

#[tokio::test]
async fn authorizer_answers_have_no_cors() {
    let mock = Mock::start(&["--empty"]);
    for path in ["/models", "/models/x", "/metrics/users/all", "/metrics/users/bob"] {
        let r = mock.send("GET", path, None, Body::None, &[ORIGIN]).await;
        assert_eq!((r.status, r.json()), (401, json!({"message": "Unauthorized"})), "{path}");
        assert!(!r.has_cors(), "{path}: API Gateway's 401 has no CORS header");
        let r = mock.send("GET", path, Some("Bearer wrong"), Body::None, &[ORIGIN]).await;
        assert_eq!(r.status, 403, "{path}");
        assert_eq!(r.json(), json!({"Message": "User is not authorized to access this resource with an explicit deny"}));
        assert!(!r.has_cors());
    }
    // "Bearer " with nothing after it is a Deny, an empty header a missing one.
    assert_eq!(mock.get("/models", Some("Bearer ")).await.status, 403);
    assert_eq!(mock.get("/models", Some("")).await.status, 401);
}

#[tokio::test]
async fn token_forms_the_authorizer_accepts() {
    let mock = Mock::start(&["--empty", "--admin-token", "adm1n", "--user-token", "us3r"]);
    for auth in ["Bearer adm1n", "bearer adm1n", "adm1n", "Bearer   adm1n  ", "us3r"] {
        let r = mock.get("/models", Some(auth)).await;
        assert_eq!((r.status, r.json()), (200, json!({"models": []})), "{auth}");
    }
    // The default tokens are not valid when others are configured.
    assert_eq!(mock.get("/models", Some(ADMIN)).await.status, 403);
    // Only the admin token may mutate.
    let r = mock.json("POST", "/models", Some("us3r"), &external_body("m")).await;
    assert_eq!((r.status, r.json()), (403, json!({"detail": "User does not have permission to create models."})));
    assert_eq!(mock.json("POST", "/models", Some("Bearer adm1n"), &external_body("m")).await.status, 200);
}

#[tokio::test]
async fn unknown_resources_are_missing_authentication_token() {
    let mock = Mock::start(&["--empty"]);
    for (method, path) in [
        ("GET", "/"),
        ("GET", "/model"),
        ("GET", "/modelsx"),
        ("GET", "/metrics/users"),
        ("GET", "/metrics/users/"),
        ("GET", "/metrics/users/a/b"),
        ("POST", "/metrics/users/all"),
        ("DELETE", "/metrics/users/bob"),
        ("POST", "/openapi.json"),
        ("GET", "/__mock/requests"),
    ] {
        for auth in [None, Some(ADMIN)] {
            let r = mock.send(method, path, auth, Body::None, &[ORIGIN]).await;
            assert_eq!(r.status, 403, "{method} {path}");
            assert_eq!(r.json(), json!({"message": "Missing Authentication Token"}));
            assert!(!r.has_cors());
        }
    }
}

#[tokio::test]
async fn preflight_on_every_resource_needs_no_token() {
    let mock = Mock::start(&["--empty"]);
    for path in ["/models", "/models/", "/models/any/schedule", "/metrics/users/all", "/metrics/users/x", "/openapi.json"] {
        let r = mock
            .send("OPTIONS", path, None, Body::None, &[ORIGIN, ("access-control-request-method", "PUT"), ("access-control-request-headers", "authorization,content-type")])
            .await;
        assert_eq!((r.status, r.text.as_str()), (200, "OK"), "{path}");
        assert!(r.has_cors());
        assert_eq!(
            r.header("access-control-allow-headers"),
            Some("Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent")
        );
        let methods = r.header("access-control-allow-methods").unwrap();
        for m in ["GET", "POST", "PUT", "DELETE", "OPTIONS"] {
            assert!(methods.contains(m), "{methods}");
        }
    }
    assert_eq!(mock.send("OPTIONS", "/nowhere", None, Body::None, &[ORIGIN]).await.status, 403);
}

#[tokio::test]
async fn models_app_cors_follows_origin_and_adds_security_headers() {
    let mock = Mock::start(&["--empty"]);
    let with = mock.send("GET", "/models", Some(ADMIN), Body::None, &[ORIGIN]).await;
    assert!(with.has_cors());
    let without = mock.get("/models", Some(ADMIN)).await;
    assert!(!without.has_cors(), "Starlette adds the header only for requests with an Origin");
    for r in [&with, &without] {
        assert_eq!(r.header("strict-transport-security"), Some("max-age=47304000; includeSubDomains"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
        assert_eq!(r.header("cache-control"), Some("no-store, no-cache"));
        assert_eq!(r.header("pragma"), Some("no-cache"));
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
    // Errors from the app carry them too.
    let r = mock.send("GET", "/models/ghost", Some(ADMIN), Body::None, &[ORIGIN]).await;
    assert_eq!(r.status, 404);
    assert!(r.has_cors() && r.header("x-frame-options").is_some());
    // Metrics answers always carry CORS.
    let r = mock.get("/metrics/users/all", Some(USER)).await;
    assert!(r.has_cors());
}

#[tokio::test]
async fn catch_all_500_has_no_cors_and_no_security_headers() {
    let mock = Mock::start(&["--empty", "--workflows", "manual", "--test-control"]);
    assert_eq!(mock.json("POST", "/models", Some(ADMIN), &external_body("ext")).await.status, 200);
    // V77: schedule status of a model without a schedule is the E8 500, for admins too.
    let r = mock.send("GET", "/models/ext/schedule/status", Some(ADMIN), Body::None, &[ORIGIN]).await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json(),
        json!({"error": "Internal Server Error", "message": "An unexpected error occurred while processing your request"})
    );
    assert!(!r.has_cors());
    assert!(r.header("x-frame-options").is_none());
}

#[tokio::test]
async fn input_validation_middleware_runs_before_routing() {
    let mock = Mock::start(&["--empty"]);
    // V1: judged on Content-Length alone, even on a route that does not exist.
    let big = vec![b' '; 1_048_577];
    let r = mock.send("POST", "/models/nope/deeper", Some(ADMIN), Body::Raw(&big, Some("application/json")), &[ORIGIN]).await;
    assert_eq!(r.status, 413);
    assert_eq!(
        r.json(),
        json!({"error": "Payload Too Large", "message": "Request body size exceeds maximum allowed size of 1048576 bytes"})
    );
    assert!(!r.has_cors(), "the middleware sits outside the CORS middleware");
    let ok_size = vec![b' '; 1_048_576];
    let r = mock.send("POST", "/models", Some(ADMIN), Body::Raw(&ok_size, Some("application/json")), &[]).await;
    assert_eq!(r.status, 422, "exactly 1 MiB passes the size check: {}", &r.text[..r.text.len().min(200)]);
    // V2: NUL bytes.
    let r = mock.send("POST", "/models", Some(ADMIN), Body::Raw(b"{\"modelId\":\"a\0b\"}", Some("application/json")), &[]).await;
    assert_eq!((r.status, r.json()), (400, json!({"error": "Bad Request", "message": "Invalid characters detected in request body"})));
    let r = mock.get("/models/a%00b", Some(ADMIN)).await;
    assert_eq!((r.status, r.json()["message"].clone()), (400, json!("Invalid characters detected in request path")));
    let r = mock.get("/models?x=%00", Some(ADMIN)).await;
    assert_eq!((r.status, r.json()["message"].clone()), (400, json!("Invalid characters detected in query parameters")));
    // A JSON-escaped \u0000 is fine for the middleware.
    let r = mock.send("POST", "/models", Some(ADMIN), Body::Raw(br#"{"modelId":"a\u0000b","modelName":"n","modelType":"textgen"}"#, Some("application/json")), &[]).await;
    assert_ne!(r.status, 400, "{}", r.text);
    // Authorization is checked before the middleware (API Gateway first).
    let r = mock.send("POST", "/models", None, Body::Raw(b"\0", Some("application/json")), &[]).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn serve_api_has_its_own_auth() {
    let mock = Mock::start(&[]);
    let r = mock.send("GET", "/v2/serve/models", None, Body::None, &[ORIGIN]).await;
    assert_eq!((r.status, r.json()), (401, json!({"error": "Unauthorized", "message": "Not authenticated"})));
    assert!(r.header("access-control-allow-origin").is_none(), "the auth middleware answers outside CORS (lisa-serve.md §2)");
    assert_eq!(mock.get("/v2/serve/models", Some("Bearer nope")).await.status, 401);
    let r = mock.send("GET", "/v2/serve/models", None, Body::None, &[("api-key", "demo-user-token")]).await;
    assert_eq!(r.status, 200);
    let r = mock.get("/v2/serve/models", Some("demo-user-token")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["object"], json!("list"));
    let r = mock.send("OPTIONS", "/v2/serve/models", None, Body::None, &[ORIGIN, ("access-control-request-headers", "x-custom")]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-headers"), Some("x-custom"));
    assert_eq!(mock.get("/v2/serve/other", Some(USER)).await.status, 404);
}

#[tokio::test]
async fn openapi_and_docs_need_no_token() {
    let mock = Mock::start(&["--empty"]);
    let r = mock.get("/openapi.json", None).await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert_eq!(doc["openapi"], json!("3.1.0"));
    for path in ["/", "/{model_id}", "/metadata/instances", "/{model_id}/schedule", "/{model_id}/schedule/status", "/{model_id}/context-window"] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    let r = mock.get("/docs", None).await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
}

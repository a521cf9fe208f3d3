//! LISA's configuration API as lisa-config.md describes it: version rows ordered by `versionId`,
//! numbers as floats, `created_at` vs `createdAt`, verbatim writes with client-chosen versions,
//! the 403 string for non-admins on `global`, string vs object error bodies, gateway answers,
//! the `showMcpWorkbench` side effect, and the test-control hooks.

mod common;

use common::{Body, Mock, ADMIN, USER};
use serde_json::{json, Value};

const ORIGIN: (&str, &str) = ("origin", "http://console.test");
const GET_GLOBAL: &str = "/configuration?configScope=global";

fn lambda_headers(r: &common::Resp) {
    assert!(r.has_cors(), "Lambda answers carry CORS: {}", r.text);
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    assert_eq!(r.header("cache-control"), Some("no-store, no-cache"));
}

/// The latest demo row, as a client would copy it for a save.
async fn latest(mock: &Mock) -> Value {
    mock.get(GET_GLOBAL, Some(ADMIN)).await.json()[0].clone()
}

#[tokio::test]
async fn demo_rows_come_newest_first_with_floats() {
    let mock = Mock::start(&[]);
    let r = mock.send("GET", GET_GLOBAL, Some(USER), Body::None, &[ORIGIN]).await;
    assert_eq!(r.status, 200, "no admin check on GET");
    lambda_headers(&r);
    assert!(r.text.contains(r#""versionId":1.0"#) && r.text.contains(r#""maxProjectsPerUser":50.0"#), "floats: {}", r.text);
    let rows = r.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let (admin, seed) = (&rows[0], &rows[1]);
    assert_eq!((admin["versionId"].as_f64(), seed["versionId"].as_f64()), (Some(1.0), Some(0.0)));
    assert_eq!(seed["changedBy"], json!("System"));
    assert!(seed["createdAt"].as_str().unwrap().parse::<u64>().is_ok() && seed.get("created_at").is_none());
    assert!(seed["configuration"].get("global").is_none() && seed["configuration"].get("announcement").is_none());
    let stamp = admin["created_at"].as_str().unwrap();
    assert!(stamp.len() > 20 && stamp.contains('.'), "{stamp}");
    let config = &admin["configuration"];
    assert_eq!(config["systemBanner"]["isEnabled"], json!(true));
    assert_eq!(config["announcement"]["isEnabled"], json!(true));
    assert!(config["enabledComponents"].as_object().unwrap().len() >= 20);
    let default = config["global"]["defaultModel"].as_str().unwrap();
    let model = mock.get(&format!("/models/{default}"), Some(ADMIN)).await.json()["model"].clone();
    assert_eq!((model["status"].as_str(), model["modelType"].as_str()), (Some("InService"), Some("textgen")));

    let empty = Mock::start(&["--empty"]);
    assert_eq!(empty.get(GET_GLOBAL, Some(ADMIN)).await.json(), json!([]));
}

#[tokio::test]
async fn get_quirks_and_gateway_answers() {
    let mock = Mock::start(&[]);
    for (path, status, body) in [
        ("/configuration", 400, json!("Request body is required.")),
        ("/configuration?scope=global", 500, json!("An unexpected error occurred while processing your request")),
        ("/configuration?configScope=", 200, json!([])),
        ("/configuration?configScope=nobody", 200, json!([])),
    ] {
        let r = mock.send("GET", path, Some(ADMIN), Body::None, &[ORIGIN]).await;
        assert_eq!((r.status, r.json()), (status, body), "{path}");
        lambda_headers(&r);
    }
    let r = mock.send("GET", GET_GLOBAL, None, Body::None, &[ORIGIN]).await;
    assert_eq!((r.status, r.json(), r.has_cors()), (401, json!({"message": "Unauthorized"}), false));
    let r = mock.send("GET", GET_GLOBAL, Some("Bearer nope"), Body::None, &[ORIGIN]).await;
    assert_eq!((r.status, r.has_cors()), (403, false));
    for (method, path) in [("PUT", "/configuration"), ("POST", "/configuration"), ("GET", "/configuration/global"), ("PUT", "/configuration/a/b")] {
        let r = mock.send(method, path, Some(ADMIN), Body::None, &[]).await;
        assert_eq!((r.status, r.json()), (403, json!({"message": "Missing Authentication Token"})), "{method} {path}");
    }
    let r = mock.send("OPTIONS", "/configuration/global", None, Body::None, &[ORIGIN]).await;
    assert_eq!((r.status, r.header("access-control-allow-origin")), (204, Some("*")));
    assert!(r.header("access-control-allow-methods").unwrap().contains("PUT"));
    let r = mock.send("GET", "/configuration?configScope=a%00b", Some(ADMIN), Body::None, &[]).await;
    assert_eq!((r.status, r.json()["error"].clone()), (400, json!("Bad Request")), "validate_input's object body");
}

#[tokio::test]
async fn put_writes_the_body_verbatim_under_the_clients_version() {
    let mock = Mock::start(&["--test-control"]);
    let mut row = latest(&mock).await;
    row.as_object_mut().unwrap().remove("created_at");
    row["versionId"] = json!(2);
    row["changedBy"] = json!("alice");
    row["configuration"]["global"]["defaultModel"] = json!("claude-3-5-haiku");
    row["unknownKey"] = json!({"kept": [1, 2]});
    // The path's scope is ignored; the body's counts.
    let r = mock.send("PUT", "/configuration/whatever", Some(ADMIN), Body::Json(&row), &[ORIGIN]).await;
    assert_eq!((r.status, r.json()), (200, json!({"status": "ok"})));
    lambda_headers(&r);
    let rows = mock.get(GET_GLOBAL, Some(ADMIN)).await.json();
    assert_eq!(rows.as_array().unwrap().len(), 3);
    let stored = &rows[0];
    assert_eq!(stored["versionId"], json!(2.0));
    assert_eq!(stored["unknownKey"], json!({"kept": [1.0, 2.0]}));
    assert_eq!(stored["configuration"]["global"]["defaultModel"], json!("claude-3-5-haiku"));
    assert_eq!(stored["configuration"]["systemBanner"], row["configuration"]["systemBanner"]);
    let stamp = stored["created_at"].as_str().unwrap();
    let (whole, fraction) = stamp.split_once('.').unwrap_or((stamp, ""));
    assert!(whole.parse::<u64>().unwrap() > 1_700_000_000 && fraction.chars().all(|c| c.is_ascii_digit()), "{stamp}");

    // An existing versionId silently replaces that row; a lower one rewrites history.
    row["changedBy"] = json!("bob");
    assert_eq!(mock.json("PUT", "/configuration/global", Some(ADMIN), &row).await.status, 200);
    row["versionId"] = json!(0);
    row["changedBy"] = json!("carol");
    assert_eq!(mock.json("PUT", "/configuration/global", Some(ADMIN), &row).await.status, 200);
    let rows = mock.get(GET_GLOBAL, Some(ADMIN)).await.json();
    let who: Vec<_> = rows.as_array().unwrap().iter().map(|r| (r["versionId"].as_f64().unwrap(), r["changedBy"].as_str().unwrap())).collect();
    assert_eq!(who, [(2.0, "bob"), (1.0, "jane.smith@company.com"), (0.0, "carol")]);
    row["versionId"] = json!(10);
    mock.json("PUT", "/configuration/global", Some(ADMIN), &row).await;
    assert_eq!(latest(&mock).await["versionId"], json!(10.0), "numeric order, not text order");

    // A partial body becomes the whole current configuration (keeping the workbench flag).
    let partial = json!({"configScope": "global", "versionId": 11, "configuration": {"global": {"defaultModel": "m1"},
        "enabledComponents": {"showMcpWorkbench": false}}});
    assert_eq!(mock.json("PUT", "/configuration/global", Some(ADMIN), &partial).await.status, 200);
    assert!(latest(&mock).await["configuration"].get("systemBanner").is_none());

    // "Someone saved meanwhile": a test writes a row itself, the admin token is enough.
    let view = mock.get("/__mock/configuration", None).await.json();
    assert_eq!(view["scopes"]["global"][0]["versionId"], json!(11.0));
}

#[tokio::test]
async fn put_errors_are_json_strings() {
    let mock = Mock::start(&["--test-control"]);
    let base = json!({"configScope": "global", "versionId": 5, "configuration": {"enabledComponents": {"showMcpWorkbench": false}}});
    let r = mock.send("PUT", "/configuration/global", Some(USER), Body::Json(&base), &[ORIGIN]).await;
    assert_eq!((r.status, r.json()), (403, json!("Only admins can update global configuration")));
    lambda_headers(&r);
    // (A first row of a scope with `showMcpWorkbench` would change it from missing: 500.)
    let mut other = json!({"configScope": "user", "versionId": 1, "configuration": {"theme": "dark"}});
    assert_eq!(mock.json("PUT", "/configuration/user", Some(USER), &other).await.status, 200, "other scopes are unchecked");
    other["configScope"] = json!("Global");
    assert_eq!(mock.json("PUT", "/configuration/Global", Some(USER), &other).await.status, 200);

    let validation = "An error occurred (ValidationException) when calling the PutItem operation: One or more parameter values were invalid: ";
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("versionId");
    let mut text_version = base.clone();
    text_version["versionId"] = json!("6");
    let mut no_scope = base.clone();
    no_scope.as_object_mut().unwrap().remove("configScope");
    let cases: [(Vec<u8>, u16, String); 6] = [
        (serde_json::to_vec(&missing).unwrap(), 400, format!("{validation}Missing the key versionId in the item")),
        (serde_json::to_vec(&text_version).unwrap(), 400, format!("{validation}Type mismatch for key versionId expected: N actual: S")),
        (b"{not json".to_vec(), 400, "Invalid JSON in request body.".into()),
        (b"null".to_vec(), 400, "Request body is required.".into()),
        (b"[]".to_vec(), 500, "An unexpected error occurred while processing your request".into()),
        (serde_json::to_vec(&no_scope).unwrap(), 500, "An unexpected error occurred while processing your request".into()),
    ];
    for (raw, status, message) in cases {
        let r = mock.send("PUT", "/configuration/global", Some(ADMIN), Body::Raw(&raw, Some("application/json")), &[ORIGIN]).await;
        assert_eq!((r.status, r.json()), (status, json!(message)), "{}", String::from_utf8_lossy(&raw));
        lambda_headers(&r);
    }
    let big = vec![b' '; 1_100_000];
    let r = mock.send("PUT", "/configuration/global", Some(ADMIN), Body::Raw(&big, Some("application/json")), &[]).await;
    assert_eq!((r.status, r.json()["error"].clone()), (413, json!("Payload Too Large")), "validate_input answers with an object");
    assert_eq!(mock.get(GET_GLOBAL, Some(ADMIN)).await.json()[0]["versionId"], json!(1.0), "nothing was written");
}

#[tokio::test]
async fn a_show_mcp_workbench_change_fails_without_the_workbench() {
    let mock = Mock::start(&["--test-control"]);
    let mut row = latest(&mock).await;
    row["versionId"] = json!(2);
    row["configuration"]["enabledComponents"].as_object_mut().unwrap().remove("showMcpWorkbench");
    let r = mock.json("PUT", "/configuration/global", Some(ADMIN), &row).await;
    assert_eq!((r.status, r.json()), (500, json!("An unexpected error occurred while processing your request")), "false → missing is a change");
    assert_eq!(latest(&mock).await["versionId"], json!(1.0), "nothing written");
    row["configuration"]["enabledComponents"]["showMcpWorkbench"] = json!(false);
    assert_eq!(mock.json("PUT", "/configuration/global", Some(ADMIN), &row).await.status, 200, "unchanged flag: fine");

    let view = mock.control("POST", "/__mock/configuration", &json!({"mcpWorkbenchDeployed": true})).await;
    assert_eq!(view["mcpWorkbench"], json!({"deployed": true, "serverEntry": false}));
    row["versionId"] = json!(3);
    row["configuration"]["enabledComponents"]["showMcpWorkbench"] = json!(true);
    assert_eq!(mock.json("PUT", "/configuration/global", Some(ADMIN), &row).await.status, 200);
    assert_eq!(mock.get("/__mock/configuration", None).await.json()["mcpWorkbench"]["serverEntry"], json!(true));
}

#[tokio::test]
async fn test_control_empty_read_and_reset() {
    let mock = Mock::start(&["--test-control"]);
    mock.control("POST", "/__mock/inject", &json!({"method": "GET", "path": "/configuration", "body": []})).await;
    let r = mock.send("GET", GET_GLOBAL, Some(ADMIN), Body::None, &[ORIGIN]).await;
    assert_eq!((r.status, r.json()), (200, json!([])), "a failed read looks like this");
    assert_eq!(mock.get(GET_GLOBAL, Some(ADMIN)).await.json().as_array().unwrap().len(), 2);
    mock.control("POST", "/__mock/reset", &json!({})).await;
    assert_eq!(mock.get(GET_GLOBAL, Some(ADMIN)).await.json(), json!([]));
    mock.control("POST", "/__mock/reset", &json!({"demo": true})).await;
    assert_eq!(mock.get(GET_GLOBAL, Some(ADMIN)).await.json().as_array().unwrap().len(), 2);
}

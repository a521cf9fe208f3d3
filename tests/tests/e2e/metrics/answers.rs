//! What the metrics pages do with LISA's odder answers: an error inside the envelope, a failed
//! refresh, an empty deployment, a user key in another spelling.

use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

use super::{kpi, mock_body};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        inner_status_500_is_shown_as_an_error,
        failed_refresh_keeps_the_last_data,
        empty_deployment_is_not_an_error,
        key_differing_in_case_and_null_last_seen,
    ]
}

const INNER_500: &str = r#"{"statusCode":500,"body":"{\"error\": \"Failed to retrieve metrics\"}"}"#;

async fn inner_status_500_is_shown_as_an_error() -> TestResult {
    let env = Env::default().await?;
    env.mock.inject(json!({"method": "GET", "path": "/metrics/users/all", "status": 200, "rawBody": INNER_500})).await?;
    env.signed_in_at("/metrics").await?;
    let text = env.wait_text("#page-metrics .error-panel", "Failed to retrieve metrics").await?;
    ensure!(text.contains("HTTP 500"), "error panel {text:?}");
    ensure!(env.count("#kpi-users").await? == 0, "KPIs shown next to the error");
    // The user route too.
    env.mock.inject(json!({"method": "GET", "path": "/metrics/users/johnDoe", "status": 200, "rawBody": INNER_500})).await?;
    env.goto("/metrics/users/johnDoe").await?;
    env.wait_text("#page-user-metrics .error-panel", "Failed to retrieve metrics").await?;
    // Retry gets the real data (the injection was used up).
    env.click("#page-user-metrics .error-panel button").await?;
    env.wait_text("#user-kpi-prompts", "20").await?;
    env.assert_no_panic().await
}

async fn failed_refresh_keeps_the_last_data() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/metrics").await?;
    let users = kpi(&env, "kpi-users").await?;
    // A bare-string 500 (LISA's unhandled exception).
    env.mock
        .inject(json!({"method": "GET", "path": "/metrics/users/all", "status": 500,
            "rawBody": "\"An unexpected error occurred while processing your request\""}))
        .await?;
    env.click("#metrics-refresh").await?;
    let warning = env.wait_text(".stale-warning", "An unexpected error occurred").await?;
    ensure!(warning.contains("Could not refresh"), "warning {warning:?}");
    ensure!(kpi(&env, "kpi-users").await? == users, "the data went away");
    // An opaque network failure (no CORS header): the same.
    env.mock.inject(json!({"method": "GET", "path": "/metrics/users/all", "status": 502, "body": {"message": null}, "dropCors": true})).await?;
    env.click("#metrics-refresh").await?;
    env.wait_text(".stale-warning", "before LISA answered").await?;
    ensure!(env.count("#tools-chart g.bar").await? > 0, "chart gone after a network failure");
    ensure!(env.count("#page-metrics .error-panel").await? == 0, "error panel replaced the data");
    // The shell asks whether the session expired (that failure looks the same); keep it.
    env.click("#session-dialog .dialog-actions button[type=button]").await?;
    env.wait_gone("#session-dialog").await?;
    // A good refresh clears the warning.
    env.click("#metrics-refresh").await?;
    env.wait_gone(".stale-warning").await?;
    env.assert_no_panic().await
}

async fn empty_deployment_is_not_an_error() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--empty"], ..Default::default() }).await?;
    env.signed_in_at("/metrics").await?;
    env.wait_text("#metrics-empty", "No usage recorded yet").await?;
    ensure!(env.count("#page-metrics .error-panel").await? == 0, "empty shown as an error");
    ensure!(env.count("#kpi-users").await? == 0, "empty shown as zeros");
    env.assert_no_panic().await
}

async fn key_differing_in_case_and_null_last_seen() -> TestResult {
    let env = Env::default().await?;
    let john = mock_body(&env, "/metrics/users/johnDoe").await?;
    let mut record = john["johnDoe"].clone();
    record["lastSeen"] = Value::Null;
    let body = json!({"statusCode": 200, "body": {"johnDoe": record}});
    // LISA answers with its own spelling of the key, and the body as a JSON string.
    let as_string = json!({"statusCode": 200, "body": body["body"].to_string()});
    env.mock.inject(json!({"method": "GET", "path": "/metrics/users/JOHNDOE", "body": as_string})).await?;
    env.signed_in_at("/metrics/users/JOHNDOE").await?;
    env.wait_text("#user-kpi-prompts", "20").await?;
    let note = env.text("#user-stored-as").await?;
    ensure!(note.contains("johnDoe"), "stored-as note {note:?}");
    // The id LISA exposes is a link to its own page.
    let href = env.attr("#user-stored-as a", "href").await?;
    ensure!(href.as_deref() == Some("/admin/metrics/users/johnDoe"), "stored-as link {href:?}");
    ensure!(env.text("#user-last-seen").await? == "never", "null lastSeen");
    let first = env.text("#user-first-seen").await?;
    ensure!(first.starts_with("2025-07-0"), "first seen in local time {first:?}");
    env.assert_no_panic().await
}


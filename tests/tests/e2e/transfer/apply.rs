//! Applying a plan: failures part-way (a 500, a failed connection), applying again, a reload in
//! between, Cancel, and an API key typed into the plan.

use std::collections::BTreeMap;

use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

use super::proxy::Proxy;
use super::{apply_and_wait, bedrock, creates, downloaded, paste, plan_ready, rows, CAPTURE_DOWNLOADS};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        two_of_ten_creates_fail_and_applying_again_finishes_the_import,
        cancel_stops_launching_and_says_what_went_out,
        an_api_key_typed_into_the_plan_reaches_lisa_and_is_never_stored,
    ]
}

const MSG_500: &str = "Import drill: the model table is unavailable";

fn ten() -> Value {
    Value::Array((0..10).map(|i| bedrock(&format!("batch-{i:02}"))).collect())
}

async fn two_of_ten_creates_fail_and_applying_again_finishes_the_import() -> TestResult {
    // The app talks to LISA through the proxy, which can fail one create's connection.
    let proxy = Proxy::start().await?;
    let env = Env::start(EnvOptions {
        mock_args: vec!["--empty", "--workflow-delay-ms", "300"],
        config: json!({"apiBaseUrl": proxy.url}),
        ..Default::default()
    })
    .await?;
    proxy.forward_to(env.mock.port);
    env.on_new_document(CAPTURE_DOWNLOADS).await?;

    env.signed_in_at("/models/import").await?;
    paste(&env, &ten().to_string()).await?;
    ensure!(plan_ready(&env).await? == "10 definitions: 10 to create.", "plan");
    // One create answers 500 with LISA's catch-all body; batch-07's connection fails.
    env.mock
        .inject(json!({"method": "POST", "path": "/models", "status": 500, "body": {"error": "Internal Server Error", "message": MSG_500}}))
        .await?;
    proxy.fail_posts_containing(Some("\"batch-07\""));
    let progress = apply_and_wait(&env).await?;
    ensure!(progress.starts_with("Done: 8 created"), "{progress}");
    ensure!(progress.contains("1 failed") && progress.contains("1 unknown"), "{progress}");
    let outcomes: BTreeMap<String, String> = rows(&env).await?.into_iter().map(|(id, _, o)| (id, o)).collect();
    ensure!(outcomes.get("batch-07").map(String::as_str) == Some("Unknown"), "{outcomes:?}");
    let failed: Vec<&String> = outcomes.iter().filter(|(_, o)| *o == "Failed").map(|(id, _)| id).collect();
    ensure!(failed.len() == 1, "{outcomes:?}");
    let failed = failed[0].clone();
    let plan_text = env.text("#plan-table").await?;
    ensure!(plan_text.contains(MSG_500), "LISA's own text is not shown");
    ensure!(plan_text.contains("may or may not have reached LISA"), "the failed connection is not told as unknown");
    ensure!(proxy.failed_count() == 1, "the failed connection was retried ({} attempts)", proxy.failed_count());
    ensure!(creates(&env).await?.len() == 9, "9 creates reached LISA");

    // The report, as CSV (formula-safe, one line per definition).
    env.click("#report-csv").await?;
    let (name, _, csv) = downloaded(&env, 0).await?;
    ensure!(name.starts_with("lisa-import-report-") && name.ends_with(".csv"), "{name}");
    ensure!(csv.lines().count() == 11 && csv.contains("batch-07,Create,,Unknown,"), "report:\n{csv}");

    // The plan and the outcomes survive a reload; applying again sends only the two.
    env.goto("/models/import").await?;
    env.wait_css("#plan-table").await?;
    plan_ready(&env).await?;
    let after = rows(&env).await?;
    let planned: BTreeMap<&str, (&str, &str)> = after.iter().map(|(id, p, o)| (id.as_str(), (p.as_str(), o.as_str()))).collect();
    ensure!(planned.get("batch-07") == Some(&("Create", "Unknown")), "{planned:?}");
    ensure!(planned.get("batch-00").map(|p| p.0) == Some("Exists (identical)") || failed == "batch-00", "{planned:?}");
    ensure!(env.text("#import-apply").await? == "Create 2 models", "{}", env.text("#import-apply").await?);
    proxy.fail_posts_containing(None);
    let progress = apply_and_wait(&env).await?;
    ensure!(progress == "Done: 2 created.", "{progress}");

    // Nothing was created twice: one successful create per id, no conflict.
    let sent = creates(&env).await?;
    let mut per_id: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for r in &sent {
        let body: Value = serde_json::from_str(r["body"].as_str().unwrap_or("{}")).unwrap_or_default();
        per_id.entry(body["modelId"].as_str().unwrap_or("?").to_string()).or_default().push(r["status"].clone());
    }
    ensure!(per_id.len() == 10, "{per_id:?}");
    for (id, statuses) in &per_id {
        let ok = statuses.iter().filter(|s| **s == json!(200)).count();
        ensure!(ok == 1 && !statuses.contains(&json!(409)), "{id}: {statuses:?}");
        let expected = if *id == failed { 2 } else { 1 };
        ensure!(statuses.len() == expected, "{id} was sent {} times", statuses.len());
    }
    let (_, body) = env.mock.api("GET", "/models", None).await?;
    ensure!(body["models"].as_array().map(Vec::len) == Some(10), "LISA has {}", body["models"]);
    env.assert_no_panic().await
}

async fn cancel_stops_launching_and_says_what_went_out() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--empty", "--workflows", "manual"], ..Default::default() }).await?;
    env.signed_in_at("/models/import").await?;
    paste(&env, &ten().to_string()).await?;
    plan_ready(&env).await?;
    // Every create takes a while, so the first four are still out when Cancel is pressed.
    env.mock.inject(json!({"method": "POST", "path": "/models", "delayMs": 1500, "times": 10})).await?;
    env.click("#import-apply").await?;
    env.wait_text("#import-progress-text", "4 sending").await?;
    env.click("#import-cancel").await?;
    let progress = env
        .until("the run to end", || async { env.text("#import-progress-text").await.ok().filter(|t| t.starts_with("Cancelled")) })
        .await?;
    ensure!(progress == "Cancelled: 4 created, 6 not sent.", "{progress}");
    let r = rows(&env).await?;
    ensure!(r.iter().filter(|(_, _, o)| o == "Not sent").count() == 6, "{r:?}");
    ensure!(creates(&env).await?.len() == 4, "requests after Cancel");
    ensure!(env.text("#import-apply").await? == "Create 6 models", "the rest can be applied");
    env.assert_no_panic().await
}

async fn an_api_key_typed_into_the_plan_reaches_lisa_and_is_never_stored() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--empty"], ..Default::default() }).await?;
    env.signed_in_at("/models/import").await?;
    let file = json!([{"modelId": "gpt-mini", "modelName": "openai/gpt-4o-mini", "modelType": "textgen"}, bedrock("titan")]);
    paste(&env, &file.to_string()).await?;
    ensure!(plan_ready(&env).await? == "2 definitions: 1 to create, 1 needs input.", "plan");
    let key = "sk-typed-in-the-plan-0123456789";
    env.fill("#plan-key-0", key).await?;
    env.click("#plan-summary").await?;
    env.wait_text("#plan-summary", "2 to create").await?;
    let progress = apply_and_wait(&env).await?;
    ensure!(progress == "Done: 2 created.", "{progress}");
    let (_, hidden) = env.mock.api("GET", "/__mock/models/gpt-mini", None).await?;
    ensure!(hidden["apiKeyStored"] == json!(true), "LISA did not get the key: {hidden}");
    let stored = env.js("return Object.keys(sessionStorage).map(k => sessionStorage.getItem(k)).join('\\n');").await?;
    ensure!(!stored.as_str().unwrap_or_default().contains(key), "the API key is in sessionStorage");
    env.assert_no_panic().await
}

//! Hostile import files: XSS in every field, 10 MB, deep nesting, wrong types, duplicate ids,
//! unknown keys, broken JSON. Each gets a clear message; nothing is created; nothing runs.

use lisa_e2e::hostile::{content_model, corpus, id_model, Probe, POKE, PROBE, WATCH_INJECTIONS};
use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

use super::{bedrock, no_creates, paste, plan_ready, rows};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![hostile_import_files_get_a_clear_message_and_nothing_runs_or_is_created]
}

/// Nothing ran, nothing was injected, no script URL became a link, the page did not panic.
async fn assert_inert(env: &Env, what: &str) -> TestResult {
    env.js(POKE).await?;
    let probe = Probe::from_value(&env.js(PROBE).await?);
    ensure!(probe.canary.is_none(), "{what}: a script ran (canary {:?})", probe.canary);
    ensure!(probe.injected.is_empty(), "{what}: injected {:?}", probe.injected);
    ensure!(probe.bad_urls.is_empty(), "{what}: script URLs {:?}", probe.bad_urls);
    ensure!(!probe.overflows(), "{what}: the page is wider than the window ({:?})", probe.overflow_at);
    env.assert_no_panic().await.map_err(|e| format!("{what}: {e}"))
}

/// Paste `text`, wait for the file error, return its text.
async fn refused(env: &Env, text: &str, says: &str) -> Result<String, String> {
    paste(env, text).await?;
    let shown = env.wait_text("#import-file-error", says).await?;
    ensure!(shown.contains("Nothing was sent to LISA"), "{shown}");
    Ok(shown)
}

async fn hostile_import_files_get_a_clear_message_and_nothing_runs_or_is_created() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--workflows", "manual"], ..Default::default() }).await?;
    env.on_new_document(WATCH_INJECTIONS).await?;
    env.signed_in_at("/models/import").await?;
    env.wait_css("#import-text").await?;
    env.mock.clear_requests().await?;

    // XSS in every field of a definition, and as the id itself.
    let payloads = corpus();
    let mut file: Vec<Value> = payloads.iter().enumerate().map(|(i, p)| content_model(&format!("xss-{i}"), &p.text)).collect();
    file.extend(payloads.iter().map(|p| id_model(&p.text)));
    let file = json!({"format": "lisa-admin.models", "version": 1, "models": file.into_iter().map(|m| json!({
        "create": m, "info": {"status": "<img src=x onerror=top.__xss=99>", "contextWindow": 1},
        "environmentValuesOmitted": ["HOSTILE_VALUE"], "needsApiKey": true})).collect::<Vec<_>>()});
    paste(&env, &file.to_string()).await?;
    let summary = plan_ready(&env).await?;
    ensure!(summary.starts_with(&format!("{} definitions:", payloads.len() * 2)), "{summary}");
    ensure!(summary.contains("invalid"), "{summary}");
    let table = env.text("#plan-table").await?;
    ensure!(table.contains("LISA ignores these keys, so they are not sent: contextWindow, status"), "unknown keys not listed");
    assert_inert(&env, "XSS in every field").await?;
    // Opening the definitions in the create form is the same text, as form fields.
    env.click("#plan-row-1 [data-action='open-form']").await?;
    env.wait_css("#page-model-create").await?;
    env.wait_text("#form-notice", "Definition 2 of your import plan").await?;
    assert_inert(&env, "an XSS definition in the create form").await?;
    env.goto("/models/import").await?;
    plan_ready(&env).await?;

    // 10 MB, chosen as a file: refused before it is read.
    let big = std::env::temp_dir().join(format!("lisa-import-10mb-{}.json", env.mock.port));
    let filler = "x".repeat(10 * 1024 * 1024);
    std::fs::write(&big, json!([{"modelId": "big", "modelDescription": filler}]).to_string()).map_err(|e| e.to_string())?;
    env.wait_css("#import-file").await?.send_keys(&big.to_string_lossy()).await.map_err(|e| e.to_string())?;
    env.wait_text("#import-file-error", "The file is 10.0 MB; the limit is 5.0 MB").await?;
    let _ = std::fs::remove_file(&big);
    // And pasted: the same limit.
    refused(&env, &json!([{"modelId": "big", "modelDescription": filler}]).to_string(), "the limit is 5.0 MB").await?;

    // Deep nesting, broken JSON: where, and why.
    let deep = format!("{{\"modelId\": \"deep\",\n \"features\": {}{}}}", "[".repeat(5000), "]".repeat(5000));
    // The 32nd "[" on line 2 (after `{` on line 1) is one level too deep.
    refused(&env, &deep, "Line 2, column 45: The JSON nests deeper than 32 levels").await?;
    let broken = refused(&env, "[\n  {\"modelId\": \"a\",}\n]", "This is not valid JSON").await?;
    ensure!(broken.contains("Line 2, column"), "{broken}");
    refused(&env, "\"<script>top.__xss=1</script>\"", "holds a text, not a model definition").await?;
    refused(&env, r#"{"format": "lisa-admin.models", "version": 9, "models": []}"#, "made by a newer LISA Admin").await?;
    assert_inert(&env, "refused files").await?;

    // Wrong types, duplicate ids, unknown keys: planned, each problem named, nothing sent.
    let mut typo = bedrock("typo");
    typo["streamng"] = json!(true);
    let wrong = json!({"modelId": "wrong", "modelName": 42, "modelType": "chat", "streaming": "sometimes", "allowedGroups": "admins",
        "containerConfig": {"image": "vllm", "sharedMemorySize": "lots"}, "instanceType": "g5.xlarge", "inferenceContainer": "vllm",
        "autoScalingConfig": [], "loadBalancerConfig": null});
    paste(&env, &json!([bedrock("twice"), bedrock("twice"), wrong, typo]).to_string()).await?;
    env.wait_text("#plan-summary", "4 definitions:").await?;
    plan_ready(&env).await?;
    let planned = rows(&env).await?;
    let labels: Vec<&str> = planned.iter().map(|(_, p, _)| p.as_str()).collect();
    ensure!(labels == ["Create", "Invalid", "Invalid", "Create"], "{planned:?}");
    let table = env.text("#plan-table").await?;
    for says in [
        "Definition 1 of this file has the same id",
        "Input should be a valid string",
        "Input should be 'textgen', 'imagegen', 'videogen' or 'embedding'",
        "Input should be a valid boolean",
        "Input should be a valid list",
        "LISA ignores these keys, so they are not sent: streamng",
    ] {
        ensure!(table.contains(says), "the plan does not say {says:?}:\n{table}");
    }
    assert_inert(&env, "wrong types").await?;
    no_creates(&env, "hostile files").await?;
    env.assert_no_panic().await
}

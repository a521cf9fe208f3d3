//! Export everything, LISA loses everything, import the file: the models come back field for
//! field (issue 14, "Round trip").

use lisa_e2e::mock::ADMIN_TOKEN;
use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Map, Value};

use super::{apply_and_wait, creates, downloaded, plan_ready, rows, settled_models, CAPTURE_DOWNLOADS};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![export_then_import_recreates_every_model_field_for_field]
}

/// Schedule fields LISA maintains itself (the time of the last update, the next action…).
const MAINTAINED: [&str; 7] = [
    "scheduleEnabled",
    "scheduleConfigured",
    "lastScheduleFailed",
    "lastScheduleUpdate",
    "scheduledActionArns",
    "nextScheduledAction",
    "lastScheduleFailure",
];

fn without_maintained(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(Value::Object(s)) = v.pointer_mut("/scheduling") {
        for k in MAINTAINED {
            s.remove(k);
        }
    }
    v
}

/// The fields of `original` that `recreated` must have as they were. Left out, because LISA fills
/// them in itself (lisa-api.md §4.2): the status; a LISA-hosted model's context window (read
/// from its container) and URL (its new load balancer's); a third-party model's URL (LISA writes
/// `""` once it is in service); the schedule's own bookkeeping.
fn differences(original: &Value, recreated: &Value) -> Vec<String> {
    let hosted = !original["containerConfig"].is_null();
    let internal = original["hostingType"] == "internal_hosted";
    let mut out = Vec::new();
    for (key, want) in original.as_object().cloned().unwrap_or_default() {
        let got = &recreated[&key];
        let same = match key.as_str() {
            "status" => true,
            "contextWindow" if hosted => true,
            "modelUrl" if !internal => true,
            "autoScalingConfig" => without_maintained(&want) == without_maintained(got),
            _ => want == *got,
        };
        if !same {
            out.push(format!("{key}: was {want}, now {got}"));
        }
    }
    out
}

async fn export_then_import_recreates_every_model_field_for_field() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--workflow-delay-ms", "400"], ..Default::default() }).await?;
    env.on_new_document(CAPTURE_DOWNLOADS).await?;
    // The demo's models in a workflow settle first (one of them is being deleted).
    let originals = settled_models(&env).await?;
    let n = originals.len();
    ensure!(n >= 15, "the demo has {n} models");

    env.signed_in_at("/models/export").await?;
    env.wait_text("#export-download", &format!("({n} models)")).await?;
    env.click("#export-env").await?;
    env.click("#export-download").await?;
    let (name, kind, text) = downloaded(&env, 0).await?;
    let host = format!("lisa-models-127.0.0.1_{}-", env.mock.port);
    ensure!(name.starts_with(&host) && name.ends_with(".json") && name.len() == host.len() + 15, "file name {name}");
    ensure!(kind == "application/json", "type {kind}");
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("the export is not JSON: {e}"))?;
    ensure!(doc["format"] == "lisa-admin.models" && doc["version"] == 1, "format {} {}", doc["format"], doc["version"]);
    ensure!(doc["environmentValues"] == "included", "{}", doc["environmentValues"]);
    ensure!(doc["source"]["apiBaseUrl"] == json!(env.mock.url), "source {}", doc["source"]);
    ensure!(doc["models"].as_array().map(Vec::len) == Some(n), "{} models in the file", doc["models"]);
    ensure!(!text.contains("apiKey") && !text.contains(ADMIN_TOKEN), "a secret in the export");

    // Without environment values (the default): the names stay, each value blank and listed.
    env.click("#export-env").await?;
    env.click("#export-download").await?;
    let (_, _, plain) = downloaded(&env, 1).await?;
    let plain: Value = serde_json::from_str(&plain).map_err(|e| e.to_string())?;
    let llama = plain["models"].as_array().and_then(|m| m.iter().find(|m| m["create"]["modelId"] == "llama-3-1-8b-instruct")).cloned();
    let llama = llama.ok_or("llama-3-1-8b-instruct is not in the export")?;
    ensure!(plain["environmentValues"] == "omitted", "{}", plain["environmentValues"]);
    ensure!(llama["create"]["containerConfig"]["environment"]["VLLM_MAX_MODEL_LEN"] == "", "a value was exported: {llama}");
    ensure!(llama["environmentValuesOmitted"] == json!(["VLLM_GPU_MEMORY_UTILIZATION", "VLLM_MAX_MODEL_LEN"]), "{llama}");

    // LISA loses every model.
    env.mock.post("/__mock/reset", json!({})).await?;
    let file = std::env::temp_dir().join(format!("lisa-export-{}.json", env.mock.port));
    std::fs::write(&file, &text).map_err(|e| e.to_string())?;
    env.goto("/models/import").await?;
    env.wait_css("#import-file").await?.send_keys(&file.to_string_lossy()).await.map_err(|e| format!("choose the file: {e}"))?;
    let summary = plan_ready(&env).await?;
    ensure!(summary == format!("{n} definitions: {n} to create."), "plan: {summary}");
    let _ = std::fs::remove_file(&file);
    ensure!(creates(&env).await?.is_empty(), "something was sent before applying");
    let progress = apply_and_wait(&env).await?;
    ensure!(progress == format!("Done: {n} created."), "{progress}");

    settled_models(&env).await?;
    let mut problems = Vec::new();
    for original in &originals {
        let id = original["modelId"].as_str().unwrap_or_default();
        let (status, body) = env.mock.api("GET", &format!("/models/{id}"), None).await?;
        if status != 200 {
            problems.push(format!("{id}: GET answered {status}"));
            continue;
        }
        problems.extend(differences(original, &body["model"]).into_iter().map(|d| format!("{id}: {d}")));
    }
    ensure!(problems.is_empty(), "{} difference(s):\n  {}", problems.len(), problems.join("\n  "));
    let sent = creates(&env).await?;
    ensure!(sent.len() == n, "{} creates for {n} models", sent.len());
    let windows: Vec<Value> = env.mock.requests().await?.into_iter().filter(|r| r["method"] == "PUT").collect();
    let restored: Map<String, Value> = windows.iter().filter_map(|r| Some((r["path"].as_str()?.to_string(), r["status"].clone()))).collect();
    ensure!(restored.contains_key("/models/claude-3-5-haiku/context-window"), "the third-party context window was not restored: {restored:?}");

    // Applying the same file again finds every model as it is and sends nothing.
    env.click("#import-recheck").await?;
    env.until("the plan to see the models", || async {
        let r = rows(&env).await.ok()?;
        r.iter().all(|(_, plan, _)| plan == "Exists (identical)").then_some(())
    })
    .await?;
    ensure!(env.attr("#import-apply", "disabled").await?.is_some(), "Create is offered with nothing to create");
    env.assert_no_panic().await
}

//! The edit form against the mock: minimal bodies, schedule routes, state rules up front, drafts
//! per model.

use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::json;

use super::{bodies, focus_on, reload, review_and_send, wait_path};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        edit_sends_a_minimal_body,
        edit_hosted_capacity_and_schedule,
        edit_state_rules_are_prevented_up_front,
        reload_mid_edit_restores_the_draft,
    ]
}

async fn edit_sends_a_minimal_body() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models/titan-express-v1/edit").await?;
    env.wait_css("#page-model-edit #f-modelDescription").await?;
    ensure!(env.attr("#form-submit", "disabled").await?.is_some(), "Save is disabled while nothing changed");
    env.wait_text("#nothing-changed", "Nothing changed").await?;
    ensure!(env.count("#f-autoScalingInstanceConfig-minCapacity").await? == 0, "no capacity for an external model");
    env.wait_text("#section-capacity", "not hosted by LISA").await?;
    env.fill("#f-modelDescription", "Edited by the e2e suite").await?;
    env.mock.clear_requests().await?;
    let shown = review_and_send(&env, "#edit-submit").await?;
    wait_path(&env, "/admin/models/titan-express-v1").await?;
    let sent = bodies(&env, "PUT", "/models/titan-express-v1").await?;
    ensure!(sent == vec![json!({"modelDescription": "Edited by the e2e suite"})], "minimal body, got {sent:?}");
    ensure!(sent[0] == shown, "review showed {shown}");
    ensure!(env.session_storage("lisa-admin.draft.edit.titan-express-v1").await?.is_none(), "draft cleared");
    env.assert_no_panic().await
}

async fn edit_hosted_capacity_and_schedule() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models/llama-3-1-8b-instruct/edit").await?;
    env.wait_css("#f-autoScalingInstanceConfig-maxCapacity").await?;
    env.fill("#f-autoScalingInstanceConfig-maxCapacity", "4").await?;
    env.click("#schedule-none").await?;
    env.mock.clear_requests().await?;
    env.click("#form-submit").await?;
    env.wait_css("#review").await?;
    env.click("#edit-submit").await?;
    wait_path(&env, "/admin/models/llama-3-1-8b-instruct").await?;
    let log: Vec<(String, String)> = env
        .mock
        .requests()
        .await?
        .into_iter()
        .filter(|r| r["method"] != "GET" && r["method"] != "OPTIONS")
        .map(|r| (r["method"].as_str().unwrap_or_default().to_string(), r["path"].as_str().unwrap_or_default().to_string()))
        .collect();
    let expected = vec![
        ("DELETE".to_string(), "/models/llama-3-1-8b-instruct/schedule".to_string()),
        ("PUT".to_string(), "/models/llama-3-1-8b-instruct".to_string()),
    ];
    ensure!(log == expected, "schedule first, on its own route; got {log:?}");
    let sent = bodies(&env, "PUT", "/models/llama-3-1-8b-instruct").await?;
    ensure!(sent == vec![json!({"autoScalingInstanceConfig": {"maxCapacity": 4}})], "update body: {sent:?}");
    env.assert_no_panic().await
}

async fn edit_state_rules_are_prevented_up_front() -> TestResult {
    // Workflows stay put, so the Creating model stays Creating.
    let env = Env::start(EnvOptions { mock_args: vec!["--workflows", "manual"], ..Default::default() }).await?;
    // A model in a workflow cannot be changed: said at once, Save disabled.
    env.signed_in_at("/models/mistral-7b-instruct/edit").await?;
    env.wait_text("#f-section-status", "Creating").await?;
    env.fill("#f-modelDescription", "x").await?;
    ensure!(env.attr("#form-submit", "disabled").await?.is_some(), "Save disabled for a Creating model");
    // Stop together with a capacity change (V48), and a container change needs the restart box.
    env.goto("/models/llama-3-1-8b-instruct/edit").await?;
    env.wait_css("#run-stop").await?;
    ensure!(env.attr("#run-start", "disabled").await?.is_some(), "an InService model cannot be started");
    env.click("#run-stop").await?;
    env.fill("#f-autoScalingInstanceConfig-minCapacity", "2").await?;
    env.click("#form-submit").await?;
    env.wait_text("#f-enabled-msg", "separate requests").await?;
    env.click("#run-keep").await?;
    env.fill("#f-containerConfig-sharedMemorySize", "8192").await?;
    env.click("#form-submit").await?;
    env.wait_text("#f-acknowledgeRestart-msg", "restart").await?;
    focus_on(&env, "f-acknowledgeRestart").await?;
    ensure!(bodies(&env, "PUT", "/models/llama-3-1-8b-instruct").await?.is_empty(), "nothing sent");
    env.assert_no_panic().await
}

async fn reload_mid_edit_restores_the_draft() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models/titan-express-v1/edit").await?;
    env.wait_css("#f-modelDescription").await?;
    env.fill("#f-modelDescription", "half-way through").await?;
    ensure!(env.session_storage("lisa-admin.draft.edit.titan-express-v1").await?.is_some(), "draft keyed by model id");
    reload(&env).await?;
    env.wait_text("#form-notice", "Restored your unsaved changes").await?;
    let v = env.js("return document.querySelector('#f-modelDescription').value;").await?;
    ensure!(v == json!("half-way through"), "restored: {v}");
    // Another model's edit form starts clean.
    env.goto("/models/claude-3-5-haiku/edit").await?;
    env.wait_css("#f-modelDescription").await?;
    ensure!(env.count("#form-notice").await? == 0, "no draft for another model");
    env.assert_no_panic().await
}

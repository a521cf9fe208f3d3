//! The create and edit forms against the mock: every hosting type, client-side blocking (schema
//! and advisory rules) with focus, server answers on the right field, minimal edit bodies,
//! schedule routes, drafts that survive a reload, and the leave-page guard.

use lisa_e2e::{ensure, Env, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    let mut cases = crate::cases![
        create_third_party_model,
        create_internal_hosted_model,
        create_lisa_hosted_model,
        invalid_field_blocks_submit_with_focus_on_it,
        advisory_rule_blocks_submit,
        conflict_409_lands_on_the_id_field,
        injected_422_lands_on_the_field_it_names,
        reload_mid_form_restores_the_draft,
        leaving_with_unsaved_changes_asks_first,
        copy_prefills_everything_but_the_id,
    ];
    cases.extend(edit::cases());
    cases
}

mod edit;

async fn open_create(env: &Env, path: &str) -> TestResult {
    env.signed_in_at(path).await?;
    env.wait_css("#page-model-create #f-modelId").await?;
    Ok(())
}

/// Choose `value` in a `<select>` as a user would (the change event included).
pub(super) async fn select(env: &Env, css: &str, value: &str) -> TestResult {
    env.wait_css(css).await?;
    let script = format!(
        "const s = document.querySelector({}); s.value = {}; s.dispatchEvent(new Event('change', {{bubbles: true}})); return s.value;",
        json!(css),
        json!(value)
    );
    let chosen = env.js(&script).await?;
    ensure!(chosen == json!(value), "{css} did not take {value}: {chosen}");
    Ok(())
}

/// Whether `css` is on screen (sections that do not apply are hidden, not removed).
pub(super) async fn visible(env: &Env, css: &str) -> Result<bool, String> {
    let script = format!("const e = document.querySelector({}); return !!e && e.getClientRects().length > 0;", json!(css));
    Ok(env.js(&script).await? == json!(true))
}

/// Focus moves after the view has caught up with a submit: wait for it.
pub(super) async fn focus_on(env: &Env, id: &str) -> TestResult {
    let waited = env.until(&format!("focus on #{id}"), || async { (active_id(env).await.ok()? == id).then_some(()) }).await;
    match waited {
        Ok(()) => Ok(()),
        Err(e) => Err(format!("{e}; focus is on #{}", active_id(env).await.unwrap_or_default())),
    }
}

pub(super) async fn active_id(env: &Env) -> Result<String, String> {
    Ok(env.js("return document.activeElement ? document.activeElement.id : '';").await?.as_str().unwrap_or_default().to_string())
}

/// Bodies the mock received for `method path`, oldest first, parsed as JSON.
pub(super) async fn bodies(env: &Env, method: &str, path: &str) -> Result<Vec<Value>, String> {
    Ok(env
        .mock
        .requests()
        .await?
        .into_iter()
        .filter(|r| r["method"] == method && r["path"] == path)
        .map(|r| serde_json::from_str(r["body"].as_str().unwrap_or_default()).unwrap_or(Value::Null))
        .collect())
}

pub(super) async fn wait_path(env: &Env, expected: &str) -> TestResult {
    env.until(&format!("the path {expected}"), || async { (env.path().await.ok()? == expected).then_some(()) }).await
}

/// Review, then send; returns the JSON the review step showed.
pub(super) async fn review_and_send(env: &Env, send_button: &str) -> Result<Value, String> {
    env.click("#form-submit").await?;
    let shown = env.text("#review-json-0").await?;
    let shown: Value = serde_json::from_str(&shown).map_err(|e| format!("review JSON: {e}: {shown}"))?;
    env.click(send_button).await?;
    Ok(shown)
}

async fn create_third_party_model() -> TestResult {
    let env = Env::default().await?;
    open_create(&env, "/models/new").await?;
    ensure!(!visible(&env, "#section-container").await?, "no container section for a third-party model");
    env.fill("#f-modelId", "e2e-haiku").await?;
    env.fill("#f-modelName", "bedrock/anthropic.claude-3-haiku-20240307-v1:0").await?;
    env.fill("#f-apiKey", "sk-test").await?;
    env.click("#f-streaming").await?;
    let shown = review_and_send(&env, "#create-submit").await?;
    wait_path(&env, "/admin/models/e2e-haiku").await?;
    let sent = bodies(&env, "POST", "/models").await?;
    ensure!(sent.len() == 1, "one create request, got {sent:?}");
    ensure!(sent[0] == shown, "the review showed {shown}, LISA got {}", sent[0]);
    ensure!(
        sent[0]
            == json!({"modelId": "e2e-haiku", "modelName": "bedrock/anthropic.claude-3-haiku-20240307-v1:0", "modelType": "textgen",
                "streaming": true, "hostingType": "third_party", "apiKey": "sk-test"}),
        "body: {}",
        sent[0]
    );
    ensure!(env.session_storage("lisa-admin.draft.create").await?.is_none(), "the draft is cleared after success");
    env.assert_no_panic().await
}

async fn create_internal_hosted_model() -> TestResult {
    let env = Env::default().await?;
    open_create(&env, "/models/new").await?;
    env.click("#hosting-internal_hosted").await?;
    env.fill("#f-modelId", "e2e-internal").await?;
    env.fill("#f-modelName", "openai/qwen-2.5").await?;
    env.fill("#f-modelUrl", "https://example.com/v1").await?;
    env.click("#form-submit").await?;
    let msg = env.wait_text("#f-modelUrl-msg", "load balancer").await?;
    focus_on(&env, "f-modelUrl").await.map_err(|e| format!("{e}; message {msg}"))?;
    env.fill("#f-modelUrl", "https://internal-qwen.us-east-1.elb.amazonaws.com/v1").await?;
    review_and_send(&env, "#create-submit").await?;
    wait_path(&env, "/admin/models/e2e-internal").await?;
    let sent = bodies(&env, "POST", "/models").await?;
    ensure!(sent.len() == 1 && sent[0]["hostingType"] == "internal_hosted", "body: {sent:?}");
    ensure!(sent[0]["modelUrl"] == "https://internal-qwen.us-east-1.elb.amazonaws.com/v1", "body: {sent:?}");
    env.assert_no_panic().await
}

async fn create_lisa_hosted_model() -> TestResult {
    let env = Env::default().await?;
    open_create(&env, "/models/new").await?;
    env.click("#hosting-lisa_hosted").await?;
    ensure!(!visible(&env, "#f-modelUrl").await?, "LISA assigns a hosted model's URL");
    ensure!(visible(&env, "#section-container").await?, "the container section applies");
    env.fill("#f-modelId", "e2e-mistral").await?;
    env.fill("#f-modelName", "mistralai/Mistral-7B-Instruct-v0.2").await?;
    // The instance list comes from the mock and feeds the type-ahead.
    env.until("instance types loaded", || async {
        let n = env.count("#instance-types option").await.ok()?;
        (n > 100).then_some(())
    })
    .await?;
    select(&env, "#f-inferenceContainer", "vllm").await?;
    env.fill("#f-containerConfig-image-baseImage", "vllm/vllm-openai:v0.5.0").await?;
    // Without an instance type the hosting group is incomplete: V29, a whole-body rule, shows
    // at the section it concerns in LISA's words; the empty field itself is marked too, and
    // gets the focus.
    env.click("#form-submit").await?;
    env.wait_text("#f-section-hosting-msg", "must be defined").await?;
    env.wait_text("#f-instanceType-msg", "Required for a LISA-hosted model").await?;
    ensure!(env.attr("#f-instanceType", "aria-invalid").await?.as_deref() == Some("true"), "instance type not marked");
    ensure!(env.text("#f-inferenceContainer-msg").await?.is_empty(), "the chosen container is marked");
    focus_on(&env, "f-instanceType").await?;
    env.fill("#f-instanceType", "g5.xlarge").await?;
    env.click("#env-add").await?;
    env.fill("#f-containerConfig-environment-0-key", "MAX_TOTAL_TOKENS").await?;
    env.fill("#f-containerConfig-environment-0-value", "2048").await?;
    env.fill("#f-autoScalingConfig-maxCapacity", "2").await?;
    env.click("#schedule-recurring").await?;
    env.fill("#f-autoScalingConfig-scheduling-timezone", "Europe/Berlin").await?;
    review_and_send(&env, "#create-submit").await?;
    wait_path(&env, "/admin/models/e2e-mistral").await?;
    let sent = bodies(&env, "POST", "/models").await?;
    ensure!(sent.len() == 1, "one create request, got {sent:?}");
    let b = &sent[0];
    ensure!(b["hostingType"] == "lisa_hosted" && b["instanceType"] == "g5.xlarge" && b["inferenceContainer"] == "vllm", "body: {b}");
    ensure!(b["containerConfig"]["environment"] == json!({"MAX_TOTAL_TOKENS": "2048"}), "body: {b}");
    ensure!(b["containerConfig"]["healthCheckConfig"]["command"] == json!(["CMD-SHELL", "exit 0"]), "LISA UI default command: {b}");
    ensure!(b["autoScalingConfig"]["maxCapacity"] == 2 && b["autoScalingConfig"]["minCapacity"] == 1, "body: {b}");
    ensure!(
        b["autoScalingConfig"]["scheduling"]
            == json!({"scheduleType": "RECURRING", "timezone": "Europe/Berlin", "recurringSchedule": {"startTime": "09:00", "stopTime": "17:00"}}),
        "only the matching schedule is sent: {b}"
    );
    ensure!(b["loadBalancerConfig"]["healthCheckConfig"]["path"] == "/health", "body: {b}");
    env.assert_no_panic().await
}

async fn invalid_field_blocks_submit_with_focus_on_it() -> TestResult {
    let env = Env::default().await?;
    open_create(&env, "/models/new").await?;
    env.fill("#f-modelId", "e2e-invalid").await?;
    // Nothing shows before the field is touched or the form submitted.
    ensure!(env.text("#f-modelName-msg").await?.trim().is_empty(), "no complaint before a touch or submit");
    env.click("#form-submit").await?;
    env.wait_text("#f-modelName-msg", "at least 1 character").await?;
    focus_on(&env, "f-modelName").await?;
    let count = env.wait_text("#form-error-count", "remain").await?;
    ensure!(count.contains('1'), "says how many errors remain: {count}");
    ensure!(env.attr("#f-modelName", "aria-invalid").await?.as_deref() == Some("true"), "marked invalid");
    ensure!(env.count("#review").await? == 0, "no review while invalid");
    // A number typed as text keeps what was typed and gets LISA's own message.
    env.click("#hosting-lisa_hosted").await?;
    env.fill("#f-modelName", "mistral").await?;
    env.fill("#f-containerConfig-sharedMemorySize", "lots").await?;
    env.click("#form-submit").await?;
    env.wait_text("#f-containerConfig-sharedMemorySize-msg", "valid integer").await?;
    let typed = env.js("return document.querySelector('#f-containerConfig-sharedMemorySize').value;").await?;
    ensure!(typed == json!("lots"), "what was typed is kept: {typed}");
    ensure!(bodies(&env, "POST", "/models").await?.is_empty(), "nothing was sent");
    env.assert_no_panic().await
}

async fn advisory_rule_blocks_submit() -> TestResult {
    let env = Env::default().await?;
    open_create(&env, "/models/new").await?;
    env.fill("#f-modelId", "My_Model").await?;
    env.fill("#f-modelName", "bedrock/x").await?;
    env.click("#form-submit").await?;
    let msg = env.wait_text("#f-modelId-msg", "LISA accepts this but the deployment would fail").await?;
    ensure!(msg.contains("lowercase"), "says why: {msg}");
    focus_on(&env, "f-modelId").await?;
    ensure!(env.count("#review").await? == 0, "advisory rules block like server rules");
    ensure!(bodies(&env, "POST", "/models").await?.is_empty(), "nothing was sent");
    env.assert_no_panic().await
}

async fn conflict_409_lands_on_the_id_field() -> TestResult {
    let env = Env::default().await?;
    open_create(&env, "/models/new").await?;
    env.fill("#f-modelId", "titan-express-v1").await?;
    env.fill("#f-modelName", "bedrock/amazon.titan-text-express-v1").await?;
    review_and_send(&env, "#create-submit").await?;
    let banner = env.wait_text("#form-banner", "already exists").await?;
    ensure!(banner.contains("409"), "banner names the status: {banner}");
    let msg = env.wait_text("#f-modelId-msg", "already exists").await?;
    ensure!(msg.to_lowercase().contains("a model with this id already exists"), "id field says: {msg}");
    // Nothing typed was lost.
    let name = env.js("return document.querySelector('#f-modelName').value;").await?;
    ensure!(name == json!("bedrock/amazon.titan-text-express-v1"), "name kept: {name}");
    ensure!(env.path().await? == "/admin/models/new", "stays on the form");
    env.assert_no_panic().await
}

async fn injected_422_lands_on_the_field_it_names() -> TestResult {
    let env = Env::default().await?;
    open_create(&env, "/models/new").await?;
    env.mock
        .inject(json!({"method": "POST", "path": "/models", "status": 422, "body": {"detail": [
            {"type": "value_error", "loc": ["body", "modelName"], "msg": "Value error, the mock refuses this name", "input": "SECRET-INPUT"},
            {"type": "value_error", "loc": ["body", "somethingNew"], "msg": "Value error, a rule this form does not know", "input": "SECRET-INPUT"}
        ], "type": "RequestValidationError"}}))
        .await?;
    env.fill("#f-modelId", "e2e-refused").await?;
    env.fill("#f-modelName", "bedrock/valid-to-the-form").await?;
    review_and_send(&env, "#create-submit").await?;
    env.wait_text("#f-modelName-msg", "the mock refuses this name").await?;
    let banner = env.wait_text("#form-banner", "a rule this form does not know").await?;
    ensure!(banner.contains("422"), "banner: {banner}");
    let page = env.text("#page-model-create").await?;
    ensure!(!page.contains("SECRET-INPUT"), "the echoed input is never shown");
    focus_on(&env, "f-modelName").await?;
    // Editing the field clears LISA's complaint about the old value.
    env.fill("#f-modelName", "bedrock/another").await?;
    env.until("the server complaint to go", || async {
        let t = env.text("#f-modelName-msg").await.ok()?;
        (!t.contains("refuses")).then_some(())
    })
    .await?;
    env.assert_no_panic().await
}

/// Reload, accepting the browser's "leave site?" question if it asks.
pub(super) async fn reload(env: &Env) -> TestResult {
    env.js("setTimeout(() => location.reload(), 0); return true;").await?;
    for _ in 0..20 {
        let _ = env.client.accept_alert().await;
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn reload_mid_form_restores_the_draft() -> TestResult {
    let env = Env::default().await?;
    open_create(&env, "/models/new").await?;
    env.click("#hosting-lisa_hosted").await?;
    env.fill("#f-modelId", "e2e-draft").await?;
    env.fill("#f-containerConfig-sharedMemorySize", "not yet a number").await?;
    reload(&env).await?;
    env.wait_text("#form-notice", "Restored your unsaved draft").await?;
    let values = env
        .js("return [document.querySelector('#f-modelId').value, document.querySelector('#f-containerConfig-sharedMemorySize').value, document.querySelector('#hosting-lisa_hosted').checked];")
        .await?;
    ensure!(values == json!(["e2e-draft", "not yet a number", true]), "restored: {values}");
    env.click("#draft-discard").await?;
    env.until("a blank form", || async {
        let v = env.js("return document.querySelector('#f-modelId').value;").await.ok()?;
        (v == json!("")).then_some(())
    })
    .await?;
    ensure!(env.session_storage("lisa-admin.draft.create").await?.is_none(), "discarded");
    env.assert_no_panic().await
}

async fn leaving_with_unsaved_changes_asks_first() -> TestResult {
    let env = Env::default().await?;
    open_create(&env, "/models/new").await?;
    // Untouched: links just navigate.
    env.click("header nav a[href$='/metrics']").await?;
    env.wait_css("#page-metrics").await?;
    env.goto("/models/new").await?;
    env.fill("#f-modelId", "e2e-leaving").await?;
    env.click("header nav a[href$='/metrics']").await?;
    env.wait_css("#leave-dialog").await?;
    focus_on(&env, "leave-stay").await?;
    env.click("#leave-stay").await?;
    env.wait_gone("#leave-dialog").await?;
    ensure!(env.path().await? == "/admin/models/new", "stayed");
    env.click("header nav a[href$='/metrics']").await?;
    env.click("#leave-confirm").await?;
    env.wait_css("#page-metrics").await?;
    ensure!(env.session_storage("lisa-admin.draft.create").await?.is_some_and(|d| d.contains("e2e-leaving")), "the draft is kept");
    env.assert_no_panic().await
}

async fn copy_prefills_everything_but_the_id() -> TestResult {
    let env = Env::default().await?;
    open_create(&env, "/models/new?copy=llama-3-1-8b-instruct").await?;
    env.wait_text("#form-notice", "Copied from llama-3-1-8b-instruct").await?;
    let values = env
        .js("return [document.querySelector('#f-modelId').value, document.querySelector('#f-modelName').value, document.querySelector('#hosting-lisa_hosted').checked, document.querySelector('#f-autoScalingConfig-maxCapacity').value];")
        .await?;
    ensure!(values[0] == json!(""), "no id: {values}");
    ensure!(values[1].as_str().is_some_and(|s| !s.is_empty()) && values[2] == json!(true) && values[3] == json!("3"), "copied: {values}");
    env.fill("#f-modelId", "e2e-llama-copy").await?;
    let shown = review_and_send(&env, "#create-submit").await?;
    wait_path(&env, "/admin/models/e2e-llama-copy").await?;
    ensure!(shown["autoScalingConfig"]["scheduling"]["scheduleType"].is_string(), "the schedule is copied: {shown}");
    env.assert_no_panic().await
}

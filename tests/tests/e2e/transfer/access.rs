//! The hand-over to the create form, and axe on the import and export pages (screenshots at
//! desktop and phone width are written under target/screenshots/ on the way).

use lisa_e2e::{a11y, ensure, Env, EnvOptions, TestResult};
use serde_json::json;

use super::{apply_and_wait, bedrock, paste, plan_ready, rows, screenshot};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        an_invalid_definition_is_fixed_in_the_create_form_and_brought_back,
        a_large_plan_is_shown_a_page_at_a_time_and_filtered,
        import_and_export_pages_pass_axe,
    ]
}

fn hosted(id: &str, min_capacity: i64) -> serde_json::Value {
    json!({
        "modelId": id, "modelName": "mistralai/Mistral-7B-Instruct-v0.2", "modelType": "textgen", "streaming": true,
        "hostingType": "lisa_hosted", "instanceType": "g5.xlarge", "inferenceContainer": "vllm",
        "containerConfig": {"image": {"baseImage": "vllm/vllm-openai:v0.5.0", "type": "asset"}, "sharedMemorySize": 2048,
            "healthCheckConfig": {"command": ["CMD-SHELL", "exit 0"], "interval": 10, "startPeriod": 30, "timeout": 5, "retries": 3},
            "environment": {"MAX_TOTAL_TOKENS": "2048"}},
        "autoScalingConfig": {"minCapacity": min_capacity, "maxCapacity": 4, "cooldown": 420, "defaultInstanceWarmup": 180,
            "metricConfig": {"duration": 60, "estimatedInstanceWarmup": 330}},
        "loadBalancerConfig": {"healthCheckConfig": {"path": "/health", "interval": 60, "timeout": 30, "healthyThresholdCount": 2, "unhealthyThresholdCount": 10}}
    })
}

async fn an_invalid_definition_is_fixed_in_the_create_form_and_brought_back() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--empty", "--workflows", "manual"], ..Default::default() }).await?;
    env.signed_in_at("/models/import").await?;
    // The admin's own create draft must not be touched by the hand-over.
    let own = r#"{"version":1,"copyOf":null,"form":{"modelId":"my-own-draft"}}"#;
    env.js(&format!("sessionStorage.setItem('lisa-admin.draft.create', {}); return 0;", json!(own))).await?;
    paste(&env, &json!([hosted("broken-hosted", 0), bedrock("fine")]).to_string()).await?;
    plan_ready(&env).await?;
    let table = env.text("#plan-table").await?;
    ensure!(table.contains("autoScalingConfig.minCapacity Input should be greater than 0"), "{table}");

    env.click("#plan-row-0 [data-action='open-form']").await?;
    env.wait_css("#page-model-create").await?;
    env.wait_text("h1", "Edit a definition of the import").await?;
    ensure!(env.text("#form-submit").await? == "Back to the import plan", "submit label");
    env.click("#form-submit").await?;
    env.wait_text("#f-autoScalingConfig-minCapacity-msg", "Input should be greater than 0").await?;
    env.fill("#f-autoScalingConfig-minCapacity", "2").await?;
    env.fill("#f-modelId", "fixed-hosted").await?;
    env.click("#form-submit").await?;

    env.wait_css("#page-models-import").await?;
    env.wait_text("#import-note", "is back in the plan").await?;
    plan_ready(&env).await?;
    let planned = rows(&env).await?;
    ensure!(planned[0].0 == "fixed-hosted" && planned[0].1 == "Create", "{planned:?}");
    ensure!(env.text("#plan-row-0").await?.contains("Edited in the create form."), "no note");
    let progress = apply_and_wait(&env).await?;
    ensure!(progress == "Done: 2 created.", "{progress}");
    let (_, got) = env.mock.api("GET", "/models/fixed-hosted", None).await?;
    ensure!(got["model"]["autoScalingConfig"]["minCapacity"] == json!(2), "{got}");
    ensure!(env.session_storage("lisa-admin.draft.create").await?.as_deref() == Some(own), "the admin's own draft changed");
    env.assert_no_panic().await
}

async fn show(env: &Env, key: &str) -> TestResult {
    env.js(&format!(
        "const s = document.querySelector('#plan-show'); s.value = {}; s.dispatchEvent(new Event('change', {{bubbles: true}})); return 0;",
        json!(key)
    ))
    .await
    .map(|_| ())
}

async fn a_large_plan_is_shown_a_page_at_a_time_and_filtered() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--empty", "--workflows", "manual"], ..Default::default() }).await?;
    env.signed_in_at("/models/import").await?;
    let mut file: Vec<serde_json::Value> = (0..250).map(|i| bedrock(&format!("many-{i:03}"))).collect();
    file[120]["modelType"] = json!("chat");
    file[240]["modelName"] = json!("openai/gpt-4o");
    paste(&env, &serde_json::Value::Array(file).to_string()).await?;
    ensure!(plan_ready(&env).await? == "250 definitions: 248 to create, 1 invalid, 1 needs input.", "summary");
    ensure!(env.text("#plan-page-text").await? == "Definitions 1–100 of 250", "first page");
    ensure!(rows(&env).await?.len() == 100 && env.attr("#plan-prev", "disabled").await?.is_some(), "first page rows");
    env.click("#plan-next").await?;
    env.wait_text("#plan-page-text", "Definitions 101–200 of 250").await?;
    ensure!(rows(&env).await?.first().map(|r| r.0.as_str()) == Some("many-100"), "second page");
    env.click("#plan-next").await?;
    env.wait_text("#plan-page-text", "Definitions 201–250 of 250").await?;
    ensure!(rows(&env).await?.len() == 50 && env.attr("#plan-next", "disabled").await?.is_some(), "last page");
    show(&env, "attention").await?;
    env.wait_text("#plan-page-text", "Definitions 1–2 of 2").await?;
    let attention: Vec<(String, String)> = rows(&env).await?.into_iter().map(|r| (r.0, r.1)).collect();
    ensure!(
        attention == [("many-120".to_string(), "Invalid".to_string()), ("many-240".to_string(), "Needs input".to_string())],
        "{attention:?}"
    );
    env.assert_no_panic().await
}

async fn axe(env: &Env, what: &str) -> TestResult {
    let violations = a11y::serious_violations(env, None).await?;
    ensure!(violations.is_empty(), "{what}: {}", violations.join("\n"));
    Ok(())
}

async fn import_and_export_pages_pass_axe() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--workflows", "manual"], ..Default::default() }).await?;
    env.signed_in_at("/models/import").await?;
    env.wait_css("#import-text").await?;
    axe(&env, "the empty import page").await?;
    let mut changed = bedrock("titan-express-v1");
    changed["modelDescription"] = json!("A description the deployment does not have");
    let mut typo = bedrock("brand-new");
    typo["streamng"] = json!(true);
    let file = json!([typo, changed, hosted("bad-capacity", 0), {"modelId": "gpt-mini", "modelName": "openai/gpt-4o-mini", "modelType": "textgen"}]);
    paste(&env, &file.to_string()).await?;
    plan_ready(&env).await?;
    let labels: Vec<String> = rows(&env).await?.into_iter().map(|r| r.1).collect();
    ensure!(labels == ["Create", "Exists (different)", "Invalid", "Needs input"], "{labels:?}");
    axe(&env, "the import plan").await?;
    screenshot(&env, "import-plan-desktop", 1400, 1000, "#plan-summary").await?;
    screenshot(&env, "import-plan-phone", 390, 844, "#plan-table").await?;
    env.client.set_window_size(1400, 1000).await.map_err(|e| e.to_string())?;

    env.goto("/models/export?id=titan-express-v1").await?;
    env.wait_text("#export-download", "(1 model)").await?;
    axe(&env, "the export page (one model)").await?;
    screenshot(&env, "export-one-desktop", 1400, 1000, "h1").await?;
    screenshot(&env, "export-one-phone", 390, 844, "#export-download").await?;
    env.client.set_window_size(1400, 1000).await.map_err(|e| e.to_string())?;

    // "Copy as curl" on the detail page: the same request, the token a variable, no values.
    env.cdp("Browser.grantPermissions", json!({"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})).await?;
    env.goto("/models/llama-3-1-8b-instruct").await?;
    env.click("#copy-curl").await?;
    env.wait_text(".toast", "Environment values are left out").await?;
    let copied = env
        .client
        .execute_async("const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('ERR ' + e));", vec![])
        .await
        .map_err(|e| e.to_string())?;
    let copied = copied.as_str().unwrap_or_default();
    ensure!(copied.starts_with("curl -sS -X POST") && copied.contains("Bearer $LISA_TOKEN"), "clipboard: {copied}");
    ensure!(copied.contains("\"VLLM_MAX_MODEL_LEN\": \"\"") && !copied.contains("demo-admin-token"), "clipboard: {copied}");

    env.goto("/models/export?hosting=lisa_hosted").await?;
    env.wait_text("#export-download", "(5 models)").await?;
    env.click("#scope-all").await?;
    env.wait_text("#export-download", "(17 models)").await?;
    axe(&env, "the export page (a filter)").await?;
    screenshot(&env, "export-filter-desktop", 1400, 1000, "h1").await?;
    env.assert_no_panic().await
}

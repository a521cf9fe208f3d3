//! The model detail page: every field grouped, environment masked, actions, polling, not found.

use lisa_e2e::{ensure, Env, TestResult};

use super::*;

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        actions_from_the_detail_page,
        unknown_model_shows_not_found,
        detail_groups_every_field_and_masks_the_environment,
        detail_polls_while_transitional,
    ]
}

async fn actions_from_the_detail_page() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models/bge-large-en").await?;
    env.wait_text("#page-model-detail .page-header .status", "Stopped").await?;
    env.click("#page-model-detail .action-start").await?;
    env.wait_text("#toasts", "Starting bge-large-en").await?;
    env.wait_text("#page-model-detail .page-header .status", "In service").await?;

    env.goto("/models/nova-canvas").await?;
    env.click("#page-model-detail .action-delete").await?;
    env.fill("#confirm-dialog input", "nova-canvas").await?;
    env.click("#confirm-dialog .confirm-ok").await?;
    env.wait_text("#toasts", "Deleting nova-canvas").await?;
    env.wait_css("#page-models").await?;
    ensure!(env.path().await? == "/admin/models", "after delete the detail page returns to the catalogue");
    env.assert_no_panic().await
}

async fn unknown_model_shows_not_found() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models/no-such-model").await?;
    let text = env.wait_text("#model-not-found", "no-such-model").await?;
    ensure!(text.contains("was not found"), "LISA's message: {text}");
    ensure!(env.text("#page-model-detail h1").await? == "Model not found", "heading");
    env.click("#model-not-found a").await?;
    env.wait_css("#page-models").await?;
    env.assert_no_panic().await
}

async fn detail_groups_every_field_and_masks_the_environment() -> TestResult {
    let env = Env::start(manual()).await?;
    let id = "llama-3-1-8b-instruct";
    env.signed_in_at(&format!("/models/{id}")).await?;
    for group in ["base", "container", "autoscaling", "load-balancer", "schedule", "guardrails", "features", "groups"] {
        env.wait_css(&format!("#group-{group}")).await?;
    }
    ensure!(env.text("#model-id").await? == id, "id shown");
    env.wait_css("#copy-id").await?;
    let base = env.text("#group-base").await?;
    ensure!(base.contains("meta-llama/Llama-3.1-8B-Instruct") && base.contains("LISA-hosted"), "base: {base}");
    ensure!(env.text("#group-groups").await?.contains("research"), "groups");

    let (_, body) = env.mock.api("GET", &format!("/models/{id}"), None).await?;
    let environment = body["model"]["containerConfig"]["environment"].as_object().cloned().unwrap_or_default();
    let (key, value) = environment.iter().next().ok_or("the demo model has an environment")?;
    let value = value.as_str().unwrap_or("").to_string();
    let cell = format!("#environment tr[data-key='{key}']");
    let masked = env.text(&format!("{cell} .env-value")).await?;
    ensure!(!masked.contains(&value) && masked.contains('•'), "value masked: {masked}");
    ensure!(!env.text("#group-container").await?.contains(&format!("{key} {value}")), "no value leaks");
    env.click(&format!("{cell} .env-reveal")).await?;
    env.wait_text(&format!("{cell} .env-value"), &value).await?;
    ensure!(env.attr(&format!("{cell} .env-reveal"), "aria-pressed").await?.as_deref() == Some("true"), "pressed");

    // Copy the id.
    env.cdp("Browser.grantPermissions", json!({"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})).await.ok();
    env.click("#copy-id").await?;
    env.wait_text("#toasts", "Copied").await?;
    let pasted = env.client.execute_async("navigator.clipboard.readText().then(arguments[0], () => arguments[0](''));", vec![]).await;
    if let Ok(Value::String(text)) = pasted {
        ensure!(text.is_empty() || text == id, "clipboard holds {text}");
    }
    env.assert_no_panic().await
}

async fn detail_polls_while_transitional() -> TestResult {
    let env = Env::start(manual()).await?;
    env.signed_in_at("/models/mistral-7b-instruct").await?;
    env.wait_text("#page-model-detail .page-header .status", "Creating").await?;
    ensure!(env.attr("#page-model-detail .action-delete", "aria-disabled").await?.as_deref() == Some("true"), "no delete while creating");
    env.mock.seed("mistral-7b-instruct", "InService").await?;
    env.wait_text("#page-model-detail .page-header .status", "In service").await?;
    env.until("delete allowed now", || async {
        env.attr("#page-model-detail .action-delete", "aria-disabled").await.ok()?.is_none().then_some(())
    })
    .await?;
    env.assert_no_panic().await
}


//! The deployment's default model (lisa-config.md §8: the detail page shows it and links to the
//! page that sets it, `/models/:id/default`) and the context window (lisa-api.md §5.8), against
//! the mock's configuration table.

use lisa_e2e::{a11y, ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        set_default_changes_only_the_default_model,
        clear_default_removes_only_the_default_model,
        a_save_between_read_and_write_is_refused_and_nothing_overwritten,
        an_empty_configuration_read_refuses,
        context_window_set_then_shown_in_the_catalogue,
    ]
}

fn manual() -> EnvOptions {
    EnvOptions { mock_args: vec!["--workflows", "manual"], ..Default::default() }
}

/// The mock's `global` rows, highest version first.
async fn config_rows(env: &Env) -> Result<Vec<Value>, String> {
    let (status, body) = env.mock.api("GET", "/configuration?configScope=global", None).await?;
    ensure!(status == 200, "GET /configuration answered {status}");
    Ok(body.as_array().cloned().unwrap_or_default())
}

async fn config_puts(env: &Env) -> Result<usize, String> {
    Ok(env.mock.requests().await?.iter().filter(|r| r["method"] == "PUT" && r["path"] == "/configuration/global").count())
}

async fn open_detail(env: &Env, id: &str) -> Result<(), String> {
    env.signed_in_at(&format!("/models/{id}")).await?;
    env.wait_text("#default-status", "default model").await.map(|_| ())
}

async fn set_default_changes_only_the_default_model() -> TestResult {
    let env = Env::start(manual()).await?;
    let before = config_rows(&env).await?;
    ensure!(before.len() == 2 && before[0]["configuration"]["global"]["defaultModel"] == "titan-express-v1", "demo rows: {before:?}");
    open_detail(&env, "claude-3-5-haiku").await?;
    ensure!(env.text("#default-status").await?.contains("titan-express-v1"), "names the current default");
    env.click("#set-default").await?;
    let shown = env.wait_css("#default-review-json").await?.text().await.map_err(|e| e.to_string())?;
    let sent: Value = serde_json::from_str(&shown).map_err(|e| format!("review is not JSON: {e}: {shown}"))?;
    ensure!(sent["versionId"] == json!(2), "next version: {sent}");
    ensure!(sent.get("created_at").is_none() && sent.get("createdAt").is_none(), "no timestamp sent: {sent}");
    let violations = a11y::serious_violations(&env, Some("#default-review")).await?;
    ensure!(violations.is_empty(), "review dialog: {violations:#?}");
    ensure!(config_puts(&env).await? == 0, "nothing sent before Send");
    env.click("#default-review-send").await?;
    env.wait_text("#default-result", "Saved as configuration version 2").await?;
    // Back on the detail page, the model says it is the default, and offers to clear it.
    env.click("#default-back").await?;
    env.wait_text("#default-status", "This is the deployment's default model").await?;
    ensure!(env.count("#clear-default").await? == 1, "no Clear default on the default model");

    let after = config_rows(&env).await?;
    ensure!(after.len() == 3, "one new row: {after:?}");
    let (new, old) = (&after[0], &before[0]);
    ensure!(new["versionId"].as_f64() == Some(2.0), "new version: {new}");
    ensure!(new["configuration"]["global"]["defaultModel"] == "claude-3-5-haiku", "default: {new}");
    // Every other key exactly as before (banner, announcement, components, limits, unknown keys).
    let (Some(new_conf), Some(old_conf)) = (new["configuration"].as_object(), old["configuration"].as_object()) else {
        return Err("configuration is not an object".into());
    };
    let keys: std::collections::BTreeSet<&String> = new_conf.keys().chain(old_conf.keys()).collect();
    for key in keys {
        if key == "global" {
            let (mut a, mut b) = (new_conf[key].clone(), old_conf[key].clone());
            a.as_object_mut().map(|m| m.remove("defaultModel"));
            b.as_object_mut().map(|m| m.remove("defaultModel"));
            ensure!(a == b, "global's other keys changed: {a} vs {b}");
        } else {
            ensure!(new_conf.get(key) == old_conf.get(key), "{key} changed: {:?} → {:?}", old_conf.get(key), new_conf.get(key));
        }
    }
    ensure!(new_conf["systemBanner"]["isEnabled"] == true, "banner intact");
    let skip = ["versionId", "changedBy", "changeReason", "created_at", "createdAt", "configuration"];
    for (key, value) in new.as_object().into_iter().flatten().filter(|(k, _)| !skip.contains(&k.as_str())) {
        ensure!(old.get(key) == Some(value), "row key {key} changed");
    }
    ensure!(old.as_object().into_iter().flatten().all(|(k, _)| skip.contains(&k.as_str()) || new.get(k).is_some()), "a row key was dropped");

    // The badge moves in the catalogue.
    env.goto("/models").await?;
    env.until("badge on claude", || async {
        env.js("const b = document.querySelector(\"tr[data-model-id='claude-3-5-haiku'] .default-badge\"); return !!b && !b.hidden;")
            .await
            .ok()?
            .as_bool()?
            .then_some(())
    })
    .await?;
    let titan = env.js("return document.querySelector(\"tr[data-model-id='titan-express-v1'] .default-badge\").hidden;").await?;
    ensure!(titan == true, "the old default has no badge");
    env.assert_no_panic().await
}

/// "Clear default…" on the default model's page (`/models/:id/default?clear`): the review shows
/// the default going to none, and the new row lacks only `global.defaultModel`.
async fn clear_default_removes_only_the_default_model() -> TestResult {
    let env = Env::start(manual()).await?;
    let before = config_rows(&env).await?;
    ensure!(before[0]["configuration"]["global"]["defaultModel"] == "titan-express-v1", "demo rows: {before:?}");
    open_detail(&env, "titan-express-v1").await?;
    env.wait_text("#default-status", "This is the deployment's default model").await?;
    env.click("#clear-default").await?;
    env.wait_css("#default-review-json").await?;
    let change = env.text("#default-review-change").await?;
    ensure!(change.contains("titan-express-v1") && change.contains("(none)"), "the review names the change: {change:?}");
    ensure!(config_puts(&env).await? == 0, "nothing sent before Send");
    env.click("#default-review-send").await?;
    env.wait_text("#default-result", "Saved as configuration version 2").await?;
    let after = config_rows(&env).await?;
    ensure!(after.len() == before.len() + 1, "one new row: {after:?}");
    let (mut new_global, mut old_global) = (after[0]["configuration"]["global"].clone(), before[0]["configuration"]["global"].clone());
    ensure!(new_global.get("defaultModel").is_none(), "the default is gone: {new_global}");
    old_global.as_object_mut().map(|m| m.remove("defaultModel"));
    new_global.as_object_mut().map(|m| m.remove("defaultModel"));
    ensure!(new_global == old_global, "global's other keys changed: {new_global} vs {old_global}");
    ensure!(after[0]["configuration"]["systemBanner"] == before[0]["configuration"]["systemBanner"], "banner intact");
    env.click("#default-back").await?;
    env.wait_text("#default-status", "The deployment has no default model").await?;
    env.assert_no_panic().await
}

async fn a_save_between_read_and_write_is_refused_and_nothing_overwritten() -> TestResult {
    let env = Env::start(manual()).await?;
    open_detail(&env, "claude-3-5-haiku").await?;
    env.click("#set-default").await?;
    env.wait_css("#default-review-json").await?;
    // Another admin saves version 2 (banner off) while the review is open.
    let mut theirs = config_rows(&env).await?.first().cloned().unwrap_or_default();
    if let Some(row) = theirs.as_object_mut() {
        row.remove("created_at");
        row.remove("createdAt");
        row.insert("versionId".into(), json!(2));
        row.insert("changedBy".into(), json!("bob"));
        row.insert("changeReason".into(), json!("banner off"));
    }
    theirs["configuration"]["systemBanner"]["isEnabled"] = json!(false);
    let (status, _) = env.mock.api("PUT", "/configuration/global", Some(theirs.clone())).await?;
    ensure!(status == 200, "the other admin's save answered {status}");
    let puts_before = config_puts(&env).await?;
    env.click("#default-review-send").await?;
    let text = env.wait_text("#default-result", "meanwhile").await?;
    ensure!(text.contains("version 2 by bob") && text.contains("systemBanner") && text.contains("Nothing was written"), "refusal: {text}");
    ensure!(config_puts(&env).await? == puts_before, "the page sent a PUT");
    let rows = config_rows(&env).await?;
    ensure!(rows.len() == 3 && rows[0]["changedBy"] == "bob", "bob's row is the newest, untouched: {:?}", rows[0]);
    ensure!(rows[0]["configuration"]["global"]["defaultModel"] == "titan-express-v1", "the default was not changed");
    env.assert_no_panic().await
}

async fn an_empty_configuration_read_refuses() -> TestResult {
    let env = Env::start(manual()).await?;
    open_detail(&env, "claude-3-5-haiku").await?;
    // LISA's failed read: 200 [].
    env.mock.inject(json!({"method": "GET", "path": "/configuration", "status": 200, "body": []})).await?;
    env.click("#set-default").await?;
    let text = env.wait_text("#default-result", "200 []").await?;
    ensure!(text.contains("Nothing was written"), "refusal: {text}");
    ensure!(env.count("#default-review").await? == 0, "no review of a body built from nothing");
    ensure!(config_puts(&env).await? == 0, "no PUT after an empty read");
    ensure!(config_rows(&env).await?.len() == 2, "the table is untouched");
    // Not an eligible model: the button says why.
    env.goto("/models/bge-large-en").await?;
    let reason = env.wait_text("#set-default-reason", "generation").await?;
    ensure!(reason.contains("Only text, image or video generation models can be the default"), "reason: {reason}");
    ensure!(env.attr("#set-default", "aria-disabled").await?.as_deref() == Some("true"), "set default offered for an embedding model");
    env.assert_no_panic().await
}

async fn context_window_set_then_shown_in_the_catalogue() -> TestResult {
    let env = Env::start(manual()).await?;
    env.signed_in_at("/models/nova-reel").await?;
    env.wait_text("#context-window-value", "Not set").await?;
    ensure!(env.text("#context-window-note").await?.contains("does not discover it"), "external model note");
    env.fill("#context-window-input", "8k").await?;
    env.click("#context-window-set").await?;
    env.wait_text("#context-window-msg", "valid integer").await?;
    ensure!(context_puts(&env).await? == 0, "an invalid value was sent");
    env.fill("#context-window-input", "32768").await?;
    env.click("#context-window-set").await?;
    env.wait_text("#context-window-value", "32K").await?;
    ensure!(context_puts(&env).await? == 1, "one PUT");
    let (_, body) = env.mock.api("GET", "/models/nova-reel", None).await?;
    ensure!(body["model"]["contextWindow"] == json!(32768), "stored: {}", body["model"]["contextWindow"]);
    env.goto("/models").await?;
    let cell = env.wait_text("tr.model-row[data-model-id='nova-reel'] .cell-context", "32K").await?;
    ensure!(cell == "32K", "catalogue cell: {cell}");
    // A LISA-hosted model says LISA filled its value in.
    env.goto("/models/llama-3-1-8b-instruct").await?;
    let note = env.wait_text("#context-window-note", "LISA itself").await?;
    ensure!(note.contains("Filled in by LISA itself"), "hosted note: {note}");
    let violations = a11y::serious_violations(&env, Some("#page-model-detail")).await?;
    ensure!(violations.is_empty(), "detail with the new panels: {violations:#?}");
    env.assert_no_panic().await
}

async fn context_puts(env: &Env) -> Result<usize, String> {
    Ok(env.mock.requests().await?.iter().filter(|r| r["method"] == "PUT" && r["path"] == "/models/nova-reel/context-window").count())
}

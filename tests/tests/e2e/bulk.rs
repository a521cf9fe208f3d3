//! Selection and bulk actions in the catalogue (issue 14), and the column chooser (issue 12 part 6).

use lisa_e2e::{a11y, ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        bulk_stop_skips_models_that_cannot_stop_and_says_why,
        bulk_delete_asks_for_the_count,
        cancel_mid_way_says_which_requests_went_out,
        selection_survives_sort_filter_polling_and_drops_deleted_models,
        column_chooser_is_remembered,
    ]
}

fn manual() -> EnvOptions {
    EnvOptions { mock_args: vec!["--workflows", "manual"], ..Default::default() }
}

fn row(id: &str) -> String {
    format!("tr.model-row[data-model-id='{id}']")
}

async fn open(env: &Env) -> Result<(), String> {
    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await.map(|_| ())
}

async fn select(env: &Env, id: &str) -> Result<(), String> {
    env.click(&format!("{} input.row-select", row(id))).await
}

async fn changes(env: &Env, method: &str, path_prefix: &str) -> Result<Vec<Value>, String> {
    Ok(env
        .mock
        .requests()
        .await?
        .into_iter()
        .filter(|r| r["method"] == method && r["path"].as_str().is_some_and(|p| p.starts_with(path_prefix)))
        .collect())
}

async fn outcome(env: &Env, id: &str) -> Result<String, String> {
    Ok(env.attr(&format!("#bulk-outcomes li[data-id='{id}']"), "data-outcome").await?.unwrap_or_default())
}

async fn bulk_stop_skips_models_that_cannot_stop_and_says_why() -> TestResult {
    let env = Env::start(manual()).await?;
    open(&env).await?;
    for id in ["llama-3-1-8b-instruct", "claude-3-5-haiku", "bge-large-en"] {
        select(&env, id).await?;
    }
    env.wait_text("#selection-count", "3 models selected").await?;
    env.click("#bulk-stop").await?;
    let title = env.wait_text("#bulk-title", "Stop 1 model?").await?;
    ensure!(title == "Stop 1 model?", "title: {title}");
    let apply = env.texts("#bulk-apply li").await?;
    ensure!(apply == ["llama-3-1-8b-instruct"], "applies to: {apply:?}");
    let claude = env.text("#bulk-skipped li[data-id='claude-3-5-haiku']").await?;
    ensure!(claude.contains("Only LISA-hosted models can be stopped"), "claude skipped because: {claude}");
    let bge = env.text("#bulk-skipped li[data-id='bge-large-en']").await?;
    ensure!(bge.contains("It is already stopped."), "bge skipped because: {bge}");
    let violations = a11y::serious_violations(&env, Some("#bulk-dialog")).await?;
    ensure!(violations.is_empty(), "plan dialog: {violations:#?}");
    ensure!(changes(&env, "PUT", "/models/").await?.is_empty(), "the plan sent nothing");

    env.click("#bulk-go").await?;
    env.wait_text("#bulk-summary", "done").await?;
    ensure!(outcome(&env, "llama-3-1-8b-instruct").await? == "accepted", "llama accepted");
    let puts = changes(&env, "PUT", "/models/").await?;
    ensure!(puts.len() == 1 && puts[0]["path"] == "/models/llama-3-1-8b-instruct", "one PUT, to llama: {puts:?}");
    ensure!(puts[0]["body"].as_str().unwrap_or("").contains("\"enabled\":false"), "a stop: {puts:?}");
    let violations = a11y::serious_violations(&env, Some("#bulk-dialog")).await?;
    ensure!(violations.is_empty(), "outcome dialog: {violations:#?}");

    // The outcomes survive a reload until dismissed.
    env.goto("/models").await?;
    env.wait_text("#bulk-summary", "1 accepted").await?;
    ensure!(env.text("#bulk-outcomes").await?.contains("It is already stopped."), "skipped reasons kept");
    env.click("#bulk-dismiss").await?;
    env.wait_gone("#bulk-dialog").await?;
    env.goto("/models").await?;
    env.wait_css("tr.model-row").await?;
    ensure!(env.count("#bulk-dialog").await? == 0, "dismissed outcomes stay dismissed");
    ensure!(changes(&env, "PUT", "/models/").await?.len() == 1, "a reload never re-sends");
    env.assert_no_panic().await
}

async fn bulk_delete_asks_for_the_count() -> TestResult {
    let env = Env::start(manual()).await?;
    open(&env).await?;
    for id in ["nova-canvas", "claude-3-5-haiku", "mistral-7b-instruct"] {
        select(&env, id).await?;
    }
    env.click("#bulk-delete").await?;
    env.wait_text("#bulk-title", "Delete 2 models?").await?;
    let creating = env.text("#bulk-skipped li[data-id='mistral-7b-instruct']").await?;
    ensure!(creating.contains("this one is creating"), "creating model skipped: {creating}");
    ensure!(env.attr("#bulk-go", "disabled").await?.is_some(), "delete enabled before typing the count");
    env.fill("#bulk-confirm-input", "3").await?;
    ensure!(env.attr("#bulk-go", "disabled").await?.is_some(), "the selection's size (3) enables delete");
    env.fill("#bulk-confirm-input", "2").await?;
    env.until("delete enabled", || async { env.attr("#bulk-go", "disabled").await.ok()?.is_none().then_some(()) }).await?;
    ensure!(changes(&env, "DELETE", "/models/").await?.is_empty(), "nothing sent before confirming");
    env.click("#bulk-go").await?;
    env.wait_text("#bulk-summary", "done. 2 accepted").await?;
    let deletes: Vec<String> =
        changes(&env, "DELETE", "/models/").await?.iter().filter_map(|r| r["path"].as_str().map(String::from)).collect();
    ensure!(deletes.len() == 2 && deletes.contains(&"/models/nova-canvas".into()) && deletes.contains(&"/models/claude-3-5-haiku".into()), "{deletes:?}");
    env.assert_no_panic().await
}

async fn cancel_mid_way_says_which_requests_went_out() -> TestResult {
    let env = Env::start(manual()).await?;
    env.signed_in_at("/models?status=InService").await?;
    env.wait_css("tr.model-row").await?;
    let shown = env.count("tr.model-row").await?;
    ensure!(shown == 10, "10 in-service demo models, {shown} shown");
    // Every delete answers slowly, so that four are out when the admin cancels.
    let ids: Vec<String> = env
        .js("return [...document.querySelectorAll('tr.model-row')].map(r => r.dataset.modelId);")
        .await?
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
        .unwrap_or_default();
    for id in &ids {
        env.mock.inject(json!({"method": "DELETE", "path": format!("/models/{id}"), "delayMs": 2500})).await?;
    }
    env.click("#select-all-shown").await?;
    env.wait_text("#selection-count", "10 models selected").await?;
    env.click("#bulk-delete").await?;
    env.fill("#bulk-confirm-input", "10").await?;
    env.click("#bulk-go").await?;
    env.until("four requests out", || async { (env.count("#bulk-outcomes li[data-outcome='sent']").await.ok()? == 4).then_some(()) })
        .await?;
    env.click("#bulk-cancel").await?;
    let note = env.wait_text("#bulk-cancel-note", "Cancelled").await?;
    ensure!(note.contains("4 requests had already gone out") && note.contains("6 models not sent"), "note: {note}");
    for id in ids.iter().take(4) {
        ensure!(note.contains(id.as_str()), "the note names {id}: {note}");
    }
    env.wait_text("#bulk-summary", "done").await?;
    ensure!(env.count("#bulk-outcomes li[data-outcome='accepted']").await? == 4, "the four out were answered");
    ensure!(env.count("#bulk-outcomes li[data-outcome='not-sent']").await? == 6, "six never sent");
    let deletes = changes(&env, "DELETE", "/models/").await?;
    ensure!(deletes.len() == 4, "exactly four DELETEs reached LISA: {deletes:?}");
    env.assert_no_panic().await
}

async fn selection_survives_sort_filter_polling_and_drops_deleted_models() -> TestResult {
    let env = Env::default().await?;
    open(&env).await?;
    select(&env, "claude-3-5-haiku").await?;
    // Keyboard: Space on a focused checkbox.
    env.wait_css(&format!("{} input.row-select", row("nova-canvas"))).await?.send_keys(" ").await.map_err(|e| e.to_string())?;
    env.wait_text("#selection-count", "2 models selected").await?;
    env.click("#sort-status").await?;
    let filter = "#filter-type";
    env.js(&format!("const s = document.querySelector('{filter}'); s.value = 'textgen'; s.dispatchEvent(new Event('change', {{bubbles: true}}));"))
        .await?;
    env.wait_gone(&row("nova-canvas")).await?;
    env.fill("#catalogue-search", "claude").await?;
    env.until("only claude shown", || async { (env.count("tr.model-row").await.ok()? == 1).then_some(()) }).await?;
    ensure!(env.text("#selection-count").await? == "2 models selected", "filtered-out models stay selected");
    env.click("#clear-filters").await?;
    env.wait_css(&row("nova-canvas")).await?;
    let checked = env.js("return [...document.querySelectorAll('input.row-select:checked')].map(i => i.closest('tr').dataset.modelId).sort();").await?;
    ensure!(checked == json!(["claude-3-5-haiku", "nova-canvas"]), "checked after sort and filters: {checked}");

    // Deleted by someone else: it leaves the selection when the catalogue refreshes.
    let (status, _) = env.mock.api("DELETE", "/models/nova-canvas", None).await?;
    ensure!(status == 200, "delete answered {status}");
    env.until_for("nova-canvas gone from LISA", std::time::Duration::from_secs(20), || async {
        env.click("#catalogue-refresh").await.ok()?;
        env.wait_gone(&row("nova-canvas")).await.ok()
    })
    .await?;
    let notice = env.wait_text("#selection-notice", "nova-canvas").await?;
    ensure!(notice.contains("no longer exists and left the selection"), "notice: {notice}");
    env.wait_text("#selection-count", "1 model selected").await?;
    env.assert_no_panic().await
}

async fn column_chooser_is_remembered() -> TestResult {
    let env = Env::start(manual()).await?;
    open(&env).await?;
    ensure!(visible(&env, "th[data-column='groups']").await? == false, "groups hidden by default");
    ensure!(visible(&env, "th[data-column='inference']").await? == true, "availability shown");
    // 1440 px: id, status, hosting, availability and actions without sideways scrolling.
    env.client.set_window_size(1440, 900).await.map_err(|e| e.to_string())?;
    let scroll = env.js("const s = document.getElementById('catalogue-scroll'); return s.scrollWidth - s.clientWidth;").await?;
    ensure!(scroll.as_i64().unwrap_or(1) <= 0, "the table scrolls sideways at 1440 px by {scroll}");
    env.click("#column-chooser summary").await?;
    env.click("#show-column-groups").await?;
    env.until("groups shown", || async { (visible(&env, "td.cell-groups").await.ok()? == true).then_some(()) }).await?;
    let stored = env.js("return localStorage.getItem('lisa-admin.catalogue.columns');").await?;
    ensure!(stored.as_str().is_some_and(|s| s.contains("groups")), "stored: {stored}");
    env.goto("/models").await?;
    env.wait_css("tr.model-row").await?;
    ensure!(visible(&env, "td.cell-groups").await? == true, "the choice survives a reload");
    env.assert_no_panic().await
}

async fn visible(env: &Env, css: &str) -> Result<Value, String> {
    env.js(&format!("const e = document.querySelector(\"{css}\"); return !!e && e.offsetParent !== null;")).await
}

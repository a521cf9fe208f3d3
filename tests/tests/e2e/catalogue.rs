//! The model catalogue, the detail page and the lifecycle actions, against the mock LISA. The
//! list is here; the actions (`catalogue/actions.rs`) and the detail page (`catalogue/detail.rs`)
//! have files of their own.

use std::time::Duration;

use lisa_e2e::{a11y, ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    let mut cases = crate::cases![
        sort_by_column_survives_a_reload,
        search_typed_just_before_opening_a_model_survives_back,
        filters_and_search_live_in_the_url,
        polling_picks_up_a_finished_workflow_then_stops,
        serve_api_failure_only_blanks_availability,
        api_500_is_an_error_not_an_empty_catalogue,
        empty_catalogue_offers_to_create,
        first_load_shows_a_skeleton,
        thousands_of_models_render_as_a_window,
        catalogue_and_dialog_pass_axe,
    ];
    cases.extend(actions::cases());
    cases.extend(detail::cases());
    cases
}

mod actions;
mod detail;

/// Demo data with nothing moving unless a test seeds it.
fn manual() -> EnvOptions {
    EnvOptions { mock_args: vec!["--workflows", "manual"], ..Default::default() }
}

fn row(id: &str) -> String {
    format!("tr.model-row[data-model-id='{id}']")
}

async fn row_ids(env: &Env) -> Result<Vec<String>, String> {
    let v = env.js("return [...document.querySelectorAll('tr.model-row')].map(r => r.dataset.modelId);").await?;
    Ok(v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect()).unwrap_or_default())
}

async fn open_catalogue(env: &Env, path: &str) -> Result<(), String> {
    env.signed_in_at(path).await?;
    env.wait_css("tr.model-row").await.map(|_| ())
}

async fn status_text(env: &Env, id: &str) -> Result<String, String> {
    env.text(&format!("{} .status-text", row(id))).await
}

/// Set a `<select>` as a user would (value + change event).
async fn select(env: &Env, css: &str, value: &str) -> Result<(), String> {
    env.wait_css(css).await?;
    env.js(&format!(
        "const s = document.querySelector({}); s.value = {}; s.dispatchEvent(new Event('change', {{bubbles: true}}));",
        json!(css),
        json!(value)
    ))
    .await
    .map(|_| ())
}

/// The mock's own view of the catalogue, as an admin.
async fn api_models(env: &Env) -> Result<Vec<Value>, String> {
    let (status, body) = env.mock.api("GET", "/models", None).await?;
    ensure!(status == 200, "GET /models answered {status}");
    Ok(body["models"].as_array().cloned().unwrap_or_default())
}

async fn changes_to(env: &Env, method: &str, path: &str) -> Result<Vec<Value>, String> {
    Ok(env
        .mock
        .requests()
        .await?
        .into_iter()
        .filter(|r| r["method"] == method && r["path"] == path)
        .collect())
}

async fn sort_by_column_survives_a_reload() -> TestResult {
    let env = Env::start(manual()).await?;
    open_catalogue(&env, "/models").await?;
    let models = api_models(&env).await?;
    // Expected: context window ascending, models without one last, ties by id.
    let entries: Vec<(Option<i64>, String)> =
        models.iter().map(|m| (m["contextWindow"].as_i64(), m["modelId"].as_str().unwrap_or("").to_string())).collect();
    let expected = |descending: bool| -> Vec<String> {
        let mut e = entries.clone();
        e.sort_by(|a, b| {
            let by_id = a.1.to_lowercase().cmp(&b.1.to_lowercase());
            match (a.0, b.0) {
                (Some(x), Some(y)) if descending => y.cmp(&x).then(by_id),
                (Some(x), Some(y)) => x.cmp(&y).then(by_id),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => by_id,
            }
        });
        e.into_iter().map(|(_, id)| id).collect()
    };

    let default_order = row_ids(&env).await?;
    let mut by_id = default_order.clone();
    by_id.sort_by_key(|s| s.to_lowercase());
    ensure!(default_order == by_id, "default order is by id: {default_order:?}");

    env.click("#sort-context").await?;
    env.until("sort=context in the URL", || async { env.path().await.ok().filter(|p| p.contains("sort=context")) }).await?;
    let ascending = row_ids(&env).await?;
    ensure!(ascending == expected(false), "ascending context: {ascending:?}, expected {:?}", expected(false));
    env.click("#sort-context").await?;
    env.until("dir=desc in the URL", || async { env.path().await.ok().filter(|p| p.contains("dir=desc")) }).await?;
    let descending = row_ids(&env).await?;
    ensure!(descending == expected(true), "descending context: {descending:?}, expected {:?}", expected(true));
    ensure!(
        env.attr("th[data-column='context']", "aria-sort").await?.as_deref() == Some("descending"),
        "aria-sort on the header"
    );

    env.client.refresh().await.map_err(|e| e.to_string())?;
    env.wait_css("tr.model-row").await?;
    ensure!(row_ids(&env).await? == descending, "a reload keeps the order");
    ensure!(env.attr("th[data-column='context']", "aria-sort").await?.as_deref() == Some("descending"), "and the header");
    env.assert_no_panic().await
}

/// The URL follows a search after a 300 ms pause; a model opened within it must not lose the
/// search for Back.
async fn search_typed_just_before_opening_a_model_survives_back() -> TestResult {
    let env = Env::start(manual()).await?;
    open_catalogue(&env, "/models").await?;
    let id = "llama-3-1-8b-instruct";
    env.js("const s = document.querySelector('#catalogue-search'); s.value = 'llama-3'; s.dispatchEvent(new Event('input', {bubbles: true}));")
        .await?;
    ensure!(!env.path().await?.contains("q="), "the URL is written after a pause, not at once");
    env.click(&format!("{} a.model-id", row(id))).await?;
    env.wait_css("#page-model-detail #model-id").await?;
    env.client.back().await.map_err(|e| e.to_string())?;
    env.wait_css("tr.model-row").await?;
    ensure!(env.path().await?.contains("q=llama-3"), "Back returns to the search: {}", env.path().await?);
    let typed = env.js("return document.querySelector('#catalogue-search').value;").await?;
    ensure!(typed == json!("llama-3"), "the search box after Back: {typed}");
    env.assert_no_panic().await
}

async fn filters_and_search_live_in_the_url() -> TestResult {
    let env = Env::start(manual()).await?;
    open_catalogue(&env, "/models").await?;
    let total = row_ids(&env).await?.len();

    select(&env, "#filter-status", "InService").await?;
    env.until("status=InService in the URL", || async { env.path().await.ok().filter(|p| p.contains("status=InService")) }).await?;
    let statuses = env.texts("tr.model-row .status-text").await?;
    ensure!(!statuses.is_empty() && statuses.iter().all(|s| s == "In service"), "status filter: {statuses:?}");
    ensure!(statuses.len() < total, "the filter removed rows");

    select(&env, "#filter-hosting", "lisa_hosted").await?;
    env.until("hosting in the URL", || async { env.path().await.ok().filter(|p| p.contains("hosting=lisa_hosted")) }).await?;
    let hosting = env.texts("tr.model-row .cell-hosting").await?;
    ensure!(!hosting.is_empty() && hosting.iter().all(|h| h == "LISA-hosted"), "hosting filter: {hosting:?}");

    select(&env, "#filter-hosting", "").await?;
    select(&env, "#filter-type", "embedding").await?;
    env.until("type in the URL", || async { env.path().await.ok().filter(|p| p.contains("type=embedding") && !p.contains("hosting")) }).await?;
    let types = env.texts("tr.model-row .cell-type").await?;
    ensure!(!types.is_empty() && types.iter().all(|t| t == "embedding"), "type filter: {types:?}");
    select(&env, "#filter-type", "").await?;

    // Search looks in id, name and description; "meta-llama" is only in names.
    env.fill("#catalogue-search", "META-llama").await?;
    let mut expected: Vec<String> = api_models(&env)
        .await?
        .iter()
        .filter(|m| m["status"] == "InService")
        .filter(|m| {
            let text = format!("{} {} {}", m["modelId"], m["modelName"], m["modelDescription"]).to_lowercase();
            text.contains("meta-llama")
        })
        .filter_map(|m| m["modelId"].as_str().map(String::from))
        .collect();
    expected.sort_by_key(|id| id.to_lowercase());
    ensure!(expected.len() >= 2, "the demo has several meta-llama models in service: {expected:?}");
    env.until("the search to apply", || async { (row_ids(&env).await.ok()? == expected).then_some(()) }).await?;
    env.until("q= in the URL", || async { env.path().await.ok().filter(|p| p.contains("q=META-llama")) }).await?;
    let shown = row_ids(&env).await?;
    ensure!(env.text("#catalogue-count").await?.contains(&format!("Showing {} of", shown.len())), "count");

    env.client.refresh().await.map_err(|e| e.to_string())?;
    env.wait_css("tr.model-row").await?;
    ensure!(row_ids(&env).await? == shown, "a reload shows the same rows");
    let value = env.js("return document.querySelector('#catalogue-search').value;").await?;
    ensure!(value == "META-llama", "search box restored: {value}");
    let status = env.js("return document.querySelector('#filter-status').value;").await?;
    ensure!(status == "InService", "status filter restored: {status}");

    env.fill("#catalogue-search", "no-such-model-anywhere").await?;
    env.wait_css("#catalogue-no-match").await?;
    env.click("#clear-filters").await?;
    env.until("every row back", || async { (row_ids(&env).await.ok()?.len() == total).then_some(()) }).await?;
    env.until("a plain URL", || async { env.path().await.ok().filter(|p| p == "/admin/models") }).await?;
    env.assert_no_panic().await
}

async fn polling_picks_up_a_finished_workflow_then_stops() -> TestResult {
    let env = Env::start(manual()).await?;
    open_catalogue(&env, "/models").await?;
    ensure!(status_text(&env, "mistral-7b-instruct").await? == "Creating", "the demo model is creating");
    ensure!(env.count(&format!("{} .status .spinner", row("mistral-7b-instruct"))).await? == 1, "transitional spinner");
    env.wait_css("#freshness .live-badge").await?;
    env.js("window.__noReload = true;").await?;

    env.mock.seed("mistral-7b-instruct", "InService").await?;
    env.until("Creating → In service without a reload", || async {
        (status_text(&env, "mistral-7b-instruct").await.ok()? == "In service").then_some(())
    })
    .await?;
    ensure!(env.js("return window.__noReload === true;").await? == true, "the page reloaded");

    // Everything stable: polling stops.
    for m in api_models(&env).await? {
        let status = m["status"].as_str().unwrap_or("");
        if ["Creating", "Updating", "Starting", "Stopping", "Deleting"].contains(&status) {
            let to = if status == "Stopping" { "Stopped" } else { "InService" };
            env.mock.seed(m["modelId"].as_str().unwrap_or(""), to).await?;
        }
    }
    env.wait_gone("#freshness .live-badge").await?;
    env.mock.clear_requests().await?;
    tokio::time::sleep(Duration::from_millis(2500)).await; // > 3 poll intervals of the test config
    ensure!(changes_to(&env, "GET", "/models").await?.is_empty(), "still polling with every model stable");

    // A manual refresh fetches again.
    env.click("#catalogue-refresh").await?;
    env.until("a GET after Refresh", || async { (!changes_to(&env, "GET", "/models").await.ok()?.is_empty()).then_some(()) }).await?;
    env.wait_text("#freshness", "Updated").await?;
    env.assert_no_panic().await
}

async fn serve_api_failure_only_blanks_availability() -> TestResult {
    let env = Env::start(manual()).await?;
    env.mock
        .inject(json!({"method": "GET", "path": "/v2/serve/models", "status": 500, "body": {"error": "boom"}, "delayMs": 3000, "times": 20}))
        .await?;
    open_catalogue(&env, "/models").await?;
    // The table does not wait for a slow serve list.
    let cells = env.texts("tr.model-row .cell-serving").await?;
    ensure!(!cells.is_empty() && cells.iter().all(|c| c == "checking…"), "availability while the serve list is awaited: {cells:?}");
    // Its arrival only updates that cell: a focused link in the row keeps its focus.
    env.js("const a = document.querySelector('tr.model-row a.model-id'); a.setAttribute('data-e2e-focus', ''); a.focus();").await?;
    env.wait_css("#serve-unknown").await?;
    let kept = env.js("return document.activeElement && document.activeElement.hasAttribute('data-e2e-focus');").await?;
    ensure!(kept == json!(true), "the focused link was replaced when availability arrived");
    let cells = env.texts("tr.model-row .cell-serving").await?;
    ensure!(!cells.is_empty() && cells.iter().all(|c| c == "unknown"), "availability: {cells:?}");
    ensure!(env.count("#catalogue-error").await? == 0 && env.count("#session-dialog").await? == 0, "only the column is affected");
    ensure!(status_text(&env, "llama-3-1-8b-instruct").await? == "In service", "the rest renders");
    env.assert_no_panic().await
}

async fn api_500_is_an_error_not_an_empty_catalogue() -> TestResult {
    let env = Env::start(manual()).await?;
    env.mock
        .inject(json!({"method": "GET", "path": "/models", "status": 500,
            "body": {"error": "InternalServerError", "message": "The catalogue table is unavailable"}, "times": 3}))
        .await?;
    env.signed_in_at("/models").await?;
    let text = env.wait_text("#catalogue-error", "The catalogue table is unavailable").await?;
    ensure!(text.contains("Retry"), "a retry button: {text}");
    ensure!(env.count("#catalogue-empty").await? == 0, "an error is not 'No models yet'");
    // Retry until the injected failures are used up.
    for _ in 0..3 {
        if env.count("tr.model-row").await? > 0 {
            break;
        }
        env.click("#catalogue-error button").await?;
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    env.wait_css("tr.model-row").await?;
    env.assert_no_panic().await
}

async fn empty_catalogue_offers_to_create() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--empty"], ..Default::default() }).await?;
    env.signed_in_at("/models").await?;
    let text = env.wait_text("#catalogue-empty", "No models yet").await?;
    ensure!(text.contains("Create model"), "create button: {text}");
    env.click("#catalogue-empty a").await?;
    env.wait_css("#page-model-create").await?;
    env.assert_no_panic().await
}

async fn first_load_shows_a_skeleton() -> TestResult {
    let env = Env::start(manual()).await?;
    env.mock.inject(json!({"method": "GET", "path": "/models", "delayMs": 2500})).await?;
    env.signed_in_at("/models").await?;
    env.wait_css("#catalogue-loading .skeleton").await?;
    ensure!(env.count("#catalogue-empty").await? == 0 && env.count("#catalogue-error").await? == 0, "loading is its own state");
    env.wait_css("tr.model-row").await?;
    env.wait_gone("#catalogue-loading").await?;
    env.assert_no_panic().await
}

async fn thousands_of_models_render_as_a_window() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--empty"], ..Default::default() }).await?;
    env.mock.post("/__mock/generate", json!({"models": 3000})).await?;
    env.signed_in_at("/models").await?;
    // 3,000 models take a moment to fetch and decode on a busy machine.
    env.until_for("the first rows", Duration::from_secs(40), || async {
        (env.count("tr.model-row").await.ok()? > 0).then_some(())
    })
    .await?;
    let rendered = env.count("tr.model-row").await?;
    ensure!(rendered > 5 && rendered < 120, "{rendered} rows in the DOM for 3,000 models");
    ensure!(env.attr("#catalogue-table", "aria-rowcount").await?.as_deref() == Some("3001"), "aria-rowcount");
    env.js("const s = document.querySelector('#catalogue-scroll'); s.scrollTop = s.scrollHeight;").await?;
    env.wait_css(&row("bench-model-03000")).await?;
    ensure!(env.count(&row("bench-model-00001")).await? == 0, "the top rows left the DOM");
    // The last row sits at the bottom of the scroll box: the spacers match the row height.
    let gap = env
        .js("const s = document.querySelector('#catalogue-scroll'); const r = document.querySelector(\"tr[data-model-id='bench-model-03000']\").getBoundingClientRect(); return Math.abs(s.getBoundingClientRect().bottom - r.bottom);")
        .await?;
    ensure!(gap.as_f64().unwrap_or(999.0) < 30.0, "last row {gap}px from the bottom");
    env.fill("#catalogue-search", "bench-model-0123").await?;
    env.until("search over all rows", || async { (row_ids(&env).await.ok()?.len() == 10).then_some(()) }).await?;
    env.assert_no_panic().await
}

async fn catalogue_and_dialog_pass_axe() -> TestResult {
    let env = Env::start(manual()).await?;
    open_catalogue(&env, "/models").await?;
    let violations = a11y::serious_violations(&env, Some("#page-models")).await?;
    ensure!(violations.is_empty(), "catalogue: {violations:#?}");
    env.click(&format!("{} .action-delete", row("nova-canvas"))).await?;
    env.wait_css("#confirm-dialog input").await?;
    let focused = env.js("return document.activeElement && document.activeElement.closest('#confirm-dialog') !== null;").await?;
    ensure!(focused == true, "focus moved into the dialog");
    let violations = a11y::serious_violations(&env, Some("#confirm-dialog")).await?;
    ensure!(violations.is_empty(), "dialog: {violations:#?}");
    env.client.active_element().await.map_err(|e| e.to_string())?.send_keys("\u{e00c}").await.map_err(|e| e.to_string())?; // Escape
    env.wait_gone("#confirm-dialog").await?;
    let back = env.js("return document.activeElement && document.activeElement.classList.contains('action-delete');").await?;
    ensure!(back == true, "focus returned to the delete button");
    env.goto("/models/llama-3-1-8b-instruct").await?;
    env.wait_css("#group-base").await?;
    let violations = a11y::serious_violations(&env, Some("#page-model-detail")).await?;
    ensure!(violations.is_empty(), "detail: {violations:#?}");
    env.assert_no_panic().await
}

//! The model catalogue, the detail page and the lifecycle actions, against the mock LISA.

use std::time::Duration;

use lisa_e2e::mock::USER_TOKEN;
use lisa_e2e::oidc::{ADMIN_GROUP, CLIENT_ID};
use lisa_e2e::{a11y, ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        sort_by_column_survives_a_reload,
        filters_and_search_live_in_the_url,
        search_typed_just_before_opening_a_model_survives_back,
        polling_picks_up_a_finished_workflow_then_stops,
        start_a_stopped_model_from_its_row,
        pending_action_spins_then_failure_shows_lisas_detail,
        stop_asks_first_and_names_the_model,
        delete_wants_the_model_id_typed,
        edit_and_copy_open_the_forms,
        actions_from_the_detail_page,
        disabled_actions_say_why,
        non_admin_sees_lisas_403,
        non_admin_token_disables_every_change,
        unknown_model_shows_not_found,
        detail_groups_every_field_and_masks_the_environment,
        detail_polls_while_transitional,
        serve_api_failure_only_blanks_availability,
        api_500_is_an_error_not_an_empty_catalogue,
        empty_catalogue_offers_to_create,
        first_load_shows_a_skeleton,
        thousands_of_models_render_as_a_window,
        catalogue_and_dialog_pass_axe,
    ]
}

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

async fn start_a_stopped_model_from_its_row() -> TestResult {
    let env = Env::default().await?;
    open_catalogue(&env, "/models").await?;
    ensure!(status_text(&env, "bge-large-en").await? == "Stopped", "bge-large-en is stopped in the demo");
    env.click(&format!("{} .action-start", row("bge-large-en"))).await?;
    env.wait_text("#toasts", "Starting bge-large-en").await?;
    let puts = changes_to(&env, "PUT", "/models/bge-large-en").await?;
    ensure!(puts.len() == 1, "one PUT, got {puts:?}");
    let body: Value = serde_json::from_str(puts[0]["body"].as_str().unwrap_or("")).unwrap_or(Value::Null);
    ensure!(body == json!({"enabled": true}), "start body: {body}");
    // Status refreshes at once and polling follows the workflow to the end.
    env.until("Starting, then In service", || async {
        (status_text(&env, "bge-large-en").await.ok()? == "In service").then_some(())
    })
    .await?;
    env.assert_no_panic().await
}

async fn pending_action_spins_then_failure_shows_lisas_detail() -> TestResult {
    let env = Env::start(manual()).await?;
    open_catalogue(&env, "/models").await?;
    let detail = "Model 'bge-large-en' cannot be started right now: its autoscaling group is busy.";
    env.mock
        .inject(json!({"method": "PUT", "path": "/models/bge-large-en", "status": 400, "body": {"detail": detail}, "delayMs": 1500}))
        .await?;
    let start = format!("{} .action-start", row("bge-large-en"));
    env.click(&start).await?;
    // While LISA answers: disabled, spinning, busy; the model's other buttons are disabled too.
    env.wait_css(&format!("{start}.is-pending[aria-busy='true']:disabled")).await?;
    ensure!(env.count(&format!("{} .action-delete:disabled", row("bge-large-en"))).await? == 1, "delete stays enabled while pending");
    let text = env.wait_text("#toasts", "Could not start bge-large-en").await?;
    ensure!(text.contains(detail), "LISA's detail is shown: {text}");
    env.wait_gone(&format!("{start}.is-pending")).await?;
    ensure!(env.count(&format!("{start}:disabled")).await? == 0, "the button comes back after the failure");
    env.assert_no_panic().await
}

async fn stop_asks_first_and_names_the_model() -> TestResult {
    let env = Env::default().await?;
    open_catalogue(&env, "/models").await?;
    let id = "llama-3-1-8b-instruct";
    env.click(&format!("{} .action-stop", row(id))).await?;
    let text = env.wait_text("#confirm-dialog", id).await?;
    ensure!(text.contains("Stop"), "dialog: {text}");
    env.click("#confirm-dialog .confirm-cancel").await?;
    env.wait_gone("#confirm-dialog").await?;
    ensure!(changes_to(&env, "PUT", &format!("/models/{id}")).await?.is_empty(), "cancel sent nothing");

    env.click(&format!("{} .action-stop", row(id))).await?;
    env.click("#confirm-dialog .confirm-ok").await?;
    if let Err(e) = env.wait_text("#toasts", &format!("Stopping {id}")).await {
        // Once seen in a full run and never again: say what the page and the mock saw.
        let toasts = env.text("#toasts").await.unwrap_or_default();
        let puts = changes_to(&env, "PUT", &format!("/models/{id}")).await.unwrap_or_default();
        let status = status_text(&env, id).await.unwrap_or_default();
        return Err(format!("{e}; toasts {toasts:?}; PUTs {puts:?}; status {status:?}"));
    }
    let puts = changes_to(&env, "PUT", &format!("/models/{id}")).await?;
    ensure!(puts.len() == 1 && puts[0]["body"].as_str().unwrap_or("").contains("\"enabled\":false"), "stop body: {puts:?}");
    env.until("Stopped", || async { (status_text(&env, id).await.ok()? == "Stopped").then_some(()) }).await?;
    env.assert_no_panic().await
}

async fn delete_wants_the_model_id_typed() -> TestResult {
    let env = Env::default().await?;
    open_catalogue(&env, "/models").await?;
    let id = "nova-canvas"; // Failed: deletable
    env.click(&format!("{} .action-delete", row(id))).await?;
    env.wait_text("#confirm-dialog", id).await?;
    ensure!(env.attr("#confirm-dialog .confirm-ok", "disabled").await?.is_some(), "confirm enabled before typing");
    env.fill("#confirm-dialog input", "nova").await?;
    ensure!(env.attr("#confirm-dialog .confirm-ok", "disabled").await?.is_some(), "a partial id enables delete");
    env.fill("#confirm-dialog input", id).await?;
    env.until("confirm enabled", || async {
        env.attr("#confirm-dialog .confirm-ok", "disabled").await.ok()?.is_none().then_some(())
    })
    .await?;
    env.click("#confirm-dialog .confirm-ok").await?;
    env.wait_text("#toasts", &format!("Deleting {id}")).await?;
    ensure!(changes_to(&env, "DELETE", &format!("/models/{id}")).await?.len() == 1, "one DELETE");
    env.wait_gone(&row(id)).await?;
    env.assert_no_panic().await
}

async fn edit_and_copy_open_the_forms() -> TestResult {
    let env = Env::start(manual()).await?;
    open_catalogue(&env, "/models").await?;
    let id = "claude-3-5-haiku";
    let edit = env.attr(&format!("{} a.action-edit", row(id)), "href").await?.unwrap_or_default();
    ensure!(edit.ends_with("/admin/models/claude-3-5-haiku/edit"), "edit link: {edit}");
    let copy = env.attr(&format!("{} a.action-copy", row(id)), "href").await?.unwrap_or_default();
    ensure!(copy.ends_with("/admin/models/new?copy=claude-3-5-haiku"), "copy link: {copy}");
    env.click(&format!("{} a.action-copy", row(id))).await?;
    env.wait_css("#page-model-create").await?;
    ensure!(env.path().await? == "/admin/models/new?copy=claude-3-5-haiku", "at {}", env.path().await?);
    env.goto("/models").await?;
    env.click(&format!("{} a.action-edit", row(id))).await?;
    env.wait_css("#page-model-edit").await?;
    env.assert_no_panic().await
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

async fn disabled_actions_say_why() -> TestResult {
    let env = Env::start(manual()).await?;
    open_catalogue(&env, "/models").await?;
    let reason = |id: &str, action: &str| {
        let css = format!("{} .action-{action}", row(id));
        let env = &env;
        async move {
            let disabled = env.attr(&css, "aria-disabled").await?;
            let described = env.attr(&css, "aria-describedby").await?.unwrap_or_default();
            let text = env.js(&format!("return document.getElementById({})?.textContent ?? '';", json!(described))).await?;
            Ok::<_, String>((disabled, text.as_str().unwrap_or("").to_string()))
        }
    };
    // External model: never started or stopped (A4).
    let (disabled, text) = reason("claude-3-5-haiku", "stop").await?;
    ensure!(disabled.as_deref() == Some("true") && text.contains("Only LISA-hosted models"), "external stop: {disabled:?} {text}");
    // In service: already running.
    let (disabled, text) = reason("llama-3-1-8b-instruct", "start").await?;
    ensure!(disabled.as_deref() == Some("true") && text.contains("already in service"), "start: {text}");
    // Creating: no delete (A11), no edit.
    let (disabled, text) = reason("mistral-7b-instruct", "delete").await?;
    ensure!(disabled.as_deref() == Some("true") && text.contains("in service, stopped or failed"), "delete: {text}");
    let (disabled, text) = reason("mistral-7b-instruct", "edit").await?;
    ensure!(disabled.as_deref() == Some("true") && text.contains("in service or stopped"), "edit: {text}");
    ensure!(env.attr(&format!("{} .action-edit", row("mistral-7b-instruct")), "href").await?.is_none(), "a disabled edit is no link");
    // Allowed ones carry no reason.
    ensure!(reason("bge-large-en", "start").await?.0.is_none(), "start of a stopped hosted model is allowed");

    // The reason shows on keyboard focus, and clicking does nothing.
    let css = format!("{} .action-delete", row("mistral-7b-instruct"));
    env.js(&format!("document.querySelector({}).focus();", json!(css))).await?;
    let tip = env.wait_css(&format!("{css} + .action-reason")).await?;
    ensure!(tip.is_displayed().await.unwrap_or(false), "the reason is visible on focus");
    env.click(&css).await?;
    ensure!(env.count("#confirm-dialog").await? == 0, "a disabled delete opened the dialog");
    ensure!(changes_to(&env, "DELETE", "/models/mistral-7b-instruct").await?.is_empty(), "a disabled delete was sent");
    env.assert_no_panic().await
}

async fn non_admin_sees_lisas_403() -> TestResult {
    let env = Env::start(manual()).await?;
    env.signed_in_with(USER_TOKEN, "/models").await?;
    env.wait_css(&row("bge-large-en")).await?;
    env.click(&format!("{} .action-start", row("bge-large-en"))).await?;
    let text = env.wait_text("#toasts", "not a LISA administrator").await?;
    ensure!(text.contains("User does not have permission to update models"), "LISA's detail is shown: {text}");
    ensure!(status_text(&env, "bge-large-en").await? == "Stopped", "status unchanged");
    ensure!(env.count("#session-dialog").await? == 0, "a 403 from the admin check is not a session problem");
    env.assert_no_panic().await
}

/// An unsigned ID token the mock accepts for `issuer` (it checks claims, not signatures).
fn id_token(issuer: &str, user: &str, groups: &[&str]) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let claims = json!({"iss": issuer, "aud": CLIENT_ID, "sub": user, "cognito:username": user,
        "cognito:groups": groups, "exp": now + 3600, "iat": now});
    let b64 = |v: &[u8]| lisa_contract::auth::base64url_encode(v);
    format!("{}.{}.{}", b64(br#"{"alg":"RS256"}"#), b64(claims.to_string().as_bytes()), b64(b"not-verified"))
}

async fn non_admin_token_disables_every_change() -> TestResult {
    // The token's groups claim says "not an admin": the actions say so before LISA has to.
    let issuer = "http://idp.test";
    let env = Env::start(EnvOptions {
        mock_args: vec!["--workflows", "manual"],
        extra_mock_args: vec!["--oidc-issuer".into(), issuer.into()],
        config: json!({"auth": {"mode": "oidc", "oidc": {"authority": issuer, "clientId": CLIENT_ID,
            "scopes": "openid", "groupsClaim": "cognito:groups", "adminGroup": ADMIN_GROUP}}}),
        ..Default::default()
    })
    .await?;
    env.signed_in_with(&id_token(issuer, "bob", &["research"]), "/models").await?;
    let id = "llama-3-1-8b-instruct"; // in "research": visible to bob
    env.wait_css(&row(id)).await?;
    for action in ["start", "stop", "edit", "copy", "delete"] {
        let css = format!("{} .action-{action}", row(id));
        ensure!(env.attr(&css, "aria-disabled").await?.as_deref() == Some("true"), "{action} is offered to a non-admin");
        let reason = env.js(&format!("return document.querySelector({}).nextElementSibling?.textContent ?? '';", json!(css))).await?;
        ensure!(reason.as_str().unwrap_or("").contains(ADMIN_GROUP), "{action} reason: {reason}");
    }
    env.click(&format!("{} .action-stop", row(id))).await?;
    ensure!(env.count("#confirm-dialog").await? == 0, "a disabled stop asked for confirmation");
    ensure!(changes_to(&env, "PUT", &format!("/models/{id}")).await?.is_empty(), "a disabled stop was sent");
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

//! Lifecycle actions from the catalogue rows: start, stop, delete, edit, copy; reasons on disabled
//! actions; non-admins.

use lisa_e2e::mock::USER_TOKEN;
use lisa_e2e::oidc::{ADMIN_GROUP, CLIENT_ID};
use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::json;

use super::*;

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        start_a_stopped_model_from_its_row,
        pending_action_spins_then_failure_shows_lisas_detail,
        stop_asks_first_and_names_the_model,
        delete_wants_the_model_id_typed,
        edit_and_copy_open_the_forms,
        disabled_actions_say_why,
        non_admin_sees_lisas_403,
        non_admin_token_disables_every_change,
    ]
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
    let b64 = |v: &[u8]| lisa_console::auth::base64url_encode(v);
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


//! Concurrency: a model deleted elsewhere while its edit form is open, and several tabs of the
//! app in one browser.
//!
//! What "two tabs share the session correctly" means here (the design these tests pin down):
//! - The token lives in each tab's sessionStorage, nowhere else. A tab opened from the app
//!   (`window.open`, a link to a new tab) starts with a copy of its opener's session and drafts;
//!   a tab opened afresh asks to sign in (or reuses the LISA UI / OIDC session as configured).
//! - Signing out in any tab signs out every tab of the app in this browser (a token-free
//!   BroadcastChannel message), so no forgotten tab goes on acting as the admin. The other
//!   tabs' drafts stay, and signing in again there brings them back.
//! - Drafts are per tab: the same form in two tabs never overwrites the other's draft.

use fantoccini::wd::WindowHandle;
use lisa_e2e::mock::ADMIN_TOKEN;
use lisa_e2e::{ensure, Context, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

use crate::forms::reload;

pub fn cases() -> Vec<crate::Case> {
    crate::cases![model_deleted_while_editing_keeps_the_draft, two_tabs_share_sign_out_and_keep_their_own_drafts]
}

async fn value(env: &Env, css: &str) -> Result<String, String> {
    env.wait_css(css).await?;
    let v = env.js(&format!("return document.querySelector({}).value;", json!(css))).await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

const MODEL: &str = "llama-3-1-8b-instruct";

async fn model_deleted_while_editing_keeps_the_draft() -> TestResult {
    let env = Env::start(EnvOptions { mock_args: vec!["--workflow-delay-ms", "200"], ..Default::default() }).await?;
    env.signed_in_at(&format!("/models/{MODEL}/edit")).await?;
    env.wait_css("#f-autoScalingInstanceConfig-maxCapacity").await?;
    env.fill("#f-modelDescription", "Typed before it vanished").await?;
    env.fill("#f-autoScalingInstanceConfig-maxCapacity", "4").await?;

    // Another tab (or admin) deletes the model meanwhile.
    let (status, body) = env.mock.api("DELETE", &format!("/models/{MODEL}"), None).await?;
    ensure!(status == 200, "DELETE answered {status}: {body}");
    env.until("the model to be gone", || async {
        let (status, _) = env.mock.api("GET", &format!("/models/{MODEL}"), None).await.ok()?;
        (status == 404).then_some(())
    })
    .await?;

    env.click("#form-submit").await?;
    env.click("#edit-submit").await?;
    let banner = env.wait_text("#form-banner", "no longer exists").await?;
    ensure!(banner.contains(MODEL), "LISA's own words name the model: {banner}");
    let notice = env.wait_text("#model-gone", "deleted while you were editing").await?;
    ensure!(notice.contains("Nothing you typed is lost"), "notice: {notice}");
    ensure!(value(&env, "#f-modelDescription").await? == "Typed before it vanished", "the typed description is still in the form");
    ensure!(value(&env, "#f-autoScalingInstanceConfig-maxCapacity").await? == "4", "the typed capacity is still in the form");
    let draft = env.session_storage(&format!("lisa-admin.draft.edit.{MODEL}")).await?.unwrap_or_default();
    ensure!(draft.contains("Typed before it vanished"), "the edit draft is kept: {draft}");

    // A reload now gets LISA's 404 instead of the form; the draft is still offered there.
    reload(&env).await?;
    env.wait_css("#page-model-edit .error-panel").await?;
    let offer = env.wait_text("#model-gone", "no longer exists").await?;
    ensure!(offer.contains(MODEL) && offer.contains("create a new model"), "offer on the 404 page: {offer}");

    // The draft becomes a new model: the create form, everything as it was, id included.
    env.click("#create-from-draft").await?;
    env.wait_text("#form-notice", "no longer exists").await?;
    ensure!(env.path().await? == format!("/admin/models/new?copy={MODEL}"), "went to {}", env.path().await?);
    let check_form = || async {
        ensure!(value(&env, "#f-modelId").await? == MODEL, "the id is kept");
        ensure!(value(&env, "#f-modelDescription").await? == "Typed before it vanished", "the description is carried over");
        ensure!(value(&env, "#f-autoScalingConfig-maxCapacity").await? == "4", "the capacity is carried over");
        let hosted = env.js("return document.querySelector('#hosting-lisa_hosted').checked;").await?;
        ensure!(hosted == json!(true), "still LISA hosted");
        Ok::<(), String>(())
    };
    check_form().await?;
    // Nothing is lost on a reload of the create form either.
    reload(&env).await?;
    env.wait_text("#form-notice", "no longer exists").await?;
    check_form().await?;

    env.until("instance types loaded", || async { (env.count("#instance-types option").await.ok()? > 10).then_some(()) }).await?;
    env.mock.clear_requests().await?;
    env.click("#form-submit").await?;
    env.click("#create-submit").await?;
    env.until("the recreated model's page", || async { (env.path().await.ok()? == format!("/admin/models/{MODEL}")).then_some(()) })
        .await?;
    let sent: Vec<Value> = crate::forms::bodies(&env, "POST", "/models").await?;
    ensure!(sent.len() == 1, "one create request: {sent:?}");
    let b = &sent[0];
    ensure!(b["modelId"] == MODEL && b["modelDescription"] == "Typed before it vanished", "body: {b}");
    ensure!(b["autoScalingConfig"]["maxCapacity"] == 4 && b["hostingType"] == "lisa_hosted", "body: {b}");
    ensure!(env.session_storage(&format!("lisa-admin.draft.recreate.{MODEL}")).await?.is_none(), "the hand-over is cleared");
    env.assert_no_panic().await
}

const EDIT: &str = "/models/titan-express-v1/edit";
const DRAFT_KEY: &str = "lisa-admin.draft.edit.titan-express-v1";

async fn switch(env: &Env, tab: &WindowHandle) -> TestResult {
    env.client.switch_to_window(tab.clone()).await.context("switch tab")
}

async fn description(env: &Env) -> Result<String, String> {
    value(env, "#page-model-edit #f-modelDescription").await
}

async fn two_tabs_share_sign_out_and_keep_their_own_drafts() -> TestResult {
    let env = Env::default().await?;
    let a = env.client.window().await.context("tab A")?;
    env.signed_in_at(EDIT).await?;
    env.wait_css("#f-modelDescription").await?;
    let original = description(&env).await?;
    env.fill("#f-modelDescription", "from tab A").await?;

    // B: opened from A, so it starts with A's session and A's draft.
    let before = env.client.windows().await.context("tabs")?;
    env.js(&format!("window.open({}, '_blank'); return true;", json!(env.app_url(EDIT)))).await?;
    let b = env
        .until("tab B", || async {
            let now = env.client.windows().await.ok()?;
            now.into_iter().find(|h| !before.contains(h))
        })
        .await?;
    switch(&env, &b).await?;
    env.wait_text("#form-notice", "Restored your unsaved changes").await.map_err(|e| format!("tab B: {e}"))?;
    ensure!(description(&env).await? == "from tab A", "B starts from A's draft");
    env.fill("#f-modelDescription", "from tab B").await?;

    // C: a fresh tab, not opened from the app: it has no session of its own yet.
    let c = env.client.new_window(true).await.context("tab C")?.handle;
    switch(&env, &c).await?;
    env.goto(EDIT).await?;
    env.wait_css("#page-sign-in #token").await.map_err(|e| format!("a fresh tab signs in first: {e}"))?;
    env.fill("#token", ADMIN_TOKEN).await?;
    env.click("#sign-in-submit").await?;
    env.wait_css("#page-model-edit #f-modelDescription").await?;
    ensure!(description(&env).await? == original, "C does not see the other tabs' drafts");
    ensure!(env.count("#form-notice").await? == 0, "nothing to restore in C");
    env.fill("#f-modelDescription", "from tab C").await?;

    // Each tab keeps its own draft across a reload.
    for (tab, name, expected) in [(&a, "A", "from tab A"), (&b, "B", "from tab B"), (&c, "C", "from tab C")] {
        switch(&env, tab).await?;
        reload(&env).await?;
        env.wait_text("#form-notice", "Restored your unsaved changes").await.map_err(|e| format!("tab {name}: {e}"))?;
        let got = description(&env).await?;
        ensure!(got == expected, "tab {name} restored {got:?}, expected {expected:?}");
    }

    // Signing out in C signs out A and B too; their drafts stay.
    env.click("#sign-out").await?;
    env.wait_css("#page-sign-in").await?;
    for (tab, name, expected) in [(&a, "A", "from tab A"), (&b, "B", "from tab B")] {
        switch(&env, tab).await?;
        env.wait_css("#page-sign-in #token").await.map_err(|e| format!("tab {name} is still signed in: {e}"))?;
        ensure!(env.session_storage("lisa-admin.token").await?.is_none(), "tab {name} still holds the token");
        let draft = env.session_storage(DRAFT_KEY).await?.unwrap_or_default();
        ensure!(draft.contains(expected), "tab {name} lost its draft: {draft}");
    }
    // Signing in again in A returns to its form with its draft; B stays signed out.
    switch(&env, &a).await?;
    env.fill("#token", ADMIN_TOKEN).await?;
    env.click("#sign-in-submit").await?;
    env.wait_text("#form-notice", "Restored your unsaved changes").await?;
    ensure!(description(&env).await? == "from tab A", "A's draft is back");
    switch(&env, &b).await?;
    ensure!(env.count("#page-sign-in").await? == 1, "signing in in A does not sign in B");
    env.assert_no_panic().await
}

//! The app shell: sign-in, routing under a sub-path, config errors, session problems.

use lisa_e2e::mock::ADMIN_TOKEN;
use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::json;

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        sign_in_keeps_the_token_in_session_storage_only,
        every_route_renders,
        deep_link_reload_under_sub_path,
        wrong_token_gives_the_sign_in_again_message,
        missing_config_json_gives_the_error_screen,
        invalid_config_names_the_bad_key,
        unknown_path_shows_not_found,
        sign_out_clears_the_token,
        each_bundle_serves_its_routes_and_links_cross_between_them,
        a_missing_bundle_is_reported_not_looped,
        the_app_works_at_the_root,
    ]
}

async fn sign_in_keeps_the_token_in_session_storage_only() -> TestResult {
    let env = Env::default().await?;
    env.goto("/models").await?;
    // Not signed in: sent to sign-in, remembering where to return.
    env.wait_css("#page-sign-in").await?;
    let path = env.path().await?;
    ensure!(path.starts_with("/admin/sign-in?return="), "expected a redirect to sign-in, got {path}");
    env.fill("#token", &format!("Bearer {ADMIN_TOKEN}")).await?;
    env.click("#sign-in-submit").await?;
    env.wait_css("#page-models").await?;
    ensure!(env.path().await? == "/admin/models", "sign-in should return to /admin/models");
    let stored = env.session_storage("lisa-admin.token").await?;
    ensure!(stored.as_deref() == Some(ADMIN_TOKEN), "sessionStorage holds {stored:?}");
    let local = env.js("return JSON.stringify(Object.assign({}, localStorage));").await?;
    ensure!(!local.as_str().unwrap_or_default().contains(ADMIN_TOKEN), "token leaked to localStorage: {local}");
    let cookies = env.js("return document.cookie;").await?;
    ensure!(!cookies.as_str().unwrap_or_default().contains(ADMIN_TOKEN), "token leaked to cookies");
    ensure!(!env.path().await?.contains(ADMIN_TOKEN), "token in the URL");
    env.assert_no_panic().await
}

async fn every_route_renders() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models").await?;
    for (path, page) in [
        ("/models", "#page-models"),
        ("/models/new", "#page-model-create"),
        ("/models/titan-express-v1", "#page-model-detail"),
        ("/models/titan-express-v1/edit", "#page-model-edit"),
        ("/metrics", "#page-metrics"),
        ("/metrics/users/john.doe%40company.com", "#page-user-metrics"),
        ("/sign-in", "#page-sign-in"),
    ] {
        env.goto(path).await?;
        env.wait_css(page).await.map_err(|e| format!("{path}: {e}"))?;
        let heading = env.text(&format!("{page} h1")).await?;
        ensure!(!heading.trim().is_empty(), "{path} has no heading");
        env.assert_no_panic().await?;
    }
    Ok(())
}

async fn deep_link_reload_under_sub_path() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/metrics/users/john.doe%40company.com").await?;
    env.wait_css("#page-user-metrics").await?;
    env.client.refresh().await.map_err(|e| e.to_string())?;
    env.wait_css("#page-user-metrics").await?;
    let path = env.path().await?;
    ensure!(path == "/admin/metrics/users/john.doe%40company.com", "after reload the path is {path}");
    // Links carry the sub-path.
    let href = env.attr("header nav a[href$='/models']", "href").await?.unwrap_or_default();
    ensure!(href.ends_with("/admin/models"), "nav link is {href}");
    env.click("header nav a[href$='/models']").await?;
    env.wait_css("#page-models").await?;
    ensure!(env.path().await? == "/admin/models", "nav went to {}", env.path().await?);
    env.assert_no_panic().await
}

async fn wrong_token_gives_the_sign_in_again_message() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_with("not-a-real-token", "/models").await?;
    let text = env.wait_text("#session-dialog", "sign in again").await?;
    ensure!(text.contains("session may have expired"), "dialog says: {text}");
    // Signing in again from the dialog keeps the page.
    env.fill("#session-token", ADMIN_TOKEN).await?;
    env.click("#session-dialog button[type=submit]").await?;
    env.wait_gone("#session-dialog").await?;
    ensure!(env.path().await? == "/admin/models", "left the page");
    env.assert_no_panic().await
}

async fn missing_config_json_gives_the_error_screen() -> TestResult {
    let env = Env::start(EnvOptions { raw_config: Some(None), ..Default::default() }).await?;
    env.goto("/models").await?;
    let text = env.wait_text("#config-error", "config.json").await?;
    ensure!(text.contains("missing"), "error screen says: {text}");
    env.assert_no_panic().await
}

async fn invalid_config_names_the_bad_key() -> TestResult {
    let raw = json!({"apiBaseUrl": "not a url", "pollIntervalMs": "soon"}).to_string();
    let env = Env::start(EnvOptions { raw_config: Some(Some(raw)), ..Default::default() }).await?;
    env.goto("/models").await?;
    let text = env.wait_text("#config-error", "apiBaseUrl").await?;
    ensure!(text.contains("pollIntervalMs"), "both bad keys are named: {text}");
    let env2 = Env::start(EnvOptions { raw_config: Some(Some("{not json".into())), ..Default::default() }).await?;
    env2.goto("/").await?;
    env2.wait_text("#config-error", "not valid JSON").await?;
    env.assert_no_panic().await
}

async fn unknown_path_shows_not_found() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/no/such/page").await?;
    env.wait_text("#page-not-found", "Page not found").await?;
    env.assert_no_panic().await
}

async fn sign_out_clears_the_token() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models").await?;
    env.wait_css("#page-models").await?;
    env.click("#sign-out").await?;
    env.wait_css("#page-sign-in").await?;
    ensure!(env.session_storage("lisa-admin.token").await?.is_none(), "token still stored after sign-out");
    Ok(())
}


/// Which bundle the page runs: the wasm file the page loaded.
async fn loaded_bundle(env: &Env) -> Result<String, String> {
    let v = env
        .js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.wasm')).join(' ');")
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

async fn each_bundle_serves_its_routes_and_links_cross_between_them() -> TestResult {
    let env = Env::default().await?;
    for (path, page, bundle) in [
        ("/models", "#page-models", "/lisa-admin-"),
        ("/models/titan-express-v1", "#page-model-detail", "/lisa-admin-model-"),
        ("/models/titan-express-v1/try", "#page-try", "/lisa-admin-try-"),
        ("/models/new", "#page-model-create", "/lisa-admin-create-"),
        ("/models/titan-express-v1/edit", "#page-model-edit", "/lisa-admin-edit-"),
        ("/models/import", "#page-models-import", "/lisa-admin-transfer-"),
        ("/metrics", "#page-metrics", "/lisa-admin-deployment-"),
        ("/metrics/users/johnDoe", "#page-user-metrics", "/lisa-admin-deployment-"),
        ("/models/export", "#page-models-export", "/lisa-admin-deployment-"),
        ("/models/claude-3-5-haiku/default", "#page-default-model", "/lisa-admin-deployment-"),
    ] {
        env.signed_in_at(path).await?;
        env.wait_css(page).await.map_err(|e| format!("{path}: {e}"))?;
        let wasm = loaded_bundle(&env).await?;
        // `<bundle><hex hash>_bg.wasm`: "/lisa-admin-" alone must not match the other bundles.
        let named = wasm.split(bundle).nth(1).and_then(|rest| rest.strip_suffix("_bg.wasm"));
        ensure!(
            named.is_some_and(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit())),
            "{path} loaded {wasm}, expected {bundle}<hash>_bg.wasm"
        );
        ensure!(wasm.matches(".wasm").count() == 1, "{path} loaded more than one bundle: {wasm}");
    }
    // In-app links across bundles: metrics → models (catalogue bundle) → back via history.
    // One history entry per page, so Back and Forward go between the two pages every time.
    env.goto("/metrics").await?;
    env.wait_css("#page-metrics").await?;
    let entries = env.js("return history.length;").await?.as_u64().unwrap_or(0);
    env.click("header nav a[href$='/models']").await?;
    env.wait_css("#page-models").await?;
    ensure!(env.path().await? == "/admin/models", "went to {}", env.path().await?);
    let after = env.js("return history.length;").await?.as_u64().unwrap_or(0);
    ensure!(after == entries + 1, "history grew from {entries} to {after} entries for one link");
    for _ in 0..2 {
        env.client.back().await.map_err(|e| e.to_string())?;
        env.wait_css("#page-metrics").await?;
        ensure!(env.path().await? == "/admin/metrics", "Back went to {}", env.path().await?);
        env.client.forward().await.map_err(|e| e.to_string())?;
        env.wait_css("#page-models").await?;
        ensure!(env.path().await? == "/admin/models", "Forward went to {}", env.path().await?);
    }
    env.assert_no_panic().await
}

async fn a_missing_bundle_is_reported_not_looped() -> TestResult {
    let env = Env::without_create_bundle().await?;
    env.signed_in_at("/models/new").await?;
    let text = env.wait_text("#page-bundle-missing", "could not be loaded").await?;
    ensure!(text.contains("create"), "names the missing part: {text}");
    env.assert_no_panic().await
}

/// A `PUBLIC_URL=/` deployment: the same dist with index.html rewritten as Trunk would write it
/// for `/` (`EnvOptions::at_root`). Sign-in returns where the admin was going, links and
/// hand-overs between bundles stay at the root, and a deep link reloads.
async fn the_app_works_at_the_root() -> TestResult {
    let env = Env::start(EnvOptions { at_root: true, ..Default::default() }).await?;
    let base = env.js("return document.baseURI;").await;
    env.goto("/").await?;
    env.wait_css("#page-sign-in").await?;
    let path = env.path().await?;
    ensure!(path == "/sign-in?return=%2Fmodels", "the root sent to {path} (base {base:?})");
    env.fill("#token", ADMIN_TOKEN).await?;
    env.click("#sign-in-submit").await?;
    env.wait_css("#catalogue-table tbody tr").await?;
    ensure!(env.path().await? == "/models", "sign-in returned to {}", env.path().await?);
    let assets = env.js("return [...document.querySelectorAll('link[href], script[src], meta[data-js]')].map(e => e.getAttribute('href') || e.getAttribute('src') || e.dataset.js).join(' ');").await?;
    ensure!(!assets.as_str().unwrap_or_default().contains("/admin"), "assets still under /admin: {assets}");
    env.goto("/models?q=titan-express").await?;
    env.click("a.model-id[href='/models/titan-express-v1']").await?;
    env.wait_css("#page-model-detail #model-id").await?;
    ensure!(env.path().await? == "/models/titan-express-v1", "the model link went to {}", env.path().await?);
    // Another bundle (a page load through boot.js), and back through the header.
    env.click("header nav a[href='/metrics']").await?;
    env.wait_css("#page-metrics").await?;
    ensure!(env.path().await? == "/metrics", "the metrics link went to {}", env.path().await?);
    env.goto("/metrics/users/john.doe%40company.com").await?;
    env.wait_css("#page-user-metrics").await?;
    env.client.refresh().await.map_err(|e| e.to_string())?;
    env.wait_css("#page-user-metrics").await?;
    ensure!(env.path().await? == "/metrics/users/john.doe%40company.com", "after reload: {}", env.path().await?);
    env.click("header nav a[href='/models']").await?;
    env.wait_css("#page-models").await?;
    env.click("#sign-out").await?;
    env.wait_css("#page-sign-in").await?;
    ensure!(env.path().await?.starts_with("/sign-in"), "sign-out went to {}", env.path().await?);
    env.assert_no_panic().await
}

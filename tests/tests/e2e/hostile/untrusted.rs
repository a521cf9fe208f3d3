//! config.json and sessionStorage are untrusted: wrong types, huge numbers, script URLs,
//! non-JSON, deep nesting and very long strings give a clear error screen or a clean fallback,
//! never a panic, never a script, and never lose a draft the admin typed.

use lisa_e2e::hostile::{Probe, PROBE, WATCH_INJECTIONS};
use lisa_e2e::mock::ADMIN_TOKEN;
use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        untrusted_config_json_gives_an_error_screen_or_a_clean_fallback,
        untrusted_session_storage_falls_back_cleanly,
        untrusted_oidc_storage_never_navigates_to_a_script,
    ]
}

/// Serves the text in `sessionStorage['e2e.config-override']` as config.json (the page fetches
/// it like the real file), so one browser can try many files.
const OVERRIDE_CONFIG: &str = r#"
(() => {
  const text = sessionStorage.getItem('e2e.config-override');
  if (text === null) return;
  const original = window.fetch;
  window.fetch = function (input, init) {
    const url = input instanceof Request ? input.url : String(input);
    if (new URL(url, location.href).pathname.endsWith('/config.json')) {
      return Promise.resolve(new Response(text, { status: 200, headers: { 'Content-Type': 'application/json' } }));
    }
    return original.apply(this, arguments);
  };
})();
"#;

/// The page after a load with untrusted input: no script ran, nothing was injected, no script
/// URL became a link, the layout holds, no panic.
async fn assert_inert(env: &Env, what: &str) -> Result<Probe, String> {
    let probe = Probe::from_value(&env.js(PROBE).await?);
    ensure!(probe.canary.is_none(), "{what}: a script ran (canary {:?})", probe.canary);
    ensure!(probe.injected.is_empty(), "{what}: injected {:?}", probe.injected);
    ensure!(probe.bad_urls.is_empty(), "{what}: script URLs {:?}", probe.bad_urls);
    ensure!(
        !probe.overflows(),
        "{what}: the document is {} px wide in a {} px window ({:?} reach past it)",
        probe.scroll_width,
        probe.inner_width,
        probe.overflow_at
    );
    env.assert_no_panic().await.map_err(|e| format!("{what}: {e}"))?;
    Ok(probe)
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

async fn untrusted_config_json_gives_an_error_screen_or_a_clean_fallback() -> TestResult {
    // The real path once: a script URL as the API's address, served as the file.
    let raw = json!({"apiBaseUrl": "javascript:top.__xss=1//"}).to_string();
    let real = Env::start(EnvOptions { raw_config: Some(Some(raw)), ..Default::default() }).await?;
    real.goto("/models").await?;
    real.wait_text("#config-error", "apiBaseUrl").await?;
    assert_inert(&real, "served javascript: apiBaseUrl").await?;
    drop(real);

    let env = Env::default().await?;
    env.on_new_document(WATCH_INJECTIONS).await?;
    env.on_new_document(OVERRIDE_CONFIG).await?;
    let api = env.mock.url.clone();
    let long = "x".repeat(100_000);
    // (config.json text, what the error screen must name; None: the app starts.)
    let cases: Vec<(String, Option<&str>)> = vec![
        (json!({"apiBaseUrl": "JaVaScRiPt:top.__xss=1//"}).to_string(), Some("apiBaseUrl")),
        (json!({"apiBaseUrl": "  javascript:top.__xss=1//"}).to_string(), Some("apiBaseUrl")),
        (json!({"apiBaseUrl": "data:text/html,<script>top.__xss=1</script>"}).to_string(), Some("apiBaseUrl")),
        (json!({"apiBaseUrl": api, "serveBaseUrl": "<img src=x onerror=top.__xss=1>"}).to_string(), Some("serveBaseUrl")),
        (json!({"apiBaseUrl": [api]}).to_string(), Some("apiBaseUrl")),
        (json!({"apiBaseUrl": long}).to_string(), Some("apiBaseUrl")),
        (format!(r#"{{"apiBaseUrl": "{api}", "requestTimeoutMs": 1e308}}"#), Some("requestTimeoutMs")),
        (format!(r#"{{"apiBaseUrl": "{api}", "pollIntervalMs": 18446744073709551616}}"#), Some("pollIntervalMs")),
        (json!({"apiBaseUrl": api, "readRetries": -1}).to_string(), Some("readRetries")),
        (json!({"apiBaseUrl": api, "requestTimeoutMs": "5000"}).to_string(), Some("requestTimeoutMs")),
        (json!({"apiBaseUrl": api, "embed": "yes"}).to_string(), Some("embed")),
        (json!({"apiBaseUrl": api, "embedParentOrigins": ["javascript:top.__xss=1"]}).to_string(), Some("embedParentOrigins")),
        (json!({"apiBaseUrl": api, "embedParentOrigins": "https://lisa.example.com"}).to_string(), Some("embedParentOrigins")),
        (json!({"apiBaseUrl": api, "auth": "oidc"}).to_string(), Some("auth")),
        (json!({"apiBaseUrl": api, "auth": {"mode": "<script>top.__xss=1</script>"}}).to_string(), Some("auth.mode")),
        (
            json!({"apiBaseUrl": api, "auth": {"mode": "oidc", "oidc": {"authority": "javascript:top.__xss=1", "clientId": 7}}}).to_string(),
            Some("auth.oidc.authority"),
        ),
        (format!(r#"{{"apiBaseUrl": "{api}", "extra": {}}}"#, nested(100_000)), Some("not valid JSON")),
        ("<!doctype html><html><body><script>top.__xss=1</script></body></html>".to_string(), Some("not valid JSON")),
        (String::new(), Some("not valid JSON")),
        ("[]".to_string(), Some("JSON object")),
        ("null".to_string(), Some("JSON object")),
        (json!(api).to_string(), Some("JSON object")),
        // Keys the app does not know are ignored, whatever they hold.
        (
            json!({"apiBaseUrl": api, "serveBaseUrl": null, "unknown": {"deep": [1, {"x": "<script>top.__xss=1</script>"}]}, "big": long})
                .to_string(),
            None,
        ),
    ];
    let count = cases.len();
    for (i, (text, names)) in cases.into_iter().enumerate() {
        let what = format!("config case {i}: {}", text.chars().take(80).collect::<String>());
        env.goto("/sign-in").await?;
        env.js(&format!("sessionStorage.setItem('e2e.config-override', {}); return 0;", json!(text))).await?;
        env.goto("/models").await?;
        match names {
            Some(name) => {
                let shown = env.wait_text("#config-error", name).await.map_err(|e| format!("{what}: {e}"))?;
                ensure!(shown.contains("cannot start"), "{what}: the screen says {shown:.200}");
            }
            None => {
                env.wait_css("#page-sign-in").await.map_err(|e| format!("{what}: {e}"))?;
            }
        }
        assert_inert(&env, &what).await?;
    }
    println!("untrusted config.json: {count} bad files, each an error screen naming the key or a clean start");
    Ok(())
}

/// Open `path` with these sessionStorage entries (after a clean slate and the admin token).
async fn open_with(env: &Env, entries: &[(&str, String)], token: bool, path: &str) -> TestResult {
    env.goto("/sign-in").await?;
    env.wait_css("#page-sign-in").await?;
    env.js("sessionStorage.clear(); return 0;").await?;
    if token {
        env.js(&format!("sessionStorage.setItem('lisa-admin.token', {}); return 0;", json!(ADMIN_TOKEN))).await?;
    }
    for (key, value) in entries {
        env.js(&format!("sessionStorage.setItem({}, {}); return 0;", json!(key), json!(value))).await?;
    }
    env.goto(path).await
}

async fn untrusted_session_storage_falls_back_cleanly() -> TestResult {
    let env = Env::default().await?;
    env.on_new_document(WATCH_INJECTIONS).await?;
    let long = "x".repeat(100_000);
    let deep = nested(50_000);
    let script = "<img src=x onerror=top.__xss=1>".to_string();

    // The token: unusable values mean "not signed in"; a plausible one is tried and refused.
    for bad in ["".to_string(), "   ".to_string(), "two words".to_string(), long.clone(), "tøken".to_string(), "tab\there".to_string()] {
        open_with(&env, &[("lisa-admin.token", bad.clone())], false, "/models").await?;
        env.wait_css("#page-sign-in").await?;
        assert_inert(&env, &format!("token {:.20?}", bad)).await?;
    }
    for plausible in ["<script>top.__xss=1</script>".to_string(), deep.chars().take(10_000).collect()] {
        open_with(&env, &[("lisa-admin.token", plausible.clone())], false, "/models").await?;
        env.wait_text("#session-dialog", "sign in again").await?;
        assert_inert(&env, &format!("token {:.20?}", plausible)).await?;
    }
    // The token's source and the embed flag: anything unknown is the default.
    open_with(&env, &[("lisa-admin.token-source", script.clone()), ("lisa-admin.embed", deep.clone())], true, "/models").await?;
    env.wait_css("#catalogue-table tbody tr").await?;
    ensure!(env.count("header nav").await? == 1, "a garbage embed flag hid the header");
    assert_inert(&env, "token source and embed flag").await?;

    // Toasts carried over from another page: text only, at most five.
    let mut carried = format!("E|{script}\nS|{}\nno separator\n|\nX|unknown kind\n", "W".repeat(5000));
    carried.push_str(&"E|again\n".repeat(10_000));
    open_with(&env, &[("lisa-admin.toasts", carried)], true, "/models").await?;
    env.wait_css("#catalogue-table tbody tr").await?;
    let shown = env.count("#toasts .toast").await?;
    ensure!((1..=5).contains(&shown), "{shown} carried-over toasts shown");
    let probe = assert_inert(&env, "carried-over toasts").await?;
    ensure!(probe.shows(&script), "the hostile toast is not shown as text");
    ensure!(env.session_storage("lisa-admin.toasts").await?.is_none(), "carried-over toasts are read once");

    // The bundle hand-over marker: compared, never followed.
    for marker in ["javascript:top.__xss=1".to_string(), "//evil.example/".to_string(), long.clone()] {
        open_with(&env, &[("lisa-admin.section-reload", marker)], true, "/models/new").await?;
        env.wait_css("#page-model-create #f-modelId").await?;
        ensure!(env.path().await? == "/admin/models/new", "a hand-over marker moved the page to {}", env.path().await?);
        assert_inert(&env, "hand-over marker").await?;
    }

    // Recent user lookups: only ids the lookup accepts, shown as text, linked by encoded path.
    let recent = json!([script, 5, null, long, {"a": 1}, "john.doe@company.com", "javascript:top.__xss=1"]).to_string();
    for (stored, links) in [(recent, 3), ("not json".to_string(), 0), (deep.clone(), 0)] {
        open_with(&env, &[("lisa-admin.metrics.recent-users", stored)], true, "/metrics").await?;
        env.wait_css("#tools-table tbody tr").await?;
        let probe = assert_inert(&env, "recent lookups").await?;
        let hrefs = env.js("return [...document.querySelectorAll('#recent-lookups a')].map(a => a.getAttribute('href'));").await?;
        let hrefs: Vec<&str> = hrefs.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        ensure!(hrefs.len() == links, "{} recent-lookup links, expected {links}: {hrefs:?}", hrefs.len());
        ensure!(hrefs.iter().all(|h| h.starts_with("/admin/metrics/users/")), "recent lookups link elsewhere: {hrefs:?}");
        ensure!(links == 0 || probe.shows(&script), "the hostile id is not shown as text");
    }

    drafts(&env).await?;
    env.assert_no_panic().await
}

/// Drafts: a readable one with hostile values is restored as values; an unreadable one is set
/// aside with a notice, and what it held is still in the tab.
async fn drafts(env: &Env) -> TestResult {
    let script = "\"><img src=x onerror=top.__xss=1>";
    // A draft as the form writes it, its values hostile.
    open_with(env, &[], true, "/models/new").await?;
    env.wait_css("#page-model-create #f-modelId").await?;
    super::type_into(env, "#f-modelId", script).await?;
    super::type_into(env, "#f-modelName", script).await?;
    let draft = env
        .until("the create draft", || async { env.session_storage("lisa-admin.draft.create").await.ok().flatten() })
        .await?;
    env.goto("/models/new").await?;
    env.wait_text("#form-notice", "Restored").await?;
    let probe = assert_inert(env, "restored hostile draft").await?;
    ensure!(probe.holds(script), "the hostile draft values were not restored");

    // Unreadable drafts: not JSON, another version, wrong types, deep nesting.
    let typed = "what the admin typed before an upgrade";
    let older = json!({"version": 0, "form": {"modelId": typed}}).to_string();
    // (key, page, stored text, whether it cannot be read at all)
    for (key, path, stored, unreadable) in [
        ("lisa-admin.draft.create", "/models/new", older.clone(), true),
        ("lisa-admin.draft.create", "/models/new", "{not json".to_string(), true),
        ("lisa-admin.draft.create", "/models/new", json!({"version": 1, "form": {"modelId": 5, "features": "x"}}).to_string(), false),
        ("lisa-admin.draft.create", "/models/new", nested(50_000), true),
        ("lisa-admin.draft.edit.titan-express-v1", "/models/titan-express-v1/edit", older.clone(), true),
        ("lisa-admin.draft.edit.titan-express-v1", "/models/titan-express-v1/edit", draft.replace('{', "["), true),
    ] {
        open_with(env, &[(key, stored.clone())], true, path).await?;
        env.wait_css("#f-modelDescription, #f-modelId").await?;
        assert_inert(env, &format!("draft {key} = {stored:.40}")).await?;
        // Whatever it was, the stored text is not thrown away unseen.
        let kept = env.js("return Object.keys(sessionStorage).map(k => sessionStorage.getItem(k)).join('\\n');").await?;
        let notice = env.js("const n = document.querySelector('#form-notice'); return n ? n.textContent : '';").await?;
        let notice = notice.as_str().unwrap_or_default();
        if unreadable {
            ensure!(notice.contains("set aside"), "draft {key} = {stored:.40}: no notice, it says {notice:?}");
            ensure!(
                kept.as_str().is_some_and(|k| k.contains(&stored)),
                "draft {key} = {stored:.40}: the notice says it was set aside, but it is gone from the tab"
            );
        }
    }
    Ok(())
}

/// The identity provider's cached discovery document and the pending sign-in live in
/// sessionStorage: a script URL there must never be navigated to.
async fn untrusted_oidc_storage_never_navigates_to_a_script() -> TestResult {
    let issuer = "http://127.0.0.1:9";
    let config = json!({"auth": {"mode": "oidc", "reuseLisaSession": true, "oidc": {"authority": issuer, "clientId": "lisa-admin"}}});
    let env = Env::start(EnvOptions { config, ..Default::default() }).await?;
    env.on_new_document(WATCH_INJECTIONS).await?;
    for endpoint in ["javascript:top.__xss=1//", "JaVaScRiPt:top.__xss=1//", " javascript:top.__xss=1//", "data:text/html,<script>top.__xss=1</script>"] {
        let discovery = json!({"issuer": issuer, "authorization_endpoint": endpoint, "token_endpoint": endpoint,
            "end_session_endpoint": endpoint}).to_string();
        open_with(&env, &[("lisa-admin.oidc.discovery", discovery)], false, "/sign-in").await?;
        env.click("#sign-in-oidc").await?;
        // Either the error, or the script the endpoint carried has run.
        env.until("the sign-in error (or the canary)", || async {
            let v = env.js("return !!document.querySelector('#sign-in-error') || top.__xss !== undefined;").await.ok()?;
            (v == json!(true)).then_some(())
        })
        .await?;
        assert_inert(&env, &format!("discovery endpoint {endpoint:?}")).await?;
        let text = env.text("#sign-in-error").await?;
        ensure!(text.contains("identity provider"), "the error says: {text}");
        ensure!(env.path().await?.starts_with("/admin/sign-in"), "left for {}", env.path().await?);
    }
    // A pending sign-in that is not one, and a garbage LISA UI session.
    for pending in ["{not json".to_string(), json!({"state": 5}).to_string(), nested(50_000)] {
        let ui = (format!("oidc.user:{issuer}:lisa-admin"), pending.clone());
        open_with(&env, &[("lisa-admin.oidc.pending", pending.clone()), (ui.0.as_str(), ui.1)], false, "/sign-in/callback?code=c&state=s")
            .await?;
        env.wait_text("#oidc-error", "Start again").await?;
        assert_inert(&env, &format!("pending {pending:.30}")).await?;
    }
    for session in [json!({"id_token": 5}).to_string(), json!({"id_token": "two words"}).to_string(), "[]".into(), nested(50_000)] {
        open_with(&env, &[(format!("oidc.user:{issuer}:lisa-admin").as_str(), session.clone())], false, "/models").await?;
        env.wait_css("#page-sign-in").await?;
        assert_inert(&env, &format!("LISA UI session {session:.30}")).await?;
    }
    Ok(())
}

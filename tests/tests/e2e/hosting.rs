//! Hosting and sign-in: the strict CSP, OIDC code flow with PKCE against a real provider,
//! expiry, reuse of the LISA UI session, embed mode and the iframe token handshake; the checks
//! every token source goes through (`tokens`) and sign-out at Cognito (`sign_out`).

mod sign_out;
mod tokens;

use std::collections::HashMap;
use std::time::Duration;

use lisa_e2e::mock::ADMIN_TOKEN;
use lisa_e2e::oidc::{free_port, OidcProvider, ADMIN_GROUP, CLIENT_ID};
use lisa_e2e::site::{Site, SiteOptions};
use lisa_e2e::{ensure, paths, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        strict_csp_reports_no_violation,
        oidc_code_flow_with_pkce_renews_and_signs_out,
        oidc_non_admin_is_read_only,
        expiring_token_warns_then_asks_to_sign_in_again,
        lisa_ui_session_is_reused,
        embed_mode_has_no_shell_of_its_own,
        iframe_accepts_a_token_only_from_an_allowed_origin,
    ]
    .into_iter()
    .chain(tokens::cases())
    .chain(sign_out::cases())
    .collect()
}

pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data:; object-src 'none'; connect-src 'self' {api}; frame-ancestors 'none'; \
    base-uri 'self'; form-action 'self'";

const RECORD_CSP_VIOLATIONS: &str = "window.__csp = []; document.addEventListener('securitypolicyviolation', \
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));";

async fn csp_violations(env: &Env) -> Result<Vec<String>, String> {
    let v = env.js("return window.__csp || ['listener missing'];").await?;
    Ok(v.as_array().map(|a| a.iter().map(|x| x.as_str().unwrap_or_default().to_string()).collect()).unwrap_or_default())
}

async fn strict_csp_reports_no_violation() -> TestResult {
    let env = Env::start(EnvOptions { csp: Some(STRICT_CSP.to_string()), ..Default::default() }).await?;
    env.on_new_document(RECORD_CSP_VIOLATIONS).await?;
    env.signed_in_at("/models").await?;
    for (path, page) in [
        ("/models", "#page-models"),
        ("/models/titan-express-v1", "#page-model-detail"),
        ("/models/new", "#page-model-create"),
        ("/metrics", "#page-metrics"),
        ("/metrics/users/john.doe%40company.com", "#page-user-metrics"),
    ] {
        env.goto(path).await?;
        env.wait_css(page).await?;
        // Let data arrive and render (charts, tables) before collecting violations.
        tokio::time::sleep(Duration::from_millis(800)).await;
        let violations = csp_violations(&env).await?;
        ensure!(violations.is_empty(), "{path}: CSP violations {violations:?}");
    }
    env.assert_no_panic().await
}

/// JSON config for OIDC sign-in against `issuer`.
fn oidc_config(issuer: &str, reuse: bool) -> Value {
    json!({"auth": {"mode": "oidc", "reuseLisaSession": reuse, "oidc": {
        "authority": issuer, "clientId": CLIENT_ID, "scopes": "openid profile offline_access",
        "groupsClaim": "cognito:groups", "adminGroup": ADMIN_GROUP}}})
}

async fn oidc_env(login: &str, ttl_s: u32) -> Result<(Env, OidcProvider), String> {
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}");
    let env = Env::start(EnvOptions {
        config: oidc_config(&issuer, false),
        extra_mock_args: vec!["--oidc-issuer".into(), issuer.clone()],
        ..Default::default()
    })
    .await?;
    let provider = OidcProvider::start(port, &[env.app_url("/sign-in/callback")], &[env.app_url("/sign-in")], ttl_s).await?;
    env.goto("/models").await?;
    env.click("#sign-in-oidc").await?;
    // oidc-provider's development login form.
    env.fill("input[name=login]", login).await?;
    env.fill("input[name=password]", "any").await?;
    env.click("button[type=submit]").await?;
    env.wait_css("#page-models").await?;
    Ok((env, provider))
}

fn jwt_claims_js(token_expr: &str) -> String {
    format!(
        "const t = {token_expr}; if (!t) return null; const p = t.split('.')[1].replace(/-/g,'+').replace(/_/g,'/'); \
         return JSON.parse(atob(p + '='.repeat((4 - p.length % 4) % 4)));"
    )
}

async fn oidc_code_flow_with_pkce_renews_and_signs_out() -> TestResult {
    let (env, provider) = oidc_env("admin", 12).await?;
    let path = env.path().await?;
    ensure!(path == "/admin/models", "returned to {path}");
    let history = env.js("return location.href + ' ' + history.length;").await?;
    ensure!(!history.as_str().unwrap_or_default().contains("code="), "the code stayed in the URL: {history}");
    let claims = env.js(&jwt_claims_js("sessionStorage.getItem('lisa-admin.token')")).await?;
    ensure!(claims["aud"] == json!(CLIENT_ID), "stored token is not the ID token for {CLIENT_ID}: {claims}");
    ensure!(claims["iss"] == json!(provider.issuer), "issuer {}", claims["iss"]);
    env.wait_text("#signed-in-user", "admin").await?;
    let first = env.session_storage("lisa-admin.token").await?;
    // The API accepted the ID token (the mock checks iss/aud/exp like LISA's authorizer).
    tokio::time::sleep(Duration::from_millis(500)).await;
    ensure!(env.count("#session-dialog").await? == 0, "the ID token was rejected");
    // Expiry: the 12 s token is renewed silently with the refresh token.
    env.until_for("a silently renewed token", Duration::from_secs(20), || async {
        let now = env.session_storage("lisa-admin.token").await.ok().flatten();
        (now.is_some() && now != first).then_some(())
    })
    .await?;
    ensure!(env.count("#expiry-warning").await? == 0, "warned although the token was renewed");
    ensure!(env.count("#session-dialog").await? == 0, "asked to sign in although the token was renewed");
    // Sign-out ends the identity provider's session too: RP-initiated logout with the ID token
    // as id_token_hint (the provider, like Okta, refuses the request without it).
    let signed_out_with = env.session_storage("lisa-admin.token").await?.unwrap_or_default();
    env.click("#sign-out").await?;
    env.until("the identity provider's end-session page", || async {
        let url = env.client.current_url().await.ok()?;
        url.as_str().starts_with(&provider.issuer).then_some(())
    })
    .await?;
    let url = env.client.current_url().await.map_err(|e| e.to_string())?;
    let hint = url.query_pairs().find(|(k, _)| k == "id_token_hint").map(|(_, v)| v.into_owned());
    ensure!(hint.as_deref() == Some(signed_out_with.as_str()), "the end-session request {url} does not carry the ID token as id_token_hint");
    env.click("button[name=logout][value=yes]").await?;
    env.until("the way back to the sign-in page", || async {
        (env.client.current_url().await.ok()?.as_str() == env.app_url("/sign-in")).then_some(())
    })
    .await?;
    // The provider's session is over: signing in again asks for the login.
    env.click("#sign-in-oidc").await?;
    env.wait_css("input[name=login]").await?;
    env.assert_no_panic().await
}

async fn oidc_non_admin_is_read_only() -> TestResult {
    let (env, _provider) = oidc_env("bob", 3600).await?;
    let text = env.wait_text("#not-admin", ADMIN_GROUP).await?;
    ensure!(text.contains("read-only"), "not-admin badge says {text}");
    env.assert_no_panic().await
}

/// An unsigned JWT the mock accepts for `issuer` (the mock checks claims, not signatures).
fn fake_id_token(issuer: &str, user: &str, groups: &[&str], expires_in_s: f64) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
    let claims = json!({"iss": issuer, "aud": CLIENT_ID, "sub": user, "cognito:username": user,
        "cognito:groups": groups, "exp": (now + expires_in_s).floor(), "iat": now.floor()});
    let b64 = |v: &[u8]| lisa_console::auth::base64url_encode(v);
    format!("{}.{}.{}", b64(br#"{"alg":"RS256"}"#), b64(claims.to_string().as_bytes()), b64(b"not-verified"))
}

async fn expiring_token_warns_then_asks_to_sign_in_again() -> TestResult {
    let issuer = "http://idp.test";
    let env = Env::start(EnvOptions {
        config: oidc_config(issuer, false),
        extra_mock_args: vec!["--oidc-issuer".into(), issuer.into()],
        ..Default::default()
    })
    .await?;
    let token = fake_id_token(issuer, "carol", &[ADMIN_GROUP], 6.0);
    env.signed_in_with(&token, "/models").await?;
    env.wait_css("#page-models").await?;
    env.wait_text("#expiry-warning", "expires at").await?;
    env.until_for("the sign-in-again dialog at expiry", Duration::from_secs(12), || async {
        env.client.find(fantoccini::Locator::Css("#session-dialog")).await.ok().map(|_| ())
    })
    .await?;
    ensure!(env.path().await? == "/admin/models", "expiry left the page");
    ensure!(env.count("#session-oidc").await? == 1, "the dialog offers the identity provider");
    env.assert_no_panic().await
}

async fn lisa_ui_session_is_reused() -> TestResult {
    let issuer = "http://idp.test";
    let env = Env::start(EnvOptions {
        config: oidc_config(issuer, true),
        extra_mock_args: vec!["--oidc-issuer".into(), issuer.into()],
        ..Default::default()
    })
    .await?;
    let token = fake_id_token(issuer, "dana", &[ADMIN_GROUP], 3600.0);
    env.goto("/sign-in").await?;
    env.wait_css("#page-sign-in").await?;
    // What the LISA UI (oidc-client-ts) keeps in this tab.
    let entry = json!({"id_token": token, "expires_at": 4_000_000_000u64, "profile": {"sub": "dana"}}).to_string();
    env.js(&format!("sessionStorage.setItem({}, {});", json!(format!("oidc.user:{issuer}:{CLIENT_ID}")), json!(entry)))
        .await?;
    env.mock.clear_requests().await?;
    env.goto("/models").await?;
    env.wait_css("#page-models").await?;
    env.wait_text("#signed-in-user", "dana").await?;
    ensure!(env.session_storage("lisa-admin.token").await?.is_none(), "the LISA UI token was copied into our key");
    let sent = env
        .until("an authorised request", || async {
            let log = env.mock.requests().await.ok()?;
            log.into_iter().find(|r| r["path"] == "/models" && r["hasAuthorization"] == json!(true))
        })
        .await?;
    ensure!(sent["method"] == "GET", "unexpected request {sent}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    ensure!(env.count("#session-dialog").await? == 0, "the reused token was rejected");
    env.assert_no_panic().await
}

async fn embed_mode_has_no_shell_of_its_own() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models?embed=1").await?;
    env.wait_css("#page-models").await?;
    ensure!(env.count("header.header").await? == 0, "embed mode shows our header");
    ensure!(env.count(".shell.embed").await? == 1, "embed theme class missing");
    // It sticks for the tab.
    env.goto("/metrics").await?;
    env.wait_css("#page-metrics").await?;
    ensure!(env.count("header.header").await? == 0, "embed mode lost on navigation");
    // Without the flag, in a new tab's session, the header is there.
    let plain = Env::default().await?;
    plain.signed_in_at("/models").await?;
    plain.wait_css("#page-models").await?;
    ensure!(plain.count("header.header").await? == 1, "normal mode has no header");
    env.assert_no_panic().await
}

/// A page on another origin that frames the app and posts it a token.
fn host_page(app_url: &str, app_origin: &str, wait_for_ready: bool) -> String {
    let send = format!(
        "frame.contentWindow.postMessage({{type: 'lisa-admin:token', token: {}}}, {});",
        json!(ADMIN_TOKEN),
        json!(if wait_for_ready { app_origin } else { "*" })
    );
    let trigger = if wait_for_ready {
        format!("window.addEventListener('message', e => {{ if (e.origin === {} && e.data && e.data.type === 'lisa-admin:ready') {{ {send} }} }});", json!(app_origin))
    } else {
        // Blind attempts for a while: a disallowed parent never gets "ready".
        format!("let n = 0; const t = setInterval(() => {{ {send} if (++n > 30) clearInterval(t); }}, 200);")
    };
    format!(
        "<!DOCTYPE html><html><body><h1>LISA UI</h1><iframe id=\"app\" width=\"1200\" height=\"800\" src=\"{app_url}\"></iframe>\
         <script>const frame = document.getElementById('app'); {trigger}</script></body></html>"
    )
}

async fn iframe_accepts_a_token_only_from_an_allowed_origin() -> TestResult {
    // The allowed parent's origin must be in config before the app starts: reserve its port.
    let allowed_port = free_port();
    let allowed_origin = format!("http://127.0.0.1:{allowed_port}");
    let env = Env::start(EnvOptions {
        config: json!({"embed": true, "embedParentOrigins": [allowed_origin]}),
        ..Default::default()
    })
    .await?;
    let app_origin = env.site.url.clone();
    let app_url = env.app_url("/models");
    let mut pages = HashMap::new();
    pages.insert("/".to_string(), (host_page(&app_url, &app_origin, true), Vec::new()));
    let allowed = Site::start_on(&format!("127.0.0.1:{allowed_port}"), &paths::dist(), SiteOptions { pages, ..Default::default() }).await?;
    let mut pages = HashMap::new();
    pages.insert("/".to_string(), (host_page(&app_url, &app_origin, false), Vec::new()));
    let disallowed = Site::start(&paths::dist(), SiteOptions { pages, ..Default::default() }).await?;

    // A disallowed origin's messages are ignored.
    env.client.goto(&format!("{}/", disallowed.url)).await.map_err(|e| e.to_string())?;
    env.wait_css("#app").await?;
    env.client.enter_frame(0).await.map_err(|e| e.to_string())?;
    env.wait_css("#page-sign-in").await?;
    tokio::time::sleep(Duration::from_millis(3000)).await;
    ensure!(env.session_storage("lisa-admin.token").await?.is_none(), "a disallowed origin's token was accepted");
    ensure!(env.count("#page-sign-in").await? == 1, "left the sign-in page without a token");
    env.client.enter_parent_frame().await.map_err(|e| e.to_string())?;

    // The allowed parent answers "ready" with the token; the app signs in and shows the page.
    env.client.goto(&format!("{}/", allowed.url)).await.map_err(|e| e.to_string())?;
    env.wait_css("#app").await?;
    env.client.enter_frame(0).await.map_err(|e| e.to_string())?;
    env.wait_css("#page-models").await?;
    ensure!(env.session_storage("lisa-admin.token").await?.as_deref() == Some(ADMIN_TOKEN), "token not stored");
    ensure!(env.count("header.header").await? == 0, "embedded app shows its own header");
    env.assert_no_panic().await
}

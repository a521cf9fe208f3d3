//! Every token source goes through the same checks (issue 15, item 5): a pasted JWT, the
//! embedding page's token, the LISA UI's session, and the discovery document the code flow
//! starts from. Tokens that are not JWTs stay LISA's to judge.

use std::collections::HashMap;

use lisa_e2e::mock::{ADMIN_TOKEN, USER_TOKEN};
use lisa_e2e::oidc::{free_port, FakeIdp, ADMIN_GROUP, CLIENT_ID};
use lisa_e2e::site::{Site, SiteOptions};
use lisa_e2e::{ensure, paths, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

use super::{fake_id_token, oidc_config};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        pasted_tokens_pass_the_id_token_checks,
        a_lisa_ui_session_passes_the_same_checks_and_expires_with_its_id_token,
        the_embedding_page_is_heard_only_from_the_parent_and_its_tokens_are_checked,
        a_fresh_discovery_document_must_name_the_authority,
    ]
}

const ISSUER: &str = "http://idp.test";

/// An unsigned JWT with these claims (the mock and the app read claims, not signatures).
fn jwt(claims: Value) -> String {
    let b64 = |v: &[u8]| lisa_console::auth::base64url_encode(v);
    format!("{}.{}.{}", b64(br#"{"alg":"RS256"}"#), b64(claims.to_string().as_bytes()), b64(b"not-verified"))
}

/// A good ID token's claims with `changes` applied (`null` removes a claim).
fn id_token_with(changes: Value) -> String {
    let good = fake_id_token(ISSUER, "erin", &[ADMIN_GROUP], 3600.0);
    let payload = good.split('.').nth(1).unwrap_or_default();
    let mut claims: Value = lisa_console::auth::base64url_decode(payload).and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    for (k, v) in changes.as_object().into_iter().flatten() {
        match v {
            Value::Null => {
                claims.as_object_mut().map(|c| c.remove(k));
            }
            _ => claims[k] = v.clone(),
        }
    }
    jwt(claims)
}

/// The ways a JWT can be unfit for this console, and what the refusal says.
fn unfit_tokens() -> Vec<(&'static str, String, &'static str)> {
    vec![
        ("another audience", id_token_with(json!({"aud": "another-client"})), "aud"),
        ("another issuer", id_token_with(json!({"iss": "http://evil.test"})), "issued by"),
        ("several audiences, no azp", id_token_with(json!({"aud": [CLIENT_ID, "another-client"]})), "azp"),
        ("no expiry", id_token_with(json!({"exp": null})), "no expiry"),
    ]
}

async fn oidc_env(reuse: bool) -> Result<Env, String> {
    Env::start(EnvOptions {
        config: oidc_config(ISSUER, reuse),
        extra_mock_args: vec!["--oidc-issuer".into(), ISSUER.into()],
        ..Default::default()
    })
    .await
}

async fn pasted_tokens_pass_the_id_token_checks() -> TestResult {
    let env = oidc_env(false).await?;
    for (what, token, says) in unfit_tokens() {
        env.goto("/sign-in").await?;
        env.fill("#token", &token).await?;
        env.click("#sign-in-submit").await?;
        let error = env.wait_css("#sign-in-error").await?.text().await.map_err(|e| e.to_string())?;
        ensure!(error.contains(says), "a pasted JWT with {what}: the error says {error:?}, not {says:?}");
        ensure!(env.session_storage("lisa-admin.token").await?.is_none(), "a pasted JWT with {what} was stored");
    }
    // A good ID token, and a token that is not a JWT (LISA decides), are taken.
    for token in [id_token_with(json!({})), ADMIN_TOKEN.to_string()] {
        env.js("sessionStorage.clear(); return 0;").await?;
        env.sign_in_ui(&token).await?;
        env.wait_css("#page-models").await?;
        env.click("#sign-out").await?;
        env.wait_css("#page-sign-in").await?;
    }
    env.assert_no_panic().await
}

async fn a_lisa_ui_session_passes_the_same_checks_and_expires_with_its_id_token() -> TestResult {
    let env = oidc_env(true).await?;
    let key = format!("oidc.user:{ISSUER}:{CLIENT_ID}");
    let put = |token: &str| {
        let entry = json!({"id_token": token, "expires_at": 4_000_000_000u64, "profile": {"sub": "erin"}}).to_string();
        format!("sessionStorage.clear(); sessionStorage.setItem({}, {}); return 0;", json!(key), json!(entry))
    };
    for (what, token, _) in unfit_tokens() {
        env.goto("/sign-in").await?;
        env.wait_css("#page-sign-in").await?;
        env.js(&put(&token)).await?;
        env.goto("/models").await?;
        env.wait_css("#page-sign-in").await.map_err(|e| format!("a LISA UI session with {what} was used: {e}"))?;
        ensure!(env.count("#signed-in-user").await? == 0, "a LISA UI session with {what} signed in");
    }
    // The session's expires_at (the access token's) is far off; the ID token's own exp is near:
    // that one counts, so the expiry warning comes.
    let soon = fake_id_token(ISSUER, "erin", &[ADMIN_GROUP], 8.0);
    env.goto("/sign-in").await?;
    env.js(&put(&soon)).await?;
    env.goto("/models").await?;
    env.wait_text("#signed-in-user", "erin").await?;
    env.wait_text("#expiry-warning", "expires at").await?;
    env.assert_no_panic().await
}

/// A page of the allowed origin framing the app, with a second frame of its own origin: the
/// sibling posts `sibling_token` to the app, then the parent posts `parent_token`, once the app
/// says it is ready.
fn family_page(app_url: &str, app_origin: &str, parent_token: &str) -> String {
    format!(
        "<!DOCTYPE html><html><body><iframe id=\"app\" width=\"1000\" height=\"700\" src=\"{app_url}\"></iframe>\
         <iframe id=\"sibling\" src=\"/sibling\"></iframe><script>\
         const app = document.getElementById('app');\
         window.parentSend = () => app.contentWindow.postMessage({{type: 'lisa-admin:token', token: {parent}}}, {origin});\
         window.addEventListener('message', e => {{ if (e.data && e.data.type === 'lisa-admin:ready') \
           document.getElementById('sibling').contentWindow.go(app.contentWindow); }});\
         </script></body></html>",
        parent = json!(parent_token),
        origin = json!(app_origin),
    )
}

fn sibling_page(app_origin: &str, sibling_token: &str) -> String {
    format!(
        "<!DOCTYPE html><html><body><script>window.go = (app) => {{\
           app.postMessage({{type: 'lisa-admin:token', token: {token}}}, {origin}); parent.parentSend(); }};</script></body></html>",
        token = json!(sibling_token),
        origin = json!(app_origin),
    )
}

async fn the_embedding_page_is_heard_only_from_the_parent_and_its_tokens_are_checked() -> TestResult {
    let allowed_port = free_port();
    let allowed_origin = format!("http://127.0.0.1:{allowed_port}");
    let mut config = oidc_config(ISSUER, false);
    config["auth"]["mode"] = json!("token");
    config["embed"] = json!(true);
    config["embedParentOrigins"] = json!([allowed_origin]);
    let env = Env::start(EnvOptions { config, extra_mock_args: vec!["--oidc-issuer".into(), ISSUER.into()], ..Default::default() }).await?;
    let app_origin = env.site.url.clone();
    let app_url = env.app_url("/models");
    let mut pages = HashMap::new();
    // The sibling (same origin as the parent, so the origin check passes) sends a usable token;
    // the parent then sends a JWT for another client, which is refused with a console warning.
    let unfit = id_token_with(json!({"aud": "another-client"}));
    pages.insert("/".to_string(), (family_page(&app_url, &app_origin, &unfit), Vec::new()));
    pages.insert("/sibling".to_string(), (sibling_page(&app_origin, USER_TOKEN), Vec::new()));
    let family = Site::start_on(&format!("127.0.0.1:{allowed_port}"), &paths::dist(), SiteOptions { pages, ..Default::default() }).await?;
    env.console().await?;
    env.client.goto(&format!("{}/", family.url)).await.map_err(|e| e.to_string())?;
    env.wait_css("#app").await?;
    // The parent's message comes after the sibling's: once its refusal is logged, both were read.
    let warning = env
        .until("the refusal of the parent's JWT for another client", || async {
            env.console().await.ok()?.into_iter().find(|line| line.contains("ignored the embedding page's token"))
        })
        .await?;
    ensure!(warning.contains("aud"), "the refusal says {warning}");
    env.client.enter_frame(0).await.map_err(|e| e.to_string())?;
    env.wait_css("#page-sign-in").await?;
    let stored = env.session_storage("lisa-admin.token").await?;
    ensure!(stored.is_none(), "a token posted by another frame than the parent (or a refused one) was stored: {stored:?}");
    env.assert_no_panic().await
}

async fn a_fresh_discovery_document_must_name_the_authority() -> TestResult {
    let idp = FakeIdp::start(json!({"issuer": "{url}/another-issuer", "authorization_endpoint": "{url}/authorize",
        "token_endpoint": "{url}/token"}))
    .await?;
    let env = Env::start(EnvOptions { config: oidc_config(&idp.url, false), ..Default::default() }).await?;
    env.goto("/sign-in").await?;
    env.click("#sign-in-oidc").await?;
    let error = env
        .until("the sign-in error (or a page of the identity provider)", || async {
            let url = env.client.current_url().await.ok()?.to_string();
            if url.starts_with(&idp.url) {
                return Some(format!("went to {url}"));
            }
            env.client.find(fantoccini::Locator::Css("#sign-in-error")).await.ok()?.text().await.ok()
        })
        .await?;
    ensure!(error.contains("another-issuer") && error.contains("auth.oidc.authority"), "the sign-in says: {error}");
    ensure!(env.session_storage("lisa-admin.oidc.discovery").await?.is_none(), "the document was cached");
    env.assert_no_panic().await
}

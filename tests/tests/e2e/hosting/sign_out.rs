//! Sign-out ends the identity provider's session too (issue 15, item 6): Amazon Cognito (no
//! `end_session_endpoint`) by revoking the refresh token and going to its domain's `/logout`.
//! (RP-initiated logout with `id_token_hint` is tested against oidc-provider in
//! `oidc_code_flow_with_pkce_renews_and_signs_out`.)

use lisa_e2e::oidc::{FakeIdp, CLIENT_ID, ADMIN_GROUP};
use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::json;

use super::{fake_id_token, oidc_config};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        cognito_sign_out_revokes_the_refresh_token_and_ends_the_hosted_ui_session,
    ]
}

const POOL_HOST: &str = "cognito-idp.eu-west-1.amazonaws.com";
/// The user pool's domain (hosted UI), which is not the issuer's host.
const DOMAIN_HOST: &str = "lisa-test.auth.eu-west-1.amazoncognito.com";

async fn cognito_sign_out_revokes_the_refresh_token_and_ends_the_hosted_ui_session() -> TestResult {
    // A Cognito-like provider on loopback, under Cognito's host names (the browser resolves them
    // to 127.0.0.1): its discovery document has no end_session_endpoint.
    let idp = FakeIdp::start(json!({
        "issuer": format!("http://{POOL_HOST}:{{port}}/eu-west-1_TEST"),
        "authorization_endpoint": format!("http://{DOMAIN_HOST}:{{port}}/oauth2/authorize"),
        "token_endpoint": format!("http://{DOMAIN_HOST}:{{port}}/oauth2/token"),
        "userinfo_endpoint": format!("http://{DOMAIN_HOST}:{{port}}/oauth2/userInfo"),
    }))
    .await?;
    let authority = format!("http://{POOL_HOST}:{}/eu-west-1_TEST", idp.port);
    let env = Env::start(EnvOptions {
        config: oidc_config(&authority, false),
        extra_mock_args: vec!["--oidc-issuer".into(), authority.clone()],
        browser_args: vec![format!("--host-resolver-rules=MAP {POOL_HOST} 127.0.0.1, MAP {DOMAIN_HOST} 127.0.0.1")],
        ..Default::default()
    })
    .await?;
    // Signed in through the code flow earlier in this tab: an ID token and a refresh token.
    let token = fake_id_token(&authority, "frank", &[ADMIN_GROUP], 3600.0);
    env.goto("/sign-in").await?;
    env.wait_css("#page-sign-in").await?;
    let seed = format!(
        "sessionStorage.setItem('lisa-admin.token', {}); sessionStorage.setItem('lisa-admin.token-source', 'oidc'); \
         sessionStorage.setItem('lisa-admin.oidc.refresh', 'refresh-1'); return 0;",
        json!(token)
    );
    env.js(&seed).await?;
    env.goto("/models").await?;
    env.wait_text("#signed-in-user", "frank").await?;
    env.click("#sign-out").await?;
    // Cognito's /logout sends the browser back to logout_uri: the sign-in page.
    let back = env.app_url("/sign-in");
    // The revocation is a beacon, which may arrive after the logout.
    env.until("the revocation, the provider's /logout and the way back", || async {
        let seen = idp.requests();
        let done = ["/oauth2/revoke", "/logout"].iter().all(|path| seen.iter().any(|r| r.path == *path));
        let url = env.client.current_url().await.ok()?.to_string();
        (done && url == back).then_some(())
    })
    .await?;
    env.wait_css("#page-sign-in").await?;
    let requests = idp.requests();
    let revoke = requests.iter().find(|r| r.method == "POST" && r.path == "/oauth2/revoke");
    ensure!(
        revoke.is_some_and(|r| r.body == format!("token=refresh-1&client_id={CLIENT_ID}")
            && r.content_type.starts_with("application/x-www-form-urlencoded")),
        "the refresh token was not revoked as Cognito expects: {requests:?}"
    );
    let logout = requests.iter().find(|r| r.path == "/logout").map(|r| r.query.clone()).unwrap_or_default();
    let want = lisa_console::auth::form_encode(&[("client_id", CLIENT_ID), ("logout_uri", &back)]);
    ensure!(logout == want, "the logout query is {logout:?}, expected {want:?}");
    for key in ["lisa-admin.token", "lisa-admin.oidc.refresh"] {
        ensure!(env.session_storage(key).await?.is_none(), "{key} is still stored after sign-out");
    }
    env.assert_no_panic().await
}

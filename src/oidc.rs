//! OIDC authorization code + PKCE against LISA's identity provider (lisa-api.md §2.1): the
//! browser side. Message formats and checks live in `lisa_console::auth`.
//!
//! The ID token is what the app sends (LISA's authorizer checks `aud` = client id). Tokens never
//! appear in the app's own URLs: the code is exchanged by `fetch`, and the callback URL is
//! replaced in history at once. The one exception is sign-out, which hands the ID token back to
//! the provider that issued it as `id_token_hint` (Okta requires it).

use lisa_console::app_config::OidcConfig;
use lisa_console::auth::{self, Discovery, EndedSession, TokenResponse};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::routes;
use crate::session::{Session, REFRESH_KEY};
use crate::storage;

const PENDING_KEY: &str = "lisa-admin.oidc.pending";
const DISCOVERY_KEY: &str = "lisa-admin.oidc.discovery";
pub const CALLBACK_PATH: &str = "/sign-in/callback";

/// What must survive the round trip to the identity provider.
#[derive(Serialize, Deserialize)]
struct Pending {
    state: String,
    nonce: String,
    verifier: String,
    return_to: String,
}

fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

pub fn redirect_uri() -> String {
    format!("{}{}", origin(), routes::href(CALLBACK_PATH))
}

async fn discovery(config: &OidcConfig) -> Result<Discovery, String> {
    // The cache is untrusted: a copy with a non-http(s) endpoint or another issuer is ignored
    // and fetched again.
    let cached = storage::get(DISCOVERY_KEY).and_then(|s| serde_json::from_str::<Discovery>(&s).ok());
    if let Some(d) = cached.filter(|d| d.check().is_ok() && d.check_issuer(&config.authority).is_ok()) {
        return Ok(d);
    }
    let url = format!("{}/.well-known/openid-configuration", config.authority);
    let response = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|_| format!("The identity provider at {} could not be reached.", config.authority))?;
    if !response.ok() {
        return Err(format!("The identity provider's discovery document answered HTTP {}.", response.status()));
    }
    let text = response.text().await.map_err(|_| "The discovery document could not be read.".to_string())?;
    let d: Discovery =
        serde_json::from_str(&text).map_err(|e| format!("The identity provider's discovery document is not usable: {e}."))?;
    d.check()?;
    d.check_issuer(&config.authority)?;
    storage::set(DISCOVERY_KEY, &text);
    Ok(d)
}

fn random_token(bytes: usize) -> Result<String, String> {
    let mut buf = vec![0u8; bytes];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).ok_or("This browser has no Web Crypto.")?;
    crypto.get_random_values_with_u8_array(&mut buf).map_err(|_| "Random numbers are unavailable.".to_string())?;
    Ok(auth::base64url_encode(&buf))
}

async fn sha256(data: &str) -> Result<Vec<u8>, String> {
    let subtle = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .ok_or("This browser has no Web Crypto (HTTPS is required).")?;
    let bytes = js_sys::Uint8Array::from(data.as_bytes());
    let promise = subtle
        .digest_with_str_and_buffer_source("SHA-256", &bytes)
        .map_err(|_| "SHA-256 is unavailable.".to_string())?;
    let digest = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| "SHA-256 failed.".to_string())?;
    Ok(js_sys::Uint8Array::new(&digest).to_vec())
}

/// Go to the identity provider's sign-in page; come back to `return_to` afterwards.
pub async fn start_sign_in(config: &OidcConfig, return_to: &str) -> Result<(), String> {
    let d = discovery(config).await?;
    let pending = Pending {
        state: random_token(16)?,
        nonce: random_token(16)?,
        verifier: random_token(48)?,
        // Checked again when followed: sessionStorage is untrusted.
        return_to: return_to.to_string(),
    };
    let challenge = auth::base64url_encode(&sha256(&pending.verifier).await?);
    let redirect = redirect_uri();
    let url = auth::AuthorizationRequest {
        authorization_endpoint: &d.authorization_endpoint,
        client_id: &config.client_id,
        redirect_uri: &redirect,
        scopes: &config.scopes,
        state: &pending.state,
        nonce: &pending.nonce,
        code_challenge: &challenge,
    }
    .url();
    let json = serde_json::to_string(&pending).map_err(|e| e.to_string())?;
    if !storage::set(PENDING_KEY, &json) {
        return Err("Session storage is unavailable, so the sign-in cannot be completed.".to_string());
    }
    web_sys::window()
        .ok_or("no window")?
        .location()
        .assign(&url)
        .map_err(|_| "Could not open the identity provider.".to_string())
}

/// Finish the code flow on the callback page. Returns the app path to go back to (untrusted:
/// follow it through `routes::return_target`).
pub async fn complete_sign_in(config: &OidcConfig, session: Session, query: &[(String, String)]) -> Result<String, String> {
    let get = |k: &str| query.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    // The code must not stay in the address bar or the history.
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&routes::href(CALLBACK_PATH)));
    }
    if let Some(error) = get("error") {
        let description = get("error_description").unwrap_or_default();
        return Err(format!("The identity provider refused the sign-in: {error} {description}").trim().to_string());
    }
    let pending: Pending = storage::get(PENDING_KEY)
        .and_then(|s| serde_json::from_str(&s).ok())
        .ok_or("This sign-in was not started from this tab (or it was already completed). Start again.")?;
    storage::remove(PENDING_KEY);
    if get("state").as_deref() != Some(pending.state.as_str()) {
        return Err("The sign-in response does not belong to this sign-in attempt (state mismatch). Start again.".to_string());
    }
    let code = get("code").ok_or("The identity provider sent no authorization code.")?;
    let d = discovery(config).await?;
    let body = auth::code_exchange_body(&code, &redirect_uri(), &config.client_id, &pending.verifier);
    let tokens = token_request(&d.token_endpoint, body).await?;
    session.sign_in_oidc(&tokens.id_token, tokens.refresh_token.as_deref(), &pending.nonce)?;
    Ok(pending.return_to)
}

async fn token_request(endpoint: &str, body: String) -> Result<TokenResponse, String> {
    let response = gloo_net::http::Request::post(endpoint)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .map_err(|_| "Could not build the token request.".to_string())?
        .send()
        .await
        .map_err(|_| "The identity provider's token endpoint could not be reached (check its CORS settings).".to_string())?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if !(200..300).contains(&status) {
        let reason = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("error_description").or_else(|| v.get("error")).and_then(|e| e.as_str()).map(String::from))
            .unwrap_or_else(|| format!("HTTP {status}"));
        return Err(format!("The identity provider did not issue tokens: {reason}."));
    }
    serde_json::from_str(&text).map_err(|e| format!("The identity provider's token response is not usable: {e}."))
}

/// Renew silently with the refresh token, if the identity provider gave one.
pub async fn renew(config: &OidcConfig, session: Session) -> Result<(), String> {
    let refresh = storage::get(REFRESH_KEY).ok_or("no refresh token")?;
    let d = discovery(config).await?;
    let tokens = token_request(&d.token_endpoint, auth::refresh_body(&refresh, &config.client_id)).await?;
    let refresh = tokens.refresh_token.unwrap_or(refresh);
    session.renew_oidc(&tokens.id_token, Some(&refresh))
}

/// End the identity provider's session too (`lisa_console::auth::sign_out_plan`: RP-initiated
/// logout, or Cognito's revoke and `/logout`). `false` when there is nothing to go to, and the
/// caller shows the sign-in page itself.
pub async fn sign_out_at_idp(config: &OidcConfig, ended: EndedSession) -> bool {
    let Ok(d) = discovery(config).await else { return false };
    let back = format!("{}{}", origin(), routes::href(routes::SIGN_IN));
    let plan = auth::sign_out_plan(&d, &config.authority, &config.client_id, &ended, &back);
    if let Some(revoke) = plan.revoke {
        // A beacon: a form POST that is delivered even as this page leaves for the logout.
        let sent = web_sys::UrlSearchParams::new_with_str(&revoke.body)
            .ok()
            .zip(web_sys::window())
            .is_some_and(|(form, w)| w.navigator().send_beacon_with_opt_url_search_params(&revoke.url, Some(&form)).unwrap_or(false));
        if !sent {
            web_sys::console::warn_1(&"LISA Admin could not send the refresh token's revocation".into());
        }
    }
    let Some(url) = plan.logout_url else { return false };
    web_sys::window().is_some_and(|w| w.location().assign(&url).is_ok())
}

/// Query pairs of the current URL.
pub fn current_query() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return Vec::new() };
    let mut out = Vec::new();
    let iter = js_sys::try_iter(&params).ok().flatten();
    if let Some(iter) = iter {
        for entry in iter.flatten() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k, v));
            }
        }
    }
    out
}

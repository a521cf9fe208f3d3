//! Sign-in logic in plain Rust (lisa-api.md §2): reading JWT claims, deciding admin status from
//! the groups claim, the OIDC authorization-code + PKCE messages, and the LISA UI's stored
//! session. Nothing here verifies signatures: LISA's authorizer does that on every request, and
//! the server's 403 stays the authority. The client reads claims only to decide what to show.

use serde::Deserialize;
use serde_json::Value;

pub use lisa_api::jwt::{base64url_decode, base64url_encode, claim_at, groups_from_claims, jwt_payload};

use crate::url::encode_component;

/// Who is signed in, as far as the token says.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    /// `cognito:username`, else `sub` (LISA's authorizer ignores a plain `username` claim).
    pub username: Option<String>,
    pub groups: Vec<String>,
    /// Seconds since the epoch.
    pub expires_at: Option<f64>,
}

pub fn identity(token: &str, groups_claim: &str) -> Option<Identity> {
    let claims = jwt_payload(token)?;
    let username = claims
        .get("cognito:username")
        .or_else(|| claims.get("sub"))
        .and_then(Value::as_str)
        .map(String::from);
    Some(Identity {
        username,
        groups: groups_from_claims(&claims, groups_claim),
        expires_at: claims.get("exp").and_then(Value::as_f64),
    })
}

/// Whether to show admin-only actions. The server re-checks on every change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminStatus {
    Admin,
    /// The token names its groups and the admin group is not among them.
    NotAdmin { admin_group: String },
    /// Not a JWT (API token, management key), or no admin group configured: let the server say.
    Unknown,
}

pub fn admin_status(token: &str, groups_claim: &str, admin_group: &str) -> AdminStatus {
    if admin_group.is_empty() {
        return AdminStatus::Unknown;
    }
    match jwt_payload(token) {
        None => AdminStatus::Unknown,
        Some(claims) => {
            if groups_from_claims(&claims, groups_claim).iter().any(|g| g == admin_group) {
                AdminStatus::Admin
            } else {
                AdminStatus::NotAdmin { admin_group: admin_group.to_string() }
            }
        }
    }
}

/// The part of `/.well-known/openid-configuration` the app uses.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}

impl Discovery {
    /// The endpoints must be http(s) URLs. The app navigates to two of them, and the document
    /// is cached in sessionStorage, which is untrusted: a `javascript:` endpoint there would
    /// run as this app.
    pub fn check(&self) -> Result<(), String> {
        let endpoints = [
            ("authorization_endpoint", Some(&self.authorization_endpoint)),
            ("token_endpoint", Some(&self.token_endpoint)),
            ("end_session_endpoint", self.end_session_endpoint.as_ref()),
        ];
        match endpoints.iter().find(|(_, url)| url.is_some_and(|u| !crate::app_config::is_http_url(u))) {
            Some((name, _)) => Err(format!("The identity provider's discovery document is not usable: {name} is not an http(s) URL.")),
            None => Ok(()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct TokenResponse {
    /// LISA's authorizer checks `aud` = client id, so the ID token is what gets sent.
    pub id_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub expires_in: Option<u64>,
}

/// The authorization request of the code flow with PKCE (S256).
pub struct AuthorizationRequest<'a> {
    pub authorization_endpoint: &'a str,
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub scopes: &'a str,
    pub state: &'a str,
    pub nonce: &'a str,
    pub code_challenge: &'a str,
}

impl AuthorizationRequest<'_> {
    pub fn url(&self) -> String {
        let separator = if self.authorization_endpoint.contains('?') { '&' } else { '?' };
        let pairs = [
            ("response_type", "code"),
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
            ("scope", self.scopes),
            ("state", self.state),
            ("nonce", self.nonce),
            ("code_challenge", self.code_challenge),
            ("code_challenge_method", "S256"),
        ];
        format!("{}{separator}{}", self.authorization_endpoint, form_encode(&pairs))
    }
}

/// `application/x-www-form-urlencoded` body.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v))).collect::<Vec<_>>().join("&")
}

pub fn code_exchange_body(code: &str, redirect_uri: &str, client_id: &str, code_verifier: &str) -> String {
    form_encode(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("client_id", client_id),
        ("code_verifier", code_verifier),
    ])
}

/// No `scope`: the renewal keeps what was granted (asking again for a scope the IdP dropped,
/// e.g. `profile`, makes some IdPs refuse the refresh).
pub fn refresh_body(refresh_token: &str, client_id: &str) -> String {
    form_encode(&[("grant_type", "refresh_token"), ("refresh_token", refresh_token), ("client_id", client_id)])
}

/// Checks on an ID token the client just received: the right audience, our nonce, not
/// expired. (Its signature is LISA's authorizer's business.)
pub fn check_id_token(id_token: &str, client_id: &str, expected_nonce: Option<&str>, now_secs: f64) -> Result<(), String> {
    let claims = jwt_payload(id_token).ok_or("the identity provider's ID token is not a JWT")?;
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => a == client_id,
        Some(Value::Array(items)) => items.iter().any(|a| a.as_str() == Some(client_id)),
        _ => false,
    };
    if !aud_ok {
        return Err(format!("the ID token is not for client {client_id} (its aud differs); LISA would reject it"));
    }
    if let Some(nonce) = expected_nonce {
        if claims.get("nonce").and_then(Value::as_str) != Some(nonce) {
            return Err("the ID token's nonce does not match this sign-in attempt".to_string());
        }
    }
    if let Some(exp) = claims.get("exp").and_then(Value::as_f64) {
        if exp <= now_secs {
            return Err("the ID token has already expired (is this computer's clock right?)".to_string());
        }
    }
    Ok(())
}

/// The key under which the LISA UI (oidc-client-ts) keeps its session in sessionStorage.
pub fn lisa_ui_session_key(authority: &str, client_id: &str) -> String {
    format!("oidc.user:{authority}:{client_id}")
}

/// The ID token of a stored LISA UI session, if present and not expired.
pub fn lisa_ui_id_token(stored: &str, now_secs: f64) -> Option<String> {
    let value: Value = serde_json::from_str(stored).ok()?;
    let token = value.get("id_token")?.as_str()?.trim().to_string();
    if token.is_empty() {
        return None;
    }
    let expires_at = value
        .get("expires_at")
        .and_then(Value::as_f64)
        .or_else(|| jwt_payload(&token).and_then(|c| c.get("exp").and_then(Value::as_f64)));
    match expires_at {
        Some(exp) if exp <= now_secs => None,
        _ => Some(token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &Value) -> String {
        format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", base64url_encode(payload.to_string().as_bytes()))
    }

    #[test]
    fn discovery_endpoints_must_be_http_urls() {
        let d = |endpoint: &str| Discovery {
            issuer: "https://idp.example.com".into(),
            authorization_endpoint: "https://idp.example.com/authorize".into(),
            token_endpoint: "https://idp.example.com/token".into(),
            end_session_endpoint: Some(endpoint.into()),
        };
        assert_eq!(d("https://idp.example.com/logout").check(), Ok(()));
        for bad in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x", "//idp.example.com/x", ""] {
            assert!(d(bad).check().unwrap_err().contains("end_session_endpoint"), "{bad}");
        }
        let mut no_logout = d("x");
        no_logout.end_session_endpoint = None;
        assert_eq!(no_logout.check(), Ok(()));
        no_logout.authorization_endpoint = "javascript:alert(1)//".into();
        assert!(no_logout.check().unwrap_err().contains("authorization_endpoint"));
    }

    #[test]
    fn identity_and_admin_status_from_groups_claim() {
        let token = jwt(&serde_json::json!({"sub":"u-1","cognito:username":"alice","cognito:groups":["lisa-admins","x"],"exp":2000000000}));
        let id = identity(&token, "cognito:groups").unwrap();
        assert_eq!(id.username.as_deref(), Some("alice"));
        assert_eq!(id.groups, ["lisa-admins", "x"]);
        assert_eq!(admin_status(&token, "cognito:groups", "lisa-admins"), AdminStatus::Admin);
        assert_eq!(
            admin_status(&token, "cognito:groups", "other"),
            AdminStatus::NotAdmin { admin_group: "other".into() }
        );
        assert_eq!(admin_status("demo-admin-token", "cognito:groups", "lisa-admins"), AdminStatus::Unknown);
        let nested = jwt(&serde_json::json!({"realm_access":{"roles":"a b"}}));
        assert_eq!(groups_from_claims(&jwt_payload(&nested).unwrap(), "realm_access.roles"), ["a", "b"]);
    }

    #[test]
    fn authorization_url_carries_pkce() {
        let url = AuthorizationRequest {
            authorization_endpoint: "https://idp/auth",
            client_id: "c",
            redirect_uri: "https://app/admin/sign-in/callback",
            scopes: "openid profile",
            state: "s",
            nonce: "n",
            code_challenge: "ch",
        }
        .url();
        assert_eq!(
            url,
            "https://idp/auth?response_type=code&client_id=c&redirect_uri=https%3A%2F%2Fapp%2Fadmin%2Fsign-in%2Fcallback&scope=openid%20profile&state=s&nonce=n&code_challenge=ch&code_challenge_method=S256"
        );
    }

    #[test]
    fn id_token_checks() {
        let good = jwt(&serde_json::json!({"aud":"c","nonce":"n","exp":100.0}));
        assert!(check_id_token(&good, "c", Some("n"), 50.0).is_ok());
        assert!(check_id_token(&good, "other", Some("n"), 50.0).unwrap_err().contains("aud"));
        assert!(check_id_token(&good, "c", Some("m"), 50.0).unwrap_err().contains("nonce"));
        assert!(check_id_token(&good, "c", Some("n"), 150.0).unwrap_err().contains("expired"));
    }

    #[test]
    fn lisa_ui_session_reuse() {
        assert_eq!(lisa_ui_session_key("https://idp", "cid"), "oidc.user:https://idp:cid");
        let stored = serde_json::json!({"id_token":"tok","expires_at":200}).to_string();
        assert_eq!(lisa_ui_id_token(&stored, 100.0).as_deref(), Some("tok"));
        assert_eq!(lisa_ui_id_token(&stored, 300.0), None);
        assert_eq!(lisa_ui_id_token("not json", 0.0), None);
        assert_eq!(lisa_ui_id_token(r#"{"id_token":""}"#, 0.0), None);
    }
}

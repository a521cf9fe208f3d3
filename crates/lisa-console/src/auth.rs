//! Sign-in logic in plain Rust (lisa-api.md §2): reading JWT claims, deciding admin status from
//! the groups claim, the OIDC authorization-code + PKCE messages, which tokens the UI accepts and
//! from where (`id_token`, with the LISA UI's stored session), and sign-out at the identity
//! provider (`sign_out`). Nothing here verifies signatures: LISA's authorizer does that on every
//! request, and the server's 403 stays the authority. The client reads claims only to decide what
//! to show.

mod id_token;
mod sign_out;

pub use id_token::{check_ui_token, lisa_ui_session, lisa_ui_session_key, LisaUiSession, OidcClient, TokenOrigin, TokenProblem, TokenRules};
pub use sign_out::{is_cognito_authority, sign_out_plan, EndedSession, FormPost, SignOutPlan};

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

    /// A discovery document must name the configured authority as its issuer (trailing slash
    /// aside), whether just fetched or read back from the cache: its endpoints would otherwise
    /// issue tokens LISA refuses, or belong to someone else.
    pub fn check_issuer(&self, authority: &str) -> Result<(), String> {
        let (issuer, authority) = (self.issuer.trim_end_matches('/'), authority.trim_end_matches('/'));
        if issuer == authority {
            Ok(())
        } else {
            Err(format!("The identity provider's discovery document names the issuer \"{issuer}\", not {authority} (auth.oidc.authority)."))
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
    fn discovery_must_name_the_authority() {
        let d = Discovery {
            issuer: "https://idp.example.com/pool".into(),
            authorization_endpoint: "https://idp.example.com/authorize".into(),
            token_endpoint: "https://idp.example.com/token".into(),
            end_session_endpoint: None,
        };
        assert_eq!(d.check_issuer("https://idp.example.com/pool"), Ok(()));
        assert_eq!(d.check_issuer("https://idp.example.com/pool/"), Ok(()));
        let wrong = d.check_issuer("https://idp.example.com/other").unwrap_err();
        assert!(wrong.contains("https://idp.example.com/pool") && wrong.contains("auth.oidc.authority"), "{wrong}");
        assert!(d.check_issuer("https://idp.example.com").is_err());
    }
}

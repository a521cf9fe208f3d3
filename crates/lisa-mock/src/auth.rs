//! The two authentication front doors (lisa-api.md §2): API Gateway's Lambda authorizer for
//! `/models` and `/metrics`, and the Serve API's own middleware for `/v2/serve`.
//!
//! The mock knows two credentials: the admin token (a member of the admin group, like LISA's
//! management key) and the user token (a valid user in no group). On the Serve API they are
//! LISA's management key (user `management-token`) and an API token of user `demo-user`; OIDC
//! ID tokens are the third kind.

use crate::config::Config;
use crate::errors::{gateway_explicit_deny, gateway_unauthorized, serve_unauthorized};
use crate::http::{Reply, Req};
use crate::state::Caller;

/// What the authorizer extracts from `Authorization`: a leading `Bearer `/`bearer ` is
/// stripped, whitespace trimmed; a raw token works too.
pub fn extract_token(header: &str) -> &str {
    let trimmed = header.trim_start();
    let rest = trimmed.strip_prefix("Bearer ").or_else(|| trimmed.strip_prefix("bearer ")).unwrap_or(trimmed);
    rest.trim()
}

fn resolve(token: &str, config: &Config) -> Option<Caller> {
    if token.is_empty() {
        None
    } else if token == config.admin_token {
        Some(Caller::Admin)
    } else if token == config.user_token {
        Some(Caller::User { groups: Vec::new() })
    } else {
        resolve_jwt(token, config)
    }
}

fn resolve_jwt(token: &str, config: &Config) -> Option<Caller> {
    jwt_identity(token, config).map(|(caller, _)| caller)
}

/// LISA's authorizer step (c): `iss` must equal the authority exactly, `aud` the client id,
/// and `exp`/`nbf` must hold. Admin = member of the admin group at the groups-claim path.
fn jwt_identity(token: &str, config: &Config) -> Option<(Caller, serde_json::Value)> {
    let oidc = config.oidc.as_ref().filter(|o| !o.issuer.is_empty())?;
    let claims = lisa_api::jwt::jwt_payload(token)?;
    if claims.get("iss").and_then(|v| v.as_str()) != Some(oidc.issuer.as_str()) {
        return None;
    }
    let aud_ok = match claims.get("aud") {
        Some(serde_json::Value::String(a)) => *a == oidc.client_id,
        Some(serde_json::Value::Array(items)) => items.iter().any(|a| a.as_str() == Some(oidc.client_id.as_str())),
        _ => false,
    };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
    let exp_ok = claims.get("exp").and_then(|v| v.as_f64()).is_some_and(|exp| exp > now);
    let nbf_ok = claims.get("nbf").and_then(|v| v.as_f64()).is_none_or(|nbf| nbf <= now + 5.0);
    if !(aud_ok && exp_ok && nbf_ok) {
        return None;
    }
    let groups = lisa_api::jwt::groups_from_claims(&claims, &oidc.groups_claim);
    if groups.contains(&oidc.admin_group) {
        Some((Caller::Admin, claims))
    } else {
        Some((Caller::User { groups }, claims))
    }
}

/// API Gateway: no header (or an empty one: API Gateway treats an empty identity source as
/// missing) → 401 before the authorizer runs; an unknown token → the authorizer's Deny, 403.
/// Neither answer carries CORS headers.
pub fn gateway(req: &Req, config: &Config) -> Result<Caller, Reply> {
    let Some(raw) = req.headers.get("authorization") else { return Err(gateway_unauthorized()) };
    let Ok(value) = raw.to_str() else { return Err(gateway_explicit_deny()) };
    if value.trim().is_empty() {
        return Err(gateway_unauthorized());
    }
    resolve(extract_token(value), config).ok_or_else(gateway_explicit_deny)
}

/// How a Serve API caller authenticated (it decides the metrics event, lisa-serve.md §13).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    ApiToken,
    ManagementKey,
    IdToken,
}

/// A Serve API caller: who, and with which kind of credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeIdentity {
    pub caller: Caller,
    pub username: String,
    pub kind: TokenKind,
}

/// The username LISA's serve middleware gives the management key.
pub const MANAGEMENT_USERNAME: &str = "management-token";
/// The username stored with the mock's API token (the user token).
pub const API_TOKEN_USERNAME: &str = "demo-user";

fn serve_resolve(token: &str, config: &Config, api_key_header: bool) -> Option<ServeIdentity> {
    if token.is_empty() {
        return None;
    }
    if token == config.user_token {
        let caller = Caller::User { groups: Vec::new() };
        return Some(ServeIdentity { caller, username: API_TOKEN_USERNAME.into(), kind: TokenKind::ApiToken });
    }
    // Only API tokens are read from `Api-Key`.
    if api_key_header {
        return None;
    }
    if token == config.admin_token {
        return Some(ServeIdentity { caller: Caller::Admin, username: MANAGEMENT_USERNAME.into(), kind: TokenKind::ManagementKey });
    }
    let (caller, claims) = jwt_identity(token, config)?;
    let username = ["cognito:username", "username", "sub"]
        .iter()
        .find_map(|k| claims.get(*k).and_then(|v| v.as_str()))
        .unwrap_or("")
        .to_string();
    Some(ServeIdentity { caller, username, kind: TokenKind::IdToken })
}

/// Serve API (§3): an API token in `Authorization` (optional `Bearer`) or `Api-Key`, the
/// management key or an OIDC ID token in `Authorization`; anything else is the CORS-less 401.
pub fn serve_identity(req: &Req, config: &Config) -> Result<ServeIdentity, Reply> {
    let from_auth = req.header("authorization").and_then(|v| serve_resolve(extract_token(v), config, false));
    let from_key = || req.header("api-key").and_then(|v| serve_resolve(v.trim(), config, true));
    from_auth.or_else(from_key).ok_or_else(serve_unauthorized)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: serde_json::Value) -> String {
        format!("e30.{}.sig", lisa_api::jwt::base64url_encode(claims.to_string().as_bytes()))
    }

    #[test]
    fn oidc_id_tokens_follow_the_authorizer_rules() {
        let mut config = Config::default();
        config.oidc = Some(crate::config::OidcAuth {
            issuer: "http://idp".into(),
            client_id: "lisa-admin".into(),
            groups_claim: "cognito:groups".into(),
            admin_group: "lisa-admins".into(),
        });
        let admin = jwt(serde_json::json!({"iss":"http://idp","aud":"lisa-admin","exp":4e9,"cognito:groups":["lisa-admins"]}));
        assert_eq!(resolve(&admin, &config), Some(Caller::Admin));
        let user = jwt(serde_json::json!({"iss":"http://idp","aud":["lisa-admin"],"exp":4e9,"cognito:groups":["g"]}));
        assert_eq!(resolve(&user, &config), Some(Caller::User { groups: vec!["g".into()] }));
        for bad in [
            serde_json::json!({"iss":"http://idp/","aud":"lisa-admin","exp":4e9}),
            serde_json::json!({"iss":"http://idp","aud":"other","exp":4e9}),
            serde_json::json!({"iss":"http://idp","aud":"lisa-admin","exp":1}),
        ] {
            assert_eq!(resolve(&jwt(bad), &config), None);
        }
        config.oidc = None;
        assert_eq!(resolve(&admin, &config), None);
    }

    #[test]
    fn serve_callers_by_kind() {
        let config = Config::default();
        let kind = |token: &str, api_key: bool| serve_resolve(token, &config, api_key).map(|i| (i.kind, i.username));
        assert_eq!(kind("demo-user-token", true), Some((TokenKind::ApiToken, "demo-user".into())));
        assert_eq!(kind("demo-admin-token", false), Some((TokenKind::ManagementKey, "management-token".into())));
        assert_eq!(kind("demo-admin-token", true), None, "the management key only counts in Authorization");
        assert_eq!(kind("other", false), None);
    }

    #[test]
    fn token_forms() {
        assert_eq!(extract_token("Bearer abc"), "abc");
        assert_eq!(extract_token("bearer  abc "), "abc");
        assert_eq!(extract_token("abc"), "abc");
        assert_eq!(extract_token("Bearer "), "");
        assert_eq!(extract_token("BEARER abc"), "BEARER abc");
    }
}

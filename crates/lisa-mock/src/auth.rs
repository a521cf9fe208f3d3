//! The two authentication front doors (lisa-api.md §2): API Gateway's Lambda authorizer for
//! `/models` and `/metrics`, and the Serve API's own middleware for `/v2/serve`.
//!
//! The mock knows two credentials: the admin token (a member of the admin group, like LISA's
//! management key) and the user token (a valid user in no group).

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
        None
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

/// Serve API (§2.4): `Authorization` (optional `Bearer`) or `Api-Key`; anything else is 401.
pub fn serve(req: &Req, config: &Config) -> Result<Caller, Reply> {
    let from_auth = req.header("authorization").and_then(|v| resolve(extract_token(v), config));
    let from_key = req.header("api-key").and_then(|v| resolve(v.trim(), config));
    from_auth.or(from_key).ok_or_else(serve_unauthorized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_forms() {
        assert_eq!(extract_token("Bearer abc"), "abc");
        assert_eq!(extract_token("bearer  abc "), "abc");
        assert_eq!(extract_token("abc"), "abc");
        assert_eq!(extract_token("Bearer "), "");
        assert_eq!(extract_token("BEARER abc"), "BEARER abc");
    }
}

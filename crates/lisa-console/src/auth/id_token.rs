//! Whether a token may be used by the UI: one set of rules for every source (the OIDC code flow,
//! its renewal, the LISA UI's session in this tab, the embedding page, a pasted token, the copy
//! kept in sessionStorage).
//!
//! They mirror LISA's authorizer (lisa-api.md §2.1): a JWT is accepted only as an OIDC ID token
//! whose `iss` equals the authority and whose `aud` is the client id, not expired. The console
//! checks claims only (LISA checks signatures on every request); the point is never to show an
//! admin UI for a token LISA will refuse, or one that belongs to someone else. A token that is
//! not a JWT (a LISA API token, the management key) can only be judged by LISA.

use serde_json::Value;

use super::jwt_payload;

/// Where a token came from, which decides what it may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenOrigin {
    /// Pasted by the admin, or handed over by the embedding page: a token that is not a JWT is
    /// LISA's to judge; a JWT must pass the ID-token rules.
    HandedOver,
    /// The code flow, its renewal, the LISA UI's session: only an ID token will do.
    Oidc,
}

/// The OIDC client in `config.json` (`auth.oidc`): the tokens LISA accepts are its ID tokens.
#[derive(Clone, Copy, Debug)]
pub struct OidcClient<'a> {
    pub authority: &'a str,
    pub client_id: &'a str,
}

/// What the token is checked against.
#[derive(Clone, Copy, Debug)]
pub struct TokenRules<'a> {
    pub origin: TokenOrigin,
    /// `None` when config.json names no OIDC client: then only a JWT's expiry can be checked.
    pub client: Option<OidcClient<'a>>,
    /// The nonce of this sign-in attempt (code flow only).
    pub nonce: Option<&'a str>,
    /// On renewal, the token being replaced: the new one must name the same `sub` and `iss`.
    pub replaces: Option<&'a str>,
}

impl<'a> TokenRules<'a> {
    pub fn new(origin: TokenOrigin, client: Option<OidcClient<'a>>) -> Self {
        TokenRules { origin, client, nonce: None, replaces: None }
    }
}

/// Why a token is not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    /// Past its `exp`. (A stored token that expired is still shown, with "sign in again".)
    Expired,
    Refused(String),
}

impl std::fmt::Display for TokenProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenProblem::Expired => f.write_str("the token has already expired (is this computer's clock right?)"),
            TokenProblem::Refused(why) => f.write_str(why),
        }
    }
}

fn refuse(why: impl Into<String>) -> TokenProblem {
    TokenProblem::Refused(why.into())
}

/// The one check every token source goes through. `Ok` holds the token's `exp` (seconds since
/// the epoch) when it is a JWT that has one.
pub fn check_ui_token(token: &str, rules: &TokenRules, now_secs: f64) -> Result<Option<f64>, TokenProblem> {
    let Some(claims) = jwt_payload(token) else {
        return match rules.origin {
            TokenOrigin::HandedOver => Ok(None),
            TokenOrigin::Oidc => Err(refuse("the identity provider's ID token is not a JWT")),
        };
    };
    let exp = claims.get("exp").and_then(Value::as_f64);
    let Some(client) = rules.client else {
        if rules.origin == TokenOrigin::Oidc {
            return Err(refuse("no OIDC client is configured (auth.oidc in config.json)"));
        }
        return match exp {
            Some(exp) if exp <= now_secs => Err(TokenProblem::Expired),
            _ => Ok(exp),
        };
    };
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    let authority = client.authority.trim_end_matches('/');
    let iss = text("iss").unwrap_or_default();
    if iss.trim_end_matches('/') != authority {
        return Err(refuse(format!("the token was issued by \"{iss}\", not by {authority} (auth.oidc.authority); LISA would reject it")));
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let id = client.client_id;
    if !audiences.contains(&id) {
        return Err(refuse(format!("the token is not an ID token for client {id} (its aud differs); LISA would reject it")));
    }
    // OpenID Connect Core 3.1.3.7: with several audiences, `azp` must name this client.
    let azp = text("azp");
    if (audiences.len() > 1 && azp.is_none()) || azp.is_some_and(|a| a != id) {
        return Err(refuse(format!("the token was issued to another party (azp), not to client {id}")));
    }
    if let Some(nonce) = rules.nonce {
        if text("nonce") != Some(nonce) {
            return Err(refuse("the ID token's nonce does not match this sign-in attempt"));
        }
    }
    if let Some(previous) = rules.replaces.and_then(jwt_payload) {
        let same = |name: &str| previous.get(name).and_then(Value::as_str) == text(name);
        if !same("sub") || !same("iss") {
            return Err(refuse("the renewed token belongs to another user (sub or iss changed)"));
        }
    }
    match exp {
        None => Err(refuse("the ID token has no expiry (exp)")),
        Some(exp) if exp <= now_secs => Err(TokenProblem::Expired),
        Some(exp) => Ok(Some(exp)),
    }
}

/// The key under which the LISA UI (oidc-client-ts) keeps its session in sessionStorage.
pub fn lisa_ui_session_key(authority: &str, client_id: &str) -> String {
    format!("oidc.user:{authority}:{client_id}")
}

/// A usable LISA UI session: its ID token, and when it stops being usable.
#[derive(Clone, Debug, PartialEq)]
pub struct LisaUiSession {
    pub id_token: String,
    /// The earlier of the ID token's `exp` and the session's `expires_at` (which oidc-client-ts
    /// takes from the access token): LISA refuses the ID token after its own `exp`.
    pub expires_at: f64,
}

/// The LISA UI's stored session, if its ID token passes the rules and has not expired.
pub fn lisa_ui_session(stored: &str, client: OidcClient, now_secs: f64) -> Option<LisaUiSession> {
    let value: Value = serde_json::from_str(stored).ok()?;
    let id_token = value.get("id_token")?.as_str()?.trim().to_string();
    let exp = check_ui_token(&id_token, &TokenRules::new(TokenOrigin::Oidc, Some(client)), now_secs).ok()??;
    let expires_at = value.get("expires_at").and_then(Value::as_f64).map_or(exp, |at| at.min(exp));
    (expires_at > now_secs).then_some(LisaUiSession { id_token, expires_at })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jwt(payload: &Value) -> String {
        format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", super::super::base64url_encode(payload.to_string().as_bytes()))
    }

    const CLIENT: OidcClient = OidcClient { authority: "https://idp.example.com/pool", client_id: "c" };

    fn oidc() -> TokenRules<'static> {
        TokenRules::new(TokenOrigin::Oidc, Some(CLIENT))
    }

    fn good() -> Value {
        json!({"iss": "https://idp.example.com/pool", "aud": "c", "sub": "u1", "nonce": "n", "exp": 100.0})
    }

    fn with(changes: Value) -> String {
        let mut claims = good();
        for (k, v) in changes.as_object().into_iter().flatten() {
            if v.is_null() {
                claims.as_object_mut().map(|c| c.remove(k));
            } else {
                claims[k] = v.clone();
            }
        }
        jwt(&claims)
    }

    fn refused(result: Result<Option<f64>, TokenProblem>, needle: &str) {
        match result {
            Err(TokenProblem::Refused(why)) => assert!(why.contains(needle), "{why:?} lacks {needle:?}"),
            other => panic!("expected a refusal mentioning {needle:?}, got {other:?}"),
        }
    }

    #[test]
    fn a_good_id_token_passes_and_gives_its_expiry() {
        assert_eq!(check_ui_token(&jwt(&good()), &oidc(), 50.0), Ok(Some(100.0)));
        let rules = TokenRules { nonce: Some("n"), replaces: Some(&jwt(&good())), ..oidc() };
        assert_eq!(check_ui_token(&with(json!({"exp": 200.0})), &rules, 150.0), Ok(Some(200.0)));
    }

    #[test]
    fn iss_must_be_the_authority_trailing_slash_aside() {
        assert!(check_ui_token(&with(json!({"iss": "https://idp.example.com/pool/"})), &oidc(), 50.0).is_ok());
        let slash = OidcClient { authority: "https://idp.example.com/pool/", client_id: "c" };
        assert!(check_ui_token(&jwt(&good()), &TokenRules::new(TokenOrigin::Oidc, Some(slash)), 50.0).is_ok());
        refused(check_ui_token(&with(json!({"iss": "https://evil.example.com/pool"})), &oidc(), 50.0), "issued by");
        refused(check_ui_token(&with(json!({"iss": "https://idp.example.com/other"})), &oidc(), 50.0), "issued by");
        refused(check_ui_token(&with(json!({"iss": null})), &oidc(), 50.0), "issued by");
        refused(check_ui_token(&with(json!({"iss": 5})), &oidc(), 50.0), "issued by");
    }

    #[test]
    fn aud_must_name_the_client() {
        refused(check_ui_token(&with(json!({"aud": "other"})), &oidc(), 50.0), "aud");
        refused(check_ui_token(&with(json!({"aud": null})), &oidc(), 50.0), "aud");
        refused(check_ui_token(&with(json!({"aud": ["other"]})), &oidc(), 50.0), "aud");
        assert!(check_ui_token(&with(json!({"aud": ["c"]})), &oidc(), 50.0).is_ok());
    }

    #[test]
    fn several_audiences_need_azp_naming_the_client() {
        refused(check_ui_token(&with(json!({"aud": ["c", "other"]})), &oidc(), 50.0), "azp");
        refused(check_ui_token(&with(json!({"aud": ["c", "other"], "azp": "other"})), &oidc(), 50.0), "azp");
        assert!(check_ui_token(&with(json!({"aud": ["c", "other"], "azp": "c"})), &oidc(), 50.0).is_ok());
        refused(check_ui_token(&with(json!({"azp": "other"})), &oidc(), 50.0), "azp");
    }

    #[test]
    fn exp_is_required_and_checked() {
        refused(check_ui_token(&with(json!({"exp": null})), &oidc(), 50.0), "no expiry");
        refused(check_ui_token(&with(json!({"exp": "soon"})), &oidc(), 50.0), "no expiry");
        assert_eq!(check_ui_token(&jwt(&good()), &oidc(), 100.0), Err(TokenProblem::Expired));
        // A token both expired and wrong is refused for being wrong.
        refused(check_ui_token(&with(json!({"aud": "x"})), &oidc(), 500.0), "aud");
    }

    #[test]
    fn nonce_when_expected() {
        let rules = TokenRules { nonce: Some("n"), ..oidc() };
        assert!(check_ui_token(&jwt(&good()), &rules, 50.0).is_ok());
        refused(check_ui_token(&with(json!({"nonce": "m"})), &rules, 50.0), "nonce");
        refused(check_ui_token(&with(json!({"nonce": null})), &rules, 50.0), "nonce");
    }

    #[test]
    fn renewal_keeps_sub_and_iss() {
        let before = jwt(&good());
        let rules = TokenRules { replaces: Some(&before), ..oidc() };
        assert!(check_ui_token(&with(json!({"exp": 300.0})), &rules, 50.0).is_ok());
        refused(check_ui_token(&with(json!({"sub": "u2"})), &rules, 50.0), "another user");
        refused(check_ui_token(&with(json!({"sub": null})), &rules, 50.0), "another user");
        // The same iss, exactly: even a trailing slash more or less is another issuer string.
        let other_before = with(json!({"iss": "https://idp.example.com/pool/"}));
        let rules = TokenRules { replaces: Some(&other_before), ..oidc() };
        refused(check_ui_token(&jwt(&good()), &rules, 50.0), "another user");
    }

    #[test]
    fn what_is_not_a_jwt() {
        let handed = TokenRules::new(TokenOrigin::HandedOver, Some(CLIENT));
        for token in ["demo-admin-token", "a.b", "x.!!!.y"] {
            assert_eq!(check_ui_token(token, &handed, 50.0), Ok(None), "{token}");
            refused(check_ui_token(token, &oidc(), 50.0), "not a JWT");
        }
    }

    #[test]
    fn a_handed_over_jwt_passes_the_same_rules() {
        let handed = TokenRules::new(TokenOrigin::HandedOver, Some(CLIENT));
        assert_eq!(check_ui_token(&jwt(&good()), &handed, 50.0), Ok(Some(100.0)));
        refused(check_ui_token(&with(json!({"aud": "other"})), &handed, 50.0), "aud");
        refused(check_ui_token(&with(json!({"iss": "https://evil"})), &handed, 50.0), "issued by");
        refused(check_ui_token(&with(json!({"exp": null})), &handed, 50.0), "no expiry");
        // Without an OIDC client in config.json only the expiry can be judged.
        let unknown = TokenRules::new(TokenOrigin::HandedOver, None);
        assert_eq!(check_ui_token(&with(json!({"iss": "https://evil", "exp": null})), &unknown, 50.0), Ok(None));
        assert_eq!(check_ui_token(&jwt(&good()), &unknown, 150.0), Err(TokenProblem::Expired));
        refused(check_ui_token(&jwt(&good()), &TokenRules::new(TokenOrigin::Oidc, None), 50.0), "no OIDC client");
    }

    #[test]
    fn lisa_ui_session_reuse() {
        assert_eq!(lisa_ui_session_key("https://idp", "cid"), "oidc.user:https://idp:cid");
        let session = |token: &str, expires_at: Value| json!({"id_token": token, "expires_at": expires_at}).to_string();
        let token = jwt(&good());
        // The earlier of the two expiries.
        assert_eq!(lisa_ui_session(&session(&token, json!(80)), CLIENT, 50.0).map(|s| s.expires_at), Some(80.0));
        assert_eq!(lisa_ui_session(&session(&token, json!(4e9)), CLIENT, 50.0).map(|s| s.expires_at), Some(100.0));
        assert_eq!(lisa_ui_session(&session(&token, Value::Null), CLIENT, 50.0).map(|s| s.id_token), Some(token.clone()));
        assert_eq!(lisa_ui_session(&session(&token, json!(80)), CLIENT, 90.0), None);
        assert_eq!(lisa_ui_session(&session(&token, json!(4e9)), CLIENT, 100.0), None);
        // The same rules as every token: aud, iss, exp; and it must be a JWT.
        for bad in [with(json!({"aud": "other"})), with(json!({"iss": "https://evil"})), with(json!({"exp": null})), "tok".into(), String::new()] {
            assert_eq!(lisa_ui_session(&session(&bad, json!(4e9)), CLIENT, 50.0), None, "{bad}");
        }
        assert_eq!(lisa_ui_session("not json", CLIENT, 0.0), None);
        assert_eq!(lisa_ui_session(r#"{"id_token":5}"#, CLIENT, 0.0), None);
    }
}

//! The ID token's expiry, checked before a serve call (lisa-serve.md §3, §15): LISA Serve's 401
//! has no CORS headers, so an expired token would only show as a network failure.

use lisa_api::jwt::jwt_payload;

/// Seconds of margin: a token this close to its end may expire on the way.
pub const EXPIRY_MARGIN_SECS: f64 = 10.0;

/// `Err(reason)` when `token` is a JWT whose `exp` is past (or within the margin) at `now_secs`.
/// LISA API tokens and the management key are not JWTs and carry no expiry: LISA decides.
pub fn check_expiry(token: &str, now_secs: f64) -> Result<(), String> {
    let Some(exp) = jwt_payload(token).and_then(|claims| claims.get("exp").and_then(|e| e.as_f64())) else {
        return Ok(());
    };
    if exp > now_secs + EXPIRY_MARGIN_SECS {
        return Ok(());
    }
    let ago = (now_secs - exp).max(0.0);
    let when = if ago < 60.0 {
        "moments ago".to_string()
    } else if ago < 7200.0 {
        format!("{} minutes ago", (ago / 60.0).floor())
    } else {
        format!("{} hours ago", (ago / 3600.0).floor())
    };
    Err(format!(
        "Not sent: your ID token expired {when}. LISA Serve would answer 401 without CORS headers, which the \
         browser reports only as a network failure. Sign in again, then send."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lisa_api::jwt::base64url_encode;

    fn jwt(claims: &str) -> String {
        format!("{}.{}.sig", base64url_encode(b"{\"alg\":\"RS256\"}"), base64url_encode(claims.as_bytes()))
    }

    #[test]
    fn an_expired_id_token_is_not_sent() {
        let token = jwt(r#"{"sub":"u","exp":1000}"#);
        assert!(check_expiry(&token, 900.0).is_ok());
        assert!(check_expiry(&token, 995.0).unwrap_err().contains("moments ago"), "inside the margin");
        assert!(check_expiry(&token, 1000.0 + 600.0).unwrap_err().contains("expired 10 minutes ago"));
        assert!(check_expiry(&token, 1000.0 + 3.0 * 3600.0).unwrap_err().contains("3 hours ago"));
    }

    #[test]
    fn tokens_without_expiry_are_lisas_to_judge() {
        assert!(check_expiry("demo-admin-token", 1e12).is_ok());
        assert!(check_expiry(&jwt(r#"{"sub":"u"}"#), 1e12).is_ok());
    }
}

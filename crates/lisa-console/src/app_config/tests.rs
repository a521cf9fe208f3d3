use super::*;

#[test]
fn minimal_config_gets_defaults() {
    let c = parse(r#"{"apiBaseUrl":"https://api.example.com/prod/"}"#).unwrap();
    assert_eq!(c.api_base_url, "https://api.example.com/prod");
    assert_eq!(c.serve_base_url, c.api_base_url);
    assert_eq!(c.request_timeout_ms, DEFAULT_TIMEOUT_MS);
    assert_eq!(c.auth_mode, AuthMode::Token);
}

#[test]
fn every_bad_key_is_named() {
    let errors = parse(r#"{"apiBaseUrl":"api.example.com","pollIntervalMs":"fast","auth":{"mode":"saml"}}"#)
        .unwrap_err();
    let keys: Vec<_> = errors.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["apiBaseUrl", "pollIntervalMs", "auth.mode"]);
    assert!(errors[0].to_string().contains("not an absolute http(s) URL"));
}

#[test]
fn non_json_and_non_object() {
    assert_eq!(parse("<html>").unwrap_err()[0].key, "");
    assert!(parse("[]").unwrap_err()[0].problem.contains("object"));
}

#[test]
fn oidc_mode_needs_its_settings() {
    let errors = parse(r#"{"apiBaseUrl":"https://a.b","auth":{"mode":"oidc","oidc":{"clientId":""}}}"#).unwrap_err();
    let keys: Vec<_> = errors.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["auth.oidc.authority", "auth.oidc.clientId"]);
}
#[test]
fn a_missing_serve_url_is_accepted_with_a_warning() {
    let c = parse(r#"{"apiBaseUrl":"https://api.example.com/prod"}"#).unwrap();
    assert_eq!(c.serve_base_url, c.api_base_url);
    assert_eq!(c.warnings.iter().map(|w| w.key.as_str()).collect::<Vec<_>>(), ["serveBaseUrl"]);
    assert!(c.warnings[0].problem.contains("separate"));
    let c = parse(r#"{"apiBaseUrl":"https://api.example.com/prod","serveBaseUrl":"https://serve.example.com"}"#).unwrap();
    assert!(c.warnings.is_empty());
}

#[test]
fn an_https_page_cannot_call_plain_http() {
    let text = r#"{"apiBaseUrl":"http://api.example.com/prod","serveBaseUrl":"http://serve-alb.example.com",
        "auth":{"mode":"oidc","oidc":{"authority":"http://idp.example.com","clientId":"c"}}}"#;
    let errors = parse_for_page(text, "https://admin.example.com").unwrap_err();
    let keys: Vec<_> = errors.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["apiBaseUrl", "serveBaseUrl", "auth.oidc.authority"]);
    assert!(errors.iter().all(|e| e.problem.contains("mixed content")), "{errors:?}");
    assert!(errors[1].problem.contains("certificate"), "{}", errors[1].problem);
    // Served over http, or without knowing: the same file is accepted.
    assert!(parse_for_page(text, "http://admin.example.com").is_ok());
    assert!(parse(text).is_ok());
    // A missing serveBaseUrl takes apiBaseUrl's: the problem is named once.
    let errors = parse_for_page(r#"{"apiBaseUrl":"http://api.example.com"}"#, "https://admin.example.com").unwrap_err();
    assert_eq!(errors.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["apiBaseUrl"]);
    // Only serveBaseUrl is plain HTTP: it alone is named.
    let serve_only = r#"{"apiBaseUrl":"https://api.example.com/prod","serveBaseUrl":"http://serve-alb.example.com:80/"}"#;
    let errors = parse_for_page(serve_only, "https://admin.example.com").unwrap_err();
    assert_eq!(errors.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["serveBaseUrl"]);
    // Loopback is secure to browsers.
    for host in ["localhost:8090", "127.0.0.1:8090", "[::1]:8090", "lisa.localhost"] {
        let text = format!(r#"{{"apiBaseUrl":"http://{host}","serveBaseUrl":"http://{host}/serve"}}"#);
        assert!(parse_for_page(&text, "https://admin.example.com").is_ok(), "{host}");
    }
    for not_loopback in ["localhost.evil.com", "127.evil.com", "localhost@evil.com"] {
        assert!(parse_for_page(&format!(r#"{{"apiBaseUrl":"http://{not_loopback}"}}"#), "https://a.b").is_err(), "{not_loopback}");
    }
}

#[test]
fn serve_timeouts_have_defaults_and_bounds() {
    let c = parse(r#"{"apiBaseUrl":"https://a.b"}"#).unwrap();
    assert_eq!(c.serve_timeouts, ServeTimeouts { first_token_ms: DEFAULT_SERVE_FIRST_TOKEN_MS, idle_ms: DEFAULT_SERVE_IDLE_MS });
    let c = parse(r#"{"apiBaseUrl":"https://a.b","serveFirstTokenTimeoutMs":5000,"serveIdleTimeoutMs":2000}"#).unwrap();
    assert_eq!(c.serve_timeouts, ServeTimeouts { first_token_ms: 5000, idle_ms: 2000 });
    let errors = parse(r#"{"apiBaseUrl":"https://a.b","serveFirstTokenTimeoutMs":999,"serveIdleTimeoutMs":700000}"#).unwrap_err();
    let keys: Vec<_> = errors.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["serveFirstTokenTimeoutMs", "serveIdleTimeoutMs"]);
}

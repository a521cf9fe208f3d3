//! Every row of lisa-serve.md §9, with the bodies exactly as the contract shows them.

use super::*;

fn lisa(status: u16, body: &str) -> ServeError {
    let e = decode_serve_error(status, body);
    assert_eq!(e.kind, ServeErrorKind::Lisa, "{body}");
    assert_eq!(e.status, Some(status));
    e
}

#[test]
fn lisa_auth_failures_keep_their_name_and_message() {
    let e = lisa(401, r#"{"error": "Unauthorized", "message": "Not authenticated"}"#);
    assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("Unauthorized"), Some("Not authenticated")));
    let e = lisa(401, r#"{"error":"Unauthorized","message":"Authentication failed"}"#);
    assert_eq!(e.message.as_deref(), Some("Authentication failed"));
}

#[test]
fn the_rate_limiter_speaks_openai() {
    let e = decode_serve_error(
        429,
        r#"{"error": {"message": "Rate limit exceeded. Please slow down and retry.", "type": "rate_limit_error", "code": "rate_limit_exceeded"}}"#,
    );
    assert_eq!(e.kind, ServeErrorKind::Upstream);
    assert_eq!(e.message.as_deref(), Some("Rate limit exceeded. Please slow down and retry."));
    assert_eq!((e.code.as_deref(), e.error_type.as_deref()), (Some("rate_limit_exceeded"), Some("rate_limit_error")));
}

#[test]
fn lisa_input_checks_and_the_admin_only_paths() {
    let e = lisa(400, r#"{"error":"Bad Request","message":"Request body must be valid JSON"}"#);
    assert_eq!(e.message.as_deref(), Some("Request body must be valid JSON"));
    assert_eq!(lisa(400, r#"{"error":"Bad Request","message":"Request body is required"}"#).message.as_deref(), Some("Request body is required"));
    assert_eq!(lisa(400, r#"{"error":"Bad Request","message":"Invalid JSON in request body"}"#).code.as_deref(), Some("Bad Request"));
    let e = lisa(413, r#"{"error":"Payload Too Large","message":"Request body too large"}"#);
    assert_eq!(e.code.as_deref(), Some("Payload Too Large"));
    let e = lisa(403, r#"{"error":"Forbidden","message":"Admin access required for this endpoint"}"#);
    assert_eq!(e.message.as_deref(), Some("Admin access required for this endpoint"));
    // FastAPI's own 404 and a bare error name.
    assert_eq!(lisa(404, r#"{"detail":"Not Found"}"#).message.as_deref(), Some("Not Found"));
    assert_eq!(lisa(500, r#"{"error":"Internal Server Error"}"#).message.as_deref(), Some("Internal Server Error"));
}

#[test]
fn a_null_body_is_the_hidden_upstream_error_whatever_the_status() {
    for status in [400, 404, 429, 500, 503] {
        for body in ["null", "null\n", " null "] {
            let e = decode_serve_error(status, body);
            assert_eq!(e, ServeError { status: Some(status), kind: ServeErrorKind::HiddenUpstream, message: None, code: None, error_type: None });
        }
    }
}

#[test]
fn a_stream_that_fails_before_its_first_chunk_sends_litellm_json_not_sse() {
    let guardrail = r#"{"error": {"message": "Violated guardrail policy", "type": "None", "param": "None", "code": "400",
  "provider_specific_fields": {"error": "Violated guardrail policy",
    "bedrock_guardrail_response": "Sorry, the model cannot answer this question.",
    "guardrailIdentifier": "gid123", "guardrailVersion": "DRAFT",
    "guardrail_name": "topic-guard-mistral-7b-instruct", "guardrail_mode": "pre_call", "assessments": []}}}

"#;
    let e = decode_serve_error(400, guardrail);
    assert_eq!(e.kind, ServeErrorKind::Upstream);
    assert_eq!((e.code.as_deref(), e.error_type.as_deref()), (Some("400"), None), "type \"None\" says nothing");
    assert!(e.is_guardrail_block() && !e.is_invalid_model_name());

    let invalid = r#"{"error":{"message":"/chat/completions: Invalid model name passed in model=new-model. Call `/v1/models` to view available models for your key.","type":null,"param":null,"code":"400"}}"#;
    let e = decode_serve_error(400, &format!("{invalid}\n\n"));
    assert_eq!((e.kind.clone(), e.code.as_deref(), e.error_type.as_deref()), (ServeErrorKind::Upstream, Some("400"), None));
    assert!(e.is_invalid_model_name());
    // A numeric code reads as text too.
    assert_eq!(decode_serve_error(500, r#"{"error":{"message":"x","code":500}}"#).code.as_deref(), Some("500"));
}

#[test]
fn an_error_line_inside_a_200_stream() {
    let line: Value =
        serde_json::from_str(r#"{"error":{"message":"upstream connection reset","type":"None","param":"None","code":"500"}}"#).unwrap();
    let e = stream_error_line(&line).unwrap();
    assert_eq!(e.kind, ServeErrorKind::MidStream);
    assert_eq!((e.status, e.code.as_deref(), e.message.as_deref()), (Some(200), Some("500"), Some("upstream connection reset")));
    let chunk: Value = serde_json::from_str(r#"{"choices":[{"index":0,"delta":{"content":"x"}}]}"#).unwrap();
    assert!(stream_error_line(&chunk).is_none());
}

#[test]
fn the_load_balancers_own_pages_and_empty_bodies() {
    let html = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body><center><h1>503</h1></center></body></html>";
    let e = decode_serve_error(503, html);
    assert_eq!((e.kind.clone(), e.message.as_deref()), (ServeErrorKind::Unreadable, Some("503 Service Temporarily Unavailable")));
    let e = decode_serve_error(502, "<html><title><script>x</script></title></html>");
    assert_eq!(e.message, None, "markup never becomes the message");
    assert_eq!(decode_serve_error(504, "").kind, ServeErrorKind::Unreadable);
    assert_eq!(decode_serve_error(500, "[1,2]").kind, ServeErrorKind::Unreadable);
}

#[test]
fn long_server_text_is_bounded() {
    let body = format!(r#"{{"error":{{"message":"{}","code":"400"}}}}"#, "x".repeat(50_000));
    let e = decode_serve_error(400, &body);
    assert!(e.message.unwrap().chars().count() <= 1001);
}

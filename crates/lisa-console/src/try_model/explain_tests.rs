//! The message for every row of lisa-serve.md §9 as the browser sees it.

use super::*;
use lisa_api::serve::decode_serve_error;

fn ctx(received_chars: usize, streamed: bool) -> CallContext<'static> {
    CallContext { model_id: "new-model", received_chars, streamed }
}

fn says(e: &ServeError, c: &CallContext) -> String {
    let x = explain(e, c);
    format!("{}\n{}\n{}", x.headline, x.causes.join("\n"), x.retry_hint.unwrap_or_default())
}

#[test]
fn cors_less_answers_are_a_network_failure_with_every_likely_cause() {
    // 401 (bad token, LiteLLM down), 429, and 400/413 from the input checks all look like this.
    let text = says(&ServeError::network(), &ctx(0, true));
    assert!(text.starts_with("No readable answer from LISA Serve: an authentication, rate limit or server problem"), "{text}");
    for needle in ["401", "429", "Authentication failed", "mixed content"] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
}

#[test]
fn a_null_body_says_lisa_hid_it_with_causes_per_status() {
    let x = explain(&decode_serve_error(400, "null"), &ctx(0, false));
    assert_eq!(x.headline, "LISA Serve hid the upstream error (HTTP 400): its answer had no details (a null body).");
    assert_eq!(x.causes[0], NEW_MODEL_RETRY);
    assert!(x.retry_hint.unwrap().contains("retry in 30 s"));
    assert!(x.causes.last().unwrap().contains("Turn streaming on"));
    let x = explain(&decode_serve_error(500, "null"), &ctx(0, true));
    assert!(x.headline.contains("(HTTP 500)") && x.causes[0].contains("LiteLLM already retried twice"));
    assert!(!x.causes.iter().any(|c| c.contains("Turn streaming on")), "already streamed");
    assert!(explain(&decode_serve_error(429, "null"), &ctx(0, true)).retry_hint.is_some());
}

#[test]
fn the_new_model_window_gives_the_retry_hint() {
    let e = decode_serve_error(
        400,
        r#"{"error":{"message":"/chat/completions: Invalid model name passed in model=new-model. Call `/v1/models` to view available models for your key.","type":"None","param":"None","code":"400"}}"#,
    );
    let x = explain(&e, &ctx(0, true));
    assert!(x.headline.starts_with("LiteLLM does not know new-model (HTTP 400): “/chat/completions: Invalid model name"), "{}", x.headline);
    assert_eq!(x.retry_hint.as_deref(), Some(NEW_MODEL_RETRY));
}

#[test]
fn lisas_own_refusals_guardrails_and_rate_limits() {
    let x = explain(&decode_serve_error(403, r#"{"error":"Forbidden","message":"Admin access required for this endpoint"}"#), &ctx(0, true));
    assert_eq!(x.headline, "LISA Serve refused the call (HTTP 403): “Admin access required for this endpoint”");
    let x = explain(&decode_serve_error(401, r#"{"error":"Unauthorized","message":"Authentication failed"}"#), &ctx(0, true));
    assert!(x.causes[0].contains("LiteLLM is down"));
    let g = decode_serve_error(400, r#"{"error":{"message":"Violated guardrail policy","type":"None","param":"None","code":"400"}}"#);
    assert!(explain(&g, &ctx(0, true)).headline.starts_with("A guardrail blocked the prompt (HTTP 400)"));
    let r = decode_serve_error(429, r#"{"error":{"message":"Rate limit exceeded. Please slow down and retry.","type":"rate_limit_error","code":"rate_limit_exceeded"}}"#);
    let x = explain(&r, &ctx(0, true));
    assert!(x.headline.starts_with("Rate limited (HTTP 429)") && x.retry_hint.is_some());
}

#[test]
fn a_broken_stream_keeps_what_arrived() {
    let line: serde_json::Value = serde_json::from_str(r#"{"error":{"message":"boom","type":"None","param":"None","code":"500"}}"#).unwrap();
    let e = lisa_api::serve::error::stream_error_line(&line).unwrap();
    assert_eq!(
        explain(&e, &ctx(42, true)).headline,
        "The stream broke off with an error (code 500): “boom”. What arrived (42 characters) is kept above."
    );
    let x = explain(&ServeError::incomplete(200), &ctx(7, true));
    assert_eq!(x.headline, "The stream ended without completion: no [DONE] and no error. What arrived (7 characters) is kept above.");
    assert_eq!(explain(&ServeError::stopped(Some(200)), &ctx(0, true)).headline, "Stopped.");
}

#[test]
fn timeouts_name_their_setting() {
    let x = explain(&ServeError::first_token_timeout(60_000), &ctx(0, true));
    assert!(x.headline.starts_with("No answer within 60 s (serveFirstTokenTimeoutMs)"));
    assert!(x.causes[0].contains("§12"));
    let x = explain(&ServeError::idle_timeout(Some(200), 2_500), &ctx(3, true));
    assert!(x.headline.contains("2.5 s (serveIdleTimeoutMs)") && x.headline.ends_with("(3 characters) is kept above."));
}

#[test]
fn the_load_balancer_and_unreadable_answers() {
    let alb = decode_serve_error(503, "<html><head><title>503 Service Temporarily Unavailable</title></head></html>");
    let x = explain(&alb, &ctx(0, true));
    assert_eq!(x.headline, "HTTP 503 from in front of LISA Serve: “503 Service Temporarily Unavailable”");
    let x = explain(&ServeError::unreadable(200, "missing field `choices`"), &ctx(0, false));
    assert_eq!(x.headline, "LISA Serve answered HTTP 200, but the answer could not be read: missing field `choices`");
    assert_eq!(explain(&ServeError::not_sent("Sign in again."), &ctx(0, true)).headline, "Sign in again.");
}

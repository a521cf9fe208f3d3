//! Decoding every error shape LISA and API Gateway send (lisa-api.md §3, §6).

use super::*;

#[test]
fn detail_text_is_the_message() {
    let e = decode_error(409, r#"{"detail":"Model 'x' already exists. Please select another name."}"#);
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert_eq!(e.message, "Model 'x' already exists. Please select another name.");
}

#[test]
fn validation_list_keeps_locs_and_drops_input() {
    let body = r#"{"detail":[{"type":"value_error","loc":["body"],"msg":"Value error, Embedding model cannot be set with streaming enabled.","input":{"apiKey":"sk-secret"},"ctx":{"error":{}}},
        {"type":"missing","loc":["body","containerConfig","healthCheckConfig","command","list[str]",0],"msg":"Field required","input":{}}],"type":"RequestValidationError"}"#;
    let e = decode_error(422, body);
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.field_errors.len(), 2);
    assert_eq!(e.field_errors[0].path(), "");
    assert_eq!(e.field_errors[1].path(), "containerConfig.healthCheckConfig.command.0");
    assert!(!format!("{e:?}").contains("sk-secret"));
    assert_eq!(e.message, "Embedding model cannot be set with streaming enabled. (and 1 more)");
}

#[test]
fn gateway_shapes() {
    let deny = decode_error(403, r#"{"Message":"User is not authorized to access this resource with an explicit deny"}"#);
    assert_eq!(deny.kind, ErrorKind::Unauthenticated);
    let not_admin = decode_error(403, r#"{"detail":"User does not have permission to create models."}"#);
    assert_eq!(not_admin.kind, ErrorKind::NotAdmin);
    let route = decode_error(403, r#"{"message":"Missing Authentication Token"}"#);
    assert_eq!(route.kind, ErrorKind::MissingRoute);
    let null = decode_error(502, r#"{"message":null}"#);
    assert_eq!(null.kind, ErrorKind::Server);
    assert!(null.message.contains("502"));
    let empty = decode_error(500, "");
    assert!(empty.message.contains("500"));
    let html = decode_error(503, "<html>Service Unavailable</html>");
    assert_eq!(html.kind, ErrorKind::Server);
}

#[test]
fn huge_answers_give_short_messages() {
    let huge = "x".repeat(10 * 1024 * 1024);
    let e = decode_json::<Vec<String>>(200, &format!("\"{huge}\"")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    assert!(e.message.starts_with("LISA answered, but its response could not be read: invalid type: string"));
    assert!(e.message.chars().count() < 300, "{} chars", e.message.chars().count());
    let e = decode_error(500, &format!(r#"{{"message":"{huge}"}}"#));
    assert_eq!((e.kind, e.message.chars().count()), (ErrorKind::Server, MAX_MESSAGE_CHARS + 1));
    assert!(e.message.ends_with("x…"));
    assert_eq!(bounded("ünï".to_string(), 2), "ün…");
    assert_eq!(bounded("ünï".to_string(), 3), "ünï");
}

#[test]
fn change_notes_say_when_the_outcome_is_unknown() {
    assert!(ApiError::network().change_note().is_some_and(|n| n.contains("may or may not")));
    assert!(ApiError::timeout(1.5).change_note().is_some_and(|n| n.contains("may or may not")));
    let unreadable = decode_json::<Vec<String>>(200, "{").unwrap_err();
    assert!(unreadable.is_unreadable_success());
    assert!(unreadable.change_note().is_some_and(|n| n.contains("accepted")));
    for refused in [decode_error(500, ""), decode_error(429, ""), decode_error(409, r#"{"detail":"exists"}"#)] {
        assert!(!refused.is_unreadable_success());
        assert_eq!(refused.change_note(), None, "{refused:?}");
    }
}

#[test]
fn metrics_envelope_inner_error_and_bare_body() {
    #[derive(Deserialize, Debug)]
    struct Body {
        n: f64,
    }
    let e = decode_metrics::<Body>(200, r#"{"statusCode":500,"body":"{\"error\": \"Failed to retrieve metrics\"}"}"#)
        .unwrap_err();
    assert_eq!(e.status, Some(500));
    assert_eq!(e.message, "Failed to retrieve metrics");
    assert_eq!(decode_metrics::<Body>(200, r#"{"statusCode":200,"body":{"n":2.0}}"#).unwrap().n, 2.0);
    assert_eq!(decode_metrics::<Body>(200, r#"{"statusCode":200,"body":"{\"n\":3}"}"#).unwrap().n, 3.0);
    assert_eq!(decode_metrics::<Body>(200, r#"{"n":4}"#).unwrap().n, 4.0);
    let bare = decode_metrics::<Body>(500, r#""An unexpected error occurred while processing your request""#).unwrap_err();
    assert_eq!(bare.message, "An unexpected error occurred while processing your request");
}

#[test]
fn configuration_api_shapes() {
    // lisa-config.md §4: the handler's errors are bare JSON strings, validate_input's are objects.
    let e = decode_error(403, r#""Only admins can update global configuration""#);
    assert_eq!(e.kind, ErrorKind::NotAdmin);
    assert_eq!(e.message, "Only admins can update global configuration");
    let e = decode_error(400, r#""An error occurred (ValidationException) when calling the PutItem operation: Missing the key versionId in the item""#);
    assert_eq!(e.kind, ErrorKind::BadRequest);
    assert!(e.message.starts_with("An error occurred (ValidationException)"));
    let e = decode_error(500, r#""An unexpected error occurred while processing your request""#);
    assert_eq!(e.kind, ErrorKind::Server);
    assert_eq!(e.message, "An unexpected error occurred while processing your request");
    let e = decode_error(413, r#"{"error":"Payload Too Large","message":"Request body exceeds maximum size"}"#);
    assert_eq!(e.kind, ErrorKind::PayloadTooLarge);
    assert_eq!(e.message, "Request body exceeds maximum size");
    let e = decode_error(405, r#"{"error":"Method Not Allowed","message":"Method PATCH not allowed"}"#);
    assert_eq!(e.kind, ErrorKind::MethodNotAllowed);
    // The gateway's own 403 (object) is still a session problem, not "not an admin".
    assert_eq!(decode_error(403, r#"{"message":"Forbidden"}"#).kind, ErrorKind::Unauthenticated);
}

//! V3: reading the request body as LISA's FastAPI does (lisa-api.md §5.1).

mod common;

use common::*;
use lisa_api::validate::{self, BODY_PARSE_ERROR};
use serde_json::{json, Value};

fn parse(raw: &str) -> Result<Value, Vec<validate::Violation>> {
    validate::parse_body(raw.as_bytes())
}

#[test]
fn v3a_missing_body() {
    assert_ok(parse("{}"));
    assert_eq!(assert_one(parse(""), "body", "missing"), "Field required");
    // FastAPI treats a JSON null like no body at all.
    assert_one(parse("null"), "body", "missing");
}

#[test]
fn v3b_malformed_json_offset_and_python_message() {
    assert_ok(parse(r#"{"a": [1, 2.5e3, NaN, -Infinity, "\u00e9\ud83d\ude00"]}"#));
    let err = parse(r#"{"modelId":"x","modelName":"y","modelType":"textgen",}"#).unwrap_err();
    assert_eq!(summary(&err), vec![("body.52".into(), "json_invalid".into(), "JSON decode error".into())]);
    assert_eq!(err[0].ctx, Some(json!({"error": "Illegal trailing comma before end of object"})));
    assert_eq!(err[0].input, json!({}));
    for (raw, msg, pos) in [
        ("[1,]", "Illegal trailing comma before end of array", 2),
        ("{\"a\" 1}", "Expecting ':' delimiter", 5),
        ("{\"a\":1 \"b\":2}", "Expecting ',' delimiter", 7),
        ("{,}", "Expecting property name enclosed in double quotes", 1),
        ("\"abc", "Unterminated string starting at", 0),
        ("\"a\tb\"", "Invalid control character at", 2),
        ("\"\\x\"", "Invalid \\escape", 1),
        ("\"\\u12\"", "Invalid \\uXXXX escape", 2),
        ("1 2", "Extra data", 2),
        ("   ", "Expecting value", 3),
        ("[01]", "Expecting ',' delimiter", 2),
        ("-Inf", "Expecting value", 0),
        ("{\"é\":1}x", "Extra data", 7),
    ] {
        let err = parse(raw).unwrap_err();
        assert_eq!(err[0].ctx, Some(json!({ "error": msg })), "{raw}");
        assert_eq!(loc_text(&err[0].error.loc), format!("body.{pos}"), "{raw}");
    }
}

#[test]
fn v3b_python_reads_what_serde_would_not() {
    // Repeated keys: the last wins.
    let v = assert_ok(parse(r#"{"modelId":"first","modelId":"second"}"#));
    assert_eq!(v["modelId"], "second");
    // Integers beyond u64 stay exact for the 38-digit check; NaN is a float.
    let body = r#"{"modelId":"a","modelName":"b","modelType":"textgen","streaming":NaN}"#;
    assert_one(parse(body).and_then(|v| create(&v)), "body.streaming", "bool_type");
    // Invalid UTF-8 and absurd nesting: FastAPI answers 400, not 422.
    let err = validate::parse_body(b"\xff{}").unwrap_err();
    assert!(err[0].is_body_parse_error() && err[0].error.kind == BODY_PARSE_ERROR);
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    assert!(parse(&deep).unwrap_err()[0].is_body_parse_error());
}

#[test]
fn v3c_non_object_body() {
    assert_ok(create(&external()));
    for body in [json!(123), json!([1]), json!("x"), json!(true)] {
        let msg = assert_one(create(&body), "body", "model_attributes_type");
        assert_eq!(msg, "Input should be a valid dictionary or object to extract fields from");
    }
    assert_one(create(&Value::Null), "body", "missing");
}

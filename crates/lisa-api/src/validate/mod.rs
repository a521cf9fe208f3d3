//! LISA's server validation rules (lisa-api.md §5), one module shared by the mock server (as its
//! request validation) and the browser forms (on every change).
//!
//! The rules work on `serde_json::Value` rather than typed structs because LISA's answers depend
//! on the raw JSON: Pydantic's lax coercion (`"yes"` is a boolean, `"5"` an integer, `5.0` an
//! integer), omitted versus `null`, and the exact `loc` of each complaint. Rule numbers (V…, A…)
//! refer to lisa-api.md.
//!
//! Checked against LISA's own request models (FastAPI 0.136.1, Pydantic 2.12.5, Python 3.13) on
//! the recorded verdicts and on thousands of generated bodies: status, `loc`, `type`, `msg`,
//! `input`, `ctx` and the normalised body agree. Known, deliberate differences:
//! * serde_json maps are sorted, so errors inside one map (and the Python text of a rejected
//!   dict-valued schedule tag) follow key order rather than the body's order;
//! * a `contextWindow` beyond i64 is rejected (LISA accepts up to 38 digits);
//! * bodies nested deeper than [`json::MAX_DEPTH`] are a parse error (Python allows ~10,000);
//! * a lone surrogate is held as U+FDD0 ([`json::LONE_SURROGATE`]), so a real U+FDD0 in a body
//!   is treated like one;
//! * integers beyond u64 appear in `Ok` values as the nearest f64;
//! * `urlparse`'s NFKC check of non-ASCII hosts and IPv6 zone ids are not reproduced (V31);
//! * the DynamoDB item and Step Functions input sizes ([`aws`]) are estimates.

use serde_json::Value;

use crate::error::{FieldError, LocPart};

pub mod advisory;
pub mod aws;
pub mod coerce;
pub mod create;
pub mod instances;
pub mod json;
mod json_text;
mod numbers;
mod objects;
mod pyurl;
pub mod schedule;
pub mod state;
pub mod timezones;
mod update;

pub use instances::InstanceTypes;

use coerce::Errors;

/// One complaint as LISA's 422 reports it. `input` and `ctx` are what the mock echoes; the
/// browser only looks at [`Violation::error`].
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    pub error: FieldError,
    pub input: Value,
    pub ctx: Option<Value>,
}

impl Violation {
    /// The FastAPI `detail[]` item.
    pub fn to_json(&self) -> Value {
        let mut item = serde_json::json!({
            "type": self.error.kind,
            "loc": self.error.loc,
            "msg": self.error.msg,
            "input": self.input,
        });
        if let (Some(ctx), Value::Object(map)) = (&self.ctx, &mut item) {
            map.insert("ctx".to_string(), ctx.clone());
        }
        item
    }
}

/// The whole 422 body: `{"detail": [...], "type": "RequestValidationError"}`.
pub fn validation_error_body(violations: &[Violation]) -> Value {
    serde_json::json!({
        "detail": violations.iter().map(Violation::to_json).collect::<Vec<_>>(),
        "type": "RequestValidationError",
    })
}

/// The `loc` helper: `loc(&["body", "autoScalingConfig"])`.
pub fn loc(parts: &[&str]) -> Vec<LocPart> {
    parts.iter().map(|p| LocPart::Key(p.to_string())).collect()
}

// ---------------------------------------------------------------------------------------------
// The entry points. Each returns either the body as LISA's Pydantic model would hold it after
// lax coercion and defaults (`Ok`), or every violation LISA would report, in LISA's order.
// ---------------------------------------------------------------------------------------------

/// The `type` of the violation [`parse_body`] returns when FastAPI itself fails to read the body
/// (invalid UTF-8, nesting deeper than [`json::MAX_DEPTH`], an integer literal over 4,300
/// digits). LISA then answers **400** `{"detail": "There was an error parsing the body"}`, not
/// 422: see [`Violation::is_body_parse_error`].
pub const BODY_PARSE_ERROR: &str = "body_parse_error";

impl Violation {
    /// True for the [`BODY_PARSE_ERROR`] case, which the server answers with 400.
    pub fn is_body_parse_error(&self) -> bool {
        self.error.kind == BODY_PARSE_ERROR
    }
}

fn body_missing(input: &Value) -> Violation {
    Violation { error: FieldError::new(loc(&["body"]), "missing", "Field required"), input: input.clone(), ctx: None }
}

/// V3: the raw request text as `json.loads` reads it (Python 3.13: `NaN`/`Infinity` accepted,
/// the last of repeated keys wins, integers of any size).
///
/// * empty body or JSON `null` → `missing` at `["body"]` (FastAPI treats both as no body);
/// * malformed JSON → `json_invalid` at `["body", <character offset>]`, `ctx.error` = Python's
///   message, `input` `{}`;
/// * see [`BODY_PARSE_ERROR`] for the bodies FastAPI answers with 400.
///
/// Any other value is returned as is; [`create_model`], [`update_model`], [`context_window`] and
/// [`schedule`] reject non-objects with `model_attributes_type`.
pub fn parse_body(raw: &[u8]) -> Result<Value, Vec<Violation>> {
    if raw.is_empty() {
        return Err(vec![body_missing(&Value::Null)]);
    }
    match json::loads(raw) {
        Ok(Value::Null) => Err(vec![body_missing(&Value::Null)]),
        Ok(value) => Ok(value),
        Err(json::ParseError::Decode { msg, pos }) => Err(vec![Violation {
            error: FieldError {
                loc: vec![LocPart::Key("body".into()), LocPart::Index(pos as i64)],
                msg: "JSON decode error".into(),
                kind: "json_invalid".into(),
            },
            input: serde_json::json!({}),
            ctx: Some(serde_json::json!({ "error": msg })),
        }]),
        Err(json::ParseError::Other(reason)) => Err(vec![Violation {
            error: FieldError::new(loc(&["body"]), BODY_PARSE_ERROR, "There was an error parsing the body"),
            input: Value::Null,
            ctx: Some(serde_json::json!({ "error": reason })),
        }]),
    }
}

fn finish(e: Errors, value: Option<Value>) -> Result<Value, Vec<Violation>> {
    match value {
        Some(v) if e.is_empty() => Ok(v),
        _ => Err(e.list),
    }
}

/// `POST /models`: V4–V31, plus the AWS limits that make real LISA fail with 500 (a number with
/// more than 38 digits, a `modelId` over 2,048 bytes, a record over 400 KB, a workflow input
/// over 256 KB; see [`aws`]), reported as violations so the caller gets a 4xx. `Ok` holds the
/// normalised CreateModelRequest (coerced values, server defaults filled in, unknown keys
/// dropped, `apiKey` kept): what LISA echoes in the create response.
pub fn create_model(body: &Value, instances: &InstanceTypes) -> Result<Value, Vec<Violation>> {
    if body.is_null() {
        return Err(vec![body_missing(body)]);
    }
    let mut e = Errors::default();
    let value = create::validate(&mut e, body, instances);
    let normalised = finish(Errors { list: e.list, huge: Vec::new() }, value)?;
    let mut limits = aws::huge_numbers(&Errors { list: Vec::new(), huge: e.huge });
    if let Some(id) = normalised.get("modelId").and_then(Value::as_str) {
        limits.extend(aws::model_id_key(id));
    }
    limits.extend(aws::unencodable(&normalised));
    limits.extend(aws::create_sizes(&normalised, body));
    if limits.is_empty() {
        Ok(normalised)
    } else {
        Err(limits)
    }
}

/// `PUT /models/{modelId}`: V37–V44 (plus the 256 KB workflow-input limit). `Ok` holds the
/// normalised UpdateModelRequest: keys the body omitted stay omitted (also inside
/// `autoScalingInstanceConfig` and `containerConfig`), explicit nulls stay null, guardrail
/// entries get their defaults.
pub fn update_model(body: &Value) -> Result<Value, Vec<Violation>> {
    if body.is_null() {
        return Err(vec![body_missing(body)]);
    }
    let mut e = Errors::default();
    let value = update::validate(&mut e, body);
    let normalised = finish(Errors { list: e.list, huge: Vec::new() }, value)?;
    match aws::update_size(&normalised, body) {
        Some(v) => Err(vec![v]),
        None => Ok(normalised),
    }
}

/// `PUT /models/{modelId}/context-window`: V61. A value beyond i64 (LISA would accept up to 38
/// digits) is reported as too large, since the result is an `i64`.
pub fn context_window(body: &Value) -> Result<i64, Vec<Violation>> {
    if body.is_null() {
        return Err(vec![body_missing(body)]);
    }
    let mut e = Errors::default();
    let body_loc = loc(&["body"]);
    let Some(obj) = coerce::model_input(&mut e, body, &body_loc) else {
        return Err(e.list);
    };
    let field_loc = loc(&["body", "contextWindow"]);
    let Some(value) = obj.get("contextWindow") else {
        e.missing(field_loc, body);
        return Err(e.list);
    };
    match coerce::int_field(&mut e, value, &field_loc, coerce::POSITIVE) {
        Some(coerce::Int::Exact(n)) => i64::try_from(n).map_err(|_| too_large(field_loc, value)),
        Some(coerce::Int::Huge { .. }) => Err(aws::huge_numbers(&e)),
        None => Err(e.list),
    }
}

fn too_large(field_loc: Vec<LocPart>, input: &Value) -> Vec<Violation> {
    let msg = format!("Value error, contextWindow must be at most {}.", i64::MAX);
    vec![Violation {
        error: FieldError::new(field_loc, "value_error", msg),
        input: coerce::display(input),
        ctx: Some(serde_json::json!({"error": {}})),
    }]
}

/// A scheduling object: V64–V70 (plus the 38-digit DynamoDB limit on `retryCount`). `prefix`
/// is the object's own `loc` (`["body"]` for the schedule routes, where `null` means no body;
/// `["body","autoScalingConfig","scheduling"]` inside a create body, where `null` is allowed).
/// `Ok` holds the schedule with its defaults, as LISA stores it.
pub fn schedule(body: &Value, prefix: &[LocPart]) -> Result<Value, Vec<Violation>> {
    if body.is_null() {
        return if prefix.len() <= 1 { Err(vec![body_missing(body)]) } else { Ok(Value::Null) };
    }
    let mut e = Errors::default();
    let value = schedule::scheduling(&mut e, body, prefix);
    let normalised = finish(Errors { list: e.list, huge: Vec::new() }, value)?;
    let limits = aws::huge_numbers(&Errors { list: Vec::new(), huge: e.huge });
    if limits.is_empty() {
        Ok(normalised)
    } else {
        Err(limits)
    }
}

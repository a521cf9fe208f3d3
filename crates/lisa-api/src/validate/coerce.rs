//! Pydantic 2.12 lax-mode validation of single values, as LISA's request models see them
//! (FastAPI hands Pydantic the Python objects `json.loads` produced, so these are the
//! "Python input" rules, not the JSON-input ones).
//!
//! Each `*_field` function checks one value, records LISA's exact complaint in [`Errors`] and
//! returns the coerced value, or `None` when it failed.

use serde_json::{json, Map, Value};

use super::json::LONE_SURROGATE;
pub use super::numbers::{int_value, lax_bool, lax_int, Int};
use super::numbers::int_error_msg;
use super::Violation;
use crate::error::{FieldError, LocPart};

const NON_FINITE_KEY: &str = "\u{0}lisa-api:non-finite";
const BIG_INT_KEY: &str = "\u{0}lisa-api:big-int";

/// `NaN`, `Infinity` or `-Infinity` from the body (serde_json numbers cannot hold them).
pub fn non_finite_marker(text: &str) -> Value {
    json!({ NON_FINITE_KEY: text })
}

/// An integer literal outside i64/u64, kept as its decimal text (Python ints are unbounded).
pub fn big_int_marker(text: &str) -> Value {
    json!({ BIG_INT_KEY: text })
}

/// The literal text behind a marker object (`NaN`, `-Infinity`, `123456789012345678901234`).
pub fn marker_literal(map: &Map<String, Value>) -> Option<&str> {
    if map.len() != 1 {
        return None;
    }
    map.get(NON_FINITE_KEY).or_else(|| map.get(BIG_INT_KEY)).and_then(Value::as_str)
}

/// A body value as Python would type it.
#[derive(Clone, Copy, Debug)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    Int(Int),
    Float(f64),
    Str(&'a str),
    List(&'a [Value]),
    Dict(&'a Map<String, Value>),
}

pub fn kind(v: &Value) -> Kind<'_> {
    match v {
        Value::Null => Kind::Null,
        Value::Bool(b) => Kind::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Kind::Int(Int::Exact(i as i128))
            } else if let Some(u) = n.as_u64() {
                Kind::Int(Int::from_i128(u as i128))
            } else {
                Kind::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(s) => Kind::Str(s),
        Value::Array(items) => Kind::List(items),
        Value::Object(map) => {
            if map.len() == 1 {
                if let Some(Value::String(text)) = map.get(NON_FINITE_KEY) {
                    return Kind::Float(match text.as_str() {
                        "Infinity" => f64::INFINITY,
                        "-Infinity" => f64::NEG_INFINITY,
                        _ => f64::NAN,
                    });
                }
                if let Some(Value::String(text)) = map.get(BIG_INT_KEY) {
                    if let Some(int) = Int::from_digits(text) {
                        return Kind::Int(int);
                    }
                }
            }
            Kind::Dict(map)
        }
    }
}

/// The value as it would appear in a 422's `input`: the in-band markers turned back into what
/// the admin sent (NaN and infinities as strings, since JSON has no spelling for them).
pub fn display(v: &Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().map(display).collect()),
        Value::Object(map) => match kind(v) {
            Kind::Float(f) => Value::String(if f.is_nan() {
                "NaN".into()
            } else if f > 0.0 {
                "Infinity".into()
            } else {
                "-Infinity".into()
            }),
            Kind::Int(_) => map.get(BIG_INT_KEY).cloned().unwrap_or(Value::Null),
            _ => {
                // Inserted one by one: collecting into a map would sort a Vec first, and that
                // sort's code is a sizeable part of the browser bundle.
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    out.insert(k.clone(), display(v));
                }
                Value::Object(out)
            }
        },
        other => other.clone(),
    }
}

/// A `loc` with one more segment.
pub fn at(loc: &[LocPart], part: impl Into<LocPartArg>) -> Vec<LocPart> {
    let mut out = loc.to_vec();
    out.push(part.into().0);
    out
}

/// Lets [`at`] take field names and list indexes alike.
pub struct LocPartArg(LocPart);

impl From<&str> for LocPartArg {
    fn from(s: &str) -> Self {
        LocPartArg(LocPart::Key(s.to_string()))
    }
}

impl From<&String> for LocPartArg {
    fn from(s: &String) -> Self {
        LocPartArg(LocPart::Key(s.clone()))
    }
}

impl From<usize> for LocPartArg {
    fn from(i: usize) -> Self {
        LocPartArg(LocPart::Index(i as i64))
    }
}

/// The violations found so far, in LISA's order, and the integers too large for DynamoDB
/// (Pydantic accepts them; only storing them fails, so the caller decides whether they count).
#[derive(Default)]
pub struct Errors {
    pub list: Vec<Violation>,
    pub huge: Vec<(Vec<LocPart>, Value)>,
}

impl Errors {
    pub fn push(&mut self, loc: Vec<LocPart>, kind: &str, msg: impl Into<String>, input: &Value, ctx: Option<Value>) {
        self.list.push(Violation { error: FieldError::new(loc, kind, msg), input: display(input), ctx });
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// A LISA-written rule (`raise ValueError(...)` in a validator).
    pub fn value_error(&mut self, loc: Vec<LocPart>, text: &str, input: &Value) {
        self.push(loc, "value_error", format!("Value error, {text}"), input, Some(json!({"error": {}})));
    }

    pub fn missing(&mut self, loc: Vec<LocPart>, parent: &Value) {
        self.push(loc, "missing", "Field required", parent, None);
    }

    pub fn model_type(&mut self, loc: Vec<LocPart>, input: &Value) {
        self.push(
            loc,
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
            input,
            None,
        );
    }
}

/// `str`, optionally with `min_length`. Pydantic only turns a string into UTF-8 when a
/// constraint needs it, so a lone surrogate fails constrained strings (`string_unicode`) and
/// passes plain ones.
pub fn str_field(e: &mut Errors, v: &Value, loc: &[LocPart], min_length: usize) -> Option<String> {
    let s = constrained_str(e, v, loc, min_length > 0)?;
    if s.chars().count() < min_length {
        let plural = if min_length == 1 { "" } else { "s" };
        e.push(
            loc.to_vec(),
            "string_too_short",
            format!("String should have at least {min_length} character{plural}"),
            v,
            Some(json!({ "min_length": min_length })),
        );
        return None;
    }
    Some(s.to_string())
}

/// The string behind `v`; `constrained` says whether Pydantic will look at its characters
/// (length or pattern), which fails on a lone surrogate.
pub fn constrained_str<'a>(e: &mut Errors, v: &'a Value, loc: &[LocPart], constrained: bool) -> Option<&'a str> {
    match kind(v) {
        Kind::Str(s) if constrained && s.contains(LONE_SURROGATE) => {
            e.push(
                loc.to_vec(),
                "string_unicode",
                "Input should be a valid string, unable to parse raw data as a unicode string",
                v,
                None,
            );
            None
        }
        Kind::Str(s) => Some(s),
        _ => {
            e.push(loc.to_vec(), "string_type", "Input should be a valid string", v, None);
            None
        }
    }
}

/// `str | None`.
pub fn opt_str_field(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    if v.is_null() {
        return Some(Value::Null);
    }
    str_field(e, v, loc, 0).map(Value::String)
}

/// Bounds of a constrained int (`PositiveInt` = gt 0, `NonNegativeInt` = ge 0, …).
#[derive(Clone, Copy, Default)]
pub struct Bounds {
    pub gt: Option<i64>,
    pub ge: Option<i64>,
    pub le: Option<i64>,
}

pub const POSITIVE: Bounds = Bounds { gt: Some(0), ge: None, le: None };
pub const NON_NEGATIVE: Bounds = Bounds { gt: None, ge: Some(0), le: None };
pub const ANY_INT: Bounds = Bounds { gt: None, ge: None, le: None };
/// `defaultInstanceWarmup: Annotated[int, Field(gt=0, le=3600)]`.
pub const WARMUP: Bounds = Bounds { gt: Some(0), ge: None, le: Some(3600) };

/// A constrained `int` (Pydantic checks `le`, then `ge`, then `gt`).
pub fn int_field(e: &mut Errors, v: &Value, loc: &[LocPart], bounds: Bounds) -> Option<Int> {
    let int = match lax_int(v) {
        Ok(i) => i,
        Err(kind) => {
            e.push(loc.to_vec(), kind, int_error_msg(kind), v, None);
            return None;
        }
    };
    use std::cmp::Ordering::*;
    if let Some(le) = bounds.le {
        if int.cmp_small(le) == Greater {
            let msg = format!("Input should be less than or equal to {le}");
            e.push(loc.to_vec(), "less_than_equal", msg, v, Some(json!({ "le": le })));
            return None;
        }
    }
    if let Some(ge) = bounds.ge {
        if int.cmp_small(ge) == Less {
            let msg = format!("Input should be greater than or equal to {ge}");
            e.push(loc.to_vec(), "greater_than_equal", msg, v, Some(json!({ "ge": ge })));
            return None;
        }
    }
    if let Some(gt) = bounds.gt {
        if int.cmp_small(gt) != Greater {
            let msg = format!("Input should be greater than {gt}");
            e.push(loc.to_vec(), "greater_than", msg, v, Some(json!({ "gt": gt })));
            return None;
        }
    }
    if let Int::Huge { .. } = int {
        e.huge.push((loc.to_vec(), v.clone()));
    }
    Some(int)
}

/// A constrained `int | None`.
pub fn opt_int_field(e: &mut Errors, v: &Value, loc: &[LocPart], bounds: Bounds) -> Option<Value> {
    if v.is_null() {
        return Some(Value::Null);
    }
    int_field(e, v, loc, bounds).map(Int::to_value)
}

pub fn bool_field(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<bool> {
    match lax_bool(v) {
        Ok(b) => Some(b),
        Err(kind) => {
            let msg = if kind == "bool_parsing" {
                "Input should be a valid boolean, unable to interpret input"
            } else {
                "Input should be a valid boolean"
            };
            e.push(loc.to_vec(), kind, msg, v, None);
            None
        }
    }
}

/// `bool | None`.
pub fn opt_bool_field(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    if v.is_null() {
        return Some(Value::Null);
    }
    bool_field(e, v, loc).map(Value::Bool)
}

/// `'a', 'b' or 'c'`, as Pydantic lists expected values.
pub fn expected_list(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// A `StrEnum` field: only the exact value matches (no case folding, no trimming).
pub fn enum_field(e: &mut Errors, v: &Value, loc: &[LocPart], values: &[&str]) -> Option<String> {
    if let Kind::Str(s) = kind(v) {
        if values.contains(&s) {
            return Some(s.to_string());
        }
    }
    let expected = expected_list(values);
    e.push(loc.to_vec(), "enum", format!("Input should be {expected}"), v, Some(json!({ "expected": expected })));
    None
}

/// An enum `| None`.
pub fn opt_enum_field(e: &mut Errors, v: &Value, loc: &[LocPart], values: &[&str]) -> Option<Value> {
    if v.is_null() {
        return Some(Value::Null);
    }
    enum_field(e, v, loc, values).map(Value::String)
}

/// `list[str]`.
pub fn str_list_field(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let Kind::List(items) = kind(v) else {
        e.push(loc.to_vec(), "list_type", "Input should be a valid list", v, None);
        return None;
    };
    let before = e.len();
    let out: Vec<Value> =
        items.iter().enumerate().filter_map(|(i, item)| str_field(e, item, &at(loc, i), 0).map(Value::String)).collect();
    (e.len() == before).then_some(Value::Array(out))
}

/// `list[str] | None`.
pub fn opt_str_list_field(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    if v.is_null() {
        return Some(Value::Null);
    }
    str_list_field(e, v, loc)
}

/// The object behind a nested model, or `model_attributes_type`.
pub fn model_input<'a>(e: &mut Errors, v: &'a Value, loc: &[LocPart]) -> Option<&'a Map<String, Value>> {
    match kind(v) {
        Kind::Dict(map) => Some(map),
        _ => {
            e.model_type(loc.to_vec(), v);
            None
        }
    }
}

/// The object behind a `dict[str, …]` field, or `dict_type`.
pub fn dict_input<'a>(e: &mut Errors, v: &'a Value, loc: &[LocPart]) -> Option<&'a Map<String, Value>> {
    match kind(v) {
        Kind::Dict(map) => Some(map),
        _ => {
            e.push(loc.to_vec(), "dict_type", "Input should be a valid dictionary", v, None);
            None
        }
    }
}

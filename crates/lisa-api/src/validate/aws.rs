//! Inputs that make real LISA answer 500 after its own validation passed. They are reported as
//! violations (type [`INTERNAL_ERROR`]) so that the mock answers 4xx and the form says why.
//!
//! * A string holding a lone UTF-16 surrogate (`"\ud800"`) passes Pydantic's plain `str` fields,
//!   but the create response cannot be encoded as UTF-8.
//!
//! * DynamoDB partition keys are at most 2,048 bytes: `modelId` is the model table's key, and
//!   create looks it up before writing.
//! * DynamoDB numbers carry at most 38 significant digits: every integer of the stored create
//!   body (and of a stored schedule) must fit.
//! * A DynamoDB item is at most 400 KB: the create record holds the whole body (guardrails
//!   aside) plus the description a second time.
//! * A Step Functions execution input is at most 256 KB: create and update send the body to
//!   their workflow.
//!
//! The two size limits are estimates (DynamoDB's and Python's encodings are approximated), close
//! enough for bodies near the 1 MB request limit, where they matter.

use serde_json::{json, Value};

use super::coerce::{display, Errors};
use super::json::LONE_SURROGATE;
use super::Violation;
use crate::error::{FieldError, LocPart};

/// The `type` of the violations this module reports (not a Pydantic type: LISA answers 500).
pub const INTERNAL_ERROR: &str = "internal_error";

pub const MAX_KEY_BYTES: usize = 2048;
pub const MAX_ITEM_BYTES: usize = 400 * 1024;
pub const MAX_EXECUTION_INPUT_BYTES: usize = 256 * 1024;

fn violation(loc: Vec<LocPart>, msg: String, input: &Value) -> Violation {
    Violation { error: FieldError::new(loc, INTERNAL_ERROR, msg), input: display(input), ctx: None }
}

/// The integers Pydantic accepted but DynamoDB cannot store.
pub fn huge_numbers(e: &Errors) -> Vec<Violation> {
    e.huge
        .iter()
        .map(|(loc, input)| {
            violation(
                loc.clone(),
                "This number has more than 38 digits, which DynamoDB cannot store (LISA fails with an \
                 internal error)."
                    .into(),
                input,
            )
        })
        .collect()
}

/// `modelId` as a DynamoDB key.
pub fn model_id_key(model_id: &str) -> Option<Violation> {
    (model_id.len() > MAX_KEY_BYTES).then(|| {
        violation(
            vec![LocPart::Key("body".into()), LocPart::Key("modelId".into())],
            format!(
                "modelId is {} bytes long; DynamoDB keys are limited to {MAX_KEY_BYTES} bytes (LISA fails with \
                 an internal error).",
                model_id.len()
            ),
            &Value::String(model_id.to_string()),
        )
    })
}

/// DynamoDB's size of a value (strings in UTF-8 bytes, numbers about one byte per two digits,
/// 3 bytes of overhead per list or map plus one per element).
fn dynamo_size(v: &Value) -> usize {
    match v {
        Value::Null | Value::Bool(_) => 1,
        Value::Number(n) => n.to_string().len().div_ceil(2) + 1,
        Value::String(s) => s.len(),
        Value::Array(items) => 3 + items.iter().map(|i| 1 + dynamo_size(i)).sum::<usize>(),
        Value::Object(map) => 3 + map.iter().map(|(k, v)| 1 + k.len() + dynamo_size(v)).sum::<usize>(),
    }
}

/// Python's `json.dumps` (ASCII-escaped) length of a value, as LISA sends it to Step Functions.
fn ascii_json_len(v: &Value, separators: bool) -> usize {
    let sep = if separators { 1 } else { 0 };
    match v {
        Value::String(s) => {
            2 + s
                .chars()
                .map(|c| match c {
                    '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
                    c if (c as u32) < 0x20 => 6,
                    c if c.is_ascii() => 1,
                    c if (c as u32) > 0xFFFF => 12,
                    _ => 6,
                })
                .sum::<usize>()
        }
        Value::Array(items) => {
            2 + items.iter().map(|i| ascii_json_len(i, separators)).sum::<usize>()
                + items.len().saturating_sub(1) * (1 + sep)
        }
        Value::Object(map) => {
            2 + map
                .iter()
                .map(|(k, v)| ascii_json_len(&Value::String(k.clone()), separators) + 1 + sep + ascii_json_len(v, separators))
                .sum::<usize>()
                + map.len().saturating_sub(1) * (1 + sep)
        }
        other => other.to_string().len(),
    }
}

fn body_violation(msg: String, body: &Value) -> Violation {
    violation(vec![LocPart::Key("body".into())], msg, body)
}

/// The create record and workflow input sizes.
pub fn create_sizes(normalised: &Value, body: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut config = normalised.clone();
    if let Value::Object(map) = &mut config {
        map.remove("guardrailsConfig");
    }
    let description = normalised.get("modelDescription").cloned().unwrap_or(Value::Null);
    let model_id = normalised.get("modelId").cloned().unwrap_or(Value::Null);
    let item = json!({
        "model_id": model_id,
        "model_status": "Creating",
        "model_config": config,
        "model_description": description,
        "last_modified_date": 1_700_000_000_000i64,
    });
    let item_size = dynamo_size(&item);
    if item_size > MAX_ITEM_BYTES {
        out.push(body_violation(
            format!(
                "The model record would be about {} KB; DynamoDB items are limited to 400 KB (LISA fails with an \
                 internal error). Shorten the description, environment or other long values.",
                item_size / 1024
            ),
            body,
        ));
    }
    // pydantic's model_dump_json is compact and keeps non-ASCII as UTF-8.
    let input_size = serde_json::to_string(normalised).map(|s| s.len()).unwrap_or(0);
    if input_size > MAX_EXECUTION_INPUT_BYTES {
        out.push(execution_input_violation(input_size, body));
    }
    out
}

fn execution_input_violation(size: usize, body: &Value) -> Violation {
    body_violation(
        format!(
            "The request would start LISA's workflow with about {} KB of input; Step Functions accepts at most \
             256 KB (LISA fails with an internal error).",
            size / 1024
        ),
        body,
    )
}

/// The update workflow input: `json.dumps({"model_id", "update_payload": model_dump()})`.
pub fn update_size(normalised: &Value, body: &Value) -> Option<Violation> {
    // Every declared field is dumped, nulls included: about 30 bytes per absent top-level key.
    let size = ascii_json_len(normalised, true) + 400;
    (size > MAX_EXECUTION_INPUT_BYTES).then(|| execution_input_violation(size, body))
}

/// The first string (or key) of the normalised create body holding a lone surrogate.
pub fn unencodable(normalised: &Value) -> Option<Violation> {
    fn find(v: &Value, path: &mut Vec<LocPart>) -> bool {
        match v {
            Value::String(s) => s.contains(LONE_SURROGATE),
            Value::Array(items) => items.iter().enumerate().any(|(i, item)| {
                path.push(LocPart::Index(i as i64));
                let found = find(item, path);
                if !found {
                    path.pop();
                }
                found
            }),
            Value::Object(map) => map.iter().any(|(k, item)| {
                path.push(LocPart::Key(k.clone()));
                let found = k.contains(LONE_SURROGATE) || find(item, path);
                if !found {
                    path.pop();
                }
                found
            }),
            _ => false,
        }
    }
    let mut path = vec![LocPart::Key("body".into())];
    find(normalised, &mut path).then(|| {
        violation(
            path,
            "This text contains an unpaired UTF-16 surrogate escape (\\ud800–\\udfff); LISA cannot encode its \
             answer and fails with an internal error."
                .into(),
            &Value::Null,
        )
    })
}

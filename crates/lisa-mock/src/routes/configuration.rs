//! LISA's configuration API (lisa-config.md): `GET /configuration?configScope=<scope>` and
//! `PUT /configuration/{configScope}`, two Lambdas behind API Gateway's authorizer.
//!
//! The table holds version rows per scope; GET returns them all, highest `versionId` first,
//! with every number as a float (DecimalEncoder). PUT stores the body verbatim plus a
//! `created_at` string; the client picks `versionId` and an existing one is silently
//! replaced. Handler errors are bare JSON strings; `validate_input` errors are
//! `{"error","message"}` objects. Every Lambda answer carries CORS and security headers.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::errors::middleware_error;
use crate::http::{Cors, Reply, Req};
use crate::routes::MAX_BODY;
use crate::state::{Caller, Shared, Store};

/// DynamoDB's item size limit.
const MAX_ITEM_BYTES: usize = 400 * 1024;

const UNEXPECTED: &str = "An unexpected error occurred while processing your request";

/// A Lambda answer: CORS always, LISA's security headers.
fn lambda(reply: Reply) -> Reply {
    let mut reply = reply.cors(Cors::Always);
    reply.security = true;
    reply
}

/// The handler's errors: the body is a bare JSON string.
fn string_error(status: u16, text: &str) -> Reply {
    lambda(Reply::json(status, &json!(text)))
}

/// `validate_input`: 413 over 1 MB (by `Content-Length`), 400 for raw NUL bytes.
fn validate_input(req: &Req) -> Option<Reply> {
    let too_large = req.header("content-length").and_then(|v| v.trim().parse::<u64>().ok()).is_some_and(|n| n > MAX_BODY);
    let reply = if too_large {
        middleware_error(413, "Payload Too Large", &format!("Request body size exceeds maximum allowed size of {MAX_BODY} bytes"))
    } else if req.path.contains('\0') {
        middleware_error(400, "Bad Request", "Invalid characters detected in request path")
    } else if req.query_pairs().iter().any(|(k, v)| k.contains('\0') || v.contains('\0')) {
        middleware_error(400, "Bad Request", "Invalid characters detected in query parameters")
    } else if req.body.contains(&0u8) {
        middleware_error(400, "Bad Request", "Invalid characters detected in request body")
    } else {
        return None;
    };
    Some(lambda(reply))
}

/// DecimalEncoder: every number comes back as a float (`3` → `3.0`).
pub fn floats(value: &Value) -> Value {
    match value {
        Value::Number(n) => n.as_f64().map(|f| json!(f)).unwrap_or_else(|| value.clone()),
        Value::Array(items) => Value::Array(items.iter().map(floats).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), floats(v))).collect()),
        other => other.clone(),
    }
}

/// The rows of a scope as GET returns them (highest `versionId` first).
pub fn rows(store: &Store, scope: &str) -> Value {
    Value::Array(store.configuration.get(scope).map(|rows| rows.iter().map(floats).collect()).unwrap_or_default())
}

/// `GET /configuration?configScope=<scope>`: no admin check; an unknown or empty scope is `[]`.
pub fn get(shared: &Arc<Shared>, req: &Req) -> Reply {
    if let Some(reply) = validate_input(req) {
        return reply;
    }
    let pairs = req.query_pairs();
    if pairs.is_empty() {
        // `queryStringParameters` is null: a TypeError about NoneType.
        return string_error(400, "Request body is required.");
    }
    // API Gateway keeps the last value of a repeated parameter.
    let Some((_, scope)) = pairs.iter().rev().find(|(k, _)| k == "configScope") else {
        return string_error(500, UNEXPECTED);
    };
    lambda(Reply::json(200, &rows(&shared.lock(), scope)))
}

/// DynamoDB's type letter of a JSON value.
fn dynamo_type(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "S",
        Value::Number(_) => "N",
        Value::Bool(_) => "BOOL",
        Value::Null => "NULL",
        Value::Array(_) => "L",
        Value::Object(_) => "M",
    }
}

fn validation_exception(detail: &str) -> Reply {
    string_error(400, &format!("An error occurred (ValidationException) when calling the PutItem operation: {detail}"))
}

/// Python's `!=` between two optional JSON values (`True == 1`, `1 == 1.0`).
fn differs(a: Option<&Value>, b: Option<&Value>) -> bool {
    let number = |v: Option<&Value>| match v {
        Some(Value::Bool(b)) => Some(f64::from(u8::from(*b))),
        Some(Value::Number(n)) => n.as_f64(),
        _ => None,
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x != y,
        _ => a.filter(|v| !v.is_null()) != b.filter(|v| !v.is_null()),
    }
}

fn show_mcp_workbench(row: &Value) -> Option<&Value> {
    row.pointer("/configuration/enabledComponents/showMcpWorkbench")
}

/// `PUT /configuration/{configScope}`: the scope comes from the body, not the path.
pub fn put(shared: &Arc<Shared>, req: &Req, caller: &Caller) -> Reply {
    if let Some(reply) = validate_input(req) {
        return reply;
    }
    if req.body.is_empty() {
        return string_error(400, "Request body is required.");
    }
    let mut body: Value = match serde_json::from_slice(&req.body) {
        Ok(v) => v,
        Err(_) => return string_error(400, "Invalid JSON in request body."),
    };
    let Some(map) = body.as_object_mut() else {
        // `body["created_at"] = …` on None is a NoneType TypeError; on a list or string, another.
        return if body.is_null() { string_error(400, "Request body is required.") } else { string_error(500, UNEXPECTED) };
    };
    map.insert("created_at".into(), json!(created_at(std::time::SystemTime::now())));
    let scope = match map.get("configScope") {
        None => return string_error(500, UNEXPECTED),
        Some(v) => v.clone(),
    };
    if scope.as_str() == Some("global") && !caller.is_admin() {
        return string_error(403, "Only admins can update global configuration");
    }
    let mut store = shared.lock();
    // check_show_mcp_workbench runs before put_item, against the highest row of the scope.
    let current = scope.as_str().and_then(|s| store.configuration.get(s)).and_then(|rows| rows.first());
    let (old, new) = (current.and_then(show_mcp_workbench).cloned(), show_mcp_workbench(&body).cloned());
    if differs(old.as_ref(), new.as_ref()) {
        if !store.mcp_workbench_deployed {
            // No MCP servers table without the workbench: the handler fails before writing.
            return string_error(500, UNEXPECTED);
        }
        store.mcp_workbench_server = text_truthy(new.as_ref());
    }
    let Some(scope) = scope.as_str() else {
        return validation_exception(&format!(
            "One or more parameter values were invalid: Type mismatch for key configScope expected: S actual: {}",
            dynamo_type(&scope)
        ));
    };
    if scope.is_empty() {
        return validation_exception(
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: configScope",
        );
    }
    let version = match body.get("versionId") {
        None => return validation_exception("One or more parameter values were invalid: Missing the key versionId in the item"),
        Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
        Some(other) => {
            return validation_exception(&format!(
                "One or more parameter values were invalid: Type mismatch for key versionId expected: N actual: {}",
                dynamo_type(other)
            ))
        }
    };
    if serde_json::to_vec(&body).map_or(0, |b| b.len()) > MAX_ITEM_BYTES {
        return validation_exception("Item size has exceeded the maximum allowed size");
    }
    store_row(&mut store, scope, version, body);
    lambda(Reply::json(200, &json!({ "status": "ok" })))
}

fn text_truthy(value: Option<&Value>) -> bool {
    crate::inference::text::truthy(value)
}

/// Writes a row (replacing one with the same `versionId`), keeping the highest first.
pub fn store_row(store: &mut Store, scope: &str, version: f64, row: Value) {
    let rows = store.configuration.entry(scope.to_string()).or_default();
    let version_of = |r: &Value| r.get("versionId").and_then(Value::as_f64).unwrap_or(f64::NEG_INFINITY);
    rows.retain(|r| version_of(r) != version);
    let at = rows.iter().position(|r| version_of(r) < version).unwrap_or(rows.len());
    rows.insert(at, row);
}

/// `str(Decimal(time.time()))`: the exact decimal expansion of the float, e.g.
/// `"1718030000.12345600128173828125"`.
pub fn created_at(now: std::time::SystemTime) -> String {
    let seconds = now.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0);
    exact_decimal(seconds)
}

/// The exact decimal value of a non-negative float (its binary fraction, digit for digit).
pub fn exact_decimal(value: f64) -> String {
    let whole = value.trunc();
    let mut fraction = value - whole;
    // Binary digits after the point: at most 38 keep `numerator * 5^bits` inside a u128.
    let mut bits = 0u32;
    while fraction != 0.0 && bits < 38 {
        fraction *= 2.0;
        bits += 1;
        fraction -= fraction.trunc();
    }
    if fraction != 0.0 {
        return format!("{value}");
    }
    let numerator = ((value - whole) * 2f64.powi(bits as i32)) as u128;
    if numerator == 0 {
        return format!("{whole:.0}");
    }
    let digits = format!("{:0width$}", numerator * 5u128.pow(bits), width = bits as usize);
    format!("{whole:.0}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_expansion_is_exact() {
        assert_eq!(exact_decimal(0.5), "0.5");
        assert_eq!(exact_decimal(3.0), "3");
        assert_eq!(exact_decimal(1.25), "1.25");
        assert_eq!(exact_decimal(1718030000.123456), "1718030000.12345600128173828125");
    }

    #[test]
    fn numbers_become_floats_and_rows_sort_by_version() {
        assert_eq!(floats(&json!({"v": 3, "a": [1, true, "2"]})).to_string(), r#"{"a":[1.0,true,"2"],"v":3.0}"#);
        let mut store = Store::default();
        for (v, tag) in [(1.0, "a"), (10.0, "b"), (2.0, "c"), (10.0, "d")] {
            store_row(&mut store, "global", v, json!({"versionId": v, "tag": tag}));
        }
        let tags: Vec<_> = store.configuration["global"].iter().map(|r| r["tag"].as_str().unwrap()).collect();
        assert_eq!(tags, ["d", "c", "a"]);
    }

    #[test]
    fn python_inequality() {
        assert!(!differs(Some(&json!(true)), Some(&json!(1))));
        assert!(differs(Some(&json!(false)), None), "false → missing is a change");
        assert!(!differs(None, Some(&Value::Null)));
        assert!(differs(Some(&json!(true)), Some(&json!(false))));
    }
}

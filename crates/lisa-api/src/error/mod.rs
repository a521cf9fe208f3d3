//! The one error type every failed or unreadable response becomes (lisa-api.md §3, §6, §7).
//!
//! Shapes handled, whatever the status:
//! * `{"detail": "<text>"}` (LISA's real 400/403/404/405/409);
//! * `{"detail": [{loc, msg, type, input, ctx}], "type": "RequestValidationError"}` (422);
//! * `{"error": "<name>", "message": "<text>"}` (the seed's documented shape; LISA's 500 and
//!   middleware 400/405/413); `{"error": {"message": …}}` (the Serve API's 429);
//! * `{"message": "<text>" | null}` / `{"Message": "<text>"}` (API Gateway);
//! * a bare JSON string (the metrics 500; every configuration API error, lisa-config.md §4),
//!   and empty or non-JSON bodies;
//! * the metrics envelope `{"statusCode", "body"}` on HTTP 200 ([`decode_metrics`]).
//!
//! The echoed `input` of a 422 is never kept: it can hold the model's API key.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One segment of a FastAPI `loc`: a field name, a map key or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LocPart {
    Index(i64),
    Key(String),
}

impl std::fmt::Display for LocPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LocPart::Index(i) => write!(f, "{i}"),
            LocPart::Key(k) => f.write_str(k),
        }
    }
}

/// One field-level complaint, from a server 422 or from the shared validation rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// As LISA sends it, starting with `"body"`.
    pub loc: Vec<LocPart>,
    pub msg: String,
    /// Pydantic's error type (`missing`, `value_error`, …).
    #[serde(rename = "type", default)]
    pub kind: String,
}

impl FieldError {
    pub fn new(loc: Vec<LocPart>, kind: &str, msg: impl Into<String>) -> Self {
        FieldError { loc, msg: msg.into(), kind: kind.to_string() }
    }

    /// The field path without the leading `body`, dot-separated: `containerConfig.image.type`.
    /// Union-member segments (`str`, `list[str]`, `RECURRING`, `DAILY`) are dropped so that the
    /// path names the form field. Empty for whole-body rules.
    pub fn path(&self) -> String {
        field_path(&self.loc)
    }

    /// The message without Pydantic's `Value error, ` prefix.
    pub fn message(&self) -> &str {
        self.msg.strip_prefix("Value error, ").unwrap_or(&self.msg)
    }
}

/// See [`FieldError::path`].
pub fn field_path(loc: &[LocPart]) -> String {
    let mut parts = Vec::new();
    for (i, part) in loc.iter().enumerate() {
        match part {
            LocPart::Key(k) if i == 0 && k == "body" => {}
            LocPart::Key(k) if is_union_tag(k) => {}
            other => parts.push(other.to_string()),
        }
    }
    parts.join(".")
}

fn is_union_tag(segment: &str) -> bool {
    matches!(segment, "str" | "list[str]" | "RECURRING" | "DAILY")
}

/// What went wrong, in the terms the UI acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The request never produced a readable response: connection refused, DNS, or (most often
    /// with LISA) an API Gateway error without CORS headers, which the browser hides. An expired
    /// session looks exactly like this.
    Network,
    /// No answer within the configured timeout.
    Timeout,
    /// 401, or API Gateway's 403 explicit deny: the token is missing, invalid or expired.
    Unauthenticated,
    /// 403 from LISA's admin check: signed in, but not in the admin group.
    NotAdmin,
    /// API Gateway's 403 "Missing Authentication Token": no such route (wrong `apiBaseUrl`).
    MissingRoute,
    NotFound,
    Conflict,
    /// 422 with field errors.
    Validation,
    BadRequest,
    MethodNotAllowed,
    PayloadTooLarge,
    RateLimited,
    Server,
    /// A success status with a body this client cannot read.
    Decode,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status, or the metrics envelope's inner `statusCode`; `None` when there was no
    /// readable response at all.
    pub status: Option<u16>,
    pub kind: ErrorKind,
    /// A human sentence: the server's own text where it sent one.
    pub message: String,
    /// Field errors of a 422, in the order the server listed them.
    pub field_errors: Vec<FieldError>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    pub fn network() -> Self {
        ApiError {
            status: None,
            kind: ErrorKind::Network,
            message: "The request failed before LISA answered: the network is down, the API URL is \
                      wrong, or your session has expired (LISA's gateway hides those errors from \
                      the browser)."
                .to_string(),
            field_errors: Vec::new(),
        }
    }

    pub fn timeout(seconds: f64) -> Self {
        ApiError {
            status: None,
            kind: ErrorKind::Timeout,
            message: format!("LISA did not answer within {} seconds.", trim_float(seconds)),
            field_errors: Vec::new(),
        }
    }

    pub fn decode(status: u16, what: &str, detail: impl std::fmt::Display) -> Self {
        // The parser quotes what it could not use: a 10 MB string would become the message.
        let detail = bounded(detail.to_string(), MAX_DETAIL_CHARS);
        ApiError {
            status: Some(status),
            kind: ErrorKind::Decode,
            message: format!("LISA answered, but its {what} could not be read: {detail}."),
            field_errors: Vec::new(),
        }
    }

    /// A success status whose body could not be read: LISA did what was asked.
    pub fn is_unreadable_success(&self) -> bool {
        self.kind == ErrorKind::Decode && self.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// For a failed change (POST/PUT/DELETE): what the admin must know before sending it
    /// again, when the answer does not say that nothing changed.
    pub fn change_note(&self) -> Option<&'static str> {
        match self.kind {
            ErrorKind::Network | ErrorKind::Timeout => {
                Some("The change may or may not have reached LISA: check before trying again.")
            }
            _ if self.is_unreadable_success() => Some("LISA accepted the change, so check the result before trying again."),
            _ => None,
        }
    }

    /// Reads can be retried; whether a change can be depends on the admin.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Network | ErrorKind::Timeout | ErrorKind::RateLimited | ErrorKind::Server
        )
    }

    /// The shell's "your session may have expired — sign in again" case.
    pub fn is_session_problem(&self) -> bool {
        matches!(self.kind, ErrorKind::Unauthenticated | ErrorKind::Network)
    }
}

/// The longest server text kept as a message, and the longest parser detail.
const MAX_MESSAGE_CHARS: usize = 1000;
const MAX_DETAIL_CHARS: usize = 200;

/// `text` cut to `max` characters (marked with "…"), so that no answer can flood the page.
fn bounded(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn trim_float(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Turn any non-2xx answer into an [`ApiError`].
pub fn decode_error(status: u16, body: &str) -> ApiError {
    let parsed: Option<Value> = serde_json::from_str(body.trim()).ok();
    let mut field_errors = Vec::new();
    let mut explicit_deny = false;
    let mut missing_route = false;
    let mut has_detail = false;
    let bare_string = matches!(parsed, Some(Value::String(_)));

    let text: Option<String> = match &parsed {
        Some(Value::Object(map)) => {
            if let Some(detail) = map.get("detail") {
                has_detail = true;
                match detail {
                    Value::String(s) => Some(s.clone()),
                    Value::Array(items) => {
                        field_errors = items.iter().filter_map(field_error_from_value).collect();
                        Some(summarise_field_errors(&field_errors))
                    }
                    other => Some(other.to_string()),
                }
            } else if let Some(error) = map.get("error") {
                match (error, map.get("message")) {
                    (_, Some(Value::String(m))) => Some(m.clone()),
                    (Value::Object(inner), _) => inner.get("message").and_then(Value::as_str).map(String::from),
                    (Value::String(name), _) => Some(name.clone()),
                    _ => None,
                }
            } else if let Some(Value::String(m)) = map.get("Message") {
                explicit_deny = m.contains("explicit deny");
                Some(m.clone())
            } else if let Some(m) = map.get("message") {
                match m {
                    Value::String(m) => {
                        missing_route = m == "Missing Authentication Token";
                        Some(m.clone())
                    }
                    _ => None,
                }
            } else {
                None
            }
        }
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };

    let kind = match status {
        401 => ErrorKind::Unauthenticated,
        403 if explicit_deny => ErrorKind::Unauthenticated,
        403 if missing_route => ErrorKind::MissingRoute,
        // LISA's own admin checks: `{"detail": …}` from the model API, a bare JSON string from
        // the configuration API ("Only admins can update global configuration"). The gateway's
        // 403s are objects with `message`/`Message`.
        403 if has_detail || bare_string => ErrorKind::NotAdmin,
        403 => ErrorKind::Unauthenticated,
        404 => ErrorKind::NotFound,
        405 => ErrorKind::MethodNotAllowed,
        409 => ErrorKind::Conflict,
        413 => ErrorKind::PayloadTooLarge,
        422 => ErrorKind::Validation,
        429 => ErrorKind::RateLimited,
        400 => ErrorKind::BadRequest,
        500..=599 => ErrorKind::Server,
        200..=299 => ErrorKind::Decode,
        _ => ErrorKind::Other,
    };

    let message = match text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        Some(t) => bounded(t, MAX_MESSAGE_CHARS),
        None => default_message(status),
    };
    ApiError { status: Some(status), kind, message, field_errors }
}

fn field_error_from_value(item: &Value) -> Option<FieldError> {
    let obj = item.as_object()?;
    let loc = match obj.get("loc") {
        Some(Value::Array(parts)) => parts
            .iter()
            .map(|p| match p {
                Value::Number(n) => LocPart::Index(n.as_i64().unwrap_or(0)),
                Value::String(s) => LocPart::Key(s.clone()),
                other => LocPart::Key(other.to_string()),
            })
            .collect(),
        _ => Vec::new(),
    };
    let msg = obj.get("msg").and_then(Value::as_str).unwrap_or("Invalid value").to_string();
    let kind = obj.get("type").and_then(Value::as_str).unwrap_or("").to_string();
    // `input` and `ctx` are deliberately dropped (the input can be the whole body, API key included).
    Some(FieldError { loc, msg, kind })
}

fn summarise_field_errors(errors: &[FieldError]) -> String {
    match errors {
        [] => "LISA rejected the request as invalid.".to_string(),
        [one] => describe(one),
        [first, rest @ ..] => format!("{} (and {} more)", describe(first), rest.len()),
    }
}

fn describe(error: &FieldError) -> String {
    let path = error.path();
    if path.is_empty() {
        error.message().to_string()
    } else {
        format!("{path}: {}", error.message())
    }
}

fn default_message(status: u16) -> String {
    match status {
        401 => "LISA did not accept the credentials (401). Sign in again.".to_string(),
        403 => "LISA refused the request (403).".to_string(),
        404 => "Not found (404).".to_string(),
        413 => "The request is too large for LISA (413).".to_string(),
        429 => "LISA is throttling requests (429). Wait a moment and retry.".to_string(),
        500..=599 => format!("LISA had an internal error (HTTP {status}) and sent no explanation."),
        200..=299 => format!("LISA answered HTTP {status} with an empty or unreadable body."),
        _ => format!("LISA answered HTTP {status} with no explanation."),
    }
}

/// Decode a success body as `T`; any other status goes through [`decode_error`].
pub fn decode_json<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        return Err(decode_error(status, body));
    }
    serde_json::from_str(body).map_err(|e| ApiError::decode(status, "response", e))
}

/// Decode a metrics answer. LISA wraps it as `{"statusCode": n, "body": …}` on HTTP 200, where
/// `body` is an object on success and a JSON *string* on the inner error paths; a bare body
/// without the envelope is accepted too.
pub fn decode_metrics<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        return Err(decode_error(status, body));
    }
    let value: Value =
        serde_json::from_str(body).map_err(|e| ApiError::decode(status, "metrics response", e))?;
    let payload = match value {
        Value::Object(mut map) if map.contains_key("statusCode") && map.contains_key("body") => {
            let inner_status = map
                .get("statusCode")
                .and_then(|v| v.as_f64())
                .filter(|v| (100.0..=599.0).contains(v))
                .map(|v| v as u16)
                .ok_or_else(|| ApiError::decode(status, "metrics envelope", "statusCode is not an HTTP status"))?;
            let inner = map.remove("body").unwrap_or(Value::Null);
            let inner = match inner {
                // The error paths JSON-encode the body a second time.
                Value::String(text) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
                other => other,
            };
            if !(200..300).contains(&inner_status) {
                return Err(decode_error(inner_status, &inner.to_string()));
            }
            inner
        }
        other => other,
    };
    serde_json::from_value(payload).map_err(|e| ApiError::decode(status, "metrics", e))
}

#[cfg(test)]
mod tests;

//! The one error type of a LISA Serve call (lisa-serve.md §9): every way a call can end other
//! than with a full answer, from "the browser got no readable answer" to "the stream broke off".
//!
//! The bodies, by who produced them:
//! * `null` with LiteLLM's status: LISA's non-streaming handler drops LiteLLM's error body for
//!   chat, embeddings, images and completions (commit c264d4fc) — [`ServeErrorKind::HiddenUpstream`];
//! * LiteLLM's `{"error":{"message","type","param","code"}}`, where `code` is the HTTP status *as
//!   a string* and `type`/`param` may be the string `"None"` or JSON `null` (a stream that fails
//!   before its first chunk; GET errors; LISA's rate limiter uses the same shape) —
//!   [`ServeErrorKind::Upstream`];
//! * LISA's own `{"error":"<name>","message":"<text>"}` (401, 403, 400, 413) —
//!   [`ServeErrorKind::Lisa`]; most of these come without CORS headers, so a browser sees them
//!   only as [`ServeErrorKind::Network`];
//! * anything else (the ALB's HTML 502/503/504 page, an empty body) — [`ServeErrorKind::Unreadable`].

use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServeErrorKind {
    /// `fetch` failed with no readable answer: the network, a wrong or blocked `serveBaseUrl`,
    /// or — most often — one of LISA Serve's answers without CORS headers (401 for a bad token
    /// or when LiteLLM is down, 429 rate limit, 400/413 from its input checks).
    Network,
    /// No byte of the answer within this many ms of sending.
    FirstTokenTimeout { ms: u32 },
    /// No byte for this many ms after the previous one.
    IdleTimeout { ms: u32 },
    /// The client stopped the call (Stop, or the page went away).
    Stopped,
    /// The client did not send the call; the message says why (e.g. an expired ID token).
    NotSent,
    /// A non-2xx answer whose body is `null`: LISA Serve hid LiteLLM's error.
    HiddenUpstream,
    /// An error in OpenAI's shape (LiteLLM's, or LISA's rate limiter's).
    Upstream,
    /// LISA Serve's own `{"error","message"}` (or FastAPI's `{"detail"}`).
    Lisa,
    /// `data: {"error":…}` inside a 200 stream; the stream then ends without `[DONE]`.
    MidStream,
    /// A stream that ended with neither `[DONE]` nor an error: the answer may be cut short.
    Incomplete,
    /// An answer this client cannot read: a non-JSON error page, or a 2xx body of the wrong shape.
    Unreadable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeError {
    /// The HTTP status, when an answer was read (200 for errors inside a stream).
    pub status: Option<u16>,
    pub kind: ServeErrorKind,
    /// The server's own words (bounded), or what could not be read; `None` when it sent none.
    pub message: Option<String>,
    /// LiteLLM's `code` (a status as text, e.g. `"400"`), the rate limiter's
    /// `rate_limit_exceeded`, or LISA's `error` name (`Unauthorized`).
    pub code: Option<String>,
    /// LiteLLM's `type` when it says something (`"None"` and `null` are dropped).
    pub error_type: Option<String>,
}

/// The longest server text kept.
const MAX_MESSAGE_CHARS: usize = 1000;

fn bounded(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

impl ServeError {
    fn bare(status: Option<u16>, kind: ServeErrorKind, message: Option<String>) -> Self {
        ServeError { status, kind, message, code: None, error_type: None }
    }

    pub fn network() -> Self {
        ServeError::bare(None, ServeErrorKind::Network, None)
    }

    pub fn first_token_timeout(ms: u32) -> Self {
        ServeError::bare(None, ServeErrorKind::FirstTokenTimeout { ms }, None)
    }

    pub fn idle_timeout(status: Option<u16>, ms: u32) -> Self {
        ServeError::bare(status, ServeErrorKind::IdleTimeout { ms }, None)
    }

    pub fn stopped(status: Option<u16>) -> Self {
        ServeError::bare(status, ServeErrorKind::Stopped, None)
    }

    pub fn not_sent(reason: impl Into<String>) -> Self {
        ServeError::bare(None, ServeErrorKind::NotSent, Some(reason.into()))
    }

    pub fn incomplete(status: u16) -> Self {
        ServeError::bare(Some(status), ServeErrorKind::Incomplete, None)
    }

    /// A 2xx body (or a stream line) that is not what the call expects.
    pub fn unreadable(status: u16, what: impl std::fmt::Display) -> Self {
        ServeError::bare(Some(status), ServeErrorKind::Unreadable, Some(bounded(&what.to_string())))
    }

    /// LiteLLM's message says the model is unknown to it (§9): stopped, deleted, never
    /// registered, or created moments ago and not yet on every worker.
    pub fn is_invalid_model_name(&self) -> bool {
        self.message.as_deref().is_some_and(|m| m.contains("Invalid model name"))
    }

    /// A guardrail blocked the prompt (§8: LiteLLM's 400 "Violated guardrail policy").
    pub fn is_guardrail_block(&self) -> bool {
        self.message.as_deref().is_some_and(|m| m.to_lowercase().contains("violated guardrail policy"))
    }
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(status) = self.status {
            write!(f, "HTTP {status} ")?;
        }
        write!(f, "{:?}", self.kind)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServeError {}

/// Text of a JSON value that should be a string (`code` can also come as a number).
fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if s.trim().is_empty() || s == "None" => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The error object of LiteLLM's (or OpenAI's) shape, from a body or a stream line.
fn from_error_object(status: Option<u16>, kind: ServeErrorKind, inner: &serde_json::Map<String, Value>) -> ServeError {
    let message = match inner.get("message") {
        Some(Value::String(s)) => Some(bounded(s)),
        Some(Value::Null) | None => None,
        Some(other) => Some(bounded(&other.to_string())),
    };
    ServeError {
        status,
        kind,
        message: message.filter(|m| !m.is_empty()),
        code: text_of(inner.get("code")),
        error_type: text_of(inner.get("type")),
    }
}

/// Decode the body of a non-2xx answer from LISA Serve.
pub fn decode_serve_error(status: u16, body: &str) -> ServeError {
    let trimmed = body.trim();
    let parsed: Option<Value> = serde_json::from_str(trimmed).ok();
    match parsed {
        Some(Value::Null) => ServeError::bare(Some(status), ServeErrorKind::HiddenUpstream, None),
        Some(Value::Object(map)) => match (map.get("error"), map.get("message"), map.get("detail")) {
            (Some(Value::Object(inner)), _, _) => from_error_object(Some(status), ServeErrorKind::Upstream, inner),
            (Some(Value::String(name)), message, _) => ServeError {
                status: Some(status),
                kind: ServeErrorKind::Lisa,
                message: text_of(message).map(|m| bounded(&m)).or_else(|| Some(bounded(name))),
                code: Some(bounded(name)),
                error_type: None,
            },
            (_, Some(Value::String(message)), _) | (_, _, Some(Value::String(message))) => {
                ServeError::bare(Some(status), ServeErrorKind::Lisa, Some(bounded(message)))
            }
            _ => ServeError::unreadable(status, format!("an error body of an unknown shape: {}", bounded(trimmed))),
        },
        Some(Value::String(s)) => ServeError::bare(Some(status), ServeErrorKind::Lisa, Some(bounded(&s))),
        _ if trimmed.is_empty() => ServeError::bare(Some(status), ServeErrorKind::Unreadable, None),
        // An HTML page (the ALB's own 502/503/504): its title, never its markup.
        _ => ServeError::bare(Some(status), ServeErrorKind::Unreadable, html_title(trimmed)),
    }
}

/// The error line of a stream: `data: {"error":{...}}` (§9). `None` if the line is not one.
pub fn stream_error_line(value: &Value) -> Option<ServeError> {
    let map = value.as_object()?;
    if map.contains_key("choices") {
        return None;
    }
    match map.get("error")? {
        Value::Object(inner) => Some(from_error_object(Some(200), ServeErrorKind::MidStream, inner)),
        Value::String(s) => Some(ServeError::bare(Some(200), ServeErrorKind::MidStream, Some(bounded(s)))),
        _ => Some(ServeError::bare(Some(200), ServeErrorKind::MidStream, None)),
    }
}

fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    let title = html.get(start..end)?.trim();
    (!title.is_empty() && !title.contains('<')).then(|| bounded(title))
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;

//! The models app: LISA's FastAPI application behind `/models` (Mangum strips the prefix).
//!
//! Order, as in LISA (§5.12): the input-validation middleware (E9), then FastAPI routing (404 /
//! 405), then the route's own checks. Anything a handler cannot answer becomes the catch-all 500.

pub mod configuration;
pub mod metrics;
pub mod models;
pub mod openapi;
pub mod schedule;
pub mod serve;

use std::sync::Arc;

use axum::http::Method;
use lisa_api::error::FieldError;
use lisa_api::validate::{self, loc, Violation};
use serde_json::Value;

use crate::errors::{middleware_error, AppError};
use crate::http::{Reply, Req};
use crate::state::{Caller, Shared};

/// V1: the input-validation middleware's limit, checked on the Content-Length header.
pub const MAX_BODY: u64 = 1_048_576;

/// A route of the models app (paths relative to `/models`).
#[derive(Debug, PartialEq, Eq)]
enum Route<'a> {
    Collection,
    Instances,
    Item(&'a str),
    ContextWindow(&'a str),
    Schedule(&'a str),
    ScheduleStatus(&'a str),
}

impl Route<'_> {
    fn allows(&self, method: &Method) -> bool {
        let m = method.as_str();
        // Starlette answers HEAD wherever GET is allowed.
        let get = m == "GET" || m == "HEAD";
        match self {
            Route::Collection => get || m == "POST",
            Route::Instances | Route::ScheduleStatus(_) => get,
            Route::Item(_) => get || m == "PUT" || m == "DELETE",
            Route::ContextWindow(_) => m == "PUT",
            Route::Schedule(_) => get || m == "PUT" || m == "POST" || m == "DELETE",
        }
    }
}

/// Starlette path matching: `{model_id}` is one non-empty segment; no slash redirects.
fn route(relative: &str) -> Option<Route<'_>> {
    if relative.is_empty() || relative == "/" {
        return Some(Route::Collection);
    }
    let rest = relative.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return None;
    }
    match segments.as_slice() {
        ["metadata", "instances"] => Some(Route::Instances),
        [id] => Some(Route::Item(id)),
        [id, "context-window"] => Some(Route::ContextWindow(id)),
        [id, "schedule"] => Some(Route::Schedule(id)),
        [id, "schedule", "status"] => Some(Route::ScheduleStatus(id)),
        _ => None,
    }
}

/// LISA's InputValidationMiddleware (E9), in its order: method, size, path, query, body.
fn input_validation(req: &Req) -> Option<Reply> {
    const VALID: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    let method = req.method.as_str();
    if !VALID.contains(&method) {
        return Some(
            middleware_error(405, "Method Not Allowed", &format!("HTTP method {method} is not allowed"))
                .header("allow", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"),
        );
    }
    if let Some(size) = req.header("content-length").and_then(|v| v.trim().parse::<u64>().ok()) {
        if size > MAX_BODY {
            return Some(middleware_error(
                413,
                "Payload Too Large",
                &format!("Request body size exceeds maximum allowed size of {MAX_BODY} bytes"),
            ));
        }
    }
    if req.path.contains('\0') {
        return Some(middleware_error(400, "Bad Request", "Invalid characters detected in request path"));
    }
    if req.query_pairs().iter().any(|(k, v)| k.contains('\0') || v.contains('\0')) {
        return Some(middleware_error(400, "Bad Request", "Invalid characters detected in query parameters"));
    }
    if matches!(method, "POST" | "PUT" | "PATCH") && req.body.contains(&0u8) {
        return Some(middleware_error(400, "Bad Request", "Invalid characters detected in request body"));
    }
    None
}

/// Everything under `/models`, after API Gateway let the request through.
pub fn models_app(shared: &Arc<Shared>, req: &Req, caller: &Caller) -> Reply {
    if let Some(reply) = input_validation(req) {
        return reply;
    }
    let relative = req.path.strip_prefix("/models").unwrap_or("");
    let result = match route(relative) {
        None => Err(AppError::route_not_found()),
        Some(r) if !r.allows(&req.method) => Err(AppError::method_not_allowed()),
        Some(r) => dispatch(shared, req, caller, r),
    };
    result.unwrap_or_else(|e| e.render(shared.config.error_style))
}

fn dispatch(shared: &Arc<Shared>, req: &Req, caller: &Caller, route: Route<'_>) -> Result<Reply, AppError> {
    let method = if req.method == Method::HEAD { "GET" } else { req.method.as_str() };
    match (route, method) {
        (Route::Collection, "GET") => models::list(shared, caller),
        (Route::Collection, _) => models::create(shared, req, caller),
        (Route::Instances, _) => Ok(models::instances(shared)),
        (Route::Item(id), "GET") => models::get(shared, caller, id),
        (Route::Item(id), "PUT") => models::update(shared, req, caller, id),
        (Route::Item(id), _) => models::delete(shared, caller, id),
        (Route::ContextWindow(id), _) => models::context_window(shared, req, caller, id),
        (Route::Schedule(id), "GET") => schedule::get(shared, caller, id),
        (Route::Schedule(id), "DELETE") => schedule::delete(shared, caller, id),
        (Route::Schedule(id), _) => schedule::put(shared, req, caller, id),
        (Route::ScheduleStatus(id), _) => schedule::status(shared, caller, id),
    }
}

/// FastAPI's reading of a JSON body parameter: without a JSON content type a non-empty body
/// is not parsed and fails as "not a dictionary" (V3); otherwise the shared V3 rules apply.
pub fn json_body(req: &Req) -> Result<Value, AppError> {
    if !req.body.is_empty() {
        if let Some(ct) = req.header("content-type") {
            if !is_json_content_type(ct) {
                let text = String::from_utf8_lossy(&req.body).into_owned();
                return Err(AppError::Validation(vec![Violation {
                    error: FieldError::new(
                        loc(&["body"]),
                        "model_attributes_type",
                        "Input should be a valid dictionary or object to extract fields from",
                    ),
                    input: Value::String(text),
                    ctx: None,
                }]));
            }
        }
    }
    validate::parse_body(&req.body).map_err(|violations| {
        // Bodies FastAPI itself cannot read (invalid UTF-8, absurd nesting) are a 400, not a 422.
        if violations.iter().any(|v| v.error.kind == BODY_PARSE_ERROR) {
            AppError::bad_request("There was an error parsing the body")
        } else {
            AppError::Validation(violations)
        }
    })
}

/// `lisa_api::validate::BODY_PARSE_ERROR`: the violation type of an unreadable body.
const BODY_PARSE_ERROR: &str = "body_parse_error";

/// `application/json` or `application/<anything>+json`, as FastAPI decides it.
pub fn is_json_content_type(value: &str) -> bool {
    let mime = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match mime.split_once('/') {
        Some(("application", sub)) => sub == "json" || sub.ends_with("+json"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starlette_routing() {
        assert_eq!(route(""), Some(Route::Collection));
        assert_eq!(route("/"), Some(Route::Collection));
        assert_eq!(route("/metadata/instances"), Some(Route::Instances));
        assert_eq!(route("/metadata"), Some(Route::Item("metadata")));
        assert_eq!(route("/m/schedule/status"), Some(Route::ScheduleStatus("m")));
        assert_eq!(route("/m/"), None);
        assert_eq!(route("/m/x"), None);
        assert_eq!(route("//"), None);
        assert!(!Route::Item("m").allows(&Method::PATCH));
        assert!(!Route::Collection.allows(&Method::PUT));
        assert!(Route::Collection.allows(&Method::HEAD));
    }

    #[test]
    fn json_content_types() {
        assert!(is_json_content_type("application/json"));
        assert!(is_json_content_type("Application/JSON; charset=utf-8"));
        assert!(is_json_content_type("application/merge-patch+json"));
        assert!(!is_json_content_type("text/plain"));
        assert!(!is_json_content_type("json"));
    }
}

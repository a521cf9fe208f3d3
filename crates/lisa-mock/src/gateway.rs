//! The front door: what API Gateway does before LISA's code runs (resource/method match,
//! preflight, authorizer), then hand-off to the models app, the metrics Lambdas, the Serve API,
//! or the test-control routes. lisa-api.md §1, §2, §5.12 step 1.

use std::sync::Arc;

use serde_json::json;

use crate::auth;
use crate::control;
use crate::cors::gateway_preflight;
use crate::errors::{gateway_missing_token, middleware_error};
use crate::http::{decode_component, Cors, Reply, Req};
use crate::routes::{self, metrics, openapi, serve, MAX_BODY};
use crate::state::{Shared, LOG_LIMIT};

/// An API Gateway resource of LISA's REST API.
enum Resource {
    Models,
    MetricsAll,
    MetricsUser(String),
    OpenApi,
    Docs,
}

/// Resource matching works on the raw path; path parameters are then URL-decoded.
fn resource(raw_path: &str) -> Option<Resource> {
    if raw_path == "/models" || raw_path.starts_with("/models/") {
        return Some(Resource::Models);
    }
    match raw_path {
        "/openapi.json" => return Some(Resource::OpenApi),
        "/docs" => return Some(Resource::Docs),
        // A static segment wins over `{userId}`: a user literally named "all" is unreachable.
        "/metrics/users/all" => return Some(Resource::MetricsAll),
        _ => {}
    }
    let user = raw_path.strip_prefix("/metrics/users/")?;
    (!user.is_empty() && !user.contains('/')).then(|| Resource::MetricsUser(decode_component(user)))
}

pub fn log_request(shared: &Shared, req: &Req) {
    let entry = json!({
        "method": req.method.as_str(),
        "path": req.raw_path,
        "query": req.query,
        "body": String::from_utf8_lossy(&req.body),
        "hasAuthorization": req.headers.contains_key("authorization"),
        "contentType": req.header("content-type"),
    });
    let mut store = shared.lock();
    if store.log.len() >= LOG_LIMIT {
        store.log.pop_front();
    }
    store.log.push_back(entry);
}

/// Answers one request (without any injected delay, which the caller applies).
pub fn dispatch(shared: &Arc<Shared>, req: &Req) -> Reply {
    let config = &shared.config;
    if config.test_control && (req.raw_path == "/__mock" || req.raw_path.starts_with("/__mock/")) {
        return control::handle(shared, req);
    }
    log_request(shared, req);
    let mut delay_ms = 0;
    if config.test_control {
        if let Some(injection) = control::take_injection(shared, req) {
            delay_ms = injection.delay_ms;
            if let Some(mut reply) = control::injected_reply(&injection) {
                reply.delay_ms = delay_ms;
                return reply;
            }
        }
    }
    let mut reply = real_answer(shared, req);
    reply.delay_ms = delay_ms;
    reply
}

fn real_answer(shared: &Arc<Shared>, req: &Req) -> Reply {
    let config = &shared.config;
    if req.raw_path.starts_with("/v2/serve/") {
        return serve::handle(|| serve::list(&shared.lock()), req, config);
    }
    let Some(resource) = resource(&req.raw_path) else { return gateway_missing_token() };
    let method = req.method.as_str();
    if method == "OPTIONS" {
        return gateway_preflight();
    }
    match resource {
        // `/models` and `/models/{proxy+}` pass every method on to the app (flows f084–f087).
        Resource::Models => match auth::gateway(req, config) {
            Ok(caller) => routes::models_app(shared, req, &caller),
            Err(reply) => reply,
        },
        Resource::OpenApi | Resource::Docs if method != "GET" => gateway_missing_token(),
        Resource::OpenApi => openapi::openapi(),
        Resource::Docs => openapi::docs(),
        Resource::MetricsAll | Resource::MetricsUser(_) if method != "GET" => gateway_missing_token(),
        Resource::MetricsAll | Resource::MetricsUser(_) => {
            if let Err(reply) = auth::gateway(req, config) {
                return reply;
            }
            if let Some(reply) = metrics_wrapper_checks(req) {
                return reply;
            }
            let store = shared.lock();
            match resource {
                Resource::MetricsUser(user) => metrics::user(&store, &user),
                _ => metrics::all(&store),
            }
        }
    }
}

/// The metrics Lambdas' input validation (E9 shape, with the Lambda's CORS header).
fn metrics_wrapper_checks(req: &Req) -> Option<Reply> {
    let too_large = req.header("content-length").and_then(|v| v.trim().parse::<u64>().ok()).is_some_and(|n| n > MAX_BODY);
    let reply = if too_large {
        middleware_error(413, "Payload Too Large", &format!("Request body size exceeds maximum allowed size of {MAX_BODY} bytes"))
    } else if req.path.contains('\0') {
        middleware_error(400, "Bad Request", "Invalid characters detected in request path")
    } else if req.query_pairs().iter().any(|(k, v)| k.contains('\0') || v.contains('\0')) {
        middleware_error(400, "Bad Request", "Invalid characters detected in query parameters")
    } else {
        return None;
    };
    Some(reply.cors(Cors::Always))
}

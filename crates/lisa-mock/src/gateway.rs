//! The front door: what API Gateway does before LISA's code runs (resource/method match,
//! preflight, authorizer), then hand-off to the models app, the metrics Lambdas, the Serve API,
//! or the test-control routes. lisa-api.md §1, §2, §5.12 step 1.

use std::sync::Arc;

use crate::auth;
use crate::control;
use crate::cors::{configuration_preflight, gateway_preflight};
use crate::errors::{gateway_missing_token, middleware_error};
use crate::http::{decode_component, Cors, Reply, Req};
use crate::inference::Call;
use crate::request_log;
use crate::routes::{self, configuration, metrics, openapi, serve, MAX_BODY};
use crate::state::Shared;

/// An API Gateway resource of LISA's REST API.
enum Resource {
    Models,
    MetricsAll,
    MetricsUser(String),
    OpenApi,
    Docs,
    /// `/configuration`: GET.
    Configuration,
    /// `/configuration/{configScope}`: PUT.
    ConfigurationScope,
}

/// Resource matching works on the raw path; path parameters are then URL-decoded.
fn resource(raw_path: &str) -> Option<Resource> {
    if raw_path == "/models" || raw_path.starts_with("/models/") {
        return Some(Resource::Models);
    }
    match raw_path {
        "/openapi.json" => return Some(Resource::OpenApi),
        "/docs" => return Some(Resource::Docs),
        "/configuration" => return Some(Resource::Configuration),
        // A static segment wins over `{userId}`: a user literally named "all" is unreachable.
        "/metrics/users/all" => return Some(Resource::MetricsAll),
        _ => {}
    }
    if let Some(scope) = raw_path.strip_prefix("/configuration/") {
        return (!scope.is_empty() && !scope.contains('/')).then_some(Resource::ConfigurationScope);
    }
    let user = raw_path.strip_prefix("/metrics/users/")?;
    (!user.is_empty() && !user.contains('/')).then(|| Resource::MetricsUser(decode_component(user)))
}

/// How a request is answered: at once, or by a (possibly slow, possibly streamed) model call.
pub enum Answer {
    Reply(Reply),
    Call(Call),
}

/// The answer, and the request-log entry to complete (none for test-control routes).
pub struct Dispatched {
    pub answer: Answer,
    pub log: Option<u64>,
}

/// Answers one request (an injected delay is in `Reply::delay_ms`, which the caller applies,
/// or in the call's injection).
pub fn dispatch(shared: &Arc<Shared>, req: &Req) -> Dispatched {
    let config = &shared.config;
    if config.test_control && (req.raw_path == "/__mock" || req.raw_path.starts_with("/__mock/")) {
        return Dispatched { answer: Answer::Reply(control::handle(shared, req)), log: None };
    }
    let log = Some(request_log::start(shared, req));
    let mut injection = None;
    if config.test_control {
        if let Some(taken) = control::take_injection(shared, req) {
            if let Some(mut reply) = control::injected_reply(&taken) {
                reply.delay_ms = taken.delay_ms;
                return Dispatched { answer: Answer::Reply(reply), log };
            }
            injection = Some(taken);
        }
    }
    let delay_ms = injection.as_ref().map_or(0, |i| i.delay_ms);
    let answer = if req.raw_path.starts_with("/v2/serve/") {
        serve::handle(shared, req, injection)
    } else {
        Answer::Reply(real_answer(shared, req))
    };
    let answer = match answer {
        Answer::Reply(mut reply) => {
            reply.delay_ms = delay_ms;
            Answer::Reply(reply)
        }
        call => call,
    };
    Dispatched { answer, log }
}

fn real_answer(shared: &Arc<Shared>, req: &Req) -> Reply {
    let config = &shared.config;
    let Some(resource) = resource(&req.raw_path) else { return gateway_missing_token() };
    let method = req.method.as_str();
    if method == "OPTIONS" {
        return match resource {
            Resource::Configuration | Resource::ConfigurationScope => configuration_preflight(),
            _ => gateway_preflight(),
        };
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
        Resource::Configuration if method != "GET" => gateway_missing_token(),
        Resource::ConfigurationScope if method != "PUT" => gateway_missing_token(),
        Resource::Configuration | Resource::ConfigurationScope => match auth::gateway(req, config) {
            Ok(_) if method == "GET" => configuration::get(shared, req),
            Ok(caller) => configuration::put(shared, req, &caller),
            Err(reply) => reply,
        },
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

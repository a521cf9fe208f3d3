//! A mock of LISA v6.6.0's HTTP APIs (model management, metrics, configuration, LISA Serve),
//! for the LISA Admin demo and every test. It answers as the real deployment does, down to the
//! error bodies, their order and which answers lack CORS headers: see shared/lisa-api.md,
//! shared/lisa-serve.md and shared/lisa-config.md.
//!
//! Use [`serve`] to run it (the binary does), or [`app`] to mount it in-process.

pub mod auth;
pub mod clock;
pub mod config;
pub mod control;
pub mod cors;
pub mod demo;
pub mod demo_config;
pub mod demo_metrics;
pub mod errors;
pub mod gateway;
pub mod generate;
pub mod http;
pub mod inference;
pub mod request_log;
pub mod routes;
pub mod state;
pub mod workflows;

use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;

use axum::body::to_bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::response::Response;
use axum::Router;

pub use config::{Config, ErrorStyle, Workflows};
pub use state::Shared;

/// API Gateway's hard payload limit: bigger bodies never reach LISA.
const GATEWAY_MAX_BODY: usize = 10 * 1024 * 1024;

/// The shared state, with the demo data loaded unless `config.empty`. Call inside a Tokio
/// runtime so that the demo's transitional models can finish (auto workflows).
pub fn new_shared(config: Config) -> Arc<Shared> {
    let shared = Arc::new(Shared::new(config));
    if !shared.config.empty {
        let mut store = shared.lock();
        demo::load(&shared, &mut store);
    }
    shared
}

/// The whole mock as one axum router: every request goes through [`gateway::dispatch`].
pub fn app(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).layer(DefaultBodyLimit::disable()).with_state(shared)
}

/// The router of the second, Serve-only address (`--serve-addr`), LISA's Serve ALB: only
/// `/v2/serve/*` (and the test-control routes); anything else is FastAPI's 404.
pub fn serve_app(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle_serve_only).layer(DefaultBodyLimit::disable()).with_state(shared)
}

async fn handle_serve_only(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path();
    if path.starts_with("/v2/serve/") || path == "/__mock" || path.starts_with("/__mock/") {
        return handle(State(shared), request).await;
    }
    let has_origin = request.headers().contains_key("origin");
    http::Reply::json(404, &serde_json::json!({ "detail": "Not Found" })).cors(http::Cors::IfOrigin).into_response(has_origin)
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let has_origin = parts.headers.contains_key("origin");
    let Ok(body) = to_bytes(body, GATEWAY_MAX_BODY).await else {
        return errors::gateway_too_large().into_response(has_origin);
    };
    let raw_path = parts.uri.path().to_string();
    let req = http::Req {
        method: parts.method,
        path: http::decode_component(&raw_path),
        raw_path,
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers,
        body,
    };
    let head = req.method == axum::http::Method::HEAD;
    let dispatched = gateway::dispatch(&shared, &req);
    // Created before any waiting: if the client leaves first, dropping it records the abort.
    let guard = dispatched.log.map(|id| request_log::LogGuard::new(&shared, id));
    let response = match dispatched.answer {
        gateway::Answer::Reply(reply) => {
            if reply.delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(reply.delay_ms)).await;
            }
            reply.into_response(has_origin)
        }
        gateway::Answer::Call(call) => inference::run(Arc::clone(&shared), call).await,
    };
    match guard {
        Some(guard) => request_log::track(response, guard, head),
        None => response,
    }
}

/// Serves until the process is stopped.
pub async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    serve_both(listener, None, shared).await
}

/// Serves the whole API on `listener` and, if given, LISA Serve alone on `serve_listener`.
pub async fn serve_both(
    listener: tokio::net::TcpListener,
    serve_listener: Option<tokio::net::TcpListener>,
    shared: Arc<Shared>,
) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = move |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = stop_tx.send(true);
    });
    let main = axum::serve(listener, app(Arc::clone(&shared))).with_graceful_shutdown(stopped(stop_rx.clone()));
    match serve_listener {
        None => main.await,
        Some(second) => {
            let serve_only = axum::serve(second, serve_app(shared)).with_graceful_shutdown(stopped(stop_rx));
            tokio::try_join!(main.into_future(), serve_only.into_future()).map(|_| ())
        }
    }
}

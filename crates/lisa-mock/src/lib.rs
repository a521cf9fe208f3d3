//! A mock of LISA v6.6.0's HTTP APIs (model management, metrics, the serve model list), for the
//! LISA Admin demo and every test. It answers as the real deployment does, down to the error
//! bodies, their order and which answers lack CORS headers: see shared/lisa-api.md.
//!
//! Use [`serve`] to run it (the binary does), or [`app`] to mount it in-process.

pub mod auth;
pub mod clock;
pub mod config;
pub mod control;
pub mod cors;
pub mod demo;
pub mod demo_metrics;
pub mod errors;
pub mod gateway;
pub mod generate;
pub mod http;
pub mod routes;
pub mod state;
pub mod workflows;

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
    let reply = gateway::dispatch(&shared, &req);
    if reply.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(reply.delay_ms)).await;
    }
    reply.into_response(has_origin)
}

/// Serves until the process is stopped.
pub async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    axum::serve(listener, app(shared))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

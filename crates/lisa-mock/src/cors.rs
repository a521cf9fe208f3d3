//! CORS preflight answers (lisa-api.md §1). Which `Access-Control-Allow-Origin` an ordinary
//! answer carries is decided per reply (`http::Cors`).

use crate::http::{Cors, Reply, Req};

/// The only request headers API Gateway's preflight allows: anything else makes the browser
/// refuse the real request, as it would against LISA.
pub const GATEWAY_ALLOWED_HEADERS: &str =
    "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent";

pub const ALL_METHODS: &str = "OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD";

/// API Gateway's OPTIONS method on every resource: no authorizer, any origin, all methods.
pub fn gateway_preflight() -> Reply {
    Reply::raw(200, "OK", Some("text/plain; charset=utf-8"))
        .cors(Cors::Always)
        .header("access-control-allow-methods", ALL_METHODS)
        .header("access-control-allow-headers", GATEWAY_ALLOWED_HEADERS)
}

/// The OPTIONS mock method of `/configuration` and `/configuration/{configScope}`
/// (lisa-config.md §4): 204, no body, the same origin, methods and headers.
pub fn configuration_preflight() -> Reply {
    Reply::raw(204, "", None)
        .cors(Cors::Always)
        .header("access-control-allow-methods", ALL_METHODS)
        .header("access-control-allow-headers", GATEWAY_ALLOWED_HEADERS)
}

/// Starlette's CORSMiddleware with `allow_headers=["*"]` (the Serve API and the test-control
/// routes): echoes whatever headers the browser asks for.
pub fn permissive_preflight(req: &Req) -> Reply {
    let requested = req.header("access-control-request-headers").unwrap_or("").to_string();
    let mut reply = Reply::raw(200, "OK", Some("text/plain; charset=utf-8"))
        .cors(Cors::Always)
        .header("access-control-allow-methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
        .header("access-control-max-age", "600");
    if !requested.is_empty() {
        reply = reply.header("access-control-allow-headers", requested);
    }
    reply
}

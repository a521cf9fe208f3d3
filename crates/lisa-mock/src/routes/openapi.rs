//! `/openapi.json` and `/docs`: the models app's FastAPI documentation routes (no authorizer).
//! A short document with the real paths; the frontend does not use it.

use crate::http::Reply;

const OPENAPI: &str = include_str!("../../data/openapi.json");

const DOCS: &str = "<!doctype html><html><head><title>FastAPI - Swagger UI</title></head>\
<body><p>LISA models API (mock). The OpenAPI document is at <a href=\"openapi.json\">openapi.json</a>.</p>\
</body></html>";

pub fn openapi() -> Reply {
    Reply::raw(200, OPENAPI, Some("application/json")).app()
}

pub fn docs() -> Reply {
    Reply::raw(200, DOCS, Some("text/html; charset=utf-8")).app()
}

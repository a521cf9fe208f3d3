//! LISA Serve (`/v2/serve/*`, lisa-serve.md): the part in front of LiteLLM. Preflight, the
//! auth middleware (§3; its 401s carry no CORS), the security middleware's body checks (§7.1),
//! then `GET models` (LiteLLM's registry, §6) or a model call handed to [`crate::inference`].
//! `allowedGroups` is not enforced (§4); there is no real rate limiter (inject `rateLimited`).

use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::auth;
use crate::cors::permissive_preflight;
use crate::errors::{serve_auth_failed, serve_bad_request};
use crate::gateway::Answer;
use crate::http::{Cors, Reply, Req};
use crate::inference::{Call, Kind};
use crate::routes::is_json_content_type;
use crate::state::{Injection, Shared, Store};

/// LiteLLM's constants: they carry no information.
const CREATED: i64 = 1_677_610_602;

pub fn list(store: &Store) -> Value {
    let data: Vec<Value> = store
        .models
        .values()
        .filter(|r| r.litellm)
        .map(|r| json!({ "id": r.id(), "object": "model", "created": CREATED, "owned_by": "openai" }))
        .collect();
    json!({ "data": data, "object": "list" })
}

/// Which model call a path under `/v2/serve` is (with or without LiteLLM's `/v1`).
fn call_kind(route: &str) -> Option<Kind> {
    match route.strip_prefix("/v1").unwrap_or(route) {
        "/chat/completions" => Some(Kind::Chat),
        "/embeddings" => Some(Kind::Embeddings),
        "/images/generations" => Some(Kind::Images),
        _ => None,
    }
}

/// Anything under `/v2/serve/`.
pub fn handle(shared: &Arc<Shared>, req: &Req, injection: Option<Injection>) -> Answer {
    if req.method.as_str() == "OPTIONS" {
        return Answer::Reply(permissive_preflight(req));
    }
    let identity = match auth::serve_identity(req, &shared.config) {
        Ok(identity) => identity,
        Err(reply) => return Answer::Reply(reply),
    };
    let route = req.path.strip_prefix("/v2/serve").unwrap_or("");
    let method = req.method.as_str();
    let reply = match (route, method, call_kind(route)) {
        ("/models" | "/v1/models", "GET" | "HEAD", _) => Reply::json(200, &list(&shared.lock())),
        (_, "POST", Some(kind)) => {
            return match read_body(req) {
                Ok(body) => Answer::Call(Call {
                    kind,
                    route: route.to_string(),
                    identity,
                    body,
                    injection,
                    has_origin: req.has_origin(),
                }),
                Err(reply) => Answer::Reply(reply),
            };
        }
        ("/models" | "/v1/models", _, _) | (_, _, Some(_)) => Reply::json(405, &json!({ "detail": "Method Not Allowed" })),
        _ => Reply::json(404, &json!({ "detail": "Not Found" })),
    };
    Answer::Reply(reply.cors(Cors::IfOrigin))
}

/// LISA's security middleware reads JSON bodies (or bodies without a content type) first and
/// answers without CORS; a body with another content type reaches the handler, which answers
/// with CORS. A JSON value that is not an object breaks the handler → the catch-all 401.
fn read_body(req: &Req) -> Result<Map<String, Value>, Reply> {
    if req.body.contains(&0u8) {
        return Err(serve_bad_request("Invalid characters detected in request body"));
    }
    let json_type = req.header("content-type").is_none_or(is_json_content_type);
    let empty = req.body.iter().all(u8::is_ascii_whitespace);
    match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(serve_auth_failed()),
        Err(_) if json_type && empty => Err(serve_bad_request("Request body is required")),
        Err(_) if json_type => Err(serve_bad_request("Request body must be valid JSON")),
        Err(_) => Err(serve_bad_request("Invalid JSON in request body").cors(Cors::IfOrigin)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Record;

    #[test]
    fn only_litellm_registered_models() {
        let mut store = Store::default();
        let mut a = Record::new(json!({"modelId": "a", "status": "InService"}));
        a.litellm = true;
        store.models.insert("a".into(), a);
        store.models.insert("b".into(), Record::new(json!({"modelId": "b", "status": "Stopped"})));
        assert_eq!(
            list(&store),
            json!({"data": [{"id": "a", "object": "model", "created": 1677610602, "owned_by": "openai"}], "object": "list"})
        );
    }

    #[test]
    fn call_routes() {
        assert_eq!(call_kind("/chat/completions"), Some(Kind::Chat));
        assert_eq!(call_kind("/v1/embeddings"), Some(Kind::Embeddings));
        assert_eq!(call_kind("/images/generations"), Some(Kind::Images));
        assert_eq!(call_kind("/completions"), None);
    }
}

//! The Serve API's `GET /v2/serve/models` (lisa-api.md §8): LiteLLM's registry in the OpenAI
//! list shape. Only models registered in LiteLLM (in service, or updating from in service);
//! `allowedGroups` is ignored; its own auth (§2.4).

use serde_json::{json, Value};

use crate::auth;
use crate::config::Config;
use crate::cors::permissive_preflight;
use crate::http::{Cors, Reply, Req};
use crate::state::Store;

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

/// Anything under `/v2/serve/`.
pub fn handle(store: impl FnOnce() -> Value, req: &Req, config: &Config) -> Reply {
    if req.method.as_str() == "OPTIONS" {
        return permissive_preflight(req);
    }
    if let Err(reply) = auth::serve(req, config) {
        return reply;
    }
    let reply = match (req.path.as_str(), req.method.as_str()) {
        ("/v2/serve/models", "GET" | "HEAD") => Reply::json(200, &store()),
        ("/v2/serve/models", _) => Reply::json(405, &json!({ "detail": "Method Not Allowed" })),
        _ => Reply::json(404, &json!({ "detail": "Not Found" })),
    };
    reply.cors(Cors::IfOrigin)
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
}

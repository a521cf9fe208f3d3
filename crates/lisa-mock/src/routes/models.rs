//! `GET/POST /models`, `GET/PUT/DELETE /models/{id}`, `GET /models/metadata/instances`,
//! `PUT /models/{id}/context-window` (lisa-api.md §4.4). Each handler checks in the order the
//! route's "Checked in this order" gives; the body rules come from `lisa_api::validate`.

use std::sync::Arc;

use lisa_api::validate;
use serde_json::{json, Map, Value};

use super::json_body;
use crate::errors::AppError;
use crate::http::{Reply, Req};
use crate::state::{Caller, Record, Shared, MODEL_KEYS};
use crate::workflows;

fn ok(value: Value) -> Result<Reply, AppError> {
    Ok(Reply::json(200, &value).app())
}

/// GET: missing, or hidden from this non-admin (§2.3), are the same 404.
fn get_not_found(id: &str) -> AppError {
    AppError::model_not_found(id, format!("Model '{id}' was not found."))
}

/// `{"models": [...]}`. One stored record that does not fit `LISAModel` fails the whole list,
/// for every caller (V36).
pub fn list(shared: &Arc<Shared>, caller: &Caller) -> Result<Reply, AppError> {
    let store = shared.lock();
    let mut models = Vec::with_capacity(store.models.len());
    for record in store.models.values() {
        let model = record.response_model().map_err(AppError::bad_request)?;
        if caller.can_see(record) {
            models.push(model);
        }
    }
    ok(json!({ "models": models }))
}

pub fn get(shared: &Arc<Shared>, caller: &Caller, id: &str) -> Result<Reply, AppError> {
    let store = shared.lock();
    let record = store.models.get(id).filter(|r| caller.can_see(r)).ok_or_else(|| get_not_found(id))?;
    ok(json!({ "model": record.response_model().map_err(AppError::bad_request)? }))
}

pub fn instances(shared: &Arc<Shared>) -> Reply {
    Reply::json(200, &json!(shared.instances.as_slice())).app()
}

/// Guardrails as LISA's guardrails table returns them to list/get: keyed `guardrail-<name>`,
/// `markedForDeletion: false`; entries marked for deletion are not stored. `None` when empty.
pub fn stored_guardrails(request: Option<&Value>) -> Option<Value> {
    let map = request?.as_object()?;
    let mut out = Map::new();
    for entry in map.values() {
        let Some(fields) = entry.as_object() else { continue };
        if fields.get("markedForDeletion").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let Some(name) = fields.get("guardrailName").and_then(Value::as_str) else { continue };
        let mut stored = fields.clone();
        stored.insert("markedForDeletion".into(), json!(false));
        out.insert(format!("guardrail-{name}"), Value::Object(stored));
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// The row the create route writes: the normalised request with LISA's response defaults.
/// `streaming` and `hostingType` keep an explicit `null` (V36; "null is stored as null").
fn new_record(normalized: &Value) -> Record {
    let body = normalized.as_object().cloned().unwrap_or_default();
    let mut model = Map::new();
    for key in MODEL_KEYS {
        model.insert(key.to_string(), body.get(key).cloned().unwrap_or(Value::Null));
    }
    model.insert("status".into(), json!("Creating"));
    model.insert("streaming".into(), body.get("streaming").cloned().unwrap_or(json!(false)));
    model.insert("hostingType".into(), body.get("hostingType").cloned().unwrap_or(json!("third_party")));
    model.insert("contextWindow".into(), Value::Null);
    model.insert("guardrailsConfig".into(), stored_guardrails(body.get("guardrailsConfig")).unwrap_or(Value::Null));
    let mut record = Record::new(Value::Object(model));
    record.api_key = body.get("apiKey").filter(|v| !v.is_null()).cloned();
    record
}

/// V1–V3 → V4–V31 (422) → V32 (403) → V33 (409) → write → 200 (or V36's 400 after the write).
pub fn create(shared: &Arc<Shared>, req: &Req, caller: &Caller) -> Result<Reply, AppError> {
    let body = json_body(req)?;
    let normalized = validate::create_model(&body, &shared.instances).map_err(AppError::Validation)?;
    if !caller.is_admin() {
        return Err(AppError::forbidden("User does not have permission to create models."));
    }
    let Some(id) = normalized.get("modelId").and_then(Value::as_str).map(str::to_string) else {
        // Cannot pass V4; if the shared rules ever let it through, LISA would crash too.
        return Err(AppError::Internal);
    };
    let mut store = shared.lock();
    if store.models.contains_key(&id) {
        return Err(AppError::already_exists(&id));
    }
    let record = new_record(&normalized);
    let response = record.response_model();
    store.models.insert(id.clone(), record);
    workflows::start_create(shared, &mut store, &id);
    drop(store);
    // The create response echoes the request's guardrails map, not the stored one.
    let mut model = response.map_err(AppError::bad_request)?;
    model["guardrailsConfig"] = normalized.get("guardrailsConfig").cloned().unwrap_or(Value::Null);
    ok(json!({ "model": model }))
}

/// V1–V3 → V37–V44 (422) → V45 (403) → V46 (404) → V47–V57 (400) → 200 with the stored
/// (pre-update) model; the change itself is the update workflow's.
pub fn update(shared: &Arc<Shared>, req: &Req, caller: &Caller, id: &str) -> Result<Reply, AppError> {
    let body = json_body(req)?;
    let normalized = validate::update_model(&body).map_err(AppError::Validation)?;
    if !caller.is_admin() {
        return Err(AppError::forbidden("User does not have permission to update models"));
    }
    let mut store = shared.lock();
    let record = store.models.get(id).ok_or_else(|| get_not_found(id))?;
    // A record that does not fit the model type fails where LISA builds its LISAModel (V36).
    let typed = record.typed().ok_or_else(|| AppError::bad_request(record.response_model().err().unwrap_or_default()))?;
    validate::state::check_update(&typed, &normalized, record.asg).map_err(AppError::bad_request)?;
    let model = record.response_model().map_err(AppError::bad_request)?;
    workflows::start_update(shared, &mut store, id, normalized);
    ok(json!({ "model": model }))
}

/// V58 (403) → V59 (404) → 200 with the record as it was; the workflow removes it. Any status.
pub fn delete(shared: &Arc<Shared>, caller: &Caller, id: &str) -> Result<Reply, AppError> {
    if !caller.is_admin() {
        return Err(AppError::forbidden("User does not have permission to delete models"));
    }
    let mut store = shared.lock();
    let record = store
        .models
        .get(id)
        .ok_or_else(|| AppError::model_not_found(id, format!("Model '{id}' was not found")))?;
    let model = record.response_model();
    // V36: the answer fails after the deletion has started.
    workflows::start_delete(shared, &mut store, id);
    ok(json!({ "model": model.map_err(AppError::bad_request)? }))
}

/// V61 (422) → V62 (403) → V63 (404) → 200. No status check.
pub fn context_window(shared: &Arc<Shared>, req: &Req, caller: &Caller, id: &str) -> Result<Reply, AppError> {
    let body = json_body(req)?;
    let context_window = validate::context_window(&body).map_err(AppError::Validation)?;
    if !caller.is_admin() {
        return Err(AppError::forbidden("User does not have permission to update context window"));
    }
    let mut store = shared.lock();
    let record = store
        .models
        .get_mut(id)
        .ok_or_else(|| AppError::model_not_found(id, format!("Model {id} not found")))?;
    record.set("contextWindow", json!(context_window));
    ok(json!({ "model": record.response_model().map_err(AppError::bad_request)? }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_record_defaults_and_guardrail_keys() {
        let r = new_record(&json!({
            "modelId": "m", "modelName": "n", "modelType": "textgen", "apiKey": "secret",
            "guardrailsConfig": {"g": {"guardrailName": "pii", "guardrailIdentifier": "x"}},
        }));
        assert_eq!(r.model["streaming"], json!(false));
        assert_eq!(r.model["hostingType"], json!("third_party"));
        assert_eq!(r.model["status"], json!("Creating"));
        assert!(r.model.get("apiKey").is_none());
        assert_eq!(r.api_key, Some(json!("secret")));
        assert_eq!(r.model["guardrailsConfig"]["guardrail-pii"]["markedForDeletion"], json!(false));
        let explicit = new_record(&json!({"modelId": "m", "streaming": null, "hostingType": null}));
        assert!(explicit.model["streaming"].is_null());
        assert!(explicit.model["hostingType"].is_null());
    }
}

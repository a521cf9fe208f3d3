//! The Serve API's runtime settings (`GET`/`POST /__mock/serve`): time to first token, delay
//! per token, serialization on LISA's workers, the new-model window, the answer length.
//!
//! Serialization (lisa-serve.md §12): LISA's async handler makes blocking calls to LiteLLM, so
//! a worker is stuck from the start of a call until LiteLLM's response headers arrive, which is
//! at the first chunk for streaming and at the end for non-streaming. The mock holds one of
//! `workers` permits (a fair queue) for exactly that span.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tokio::sync::Semaphore;

use crate::config::{ServeSettings, MAX_ANSWER_TOKENS, MAX_SERVE_MS, MAX_SERVE_WORKERS};
use crate::http::{Cors, Reply, Req};
use crate::state::Shared;

pub struct ServeRuntime {
    settings: Mutex<ServeSettings>,
    /// Replaced when the worker count changes; calls holding an old permit finish on it.
    workers: Mutex<Arc<Semaphore>>,
    next_id: AtomicU64,
}

impl ServeRuntime {
    pub fn new(settings: ServeSettings) -> ServeRuntime {
        let workers = Arc::new(Semaphore::new(settings.workers as usize));
        ServeRuntime { settings: Mutex::new(settings), workers: Mutex::new(workers), next_id: AtomicU64::new(1) }
    }

    pub fn get(&self) -> ServeSettings {
        self.settings.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set(&self, settings: ServeSettings) {
        let mut current = self.settings.lock().unwrap_or_else(|p| p.into_inner());
        if current.workers != settings.workers {
            *self.workers.lock().unwrap_or_else(|p| p.into_inner()) = Arc::new(Semaphore::new(settings.workers as usize));
        }
        *current = settings;
    }

    pub fn worker_pool(&self) -> Arc<Semaphore> {
        Arc::clone(&self.workers.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// A fresh number for completion ids (`chatcmpl-mock-N`).
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }
}

pub fn to_json(s: &ServeSettings) -> Value {
    json!({
        "ttftMs": s.ttft_ms,
        "tokenMs": s.token_ms,
        "serialize": s.serialize,
        "workers": s.workers,
        "newModelWindowMs": s.new_model_window_ms,
        "answerTokens": s.answer_tokens,
    })
}

fn bad(message: String) -> Reply {
    Reply::json(400, &json!({ "error": message })).cors(Cors::Always)
}

/// Applies the keys present in `body` to `settings`.
pub fn apply(settings: &mut ServeSettings, body: &Value) -> Result<(), String> {
    let Some(map) = body.as_object() else { return Err("body must be an object".to_string()) };
    let number = |key: &str, max: u64| -> Result<Option<u64>, String> {
        match map.get(key) {
            None => Ok(None),
            Some(v) => v.as_u64().filter(|n| *n <= max).map(Some).ok_or_else(|| format!("{key} must be an integer 0..={max}")),
        }
    };
    const KEYS: [&str; 6] = ["ttftMs", "tokenMs", "serialize", "workers", "newModelWindowMs", "answerTokens"];
    if let Some(unknown) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!("unknown key {unknown:?}; known: {KEYS:?}"));
    }
    if let Some(n) = number("ttftMs", MAX_SERVE_MS)? {
        settings.ttft_ms = n;
    }
    if let Some(n) = number("tokenMs", MAX_SERVE_MS)? {
        settings.token_ms = n;
    }
    if let Some(n) = number("newModelWindowMs", MAX_SERVE_MS)? {
        settings.new_model_window_ms = n;
    }
    if let Some(n) = number("workers", MAX_SERVE_WORKERS as u64)? {
        if n == 0 {
            return Err("workers must be at least 1".to_string());
        }
        settings.workers = n as u32;
    }
    match map.get("serialize") {
        None => {}
        Some(Value::Bool(b)) => settings.serialize = *b,
        Some(_) => return Err("serialize must be a boolean".to_string()),
    }
    match map.get("answerTokens") {
        None => {}
        Some(Value::Null) => settings.answer_tokens = None,
        Some(_) => settings.answer_tokens = number("answerTokens", MAX_ANSWER_TOKENS)?,
    }
    Ok(())
}

/// `GET /__mock/serve` (the settings) and `POST /__mock/serve` (change some; answers all).
pub fn control(shared: &Shared, req: &Req, body: &Value) -> Reply {
    if req.method.as_str() == "POST" {
        let mut settings = shared.serve.get();
        if let Err(message) = apply(&mut settings, body) {
            return bad(message);
        }
        shared.serve.set(settings);
    }
    Reply::json(200, &to_json(&shared.serve.get())).cors(Cors::Always)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_updates_and_checks() {
        let mut s = ServeSettings::default();
        apply(&mut s, &json!({"ttftMs": 0, "serialize": false, "answerTokens": 12})).unwrap();
        assert_eq!((s.ttft_ms, s.token_ms, s.serialize, s.answer_tokens), (0, 25, false, Some(12)));
        apply(&mut s, &json!({"answerTokens": null})).unwrap();
        assert_eq!(s.answer_tokens, None);
        for bad in [json!({"workers": 0}), json!({"ttftMs": -1}), json!({"serialize": "on"}), json!({"ttft": 1}), json!([])] {
            assert!(apply(&mut s.clone(), &bad).is_err(), "{bad}");
        }
    }
}

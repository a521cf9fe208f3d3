//! Comparing 2 to 4 models on one prompt: the models in the address, the two modes, and the
//! results file ("Download results").

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::call::{ChatCall, Figures};
use super::explain::{explain, CallContext};
use super::settings::TrySettings;
use crate::url::{decode_component, encode_component};

pub const MIN_MODELS: usize = 2;
pub const MAX_MODELS: usize = 4;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CompareMode {
    /// Each model is called when the previous one has finished: fair timings.
    #[default]
    OneAfterAnother,
    /// All models at once: faster, but LISA Serve queues them (§12).
    AllAtOnce,
}

impl CompareMode {
    pub fn label(self) -> &'static str {
        match self {
            CompareMode::OneAfterAnother => "One after another",
            CompareMode::AllAtOnce => "All at once",
        }
    }

    pub fn note(self) -> &'static str {
        match self {
            CompareMode::OneAfterAnother => "Each model is called when the previous one has finished, so no call waits for another: fair timings.",
            CompareMode::AllAtOnce => ALL_AT_ONCE_NOTE,
        }
    }
}

/// lisa-serve.md §12, in a sentence.
pub const ALL_AT_ONCE_NOTE: &str = "Faster, but LISA Serve queues parallel requests on a worker (it handles one call at a \
     time until its first token), so these timings include waiting for each other.";

/// The models of `?models=a,b,c`: each id percent-encoded (a comma in an id is `%2C`), blanks
/// and repeats dropped, at most [`MAX_MODELS`].
pub fn models_from_query(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in value.split(',') {
        let id = decode_component(part, true);
        if !id.trim().is_empty() && !out.contains(&id) && out.len() < MAX_MODELS {
            out.push(id);
        }
    }
    out
}

/// The models of a page address's query string (`?models=a,b&x=1`, with or without `?`): the
/// raw value, so that an encoded comma inside an id stays inside it.
pub fn models_in_search(search: &str) -> Vec<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("models="))
        .map(models_from_query)
        .unwrap_or_default()
}

/// The `models` value for these ids (see [`models_from_query`]).
pub fn models_query(ids: &[String]) -> String {
    ids.iter().map(|id| encode_component(id)).collect::<Vec<_>>().join(",")
}

/// Which call runs next in "one after another": the first not started, once none runs.
pub fn next_in_turn(started: &[bool], running: &[bool]) -> Option<usize> {
    if running.iter().any(|r| *r) {
        return None;
    }
    started.iter().position(|s| !s)
}

/// One model's part of the results.
pub struct ModelResult<'a> {
    pub model_id: &'a str,
    /// The JSON body sent (as sent).
    pub request_body: &'a str,
    pub call: Option<&'a ChatCall>,
    /// Why it was not sent, when it was not.
    pub not_sent: Option<&'a str>,
}

/// What the results file says about the run.
pub struct RunInfo<'a> {
    pub generated_at: &'a str,
    pub serve_base_url: &'a str,
    pub mode: CompareMode,
    pub settings: &'a TrySettings,
}

fn figures_json(figures: &Figures) -> Value {
    serde_json::to_value(figures).unwrap_or(Value::Null)
}

/// The "Download results" file: prompt, settings, and per model the request, answer, figures
/// and error. Built from these inputs only; the token is not one of them.
pub fn results_document(run: &RunInfo, results: &[ModelResult], now: f64) -> Value {
    let s = run.settings;
    let models: Vec<Value> = results
        .iter()
        .map(|r| {
            let request: Value = serde_json::from_str(r.request_body).unwrap_or(Value::Null);
            match r.call {
                Some(call) => {
                    let error = call.error().map(|e| {
                        let ctx = CallContext { model_id: r.model_id, received_chars: call.received_chars(), streamed: call.streamed };
                        let x = explain(e, &ctx);
                        json!({"message": x.headline, "likelyCauses": x.causes, "retryHint": x.retry_hint,
                            "httpStatus": e.status, "code": e.code, "serverMessage": e.message})
                    });
                    json!({
                        "model": r.model_id,
                        "request": request,
                        "outcome": call.end().map(|e| e.label()).unwrap_or("running"),
                        "answer": call.answer(),
                        "reasoning": call.reasoning(),
                        "figures": figures_json(&call.figures(now)),
                        "error": error,
                    })
                }
                None => json!({"model": r.model_id, "request": request, "outcome": "not sent", "error": r.not_sent}),
            }
        })
        .collect();
    json!({
        "generatedBy": "LISA Admin",
        "generatedAt": run.generated_at,
        "serveBaseUrl": run.serve_base_url,
        "mode": run.mode.label(),
        "modeNote": run.mode.note(),
        "prompt": s.prompt,
        "systemPrompt": s.system_prompt,
        "settings": {
            "maxTokens": s.max_tokens_value().ok().flatten(),
            "temperature": s.temperature_value().ok().flatten(),
            "streaming": match s.streaming { Some(true) => "on", Some(false) => "off", None => "each model's setting" },
        },
        "timesAre": "milliseconds from each request's start",
        "results": models,
    })
}

/// The file name: `lisa-compare-<first model>-<yyyy-mm-dd>.json` (ids cleaned for file systems).
pub fn results_file_name(model_ids: &[String], date: &str) -> String {
    let first: String = model_ids
        .first()
        .map(|id| id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' }).collect())
        .unwrap_or_default();
    let more = if model_ids.len() > 1 { format!("-and-{}-more", model_ids.len() - 1) } else { String::new() };
    format!("lisa-compare-{first}{more}-{date}.json")
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;

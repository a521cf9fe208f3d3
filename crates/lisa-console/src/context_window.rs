//! Setting a model's context window (`PUT /models/{id}/context-window`, lisa-api.md §4.4, §5.8):
//! what the admin typed checked with LISA's own rule V61 and messages, and where the current
//! value came from.

use lisa_api::model::LisaModel;
use serde_json::{json, Value};

use crate::lifecycle::{hosting_of, Hosting};

/// The typed text as LISA would receive it: a whole number as a number, a decimal as a float
/// (V61 answers `int_from_float`), anything else as the string (`int_parsing`).
fn as_sent(text: &str) -> Value {
    let t = text.trim().replace([',', '_'], "");
    if let Ok(n) = t.parse::<i64>() {
        return json!(n);
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => json!(f),
        _ => Value::String(text.trim().to_string()),
    }
}

/// The value to send, or LISA's V61 message for what was typed.
pub fn parse(text: &str) -> Result<i64, String> {
    if text.trim().is_empty() {
        return Err("Enter a whole number of tokens above 0.".to_string());
    }
    lisa_api::validate::context_window(&json!({ "contextWindow": as_sent(text) }))
        .map_err(|v| v.first().map(|v| v.error.message().to_string()).unwrap_or_else(|| "Not a valid context window.".into()))
}

/// Where the stored value came from, for the detail page. For a LISA-hosted model LISA fills it
/// in itself (create workflow, container environment updates); an external model has only what
/// an admin set.
pub fn source_note(model: &LisaModel) -> String {
    let env = model.container_config.as_ref().and_then(|c| c.environment.as_ref());
    let from_env = env.and_then(|e| {
        ["VLLM_MAX_MODEL_LEN", "MAX_TOTAL_TOKENS"].into_iter().find_map(|k| e.get(k).map(|v| format!("{k}={v}")))
    });
    match (hosting_of(model), model.context_window, from_env) {
        (Hosting::LisaHosted, Some(_), Some(env)) => format!(
            "Filled in by LISA itself from the container environment ({env}). A change to that variable sets it again."
        ),
        (Hosting::LisaHosted, Some(_), None) => {
            "Filled in by LISA itself when it deployed the model (from the model's configuration or LiteLLM), unless an \
             admin set it since."
                .to_string()
        }
        (Hosting::LisaHosted, None, _) => "Not known yet: LISA fills it in when the model's deployment finishes.".to_string(),
        (_, Some(_), _) => "Set by an administrator: LISA does not discover it for models it does not host.".to_string(),
        (_, None, _) => "Not set: LISA does not discover it for models it does not host, and its chat uses this \
                         value, so set it here."
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_get_lisas_messages() {
        assert_eq!(parse("8192"), Ok(8192));
        assert_eq!(parse(" 131,072 "), Ok(131072));
        assert_eq!(parse("0").unwrap_err(), "Input should be greater than 0");
        assert_eq!(parse("8k").unwrap_err(), "Input should be a valid integer, unable to parse string as an integer");
        assert_eq!(parse("1.5").unwrap_err(), "Input should be a valid integer, got a number with a fractional part");
        assert!(parse("").is_err());
        assert!(parse("-4").is_err());
    }

    fn model(json: Value) -> LisaModel {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn notes_say_who_filled_the_value_in() {
        let hosted = model(json!({"modelId": "m", "modelName": "n", "modelType": "textgen", "status": "InService",
            "instanceType": "g5.xlarge", "contextWindow": 4096,
            "containerConfig": {"image": {"baseImage": "x", "type": "asset"}, "sharedMemorySize": 2048,
              "healthCheckConfig": {"command": ["CMD-SHELL", "exit 0"], "interval": 10, "startPeriod": 30, "timeout": 5, "retries": 3},
              "environment": {"MAX_TOTAL_TOKENS": "4096"}}}));
        assert!(source_note(&hosted).contains("Filled in by LISA itself from the container environment (MAX_TOTAL_TOKENS=4096)"));
        let external = model(json!({"modelId": "b", "modelName": "bedrock/x", "modelType": "textgen", "status": "InService"}));
        assert!(source_note(&external).starts_with("Not set"));
        let set = model(json!({"modelId": "b", "modelName": "bedrock/x", "modelType": "textgen", "status": "InService", "contextWindow": 8000}));
        assert!(source_note(&set).starts_with("Set by an administrator"));
    }
}

//! What the admin typed on the try and compare pages, kept as text (so a draft restores it
//! exactly), and the request body it becomes.

use lisa_api::serve::{ChatMessage, ChatRequest, EmbeddingsRequest, ImageRequest, StreamOptions};
use serde::{Deserialize, Serialize};

use super::compare::CompareMode;

/// The settings of a try or compare page; also its draft in sessionStorage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TrySettings {
    pub prompt: String,
    pub system_prompt: String,
    /// As typed; empty: the model's own limit (nothing is sent).
    pub max_tokens: String,
    /// As typed; empty: the model's default (nothing is sent).
    pub temperature: String,
    /// `None` follows each model's `streaming` flag.
    pub streaming: Option<bool>,
    /// Embedding models: the second text (the first is `prompt`); empty for one vector only.
    pub second_text: String,
    /// Compare only.
    pub mode: CompareMode,
}

/// A setting that cannot be sent as typed, for the field it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `prompt`, `maxTokens` or `temperature`.
    pub field: &'static str,
    pub message: String,
}

pub const MAX_TOKENS_LIMIT: u32 = 1_000_000;

fn problem(field: &'static str, message: impl Into<String>) -> Problem {
    Problem { field, message: message.into() }
}

impl TrySettings {
    /// Streaming for a model whose own flag is `model_streams`.
    pub fn streaming_for(&self, model_streams: bool) -> bool {
        self.streaming.unwrap_or(model_streams)
    }

    pub fn max_tokens_value(&self) -> Result<Option<u32>, Problem> {
        let text = self.max_tokens.trim();
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<u32>() {
            Ok(n) if (1..=MAX_TOKENS_LIMIT).contains(&n) => Ok(Some(n)),
            _ => Err(problem(
                "maxTokens",
                format!("Max tokens must be a whole number from 1 to {MAX_TOKENS_LIMIT}, or empty for the model's own limit."),
            )),
        }
    }

    pub fn temperature_value(&self) -> Result<Option<f64>, Problem> {
        let text = self.temperature.trim();
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<f64>() {
            Ok(t) if t.is_finite() && (0.0..=2.0).contains(&t) => Ok(Some(t)),
            _ => Err(problem("temperature", "Temperature must be a number from 0 to 2, or empty for the model's default.")),
        }
    }

    /// Every problem, in the order of the fields on the page.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.prompt.trim().is_empty() {
            out.push(problem("prompt", "Type a prompt to send."));
        }
        out.extend(self.max_tokens_value().err());
        out.extend(self.temperature_value().err());
        out
    }

    /// The chat request for `model_id`. A stream always asks for usage: without it LISA Serve
    /// sends no token counts at all (lisa-serve.md §7.3).
    pub fn chat_request(&self, model_id: &str, stream: bool) -> Result<ChatRequest, Vec<Problem>> {
        let problems = self.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut messages = Vec::new();
        if !self.system_prompt.trim().is_empty() {
            messages.push(ChatMessage::system(self.system_prompt.clone()));
        }
        messages.push(ChatMessage::user(self.prompt.clone()));
        Ok(ChatRequest {
            model: model_id.to_string(),
            messages,
            max_tokens: self.max_tokens_value().ok().flatten(),
            temperature: self.temperature_value().ok().flatten(),
            stream,
            stream_options: stream.then_some(StreamOptions { include_usage: true }),
        })
    }

    /// One or two texts to embed (the prompt box and the second box).
    pub fn embeddings_request(&self, model_id: &str) -> Result<EmbeddingsRequest, Vec<Problem>> {
        if self.prompt.trim().is_empty() {
            return Err(vec![problem("prompt", "Type a text to embed.")]);
        }
        let mut input = vec![self.prompt.clone()];
        if !self.second_text.trim().is_empty() {
            input.push(self.second_text.clone());
        }
        Ok(EmbeddingsRequest::floats(model_id, input))
    }

    pub fn image_request(&self, model_id: &str) -> Result<ImageRequest, Vec<Problem>> {
        if self.prompt.trim().is_empty() {
            return Err(vec![problem("prompt", "Describe the image to generate.")]);
        }
        Ok(ImageRequest::one(model_id, self.prompt.clone()))
    }

    /// The draft as stored.
    pub fn to_draft(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored draft; `None` when it is not one (written by another version or by hand).
    pub fn from_draft(text: &str) -> Option<TrySettings> {
        serde_json::from_str(text).ok()
    }
}

/// The sessionStorage key of a try page's draft (one per model).
pub fn try_draft_key(model_id: &str) -> String {
    format!("lisa-admin.try.{model_id}")
}

/// The compare page's draft (one per tab: the models are in the address).
pub const COMPARE_DRAFT_KEY: &str = "lisa-admin.compare";

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(prompt: &str, max_tokens: &str, temperature: &str) -> TrySettings {
        TrySettings {
            prompt: prompt.into(),
            max_tokens: max_tokens.into(),
            temperature: temperature.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_stream_always_asks_for_usage() {
        let s = TrySettings { system_prompt: "Be brief.".into(), ..typed("Hi", "200", "0.7") };
        let body = serde_json::to_value(s.chat_request("m1", true).unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"model": "m1", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
                "max_tokens": 200, "temperature": 0.7, "stream": true, "stream_options": {"include_usage": true}})
        );
        let plain = serde_json::to_value(typed("Hi", "", "").chat_request("m1", false).unwrap()).unwrap();
        assert_eq!(plain, serde_json::json!({"model": "m1", "messages": [{"role": "user", "content": "Hi"}], "stream": false}));
    }

    #[test]
    fn streaming_follows_the_model_until_chosen() {
        let mut s = TrySettings::default();
        assert!(s.streaming_for(true));
        assert!(!s.streaming_for(false));
        s.streaming = Some(false);
        assert!(!s.streaming_for(true));
    }

    #[test]
    fn every_bad_setting_is_named() {
        let fields = |s: TrySettings| s.problems().into_iter().map(|p| p.field).collect::<Vec<_>>();
        assert_eq!(fields(typed("  ", "0", "2.5")), ["prompt", "maxTokens", "temperature"]);
        assert_eq!(fields(typed("x", "1.5", "abc")), ["maxTokens", "temperature"]);
        assert_eq!(fields(typed("x", "-1", "NaN")), ["maxTokens", "temperature"]);
        assert!(fields(typed("x", " 2000 ", " 0 ")).is_empty());
        assert!(typed("", "", "").chat_request("m", true).is_err());
    }

    #[test]
    fn drafts_round_trip_and_junk_is_not_a_draft() {
        let s = TrySettings { streaming: Some(true), second_text: "b".into(), mode: CompareMode::AllAtOnce, ..typed("p\n  x", "5", "") };
        assert_eq!(TrySettings::from_draft(&s.to_draft()), Some(s));
        assert_eq!(TrySettings::from_draft("{}"), Some(TrySettings::default()));
        assert_eq!(TrySettings::from_draft("[1]"), None);
        assert_eq!(TrySettings::from_draft(r#"{"maxTokens": 5}"#), None);
        assert_eq!(try_draft_key("a.b"), "lisa-admin.try.a.b");
    }

    #[test]
    fn embeddings_and_images_need_text() {
        let two = TrySettings { second_text: "b".into(), ..typed("a", "", "") };
        assert_eq!(two.embeddings_request("e").unwrap().input, ["a", "b"]);
        assert_eq!(typed("a", "", "").embeddings_request("e").unwrap().input, ["a"]);
        assert!(typed(" ", "", "").embeddings_request("e").is_err());
        assert_eq!(typed("a cat", "", "").image_request("i").unwrap().prompt, "a cat");
    }
}

//! `POST {serveBaseUrl}/v2/serve/chat/completions` (lisa-serve.md §7): the request LISA passes to
//! LiteLLM as sent, the non-streaming answer, and the streamed chunks.
//!
//! LiteLLM 1.83.12 drops null fields, so a middle chunk has no `finish_reason` key at all, while
//! other providers send `"finish_reason": null`: every optional field here accepts both. The
//! usage chunk (sent only when the request asks with `stream_options.include_usage`) still has
//! one choice with an empty delta, so it is recognised by its `usage`, never by `choices: []`.

use serde::{Deserialize, Deserializer, Serialize};

/// One message of the conversation (text only: the console sends a system and a user message).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
}

impl ChatMessage {
    pub fn system(content: impl Into<String>) -> Self {
        ChatMessage { role: "system".to_string(), content: content.into() }
    }

    pub fn user(content: impl Into<String>) -> Self {
        ChatMessage { role: "user".to_string(), content: content.into() }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StreamOptions {
    pub include_usage: bool,
}

/// The body the console sends. LISA validates none of it (§7.1): LiteLLM drops parameters the
/// provider does not support, so what is shown as "the request" is exactly this.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    pub model: String,
    pub messages: Vec<ChatMessage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    #[serde(default)]
    pub stream: bool,
    /// Without `include_usage`, a stream carries no token counts at all (§7.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream_options: Option<StreamOptions>,
}

/// Token counts. Every field may be missing or null; counts sent as floats (`12.0`) are read.
/// (`completion_tokens_details` and other extras are not read.)
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    #[serde(default, deserialize_with = "count")]
    pub prompt_tokens: Option<u64>,
    #[serde(default, deserialize_with = "count")]
    pub completion_tokens: Option<u64>,
    #[serde(default, deserialize_with = "count")]
    pub total_tokens: Option<u64>,
}

// Only what the console reads is declared: serde skips the rest (`id`, `created`,
// `provider_specific_fields`, …), and every field reads `null` like a missing key.

/// The non-streaming answer (§7.2). `model` is echoed as the LISA `modelId`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ChatCompletion {
    pub choices: Option<Vec<CompletionChoice>>,
    pub usage: Option<Usage>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct CompletionChoice {
    pub index: Option<u32>,
    pub finish_reason: Option<String>,
    pub message: Option<AssistantMessage>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AssistantMessage {
    pub content: Option<String>,
    pub reasoning_content: Option<String>,
}

impl ChatCompletion {
    fn first(&self) -> Option<&CompletionChoice> {
        self.choices.as_deref()?.iter().find(|c| c.index.unwrap_or(0) == 0)
    }

    pub fn content(&self) -> &str {
        self.first().and_then(|c| c.message.as_ref()).and_then(|m| m.content.as_deref()).unwrap_or("")
    }

    pub fn reasoning(&self) -> &str {
        self.first().and_then(|c| c.message.as_ref()).and_then(|m| m.reasoning_content.as_deref()).unwrap_or("")
    }

    pub fn finish_reason(&self) -> Option<&str> {
        self.first().and_then(|c| c.finish_reason.as_deref())
    }
}

/// One `data:` line of a stream (§7.3).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ChatChunk {
    pub choices: Option<Vec<ChunkChoice>>,
    pub usage: Option<Usage>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ChunkChoice {
    pub index: Option<u32>,
    pub delta: Option<Delta>,
    /// Absent on middle chunks with LiteLLM, `null` with other servers.
    pub finish_reason: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Delta {
    pub content: Option<String>,
    /// Reasoning models send their thinking here before `content` (§7.3).
    pub reasoning_content: Option<String>,
}

impl ChatChunk {
    /// The console asks for one answer (`n` = 1): choice 0.
    fn first(&self) -> Option<&ChunkChoice> {
        self.choices.as_deref()?.iter().find(|c| c.index.unwrap_or(0) == 0)
    }

    fn delta(&self) -> Option<&Delta> {
        self.first()?.delta.as_ref()
    }

    /// This chunk's piece of the answer ("" when none).
    pub fn content(&self) -> &str {
        self.delta().and_then(|d| d.content.as_deref()).unwrap_or("")
    }

    /// This chunk's piece of the reasoning ("" when none).
    pub fn reasoning(&self) -> &str {
        self.delta().and_then(|d| d.reasoning_content.as_deref()).unwrap_or("")
    }

    pub fn finish_reason(&self) -> Option<&str> {
        self.first().and_then(|c| c.finish_reason.as_deref())
    }
}

/// A token count: a whole number, a float holding one, or null. Anything else (negative,
/// fractional, text) reads as unknown rather than failing the whole chunk.
fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(value.and_then(|v| match v {
        serde_json::Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 9.0e15).map(|f| f as u64)
        }),
        _ => None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_leaves_out_what_is_unset() {
        let request = ChatRequest {
            model: "m".into(),
            messages: vec![ChatMessage::user("hi")],
            max_tokens: None,
            temperature: None,
            stream: false,
            stream_options: None,
        };
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":false}"#
        );
        let streamed = ChatRequest {
            max_tokens: Some(200),
            temperature: Some(0.5),
            stream: true,
            stream_options: Some(StreamOptions { include_usage: true }),
            ..request
        };
        assert_eq!(
            serde_json::to_string(&streamed).unwrap(),
            r#"{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":200,"temperature":0.5,"stream":true,"stream_options":{"include_usage":true}}"#
        );
    }

    #[test]
    fn the_non_streaming_answer_of_section_7_2() {
        let body = r#"{"id": "chatcmpl-x", "object": "chat.completion", "created": 1796285905, "model": "mistral-7b-instruct",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hello world"}}],
            "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}, "provider_specific_fields": {}}"#;
        let c: ChatCompletion = serde_json::from_str(body).unwrap();
        assert_eq!((c.content(), c.reasoning(), c.finish_reason()), ("Hello world", "", Some("stop")));
        let usage = c.usage.unwrap();
        assert_eq!((usage.prompt_tokens, usage.completion_tokens, usage.total_tokens), (Some(12), Some(3), Some(15)));
    }

    #[test]
    fn chunks_with_fields_absent_or_null_read_the_same() {
        let absent = r#"{"id":"chatcmpl-x","object":"chat.completion.chunk","created":1796285930,"model":"mistral-7b-instruct","choices":[{"index":0,"delta":{"content":" world"}}]}"#;
        let null = r#"{"id":"chatcmpl-x","object":"chat.completion.chunk","created":null,"model":"mistral-7b-instruct","choices":[{"index":0,"delta":{"content":" world","role":null,"reasoning_content":null},"finish_reason":null}],"usage":null}"#;
        let a: ChatChunk = serde_json::from_str(absent).unwrap();
        let b: ChatChunk = serde_json::from_str(null).unwrap();
        assert_eq!(a, b);
        assert_eq!((a.content(), a.finish_reason(), a.usage.is_none()), (" world", None, true));
    }

    #[test]
    fn the_usage_chunk_has_one_choice_with_an_empty_delta() {
        let usage = r#"{"id":"chatcmpl-x","object":"chat.completion.chunk","created":1796285930,"model":"mistral-7b-instruct","choices":[{"index":0,"delta":{}}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"completion_tokens_details":{"reasoning_tokens":0}}}"#;
        let c: ChatChunk = serde_json::from_str(usage).unwrap();
        assert_eq!(c.choices.as_ref().map(Vec::len), Some(1));
        assert_eq!((c.content(), c.reasoning()), ("", ""));
        let u = c.usage.unwrap();
        assert_eq!((u.prompt_tokens, u.completion_tokens, u.total_tokens), (Some(12), Some(3), Some(15)));
        // Floats and junk in counts: read or unknown, never a failed chunk.
        let odd: Usage = serde_json::from_str(r#"{"prompt_tokens":12.0,"completion_tokens":"3","total_tokens":-1}"#).unwrap();
        assert_eq!((odd.prompt_tokens, odd.completion_tokens, odd.total_tokens), (Some(12), None, None));
    }

    #[test]
    fn reasoning_comes_apart_from_content() {
        let c: ChatChunk = serde_json::from_str(r#"{"choices":[{"delta":{"reasoning_content":"Thinking","role":"assistant"},"index":0}]}"#).unwrap();
        assert_eq!((c.content(), c.reasoning()), ("", "Thinking"));
        let finish: ChatChunk = serde_json::from_str(r#"{"choices":[{"index":0,"finish_reason":"stop","delta":{}}]}"#).unwrap();
        assert_eq!(finish.finish_reason(), Some("stop"));
        for empty in [r#"{"choices":[]}"#, r#"{"choices":null}"#, r#"{"choices":[{"index":0,"delta":null}]}"#, "{}"] {
            let c: ChatChunk = serde_json::from_str(empty).unwrap();
            assert_eq!((c.content(), c.finish_reason()), ("", None), "{empty}");
        }
    }
}

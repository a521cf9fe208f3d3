//! LISA Serve, `{serveBaseUrl}/v2/serve/*` (lisa-serve.md): LiteLLM's OpenAI-compatible API
//! behind LISA's auth. Here: the model list (below), chat completions and their streamed chunks
//! (`chat`), the incremental SSE decoder (`sse`) and the stream's end rules (`stream`),
//! embeddings and image generation (`media`), and the one error type of a serve call with the
//! decoding of every error body of §9 (`error`).

pub mod chat;
pub mod error;
pub mod media;
pub mod sse;
pub mod stream;

pub use chat::{ChatChunk, ChatCompletion, ChatMessage, ChatRequest, StreamOptions, Usage};
pub use error::{decode_serve_error, ServeError, ServeErrorKind};
pub use media::{EmbeddingsRequest, EmbeddingsResponse, ImageRequest, ImagesResponse};
pub use stream::StreamReader;

use serde::{Deserialize, Serialize};

// `GET {serveBaseUrl}/v2/serve/models` (lisa-api.md §8): LiteLLM's OpenAI-style list.

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServeModelList {
    pub data: Vec<ServeModel>,
    #[serde(default = "list_object")]
    pub object: String,
}

fn list_object() -> String {
    "list".to_string()
}

/// Only `id` carries information: it is the LISA `modelId`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServeModel {
    pub id: String,
    #[serde(default)]
    pub object: Option<String>,
    #[serde(default)]
    pub created: Option<i64>,
    #[serde(default)]
    pub owned_by: Option<String>,
}

/// The serve list as the catalogue reads it: the ids only (the other keys are skipped unread,
/// as for the model list, which can be thousands long).
#[derive(Debug, Deserialize)]
pub struct ServedIds {
    pub data: Vec<ServedId>,
}

#[derive(Debug, Deserialize)]
pub struct ServedId {
    pub id: String,
}

impl ServeModelList {
    pub fn ids(&self) -> std::collections::BTreeSet<&str> {
        self.data.iter().map(|m| m.id.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_reads_the_ids_of_what_litellm_lists() {
        let body = r#"{"data":[{"id":"a","object":"model","created":1,"owned_by":"openai"},{"id":"b"}],"object":"list"}"#;
        let full: ServeModelList = serde_json::from_str(body).unwrap();
        let ids: ServedIds = serde_json::from_str(body).unwrap();
        assert_eq!(ids.data.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), full.ids().into_iter().collect::<Vec<_>>());
        assert!(serde_json::from_str::<ServedIds>(r#"{"data":[{"id":42}]}"#).is_err());
        assert!(serde_json::from_str::<ServedIds>(r#"{"object":"list"}"#).is_err());
    }
}

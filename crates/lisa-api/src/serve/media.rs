//! `POST /v2/serve/embeddings` and `POST /v2/serve/images/generations` (lisa-serve.md §11):
//! plain LiteLLM passthroughs, no guardrails, no usage metrics; a failed call answers its
//! status with a `null` body, like chat.

use serde::{Deserialize, Serialize};

use super::chat::Usage;

/// The shape LISA's own RAG code sends (`lambda/repository/embeddings.py`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmbeddingsRequest {
    pub model: String,
    pub input: Vec<String>,
    pub encoding_format: String,
}

impl EmbeddingsRequest {
    pub fn floats(model: impl Into<String>, input: Vec<String>) -> Self {
        EmbeddingsRequest { model: model.into(), input, encoding_format: "float".to_string() }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct EmbeddingsResponse {
    pub data: Option<Vec<Embedding>>,
    pub usage: Option<Usage>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Embedding {
    pub index: Option<u32>,
    /// Floats, as asked with `encoding_format: "float"` (a base64 string fails to read).
    pub embedding: Vec<f64>,
}

impl EmbeddingsResponse {
    /// The vectors in input order (by `index` when given, else as listed).
    pub fn vectors(&self) -> Vec<&[f64]> {
        let mut items: Vec<(u32, &Embedding)> =
            self.data.iter().flatten().enumerate().map(|(i, e)| (e.index.unwrap_or(i as u32), e)).collect();
        items.sort_by_key(|(i, _)| *i);
        items.into_iter().map(|(_, e)| e.embedding.as_slice()).collect()
    }
}

/// The LISA UI sends `response_format: "url"` and then reads `b64_json`; this asks for what it
/// reads. Providers that only return URLs still answer with `url`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageRequest {
    pub model: String,
    pub prompt: String,
    pub n: u32,
    pub response_format: String,
}

impl ImageRequest {
    pub fn one(model: impl Into<String>, prompt: impl Into<String>) -> Self {
        ImageRequest { model: model.into(), prompt: prompt.into(), n: 1, response_format: "b64_json".to_string() }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ImagesResponse {
    pub data: Option<Vec<GeneratedImage>>,
}

impl ImagesResponse {
    pub fn first(&self) -> Option<&GeneratedImage> {
        self.data.as_deref()?.first()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct GeneratedImage {
    pub b64_json: Option<String>,
    pub url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embeddings_shapes_of_section_11() {
        let request = EmbeddingsRequest::floats("embed-model", vec!["a".into(), "b".into()]);
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"model":"embed-model","input":["a","b"],"encoding_format":"float"}"#
        );
        let body = r#"{"object":"list","model":"embed-model","data":[{"object":"embedding","index":1,"embedding":[0.4]},{"object":"embedding","index":0,"embedding":[0.1,0.2,0.3]}],"usage":{"prompt_tokens":4,"total_tokens":4}}"#;
        let r: EmbeddingsResponse = serde_json::from_str(body).unwrap();
        assert_eq!(r.vectors(), vec![&[0.1, 0.2, 0.3][..], &[0.4][..]]);
        assert_eq!(r.usage.unwrap().prompt_tokens, Some(4));
        assert!(serde_json::from_str::<EmbeddingsResponse>(r#"{"data":[{"embedding":"AAAA"}]}"#).is_err());
    }

    #[test]
    fn the_image_shapes_of_section_11() {
        assert_eq!(
            serde_json::to_string(&ImageRequest::one("img", "a cat")).unwrap(),
            r#"{"model":"img","prompt":"a cat","n":1,"response_format":"b64_json"}"#
        );
        let body = r#"{"created":1,"data":[{"b64_json":"iVBORw0KGgo=","url":null,"revised_prompt":null}],"usage":{"input_tokens":1}}"#;
        let r: ImagesResponse = serde_json::from_str(body).unwrap();
        let first = r.first().unwrap();
        assert_eq!((first.b64_json.as_deref(), first.url.as_deref()), (Some("iVBORw0KGgo="), None));
    }
}

//! `GET {serveBaseUrl}/v2/serve/models` (lisa-api.md §8): LiteLLM's OpenAI-style list.

use serde::{Deserialize, Serialize};

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

impl ServeModelList {
    pub fn ids(&self) -> std::collections::BTreeSet<&str> {
        self.data.iter().map(|m| m.id.as_str()).collect()
    }
}

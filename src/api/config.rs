//! LISA's configuration API (lisa-config.md): read any scope; write a whole new version row.

use lisa_api::config::{decode_rows, latest_default_model, ConfigRow};
use lisa_api::ApiError;
use lisa_console::url::encode_component;

use super::{ApiClient, Method};

impl ApiClient {
    /// `GET /configuration?configScope=<scope>`: every version row, highest first. `[]` is
    /// returned as is: it can mean a failed read (lisa-config.md §2), and the caller decides.
    pub async fn get_configuration(&self, scope: &str) -> Result<Vec<ConfigRow>, ApiError> {
        let answer = self.read(&self.api_url(&format!("/configuration?configScope={}", encode_component(scope)))).await?;
        decode_rows(answer.status, &answer.body)
    }

    /// The deployment's default model for the catalogue's badge (`None` also when unreadable).
    pub async fn default_model(&self) -> Result<Option<String>, ApiError> {
        let answer = self.read(&self.api_url("/configuration?configScope=global")).await?;
        Ok(latest_default_model(&answer.body))
    }

    /// `PUT /configuration/{scope}` with the whole row (LISA stores the body verbatim). Sent
    /// once; the answer is `{"status":"ok"}`, not the row, so the caller reads back.
    pub async fn put_configuration(&self, scope: &str, body: &serde_json::Value) -> Result<(), ApiError> {
        let url = self.api_url(&format!("/configuration/{}", encode_component(scope)));
        self.change(Method::Put, &url, Some(body)).await.map(drop)
    }
}

//! Metrics calls (lisa-api.md §7). The envelope is unwrapped by `decode_metrics`.

use std::collections::BTreeMap;

use lisa_api::metrics::{AllUsersMetrics, UserMetrics};
use lisa_console::url::encode_component;
use lisa_api::{decode_metrics, ApiError};

use super::ApiClient;

impl ApiClient {
    pub async fn all_users_metrics(&self) -> Result<AllUsersMetrics, ApiError> {
        let answer = self.read(&self.api_url("/metrics/users/all")).await?;
        decode_metrics(answer.status, &answer.body)
    }

    /// The body is keyed by the user id as LISA stores it, which may differ in case or
    /// encoding from what was asked; the caller takes the single entry.
    pub async fn user_metrics(&self, user_id: &str) -> Result<BTreeMap<String, UserMetrics>, ApiError> {
        let url = self.api_url(&format!("/metrics/users/{}", encode_component(user_id)));
        let answer = self.read(&url).await?;
        decode_metrics(answer.status, &answer.body)
    }
}

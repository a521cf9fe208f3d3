//! Model-management and serve calls (lisa-api.md §4.4, §8).

use lisa_api::requests::{
    ContextWindowRequest, InstancesResponse, ModelIdResponse, ModelResponse, ScheduleUpdateResponse,
    UpdateModelRequest,
};
use lisa_console::catalogue::{CatalogueList, ModelSummary};
use lisa_api::serve::ServedIds;
use lisa_console::url::encode_component;
use lisa_api::{decode_json, ApiError, LisaModel};

use super::{ApiClient, Method};

/// `{"model": …}` read as the catalogue reads a model.
#[derive(serde::Deserialize)]
struct SummaryResponse {
    model: ModelSummary,
}

fn model_path(id: &str) -> String {
    format!("/models/{}", encode_component(id))
}

impl ApiClient {
    /// `GET /models` for polling: `Ok(None)` when the body is the one fingerprinted in
    /// `previous` (an unchanged catalogue of thousands of models is not decoded again).
    /// The models are read as the catalogue shows them ([`ModelSummary`]), not whole.
    pub async fn list_models_if_changed(&self, previous: Option<u64>) -> Result<Option<(u64, Vec<ModelSummary>)>, ApiError> {
        let answer = self.read(&self.api_url("/models")).await?;
        let fingerprint = lisa_console::catalogue::body_fingerprint(&answer.body);
        if previous == Some(fingerprint) {
            return Ok(None);
        }
        decode_json::<CatalogueList>(answer.status, &answer.body).map(|r| Some((fingerprint, r.models)))
    }

    /// `GET /models`, each record as LISA sent it (export and the import plan read whole
    /// models, and one record this client cannot read must not hide the others).
    pub async fn list_model_records(&self) -> Result<Vec<serde_json::Value>, ApiError> {
        let answer = self.read(&self.api_url("/models")).await?;
        decode_json::<lisa_console::transfer::RecordList>(answer.status, &answer.body).map(|r| r.models)
    }

    pub async fn get_model(&self, id: &str) -> Result<LisaModel, ApiError> {
        self.get_model_answer(id).await.map(|(model, _)| model)
    }

    /// `GET /models/{id}` as the try and default-model pages read it: the catalogue's summary
    /// (type, status, streaming), not the whole record (whose decoder those bundles would carry).
    pub async fn get_model_summary(&self, id: &str) -> Result<ModelSummary, ApiError> {
        let answer = self.read(&self.api_url(&model_path(id))).await?;
        decode_json::<SummaryResponse>(answer.status, &answer.body).map(|r| r.model)
    }

    /// The model and LISA's answer as text (the edit page keeps the text in its draft).
    pub async fn get_model_answer(&self, id: &str) -> Result<(LisaModel, String), ApiError> {
        let answer = self.read(&self.api_url(&model_path(id))).await?;
        let model = decode_json::<ModelResponse>(answer.status, &answer.body)?.model;
        Ok((model, answer.body))
    }

    pub async fn list_instance_types(&self) -> Result<InstancesResponse, ApiError> {
        let answer = self.read(&self.api_url("/models/metadata/instances")).await?;
        decode_json(answer.status, &answer.body)
    }

    /// `GET {serveBaseUrl}/v2/serve/models`: the ids LiteLLM can serve right now, for a column
    /// that may say "unknown": its failures, session ones included, are the caller's to show
    /// and never raise the sign-in dialog.
    pub async fn list_servable_quiet(&self) -> Result<ServedIds, ApiError> {
        let answer = self.read_reporting(&self.serve_url("/v2/serve/models"), false).await?;
        decode_json(answer.status, &answer.body)
    }

    /// `body`: a `CreateModelRequest`, or the create form's JSON (which leaves unset options out
    /// instead of sending `null`).
    pub async fn create_model<B: serde::Serialize>(&self, body: &B) -> Result<LisaModel, ApiError> {
        let answer = self.change(Method::Post, &self.api_url("/models"), Some(body)).await?;
        decode_json::<ModelResponse>(answer.status, &answer.body).map(|r| r.model)
    }

    /// `body`: an `UpdateModelRequest`, or the edit form's JSON.
    pub async fn update_model<B: serde::Serialize>(&self, id: &str, body: &B) -> Result<LisaModel, ApiError> {
        let answer = self.change(Method::Put, &self.api_url(&model_path(id)), Some(body)).await?;
        decode_json::<ModelResponse>(answer.status, &answer.body).map(|r| r.model)
    }

    /// A change whose `{"model": …}` answer is read only for the model's id
    /// ([`ModelIdResponse`]): the import, the context window, start, stop and delete, whose pages
    /// refetch the model anyway (no model decoder in the catalogue or import bundle: 16 KB
    /// brotli in the catalogue's).
    async fn change_for_id<B: serde::Serialize>(&self, method: Method, url: &str, body: Option<&B>) -> Result<String, ApiError> {
        let answer = self.change(method, url, body).await?;
        decode_json::<ModelIdResponse>(answer.status, &answer.body).map(|r| r.model.model_id)
    }

    /// `POST /models` for the import: the created model's id.
    pub async fn create_model_accepted(&self, body: &serde_json::Value) -> Result<String, ApiError> {
        self.change_for_id(Method::Post, &self.api_url("/models"), Some(body)).await
    }

    /// `PUT /models/{id}/context-window` (lisa-api.md §4.4, V61–V63: LISA's chat reads this value);
    /// the model's id as LISA answered it.
    pub async fn set_context_window(&self, id: &str, context_window: i64) -> Result<String, ApiError> {
        let url = self.api_url(&format!("{}/context-window", model_path(id)));
        self.change_for_id(Method::Put, &url, Some(&ContextWindowRequest { context_window })).await
    }

    /// Start or stop (`PUT /models/{id}` with `enabled`), for the single buttons and the bulk
    /// runner.
    pub async fn set_model_enabled(&self, id: &str, enabled: bool) -> Result<String, ApiError> {
        let body = UpdateModelRequest::enabled(enabled);
        self.change_for_id(Method::Put, &self.api_url(&model_path(id)), Some(&body)).await
    }

    /// `DELETE /models/{id}`.
    pub async fn delete_model(&self, id: &str) -> Result<String, ApiError> {
        self.change_for_id::<()>(Method::Delete, &self.api_url(&model_path(id)), None).await
    }

    /// `schedule`: a `ScheduleRequest`, or just `scheduleType`, `timezone` and the matching
    /// schedule as JSON (what lisa-api.md recommends sending).
    pub async fn put_schedule<B: serde::Serialize>(&self, id: &str, schedule: &B) -> Result<ScheduleUpdateResponse, ApiError> {
        let url = self.api_url(&format!("{}/schedule", model_path(id)));
        let answer = self.change(Method::Put, &url, Some(schedule)).await?;
        decode_json(answer.status, &answer.body)
    }

    pub async fn delete_schedule(&self, id: &str) -> Result<ScheduleUpdateResponse, ApiError> {
        let url = self.api_url(&format!("{}/schedule", model_path(id)));
        let answer = self.change::<()>(Method::Delete, &url, None).await?;
        decode_json(answer.status, &answer.body)
    }
}

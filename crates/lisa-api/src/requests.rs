//! Request bodies and the small response envelopes of the model routes (lisa-api.md §4.2, §4.4).
//!
//! Optional request keys are `Field<T>` so a body can say "omitted" and "null" apart; omitted keys
//! are left out of the JSON entirely.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::enums::{HostingType, InferenceContainer, ModelType};
use crate::field::Field;
use crate::model::{
    AutoScalingConfig, ContainerConfig, GuardrailConfig, HealthCheckCommand, LisaModel, LoadBalancerConfig,
    ModelFeature, ScheduledAction, ScheduleFailure, SchedulingConfig,
};

/// `POST /models` body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateModelRequest {
    pub model_id: String,
    pub model_name: String,
    pub model_type: ModelType,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub model_description: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub model_url: Field<String>,
    /// Always a boolean on the wire: `null` is accepted by the schema and then breaks the model
    /// list for everyone (V36, A7). The type makes sending `null` impossible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streaming: Option<bool>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub features: Field<Vec<ModelFeature>>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub allowed_groups: Field<Vec<String>>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub api_key: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub guardrails_config: Field<BTreeMap<String, GuardrailConfig>>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub hosting_type: Field<HostingType>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub instance_type: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub inference_container: Field<InferenceContainer>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub container_config: Field<ContainerConfig>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub auto_scaling_config: Field<AutoScalingConfig>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub load_balancer_config: Field<LoadBalancerConfig>,
}

/// `PUT /models/{modelId}` body. Every key is optional; at least one must be non-null (V43).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateModelRequest {
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub enabled: Field<bool>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub auto_scaling_instance_config: Field<AutoScalingInstanceConfig>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub container_config: Field<ContainerConfigUpdatable>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub model_type: Field<ModelType>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub model_description: Field<String>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub streaming: Field<bool>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub allowed_groups: Field<Vec<String>>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub features: Field<Vec<ModelFeature>>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub guardrails_config: Field<BTreeMap<String, GuardrailConfig>>,
}

impl UpdateModelRequest {
    /// Start (`true`) or stop (`false`) a model.
    pub fn enabled(enabled: bool) -> Self {
        UpdateModelRequest { enabled: Field::Set(enabled), ..Default::default() }
    }

    /// No updatable key carries a value: LISA answers V43.
    pub fn is_empty(&self) -> bool {
        self.enabled.is_absent()
            && self.auto_scaling_instance_config.is_absent()
            && self.container_config.is_absent()
            && self.model_type.is_absent()
            && self.model_description.is_absent()
            && self.streaming.is_absent()
            && self.allowed_groups.is_absent()
            && self.features.is_absent()
            && self.guardrails_config.is_absent()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoScalingInstanceConfig {
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub min_capacity: Field<i64>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub max_capacity: Field<i64>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub desired_capacity: Field<i64>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub cooldown: Field<i64>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub default_instance_warmup: Field<i64>,
}

/// `containerConfig` in an update: flattened, every key optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerConfigUpdatable {
    /// The complete desired map (A9): it replaces the stored one. Removed keys carry
    /// [`MARKED_FOR_DELETION`] so the running task definition drops them too.
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub environment: Field<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub shared_memory_size: Field<i64>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub health_check_command: Field<HealthCheckCommand>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub health_check_interval: Field<i64>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub health_check_timeout: Field<i64>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub health_check_start_period: Field<i64>,
    #[serde(default, skip_serializing_if = "Field::is_omitted")]
    pub health_check_retries: Field<i64>,
}

/// The environment value that tells LISA to remove a variable (A9).
pub const MARKED_FOR_DELETION: &str = "LISA_MARKED_FOR_DELETION";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextWindowRequest {
    pub context_window: i64,
}

/// `{"model": …}`: create, get, update, delete and context-window answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelResponse {
    pub model: LisaModel,
}

/// The same answers read only for the model's id (the rest is skipped, not decoded): for callers
/// that refetch the model anyway, or that must not carry a whole model's decoder.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ModelIdResponse {
    pub model: ModelId,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ModelId {
    #[serde(rename = "modelId")]
    pub model_id: String,
}

/// `{"models": […]}`: the list (no pagination).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelListResponse {
    pub models: Vec<LisaModel>,
}

/// `GET /models/metadata/instances`: every EC2 instance type, unsorted.
pub type InstancesResponse = Vec<String>;

/// Schedule PUT/POST/DELETE answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleUpdateResponse {
    pub message: String,
    pub model_id: String,
    pub schedule_enabled: bool,
}

/// `GET /models/{id}/schedule` (only for models with a stored schedule, V77).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleGetResponse {
    pub model_id: String,
    pub scheduling: SchedulingConfig,
    #[serde(default)]
    pub next_scheduled_action: Option<ScheduledAction>,
}

/// `GET /models/{id}/schedule/status`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleStatusResponse {
    pub model_id: String,
    pub schedule_enabled: bool,
    pub schedule_configured: bool,
    pub last_schedule_failed: bool,
    pub schedule_status: String,
    #[serde(default)]
    pub schedule_type: Option<String>,
    pub timezone: String,
    #[serde(default)]
    pub next_scheduled_action: Option<ScheduledAction>,
    #[serde(default)]
    pub last_schedule_update: Option<String>,
    #[serde(default)]
    pub last_schedule_failure: Option<ScheduleFailure>,
}

/// The schedule routes' request body is the scheduling object itself.
pub type ScheduleRequest = SchedulingConfig;

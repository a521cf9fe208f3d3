//! The model object and its parts, as LISA returns them (lisa-api.md §4.2).
//!
//! Response types are lenient where LISA may send `null` (every nullable key is `Option`), and
//! `#[serde(default)]` where a missing key has an obvious meaning, so that one odd record shows up
//! as an odd row rather than an unreadable catalogue. Unknown keys are ignored, as LISA does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::enums::{GuardrailMode, HostingType, InferenceContainer, ModelStatus, ModelType, ScheduleType};

/// `LISAModel`: the model in every response (`model` / `models[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LisaModel {
    pub model_id: String,
    #[serde(default)]
    pub model_name: String,
    #[serde(default)]
    pub model_description: Option<String>,
    pub model_type: ModelType,
    pub status: ModelStatus,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub hosting_type: Option<HostingType>,
    #[serde(default)]
    pub model_url: Option<String>,
    #[serde(default)]
    pub instance_type: Option<String>,
    #[serde(default)]
    pub inference_container: Option<InferenceContainer>,
    #[serde(default)]
    pub container_config: Option<ContainerConfig>,
    #[serde(default)]
    pub auto_scaling_config: Option<AutoScalingConfig>,
    #[serde(default)]
    pub load_balancer_config: Option<LoadBalancerConfig>,
    #[serde(default)]
    pub features: Option<Vec<ModelFeature>>,
    #[serde(default)]
    pub allowed_groups: Option<Vec<String>>,
    #[serde(default)]
    pub guardrails_config: Option<BTreeMap<String, GuardrailConfig>>,
    #[serde(default)]
    pub context_window: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelFeature {
    pub name: String,
    #[serde(default)]
    pub overview: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerConfig {
    pub image: ContainerImage,
    pub shared_memory_size: i64,
    pub health_check_config: ContainerHealthCheckConfig,
    #[serde(default)]
    pub environment: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub memory_reservation: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerImage {
    pub base_image: String,
    #[serde(rename = "type")]
    pub image_type: String,
}

/// `healthCheckConfig.command`: LISA accepts a shell string or an exec array.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HealthCheckCommand {
    Shell(String),
    Exec(Vec<String>),
}

impl HealthCheckCommand {
    /// One line for display: the array joined with spaces.
    pub fn display(&self) -> String {
        match self {
            HealthCheckCommand::Shell(s) => s.clone(),
            HealthCheckCommand::Exec(parts) => parts.join(" "),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerHealthCheckConfig {
    pub command: HealthCheckCommand,
    pub interval: i64,
    pub start_period: i64,
    pub timeout: i64,
    pub retries: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoScalingConfig {
    #[serde(default)]
    pub block_device_volume_size: Option<i64>,
    pub min_capacity: i64,
    pub max_capacity: i64,
    #[serde(default)]
    pub desired_capacity: Option<i64>,
    pub cooldown: i64,
    pub default_instance_warmup: i64,
    pub metric_config: MetricConfig,
    #[serde(default)]
    pub scheduling: Option<SchedulingConfig>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricConfig {
    #[serde(default = "default_alb_metric_name")]
    pub alb_metric_name: String,
    #[serde(default = "default_target_value")]
    pub target_value: i64,
    pub duration: i64,
    pub estimated_instance_warmup: i64,
}

fn default_alb_metric_name() -> String {
    "RequestCountPerTarget".to_string()
}

fn default_target_value() -> i64 {
    30
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerConfig {
    pub health_check_config: LoadBalancerHealthCheckConfig,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerHealthCheckConfig {
    pub path: String,
    pub interval: i64,
    pub timeout: i64,
    pub healthy_threshold_count: i64,
    pub unhealthy_threshold_count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuardrailConfig {
    pub guardrail_name: String,
    pub guardrail_identifier: String,
    #[serde(default = "default_guardrail_version")]
    pub guardrail_version: String,
    #[serde(default = "default_guardrail_mode")]
    pub mode: GuardrailMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub allowed_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marked_for_deletion: Option<bool>,
}

fn default_guardrail_version() -> String {
    "DRAFT".to_string()
}

fn default_guardrail_mode() -> GuardrailMode {
    GuardrailMode::PreCall
}

/// `autoScalingConfig.scheduling`, and the schedule routes' body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchedulingConfig {
    #[serde(default)]
    pub schedule_type: Option<ScheduleType>,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring_schedule: Option<DaySchedule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_schedule: Option<WeeklySchedule>,
    #[serde(default)]
    pub schedule_enabled: bool,
    #[serde(default)]
    pub schedule_configured: bool,
    #[serde(default)]
    pub last_schedule_failed: bool,
    #[serde(default)]
    pub last_schedule_update: Option<String>,
    #[serde(default)]
    pub scheduled_action_arns: Option<Vec<String>>,
    #[serde(default)]
    pub next_scheduled_action: Option<ScheduledAction>,
    #[serde(default)]
    pub last_schedule_failure: Option<ScheduleFailure>,
}

fn default_timezone() -> String {
    "UTC".to_string()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DaySchedule {
    pub start_time: String,
    pub stop_time: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklySchedule {
    #[serde(default)]
    pub monday: Option<DaySchedule>,
    #[serde(default)]
    pub tuesday: Option<DaySchedule>,
    #[serde(default)]
    pub wednesday: Option<DaySchedule>,
    #[serde(default)]
    pub thursday: Option<DaySchedule>,
    #[serde(default)]
    pub friday: Option<DaySchedule>,
    #[serde(default)]
    pub saturday: Option<DaySchedule>,
    #[serde(default)]
    pub sunday: Option<DaySchedule>,
}

impl WeeklySchedule {
    pub const DAYS: [&'static str; 7] =
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    pub fn days(&self) -> [(&'static str, Option<&DaySchedule>); 7] {
        [
            ("monday", self.monday.as_ref()),
            ("tuesday", self.tuesday.as_ref()),
            ("wednesday", self.wednesday.as_ref()),
            ("thursday", self.thursday.as_ref()),
            ("friday", self.friday.as_ref()),
            ("saturday", self.saturday.as_ref()),
            ("sunday", self.sunday.as_ref()),
        ]
    }

    pub fn day_mut(&mut self, day: &str) -> Option<&mut Option<DaySchedule>> {
        Some(match day {
            "monday" => &mut self.monday,
            "tuesday" => &mut self.tuesday,
            "wednesday" => &mut self.wednesday,
            "thursday" => &mut self.thursday,
            "friday" => &mut self.friday,
            "saturday" => &mut self.saturday,
            "sunday" => &mut self.sunday,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledAction {
    pub action: String,
    pub scheduled_time: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleFailure {
    pub timestamp: String,
    pub error: String,
    #[serde(default)]
    pub retry_count: i64,
}

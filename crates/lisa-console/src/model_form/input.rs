//! Changing a form by key: what the browser's one delegated listener calls for every input,
//! change and button. Keys are the ones [`crate::render::form_parts`] writes (`data-key`, `data-action`).

use super::create::{CreateForm, Hosting};
use super::edit::{EditForm, RunChange};
use super::rows::{CommandForm, CommandMode, EnvRow, FeatureRow, GuardrailRow};
use super::schedule::{ScheduleForm, ScheduleMode, PREFIX};
use lisa_api::model::{LisaModel, WeeklySchedule};

/// The edit form's fixed context: the form as loaded and the model it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct EditCtx {
    pub original: EditForm,
    pub model: LisaModel,
}

/// A form the browser drives by key.
pub trait KeyedForm: Clone + PartialEq + Send + Sync + 'static {
    type Ctx: Send + Sync + 'static;

    /// Every field, as HTML (see [`crate::render::form_parts`]).
    fn render(&self, ctx: &Self::Ctx) -> String;
    /// An input's new value (`"true"`/`"false"` for checkboxes). False for an unknown key.
    fn set(&mut self, key: &str, value: &str) -> bool;
    /// A button (`data-action`, `data-index`). Returns the key to focus afterwards, if any;
    /// `None` when the action is unknown.
    fn act(&mut self, action: &str, index: usize, ctx: &Self::Ctx) -> Option<String>;
    /// The row lists as HTML, by container id (rendered again after an action).
    fn regions(&self, ctx: &Self::Ctx) -> Vec<(&'static str, String)>;
    /// Which optional parts show, by element id.
    fn visibility(&self, ctx: &Self::Ctx) -> Vec<(String, bool)>;
}

/// `"<i>.<field>"` → `(i, field)`.
fn row_key(rest: &str) -> Option<(usize, &str)> {
    let (i, field) = rest.split_once('.')?;
    Some((i.parse().ok()?, field))
}

fn set_env(rows: &mut [EnvRow], rest: &str, value: &str) -> bool {
    let Some((i, field)) = row_key(rest) else { return false };
    let Some(r) = rows.get_mut(i) else { return false };
    match field {
        "key" => r.key = value.to_string(),
        "value" => r.value = value.to_string(),
        _ => return false,
    }
    true
}

fn set_feature(rows: &mut [FeatureRow], rest: &str, value: &str) -> bool {
    let Some((i, field)) = row_key(rest) else { return false };
    let Some(r) = rows.get_mut(i) else { return false };
    match field {
        "name" => r.name = value.to_string(),
        "overview" => r.overview = value.to_string(),
        _ => return false,
    }
    true
}

fn set_guardrail(rows: &mut [GuardrailRow], rest: &str, value: &str) -> bool {
    let Some((i, field)) = row_key(rest) else { return false };
    let Some(r) = rows.get_mut(i) else { return false };
    let target = match field {
        "guardrailName" => &mut r.name,
        "guardrailIdentifier" => &mut r.identifier,
        "guardrailVersion" => &mut r.version,
        "mode" => &mut r.mode,
        "description" => &mut r.description,
        "allowedGroups" => &mut r.allowed_groups,
        _ => return false,
    };
    *target = value.to_string();
    true
}

/// `rest`: the key after `autoScalingConfig.scheduling.`.
fn set_schedule(s: &mut ScheduleForm, rest: &str, value: &str) -> bool {
    s.normalize();
    match rest {
        "mode" => {
            s.mode = match value {
                "daily" => ScheduleMode::Daily,
                "recurring" => ScheduleMode::Recurring,
                _ => ScheduleMode::None,
            }
        }
        "timezone" => s.timezone = value.to_string(),
        "recurringSchedule.startTime" => s.recurring.start = value.to_string(),
        "recurringSchedule.stopTime" => s.recurring.stop = value.to_string(),
        _ => {
            let Some(day_rest) = rest.strip_prefix("dailySchedule.") else { return false };
            let Some((day, field)) = day_rest.split_once('.') else { return false };
            let Some(i) = WeeklySchedule::DAYS.iter().position(|d| *d == day) else { return false };
            let Some(row) = s.days.get_mut(i) else { return false };
            match field {
                "on" => row.enabled = value == "true",
                "startTime" => row.window.start = value.to_string(),
                "stopTime" => row.window.stop = value.to_string(),
                _ => return false,
            }
        }
    }
    true
}

fn set_command(c: &mut CommandForm, rest: &str, value: &str) -> bool {
    match rest {
        "" => c.text = value.to_string(),
        ".mode" => c.mode = if value == "string" { CommandMode::String } else { CommandMode::Array },
        _ => return false,
    }
    true
}

/// The shared row and schedule keys; `env` is `None` where the form has no environment.
fn set_shared(
    key: &str,
    value: &str,
    env: Option<&mut Vec<EnvRow>>,
    features: &mut [FeatureRow],
    guardrails: &mut [GuardrailRow],
    schedule: &mut ScheduleForm,
) -> bool {
    if let (Some(rest), Some(env)) = (key.strip_prefix("containerConfig.environment."), env) {
        set_env(env, rest, value)
    } else if let Some(rest) = key.strip_prefix("features.") {
        set_feature(features, rest, value)
    } else if let Some(rest) = key.strip_prefix("guardrailsConfig.") {
        set_guardrail(guardrails, rest, value)
    } else if let Some(rest) = key.strip_prefix(PREFIX).and_then(|r| r.strip_prefix('.')) {
        set_schedule(schedule, rest, value)
    } else {
        false
    }
}

/// Add/remove buttons of the shared lists; the key to focus afterwards.
fn act_rows(
    action: &str,
    index: usize,
    env: Option<&mut Vec<EnvRow>>,
    features: &mut Vec<FeatureRow>,
    guardrails: &mut Vec<GuardrailRow>,
) -> Option<String> {
    fn remove<T>(rows: &mut Vec<T>, i: usize) {
        if i < rows.len() {
            rows.remove(i);
        }
    }
    match (action, env) {
        ("add-env", Some(env)) => {
            env.push(EnvRow::default());
            Some(format!("containerConfig.environment.{}.key", env.len() - 1))
        }
        ("remove-env", Some(env)) => {
            remove(env, index);
            Some(String::new())
        }
        ("add-feature", _) => {
            features.push(FeatureRow::default());
            Some(format!("features.{}.name", features.len() - 1))
        }
        ("remove-feature", _) => {
            remove(features, index);
            Some(String::new())
        }
        ("add-guardrail", _) => {
            guardrails.push(GuardrailRow::default());
            Some(format!("guardrailsConfig.{}.guardrailName", guardrails.len() - 1))
        }
        ("remove-guardrail", _) => {
            remove(guardrails, index);
            Some(String::new())
        }
        _ => None,
    }
}

fn row_regions(env: Option<&[EnvRow]>, features: &[FeatureRow], guardrails: &[GuardrailRow]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(env) = env {
        let mut html = String::new();
        crate::render::form_parts::env_rows(&mut html, env);
        out.push(("rows-env", html));
    }
    let mut html = String::new();
    crate::render::form_parts::feature_rows(&mut html, features);
    out.push(("rows-features", html));
    let mut html = String::new();
    crate::render::form_parts::guardrail_rows(&mut html, guardrails);
    out.push(("rows-guardrails", html));
    out
}

impl KeyedForm for CreateForm {
    type Ctx = ();

    fn render(&self, _: &()) -> String {
        crate::render::form_fields::create(self)
    }

    fn set(&mut self, key: &str, value: &str) -> bool {
        let (c, a, lb) = (&mut self.container, &mut self.autoscaling, &mut self.load_balancer);
        let text = match key {
            "hostingType" => {
                self.hosting = Hosting::from_key(value).unwrap_or(Hosting::ThirdParty);
                return true;
            }
            "streaming" => {
                self.streaming = value == "true";
                return true;
            }
            "modelId" => &mut self.model_id,
            "modelName" => &mut self.model_name,
            "modelDescription" => &mut self.model_description,
            "modelType" => &mut self.model_type,
            "modelUrl" => &mut self.model_url,
            "apiKey" => &mut self.api_key,
            "allowedGroups" => &mut self.allowed_groups,
            "instanceType" => &mut self.instance_type,
            "inferenceContainer" => &mut self.inference_container,
            "containerConfig.image.baseImage" => &mut c.base_image,
            "containerConfig.image.type" => &mut c.image_type,
            "containerConfig.sharedMemorySize" => &mut c.shared_memory_size,
            "containerConfig.memoryReservation" => &mut c.memory_reservation,
            "containerConfig.healthCheckConfig.interval" => &mut c.interval,
            "containerConfig.healthCheckConfig.startPeriod" => &mut c.start_period,
            "containerConfig.healthCheckConfig.timeout" => &mut c.timeout,
            "containerConfig.healthCheckConfig.retries" => &mut c.retries,
            "autoScalingConfig.blockDeviceVolumeSize" => &mut a.block_device_volume_size,
            "autoScalingConfig.minCapacity" => &mut a.min_capacity,
            "autoScalingConfig.maxCapacity" => &mut a.max_capacity,
            "autoScalingConfig.desiredCapacity" => &mut a.desired_capacity,
            "autoScalingConfig.cooldown" => &mut a.cooldown,
            "autoScalingConfig.defaultInstanceWarmup" => &mut a.default_instance_warmup,
            "autoScalingConfig.metricConfig.albMetricName" => &mut a.alb_metric_name,
            "autoScalingConfig.metricConfig.targetValue" => &mut a.target_value,
            "autoScalingConfig.metricConfig.duration" => &mut a.duration,
            "autoScalingConfig.metricConfig.estimatedInstanceWarmup" => &mut a.estimated_instance_warmup,
            "loadBalancerConfig.healthCheckConfig.path" => &mut lb.path,
            "loadBalancerConfig.healthCheckConfig.interval" => &mut lb.interval,
            "loadBalancerConfig.healthCheckConfig.timeout" => &mut lb.timeout,
            "loadBalancerConfig.healthCheckConfig.healthyThresholdCount" => &mut lb.healthy_threshold_count,
            "loadBalancerConfig.healthCheckConfig.unhealthyThresholdCount" => &mut lb.unhealthy_threshold_count,
            _ => {
                if let Some(rest) = key.strip_prefix("containerConfig.healthCheckConfig.command") {
                    return set_command(&mut c.command, rest, value);
                }
                return set_shared(key, value, Some(&mut c.environment), &mut self.features, &mut self.guardrails, &mut self.schedule);
            }
        };
        *text = value.to_string();
        true
    }

    fn act(&mut self, action: &str, index: usize, _: &()) -> Option<String> {
        act_rows(action, index, Some(&mut self.container.environment), &mut self.features, &mut self.guardrails)
    }

    fn regions(&self, _: &()) -> Vec<(&'static str, String)> {
        row_regions(Some(&self.container.environment), &self.features, &self.guardrails)
    }

    fn visibility(&self, _: &()) -> Vec<(String, bool)> {
        crate::render::form_fields::create_visibility(self)
    }
}

impl KeyedForm for EditForm {
    type Ctx = EditCtx;

    fn render(&self, ctx: &EditCtx) -> String {
        crate::render::form_fields::edit(self, ctx)
    }

    fn set(&mut self, key: &str, value: &str) -> bool {
        let (c, k) = (&mut self.capacity, &mut self.container);
        let text = match key {
            "streaming" => {
                self.streaming = value == "true";
                return true;
            }
            "acknowledgeRestart" => {
                self.acknowledge_restart = value == "true";
                return true;
            }
            "enabled" => {
                self.run = match value {
                    "start" => RunChange::Start,
                    "stop" => RunChange::Stop,
                    _ => RunChange::Keep,
                };
                return true;
            }
            "modelType" => &mut self.model_type,
            "modelDescription" => &mut self.model_description,
            "allowedGroups" => &mut self.allowed_groups,
            "autoScalingInstanceConfig.minCapacity" => &mut c.min_capacity,
            "autoScalingInstanceConfig.maxCapacity" => &mut c.max_capacity,
            "autoScalingInstanceConfig.desiredCapacity" => &mut c.desired_capacity,
            "autoScalingInstanceConfig.cooldown" => &mut c.cooldown,
            "autoScalingInstanceConfig.defaultInstanceWarmup" => &mut c.default_instance_warmup,
            "containerConfig.sharedMemorySize" => &mut k.shared_memory_size,
            "containerConfig.healthCheckInterval" => &mut k.interval,
            "containerConfig.healthCheckTimeout" => &mut k.timeout,
            "containerConfig.healthCheckStartPeriod" => &mut k.start_period,
            "containerConfig.healthCheckRetries" => &mut k.retries,
            _ => {
                if let Some(rest) = key.strip_prefix("containerConfig.healthCheckCommand") {
                    return set_command(&mut k.command, rest, value);
                }
                return set_shared(key, value, Some(&mut k.environment), &mut self.features, &mut self.guardrails, &mut self.schedule);
            }
        };
        *text = value.to_string();
        true
    }

    fn act(&mut self, action: &str, index: usize, ctx: &EditCtx) -> Option<String> {
        if action == "keep-env" {
            let removed = self.removed_env(&ctx.original);
            let row = removed.get(index)?.clone();
            self.container.environment.push(row);
            return Some(String::new());
        }
        act_rows(action, index, Some(&mut self.container.environment), &mut self.features, &mut self.guardrails)
    }

    fn regions(&self, ctx: &EditCtx) -> Vec<(&'static str, String)> {
        let mut out = row_regions(Some(&self.container.environment), &self.features, &self.guardrails);
        let mut removed = String::new();
        crate::render::form_parts::removed_env(&mut removed, &self.removed_env(&ctx.original));
        out.push(("env-removed", removed));
        out
    }

    fn visibility(&self, ctx: &EditCtx) -> Vec<(String, bool)> {
        crate::render::form_fields::edit_visibility(self, ctx)
    }
}

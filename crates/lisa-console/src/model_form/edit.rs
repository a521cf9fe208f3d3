//! The edit form (`/models/:id/edit`): only what LISA can update (lisa-api.md §5.5), the
//! minimal update body (what changed), the schedule change (its own routes), and the state
//! rules checked before anything is sent.

use serde_json::{json, Map, Value};

use crate::lifecycle::{hosting_of, Hosting};
use super::rows::{self, CommandForm, EnvRow, FeatureRow, GuardrailRow};
use super::schedule::ScheduleForm;
use super::{num_text, number_value, put, FormErrors, Problem};
use lisa_api::enums::ModelStatus;
use lisa_api::model::LisaModel;
use lisa_api::requests::{UpdateModelRequest, MARKED_FOR_DELETION};
use lisa_api::validate::state::AsgSize;

/// Start or stop along with the save (`enabled`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RunChange {
    #[default]
    Keep,
    Start,
    Stop,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CapacityForm {
    pub min_capacity: String,
    pub max_capacity: String,
    /// Not stored by updates: blank means "leave the group's desired size alone".
    pub desired_capacity: String,
    pub cooldown: String,
    pub default_instance_warmup: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerEditForm {
    pub environment: Vec<EnvRow>,
    pub shared_memory_size: String,
    pub command: CommandForm,
    pub interval: String,
    pub timeout: String,
    pub start_period: String,
    pub retries: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditForm {
    pub model_type: String,
    pub model_description: String,
    pub streaming: bool,
    pub allowed_groups: String,
    pub features: Vec<FeatureRow>,
    pub guardrails: Vec<GuardrailRow>,
    pub run: RunChange,
    pub capacity: CapacityForm,
    pub container: ContainerEditForm,
    pub schedule: ScheduleForm,
    pub acknowledge_restart: bool,
}

/// What the stored model allows to edit at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    /// LISA-hosted: it has (or will have) an Auto Scaling group, so capacity, start/stop and
    /// schedules apply (V51, V74, A4).
    pub hosted: bool,
    /// Its stored config has a container (V56, V57).
    pub container: bool,
    /// InService or Stopped: LISA accepts changes (V47, V73).
    pub changeable: bool,
    pub can_start: bool,
    pub can_stop: bool,
}

impl Scope {
    pub fn of(model: &LisaModel) -> Self {
        let hosted = hosting_of(model) == Hosting::LisaHosted;
        let (in_service, stopped) = (model.status == ModelStatus::InService, model.status == ModelStatus::Stopped);
        Scope {
            hosted,
            container: hosted && model.container_config.is_some(),
            changeable: in_service || stopped,
            can_start: hosted && stopped,
            can_stop: hosted && in_service,
        }
    }
}

/// The live Auto Scaling group as the client can guess it: 0/0/0 when Stopped, the stored
/// sizes otherwise (lisa-api.md §5: the server compares with the live group, so it may still
/// answer 400).
pub fn approximate_asg(model: &LisaModel) -> Option<AsgSize> {
    if !Scope::of(model).hosted {
        return None;
    }
    if model.status == ModelStatus::Stopped {
        return Some(AsgSize { min: 0, max: 0, desired: 0 });
    }
    Some(match &model.auto_scaling_config {
        Some(a) => AsgSize { min: a.min_capacity, max: a.max_capacity, desired: a.desired_capacity.unwrap_or(a.min_capacity) },
        None => AsgSize { min: 0, max: 0, desired: 0 },
    })
}

/// A schedule change goes to `PUT`/`DELETE /models/{id}/schedule`, not in the update body.
#[derive(Clone, Debug, PartialEq)]
pub enum ScheduleChange {
    None,
    Put(Value),
    Delete,
}

/// Equal as LISA would read them: the same integer, or the same trimmed text.
fn same_number(a: &str, b: &str) -> bool {
    match (super::parse_int(a), super::parse_int(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a.trim() == b.trim(),
    }
}

impl EditForm {
    pub fn from_model(model: &LisaModel) -> Self {
        let mut form = EditForm {
            model_type: model.model_type.as_str().to_string(),
            model_description: model.model_description.clone().unwrap_or_default(),
            streaming: model.streaming,
            allowed_groups: model.allowed_groups.clone().unwrap_or_default().join(", "),
            features: rows::feature_rows(model.features.as_ref()),
            guardrails: rows::guardrail_rows(model.guardrails_config.as_ref()),
            ..EditForm::default()
        };
        if let Some(a) = &model.auto_scaling_config {
            form.capacity = CapacityForm {
                min_capacity: a.min_capacity.to_string(),
                max_capacity: a.max_capacity.to_string(),
                desired_capacity: num_text(a.desired_capacity),
                cooldown: a.cooldown.to_string(),
                default_instance_warmup: a.default_instance_warmup.to_string(),
            };
            form.schedule = ScheduleForm::from_config(a.scheduling.as_ref());
        }
        if let Some(c) = &model.container_config {
            let hc = &c.health_check_config;
            form.container = ContainerEditForm {
                environment: rows::env_rows(c.environment.as_ref()),
                shared_memory_size: c.shared_memory_size.to_string(),
                command: CommandForm::from_command(&hc.command),
                interval: hc.interval.to_string(),
                timeout: hc.timeout.to_string(),
                start_period: hc.start_period.to_string(),
                retries: hc.retries.to_string(),
            };
        }
        form
    }

    /// The update body: only what differs from `original` (the form as loaded). `{}` when
    /// nothing changed.
    pub fn diff_json(&self, original: &EditForm, model: &LisaModel) -> Value {
        let scope = Scope::of(model);
        let mut m = Map::new();
        if self.model_type != original.model_type {
            m.insert("modelType".into(), json!(self.model_type));
        }
        if self.model_description != original.model_description {
            m.insert("modelDescription".into(), json!(self.model_description));
        }
        if self.streaming != original.streaming {
            m.insert("streaming".into(), json!(self.streaming));
        }
        let groups = rows::groups(&self.allowed_groups);
        if groups != rows::groups(&original.allowed_groups) {
            // `[]` makes the model public.
            m.insert("allowedGroups".into(), json!(groups));
        }
        if self.features != original.features {
            m.insert("features".into(), rows::features_json(&self.features));
        }
        if self.guardrails != original.guardrails {
            m.insert("guardrailsConfig".into(), self.guardrails_json(original));
        }
        match self.run {
            RunChange::Keep => {}
            RunChange::Start => {
                m.insert("enabled".into(), json!(true));
            }
            RunChange::Stop => {
                m.insert("enabled".into(), json!(false));
            }
        }
        if scope.hosted {
            put(&mut m, "autoScalingInstanceConfig", self.capacity_json(original, model));
        }
        if scope.container {
            put(&mut m, "containerConfig", self.container_json(original));
        }
        Value::Object(m)
    }

    /// A10: the map replaces the stored one, so it holds every guardrail to keep, and each
    /// removed one with `markedForDeletion` (so that removing the last one is not `{}`).
    fn guardrails_json(&self, original: &EditForm) -> Value {
        let mut map = match rows::guardrails_json(&self.guardrails) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        for old in &original.guardrails {
            if !old.name.is_empty() && !self.guardrails.iter().any(|g| g.name == old.name) && !map.contains_key(&old.name) {
                let mut v = old.to_json();
                if let Value::Object(o) = &mut v {
                    o.insert("markedForDeletion".into(), json!(true));
                }
                map.insert(old.name.clone(), v);
            }
        }
        Value::Object(map)
    }

    fn capacity_json(&self, original: &EditForm, model: &LisaModel) -> Option<Value> {
        let (c, o) = (&self.capacity, &original.capacity);
        let mut m = Map::new();
        let fields = [
            ("minCapacity", &c.min_capacity, &o.min_capacity),
            ("maxCapacity", &c.max_capacity, &o.max_capacity),
            ("desiredCapacity", &c.desired_capacity, &o.desired_capacity),
            ("cooldown", &c.cooldown, &o.cooldown),
            ("defaultInstanceWarmup", &c.default_instance_warmup, &o.default_instance_warmup),
        ];
        for (name, now, before) in fields {
            if !same_number(now, before) {
                put(&mut m, name, number_value(now));
            }
        }
        // A8: a stopped model's live group is 0/0, so lone values would be compared with it.
        let sizes = ["minCapacity", "maxCapacity", "desiredCapacity"];
        if model.status == ModelStatus::Stopped && sizes.iter().any(|k| m.contains_key(*k)) {
            put(&mut m, "minCapacity", number_value(&c.min_capacity));
            put(&mut m, "maxCapacity", number_value(&c.max_capacity));
        }
        (!m.is_empty()).then_some(Value::Object(m))
    }

    fn container_json(&self, original: &EditForm) -> Option<Value> {
        let (c, o) = (&self.container, &original.container);
        let mut m = Map::new();
        let env = rows::env_map(&c.environment);
        let before = rows::env_map(&o.environment);
        if env != before {
            // A9: the complete map; removed variables carry the deletion marker so the
            // running task definition drops them too.
            let mut full = rows::env_json(&c.environment);
            if let Value::Object(map) = &mut full {
                for k in before.keys().filter(|k| !env.contains_key(*k)) {
                    map.insert(k.clone(), json!(MARKED_FOR_DELETION));
                }
            }
            m.insert("environment".into(), full);
        }
        let numbers = [
            ("sharedMemorySize", &c.shared_memory_size, &o.shared_memory_size),
            ("healthCheckInterval", &c.interval, &o.interval),
            ("healthCheckTimeout", &c.timeout, &o.timeout),
            ("healthCheckStartPeriod", &c.start_period, &o.start_period),
            ("healthCheckRetries", &c.retries, &o.retries),
        ];
        for (name, now, before) in numbers {
            if !same_number(now, before) {
                put(&mut m, name, number_value(now));
            }
        }
        if c.command.to_json() != o.command.to_json() {
            m.insert("healthCheckCommand".into(), c.command.to_json());
        }
        (!m.is_empty()).then_some(Value::Object(m))
    }

    /// The update body to send (only what changed), or every complaint. JSON rather than
    /// [`UpdateModelRequest`], like the create form's, so that the review shows the exact text.
    pub fn to_request(&self, original: &EditForm, model: &LisaModel) -> Result<Value, FormErrors> {
        let errors = self.check(original, model);
        if errors.is_empty() {
            Ok(self.diff_json(original, model))
        } else {
            Err(errors)
        }
    }

    /// The typed update body, or every complaint.
    pub fn diff(&self, original: &EditForm, model: &LisaModel) -> Result<UpdateModelRequest, FormErrors> {
        let errors = self.check(original, model);
        if !errors.is_empty() {
            return Err(errors);
        }
        serde_json::from_value(self.diff_json(original, model)).map_err(|e| {
            let mut errors = FormErrors::default();
            errors.add(None, Problem::new(format!("The request could not be built: {e}.")));
            errors
        })
    }

    pub fn schedule_change(&self, original: &EditForm, model: &LisaModel) -> ScheduleChange {
        if !Scope::of(model).hosted {
            return ScheduleChange::None;
        }
        match (self.schedule.to_json(), original.schedule.to_json()) {
            (now, before) if now == before => ScheduleChange::None,
            (None, _) => ScheduleChange::Delete,
            (Some(body), _) => ScheduleChange::Put(body),
        }
    }

    /// Nothing to send: Save is disabled with "nothing changed".
    pub fn is_unchanged(&self, original: &EditForm, model: &LisaModel) -> bool {
        self.diff_json(original, model).as_object().is_some_and(Map::is_empty)
            && self.schedule_change(original, model) == ScheduleChange::None
            && self.run == RunChange::Keep
    }

    /// Stored environment variables that this form removes (shown with "will be removed").
    pub fn removed_env(&self, original: &EditForm) -> Vec<EnvRow> {
        let now = rows::env_map(&self.container.environment);
        original.container.environment.iter().filter(|r| !now.contains_key(&r.key)).cloned().collect()
    }
}

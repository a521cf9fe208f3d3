//! The create form (`/models/new`): state, defaults and the body it sends (its checks are in
//! `create_check`).

use serde_json::{json, Map, Value};

use super::rows::{self, CommandForm, EnvRow, FeatureRow, GuardrailRow};
use super::schedule::ScheduleForm;
use super::{num_text, number_value, put};
pub use crate::lifecycle::Hosting;
use crate::lifecycle::hosting_of;
use lisa_api::model::LisaModel;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerForm {
    pub base_image: String,
    pub image_type: String,
    pub shared_memory_size: String,
    pub memory_reservation: String,
    pub environment: Vec<EnvRow>,
    pub command: CommandForm,
    pub interval: String,
    pub start_period: String,
    pub timeout: String,
    pub retries: String,
}

impl Default for ContainerForm {
    /// LISA's UI defaults (lisa-api.md §9: U14–U17).
    fn default() -> Self {
        ContainerForm {
            base_image: String::new(),
            image_type: "asset".into(),
            shared_memory_size: "2048".into(),
            memory_reservation: String::new(),
            environment: Vec::new(),
            command: CommandForm::default(),
            interval: "10".into(),
            start_period: "300".into(),
            timeout: "5".into(),
            retries: "3".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutoScalingForm {
    pub block_device_volume_size: String,
    pub min_capacity: String,
    pub max_capacity: String,
    pub desired_capacity: String,
    pub cooldown: String,
    pub default_instance_warmup: String,
    pub alb_metric_name: String,
    pub target_value: String,
    pub duration: String,
    pub estimated_instance_warmup: String,
}

impl Default for AutoScalingForm {
    /// LISA's UI defaults (U20–U29); the metric name and target are the server's defaults.
    fn default() -> Self {
        AutoScalingForm {
            block_device_volume_size: "50".into(),
            min_capacity: "1".into(),
            max_capacity: "1".into(),
            desired_capacity: String::new(),
            cooldown: "420".into(),
            default_instance_warmup: "180".into(),
            alb_metric_name: "RequestCountPerTarget".into(),
            target_value: "30".into(),
            duration: "60".into(),
            estimated_instance_warmup: "180".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBalancerForm {
    pub path: String,
    pub interval: String,
    pub timeout: String,
    pub healthy_threshold_count: String,
    pub unhealthy_threshold_count: String,
}

impl Default for LoadBalancerForm {
    /// LISA's UI defaults (U30, U31).
    fn default() -> Self {
        LoadBalancerForm {
            path: "/health".into(),
            interval: "60".into(),
            timeout: "30".into(),
            healthy_threshold_count: "2".into(),
            unhealthy_threshold_count: "10".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateForm {
    pub hosting: Hosting,
    pub model_id: String,
    pub model_name: String,
    pub model_description: String,
    pub model_type: String,
    pub model_url: String,
    pub api_key: String,
    pub streaming: bool,
    pub features: Vec<FeatureRow>,
    /// Comma- or line-separated group names; blank = public.
    pub allowed_groups: String,
    pub guardrails: Vec<GuardrailRow>,
    pub instance_type: String,
    pub inference_container: String,
    pub container: ContainerForm,
    pub autoscaling: AutoScalingForm,
    pub load_balancer: LoadBalancerForm,
    pub schedule: ScheduleForm,
}

impl Default for CreateForm {
    fn default() -> Self {
        CreateForm {
            hosting: Hosting::ThirdParty,
            model_id: String::new(),
            model_name: String::new(),
            model_description: String::new(),
            model_type: "textgen".into(),
            model_url: String::new(),
            api_key: String::new(),
            streaming: false,
            features: Vec::new(),
            allowed_groups: String::new(),
            guardrails: Vec::new(),
            instance_type: String::new(),
            inference_container: String::new(),
            container: ContainerForm::default(),
            autoscaling: AutoScalingForm::default(),
            load_balancer: LoadBalancerForm::default(),
            schedule: ScheduleForm::default(),
        }
    }
}

fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

/// Optional text: blank is left out.
fn opt_text(s: &str) -> Option<Value> {
    (!s.is_empty()).then(|| text(s))
}

impl CreateForm {
    /// "Create a copy": everything from `model` except its id (and the write-only API key).
    /// The URL is kept only where the admin chose it (internal hosted, third party).
    pub fn from_model(model: &LisaModel) -> Self {
        let hosting = hosting_of(model);
        let mut form = CreateForm {
            hosting,
            model_name: model.model_name.clone(),
            model_description: model.model_description.clone().unwrap_or_default(),
            model_type: model.model_type.as_str().to_string(),
            streaming: model.streaming,
            features: rows::feature_rows(model.features.as_ref()),
            allowed_groups: model.allowed_groups.clone().unwrap_or_default().join(", "),
            guardrails: rows::guardrail_rows(model.guardrails_config.as_ref()),
            ..CreateForm::default()
        };
        if hosting != Hosting::LisaHosted {
            form.model_url = model.model_url.clone().unwrap_or_default();
            return form;
        }
        form.instance_type = model.instance_type.clone().unwrap_or_default();
        form.inference_container = model.inference_container.as_ref().map(|c| c.as_str().to_string()).unwrap_or_default();
        if let Some(c) = &model.container_config {
            form.container = ContainerForm {
                base_image: c.image.base_image.clone(),
                image_type: c.image.image_type.clone(),
                shared_memory_size: c.shared_memory_size.to_string(),
                memory_reservation: num_text(c.memory_reservation),
                environment: rows::env_rows(c.environment.as_ref()),
                command: CommandForm::from_command(&c.health_check_config.command),
                interval: c.health_check_config.interval.to_string(),
                start_period: c.health_check_config.start_period.to_string(),
                timeout: c.health_check_config.timeout.to_string(),
                retries: c.health_check_config.retries.to_string(),
            };
        }
        if let Some(a) = &model.auto_scaling_config {
            form.autoscaling = AutoScalingForm {
                block_device_volume_size: num_text(a.block_device_volume_size),
                min_capacity: a.min_capacity.to_string(),
                max_capacity: a.max_capacity.to_string(),
                desired_capacity: num_text(a.desired_capacity),
                cooldown: a.cooldown.to_string(),
                default_instance_warmup: a.default_instance_warmup.to_string(),
                alb_metric_name: a.metric_config.alb_metric_name.clone(),
                target_value: a.metric_config.target_value.to_string(),
                duration: a.metric_config.duration.to_string(),
                estimated_instance_warmup: a.metric_config.estimated_instance_warmup.to_string(),
            };
            form.schedule = ScheduleForm::from_config(a.scheduling.as_ref());
        }
        if let Some(lb) = &model.load_balancer_config {
            let h = &lb.health_check_config;
            form.load_balancer = LoadBalancerForm {
                path: h.path.clone(),
                interval: h.interval.to_string(),
                timeout: h.timeout.to_string(),
                healthy_threshold_count: h.healthy_threshold_count.to_string(),
                unhealthy_threshold_count: h.unhealthy_threshold_count.to_string(),
            };
        }
        form
    }

    /// The URL field applies to external models; LISA assigns a hosted model's URL itself.
    pub fn shows_url(&self) -> bool {
        self.hosting != Hosting::LisaHosted
    }

    /// The body exactly as the form would send it. Invalid text stays text (see the module
    /// docs); a required field left blank is left out, so LISA's rules say "Field required".
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("modelId".into(), text(&self.model_id));
        m.insert("modelName".into(), text(&self.model_name));
        m.insert("modelType".into(), text(&self.model_type));
        put(&mut m, "modelDescription", opt_text(&self.model_description));
        // Always a boolean: `null` would be stored and break the model list (V36, A7).
        m.insert("streaming".into(), Value::Bool(self.streaming));
        m.insert("hostingType".into(), text(self.hosting.key()));
        if !self.features.is_empty() {
            m.insert("features".into(), rows::features_json(&self.features));
        }
        let groups = rows::groups(&self.allowed_groups);
        if !groups.is_empty() {
            m.insert("allowedGroups".into(), json!(groups));
        }
        if !self.guardrails.is_empty() {
            m.insert("guardrailsConfig".into(), rows::guardrails_json(&self.guardrails));
        }
        if self.shows_url() {
            put(&mut m, "modelUrl", opt_text(&self.model_url));
            put(&mut m, "apiKey", opt_text(&self.api_key));
        } else {
            put(&mut m, "instanceType", opt_text(self.instance_type.trim()));
            put(&mut m, "inferenceContainer", opt_text(&self.inference_container));
            m.insert("containerConfig".into(), self.container_json());
            m.insert("autoScalingConfig".into(), self.autoscaling_json());
            m.insert("loadBalancerConfig".into(), self.load_balancer_json());
        }
        Value::Object(m)
    }

    fn container_json(&self) -> Value {
        let c = &self.container;
        let mut hc = Map::new();
        hc.insert("command".into(), c.command.to_json());
        put(&mut hc, "interval", number_value(&c.interval));
        put(&mut hc, "startPeriod", number_value(&c.start_period));
        put(&mut hc, "timeout", number_value(&c.timeout));
        put(&mut hc, "retries", number_value(&c.retries));
        let mut m = Map::new();
        m.insert("image".into(), json!({"baseImage": c.base_image, "type": c.image_type}));
        put(&mut m, "sharedMemorySize", number_value(&c.shared_memory_size));
        m.insert("healthCheckConfig".into(), Value::Object(hc));
        if !c.environment.is_empty() {
            m.insert("environment".into(), rows::env_json(&c.environment));
        }
        put(&mut m, "memoryReservation", number_value(&c.memory_reservation));
        Value::Object(m)
    }

    fn autoscaling_json(&self) -> Value {
        let a = &self.autoscaling;
        let mut metric = Map::new();
        put(&mut metric, "albMetricName", opt_text(&a.alb_metric_name));
        put(&mut metric, "targetValue", number_value(&a.target_value));
        put(&mut metric, "duration", number_value(&a.duration));
        put(&mut metric, "estimatedInstanceWarmup", number_value(&a.estimated_instance_warmup));
        let mut m = Map::new();
        // Blank: LISA's default (50 GiB).
        put(&mut m, "blockDeviceVolumeSize", number_value(&a.block_device_volume_size));
        put(&mut m, "minCapacity", number_value(&a.min_capacity));
        put(&mut m, "maxCapacity", number_value(&a.max_capacity));
        put(&mut m, "desiredCapacity", number_value(&a.desired_capacity));
        put(&mut m, "cooldown", number_value(&a.cooldown));
        put(&mut m, "defaultInstanceWarmup", number_value(&a.default_instance_warmup));
        m.insert("metricConfig".into(), Value::Object(metric));
        put(&mut m, "scheduling", self.schedule.to_json());
        Value::Object(m)
    }

    fn load_balancer_json(&self) -> Value {
        let lb = &self.load_balancer;
        let mut hc = Map::new();
        hc.insert("path".into(), text(&lb.path));
        put(&mut hc, "interval", number_value(&lb.interval));
        put(&mut hc, "timeout", number_value(&lb.timeout));
        put(&mut hc, "healthyThresholdCount", number_value(&lb.healthy_threshold_count));
        put(&mut hc, "unhealthyThresholdCount", number_value(&lb.unhealthy_threshold_count));
        json!({ "healthCheckConfig": Value::Object(hc) })
    }
}

//! The create form's checks: LISA's rules for a create body (V4–V31), the advisory rules, and
//! the form's own (duplicate keys, numbers too large, each empty field of the hosting group).

use super::create::{CreateForm, Hosting};
use super::{place, rows, too_large, FormErrors, Problem};
use lisa_api::validate::{self, advisory, InstanceTypes};
use serde_json::Value;

/// How V29's message starts (lisa-api.md §5.3).
const HOSTING_GROUP_RULE: &str = "All of the following fields must be defined";
/// On each empty field of the hosting group when V29 fires.
pub const MISSING_HOSTED_FIELD: &str = "Required for a LISA-hosted model.";

impl CreateForm {
    /// Every number field with its key, for the form-only "too large" rule.
    fn numbers(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        if self.hosting != Hosting::LisaHosted {
            return out;
        }
        let (c, a, lb) = (&self.container, &self.autoscaling, &self.load_balancer);
        out.extend([
            ("containerConfig.sharedMemorySize", c.shared_memory_size.as_str()),
            ("containerConfig.memoryReservation", &c.memory_reservation),
            ("containerConfig.healthCheckConfig.interval", &c.interval),
            ("containerConfig.healthCheckConfig.startPeriod", &c.start_period),
            ("containerConfig.healthCheckConfig.timeout", &c.timeout),
            ("containerConfig.healthCheckConfig.retries", &c.retries),
            ("autoScalingConfig.blockDeviceVolumeSize", &a.block_device_volume_size),
            ("autoScalingConfig.minCapacity", &a.min_capacity),
            ("autoScalingConfig.maxCapacity", &a.max_capacity),
            ("autoScalingConfig.desiredCapacity", &a.desired_capacity),
            ("autoScalingConfig.cooldown", &a.cooldown),
            ("autoScalingConfig.defaultInstanceWarmup", &a.default_instance_warmup),
            ("autoScalingConfig.metricConfig.targetValue", &a.target_value),
            ("autoScalingConfig.metricConfig.duration", &a.duration),
            ("autoScalingConfig.metricConfig.estimatedInstanceWarmup", &a.estimated_instance_warmup),
            ("loadBalancerConfig.healthCheckConfig.interval", &lb.interval),
            ("loadBalancerConfig.healthCheckConfig.timeout", &lb.timeout),
            ("loadBalancerConfig.healthCheckConfig.healthyThresholdCount", &lb.healthy_threshold_count),
            ("loadBalancerConfig.healthCheckConfig.unhealthyThresholdCount", &lb.unhealthy_threshold_count),
        ]);
        out
    }

    /// Where complaints about this form can be shown (see [`place`]).
    pub fn placer(&self) -> place::Placer {
        place::Placer::for_create(self)
    }

    /// V29 names the whole hosting group; each field of it the admin left empty is marked too,
    /// so the section message says what LISA says and the fields say which ones. (The
    /// container, autoscaling and load balancer objects are always sent whole.)
    fn mark_missing_hosting_fields(&self, errors: &mut FormErrors) {
        let missing = [
            ("instanceType", self.instance_type.trim().is_empty()),
            ("inferenceContainer", self.inference_container.trim().is_empty()),
        ];
        for (key, empty) in missing {
            if empty {
                errors.add(Some(key.to_string()), Problem::new(MISSING_HOSTED_FIELD));
            }
        }
    }

    /// Every complaint, placed: LISA's rules (V4–V31, with `instances` for V9; an empty list
    /// skips V9 until the list is known), the advisory rules (A1–A3, A7, A12) and the form's
    /// own (duplicate keys, numbers too large for the request).
    pub fn check(&self, instances: &InstanceTypes) -> FormErrors {
        let body = self.to_json();
        let placer = self.placer();
        let mut errors = FormErrors::default();
        if let Err(violations) = validate::create_model(&body, instances) {
            for v in violations {
                placer.add(&mut errors, &v.error);
                if v.error.message().starts_with(HOSTING_GROUP_RULE) {
                    self.mark_missing_hosting_fields(&mut errors);
                }
            }
        }
        for e in advisory::create(&body) {
            placer.add(&mut errors, &e);
        }
        rows::env_duplicates(if self.hosting == Hosting::LisaHosted { &self.container.environment } else { &[] }, &mut errors);
        rows::guardrail_duplicates(&self.guardrails, &mut errors);
        for (key, value) in self.numbers() {
            if let Some(p) = too_large(value) {
                errors.add(Some(key.to_string()), p);
            }
        }
        errors
    }

    /// The body to send, or every complaint.
    ///
    /// The body is sent as built rather than through [`CreateModelRequest`](lisa_api::requests::CreateModelRequest): the typed model
    /// parts write `null` for every unset option, and a `null` `blockDeviceVolumeSize` is
    /// stored as "none" where an omitted one gets LISA's 50 GiB. (The tests check that every
    /// body that passes is a well-typed [`CreateModelRequest`](lisa_api::requests::CreateModelRequest); the app does not, to keep the
    /// request types' deserializers out of the bundle.)
    pub fn to_request(&self, instances: &InstanceTypes) -> Result<Value, FormErrors> {
        let errors = self.check(instances);
        if errors.is_empty() {
            Ok(self.to_json())
        } else {
            Err(errors)
        }
    }
}

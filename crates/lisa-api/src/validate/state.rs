//! Handler rules checked against the stored model after the body passed (400 `detail`).

use serde_json::Value;

use super::coerce::{int_value, Int};
use crate::enums::ModelStatus;
use crate::model::LisaModel;

/// The live Auto Scaling group of a LISA-hosted model (0/0/0 when Stopped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsgSize {
    pub min: i64,
    pub max: i64,
    pub desired: i64,
}

/// A present, non-null integer of a normalised body.
fn int_at(obj: &Value, name: &str) -> Option<Int> {
    obj.get(name).and_then(int_value)
}

fn above(a: Int, b: i64) -> bool {
    a.cmp_small(b) == std::cmp::Ordering::Greater
}

fn below(a: Int, b: i64) -> bool {
    a.cmp_small(b) == std::cmp::Ordering::Less
}

fn present(body: &Value, name: &str) -> bool {
    body.get(name).is_some_and(|v| !v.is_null())
}

/// V47–V57 for a normalised update body, in LISA's order; `Err` is the exact `detail` text.
pub fn check_update(model: &LisaModel, update: &Value, asg: Option<AsgSize>) -> Result<(), String> {
    let status = &model.status;
    let in_service = *status == ModelStatus::InService;
    let stopped = *status == ModelStatus::Stopped;
    if !in_service && !stopped {
        return Err("Model cannot be updated when it is not in the 'InService' or 'Stopped' states".into());
    }
    if let Some(Value::Bool(enabled)) = update.get("enabled") {
        if present(update, "autoScalingInstanceConfig") {
            return Err("Start or Stop operations and AutoScaling changes must happen in separate requests.".into());
        }
        if *enabled && !stopped {
            return Err("Model cannot be enabled when it is not in the 'Stopped' state.".into());
        }
        if !*enabled && !in_service {
            return Err("Model cannot be stopped when it is not in the 'InService' state.".into());
        }
    }
    if let Some(config) = update.get("autoScalingInstanceConfig").filter(|v| !v.is_null()) {
        let Some(asg) = asg else {
            return Err("Cannot update AutoScaling Config for model not hosted in LISA infrastructure.".into());
        };
        let min = int_at(config, "minCapacity");
        let max = int_at(config, "maxCapacity");
        if let Some(desired) = int_at(config, "desiredCapacity") {
            if max.is_none() && above(desired, asg.max) {
                return Err(format!("Desired capacity cannot exceed ASG max of {}.", asg.max));
            }
            if min.is_none() && below(desired, asg.min) {
                return Err(format!("Desired capacity cannot be less than ASG min of {}.", asg.min));
            }
        }
        if let Some(min) = min {
            if max.is_none() && above(min, asg.max) {
                return Err(format!("Min capacity cannot exceed ASG max of {}.", asg.max));
            }
        }
        if let Some(max) = max {
            if min.is_none() && below(max, asg.min) {
                return Err(format!("Max capacity cannot be less than ASG min of {}.", asg.min));
            }
        }
    }
    if present(update, "containerConfig") {
        if asg.is_none() {
            return Err("Cannot update Container Config for model not hosted in LISA infrastructure.".into());
        }
        if model.container_config.is_none() {
            return Err(
                "Cannot update Container Config for model that was not originally configured with a container.".into(),
            );
        }
    }
    Ok(())
}

/// V73 (status) and, for create/replace, V74 (needs an ASG) on the schedule routes.
pub fn check_schedule_change(model: &LisaModel, has_asg: bool, replacing: bool) -> Result<(), String> {
    let status = &model.status;
    if *status != ModelStatus::InService && *status != ModelStatus::Stopped {
        return Err(format!(
            "Cannot perform operation when model is in '{}' state, model must be in one of: 'InService', 'Stopped'.",
            status.as_str()
        ));
    }
    if replacing && !has_asg {
        return Err("Model does not have an Auto Scaling Group configured".into());
    }
    Ok(())
}

//! V47–V57 (update handler rules) and V73/V74 (schedule routes), one test per rule.

mod common;

use common::*;
use lisa_api::validate::state::{check_schedule_change, check_update, AsgSize};
use lisa_api::LisaModel;
use serde_json::{json, Value};

fn hosted_model(status: &str) -> LisaModel {
    model(&hosted(), status)
}

fn external_model(status: &str) -> LisaModel {
    model(&external(), status)
}

/// The live ASG as LISA would see it: stored min/max, or 0/0/0 when Stopped.
fn asg_of(m: &LisaModel) -> Option<AsgSize> {
    let c = m.auto_scaling_config.as_ref()?;
    if m.status.as_str() == "Stopped" {
        return Some(AsgSize { min: 0, max: 0, desired: 0 });
    }
    Some(AsgSize { min: c.min_capacity, max: c.max_capacity, desired: c.desired_capacity.unwrap_or(c.min_capacity) })
}

fn check(m: &LisaModel, body: Value) -> Result<(), String> {
    let update = assert_ok(lisa_api::validate::update_model(&body));
    check_update(m, &update, asg_of(m))
}

fn asg(body: Value) -> Value {
    json!({ "autoScalingInstanceConfig": body })
}

#[test]
fn v47_only_in_service_or_stopped() {
    assert_eq!(check(&external_model("InService"), json!({"modelDescription": "x"})), Ok(()));
    assert_eq!(check(&external_model("Stopped"), json!({"modelDescription": "x"})), Ok(()));
    for status in ["Creating", "Updating", "Failed", "Stopping", "Starting", "Deleting"] {
        assert_eq!(
            check(&external_model(status), json!({"enabled": true})),
            Err("Model cannot be updated when it is not in the 'InService' or 'Stopped' states".into()),
            "{status}"
        );
    }
}

#[test]
fn v48_start_stop_apart_from_autoscaling() {
    assert_eq!(check(&hosted_model("InService"), json!({"enabled": false, "containerConfig": {"sharedMemorySize": 4096}})), Ok(()));
    assert_eq!(
        check(&hosted_model("InService"), json!({"enabled": false, "autoScalingInstanceConfig": {"minCapacity": 2}})),
        Err("Start or Stop operations and AutoScaling changes must happen in separate requests.".into())
    );
}

#[test]
fn v49_start_only_when_stopped() {
    assert_eq!(check(&hosted_model("Stopped"), json!({"enabled": "true"})), Ok(()));
    assert_eq!(
        check(&hosted_model("InService"), json!({"enabled": true})),
        Err("Model cannot be enabled when it is not in the 'Stopped' state.".into())
    );
}

#[test]
fn v50_stop_only_when_in_service() {
    assert_eq!(check(&hosted_model("InService"), json!({"enabled": false})), Ok(()));
    assert_eq!(
        check(&external_model("Stopped"), json!({"enabled": false})),
        Err("Model cannot be stopped when it is not in the 'InService' state.".into())
    );
}

#[test]
fn v51_autoscaling_needs_an_asg() {
    assert_eq!(check(&hosted_model("InService"), asg(json!({"cooldown": 60}))), Ok(()));
    assert_eq!(
        check(&external_model("InService"), asg(json!({"cooldown": 60}))),
        Err("Cannot update AutoScaling Config for model not hosted in LISA infrastructure.".into())
    );
}

#[test]
fn v52_desired_above_live_max() {
    let m = hosted_model("InService");
    assert_eq!(check(&m, asg(json!({"desiredCapacity": 4}))), Ok(()));
    assert_eq!(check(&m, asg(json!({"desiredCapacity": 6, "maxCapacity": 6}))), Ok(()), "max given: not compared");
    assert_eq!(check(&m, asg(json!({"desiredCapacity": 5}))), Err("Desired capacity cannot exceed ASG max of 4.".into()));
    // A Stopped model's live ASG is 0/0/0.
    assert_eq!(check(&hosted_model("Stopped"), asg(json!({"desiredCapacity": 1}))), Err("Desired capacity cannot exceed ASG max of 0.".into()));
}

#[test]
fn v53_desired_below_live_min() {
    let m = model(&with(hosted(), "autoScalingConfig/minCapacity", json!(2)), "InService");
    assert_eq!(check(&m, asg(json!({"desiredCapacity": 1, "minCapacity": 1}))), Ok(()));
    assert_eq!(check(&m, asg(json!({"desiredCapacity": 1}))), Err("Desired capacity cannot be less than ASG min of 2.".into()));
}

#[test]
fn v54_min_above_live_max() {
    let m = hosted_model("InService");
    assert_eq!(check(&m, asg(json!({"minCapacity": 4}))), Ok(()));
    assert_eq!(check(&m, asg(json!({"minCapacity": 5}))), Err("Min capacity cannot exceed ASG max of 4.".into()));
    assert_eq!(check(&hosted_model("Stopped"), asg(json!({"minCapacity": 1, "maxCapacity": 2}))), Ok(()));
}

#[test]
fn v55_max_below_live_min() {
    let m = model(&with(hosted(), "autoScalingConfig/minCapacity", json!(3)), "InService");
    assert_eq!(check(&m, asg(json!({"maxCapacity": 3}))), Ok(()));
    assert_eq!(check(&m, asg(json!({"maxCapacity": 2}))), Err("Max capacity cannot be less than ASG min of 3.".into()));
}

#[test]
fn v56_container_needs_an_asg() {
    assert_eq!(check(&hosted_model("Stopped"), json!({"containerConfig": {"environment": {"A": "b"}}})), Ok(()));
    assert_eq!(
        check(&external_model("InService"), json!({"containerConfig": {}})),
        Err("Cannot update Container Config for model not hosted in LISA infrastructure.".into())
    );
}

#[test]
fn v57_container_needs_a_stored_container() {
    // An external record that somehow has an ASG (LISA's artificial state u0138).
    let m = external_model("InService");
    let live = Some(AsgSize { min: 1, max: 2, desired: 1 });
    let update = assert_ok(lisa_api::validate::update_model(&json!({"containerConfig": {"sharedMemorySize": 4096}})));
    assert_eq!(
        check_update(&m, &update, live),
        Err("Cannot update Container Config for model that was not originally configured with a container.".into())
    );
    let update = assert_ok(lisa_api::validate::update_model(&json!({"autoScalingInstanceConfig": {"maxCapacity": 3}})));
    assert_eq!(check_update(&m, &update, live), Ok(()));
}

#[test]
fn v73_schedule_change_status() {
    assert_eq!(check_schedule_change(&hosted_model("Stopped"), true, false), Ok(()));
    assert_eq!(
        check_schedule_change(&hosted_model("Updating"), true, true),
        Err("Cannot perform operation when model is in 'Updating' state, model must be in one of: 'InService', 'Stopped'.".into())
    );
}

#[test]
fn v74_schedule_needs_an_asg() {
    assert_eq!(check_schedule_change(&hosted_model("InService"), true, true), Ok(()));
    assert_eq!(check_schedule_change(&external_model("InService"), false, false), Ok(()), "delete: no ASG check");
    assert_eq!(
        check_schedule_change(&external_model("InService"), false, true),
        Err("Model does not have an Auto Scaling Group configured".into())
    );
}

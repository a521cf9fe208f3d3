//! `/models/{id}/schedule` (PUT, POST, DELETE, GET) and `/models/{id}/schedule/status`
//! (lisa-api.md §4.4, §5.10), including LISA's read bugs V76 and V77.

use std::sync::Arc;

use lisa_api::validate::{self, loc};
use serde_json::{json, Map, Value};

use super::json_body;
use crate::clock;
use crate::errors::AppError;
use crate::http::{Reply, Req};
use crate::state::{Caller, Record, Shared};

fn not_found(id: &str) -> AppError {
    AppError::model_not_found(id, format!("Model {id} not found"))
}

const ARN_PREFIX: &str = "arn:aws:autoscaling:us-east-1:123456789012:scheduledUpdateGroupAction:*:autoScalingGroupName";

/// The (start, stop) minutes of a weekday (0 = Monday) in a scheduling object.
fn window(scheduling: &Value, weekday: usize) -> Option<(i64, i64)> {
    let day = match scheduling.get("scheduleType").and_then(Value::as_str) {
        Some("RECURRING") => scheduling.get("recurringSchedule")?,
        Some("DAILY") => scheduling.get("dailySchedule")?.get(lisa_api::model::WeeklySchedule::DAYS[weekday])?,
        _ => return None,
    };
    let start = clock::parse_hhmm(day.get("startTime")?.as_str()?)?;
    let stop = clock::parse_hhmm(day.get("stopTime")?.as_str()?)?;
    Some((start, stop))
}

/// What LISA stores once it has created the scheduled ASG actions: the request plus the
/// server-maintained fields (enabled, configured, ARNs, next action, update time).
pub fn configured(model_id: &str, request: &Value, now: (i64, u32)) -> Value {
    let mut stored: Map<String, Value> = request.as_object().cloned().unwrap_or_default();
    let timezone = stored.get("timezone").and_then(Value::as_str).unwrap_or("UTC").to_string();
    let scheduling = Value::Object(stored.clone());
    let asg = format!("{model_id}-asg");
    let mut names = Vec::new();
    match stored.get("scheduleType").and_then(Value::as_str) {
        Some("DAILY") => {
            for (i, day) in lisa_api::model::WeeklySchedule::DAYS.iter().enumerate() {
                if window(&scheduling, i).is_some() {
                    names.push(format!("{model_id}-{day}-start"));
                    names.push(format!("{model_id}-{day}-stop"));
                }
            }
        }
        _ => {
            names.push(format!("{model_id}-daily-start"));
            names.push(format!("{model_id}-daily-stop"));
        }
    }
    let arns: Vec<String> =
        names.iter().map(|n| format!("{ARN_PREFIX}/{asg}:scheduledActionName/{n}")).collect();
    let next = clock::next_action(&timezone, now.0, |d| window(&scheduling, d))
        .map(|(action, at)| json!({ "action": action, "scheduledTime": clock::iso_seconds(at) }))
        .unwrap_or(Value::Null);
    stored.insert("timezone".into(), json!(timezone));
    stored.insert("scheduleEnabled".into(), json!(true));
    stored.insert("lastScheduleUpdate".into(), json!(clock::iso_micros(now.0, now.1)));
    stored.insert("scheduledActionArns".into(), json!(arns));
    stored.insert("scheduleConfigured".into(), json!(true));
    stored.insert("lastScheduleFailed".into(), json!(false));
    stored.insert("nextScheduledAction".into(), next);
    stored.insert("lastScheduleFailure".into(), Value::Null);
    Value::Object(stored)
}

/// Sets `autoScalingConfig.scheduling` (only hosted records have an autoscaling config).
pub fn store_scheduling(record: &mut Record, scheduling: Value) {
    if let Some(Value::Object(cfg)) = record.model.get_mut("autoScalingConfig") {
        cfg.insert("scheduling".into(), scheduling);
    }
}

/// V1–V3 → V64–V70 (422) → V71 (403) → V72 (404) → V73/V74 (400) → 200.
pub fn put(shared: &Arc<Shared>, req: &Req, caller: &Caller, id: &str) -> Result<Reply, AppError> {
    let body = json_body(req)?;
    let normalized = validate::schedule(&body, &loc(&["body"])).map_err(AppError::Validation)?;
    if !caller.is_admin() {
        return Err(AppError::forbidden("User does not have permission to update model schedules"));
    }
    let mut store = shared.lock();
    let record = store.models.get_mut(id).ok_or_else(|| not_found(id))?;
    let typed = record.typed_lenient().ok_or(AppError::Internal)?;
    validate::state::check_schedule_change(&typed, record.asg.is_some(), true).map_err(AppError::bad_request)?;
    let stored = configured(id, &normalized, clock::now());
    store_scheduling(record, stored);
    Ok(Reply::json(200, &json!({"message": "Schedule updated successfully", "modelId": id, "scheduleEnabled": true})).app())
}

/// V71 (403) → V72 (404) → V73 (400) → 200.
pub fn delete(shared: &Arc<Shared>, caller: &Caller, id: &str) -> Result<Reply, AppError> {
    if !caller.is_admin() {
        return Err(AppError::forbidden("User does not have permission to delete model schedules"));
    }
    let mut store = shared.lock();
    let record = store.models.get_mut(id).ok_or_else(|| not_found(id))?;
    let typed = record.typed_lenient().ok_or(AppError::Internal)?;
    validate::state::check_schedule_change(&typed, record.asg.is_some(), false).map_err(AppError::bad_request)?;
    store_scheduling(record, Value::Null);
    Ok(Reply::json(200, &json!({"message": "Schedule deleted successfully", "modelId": id, "scheduleEnabled": false})).app())
}

/// The stored scheduling, after LISA's read checks: 404, then V76 (a non-admin who cannot see
/// the model: 500), then V77 (no stored schedule). `Ok(None)` is a legacy record whose
/// autoscaling config has no `scheduling` key at all.
fn read_scheduling(shared: &Arc<Shared>, caller: &Caller, id: &str) -> Result<Result<Option<Value>, ()>, AppError> {
    let store = shared.lock();
    let record = store.models.get(id).ok_or_else(|| not_found(id))?;
    if !caller.can_see(record) {
        return Err(AppError::Internal);
    }
    Ok(match record.model.get("autoScalingConfig") {
        Some(Value::Object(cfg)) => match cfg.get("scheduling") {
            None => Ok(None),
            Some(Value::Object(s)) => Ok(Some(Value::Object(s.clone()))),
            Some(_) => Err(()),
        },
        _ => Err(()),
    })
}

pub fn get(shared: &Arc<Shared>, caller: &Caller, id: &str) -> Result<Reply, AppError> {
    let scheduling = read_scheduling(shared, caller, id)?.map_err(|()| {
        AppError::bad_request("Failed to get schedule: Failed to get schedule: 'NoneType' object has no attribute 'get'")
    })?;
    let scheduling = scheduling.unwrap_or_else(|| json!({}));
    let next = scheduling.get("nextScheduledAction").cloned().unwrap_or(Value::Null);
    Ok(Reply::json(200, &json!({ "modelId": id, "scheduling": scheduling, "nextScheduledAction": next })).app())
}

pub fn status(shared: &Arc<Shared>, caller: &Caller, id: &str) -> Result<Reply, AppError> {
    let scheduling = read_scheduling(shared, caller, id)?.map_err(|()| AppError::Internal)?.unwrap_or_else(|| json!({}));
    let flag = |k: &str| scheduling.get(k).and_then(Value::as_bool).unwrap_or(false);
    let field = |k: &str| scheduling.get(k).cloned().unwrap_or(Value::Null);
    let schedule_status = if !flag("scheduleConfigured") {
        "DISABLED"
    } else if flag("lastScheduleFailed") {
        "FAILED"
    } else {
        "ACTIVE"
    };
    Ok(Reply::json(
        200,
        &json!({
            "modelId": id,
            "scheduleEnabled": flag("scheduleEnabled"),
            "scheduleConfigured": flag("scheduleConfigured"),
            "lastScheduleFailed": flag("lastScheduleFailed"),
            "scheduleStatus": schedule_status,
            "scheduleType": field("scheduleType"),
            "timezone": scheduling.get("timezone").cloned().unwrap_or(json!("UTC")),
            "nextScheduledAction": field("nextScheduledAction"),
            "lastScheduleUpdate": field("lastScheduleUpdate"),
            "lastScheduleFailure": field("lastScheduleFailure"),
        }),
    )
    .app())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_recurring_schedule_gets_server_fields() {
        let now = (clock::days_from_civil(2026, 11, 29) * 86_400 + 176, 771_085);
        let s = configured(
            "m",
            &json!({"scheduleType": "RECURRING", "timezone": "UTC", "recurringSchedule": {"startTime": "09:00", "stopTime": "17:00"}}),
            now,
        );
        assert_eq!(s["scheduleEnabled"], json!(true));
        assert_eq!(s["scheduleConfigured"], json!(true));
        assert_eq!(s["lastScheduleUpdate"], json!("2026-11-29T00:02:56.771085+00:00"));
        assert_eq!(s["nextScheduledAction"], json!({"action": "START", "scheduledTime": "2026-11-29T09:00:00+00:00"}));
        assert_eq!(s["scheduledActionArns"].as_array().map(Vec::len), Some(2));
        assert!(s["scheduledActionArns"][0].as_str().unwrap().ends_with("autoScalingGroupName/m-asg:scheduledActionName/m-daily-start"));
    }

    #[test]
    fn daily_schedule_skips_unscheduled_days() {
        // 2026-11-29 is a Sunday; the next configured day is Monday.
        let now = (clock::days_from_civil(2026, 11, 29) * 86_400 + 12 * 3600, 0);
        let s = configured(
            "m",
            &json!({"scheduleType": "DAILY", "timezone": "UTC", "dailySchedule": {"monday": {"startTime": "8:00", "stopTime": "18:00"}, "tuesday": null}}),
            now,
        );
        assert_eq!(s["nextScheduledAction"]["scheduledTime"], json!("2026-11-30T08:00:00+00:00"));
        assert_eq!(s["scheduledActionArns"].as_array().map(Vec::len), Some(2));
    }
}

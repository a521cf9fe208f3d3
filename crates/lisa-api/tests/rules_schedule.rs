//! V61 (context window) and V64–V70 (schedule objects), one test per rule.

mod common;

use common::*;
use lisa_api::validate::{self, aws, loc};
use serde_json::{json, Value};

fn schedule(body: Value) -> Result<Value, Vec<validate::Violation>> {
    validate::schedule(&body, &loc(&["body"]))
}

fn recurring(start: &str, stop: &str) -> Value {
    json!({"scheduleType": "RECURRING", "timezone": "UTC", "recurringSchedule": {"startTime": start, "stopTime": stop}})
}

fn daily(days: Value) -> Value {
    json!({"scheduleType": "DAILY", "timezone": "Europe/Berlin", "dailySchedule": days})
}

#[test]
fn v61_context_window() {
    let cw = |v: Value| validate::context_window(&v);
    assert_eq!(cw(json!({"contextWindow": 200000})).ok(), Some(200000));
    assert_eq!(cw(json!({"contextWindow": "8192"})).ok(), Some(8192));
    let one = |v: Value, kind: &str| assert_one(cw(v).map(Value::from), "body.contextWindow", kind);
    assert_eq!(one(json!({}), "missing"), "Field required");
    one(json!({"contextWindow": 0}), "greater_than");
    one(json!({"contextWindow": "8k"}), "int_parsing");
    one(json!({"contextWindow": 1.5}), "int_from_float");
    assert_one(cw(json!([1])).map(Value::from), "body", "model_attributes_type");
}

#[test]
fn v64_schedule_type_discriminator() {
    assert_ok(schedule(recurring("09:00", "17:00")));
    let msg = assert_one(schedule(json!({"timezone": "UTC"})), "body", "union_tag_not_found");
    assert_eq!(msg, "Unable to extract tag using discriminator 'scheduleType'");
    let msg = assert_one(schedule(json!({"scheduleType": "NONE"})), "body", "union_tag_invalid");
    assert_eq!(msg, "Input tag 'NONE' found using 'scheduleType' does not match any of the expected tags: 'DAILY', 'RECURRING'");
    let msg = assert_one(schedule(json!({"scheduleType": null})), "body", "union_tag_invalid");
    assert!(msg.starts_with("Input tag 'None' found"), "{msg}");
    assert_one(schedule(json!("RECURRING")), "body", "model_attributes_type");
}

#[test]
fn v65_timezone() {
    for tz in ["UTC", "America/New_York", "EST5EDT", "US/Eastern"] {
        assert_ok(schedule(with(recurring("09:00", "17:00"), "timezone", json!(tz))));
    }
    assert_eq!(assert_ok(schedule(without(recurring("09:00", "17:00"), "timezone")))["timezone"], "UTC");
    for tz in ["utc", "", "Mars/Olympus"] {
        let msg = assert_one(schedule(with(recurring("09:00", "17:00"), "timezone", json!(tz))), "body.RECURRING.timezone", "value_error");
        assert_eq!(msg, format!("Value error, Invalid timezone: {tz}, timezone must be a valid IANA timezone identifier"));
    }
}

#[test]
fn v66_variant_schedule_required() {
    // The other variant's key is ignored.
    let ok = assert_ok(schedule(with(recurring("09:00", "17:00"), "dailySchedule", json!({"x": 1}))));
    assert!(ok.get("dailySchedule").is_none());
    assert_one(schedule(json!({"scheduleType": "RECURRING"})), "body.RECURRING.recurringSchedule", "missing");
    assert_one(schedule(json!({"scheduleType": "DAILY"})), "body.DAILY.dailySchedule", "missing");
    assert_one(schedule(json!({"scheduleType": "RECURRING", "recurringSchedule": null})), "body.RECURRING.recurringSchedule", "model_attributes_type");
}

#[test]
fn v67_time_pattern() {
    for (start, stop) in [("9:00", "17:00"), ("00:00", "23:59"), ("0:00", "19:59")] {
        assert_ok(schedule(recurring(start, stop)));
    }
    for bad in ["24:00", "009:00", "09:00 ", "9:5", "0", "09:60", "２:00"] {
        let msg = assert_one(schedule(recurring("09:00", bad)), "body.RECURRING.recurringSchedule.stopTime", "string_pattern_mismatch");
        assert_eq!(msg, "String should match pattern '^([01]?[0-9]|2[0-3]):[0-5][0-9]$'");
    }
    let numeric = json!({"scheduleType": "RECURRING", "recurringSchedule": {"startTime": 900, "stopTime": "17:00"}});
    assert_one(schedule(numeric), "body.RECURRING.recurringSchedule.startTime", "string_type");
}

#[test]
fn v68_two_hour_window() {
    for (start, stop) in [("09:00", "11:00"), ("23:00", "01:00"), ("22:00", "00:00")] {
        assert_ok(schedule(recurring(start, stop)));
    }
    for (start, stop) in [("09:00", "10:59"), ("23:00", "00:30"), ("09:00", "09:00")] {
        let msg = assert_one(schedule(recurring(start, stop)), "body.RECURRING.recurringSchedule", "value_error");
        assert_eq!(msg, "Value error, Stop time must be at least 2 hours after start time");
    }
    let day = daily(json!({"wednesday": {"startTime": "09:00", "stopTime": "10:59"}}));
    assert_one(schedule(day), "body.DAILY.dailySchedule.wednesday", "value_error");
}

#[test]
fn v69_daily_needs_a_day() {
    let ok = assert_ok(schedule(daily(json!({"monday": {"startTime": "08:00", "stopTime": "18:00"}, "sunday": null}))));
    assert_eq!(ok["dailySchedule"]["tuesday"], Value::Null, "every day present in the result");
    for days in [json!({}), json!({"monday": null}), json!({"funday": {"startTime": "08:00", "stopTime": "18:00"}})] {
        let msg = assert_one(schedule(daily(days)), "body.DAILY.dailySchedule", "value_error");
        assert_eq!(msg, "Value error, At least one day must have a schedule configured");
    }
    let found = locs(schedule(daily(json!({"monday": {}}))));
    assert_eq!(found, vec![pair("body.DAILY.dailySchedule.monday.startTime", "missing"), pair("body.DAILY.dailySchedule.monday.stopTime", "missing")]);
}

#[test]
fn v70_server_maintained_fields() {
    let full = json!({"scheduleEnabled": "true", "lastScheduleUpdate": null, "scheduledActionArns": ["arn"], "nextScheduledAction": {"action": "STOP", "scheduledTime": "t"}, "lastScheduleFailure": {"timestamp": "t", "error": "e", "retryCount": "2"}});
    let body = full.as_object().into_iter().flatten().fold(recurring("09:00", "17:00"), |b, (k, v)| with(b, k, v.clone()));
    let ok = assert_ok(schedule(body));
    assert_eq!((ok["scheduleEnabled"].clone(), ok["lastScheduleFailure"]["retryCount"].clone()), (json!(true), json!(2)));
    let bad = |k: &str, v: Value| schedule(with(recurring("09:00", "17:00"), k, v));
    assert_one(bad("nextScheduledAction", json!({"action": "GO", "scheduledTime": "t"})), "body.RECURRING.nextScheduledAction.action", "string_pattern_mismatch");
    assert_one(bad("nextScheduledAction", json!({"action": "START"})), "body.RECURRING.nextScheduledAction.scheduledTime", "missing");
    assert_one(bad("nextScheduledAction", json!("2024-01-01")), "body.RECURRING.nextScheduledAction", "model_attributes_type");
    assert_one(bad("scheduleConfigured", json!("maybe")), "body.RECURRING.scheduleConfigured", "bool_parsing");
    assert_one(bad("scheduledActionArns", json!("arn")), "body.RECURRING.scheduledActionArns", "list_type");
    assert_one(bad("lastScheduleFailure", json!({"timestamp": "t", "error": "e", "retryCount": 1.5})), "body.RECURRING.lastScheduleFailure.retryCount", "int_from_float");
    // A retryCount DynamoDB cannot store.
    let raw = r#"{"scheduleType":"RECURRING","recurringSchedule":{"startTime":"09:00","stopTime":"17:00"},"lastScheduleFailure":{"timestamp":"t","error":"e","retryCount":123456789012345678901234567890123456789}}"#;
    let body = assert_ok(validate::parse_body(raw.as_bytes()));
    assert_one(validate::schedule(&body, &loc(&["body"])), "body.RECURRING.lastScheduleFailure.retryCount", aws::INTERNAL_ERROR);
}

#[test]
fn schedule_prefix_inside_create() {
    let prefix = loc(&["body", "autoScalingConfig", "scheduling"]);
    assert_eq!(validate::schedule(&Value::Null, &prefix).ok(), Some(Value::Null));
    assert_one(validate::schedule(&recurring("09:00", "10:00"), &prefix), "body.autoScalingConfig.scheduling.RECURRING.recurringSchedule", "value_error");
    assert_one(schedule(Value::Null), "body", "missing");
}

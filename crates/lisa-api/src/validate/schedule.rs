//! Scheduling objects (V64–V70): the schedule routes' body and `autoScalingConfig.scheduling`.
//!
//! LISA declares them as a discriminated union on `scheduleType`, so every `loc` inside gains
//! the tag (`["body","RECURRING","timezone"]`).

use serde_json::{json, Value};

use super::coerce::{at, bool_field, constrained_str, int_field, kind, str_field, Errors, Kind, ANY_INT};
use super::objects::{nullable, plain_str, Model};
use super::timezones;
use crate::error::LocPart;

pub const TIME_PATTERN: &str = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$";
const TAGS: [&str; 2] = ["DAILY", "RECURRING"];
const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Minutes since midnight when `text` matches [`TIME_PATTERN`] (Rust-regex semantics: `$` is
/// the very end, no trailing newline allowed).
pub fn parse_time(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let hour: u32 = h.parse().ok()?;
    let minute: u32 = m.parse().ok()?;
    // `[01]?[0-9]` allows 0–19 with one or two digits; `2[0-3]` needs two digits.
    let hour_ok = hour <= 19 || (h.len() == 2 && hour <= 23);
    (hour_ok && minute <= 59).then_some(hour * 60 + minute)
}

/// V68: the stop time must be at least two hours after the start (the next day when earlier).
pub fn window_is_long_enough(start: u32, stop: u32) -> bool {
    if start == stop {
        return false;
    }
    let minutes = if stop < start { stop + 24 * 60 - start } else { stop - start };
    minutes >= 120
}

fn time_field(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let s = constrained_str(e, v, loc, true)?;
    if parse_time(s).is_none() {
        let msg = format!("String should match pattern '{TIME_PATTERN}'");
        e.push(loc.to_vec(), "string_pattern_mismatch", msg, v, Some(json!({ "pattern": TIME_PATTERN })));
        return None;
    }
    Some(Value::String(s.to_string()))
}

/// `DaySchedule` (V67, V68).
pub fn day_schedule(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.req(e, "startTime", time_field);
    m.req(e, "stopTime", time_field);
    if m.fields_ok() {
        let start = m.get("startTime").as_str().and_then(parse_time);
        let stop = m.get("stopTime").as_str().and_then(parse_time);
        if let (Some(start), Some(stop)) = (start, stop) {
            if !window_is_long_enough(start, stop) {
                e.value_error(loc.to_vec(), "Stop time must be at least 2 hours after start time", v);
                return None;
            }
        }
    }
    m.finish()
}

/// `WeeklySchedule` (V69): every day optional, at least one set.
fn weekly_schedule(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    for day in DAYS {
        m.opt(e, day, Value::Null, nullable(day_schedule));
    }
    if m.fields_ok() && DAYS.iter().all(|d| m.get(d).is_null()) {
        e.value_error(loc.to_vec(), "At least one day must have a schedule configured", v);
        return None;
    }
    m.finish()
}

fn next_action(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.req(e, "action", |e, v, l| {
        let s = constrained_str(e, v, l, true)?;
        if s != "START" && s != "STOP" {
            let pattern = "^(START|STOP)$";
            let msg = format!("String should match pattern '{pattern}'");
            e.push(l.to_vec(), "string_pattern_mismatch", msg, v, Some(json!({ "pattern": pattern })));
            return None;
        }
        Some(Value::String(s.to_string()))
    });
    m.req(e, "scheduledTime", plain_str);
    m.finish()
}

fn failure(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.req(e, "timestamp", plain_str);
    m.req(e, "error", plain_str);
    m.req(e, "retryCount", |e, v, l| int_field(e, v, l, ANY_INT).map(|i| i.to_value()));
    m.finish()
}

fn timezone(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let tz = str_field(e, v, loc, 0)?;
    if !timezones::is_valid(&tz) {
        let text = format!("Invalid timezone: {tz}, timezone must be a valid IANA timezone identifier");
        e.value_error(loc.to_vec(), &text, v);
        return None;
    }
    Some(Value::String(tz))
}

fn flag(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    bool_field(e, v, loc).map(Value::Bool)
}

/// Python's `str()` of a JSON value, as Pydantic quotes a rejected tag.
fn python_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => python_repr(other),
    }
}

fn python_repr(v: &Value) -> String {
    match kind(v) {
        Kind::Null => "None".into(),
        Kind::Bool(b) => if b { "True" } else { "False" }.into(),
        Kind::Int(_) => super::coerce::display(v).to_string().trim_matches('"').to_string(),
        Kind::Float(f) if f.is_nan() => "nan".into(),
        Kind::Float(f) if f.is_infinite() => if f > 0.0 { "inf" } else { "-inf" }.into(),
        Kind::Float(f) => python_float(f),
        Kind::Str(s) => {
            if s.contains('\'') && !s.contains('"') {
                format!("\"{s}\"")
            } else {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
            }
        }
        Kind::List(items) => format!("[{}]", items.iter().map(python_repr).collect::<Vec<_>>().join(", ")),
        Kind::Dict(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", python_repr(&Value::String(k.clone())), python_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Python's float `repr`: shortest round-trip digits, exponent form outside 1e-4 ≤ |f| < 1e16.
fn python_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-4..1e16).contains(&abs) {
        let text = format!("{f:e}");
        let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        return format!("{mantissa}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    let text = format!("{f}");
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

/// The scheduling union at `loc`; `Some` holds the object as LISA stores it (defaults filled).
pub fn scheduling(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let Kind::Dict(obj) = kind(v) else {
        e.model_type(loc.to_vec(), v);
        return None;
    };
    let Some(tag_value) = obj.get("scheduleType") else {
        let msg = "Unable to extract tag using discriminator 'scheduleType'";
        e.push(loc.to_vec(), "union_tag_not_found", msg, v, Some(json!({"discriminator": "'scheduleType'"})));
        return None;
    };
    let tag = match tag_value.as_str() {
        Some(t) if TAGS.contains(&t) => t,
        _ => {
            let shown = python_str(tag_value);
            let expected = "'DAILY', 'RECURRING'";
            let msg = format!(
                "Input tag '{shown}' found using 'scheduleType' does not match any of the expected tags: {expected}"
            );
            let ctx = json!({"discriminator": "'scheduleType'", "tag": shown, "expected_tags": expected});
            e.push(loc.to_vec(), "union_tag_invalid", msg, v, Some(ctx));
            return None;
        }
    };
    let tagged = at(loc, tag);
    let mut m = Model::open(e, v, &tagged)?;
    m.opt(e, "timezone", Value::String("UTC".into()), timezone);
    m.opt(e, "scheduleEnabled", Value::Bool(false), flag);
    m.opt(e, "lastScheduleUpdate", Value::Null, nullable(plain_str));
    m.opt(e, "scheduledActionArns", Value::Null, nullable(super::coerce::str_list_field));
    m.opt(e, "scheduleConfigured", Value::Bool(false), flag);
    m.opt(e, "lastScheduleFailed", Value::Bool(false), flag);
    m.opt(e, "nextScheduledAction", Value::Null, nullable(next_action));
    m.opt(e, "lastScheduleFailure", Value::Null, nullable(failure));
    // The tag field itself re-validates against its literal, which it already matched.
    m.out.insert("scheduleType".into(), Value::String(tag.into()));
    if tag == "DAILY" {
        m.req(e, "dailySchedule", weekly_schedule);
    } else {
        m.req(e, "recurringSchedule", day_schedule);
    }
    m.finish()
}

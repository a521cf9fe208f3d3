//! The schedule part of both forms: none, one daily window (`RECURRING`) or per-day windows
//! (`DAILY`), with an IANA time zone. On create it is `autoScalingConfig.scheduling`; on edit
//! it goes to the schedule routes.

use serde_json::{json, Map, Value};

use lisa_api::enums::ScheduleType;
use lisa_api::model::{DaySchedule, SchedulingConfig, WeeklySchedule};

/// The key prefix of schedule fields in both forms.
pub const PREFIX: &str = "autoScalingConfig.scheduling";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScheduleMode {
    #[default]
    None,
    /// `DAILY`: a window per weekday (LISA's name).
    Daily,
    /// `RECURRING`: the same window every day.
    Recurring,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: String,
    pub stop: String,
}

impl Default for Window {
    fn default() -> Self {
        Window { start: "09:00".into(), stop: "17:00".into() }
    }
}

impl Window {
    fn from_day(d: &DaySchedule) -> Self {
        Window { start: d.start_time.clone(), stop: d.stop_time.clone() }
    }

    fn to_json(&self) -> Value {
        json!({"startTime": self.start, "stopTime": self.stop})
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayRow {
    pub enabled: bool,
    pub window: Window,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleForm {
    pub mode: ScheduleMode,
    pub timezone: String,
    pub recurring: Window,
    /// Monday first, as [`WeeklySchedule::DAYS`].
    pub days: Vec<DayRow>,
}

impl Default for ScheduleForm {
    /// No schedule; once one is chosen: UTC, 09:00–17:00, weekdays.
    fn default() -> Self {
        let days = (0..7).map(|i| DayRow { enabled: i < 5, window: Window::default() }).collect();
        ScheduleForm { mode: ScheduleMode::None, timezone: "UTC".into(), recurring: Window::default(), days }
    }
}

impl ScheduleForm {
    pub fn from_config(s: Option<&SchedulingConfig>) -> Self {
        let mut form = ScheduleForm::default();
        let Some(s) = s else { return form };
        form.timezone = s.timezone.clone();
        match s.schedule_type {
            Some(ScheduleType::Recurring) => {
                form.mode = ScheduleMode::Recurring;
                if let Some(r) = &s.recurring_schedule {
                    form.recurring = Window::from_day(r);
                }
            }
            Some(ScheduleType::Daily) => {
                form.mode = ScheduleMode::Daily;
                let weekly = s.daily_schedule.clone().unwrap_or_default();
                form.days = weekly
                    .days()
                    .iter()
                    .map(|(_, d)| match d {
                        Some(d) => DayRow { enabled: true, window: Window::from_day(d) },
                        None => DayRow { enabled: false, window: Window::default() },
                    })
                    .collect();
            }
            // An unknown type (a newer LISA) reads as no schedule; the edit form says so.
            _ => {}
        }
        form
    }

    /// Exactly seven day rows (a draft edited by hand may hold another number).
    pub fn normalize(&mut self) {
        self.days.resize(7, DayRow { enabled: false, window: Window::default() });
    }

    /// The day rows, always seven (a draft edited by hand may hold fewer).
    pub fn day(&self, i: usize) -> DayRow {
        self.days.get(i).cloned().unwrap_or_default()
    }

    /// The scheduling object as sent: only `scheduleType`, `timezone` and the matching
    /// schedule (lisa-api.md §4.2). `None` without a schedule.
    pub fn to_json(&self) -> Option<Value> {
        let mut m = Map::new();
        match self.mode {
            ScheduleMode::None => return None,
            ScheduleMode::Recurring => {
                m.insert("scheduleType".into(), json!("RECURRING"));
                m.insert("timezone".into(), json!(self.timezone));
                m.insert("recurringSchedule".into(), self.recurring.to_json());
            }
            ScheduleMode::Daily => {
                m.insert("scheduleType".into(), json!("DAILY"));
                m.insert("timezone".into(), json!(self.timezone));
                let mut days = Map::new();
                for (i, name) in WeeklySchedule::DAYS.iter().enumerate() {
                    let row = self.day(i);
                    if row.enabled {
                        days.insert((*name).to_string(), row.window.to_json());
                    }
                }
                m.insert("dailySchedule".into(), Value::Object(days));
            }
        }
        Some(Value::Object(m))
    }

    /// Every key this part can show a complaint at (with [`PREFIX`]).
    pub fn keys(&self, out: &mut Vec<String>) {
        let k = |s: &str| format!("{PREFIX}{s}");
        out.push(k(""));
        if self.mode == ScheduleMode::None {
            return;
        }
        out.push(k(".timezone"));
        match self.mode {
            ScheduleMode::Recurring => {
                for s in ["", ".startTime", ".stopTime"] {
                    out.push(k(&format!(".recurringSchedule{s}")));
                }
            }
            _ => {
                out.push(k(".dailySchedule"));
                for (i, day) in WeeklySchedule::DAYS.iter().enumerate() {
                    if self.day(i).enabled {
                        for s in ["", ".startTime", ".stopTime"] {
                            out.push(k(&format!(".dailySchedule.{day}{s}")));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_matching_schedule_is_sent() {
        let mut f = ScheduleForm::default();
        assert_eq!(f.to_json(), None);
        f.mode = ScheduleMode::Recurring;
        assert_eq!(
            f.to_json(),
            Some(json!({"scheduleType": "RECURRING", "timezone": "UTC", "recurringSchedule": {"startTime": "09:00", "stopTime": "17:00"}}))
        );
        f.mode = ScheduleMode::Daily;
        let daily = f.to_json().unwrap_or_default();
        assert_eq!(daily["dailySchedule"].as_object().map(|m| m.len()), Some(5));
        assert!(daily.get("recurringSchedule").is_none());
    }

    #[test]
    fn round_trips_through_the_stored_config() {
        let mut f = ScheduleForm { mode: ScheduleMode::Daily, timezone: "Europe/Berlin".into(), ..Default::default() };
        f.days[1].enabled = false;
        f.days[6] = DayRow { enabled: true, window: Window { start: "23:00".into(), stop: "01:00".into() } };
        let stored: SchedulingConfig = serde_json::from_value(f.to_json().unwrap_or_default()).expect("config");
        assert_eq!(ScheduleForm::from_config(Some(&stored)), f);
    }
}

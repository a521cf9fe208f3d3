//! The schedule editor (both forms): none, the same hours every day (`RECURRING`) or hours per
//! weekday (`DAILY`), in an IANA time zone chosen with type-ahead.

use leptos::prelude::*;
use lisa_contract::model::WeeklySchedule;
use lisa_contract::model_form::schedule::{DayRow, ScheduleForm, ScheduleMode, Window, PREFIX};
use lisa_contract::validate::timezones;

use crate::pages::forms::lens::Lens;
use crate::pages::forms::ui::{messages, section_messages, use_form_ui, CheckField, TextField};
use crate::{cell, part};

const DAY_LABELS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

pub fn schedule_editor(schedule: Lens<ScheduleForm>, note: &'static str) -> impl IntoView {
    let ui = use_form_ui();
    let mode = part!(schedule, mode);
    let radio = move |value: ScheduleMode, label: &'static str, id: &'static str| {
        view! {
            <label class="radio" for=id>
                <input
                    type="radio"
                    id=id
                    name="schedule-mode"
                    prop:checked=move || mode.get() == value
                    on:change=move |_| {
                        mode.set(value);
                        ui.touch(PREFIX);
                        ui.changed(PREFIX);
                    }
                />
                {label}
            </label>
        }
    };
    let days: Lens<Vec<DayRow>> = part!(schedule, days);
    let recurring: Lens<Window> = part!(schedule, recurring);
    // A memo, so the inputs below are rebuilt only when the type changes, not on every keystroke.
    let chosen = Memo::new(move |_| mode.get());
    let recurring_part = view! {
        <div hidden=move || chosen.get() != ScheduleMode::Recurring>
            <div class="row-line">
                <TextField key=format!("{PREFIX}.recurringSchedule.startTime") label="Start (HH:MM)" value=part!(recurring, start) />
                <TextField key=format!("{PREFIX}.recurringSchedule.stopTime") label="Stop (HH:MM)" value=part!(recurring, stop) />
            </div>
            {messages(format!("{PREFIX}.recurringSchedule"))}
        </div>
    };
    let daily_part = view! {
        <div hidden=move || chosen.get() != ScheduleMode::Daily>
            {messages(format!("{PREFIX}.dailySchedule"))}
            <div class="days">
                {WeeklySchedule::DAYS.iter().enumerate().map(|(i, day)| day_row(days, i, day, DAY_LABELS[i])).collect_view()}
            </div>
        </div>
    };
    view! {
        <section class="card form-section" aria-labelledby="schedule-heading" id="section-schedule">
            <h2 id="schedule-heading">"Schedule"</h2>
            <p class="hint">
                "Start and stop the model's instances on a timetable. Windows must be at least 2 hours; a stop "
                "time earlier than the start means the next day."
            </p>
            {(!note.is_empty()).then_some(view! { <p class="hint">{note}</p> })}
            {section_messages(PREFIX)}
            <div class="radios" role="radiogroup" aria-label="Schedule type">
                {radio(ScheduleMode::None, "No schedule", "schedule-none")}
                {radio(ScheduleMode::Recurring, "Same hours every day", "schedule-recurring")}
                {radio(ScheduleMode::Daily, "Hours per weekday", "schedule-daily")}
            </div>
            <div hidden=move || chosen.get() == ScheduleMode::None>
                <TextField
                    key=format!("{PREFIX}.timezone")
                    label="Time zone"
                    hint="An IANA name, case-sensitive (UTC, Europe/Berlin, America/New_York). Type to search."
                    value=part!(schedule, timezone)
                    list="timezones"
                />
                <datalist id="timezones">{timezones::all().map(|tz| view! { <option value=tz></option> }).collect_view()}</datalist>
            </div>
            {recurring_part}
            {daily_part}
        </section>
    }
}

fn day_row(days: Lens<Vec<DayRow>>, i: usize, day: &'static str, label: &'static str) -> impl IntoView {
    let enabled = cell!(days, i, enabled);
    let start = cell!(days, i, window.start);
    let stop = cell!(days, i, window.stop);
    let times = view! {
        <div class="day-times" hidden=move || !enabled.get()>
            <TextField key=format!("{PREFIX}.dailySchedule.{day}.startTime") label=format!("{label} start") value=start />
            <TextField key=format!("{PREFIX}.dailySchedule.{day}.stopTime") label=format!("{label} stop") value=stop />
        </div>
    };
    view! {
        <div class="day-row">
            <CheckField key=format!("{PREFIX}.dailySchedule.{day}.on") label=label value=enabled />
            {times}
            {messages(format!("{PREFIX}.dailySchedule.{day}"))}
        </div>
    }
}

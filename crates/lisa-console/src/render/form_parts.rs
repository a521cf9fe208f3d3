//! The forms' fields as HTML text, built here so that the browser needs one `innerHTML` and one
//! delegated listener instead of compiled view code per field (lisa-admin's bundle budget).
//!
//! Conventions the app relies on:
//! * every input carries `data-key` (its form key) and the id [`element_id`]`(key)`; radios
//!   share a `data-key` and carry their `value`;
//! * every key that can hold complaints has an empty `<div id="<id>-msg">` next to it;
//!   whole-section keys sit in a `div.section-messages` with the key's id;
//! * buttons carry `data-action` (and `data-index` for a row);
//! * parts whose visibility depends on the state have an id listed by the form's
//!   `visibility()`, and are rendered with `hidden` accordingly;
//! * lists that change length live in a container the form can render again on its own.

use crate::model_form::rows::{CommandForm, CommandMode};
use crate::model_form::schedule::{ScheduleForm, ScheduleMode, PREFIX};
use crate::model_form::{element_id, Problem};
use lisa_api::model::WeeklySchedule;
use lisa_api::validate::timezones;

pub const NUM: u8 = 1;
pub const REQUIRED: u8 = 2;
pub const SECRET: u8 = 4;

pub use super::form_rows::{env_editor, env_rows, extras, feature_rows, guardrail_rows, removed_env};

/// Text for HTML content and attribute values (the one escape the catalogue's rows use too).
pub use super::escape as esc;

fn hidden(shown: bool) -> &'static str {
    if shown {
        ""
    } else {
        " hidden"
    }
}

fn messages_slot(out: &mut String, id: &str) {
    out.push_str(&format!(r#"<div class="field-messages" id="{id}-msg" aria-live="polite"></div>"#));
}

fn label_and_hint(out: &mut String, id: &str, label: &str, hint: &str, required: bool) -> String {
    let star = if required { r#"<span class="required" aria-hidden="true"> *</span>"# } else { "" };
    out.push_str(&format!(r#"<label for="{id}">{}{star}</label>"#, esc(label)));
    if hint.is_empty() {
        format!("{id}-msg")
    } else {
        out.push_str(&format!(r#"<p class="hint" id="{id}-hint">{}</p>"#, esc(hint)));
        format!("{id}-hint {id}-msg")
    }
}

/// A one-line text input. Numbers are text inputs too, so nothing typed is reformatted or lost.
pub fn text(out: &mut String, key: &str, label: &str, hint: &str, flags: u8, list: &str, value: &str) {
    let id = element_id(key);
    out.push_str(r#"<div class="field">"#);
    let described = label_and_hint(out, &id, label, hint, flags & REQUIRED != 0);
    let kind = if flags & SECRET != 0 { "password" } else { "text" };
    let mode = if flags & NUM != 0 { r#" inputmode="numeric""# } else { "" };
    let list = if list.is_empty() { String::new() } else { format!(r#" list="{list}""#) };
    let req = if flags & REQUIRED != 0 { r#" aria-required="true""# } else { "" };
    out.push_str(&format!(
        r#"<input id="{id}" data-key="{}" type="{kind}"{mode}{list}{req} autocomplete="off" spellcheck="false" aria-describedby="{described}" value="{}">"#,
        esc(key),
        esc(value)
    ));
    messages_slot(out, &id);
    out.push_str("</div>");
}

pub fn textarea(out: &mut String, key: &str, label: &str, value: &str) {
    let id = element_id(key);
    out.push_str(r#"<div class="field">"#);
    let described = label_and_hint(out, &id, label, "", false);
    out.push_str(&format!(
        r#"<textarea id="{id}" data-key="{}" rows="3" spellcheck="false" aria-describedby="{described}">{}</textarea>"#,
        esc(key),
        esc(value)
    ));
    messages_slot(out, &id);
    out.push_str("</div>");
}

pub fn select(out: &mut String, key: &str, label: &str, options: &[(&str, &str)], value: &str) {
    let id = element_id(key);
    out.push_str(r#"<div class="field">"#);
    let described = label_and_hint(out, &id, label, "", false);
    out.push_str(&format!(r#"<select id="{id}" data-key="{}" aria-describedby="{described}">"#, esc(key)));
    for (v, l) in options {
        let selected = if *v == value { " selected" } else { "" };
        out.push_str(&format!(r#"<option value="{}"{selected}>{}</option>"#, esc(v), esc(l)));
    }
    out.push_str("</select>");
    messages_slot(out, &id);
    out.push_str("</div>");
}

pub fn checkbox(out: &mut String, key: &str, label: &str, hint: &str, checked: bool) {
    let id = element_id(key);
    let on = if checked { " checked" } else { "" };
    let described = if hint.is_empty() { format!("{id}-msg") } else { format!("{id}-hint {id}-msg") };
    out.push_str(&format!(
        r#"<div class="field check"><input type="checkbox" id="{id}" data-key="{}" aria-describedby="{described}"{on}><label for="{id}">{}</label>"#,
        esc(key),
        esc(label)
    ));
    if !hint.is_empty() {
        out.push_str(&format!(r#"<p class="hint" id="{id}-hint">{}</p>"#, esc(hint)));
    }
    messages_slot(out, &id);
    out.push_str("</div>");
}

/// Radios sharing `key`; each option is `(value, label, element id)`.
pub fn radios(out: &mut String, key: &str, aria_label: &str, options: &[(&str, &str, &str)], value: &str) {
    out.push_str(&format!(r#"<div class="radios" role="radiogroup" aria-label="{}">"#, esc(aria_label)));
    for (v, l, id) in options {
        let on = if *v == value { " checked" } else { "" };
        out.push_str(&format!(
            r#"<label class="radio" for="{id}"><input type="radio" id="{id}" name="{}" data-key="{}" value="{}"{on}>{}</label>"#,
            esc(key),
            esc(key),
            esc(v),
            esc(l)
        ));
    }
    out.push_str("</div>");
}

/// The complaints about a whole section (or any key without an input of its own); focusable so
/// that a submit can move there.
pub fn section_messages(out: &mut String, key: &str) {
    let id = element_id(key);
    out.push_str(&format!(r#"<div class="section-messages" id="{id}" tabindex="-1">"#));
    messages_slot(out, &id);
    out.push_str("</div>");
}

/// A bare message slot for a key without an input (a schedule window, a day).
pub fn messages(out: &mut String, key: &str) {
    messages_slot(out, &element_id(key));
}

/// A card section; close it with [`card_end`].
pub fn card(out: &mut String, id: &str, title: &str, section: &str, hint: &str) {
    out.push_str(&format!(r#"<section class="card form-section" id="{id}" aria-labelledby="{id}-heading"><h2 id="{id}-heading">{}</h2>"#, esc(title)));
    if !hint.is_empty() {
        out.push_str(&format!(r#"<p class="hint">{}</p>"#, esc(hint)));
    }
    if !section.is_empty() {
        section_messages(out, section);
    }
}

pub fn card_end(out: &mut String) {
    out.push_str("</section>");
}

/// A paragraph shown only while `shown` (its id is in the form's `visibility()`).
pub fn note(out: &mut String, id: &str, text: &str, shown: bool) {
    out.push_str(&format!(r#"<p class="hint" id="{id}"{}>{}</p>"#, hidden(shown), esc(text)));
}

/// A wrapper shown only while `shown`; close it with `</div>`.
pub fn part(out: &mut String, id: &str, shown: bool) {
    out.push_str(&format!(r#"<div id="{id}"{}>"#, hidden(shown)));
}

/// The complaints of one key, as the message slot's content.
pub fn problems_html(problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        let class = if p.advisory { "field-error advisory" } else { "field-error" };
        out.push_str(&format!(r#"<p class="{class}">{}</p>"#, esc(&p.display())));
    }
    out
}

pub(crate) fn remove_button(out: &mut String, action: &str, i: usize, what: &str) {
    out.push_str(&format!(
        r#"<button type="button" class="button small subtle remove" data-action="{action}" data-index="{i}" aria-label="Remove {what} {}">Remove</button>"#,
        i + 1
    ));
}

pub(crate) fn add_button(out: &mut String, action: &str, id: &str, label: &str) {
    out.push_str(&format!(r#"<button type="button" class="button small" id="{id}" data-action="{action}">{label}</button>"#));
}

/// The element ids of the command editor's two hints.
pub fn command_hint_ids(key: &str) -> (String, String) {
    let id = element_id(key);
    (format!("{id}-array-hint"), format!("{id}-string-hint"))
}

/// The health-check command: exec array (one item per line) or shell string. The mode is the
/// radio group `<key>.mode`.
pub fn command_editor(out: &mut String, key: &str, command: &CommandForm) {
    let mode_key = format!("{key}.mode");
    let id = element_id(key);
    let array = command.mode == CommandMode::Array;
    out.push_str(r#"<fieldset class="command"><legend>Health-check command</legend>"#);
    let (a, s) = (format!("{id}-array"), format!("{id}-string"));
    radios(out, &mode_key, "Command form", &[("array", "Exec array", &a), ("string", "Shell string", &s)], if array { "array" } else { "string" });
    let (array_hint, string_hint) = command_hint_ids(key);
    note(out, &array_hint, "One item per line: CMD or CMD-SHELL first, then the command (LISA's default: CMD-SHELL, exit 0).", array);
    note(out, &string_hint, "One shell command; ECS runs it with CMD-SHELL.", !array);
    textarea(out, key, "Command", &command.text);
    out.push_str("</fieldset>");
}

const DAY_LABELS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// The schedule card (both forms).
pub fn schedule_editor(out: &mut String, s: &ScheduleForm, note_text: &str) {
    card(
        out,
        "section-schedule",
        "Schedule",
        "",
        "Start and stop the model's instances on a timetable. Windows must be at least 2 hours; a stop time earlier than the start means the next day.",
    );
    if !note_text.is_empty() {
        note(out, "schedule-note", note_text, true);
    }
    section_messages(out, PREFIX);
    let mode = match s.mode {
        ScheduleMode::None => "none",
        ScheduleMode::Daily => "daily",
        ScheduleMode::Recurring => "recurring",
    };
    radios(
        out,
        &format!("{PREFIX}.mode"),
        "Schedule type",
        &[
            ("none", "No schedule", "schedule-none"),
            ("recurring", "Same hours every day", "schedule-recurring"),
            ("daily", "Hours per weekday", "schedule-daily"),
        ],
        mode,
    );
    part(out, "schedule-timezone", s.mode != ScheduleMode::None);
    text(
        out,
        &format!("{PREFIX}.timezone"),
        "Time zone",
        "An IANA name, case-sensitive (UTC, Europe/Berlin, America/New_York). Type to search.",
        0,
        "timezones",
        &s.timezone,
    );
    out.push_str(r#"<datalist id="timezones">"#);
    for tz in timezones::all() {
        out.push_str(&format!(r#"<option value="{tz}"></option>"#));
    }
    out.push_str("</datalist></div>");
    part(out, "schedule-recurring-part", s.mode == ScheduleMode::Recurring);
    out.push_str(r#"<div class="row-line">"#);
    text(out, &format!("{PREFIX}.recurringSchedule.startTime"), "Start (HH:MM)", "", 0, "", &s.recurring.start);
    text(out, &format!("{PREFIX}.recurringSchedule.stopTime"), "Stop (HH:MM)", "", 0, "", &s.recurring.stop);
    out.push_str("</div>");
    messages(out, &format!("{PREFIX}.recurringSchedule"));
    out.push_str("</div>");
    part(out, "schedule-daily-part", s.mode == ScheduleMode::Daily);
    messages(out, &format!("{PREFIX}.dailySchedule"));
    out.push_str(r#"<div class="days">"#);
    for (i, day) in WeeklySchedule::DAYS.iter().enumerate() {
        let row = s.day(i);
        let label = DAY_LABELS[i];
        out.push_str(r#"<div class="day-row">"#);
        checkbox(out, &format!("{PREFIX}.dailySchedule.{day}.on"), label, "", row.enabled);
        part(out, &format!("day-{day}-times"), row.enabled);
        text(out, &format!("{PREFIX}.dailySchedule.{day}.startTime"), &format!("{label} start"), "", 0, "", &row.window.start);
        text(out, &format!("{PREFIX}.dailySchedule.{day}.stopTime"), &format!("{label} stop"), "", 0, "", &row.window.stop);
        out.push_str("</div>");
        messages(out, &format!("{PREFIX}.dailySchedule.{day}"));
        out.push_str("</div>");
    }
    out.push_str("</div></div>");
    card_end(out);
}

/// Visibility of the schedule editor's parts.
pub fn schedule_visibility(s: &ScheduleForm, out: &mut Vec<(String, bool)>) {
    out.push(("schedule-timezone".into(), s.mode != ScheduleMode::None));
    out.push(("schedule-recurring-part".into(), s.mode == ScheduleMode::Recurring));
    out.push(("schedule-daily-part".into(), s.mode == ScheduleMode::Daily));
    for (i, day) in WeeklySchedule::DAYS.iter().enumerate() {
        out.push((format!("day-{day}-times"), s.day(i).enabled));
    }
}

pub fn command_visibility(key: &str, c: &CommandForm, out: &mut Vec<(String, bool)>) {
    let (array, string) = command_hint_ids(key);
    out.push((array, c.mode == CommandMode::Array));
    out.push((string, c.mode == CommandMode::String));
}

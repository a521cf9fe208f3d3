//! The import plan as HTML text: one `innerHTML` for up to thousands of rows, one delegated
//! listener (see `crate::render` for why pages do this). Every value from the file goes through
//! [`escape`]: an import file is untrusted.
//!
//! Conventions the page relies on: controls carry `data-row` (the definition's position) and
//! `data-field` (`newId`, `apiKey`, `env` with `data-env` = the variable's position in
//! `env_omitted`, `leaveBlank`) or `data-action` (`open-form`).

use std::collections::BTreeMap;

use super::apply::Outcome;
use super::plan::{Choice, Row, Secrets, Status};
use super::{short_json, Definition};
use crate::lifecycle::hosting_from;
use crate::render::escape;
use lisa_api::enums::HostingType;
use serde_json::Value;

/// Where a row is in a run: not part of it, waiting or in flight, or answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress<'a> {
    Idle,
    Sending,
    Done(&'a Outcome),
}

fn code_list(items: &[String]) -> String {
    items.iter().map(|k| format!("<code>{}</code>", escape(k))).collect::<Vec<_>>().join(", ")
}

fn model_cell(row: &Row) -> String {
    let b = &row.body;
    let name = b.get("modelName").map(|v| short_json(v, 80)).unwrap_or_default();
    let kind = b.get("modelType").map(|v| short_json(v, 20)).unwrap_or_default();
    let hosting_type = b.get("hostingType").and_then(Value::as_str).map(HostingType::parse);
    let hosting = hosting_from(super::is_hosted(b), hosting_type.as_ref()).label();
    let id = if row.id.is_empty() { "(no id)".to_string() } else { short_json(&Value::String(row.id.clone()), 120) };
    format!(
        r#"<td class="plan-model"><code class="model-id">{}</code><span class="plan-facts">{} · {} · {hosting}</span></td>"#,
        escape(&id),
        escape(&name),
        escape(&kind)
    )
}

fn rename_input(out: &mut String, i: usize, c: &Choice, disabled: &str) {
    out.push_str(&format!(
        r#"<div class="plan-input"><label for="plan-newid-{i}">Create it under another id</label><input type="text" id="plan-newid-{i}" data-row="{i}" data-field="newId" value="{}" autocomplete="off" spellcheck="false"{disabled}></div>"#,
        escape(&c.new_id)
    ));
}

fn secret_inputs(out: &mut String, i: usize, d: &Definition, c: &Choice, s: &Secrets, disabled: &str) {
    out.push_str(r#"<div class="plan-inputs">"#);
    if d.needs_api_key {
        let entered = if s.api_key.is_empty() { "" } else { " placeholder=\"(entered: type to replace)\"" };
        out.push_str(&format!(
            r#"<div class="plan-input"><label for="plan-key-{i}">API key (LISA never returns it, so it is not in the file)</label><input type="password" id="plan-key-{i}" data-row="{i}" data-field="apiKey" autocomplete="off"{entered}{disabled}></div>"#
        ));
    }
    for (n, k) in d.env_omitted.iter().enumerate() {
        let value = s.env.get(k).map(String::as_str).unwrap_or("");
        out.push_str(&format!(
            r#"<div class="plan-input"><label for="plan-env-{i}-{n}">Value of <code>{}</code> (left out of the export)</label><input type="text" id="plan-env-{i}-{n}" data-row="{i}" data-field="env" data-env="{n}" value="{}" autocomplete="off" spellcheck="false"{disabled}></div>"#,
            escape(k),
            escape(value)
        ));
    }
    let checked = if c.leave_blank { " checked" } else { "" };
    out.push_str(&format!(
        r#"<div class="plan-check"><input type="checkbox" id="plan-blank-{i}" data-row="{i}" data-field="leaveBlank"{checked}{disabled}><label for="plan-blank-{i}">Create it without what is left blank</label></div></div>"#
    ));
}

fn status_cell(out: &mut String, i: usize, row: &Row, d: &Definition, c: &Choice, s: &Secrets, disabled: &str) {
    let st = &row.status;
    out.push_str(&format!(r#"<td class="plan-status"><span class="plan-badge plan-{}">{}</span>"#, st.key(), st.label()));
    match st {
        Status::Create => {
            out.push_str("<p>Will be created.</p>");
            if let Some(n) = row.context_window {
                out.push_str(&format!("<p>Then its context window is set to {n}, as exported.</p>"));
            }
        }
        Status::Exists { unreadable: true, .. } => {
            out.push_str("<p>Skipped: LISA has a model with this id (its record could not be read to compare).</p>")
        }
        Status::Exists { changes, .. } if changes.is_empty() => {
            out.push_str("<p>Skipped: LISA has this model with the same settings.</p>")
        }
        Status::Exists { changes, total, .. } => {
            out.push_str(&format!(
                r#"<p>Skipped: LISA's model with this id has other settings ({total} field{}).</p><table class="plan-diff"><caption class="visually-hidden">Differences of definition {}</caption><thead><tr><th scope="col">Field</th><th scope="col">This file</th><th scope="col">LISA</th></tr></thead><tbody>"#,
                if *total == 1 { "" } else { "s" },
                i + 1
            ));
            let cell = |v: &Option<String>| v.as_deref().map_or_else(|| r#"<span class="muted">(none)</span>"#.to_string(), escape);
            for ch in changes {
                out.push_str(&format!("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>", escape(&ch.path), cell(&ch.file), cell(&ch.lisa)));
            }
            out.push_str("</tbody></table>");
        }
        Status::Invalid(errors) => {
            out.push_str(r#"<ul class="plan-problems">"#);
            for (key, problems) in &errors.fields {
                for p in problems {
                    out.push_str(&format!("<li><code>{}</code> {}</li>", escape(key), escape(&p.display())));
                }
            }
            for p in &errors.unplaced {
                out.push_str(&format!("<li>{}</li>", escape(&p.display())));
            }
            out.push_str("</ul>");
        }
        Status::NeedsInput { .. } => out.push_str("<p>Type what is missing, or create it without.</p>"),
    }
    if matches!(st, Status::Exists { .. }) {
        rename_input(out, i, c, disabled);
    }
    if matches!(st, Status::Create | Status::NeedsInput { .. }) && (d.needs_api_key || !d.env_omitted.is_empty()) {
        secret_inputs(out, i, d, c, s, disabled);
    }
    if !d.ignored.is_empty() {
        out.push_str(&format!(r#"<p class="plan-note">LISA ignores these keys, so they are not sent: {}</p>"#, code_list(&d.ignored)));
    }
    if !d.maintained.is_empty() {
        out.push_str(&format!(
            r#"<p class="plan-note">LISA maintains these schedule fields itself, so they are not sent: {}</p>"#,
            code_list(&d.maintained)
        ));
    }
    if c.from_form {
        out.push_str(r#"<p class="plan-note">Edited in the create form.</p>"#);
    }
    out.push_str("</td>");
}

fn outcome_cell(out: &mut String, progress: Progress) {
    out.push_str(r#"<td class="plan-outcome">"#);
    match progress {
        Progress::Idle => {}
        Progress::Sending => out.push_str(r#"<span class="outcome-badge outcome-sending">Sending…</span>"#),
        Progress::Done(o) => {
            out.push_str(&format!(r#"<span class="outcome-badge outcome-{}">{}</span>"#, o.key(), o.label()));
            let detail = o.detail();
            if !detail.is_empty() {
                out.push_str(&format!("<p>{}</p>", escape(&detail)));
            }
        }
    }
    out.push_str("</td>");
}

/// One definition's table row.
#[allow(clippy::too_many_arguments)]
pub fn row_html(i: usize, row: &Row, d: &Definition, c: &Choice, s: &Secrets, progress: Progress, busy: bool) -> String {
    let disabled = if busy { " disabled" } else { "" };
    let mut out = format!(r#"<tr class="plan-row" id="plan-row-{i}"><td class="num">{}</td>"#, i + 1);
    out.push_str(&model_cell(row));
    status_cell(&mut out, i, row, d, c, s, disabled);
    outcome_cell(&mut out, progress);
    out.push_str(&format!(
        r#"<td class="plan-actions"><button type="button" class="button small" data-action="open-form" data-row="{i}" aria-label="Open in the create form: definition {}"{disabled}>Open in the create form</button></td></tr>"#,
        i + 1
    ));
    out
}

/// The table of the rows at `shown` (positions in `rows`): a page of the plan, so that a file of
/// thousands of definitions is laid out a hundred rows at a time.
#[allow(clippy::too_many_arguments)]
pub fn table(
    rows: &[Row],
    shown: &[usize],
    definitions: &[Definition],
    choices: &[Choice],
    secrets: &[Secrets],
    outcomes: &BTreeMap<usize, Outcome>,
    sending: &[usize],
    busy: bool,
) -> String {
    let mut out = String::with_capacity(shown.len() * 600 + 400);
    out.push_str(
        r#"<table class="plan-table" id="plan-table"><caption class="visually-hidden">The import plan, one row per definition of the file</caption><thead><tr><th scope="col">#</th><th scope="col">Model</th><th scope="col">Plan</th><th scope="col">Outcome</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>"#,
    );
    let (none_c, none_s) = (Choice::default(), Secrets::default());
    for &i in shown {
        let (Some(row), Some(d)) = (rows.get(i), definitions.get(i)) else { continue };
        let progress = match outcomes.get(&i) {
            _ if sending.contains(&i) => Progress::Sending,
            Some(o) => Progress::Done(o),
            None => Progress::Idle,
        };
        out.push_str(&row_html(i, row, d, choices.get(i).unwrap_or(&none_c), secrets.get(i).unwrap_or(&none_s), progress, busy));
    }
    out.push_str("</tbody></table>");
    out
}

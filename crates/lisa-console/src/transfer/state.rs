//! The import as stored in sessionStorage (so a reload keeps the plan and the outcomes), and the
//! report (JSON and CSV).
//!
//! Written by hand, not derived (serde's derived code weighs on the bundle, see
//! `model_form::codec`); read forgivingly, since storage is untrusted. API keys are never
//! stored: a definition that carried one needs it typed again after a reload.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::apply::Outcome;
use super::plan::{Choice, Options, Row, Status};
use super::{Definition, ExportInfo};
use crate::metrics_view::csv::{document, Cell};

/// The plan (definitions, choices, options): written when it changes.
pub const STORAGE_KEY: &str = "lisa-admin.import";
/// The outcomes: written after every answer, so kept apart from a plan of megabytes.
pub const OUTCOMES_KEY: &str = "lisa-admin.import.outcomes";
const STATE_VERSION: u64 = 1;

/// Everything the import page must get back after a reload.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportState {
    /// The file's name, or "pasted text".
    pub source: String,
    pub definitions: Vec<Definition>,
    pub choices: Vec<Choice>,
    pub options: Options,
    pub outcomes: BTreeMap<usize, Outcome>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect()).unwrap_or_default()
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or("").to_string()
}

fn flag(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool).unwrap_or(false)
}

fn encode_definition(d: &Definition) -> Value {
    let mut body = d.body.clone();
    let had_key = body.as_object_mut().and_then(|m| m.remove("apiKey")).is_some_and(|k| k.as_str().is_some_and(|k| !k.is_empty()));
    json!({
        "body": body,
        "ignored": d.ignored,
        "maintained": d.maintained,
        "info": d.info.as_ref().map(|i| json!({"status": i.status, "contextWindow": i.context_window})),
        "envOmitted": d.env_omitted,
        "needsApiKey": d.needs_api_key || had_key,
        "problem": d.problem,
    })
}

fn decode_definition(v: &Value) -> Definition {
    Definition {
        body: v.get("body").cloned().unwrap_or(Value::Null),
        ignored: strings(v.get("ignored")),
        maintained: strings(v.get("maintained")),
        info: v.get("info").filter(|i| i.is_object()).map(|i| ExportInfo {
            status: i.get("status").and_then(Value::as_str).map(String::from),
            context_window: i.get("contextWindow").and_then(Value::as_i64),
        }),
        env_omitted: strings(v.get("envOmitted")),
        needs_api_key: flag(v.get("needsApiKey")),
        problem: v.get("problem").and_then(Value::as_str).map(String::from),
    }
}

fn encode_outcome(o: &Outcome) -> Value {
    let mut m = Map::new();
    m.insert("outcome".into(), json!(o.key()));
    match o {
        Outcome::Failed(t) | Outcome::Unknown(t) => {
            m.insert("text".into(), json!(t));
        }
        Outcome::Created { context_window: Some(Ok(n)) } => {
            m.insert("contextWindow".into(), json!(n));
        }
        Outcome::Created { context_window: Some(Err(e)) } => {
            m.insert("contextWindowError".into(), json!(e));
        }
        _ => {}
    }
    Value::Object(m)
}

fn decode_outcome(v: &Value) -> Option<Outcome> {
    let t = text(v.get("text"));
    Some(match v.get("outcome")?.as_str()? {
        "created" => Outcome::Created {
            context_window: match (v.get("contextWindow").and_then(Value::as_i64), v.get("contextWindowError").and_then(Value::as_str)) {
                (Some(n), _) => Some(Ok(n)),
                (None, Some(e)) => Some(Err(e.to_string())),
                _ => None,
            },
        },
        "exists" => Outcome::Exists,
        "failed" => Outcome::Failed(t),
        "unknown" => Outcome::Unknown(t),
        "not-sent" => Outcome::NotSent,
        _ => return None,
    })
}

/// The outcomes as stored under [`OUTCOMES_KEY`].
pub fn encode_outcomes(outcomes: &BTreeMap<usize, Outcome>) -> String {
    let map: Map<String, Value> = outcomes.iter().map(|(i, o)| (i.to_string(), encode_outcome(o))).collect();
    Value::Object(map).to_string()
}

/// Stored outcomes for a plan of `len` definitions (anything unreadable is dropped).
pub fn decode_outcomes(text: &str, len: usize) -> BTreeMap<usize, Outcome> {
    let Ok(Value::Object(o)) = serde_json::from_str::<Value>(text) else { return BTreeMap::new() };
    o.iter().filter_map(|(k, v)| Some((k.parse::<usize>().ok().filter(|i| *i < len)?, decode_outcome(v)?))).collect()
}

impl ImportState {
    /// The plan as stored under [`STORAGE_KEY`] (the outcomes go under [`OUTCOMES_KEY`]).
    pub fn encode(&self) -> String {
        json!({
            "version": STATE_VERSION,
            "source": self.source,
            "options": {"prefix": self.options.prefix, "suffix": self.options.suffix},
            "definitions": self.definitions.iter().map(encode_definition).collect::<Vec<_>>(),
            "choices": self.choices.iter().map(|c| json!({"newId": c.new_id, "leaveBlank": c.leave_blank, "fromForm": c.from_form})).collect::<Vec<_>>(),
        })
        .to_string()
    }

    /// `None`: not a stored import of this version (set aside by the caller). `outcomes`: the
    /// text under [`OUTCOMES_KEY`], if any.
    pub fn decode(text_in: &str, outcomes: Option<&str>) -> Option<ImportState> {
        let v: Value = serde_json::from_str(text_in).ok()?;
        if v.get("version")?.as_u64()? != STATE_VERSION {
            return None;
        }
        let definitions: Vec<Definition> = v.get("definitions")?.as_array()?.iter().map(decode_definition).collect();
        let mut choices: Vec<Choice> = v
            .get("choices")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|c| Choice { new_id: text(c.get("newId")), leave_blank: flag(c.get("leaveBlank")), from_form: flag(c.get("fromForm")) })
                    .collect()
            })
            .unwrap_or_default();
        choices.resize(definitions.len(), Choice::default());
        let outcomes = outcomes.map(|t| decode_outcomes(t, definitions.len())).unwrap_or_default();
        let options = Options { prefix: text(v.pointer("/options/prefix")), suffix: text(v.pointer("/options/suffix")) };
        Some(ImportState { source: text(v.get("source")), definitions, choices, options, outcomes })
    }
}

/// What the plan says about a row, in one line (the report's "plan detail").
pub fn plan_detail(row: &Row) -> String {
    match &row.status {
        Status::Create => row.context_window.map(|n| format!("Then set the context window to {n}.")).unwrap_or_default(),
        Status::Exists { unreadable: true, .. } => "LISA's record could not be read to compare.".into(),
        Status::Exists { changes, total, .. } if changes.is_empty() && *total == 0 => "Identical to LISA's model.".into(),
        Status::Exists { changes, total, .. } => format!(
            "{total} field(s) differ from LISA's model: {}",
            changes.iter().map(|c| c.path.as_str()).collect::<Vec<_>>().join(", ")
        ),
        Status::Invalid(errors) => {
            let mut parts: Vec<String> = Vec::new();
            for (key, problems) in &errors.fields {
                for p in problems {
                    parts.push(format!("{key}: {}", p.display()));
                }
            }
            parts.extend(errors.unplaced.iter().map(|p| p.display()));
            parts.join("; ")
        }
        Status::NeedsInput { api_key, env } => {
            let mut parts = Vec::new();
            if *api_key {
                parts.push("an API key".to_string());
            }
            if !env.is_empty() {
                parts.push(format!("values for {}", env.join(", ")));
            }
            format!("Needs {}.", parts.join(" and "))
        }
    }
}

/// One line of the report.
fn line(i: usize, row: &Row, outcome: Option<&Outcome>) -> [String; 6] {
    [
        (i + 1).to_string(),
        row.id.clone(),
        row.status.label().to_string(),
        plan_detail(row),
        outcome.map_or("", Outcome::label).to_string(),
        outcome.map(Outcome::detail).unwrap_or_default(),
    ]
}

const HEADERS: [&str; 6] = ["definition", "modelId", "plan", "planDetail", "outcome", "outcomeDetail"];

/// The report as JSON: where it was applied, when, and each definition's plan and outcome.
pub fn report_json(rows: &[Row], outcomes: &BTreeMap<usize, Outcome>, source: &str, api_base_url: &str, generated_at: &str) -> String {
    let items: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let l = line(i, r, outcomes.get(&i));
            let mut m = Map::new();
            m.insert(HEADERS[0].into(), json!(i + 1));
            for (k, v) in HEADERS.iter().zip(l.iter()).skip(1) {
                m.insert((*k).into(), json!(v));
            }
            Value::Object(m)
        })
        .collect();
    let report = json!({
        "format": "lisa-admin.import-report", "version": 1, "generatedAt": generated_at,
        "apiBaseUrl": api_base_url, "source": source, "definitions": items,
    });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

/// The report as CSV (formula-safe, see [`crate::metrics_view::csv`]).
pub fn report_csv(rows: &[Row], outcomes: &BTreeMap<usize, Outcome>) -> String {
    document(
        &HEADERS,
        rows.iter().enumerate().map(|(i, r)| {
            let [_, id, plan, detail, outcome, outcome_detail] = line(i, r, outcomes.get(&i));
            vec![Cell::Number((i + 1) as f64), id.into(), plan.into(), detail.into(), outcome.into(), outcome_detail.into()]
        }),
    )
}

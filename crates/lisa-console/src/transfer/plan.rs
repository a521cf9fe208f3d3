//! The dry run: what importing each definition would do, before anything is sent.
//!
//! Each definition, with the id prefix/suffix and the admin's choices applied, is checked in
//! this order:
//! 1. a problem with the entry itself (an export entry without a create body) → *invalid*;
//! 2. an earlier definition of the file has the same id → *invalid* (on `modelId`);
//! 3. LISA has a model with this id (`GET /models`) → *exists*: identical, or the fields that
//!    differ; skipped unless a new id is chosen;
//! 4. LISA's create rules (V1–V77 as they apply to a create) and the advisory rules (A1–A12),
//!    in LISA's order, through [`lisa_api::validate`] like the create form → *invalid*, each
//!    complaint placed on the create form's field ([`crate::model_form::place`]);
//! 5. an API key or environment values still to type → *needs input*;
//! 6. otherwise → *create*.

use std::collections::BTreeMap;

use serde_json::Value;

use super::diff::{diff, Change};
use super::{body_id, export, form, is_hosted, Definition};
use crate::model_form::{FormErrors, Problem};
use lisa_api::validate::{self, advisory, InstanceTypes};

/// What the admin chose for one definition (kept with the plan).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choice {
    /// Another id for this definition ("": its own), before the prefix and suffix.
    pub new_id: String,
    /// Create it without the API key or environment values still missing.
    pub leave_blank: bool,
    /// The body came back from the create form: its id is final (no prefix or suffix).
    pub from_form: bool,
}

/// Typed by the admin and never stored: an API key, environment values the export left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Secrets {
    pub api_key: String,
    pub env: BTreeMap<String, String>,
}

/// Applied to every id (promotion from dev to prod: `prod-` + id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub prefix: String,
    pub suffix: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Create,
    /// LISA has a model with this id; `changes` empty = identical. `unreadable`: LISA's record
    /// could not be read, so it could not be compared.
    Exists { changes: Vec<Change>, total: usize, unreadable: bool },
    Invalid(FormErrors),
    NeedsInput { api_key: bool, env: Vec<String> },
}

impl Status {
    pub fn key(&self) -> &'static str {
        match self {
            Status::Create => "create",
            Status::Exists { .. } => "exists",
            Status::Invalid(_) => "invalid",
            Status::NeedsInput { .. } => "needs-input",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Status::Create => "Create",
            Status::Exists { changes, unreadable: false, .. } if changes.is_empty() => "Exists (identical)",
            Status::Exists { .. } => "Exists (different)",
            Status::Invalid(_) => "Invalid",
            Status::NeedsInput { .. } => "Needs input",
        }
    }
}

/// One definition as the plan has it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The id it would be created under ("" when the definition has none).
    pub id: String,
    /// The body that would be sent.
    pub body: Value,
    pub status: Status,
    /// After the create: the context window to set (an external model exported with one; LISA
    /// fills it in itself only for LISA-hosted models).
    pub context_window: Option<i64>,
}

/// The models LISA has now, by id: their stored records, compared only when a definition has
/// the same id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Existing {
    records: BTreeMap<String, Value>,
}

impl Existing {
    /// From `GET /models`' `models` list (records without a text `modelId` are skipped).
    pub fn from_records(records: Vec<Value>) -> Self {
        let mut map = BTreeMap::new();
        for r in records {
            if let Some(id) = r.get("modelId").and_then(Value::as_str) {
                map.insert(id.to_string(), r);
            }
        }
        Existing { records: map }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.records.contains_key(id)
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.records.keys().map(String::as_str)
    }

    /// The create body that would recreate LISA's model `id`, as LISA would read it.
    fn body(&self, id: &str, instances: &InstanceTypes) -> Option<Value> {
        Some(normalised(&export::create_body(self.records.get(id)?), instances))
    }
}

/// A body as LISA reads it (defaults filled in, values coerced), without the write-only key:
/// what two bodies are compared on.
fn normalised(body: &Value, instances: &InstanceTypes) -> Value {
    let mut v = validate::create_model(body, instances).unwrap_or_else(|_| body.clone());
    if let Some(m) = v.as_object_mut() {
        m.remove("apiKey");
    }
    v
}

/// The id a definition would be created under, or `None` when its `modelId` is not a text
/// and no new id was chosen (the rules then say what is wrong with it).
fn effective_id(d: &Definition, c: &Choice, o: &Options) -> Option<String> {
    if !c.new_id.is_empty() {
        return Some(if c.from_form { c.new_id.clone() } else { format!("{}{}{}", o.prefix, c.new_id, o.suffix) });
    }
    let own = d.body.get("modelId")?.as_str()?;
    Some(if c.from_form { own.to_string() } else { format!("{}{own}{}", o.prefix, o.suffix) })
}

/// The body to send: the definition's, with the id and what the admin typed.
fn send_body(d: &Definition, id: Option<&str>, s: &Secrets) -> Value {
    let mut body = d.body.clone();
    if let Some(m) = body.as_object_mut() {
        if let Some(id) = id {
            m.insert("modelId".into(), Value::String(id.to_string()));
        }
        if !s.api_key.is_empty() {
            m.insert("apiKey".into(), Value::String(s.api_key.clone()));
        }
    }
    if let Some(Value::Object(env)) = body.pointer_mut("/containerConfig/environment") {
        for (k, v) in &s.env {
            if !v.is_empty() && d.env_omitted.contains(k) {
                env.insert(k.clone(), Value::String(v.clone()));
            }
        }
    }
    body
}

/// Every complaint of the create rules and the advisory rules, placed as the create form places
/// them.
pub fn check(body: &Value, instances: &InstanceTypes) -> FormErrors {
    let mut errors = FormErrors::default();
    let violations = validate::create_model(body, instances).err().unwrap_or_default();
    let advice = if body.is_object() { advisory::create(body) } else { Vec::new() };
    if violations.is_empty() && advice.is_empty() {
        return errors;
    }
    let placer = form::form_from_body(body).placer();
    for v in &violations {
        placer.add(&mut errors, &v.error);
    }
    for e in &advice {
        placer.add(&mut errors, e);
    }
    errors
}

/// Plan every definition (`choices` and `secrets` by position; missing ones are defaults).
pub fn plan(
    definitions: &[Definition],
    choices: &[Choice],
    secrets: &[Secrets],
    options: &Options,
    existing: &Existing,
    instances: &InstanceTypes,
) -> Vec<Row> {
    let mut first_with_id: BTreeMap<String, usize> = BTreeMap::new();
    let none = (Choice::default(), Secrets::default());
    definitions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let c = choices.get(i).unwrap_or(&none.0);
            let s = secrets.get(i).unwrap_or(&none.1);
            let id = effective_id(d, c, options);
            let body = send_body(d, id.as_deref(), s);
            let earlier = id.as_ref().filter(|id| !id.is_empty()).and_then(|id| match first_with_id.get(id) {
                Some(&k) => Some(k),
                None => {
                    first_with_id.insert(id.clone(), i);
                    None
                }
            });
            let status = status(d, c, s, &body, earlier, existing, instances);
            let context_window = d.info.as_ref().and_then(|i| i.context_window).filter(|_| !is_hosted(&body));
            Row { id: id.unwrap_or_else(|| body_id(&body).to_string()), body, status, context_window }
        })
        .collect()
}

fn status(d: &Definition, c: &Choice, s: &Secrets, body: &Value, earlier: Option<usize>, existing: &Existing, instances: &InstanceTypes) -> Status {
    if let Some(problem) = &d.problem {
        let mut e = FormErrors::default();
        e.add(None, Problem::new(problem.clone()));
        return Status::Invalid(e);
    }
    let id = body_id(body);
    if let Some(k) = earlier {
        let mut e = FormErrors::default();
        e.add(Some("modelId".into()), Problem::new(format!("Definition {} of this file has the same id: LISA keeps one model per id.", k + 1)));
        return Status::Invalid(e);
    }
    if existing.contains(id) {
        return match existing.body(id, instances) {
            Some(theirs) => {
                let mut ours = normalised(body, instances);
                // Values the export left out cannot be compared: only the names are.
                for k in &d.env_omitted {
                    if let (Some(Value::Object(a)), Some(Value::Object(b))) =
                        (ours.pointer_mut("/containerConfig/environment"), theirs.pointer("/containerConfig/environment"))
                    {
                        if let (Some(slot), Some(v)) = (a.get_mut(k), b.get(k)) {
                            *slot = v.clone();
                        }
                    }
                }
                let (changes, total) = diff(&ours, &theirs);
                Status::Exists { changes, total, unreadable: false }
            }
            None => Status::Exists { changes: Vec::new(), total: 0, unreadable: true },
        };
    }
    let errors = check(body, instances);
    if !errors.is_empty() {
        return Status::Invalid(errors);
    }
    if c.leave_blank {
        return Status::Create;
    }
    let api_key = d.needs_api_key && s.api_key.is_empty();
    let env: Vec<String> = d.env_omitted.iter().filter(|k| s.env.get(*k).is_none_or(String::is_empty)).cloned().collect();
    if api_key || !env.is_empty() {
        return Status::NeedsInput { api_key, env };
    }
    Status::Create
}

/// How many definitions are in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub create: usize,
    pub identical: usize,
    pub different: usize,
    pub invalid: usize,
    pub needs_input: usize,
}

pub fn counts(rows: &[Row]) -> Counts {
    let mut c = Counts::default();
    for r in rows {
        match &r.status {
            Status::Create => c.create += 1,
            Status::Exists { changes, unreadable: false, .. } if changes.is_empty() => c.identical += 1,
            Status::Exists { .. } => c.different += 1,
            Status::Invalid(_) => c.invalid += 1,
            Status::NeedsInput { .. } => c.needs_input += 1,
        }
    }
    c
}

impl Counts {
    /// "12 definitions: 8 to create, 1 identical to LISA's, 1 different, 1 invalid, 1 needs input."
    pub fn sentence(&self, total: usize) -> String {
        let mut parts = vec![format!("{} to create", self.create)];
        if self.identical > 0 {
            parts.push(format!("{} already in LISA as they are", self.identical));
        }
        if self.different > 0 {
            parts.push(format!("{} already in LISA with other settings", self.different));
        }
        if self.invalid > 0 {
            parts.push(format!("{} invalid", self.invalid));
        }
        if self.needs_input > 0 {
            parts.push(format!("{} {} input", self.needs_input, if self.needs_input == 1 { "needs" } else { "need" }));
        }
        let noun = if total == 1 { "definition" } else { "definitions" };
        format!("{total} {noun}: {}.", parts.join(", "))
    }
}

/// Which rows the plan table lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Show {
    #[default]
    All,
    /// Invalid, needs input, or different from LISA's model: what the admin must look at.
    Attention,
    ToCreate,
    InLisa,
}

impl Show {
    pub const ALL: [Show; 4] = [Show::All, Show::Attention, Show::ToCreate, Show::InLisa];

    pub fn key(self) -> &'static str {
        match self {
            Show::All => "all",
            Show::Attention => "attention",
            Show::ToCreate => "create",
            Show::InLisa => "exists",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Show::All => "Every definition",
            Show::Attention => "Needing attention",
            Show::ToCreate => "To create",
            Show::InLisa => "Already in LISA",
        }
    }

    pub fn from_key(key: &str) -> Show {
        Show::ALL.into_iter().find(|s| s.key() == key).unwrap_or_default()
    }

    pub fn takes(self, status: &Status) -> bool {
        match self {
            Show::All => true,
            Show::Attention => match status {
                Status::Invalid(_) | Status::NeedsInput { .. } => true,
                Status::Exists { changes, unreadable, .. } => !changes.is_empty() || *unreadable,
                Status::Create => false,
            },
            Show::ToCreate => *status == Status::Create,
            Show::InLisa => matches!(status, Status::Exists { .. }),
        }
    }
}

/// The positions of the rows `show` takes.
pub fn shown(rows: &[Row], show: Show) -> Vec<usize> {
    rows.iter().enumerate().filter(|(_, r)| show.takes(&r.status)).map(|(i, _)| i).collect()
}

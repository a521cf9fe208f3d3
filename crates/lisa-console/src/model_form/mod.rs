//! The create and edit forms as plain data: what the admin typed, how it becomes a request, and
//! where each complaint is shown.
//!
//! * The form state keeps text exactly as typed (numbers included), so a draft in
//!   sessionStorage and a failed submit lose nothing, even when the text is not yet valid.
//! * A form becomes the JSON body LISA would receive ([`create::CreateForm::to_json`],
//!   [`edit::EditForm::diff_json`]); numbers that Pydantic would read as integers become
//!   numbers, anything else stays text, so that the shared server rules
//!   ([`lisa_api::validate`]) report it with LISA's own `loc` and message.
//! * Every complaint (server rule, advisory rule, form-only rule, or a server 422 answer) is
//!   placed on a form *key*: the field's dotted path as LISA names it
//!   (`containerConfig.healthCheckConfig.interval`), with list rows by index
//!   (`containerConfig.environment.2.key`) and whole sections as `section.<name>`
//!   ([`place`]). The UI derives element ids from keys, so the mapping is tested here.
//! * The fields are rendered as HTML text ([`crate::render::form_parts`],
//!   [`crate::render::form_fields`]) and changed by key ([`input`]): the browser needs one
//!   `innerHTML` and one delegated listener, not compiled view code per field (a third of the
//!   bundle's weight, measured).

pub mod codec;
pub mod create;
mod create_check;
pub mod draft;
pub mod edit;
mod edit_check;
pub mod input;
pub mod place;
pub mod rows;
pub mod schedule;

use std::collections::BTreeMap;

use serde_json::Value;

use lisa_api::error::FieldError;
use lisa_api::validate::advisory::ADVISORY;
use lisa_api::validate::coerce::{int_value, Int};

/// The label every advisory complaint carries (issue: "LISA accepts this but the deployment
/// would fail").
pub const ADVISORY_LABEL: &str = "LISA accepts this but the deployment would fail";

/// One complaint as the form shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub text: String,
    /// An advisory rule (A1–A12): LISA accepts the value, the deployment then fails.
    pub advisory: bool,
    /// LISA's server said so (a 4xx answer), rather than the form's own check.
    pub from_server: bool,
}

impl Problem {
    pub fn new(text: impl Into<String>) -> Self {
        Problem { text: text.into(), advisory: false, from_server: false }
    }

    pub fn from_field_error(e: &FieldError) -> Self {
        Problem { text: e.message().to_string(), advisory: e.kind == ADVISORY, from_server: false }
    }

    /// The text with the advisory label in front where it applies.
    pub fn display(&self) -> String {
        if self.advisory {
            format!("{ADVISORY_LABEL}: {}", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// Every complaint about a form, by key, plus those that cannot be placed on any field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormErrors {
    pub fields: BTreeMap<String, Vec<Problem>>,
    pub unplaced: Vec<Problem>,
}

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.unplaced.is_empty()
    }

    /// How many complaints in all (what "N errors remain" counts).
    pub fn count(&self) -> usize {
        self.fields.values().map(Vec::len).sum::<usize>() + self.unplaced.len()
    }

    pub fn get(&self, key: &str) -> &[Problem] {
        self.fields.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn has(&self, key: &str) -> bool {
        self.fields.contains_key(key)
    }

    /// Add a complaint at `key` (`None`: the banner). The same text twice at one key is kept
    /// once (a client rule and the server's identical 422 are one problem).
    pub fn add(&mut self, key: Option<String>, problem: Problem) {
        let list = match key {
            Some(k) => self.fields.entry(k).or_default(),
            None => &mut self.unplaced,
        };
        if !list.iter().any(|p| p.text == problem.text) {
            list.push(problem);
        }
    }

    pub fn merge(&mut self, other: FormErrors) {
        for (k, problems) in other.fields {
            for p in problems {
                self.add(Some(k.clone()), p);
            }
        }
        for p in other.unplaced {
            self.add(None, p);
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }
}

/// The form key's element id: `f-` and the key with dots as hyphens
/// (`containerConfig.environment.2.key` → `f-containerConfig-environment-2-key`).
pub fn element_id(key: &str) -> String {
    let mut id = String::with_capacity(key.len() + 2);
    id.push_str("f-");
    for c in key.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' });
    }
    id
}

/// A number as typed, as the body carries it.
///
/// * blank → `None` (the caller omits the key);
/// * what Pydantic's lax `int` reads as an integer that fits an `i64` → that number;
/// * anything else → the text itself, so that the server rules name the problem exactly as
///   LISA would (`int_parsing`, `int_from_float`, …).
pub fn number_value(text: &str) -> Option<Value> {
    if text.trim().is_empty() {
        return None;
    }
    let raw = Value::String(text.to_string());
    match int_value(&raw) {
        Some(Int::Exact(n)) => Some(i64::try_from(n).map(Value::from).unwrap_or(raw)),
        _ => Some(raw),
    }
}

/// The integer a typed number stands for, when it is one.
pub fn parse_int(text: &str) -> Option<i64> {
    number_value(text)?.as_i64()
}

/// Form-only rule: an integer LISA would accept but that does not fit the request types
/// (beyond ±9,223,372,036,854,775,807). Returns the complaint, if any.
pub fn too_large(text: &str) -> Option<Problem> {
    let raw = Value::String(text.to_string());
    match int_value(&raw) {
        Some(Int::Exact(n)) if i64::try_from(n).is_err() => {
            Some(Problem::new("This number is too large; enter at most 9223372036854775807."))
        }
        _ => None,
    }
}

/// Insert `value` under `key` when it is `Some`.
pub(crate) fn put(map: &mut serde_json::Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v);
    }
}

/// Text for an optional stored number.
pub(crate) fn num_text(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_as_typed() {
        assert_eq!(number_value(""), None);
        assert_eq!(number_value("  "), None);
        assert_eq!(number_value("42"), Some(json!(42)));
        assert_eq!(number_value(" 42 "), Some(json!(42)), "Pydantic strips whitespace");
        assert_eq!(number_value("-3"), Some(json!(-3)));
        assert_eq!(number_value("4.5"), Some(json!("4.5")));
        assert_eq!(number_value("ten"), Some(json!("ten")));
        assert_eq!(number_value("99999999999999999999"), Some(json!("99999999999999999999")));
        assert!(too_large("99999999999999999999").is_some());
        assert!(too_large("42").is_none());
        assert!(too_large("ten").is_none());
    }

    #[test]
    fn element_ids_are_css_safe() {
        assert_eq!(element_id("containerConfig.environment.2.key"), "f-containerConfig-environment-2-key");
        assert_eq!(element_id("section.autoscaling"), "f-section-autoscaling");
    }

    #[test]
    fn errors_dedupe_and_count() {
        let mut e = FormErrors::default();
        e.add(Some("modelId".into()), Problem::new("x"));
        e.add(Some("modelId".into()), Problem::new("x"));
        e.add(None, Problem::new("y"));
        assert_eq!(e.count(), 2);
        let advisory = Problem { text: "z".into(), advisory: true, from_server: false };
        assert_eq!(advisory.display(), format!("{ADVISORY_LABEL}: z"));
    }
}

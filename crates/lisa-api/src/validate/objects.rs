//! Nested models shared by the create and update bodies (features, guardrails, environment,
//! health-check command) and [`Model`], the helper that validates one Pydantic model's fields in
//! declaration order.

use serde_json::{Map, Value};

use super::coerce::{
    at, bool_field, dict_input, enum_field, kind, model_input, opt_str_field, str_field, str_list_field, Errors,
    Kind,
};
use crate::error::LocPart;

/// One Pydantic model being validated: its input object, its `loc`, and the coerced fields.
pub struct Model<'a> {
    pub obj: &'a Map<String, Value>,
    pub input: &'a Value,
    pub loc: &'a [LocPart],
    pub out: Map<String, Value>,
    ok: bool,
}

impl<'a> Model<'a> {
    /// `None` (with `model_attributes_type` recorded) when `input` is not an object.
    pub fn open(e: &mut Errors, input: &'a Value, loc: &'a [LocPart]) -> Option<Model<'a>> {
        let obj = model_input(e, input, loc)?;
        Some(Model { obj, input, loc, out: Map::new(), ok: true })
    }

    fn run(
        &mut self,
        e: &mut Errors,
        name: &str,
        value: &Value,
        check: impl FnOnce(&mut Errors, &Value, &[LocPart]) -> Option<Value>,
    ) {
        match check(e, value, &at(self.loc, name)) {
            Some(v) => {
                self.out.insert(name.to_string(), v);
            }
            None => self.ok = false,
        }
    }

    /// A required field (`missing` when absent).
    pub fn req(
        &mut self,
        e: &mut Errors,
        name: &str,
        check: impl FnOnce(&mut Errors, &Value, &[LocPart]) -> Option<Value>,
    ) {
        match self.obj.get(name) {
            Some(value) => self.run(e, name, value, check),
            None => {
                e.missing(at(self.loc, name), self.input);
                self.ok = false;
            }
        }
    }

    /// An optional field: the default when absent (defaults are not validated, as in Pydantic).
    pub fn opt(
        &mut self,
        e: &mut Errors,
        name: &str,
        default: Value,
        check: impl FnOnce(&mut Errors, &Value, &[LocPart]) -> Option<Value>,
    ) {
        match self.obj.get(name) {
            Some(value) => self.run(e, name, value, check),
            None => {
                self.out.insert(name.to_string(), default);
            }
        }
    }

    /// An optional field that stays absent when absent (update bodies: omitted ≠ null).
    pub fn keep(
        &mut self,
        e: &mut Errors,
        name: &str,
        check: impl FnOnce(&mut Errors, &Value, &[LocPart]) -> Option<Value>,
    ) {
        if let Some(value) = self.obj.get(name) {
            self.run(e, name, value, check);
        }
    }

    /// Whether every field so far was valid (then the model's own validators may run).
    pub fn fields_ok(&self) -> bool {
        self.ok
    }

    pub fn get(&self, name: &str) -> &Value {
        self.out.get(name).unwrap_or(&Value::Null)
    }

    pub fn finish(self) -> Option<Value> {
        self.ok.then_some(Value::Object(self.out))
    }
}

/// Wrap a `X` validator into `X | None`.
pub fn nullable(
    check: impl FnOnce(&mut Errors, &Value, &[LocPart]) -> Option<Value>,
) -> impl FnOnce(&mut Errors, &Value, &[LocPart]) -> Option<Value> {
    move |e, v, loc| if v.is_null() { Some(Value::Null) } else { check(e, v, loc) }
}

pub fn plain_str(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    str_field(e, v, loc, 0).map(Value::String)
}

pub fn non_empty_str(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    str_field(e, v, loc, 1).map(Value::String)
}

/// `ModelFeature`: `{name: str, overview: str}`.
pub fn feature(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.req(e, "name", plain_str);
    m.req(e, "overview", plain_str);
    m.finish()
}

/// `list[ModelFeature] | None` (V12).
pub fn features(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    if v.is_null() {
        return Some(Value::Null);
    }
    let Kind::List(items) = kind(v) else {
        e.push(loc.to_vec(), "list_type", "Input should be a valid list", v, None);
        return None;
    };
    let before = e.len();
    let out: Vec<Value> = items.iter().enumerate().filter_map(|(i, item)| feature(e, item, &at(loc, i))).collect();
    (e.len() == before).then_some(Value::Array(out))
}

pub const GUARDRAIL_MODES: [&str; 3] = ["pre_call", "during_call", "post_call"];

/// `GuardrailConfig`, with its defaults filled in.
pub fn guardrail(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut m = Model::open(e, v, loc)?;
    m.req(e, "guardrailName", non_empty_str);
    m.req(e, "guardrailIdentifier", non_empty_str);
    m.opt(e, "guardrailVersion", Value::String("DRAFT".into()), plain_str);
    m.opt(e, "mode", Value::String("pre_call".into()), |e, v, l| {
        enum_field(e, v, l, &GUARDRAIL_MODES).map(Value::String)
    });
    m.opt(e, "description", Value::Null, opt_str_field);
    m.opt(e, "allowedGroups", Value::Array(Vec::new()), str_list_field);
    m.opt(e, "markedForDeletion", Value::Bool(false), nullable(|e, v, l| bool_field(e, v, l).map(Value::Bool)));
    m.finish()
}

/// `dict[str, GuardrailConfig] | None` (V14).
pub fn guardrails(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    if v.is_null() {
        return Some(Value::Null);
    }
    let map = dict_input(e, v, loc)?;
    let before = e.len();
    let mut out = Map::new();
    for (key, item) in map {
        if let Some(g) = guardrail(e, item, &at(loc, key)) {
            out.insert(key.clone(), g);
        }
    }
    (e.len() == before).then_some(Value::Object(out))
}

/// `environment: dict[str, str] | None` plus LISA's key rule (V17, V18). The key rule is a field
/// validator, so it runs only once the map itself is valid.
pub fn environment(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    if v.is_null() {
        return Some(Value::Null);
    }
    let map = dict_input(e, v, loc)?;
    let before = e.len();
    let mut out = Map::new();
    for (key, value) in map {
        if let Some(s) = str_field(e, value, &at(loc, key), 0) {
            out.insert(key.clone(), Value::String(s));
        }
    }
    if e.len() != before {
        return None;
    }
    if out.keys().any(String::is_empty) {
        e.value_error(loc.to_vec(), "Empty strings are not allowed for environment variable key names.", v);
        return None;
    }
    Some(Value::Object(out))
}

/// `str | list[str]` (Pydantic's smart union): each member's errors, tagged `str` / `list[str]`,
/// when neither matches (V21 / V42).
pub fn str_or_str_list(e: &mut Errors, v: &Value, loc: &[LocPart]) -> Option<Value> {
    let mut as_str = Errors::default();
    if let Some(s) = str_field(&mut as_str, v, &at(loc, "str"), 0) {
        return Some(Value::String(s));
    }
    let mut as_list = Errors::default();
    if let Some(list) = str_list_field(&mut as_list, v, &at(loc, "list[str]")) {
        return Some(list);
    }
    e.list.extend(as_str.list);
    e.list.extend(as_list.list);
    None
}

/// LISA's `validate_healthcheck_command` (V22); `Err` is the message without `Value error, `.
pub fn healthcheck_command_rule(command: &Value) -> Result<(), String> {
    const EXAMPLE: &str = "Example: ['CMD-SHELL', 'curl -f http://localhost:8080/health']";
    match command {
        Value::String(s) if python_strip(s).is_empty() => {
            Err("Healthcheck command cannot be an empty string".into())
        }
        Value::String(_) => Ok(()),
        Value::Array(items) => {
            let Some(first) = items.first() else {
                return Err("Healthcheck command array cannot be empty".into());
            };
            let first = first.as_str().unwrap_or_default();
            if first != "CMD" && first != "CMD-SHELL" {
                return Err(format!(
                    "Healthcheck array must start with 'CMD' or 'CMD-SHELL', got: '{first}'. {EXAMPLE}"
                ));
            }
            match items.get(1) {
                None => Err(format!("Healthcheck array must contain a command after '{first}'. {EXAMPLE}")),
                Some(Value::String(second)) if python_strip(second).is_empty() => {
                    Err("Healthcheck command cannot be empty after CMD/CMD-SHELL prefix".into())
                }
                Some(_) => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Python's `str.strip()` with no argument: Unicode whitespace (close to Rust's `trim`, which
/// also uses the White_Space property) plus the separators Python counts as space.
pub fn python_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{1c}'..='\u{1f}'))
}

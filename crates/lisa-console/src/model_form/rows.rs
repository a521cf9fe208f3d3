//! The list-shaped parts shared by the create and edit forms: environment variables, features,
//! guardrails, allowed groups and the container health-check command.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{FormErrors, Problem};
use lisa_api::model::{GuardrailConfig, HealthCheckCommand, ModelFeature};

/// One environment variable as typed. A list rather than a map so that a half-typed key, an
/// empty key (V18) and a duplicate are all representable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvRow {
    pub key: String,
    pub value: String,
}

pub fn env_rows(map: Option<&BTreeMap<String, String>>) -> Vec<EnvRow> {
    map.into_iter().flatten().map(|(k, v)| EnvRow { key: k.clone(), value: v.clone() }).collect()
}

/// The rows as the `environment` map (a later duplicate wins, as in JSON; the duplicate is
/// reported by [`env_duplicates`]).
pub fn env_map(rows: &[EnvRow]) -> BTreeMap<String, String> {
    // Inserted one by one: collecting into a map sorts first, and that code weighs on the
    // bundle.
    let mut map = BTreeMap::new();
    for r in rows {
        map.insert(r.key.clone(), r.value.clone());
    }
    map
}

pub fn env_json(rows: &[EnvRow]) -> Value {
    let mut map = Map::new();
    for r in rows {
        map.insert(r.key.clone(), Value::String(r.value.clone()));
    }
    Value::Object(map)
}

/// Form-only rule: a JSON map cannot hold one key twice, so the second row would silently
/// replace the first.
pub fn env_duplicates(rows: &[EnvRow], errors: &mut FormErrors) {
    for (i, row) in rows.iter().enumerate() {
        if !row.key.is_empty() && rows[..i].iter().any(|r| r.key == row.key) {
            errors.add(
                Some(format!("containerConfig.environment.{i}.key")),
                Problem::new(format!("{} is already set above; a variable can only have one value.", row.key)),
            );
        }
    }
}

/// One model feature (`{name, overview}`); LISA's UI offers these names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeatureRow {
    pub name: String,
    pub overview: String,
}

pub const KNOWN_FEATURES: [&str; 4] = ["summarization", "imageInput", "toolCalls", "reasoning"];

pub fn feature_rows(list: Option<&Vec<ModelFeature>>) -> Vec<FeatureRow> {
    list.into_iter().flatten().map(|f| FeatureRow { name: f.name.clone(), overview: f.overview.clone() }).collect()
}

pub fn features_json(rows: &[FeatureRow]) -> Value {
    Value::Array(rows.iter().map(|f| json!({"name": f.name, "overview": f.overview})).collect())
}

/// One guardrail as typed. `allowed_groups` is text like [`groups`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuardrailRow {
    pub name: String,
    pub identifier: String,
    pub version: String,
    pub mode: String,
    pub description: String,
    pub allowed_groups: String,
}

impl Default for GuardrailRow {
    /// LISA's defaults: version `DRAFT`, mode `pre_call`.
    fn default() -> Self {
        GuardrailRow {
            name: String::new(),
            identifier: String::new(),
            version: "DRAFT".into(),
            mode: "pre_call".into(),
            description: String::new(),
            allowed_groups: String::new(),
        }
    }
}

impl GuardrailRow {
    pub fn from_config(g: &GuardrailConfig) -> Self {
        GuardrailRow {
            name: g.guardrail_name.clone(),
            identifier: g.guardrail_identifier.clone(),
            version: g.guardrail_version.clone(),
            mode: g.mode.as_str().to_string(),
            description: g.description.clone().unwrap_or_default(),
            allowed_groups: g.allowed_groups.join(", "),
        }
    }

    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("guardrailName".into(), json!(self.name));
        m.insert("guardrailIdentifier".into(), json!(self.identifier));
        m.insert("guardrailVersion".into(), json!(self.version));
        m.insert("mode".into(), json!(self.mode));
        if !self.description.is_empty() {
            m.insert("description".into(), json!(self.description));
        }
        m.insert("allowedGroups".into(), json!(groups(&self.allowed_groups)));
        Value::Object(m)
    }
}

/// Stored guardrails, in the map's (key) order: LISA keys them `guardrail-<name>`.
pub fn guardrail_rows(map: Option<&BTreeMap<String, GuardrailConfig>>) -> Vec<GuardrailRow> {
    map.into_iter().flatten().map(|(_, g)| GuardrailRow::from_config(g)).collect()
}

/// The map key of each guardrail row: its name (LISA keys updates by `guardrailName`), or
/// `guardrail-<n>` while the name is blank or repeated, so no row is lost from the map.
pub fn guardrail_keys(rows: &[GuardrailRow]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let taken = |k: &str| keys.iter().any(|x| x == k) || rows.iter().any(|r| r.name == k && !k.is_empty());
        let key = if row.name.is_empty() || keys.contains(&row.name) {
            let mut n = i + 1;
            while taken(&format!("guardrail-{n}")) {
                n += 1;
            }
            format!("guardrail-{n}")
        } else {
            row.name.clone()
        };
        keys.push(key);
    }
    keys
}

pub fn guardrails_json(rows: &[GuardrailRow]) -> Value {
    let keys = guardrail_keys(rows);
    let mut map = Map::new();
    for (k, r) in keys.into_iter().zip(rows) {
        map.insert(k, r.to_json());
    }
    Value::Object(map)
}

/// Form-only rule: two guardrails with one name are one guardrail to LISA.
pub fn guardrail_duplicates(rows: &[GuardrailRow], errors: &mut FormErrors) {
    for (i, row) in rows.iter().enumerate() {
        if !row.name.is_empty() && rows[..i].iter().any(|r| r.name == row.name) {
            errors.add(
                Some(format!("guardrailsConfig.{i}.guardrailName")),
                Problem::new("Another guardrail above has this name; names must be unique within a model."),
            );
        }
    }
}

/// Group names from text: separated by commas or line breaks, trimmed, blanks dropped.
pub fn groups(text: &str) -> Vec<String> {
    text.split([',', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

/// How the health-check command is written: an exec array (`CMD`/`CMD-SHELL` first, one item
/// per line) or one shell string (ECS runs it as `CMD-SHELL`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CommandMode {
    #[default]
    Array,
    String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandForm {
    pub mode: CommandMode,
    /// Array mode: one item per line. String mode: the command.
    pub text: String,
}

impl Default for CommandForm {
    /// LISA's UI default: `["CMD-SHELL", "exit 0"]`.
    fn default() -> Self {
        CommandForm { mode: CommandMode::Array, text: "CMD-SHELL\nexit 0".into() }
    }
}

impl CommandForm {
    pub fn from_command(c: &HealthCheckCommand) -> Self {
        match c {
            HealthCheckCommand::Shell(s) => CommandForm { mode: CommandMode::String, text: s.clone() },
            HealthCheckCommand::Exec(items) => CommandForm { mode: CommandMode::Array, text: items.join("\n") },
        }
    }

    /// Array mode keeps every line, blank ones included, so V22 sees what was typed (a lone
    /// `CMD-SHELL` line is "must contain a command"). A trailing line break adds nothing.
    pub fn to_json(&self) -> Value {
        match self.mode {
            CommandMode::String => Value::String(self.text.clone()),
            CommandMode::Array => {
                let text = self.text.replace("\r\n", "\n");
                let text = text.strip_suffix('\n').unwrap_or(&text);
                if text.is_empty() {
                    return json!([]);
                }
                Value::Array(text.split('\n').map(|s| Value::String(s.to_string())).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_become_items() {
        let c = CommandForm { mode: CommandMode::Array, text: "CMD-SHELL\ncurl -f http://x/health\n".into() };
        assert_eq!(c.to_json(), json!(["CMD-SHELL", "curl -f http://x/health"]));
        assert_eq!(CommandForm { mode: CommandMode::Array, text: String::new() }.to_json(), json!([]));
        let s = CommandForm { mode: CommandMode::String, text: "exit 0".into() };
        assert_eq!(s.to_json(), json!("exit 0"));
        assert_eq!(CommandForm::from_command(&HealthCheckCommand::Exec(vec!["CMD".into(), "true".into()])).text, "CMD\ntrue");
    }

    #[test]
    fn guardrail_keys_never_collide() {
        let row = |n: &str| GuardrailRow { name: n.into(), ..Default::default() };
        assert_eq!(guardrail_keys(&[row("a"), row(""), row("a"), row("guardrail-2")]), ["a", "guardrail-3", "guardrail-4", "guardrail-2"]);
    }

    #[test]
    fn groups_split_on_commas_and_lines() {
        assert_eq!(groups(" admins, ops\n\n data ,"), ["admins", "ops", "data"]);
        assert!(groups("  ").is_empty());
    }
}

//! The export document: per model, the create body that would recreate it.
//!
//! The body comes from the create form: the stored record (as `GET /models` sends it) becomes
//! the create form ([`form_from_body`], which reads any JSON leniently; for a stored model it
//! gives exactly what the create form's "copy a model" path [`CreateForm::from_model`] gives,
//! checked in `tests/transfer_export.rs`), and the form becomes its body
//! ([`CreateForm::to_json`]). That path decides what a create body holds (the hosting group only
//! for LISA-hosted models, the URL only where the admin chose it, only `scheduleType`,
//! `timezone` and the matching schedule). The form holds text, and a few stored values do not
//! survive text exactly; those are put back from the record ([`put_back_exact`]), so that LISA
//! stores the same record again. Working on the JSON record rather than a decoded
//! [`LisaModel`](lisa_api::LisaModel) keeps the model decoder out of the import/export bundle.

use serde_json::{json, Map, Value};

use super::form::form_from_body;
use super::{is_hosted, FORMAT, VERSION};
#[cfg(doc)]
use crate::model_form::create::CreateForm;
use crate::model_form::rows::{features_json, FeatureRow};
use lisa_api::enums::HostingType;

/// One model of an export.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub body: Value,
    /// Environment variables whose values were left out (blank in `body`).
    pub env_omitted: Vec<String>,
    pub needs_api_key: bool,
    pub status: String,
    pub context_window: Option<i64>,
}

/// The create body that recreates the stored model `record` (environment values included;
/// never an API key, which LISA does not return anyway).
pub fn create_body(record: &Value) -> Value {
    let mut form = form_from_body(record);
    form.api_key.clear();
    let mut body = form.to_json();
    put_back_exact(record, &mut body);
    body
}

fn text_of(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or("").to_string()
}

/// The stored values the form's text fields cannot carry exactly:
/// * `hostingType` as stored, `null` included (the form writes what the fields imply; LISA
///   never derives it, §4.2);
/// * the description, features and allowed groups as stored (`""` and `[]` are not "none"; a
///   group name may contain a comma);
/// * guardrails as stored, keyed by name (descriptions and group names exactly);
/// * the health-check command as stored (an item may contain a line break);
/// * an explicit `null` environment or block-device size (left out, LISA would store `{}` and
///   50 GiB instead).
fn put_back_exact(record: &Value, body: &mut Value) {
    let Some(m) = body.as_object_mut() else { return };
    m.insert("hostingType".into(), record.get("hostingType").cloned().unwrap_or(Value::Null));
    match record.get("modelDescription") {
        Some(d @ Value::String(_)) => m.insert("modelDescription".into(), d.clone()),
        _ => m.remove("modelDescription"),
    };
    match record.get("features") {
        Some(Value::Array(items)) => {
            let rows: Vec<FeatureRow> =
                items.iter().map(|f| FeatureRow { name: text_of(f.get("name")), overview: text_of(f.get("overview")) }).collect();
            m.insert("features".into(), features_json(&rows))
        }
        _ => m.remove("features"),
    };
    match record.get("allowedGroups") {
        Some(groups @ Value::Array(_)) => m.insert("allowedGroups".into(), groups.clone()),
        _ => m.remove("allowedGroups"),
    };
    match record.get("guardrailsConfig") {
        Some(Value::Object(stored)) => {
            let mut by_name = Map::new();
            for g in stored.values() {
                let mut entry = Map::new();
                let name = text_of(g.get("guardrailName"));
                entry.insert("guardrailName".into(), json!(name));
                entry.insert("guardrailIdentifier".into(), g.get("guardrailIdentifier").cloned().unwrap_or(Value::Null));
                entry.insert("guardrailVersion".into(), g.get("guardrailVersion").cloned().unwrap_or_else(|| json!("DRAFT")));
                entry.insert("mode".into(), g.get("mode").cloned().unwrap_or_else(|| json!("pre_call")));
                if let Some(d) = g.get("description").filter(|d| !d.is_null()) {
                    entry.insert("description".into(), d.clone());
                }
                entry.insert("allowedGroups".into(), g.get("allowedGroups").cloned().unwrap_or_else(|| json!([])));
                by_name.insert(name, Value::Object(entry));
            }
            m.insert("guardrailsConfig".into(), Value::Object(by_name))
        }
        _ => m.remove("guardrailsConfig"),
    };
    if let Some(Value::Object(cc)) = m.get_mut("containerConfig") {
        if let (Some(Value::Object(hc)), Some(command)) =
            (cc.get_mut("healthCheckConfig"), record.pointer("/containerConfig/healthCheckConfig/command"))
        {
            hc.insert("command".into(), command.clone());
        }
        if record.pointer("/containerConfig/environment").is_none_or(Value::is_null) {
            cc.insert("environment".into(), Value::Null);
        }
    }
    if let Some(Value::Object(ac)) = m.get_mut("autoScalingConfig") {
        if record.pointer("/autoScalingConfig/blockDeviceVolumeSize").is_none_or(Value::is_null) {
            ac.insert("blockDeviceVolumeSize".into(), Value::Null);
        }
    }
}

fn texts(list: &[String]) -> Value {
    Value::Array(list.iter().map(|t| Value::String(t.clone())).collect())
}

/// Providers LiteLLM reaches with the deployment's own AWS role, which need no API key.
const AWS_PROVIDERS: [&str; 3] = ["bedrock", "sagemaker", "sagemaker_chat"];

/// Whether a create body's model probably needs an API key: an external model, not behind the
/// organisation's own load balancer (`internal_hosted`), whose LiteLLM provider (the
/// `modelName` prefix) is not one reached through AWS. LISA never returns `apiKey`, so this is
/// a guess the import asks the admin to confirm.
pub fn needs_api_key(body: &Value) -> bool {
    if is_hosted(body) || body.get("hostingType").and_then(Value::as_str) == Some(HostingType::InternalHosted.as_str()) {
        return false;
    }
    let name = body.get("modelName").and_then(Value::as_str).unwrap_or("");
    let provider = name.split_once('/').map_or("", |(p, _)| p);
    !AWS_PROVIDERS.contains(&provider)
}

/// Blank the environment values (they can hold tokens): the keys stay, each blanked one is
/// listed. Empty values are not secrets and stay as they are.
pub fn omit_env_values(body: &mut Value) -> Vec<String> {
    let mut omitted = Vec::new();
    if let Some(Value::Object(env)) = body.pointer_mut("/containerConfig/environment") {
        for (k, v) in env.iter_mut() {
            if v.as_str().is_none_or(|s| !s.is_empty()) {
                *v = json!("");
                omitted.push(k.clone());
            }
        }
    }
    omitted
}

/// One stored model (a `GET /models` record) as exported.
pub fn entry(record: &Value, include_env: bool) -> Entry {
    let mut body = create_body(record);
    let env_omitted = if include_env { Vec::new() } else { omit_env_values(&mut body) };
    Entry {
        needs_api_key: needs_api_key(&body),
        body,
        env_omitted,
        status: text_of(record.get("status")),
        context_window: record.get("contextWindow").and_then(Value::as_i64),
    }
}

fn entry_json(e: &Entry) -> Value {
    let mut m = Map::new();
    m.insert("create".into(), e.body.clone());
    m.insert("info".into(), json!({"status": e.status, "contextWindow": e.context_window}));
    m.insert("needsApiKey".into(), json!(e.needs_api_key));
    if !e.env_omitted.is_empty() {
        m.insert("environmentValuesOmitted".into(), texts(&e.env_omitted));
    }
    Value::Object(m)
}

/// The whole file, pretty-printed, `format` first (serde_json's maps are sorted, so the
/// envelope is written by hand).
pub fn document(entries: &[Entry], api_base_url: &str, exported_at: &str, include_env: bool) -> String {
    let models: Vec<Value> = entries.iter().map(entry_json).collect();
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default().replace('\n', "\n  ");
    format!(
        "{{\n  \"format\": {},\n  \"version\": {VERSION},\n  \"exportedAt\": {},\n  \"source\": {},\n  \"environmentValues\": {},\n  \"models\": {}\n}}\n",
        json!(FORMAT),
        json!(exported_at),
        pretty(&json!({"apiBaseUrl": api_base_url})),
        json!(if include_env { "included" } else { "omitted" }),
        pretty(&Value::Array(models)),
    )
}

/// `lisa-models-<host>-<YYYY-MM-DD>.json`: the deployment's host (from `apiBaseUrl`) and the
/// day of the export, reduced to characters safe in a file name.
pub fn file_name(api_base_url: &str, exported_at: &str) -> String {
    let after_scheme = api_base_url.split_once("://").map_or(api_base_url, |(_, rest)| rest);
    let host = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let safe: String = host.chars().take(80).map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    let safe = safe.trim_matches(['.', '_']);
    let day: String = exported_at.chars().take(10).filter(|c| c.is_ascii_digit() || *c == '-').collect();
    format!("lisa-models-{}-{}.json", if safe.is_empty() { "lisa" } else { safe }, day)
}

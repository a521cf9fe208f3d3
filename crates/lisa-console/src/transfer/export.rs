//! The export document: per model, the create body that would recreate it.
//!
//! The body comes from the create form's "copy a model" path: [`CreateForm::from_model`] (with
//! the model's own id) and [`CreateForm::to_json`], the same code that prefills `/models/new?copy=`.
//! That path decides what a create body holds (the hosting group only for LISA-hosted models,
//! the URL only where the admin chose it, only `scheduleType`, `timezone` and the matching
//! schedule). The form holds text, and a few stored values do not survive text exactly; those
//! are put back from the model ([`put_back_exact`]), so that LISA stores the same record again.

use serde_json::{json, Map, Value};

use super::{is_hosted, FORMAT, VERSION};
use crate::model_form::create::CreateForm;
use lisa_api::enums::HostingType;
use lisa_api::model::LisaModel;

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

/// The create body that recreates `model` (environment values included).
pub fn create_body(model: &LisaModel) -> Value {
    let mut form = CreateForm::from_model(model);
    form.model_id = model.model_id.clone();
    let mut body = form.to_json();
    put_back_exact(model, &mut body);
    body
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
fn put_back_exact(model: &LisaModel, body: &mut Value) {
    let Some(m) = body.as_object_mut() else { return };
    m.insert("hostingType".into(), model.hosting_type.as_ref().map_or(Value::Null, |h| json!(h.as_str())));
    match &model.model_description {
        Some(d) => m.insert("modelDescription".into(), json!(d)),
        None => m.remove("modelDescription"),
    };
    match &model.features {
        Some(list) => m.insert("features".into(), json!(list)),
        None => m.remove("features"),
    };
    match &model.allowed_groups {
        Some(groups) => m.insert("allowedGroups".into(), json!(groups)),
        None => m.remove("allowedGroups"),
    };
    match &model.guardrails_config {
        Some(map) => {
            let mut by_name = Map::new();
            for g in map.values() {
                let mut entry = Map::new();
                entry.insert("guardrailName".into(), json!(g.guardrail_name));
                entry.insert("guardrailIdentifier".into(), json!(g.guardrail_identifier));
                entry.insert("guardrailVersion".into(), json!(g.guardrail_version));
                entry.insert("mode".into(), json!(g.mode.as_str()));
                if let Some(d) = &g.description {
                    entry.insert("description".into(), json!(d));
                }
                entry.insert("allowedGroups".into(), json!(g.allowed_groups));
                by_name.insert(g.guardrail_name.clone(), Value::Object(entry));
            }
            m.insert("guardrailsConfig".into(), Value::Object(by_name))
        }
        None => m.remove("guardrailsConfig"),
    };
    if let (Some(c), Some(Value::Object(cc))) = (&model.container_config, m.get_mut("containerConfig")) {
        if let Some(Value::Object(hc)) = cc.get_mut("healthCheckConfig") {
            hc.insert("command".into(), json!(c.health_check_config.command));
        }
        if c.environment.is_none() {
            cc.insert("environment".into(), Value::Null);
        }
    }
    if let (Some(a), Some(Value::Object(ac))) = (&model.auto_scaling_config, m.get_mut("autoScalingConfig")) {
        if a.block_device_volume_size.is_none() {
            ac.insert("blockDeviceVolumeSize".into(), Value::Null);
        }
    }
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

/// One model as exported.
pub fn entry(model: &LisaModel, include_env: bool) -> Entry {
    let mut body = create_body(model);
    let env_omitted = if include_env { Vec::new() } else { omit_env_values(&mut body) };
    Entry {
        needs_api_key: needs_api_key(&body),
        body,
        env_omitted,
        status: model.status.as_str().to_string(),
        context_window: model.context_window,
    }
}

fn entry_json(e: &Entry) -> Value {
    let mut m = Map::new();
    m.insert("create".into(), e.body.clone());
    m.insert("info".into(), json!({"status": e.status, "contextWindow": e.context_window}));
    m.insert("needsApiKey".into(), json!(e.needs_api_key));
    if !e.env_omitted.is_empty() {
        m.insert("environmentValuesOmitted".into(), json!(e.env_omitted));
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

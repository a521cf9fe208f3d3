//! Setting the deployment's default model safely (lisa-config.md §8). LISA's configuration API
//! has no locking and no merge: a PUT becomes the whole configuration, the client picks the
//! version, and a failed read can look like `200 []`. Each step's decision is a function here;
//! the page only sends what they return and stops where they refuse.
//!
//! 1. [`latest`]: the row to start from; `[]` is never "safe to create".
//! 2. [`eligible`]: only in-service text, image or video generation models (the ones LISA's chat
//!    can pre-select).
//! 3. [`body_for`]: a deep copy of the row with only `global.defaultModel` changed, the next
//!    integer `versionId`, and no timestamp.
//! 4. [`unchanged_since`]: read again just before writing; refuse if anyone saved meanwhile.
//! 5. [`confirm_written`]: read after writing; our version must be the newest and carry our change.

use lisa_api::config::ConfigRow;
use lisa_api::{ModelStatus, ModelType};
use serde_json::{Map, Value};

/// Why the procedure stopped. Nothing was written when it stops before the PUT.
pub type Refusal = String;

const EMPTY_READ: &str = "LISA answered with no configuration at all (200 []). That is also how it reports a \
     failed database read, so writing now could erase the deployment's banner and feature settings. Nothing \
     was written; try again later.";

/// The newest row: the first (LISA orders by `versionId`, highest first), refusing an empty
/// answer and a list whose first row is not the highest.
pub fn latest(rows: &[ConfigRow]) -> Result<&ConfigRow, Refusal> {
    let first = rows.first().ok_or_else(|| EMPTY_READ.to_string())?;
    if let Some(higher) = rows.iter().find(|r| r.version_id > first.version_id) {
        return Err(format!(
            "LISA's configuration list is out of order (version {} is listed after version {}). Nothing was written.",
            version_text(higher.version_id),
            version_text(first.version_id)
        ));
    }
    Ok(first)
}

/// Whether LISA's chat would use this model as its default; `Err` says why not.
pub fn eligible(model_type: &ModelType, status: &ModelStatus) -> Result<(), String> {
    if !matches!(model_type, ModelType::Textgen | ModelType::Imagegen | ModelType::Videogen) {
        return Err(format!(
            "Only text, image or video generation models can be the default: LISA's chat ignores a default of type {}.",
            model_type.as_str()
        ));
    }
    if *status != ModelStatus::InService {
        return Err(format!(
            "Only a model in service can be the default: LISA's chat ignores a default that is not in service (this one is {}).",
            crate::lifecycle::status_label(status).to_lowercase()
        ));
    }
    Ok(())
}

/// `3.0` → `3`; anything else as it is.
pub fn version_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The next version: `trunc(latest) + 1`, an integer.
pub fn next_version(latest: &ConfigRow) -> i64 {
    latest.version_id.trunc() as i64 + 1
}

/// The PUT body: the latest row, deep-copied, with `global.defaultModel` set to `model_id` (or
/// removed when `None`, which clears the default), the next integer version, who and why, and
/// neither timestamp. Every other key (banner, components, unknown keys, other `global`
/// sub-keys) is left exactly as read.
pub fn body_for(latest: &ConfigRow, model_id: Option<&str>, changed_by: &str) -> Value {
    let mut configuration: Map<String, Value> = latest.configuration.clone();
    let mut global = match configuration.remove("global") {
        Some(Value::Object(g)) => g,
        _ => Map::new(),
    };
    match model_id {
        Some(id) => {
            global.insert("defaultModel".into(), Value::String(id.to_string()));
        }
        None => {
            global.remove("defaultModel");
        }
    }
    configuration.insert("global".into(), Value::Object(global));
    let reason = match model_id {
        Some(id) => format!("Set default model to: {id}"),
        None => "Cleared the default model".to_string(),
    };
    let mut body: Map<String, Value> = latest.other.clone();
    body.remove("created_at");
    body.remove("createdAt");
    body.insert("configScope".into(), Value::String(latest.config_scope.clone()));
    body.insert("versionId".into(), Value::from(next_version(latest)));
    body.insert("changedBy".into(), Value::String(changed_by.to_string()));
    body.insert("changeReason".into(), Value::String(reason));
    body.insert("configuration".into(), Value::Object(configuration));
    Value::Object(body)
}

/// Who saved a row, and why, as a phrase.
fn who(row: &ConfigRow) -> String {
    let by = row.changed_by.as_deref().filter(|s| !s.is_empty()).unwrap_or("someone");
    match row.change_reason.as_deref().filter(|s| !s.is_empty()) {
        Some(reason) => format!("by {by}: \u{201c}{reason}\u{201d}"),
        None => format!("by {by}"),
    }
}

/// The configuration keys whose values differ between two rows (`global.defaultModel` named
/// as such), for "what changed".
pub fn changed_keys(before: &ConfigRow, after: &ConfigRow) -> Vec<String> {
    let mut keys: Vec<&String> = before.configuration.keys().chain(after.configuration.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let (a, b) = (before.configuration.get(key), after.configuration.get(key));
        if a == b {
            continue;
        }
        match (key.as_str(), a, b) {
            ("global", Some(Value::Object(x)), Some(Value::Object(y))) => {
                let mut sub: Vec<&String> = x.keys().chain(y.keys()).collect();
                sub.sort();
                sub.dedup();
                out.extend(sub.into_iter().filter(|k| x.get(*k) != y.get(*k)).map(|k| format!("global.{k}")));
            }
            _ => out.push(key.clone()),
        }
    }
    out
}

/// Step 4: the re-read just before writing still shows the row the body was built from.
pub fn unchanged_since(before: &ConfigRow, reread: &[ConfigRow]) -> Result<(), Refusal> {
    let now = latest(reread)?;
    if now.version_id != before.version_id {
        let keys = changed_keys(before, now);
        return Err(format!(
            "Someone saved the configuration meanwhile: version {} {} (changed: {}). Nothing was written; \
             review the current configuration and try again.",
            version_text(now.version_id),
            who(now),
            if keys.is_empty() { "nothing in the configuration itself".to_string() } else { keys.join(", ") }
        ));
    }
    if now != before {
        let keys = changed_keys(before, now);
        return Err(format!(
            "Version {} was rewritten meanwhile {} (changed: {}). Nothing was written; try again.",
            version_text(now.version_id),
            who(now),
            if keys.is_empty() { "its details".to_string() } else { keys.join(", ") }
        ));
    }
    Ok(())
}

/// Step 6: after LISA answered 200, the newest row is ours and carries our change.
pub fn confirm_written(sent: &Value, after: &[ConfigRow]) -> Result<(), Refusal> {
    let ours = sent.get("versionId").and_then(Value::as_f64).unwrap_or(f64::NAN);
    let wanted = sent.pointer("/configuration/global/defaultModel").and_then(Value::as_str);
    let Some(now) = after.first() else {
        return Err("LISA accepted the change, but reading the configuration back gave nothing (200 []), so it \
                    could not be confirmed. Check the configuration before changing it again."
            .to_string());
    };
    let newest = after.iter().map(|r| r.version_id).fold(f64::MIN, f64::max);
    if newest > ours {
        let top = after.iter().find(|r| r.version_id == newest).unwrap_or(now);
        return Err(format!(
            "A newer version {} was saved right after yours {}: your change to version {} has already been superseded.",
            version_text(newest),
            who(top),
            version_text(ours)
        ));
    }
    if now.version_id != ours {
        return Err(format!(
            "LISA accepted the change, but version {} is not in the configuration it returns (newest: {}).",
            version_text(ours),
            version_text(now.version_id)
        ));
    }
    let same_author = now.changed_by.as_deref() == sent.get("changedBy").and_then(Value::as_str)
        && now.change_reason.as_deref() == sent.get("changeReason").and_then(Value::as_str);
    if !same_author || now.default_model() != wanted {
        return Err(format!(
            "Another save took version {} at the same time {}: your change was overwritten. Review the \
             configuration and try again.",
            version_text(ours),
            who(now)
        ));
    }
    Ok(())
}

#[cfg(test)]
#[path = "default_model_tests.rs"]
mod tests;

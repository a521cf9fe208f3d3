//! LISA's configuration API (lisa-config.md): `GET /configuration?configScope=<scope>` answers
//! every version row of the scope, highest `versionId` first; `PUT /configuration/{scope}`
//! stores the body verbatim as a row. Numbers come back as floats (`versionId: 3.0`), and the
//! row's timestamp is `createdAt` on the deploy-time seed row and `created_at` (a long decimal
//! string) on rows written by PUT.
//!
//! A row keeps every key it was read with (`configuration` as raw JSON, unknown top-level keys in
//! `other`), so that writing it back changes nothing it was not asked to change.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{decode_json, ApiError};

/// The scope that holds the deployment's settings (banner, components, default model).
pub const GLOBAL_SCOPE: &str = "global";

/// One version row of a configuration scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigRow {
    #[serde(rename = "configScope")]
    pub config_scope: String,
    /// A float on the wire (`3.0`); integers in practice, chosen by the client that wrote it.
    #[serde(rename = "versionId")]
    pub version_id: f64,
    #[serde(rename = "changedBy", default, skip_serializing_if = "Option::is_none")]
    pub changed_by: Option<String>,
    #[serde(rename = "changeReason", default, skip_serializing_if = "Option::is_none")]
    pub change_reason: Option<String>,
    /// The whole configuration object, exactly as read.
    #[serde(default)]
    pub configuration: Map<String, Value>,
    /// Rows written by PUT: set by the server (`"1718030000.12345600128173828125"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Value>,
    /// The deploy-time seed row: integer seconds as a string.
    #[serde(rename = "createdAt", default, skip_serializing_if = "Option::is_none")]
    pub created_at_seed: Option<Value>,
    /// Any other key of the row, kept as read.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl ConfigRow {
    /// `configuration.global.defaultModel`; an empty string counts as none (the LISA UI's rule).
    pub fn default_model(&self) -> Option<&str> {
        self.configuration
            .get("global")
            .and_then(|g| g.get("defaultModel"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// When the row was written, in seconds, whichever spelling it has (`createdAt` first, as
    /// the LISA UI reads it).
    pub fn written_at(&self) -> Option<f64> {
        let seconds = |v: &Value| match v {
            Value::String(s) => s.trim().parse::<f64>().ok(),
            Value::Number(n) => n.as_f64(),
            _ => None,
        };
        self.created_at_seed.as_ref().and_then(seconds).or_else(|| self.created_at.as_ref().and_then(seconds))
    }
}

/// Decode a `GET /configuration` answer: a list of rows (possibly `[]`, which LISA also sends
/// when its database read failed; deciding what that means is the caller's job).
pub fn decode_rows(status: u16, body: &str) -> Result<Vec<ConfigRow>, ApiError> {
    decode_json(status, body)
}

/// The default model of the newest row of a `GET /configuration` body, read without decoding
/// whole rows (a badge needs nothing else; the safe write procedure decodes [`ConfigRow`]s).
/// `None` for an unreadable or empty answer, or no default.
pub fn latest_default_model(body: &str) -> Option<String> {
    let rows: Vec<Value> = serde_json::from_str(body).ok()?;
    let newest = rows.iter().max_by(|a, b| {
        let v = |r: &Value| r.get("versionId").and_then(Value::as_f64).unwrap_or(f64::MIN);
        v(a).total_cmp(&v(b))
    })?;
    newest.pointer("/configuration/global/defaultModel").and_then(Value::as_str).filter(|s| !s.is_empty()).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = r#"{"configScope":"global","versionId":0.0,"changedBy":"System","createdAt":"1718000000",
        "configuration":{"maxProjectsPerUser":50.0,"systemBanner":{"isEnabled":false,"text":"","textColor":"","backgroundColor":""},
        "enabledComponents":{"modelLibrary":true,"showMcpWorkbench":false}}}"#;

    #[test]
    fn rows_read_floats_both_timestamps_and_unknown_keys() {
        let body = format!(
            r#"[{{"configScope":"global","versionId":3.0,"changedBy":"alice","changeReason":"Set default model to: m",
                "created_at":"1718030000.12345600128173828125","ttl":7,
                "configuration":{{"global":{{"defaultModel":"m","x":1}},"futureKey":{{"a":[1,2.5]}}}}}},{SEED}]"#
        );
        let rows = decode_rows(200, &body).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].version_id, 3.0);
        assert_eq!(rows[0].default_model(), Some("m"));
        assert_eq!(rows[0].written_at(), Some(1718030000.123456));
        assert_eq!(rows[0].other.get("ttl"), Some(&serde_json::json!(7)));
        assert_eq!(rows[1].default_model(), None);
        assert_eq!(rows[1].written_at(), Some(1718000000.0));
        // Written back, the configuration and unknown keys are as read, floats included.
        let back = serde_json::to_string(&rows[1]).unwrap();
        assert!(back.contains(r#""maxProjectsPerUser":50.0"#), "{back}");
        let again = serde_json::to_value(&rows[0]).unwrap();
        assert_eq!(again["configuration"]["futureKey"], serde_json::json!({"a": [1, 2.5]}));
        assert_eq!(again["ttl"], serde_json::json!(7));
    }

    #[test]
    fn the_badge_reads_the_newest_row() {
        let body = format!(r#"[{SEED},{{"configScope":"global","versionId":2.0,"configuration":{{"global":{{"defaultModel":"m2"}}}}}}]"#);
        assert_eq!(latest_default_model(&body).as_deref(), Some("m2"));
        assert_eq!(latest_default_model(&format!("[{SEED}]")), None);
        assert_eq!(latest_default_model("[]"), None);
        assert_eq!(latest_default_model("<html>"), None);
    }

    #[test]
    fn empty_default_is_none_and_errors_are_errors() {
        let row: ConfigRow = serde_json::from_str(r#"{"configScope":"global","versionId":1,"configuration":{"global":{"defaultModel":""}}}"#).unwrap();
        assert_eq!(row.default_model(), None);
        assert_eq!(decode_rows(200, "[]").unwrap(), Vec::new());
        let e = decode_rows(400, r#""Request body is required.""#).unwrap_err();
        assert_eq!(e.message, "Request body is required.");
        assert!(decode_rows(200, r#"{"status":"ok"}"#).is_err());
    }
}

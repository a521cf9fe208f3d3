//! Many models at once (issue 14): export, import with a dry run, and the report.
//!
//! * [`export`]: the create body that would recreate a stored model, through the create form's
//!   own "copy a model" path ([`crate::model_form::create::CreateForm::from_model`]) with the
//!   few fields the form cannot hold exactly put back, and the export document around it;
//!   [`curl`] the same body as a shell command.
//! * [`parse`]: an import file as untrusted text (size and nesting limits, line and column in
//!   every error) becomes [`Definition`]s: the export format, one bare `CreateModelRequest`, or
//!   a list of them. Keys LISA ignores ([`known`]) are listed and not sent.
//! * [`plan`]: the dry run. Each definition goes through LISA's create rules and the advisory
//!   rules, in LISA's order, is compared with the models that exist now ([`diff`]) and with the
//!   other definitions of the file, and becomes *create*, *exists*, *invalid* or *needs input*.
//! * [`apply`]: at most four creates at a time, each outcome kept; [`state`]: the plan and the
//!   outcomes in sessionStorage and as a report (JSON, CSV); [`handover`]: a definition opened in
//!   the create form and brought back; [`render`]: the plan table as HTML text.

pub mod apply;
pub mod curl;
pub mod diff;
pub mod export;
pub mod form;
pub mod handover;
pub mod known;
pub mod parse;
pub mod plan;
pub mod render;
pub mod scope;
pub mod state;

use serde::Deserialize;
use serde_json::Value;

/// `GET /models` with each record kept as sent: one record this client cannot read is listed
/// as such instead of failing the whole export or plan.
#[derive(Debug, Deserialize)]
pub struct RecordList {
    pub models: Vec<Value>,
}

/// The export document's `format`.
pub const FORMAT: &str = "lisa-admin.models";
/// The export document's `version`; a file of a higher version is refused, not misread.
pub const VERSION: u64 = 1;

/// One model definition of an import file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Definition {
    /// The create body to send: as in the file, without the keys LISA would ignore.
    pub body: Value,
    /// Keys LISA ignores (dotted paths), left out of `body`.
    pub ignored: Vec<String>,
    /// Schedule fields LISA maintains itself (`scheduleEnabled`, …), left out of `body`.
    pub maintained: Vec<String>,
    /// What the export said about the stored model, for information.
    pub info: Option<ExportInfo>,
    /// Environment variables whose values the export left out (blank in `body`).
    pub env_omitted: Vec<String>,
    /// LISA never returns `apiKey`: this model's provider probably needs one typed in.
    pub needs_api_key: bool,
    /// A problem with the entry itself (an export entry without a create body).
    pub problem: Option<String>,
}

/// The stored model's state when it was exported (`info` in the export document).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportInfo {
    pub status: Option<String>,
    pub context_window: Option<i64>,
}

/// The hosting group (lisa-api.md §4.3): any of these non-null makes a LISA-hosted model.
pub const HOSTING_GROUP: [&str; 5] = ["instanceType", "inferenceContainer", "containerConfig", "autoScalingConfig", "loadBalancerConfig"];

/// Whether a create body describes a LISA-hosted model (§4.3: by the hosting group, whatever
/// `hostingType` says).
pub fn is_hosted(body: &Value) -> bool {
    HOSTING_GROUP.iter().any(|k| body.get(*k).is_some_and(|v| !v.is_null()))
}

/// The `modelId` of a body as text ("" when it is missing or not a string).
pub fn body_id(body: &Value) -> &str {
    body.get("modelId").and_then(Value::as_str).unwrap_or("")
}

/// A JSON value as short text for a table cell: strings as they are, anything else as JSON,
/// cut at `max` characters.
pub fn short_json(value: &Value, max: usize) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > max {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    } else {
        text
    }
}

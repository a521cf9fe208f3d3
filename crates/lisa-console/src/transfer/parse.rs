//! An import file as untrusted text: anything may be in it (another tool's output, a hand edit,
//! a hostile file). It is read within limits, every error names where it is, and what it holds
//! becomes [`Definition`]s without anything being sent.
//!
//! Accepted shapes: the export document (`{"format": "lisa-admin.models", "version": 1,
//! "models": [{"create": {...}, ...}]}`), one bare `CreateModelRequest` (`{"modelId": ...}`),
//! or a list of them (export entries in a list are accepted too).

use serde_json::Value;

use super::known::strip;
use super::{export, Definition, ExportInfo, FORMAT, VERSION};

/// The largest file read (5 MiB).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The deepest nesting read: a create body nests 6 levels, an export adds 3.
pub const MAX_DEPTH: usize = 32;
/// The most definitions in one file.
pub const MAX_DEFINITIONS: usize = 10_000;

/// Why a file cannot be used at all (nothing of it is planned).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub message: String,
    /// 1-based line and column, when the problem is at one place.
    pub at: Option<(usize, usize)>,
}

impl FileError {
    fn new(message: impl Into<String>) -> Self {
        FileError { message: message.into(), at: None }
    }

    /// The message with its place, as shown.
    pub fn display(&self) -> String {
        match self.at {
            Some((line, column)) => format!("Line {line}, column {column}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// The size as people read it: "10.0 MB".
pub fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// The size check alone (the page runs it on a chosen file before reading it).
pub fn check_size(bytes: usize) -> Result<(), FileError> {
    if bytes > MAX_BYTES {
        return Err(FileError::new(format!(
            "The file is {}; the limit is {}. Split it into smaller files.",
            megabytes(bytes),
            megabytes(MAX_BYTES)
        )));
    }
    Ok(())
}

/// The first place where nesting goes deeper than [`MAX_DEPTH`], as line and column. Checked
/// before parsing, so a deeply nested file is refused without building anything.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut line, mut column) = (1usize, 0usize);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// serde_json's message without its own " at line L column C" (the place is given apart).
fn json_error(e: &serde_json::Error) -> FileError {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let at = (e.line() > 0).then_some((e.line(), e.column()));
    FileError { message: format!("This is not valid JSON: {message}."), at }
}

/// Read a file's text into definitions.
pub fn parse(text: &str) -> Result<Vec<Definition>, FileError> {
    check_size(text.len())?;
    if text.trim().is_empty() {
        return Err(FileError::new("The file is empty."));
    }
    if let Some(at) = too_deep(text) {
        return Err(FileError {
            message: format!("The JSON nests deeper than {MAX_DEPTH} levels here; a model definition needs fewer than 10."),
            at: Some(at),
        });
    }
    let value: Value = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let definitions = match value {
        Value::Object(ref o) if o.contains_key("format") => export_document(o)?,
        Value::Object(_) => vec![definition(value, None)],
        Value::Array(items) => items.into_iter().map(list_item).collect(),
        other => {
            return Err(FileError::new(format!(
                "The file holds {}, not a model definition: expected an export of LISA Admin, one create request (a JSON object) or a list of them.",
                kind(&other)
            )))
        }
    };
    if definitions.is_empty() {
        return Err(FileError::new("The file holds no model definitions."));
    }
    if definitions.len() > MAX_DEFINITIONS {
        return Err(FileError::new(format!(
            "The file holds {} definitions; at most {MAX_DEFINITIONS} are imported at once.",
            definitions.len()
        )));
    }
    Ok(definitions)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn export_document(o: &serde_json::Map<String, Value>) -> Result<Vec<Definition>, FileError> {
    match o.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(other) => {
            let shown: String = other.chars().take(60).collect();
            return Err(FileError::new(format!("The file's format is \"{shown}\"; LISA Admin reads \"{FORMAT}\".")));
        }
        None => return Err(FileError::new(format!("The file's \"format\" is not a text; LISA Admin reads \"{FORMAT}\"."))),
    }
    match o.get("version").and_then(Value::as_u64) {
        Some(v) if v <= VERSION => {}
        Some(v) => {
            return Err(FileError::new(format!(
                "The file is format version {v}, made by a newer LISA Admin; this one reads version {VERSION}."
            )))
        }
        None => return Err(FileError::new("The file's \"version\" is missing or not a whole number.")),
    }
    match o.get("models") {
        Some(Value::Array(items)) => Ok(items.iter().cloned().map(export_entry).collect()),
        _ => Err(FileError::new("The file's \"models\" is missing or not a list.")),
    }
}

/// A list item: an export entry (`{"create": …}`) or a bare create request.
fn list_item(item: Value) -> Definition {
    let is_entry = item.get("create").is_some() && item.get("modelId").is_none();
    if is_entry {
        export_entry(item)
    } else {
        definition(item, None)
    }
}

fn export_entry(entry: Value) -> Definition {
    let Value::Object(mut o) = entry else {
        let mut d = definition(Value::Null, None);
        d.problem = Some(format!("This entry of the export is {}, not an object with a create request.", kind(&entry)));
        return d;
    };
    let info = o.get("info").map(|i| ExportInfo {
        status: i.get("status").and_then(Value::as_str).map(|s| s.chars().take(40).collect()),
        context_window: i.get("contextWindow").and_then(Value::as_i64),
    });
    let omitted: Vec<String> = match o.get("environmentValuesOmitted") {
        Some(Value::Array(keys)) => keys.iter().filter_map(Value::as_str).map(String::from).collect(),
        _ => Vec::new(),
    };
    let flagged_key = o.get("needsApiKey").and_then(Value::as_bool);
    let body = o.remove("create").unwrap_or(Value::Null);
    let missing = body.is_null();
    let mut d = definition(body, info);
    if missing {
        d.problem = Some("This entry of the export has no \"create\" request.".into());
    }
    // Only names the body really has, and whose value is still blank.
    d.env_omitted = omitted
        .into_iter()
        .filter(|k| d.body.pointer("/containerConfig/environment").and_then(|e| e.get(k)).and_then(Value::as_str) == Some(""))
        .collect();
    if let Some(flag) = flagged_key {
        d.needs_api_key = flag && !has_api_key(&d.body);
    }
    d
}

fn has_api_key(body: &Value) -> bool {
    body.get("apiKey").and_then(Value::as_str).is_some_and(|k| !k.is_empty())
}

/// A create body as given: keys LISA ignores taken out and listed.
fn definition(mut body: Value, info: Option<ExportInfo>) -> Definition {
    let stripped = strip(&mut body);
    let needs_api_key = body.is_object() && export::needs_api_key(&body) && !has_api_key(&body);
    Definition {
        body,
        ignored: stripped.ignored,
        maintained: stripped.maintained,
        info,
        env_omitted: Vec::new(),
        needs_api_key,
        problem: None,
    }
}

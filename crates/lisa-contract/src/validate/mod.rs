//! LISA's server validation rules (lisa-api.md §5), one module shared by the mock server (as its
//! request validation) and the browser forms (on every change).
//!
//! The rules work on `serde_json::Value` rather than typed structs because LISA's answers depend
//! on the raw JSON: Pydantic's lax coercion (`"yes"` is a boolean, `"5"` an integer, `5.0` an
//! integer), omitted versus `null`, and the exact `loc` of each complaint. Rule numbers (V…, A…)
//! refer to lisa-api.md.

use serde_json::Value;

use crate::error::{FieldError, LocPart};

pub mod instances;
pub mod timezones;

pub use instances::InstanceTypes;

/// One complaint as LISA's 422 reports it. `input` and `ctx` are what the mock echoes; the
/// browser only looks at [`Violation::error`].
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    pub error: FieldError,
    pub input: Value,
    pub ctx: Option<Value>,
}

impl Violation {
    /// The FastAPI `detail[]` item.
    pub fn to_json(&self) -> Value {
        let mut item = serde_json::json!({
            "type": self.error.kind,
            "loc": self.error.loc,
            "msg": self.error.msg,
            "input": self.input,
        });
        if let (Some(ctx), Value::Object(map)) = (&self.ctx, &mut item) {
            map.insert("ctx".to_string(), ctx.clone());
        }
        item
    }
}

/// The whole 422 body: `{"detail": [...], "type": "RequestValidationError"}`.
pub fn validation_error_body(violations: &[Violation]) -> Value {
    serde_json::json!({
        "detail": violations.iter().map(Violation::to_json).collect::<Vec<_>>(),
        "type": "RequestValidationError",
    })
}

/// The `loc` helper: `loc(&["body", "autoScalingConfig"])`.
pub fn loc(parts: &[&str]) -> Vec<LocPart> {
    parts.iter().map(|p| LocPart::Key(p.to_string())).collect()
}

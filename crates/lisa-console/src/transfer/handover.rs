//! A definition of the import plan opened in the create form, fixed there, and brought back.
//!
//! The import page writes the definition as a create form under [`HANDOVER_KEY`] and opens
//! `/models/new?import=<row>`. The create form then edits that (not the admin's own create
//! draft), and instead of creating, "Back to the import plan" writes the form's body under
//! [`RETURNED_KEY`] and goes back to `/models/import`, which puts it into the plan
//! ([`take_back`]) and checks it again. Both keys are in sessionStorage, so a reload on either
//! page loses nothing.

use serde_json::{json, Value};

use super::known::strip;
use super::state::ImportState;
use super::{export, form};
use crate::model_form::codec::Codec;
use crate::model_form::create::CreateForm;

pub const HANDOVER_KEY: &str = "lisa-admin.import.handover";
pub const RETURNED_KEY: &str = "lisa-admin.import.returned";
/// The create form's query parameter naming the plan row.
pub const QUERY: &str = "import";

/// The form the create page opens for plan row `row` (its 0-based position).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handover {
    pub row: usize,
    pub form: CreateForm,
}

impl Handover {
    /// Row `row`'s body (as it would be sent, id included) as the create form.
    pub fn new(row: usize, body: &Value) -> Self {
        Handover { row, form: form::form_from_body(body) }
    }

    pub fn encode(&self) -> String {
        let mut form = self.form.encode();
        // The API key stays in the page that holds it; the form asks for it if it is needed.
        if let Some(m) = form.as_object_mut() {
            m.insert("apiKey".into(), json!(""));
        }
        json!({"version": 1, "row": self.row, "form": form}).to_string()
    }

    pub fn decode(text: &str) -> Option<Handover> {
        let v: Value = serde_json::from_str(text).ok()?;
        let row = usize::try_from(v.get("row")?.as_u64()?).ok()?;
        let mut form = CreateForm::decode(v.get("form")?, CreateForm::default());
        form.schedule.normalize();
        Some(Handover { row, form })
    }
}

/// What the create form sends back: the fixed body for plan row `row`.
pub fn returned(row: usize, body: &Value) -> String {
    json!({"row": row, "body": body}).to_string()
}

/// Put a body the create form sent back into the plan. `false`: nothing usable (unreadable, or
/// a row the plan does not have).
pub fn take_back(state: &mut ImportState, text: &str) -> bool {
    let Ok(v) = serde_json::from_str::<Value>(text) else { return false };
    let Some(row) = v.get("row").and_then(Value::as_u64).and_then(|r| usize::try_from(r).ok()) else { return false };
    let (Some(d), Some(mut body)) = (state.definitions.get_mut(row), v.get("body").cloned()) else { return false };
    let stripped = strip(&mut body);
    // Values still blank stay "left out by the export"; typed ones are the admin's.
    d.env_omitted.retain(|k| body.pointer("/containerConfig/environment").and_then(|e| e.get(k)).and_then(Value::as_str) == Some(""));
    d.needs_api_key = export::needs_api_key(&body) && body.get("apiKey").and_then(Value::as_str).is_none_or(str::is_empty);
    d.ignored = stripped.ignored;
    d.maintained = stripped.maintained;
    d.problem = None;
    d.body = body;
    if let Some(c) = state.choices.get_mut(row) {
        c.from_form = true;
        c.new_id.clear();
    }
    state.outcomes.remove(&row);
    true
}

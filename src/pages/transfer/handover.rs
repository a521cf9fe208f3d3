//! The create form's side of the hand-over with the import plan (the protocol is
//! `lisa_console::transfer::handover`): `/models/new?import=<row>` edits that definition, and
//! "Back to the import plan" sends the fixed body back instead of creating it.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use lisa_console::model_form::create::CreateForm;
use lisa_console::transfer::handover::{returned, Handover, HANDOVER_KEY, QUERY, RETURNED_KEY};
use lisa_console::url::query_value;
use serde_json::Value;

use crate::{routes, storage};

/// With `?import=<row>` and that row's definition stored: the form to start from.
pub fn start() -> Option<Handover> {
    let row: usize = use_location().search.with_untracked(|s| query_value(s, QUERY))?.parse().ok()?;
    let handover = Handover::decode(&storage::get(HANDOVER_KEY)?)?;
    (handover.row == row).then_some(handover)
}

/// Keep the form as it is being edited (a reload of the create form keeps the edits).
pub fn keep(row: usize, form: &CreateForm) -> bool {
    storage::set(HANDOVER_KEY, &Handover { row, form: form.clone() }.encode())
}

/// Send the fixed body back; the import page's path to go to.
pub fn back(row: usize, body: &Value) -> Result<String, String> {
    if !storage::set(RETURNED_KEY, &returned(row, body)) {
        return Err("This browser tab cannot store the definition for the import page (storage is full or disabled).".into());
    }
    storage::remove(HANDOVER_KEY);
    Ok(routes::href(routes::MODELS_IMPORT))
}

pub fn import_page() -> String {
    routes::href(routes::MODELS_IMPORT)
}

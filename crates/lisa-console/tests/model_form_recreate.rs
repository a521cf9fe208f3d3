//! A model deleted while its edit form was open: the edits become a create form (same id), so
//! the admin can create the model again without retyping anything.

// The rule tests' body builders and assertions (one copy, in lisa-api).
#[path = "../../lisa-api/tests/common/mod.rs"]
mod common;

use lisa_console::model_form::draft::{recreate_key, CreateDraft};
use lisa_console::model_form::edit::EditForm;
use lisa_console::model_form::rows::EnvRow;
use lisa_api::validate::InstanceTypes;
use lisa_console::lifecycle::Hosting;
use serde_json::json;

#[test]
fn hosted_edits_land_in_the_create_form() {
    let model = common::model(&common::hosted(), "InService");
    let mut edited = EditForm::from_model(&model);
    edited.model_description = "typed before the model vanished".into();
    edited.capacity.max_capacity = "6".into();
    edited.container.environment.push(EnvRow { key: "NEW_VAR".into(), value: "1".into() });
    let draft = CreateDraft::recreate(&model, &edited);
    assert_eq!(draft.copy_of.as_deref(), Some("mistral-7b"));
    let f = &draft.form;
    assert_eq!((f.model_id.as_str(), f.hosting), ("mistral-7b", Hosting::LisaHosted));
    assert_eq!(f.model_description, "typed before the model vanished");
    assert_eq!(f.autoscaling.max_capacity, "6");
    assert_eq!(f.instance_type, "g5.xlarge", "what the edit form cannot change comes from the model");
    assert!(f.container.environment.iter().any(|r| r.key == "NEW_VAR"));
    // It is a complete, valid create request, and it survives storage.
    let body = f.to_request(&InstanceTypes::builtin()).expect("valid");
    assert_eq!(body["autoScalingConfig"]["maxCapacity"], json!(6));
    assert_eq!(CreateDraft::decode(&draft.encode()).expect("draft"), draft);
    assert_eq!(recreate_key("mistral-7b"), "lisa-admin.draft.recreate.mistral-7b");
}

#[test]
fn external_edits_keep_the_url_and_ignore_capacity() {
    let model = common::model(&common::external(), "InService");
    let mut edited = EditForm::from_model(&model);
    edited.streaming = false;
    edited.allowed_groups = "research".into();
    edited.capacity.max_capacity = "9".into();
    let f = CreateDraft::recreate(&model, &edited).form;
    assert_eq!((f.model_id.as_str(), f.streaming, f.allowed_groups.as_str()), ("claude-3-haiku", false, "research"));
    let blank = lisa_console::model_form::create::CreateForm::default();
    assert_eq!(f.autoscaling, blank.autoscaling, "an external model has no capacity");
    assert!(f.to_request(&InstanceTypes::builtin()).is_ok());
}

//! The edit form: the minimal update body, state rules checked up front (V47–V57, V73, V74),
//! schedule changes on their own routes, drafts.

// The rule tests' body builders and assertions (one copy, in lisa-api).
#[path = "../../lisa-api/tests/common/mod.rs"]
mod common;

use lisa_console::model_form::draft::{CreateDraft, EditDraft};
use lisa_console::model_form::edit::{EditForm, RunChange, ScheduleChange, Scope};
use lisa_console::model_form::rows::{EnvRow, GuardrailRow};
use lisa_console::model_form::schedule::ScheduleMode;
use lisa_console::model_form::{FormErrors, ADVISORY_LABEL};
use lisa_api::LisaModel;
use serde_json::{json, Value};

fn hosted(status: &str) -> LisaModel {
    let body = common::with(common::hosted(), "guardrailsConfig", json!({
        "pii": {"guardrailName": "pii", "guardrailIdentifier": "gr-1"},
        "tox": {"guardrailName": "tox", "guardrailIdentifier": "gr-2"}
    }));
    common::model(&body, status)
}

fn external(status: &str) -> LisaModel {
    common::model(&common::external(), status)
}

fn start(model: &LisaModel) -> (EditForm, EditForm) {
    let f = EditForm::from_model(model);
    (f.clone(), f)
}

fn flat(e: &FormErrors) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        e.fields.iter().flat_map(|(k, ps)| ps.iter().map(move |p| (k.clone(), p.display()))).collect();
    out.extend(e.unplaced.iter().map(|p| ("<banner>".to_string(), p.display())));
    out
}

#[track_caller]
fn only(edited: &EditForm, original: &EditForm, model: &LisaModel, key: &str) -> String {
    let f = flat(&edited.check(original, model));
    assert_eq!(f.len(), 1, "expected one complaint at {key}, got {f:#?}");
    assert_eq!(f[0].0, key, "{f:#?}");
    f[0].1.clone()
}

/// The body to send; asserts it passes every check and matches the typed request.
#[track_caller]
fn sent(edited: &EditForm, original: &EditForm, model: &LisaModel) -> Value {
    let e = edited.check(original, model);
    assert!(e.is_empty(), "expected no complaint, got {:#?}", flat(&e));
    let typed = edited.diff(original, model).expect("request");
    let body = edited.diff_json(original, model);
    assert_eq!(serde_json::to_value(&typed).expect("json").as_object().map(|m| m.len()), body.as_object().map(|m| m.len()));
    body
}

#[test]
fn nothing_changed_sends_nothing() {
    let model = hosted("InService");
    let (original, edited) = start(&model);
    assert_eq!(edited.diff_json(&original, &model), json!({}));
    assert!(edited.is_unchanged(&original, &model));
    assert_eq!(edited.schedule_change(&original, &model), ScheduleChange::None);
    // Whitespace around a number is the same number.
    let mut e = edited.clone();
    e.capacity.max_capacity = " 4 ".into();
    assert!(e.is_unchanged(&original, &model));
}

#[test]
fn only_what_changed_is_sent() {
    let model = hosted("InService");
    let (original, mut edited) = start(&model);
    edited.model_description = "Now with tools".into();
    assert_eq!(sent(&edited, &original, &model), json!({"modelDescription": "Now with tools"}));
    edited.allowed_groups = "admins".into();
    edited.capacity.max_capacity = "6".into();
    assert_eq!(
        sent(&edited, &original, &model),
        json!({"modelDescription": "Now with tools", "allowedGroups": ["admins"], "autoScalingInstanceConfig": {"maxCapacity": 6}})
    );
    // Back to the stored value: nothing to send for it.
    edited.capacity.max_capacity = "4".into();
    assert!(sent(&edited, &original, &model).get("autoScalingInstanceConfig").is_none());
}

#[test]
fn clearing_groups_makes_the_model_public() {
    let mut model = external("InService");
    model.allowed_groups = Some(vec!["ops".into()]);
    let (original, mut edited) = start(&model);
    edited.allowed_groups = String::new();
    assert_eq!(sent(&edited, &original, &model), json!({"allowedGroups": []}));
}

#[test]
fn a8_stopped_models_send_min_and_max_together() {
    let model = hosted("Stopped");
    let (original, mut edited) = start(&model);
    edited.capacity.min_capacity = "2".into();
    assert_eq!(sent(&edited, &original, &model), json!({"autoScalingInstanceConfig": {"minCapacity": 2, "maxCapacity": 4}}));
    edited.capacity.min_capacity = "1".into();
    edited.capacity.desired_capacity = "3".into();
    assert_eq!(
        sent(&edited, &original, &model),
        json!({"autoScalingInstanceConfig": {"minCapacity": 1, "maxCapacity": 4, "desiredCapacity": 3}})
    );
}

#[test]
fn capacity_rules_against_the_live_group() {
    let model = hosted("InService");
    let (original, mut edited) = start(&model);
    edited.capacity.desired_capacity = "5".into();
    let e = edited.check(&original, &model);
    assert_eq!(e.get("section.autoscaling")[0].text, "Desired capacity cannot exceed ASG max of 4.");
    assert!(e.get("autoScalingInstanceConfig.desiredCapacity")[0].advisory, "A5 against the stored max too");
    edited.capacity.max_capacity = "5".into();
    assert_eq!(sent(&edited, &original, &model), json!({"autoScalingInstanceConfig": {"maxCapacity": 5, "desiredCapacity": 5}}));
    edited.capacity.desired_capacity = String::new();
    edited.capacity.max_capacity = "4".into();
    edited.capacity.min_capacity = "5".into();
    assert_eq!(edited.check(&original, &model).get("section.autoscaling")[0].text, "Min capacity cannot exceed ASG max of 4.");
    edited.capacity.min_capacity = String::new();
    assert!(only(&edited, &original, &model, "autoScalingInstanceConfig.minCapacity").contains("currently 1"));
    edited.capacity.min_capacity = "1".into();
    edited.capacity.cooldown = "0".into();
    assert_eq!(only(&edited, &original, &model, "autoScalingInstanceConfig.cooldown"), "Input should be greater than 0");
}

#[test]
fn a5_min_above_stored_max_is_caught_though_lisa_misses_it() {
    let model = hosted("Stopped");
    let (original, mut edited) = start(&model);
    edited.capacity.min_capacity = "6".into();
    let msg = only(&edited, &original, &model, "autoScalingInstanceConfig.minCapacity");
    assert!(msg.starts_with(ADVISORY_LABEL) && msg.contains("exceed the maximum"), "{msg}");
}

#[test]
fn v47_only_in_service_or_stopped() {
    for status in ["Creating", "Updating", "Starting", "Stopping", "Deleting", "Failed"] {
        let model = hosted(status);
        let (original, mut edited) = start(&model);
        assert!(only(&edited, &original, &model, "section.status").contains(status));
        edited.model_description = "x".into();
        let e = edited.check(&original, &model);
        assert!(e.has("section.status"), "{status}: {:#?}", flat(&e));
    }
}

#[test]
fn v48_to_v50_start_and_stop() {
    let model = hosted("InService");
    let scope = Scope::of(&model);
    assert!(scope.can_stop && !scope.can_start);
    let (original, mut edited) = start(&model);
    edited.run = RunChange::Stop;
    assert_eq!(sent(&edited, &original, &model), json!({"enabled": false}));
    edited.capacity.max_capacity = "5".into();
    assert_eq!(only(&edited, &original, &model, "enabled"), "Start or Stop operations and AutoScaling changes must happen in separate requests.");
    edited.capacity.max_capacity = "4".into();
    edited.run = RunChange::Start;
    assert_eq!(only(&edited, &original, &model, "enabled"), "Model cannot be enabled when it is not in the 'Stopped' state.");
    let stopped = hosted("Stopped");
    let (original, mut edited) = start(&stopped);
    edited.run = RunChange::Stop;
    assert_eq!(only(&edited, &original, &stopped, "enabled"), "Model cannot be stopped when it is not in the 'InService' state.");
    edited.run = RunChange::Start;
    assert_eq!(sent(&edited, &original, &stopped), json!({"enabled": true}));
}

#[test]
fn v51_v56_external_models_have_no_capacity_container_or_schedule() {
    let model = external("InService");
    let scope = Scope::of(&model);
    assert!(!scope.hosted && !scope.container && !scope.can_start && !scope.can_stop);
    let (original, mut edited) = start(&model);
    edited.capacity.max_capacity = "3".into();
    edited.container.shared_memory_size = "4096".into();
    edited.schedule.mode = ScheduleMode::Recurring;
    assert!(edited.is_unchanged(&original, &model), "nothing the model cannot take is sent");
    let placer = edited.placer(&model);
    assert!(!placer.knows("autoScalingInstanceConfig.maxCapacity") && !placer.knows("section.container"));
}

#[test]
fn v57_hosted_model_without_a_stored_container() {
    let mut model = hosted("InService");
    model.container_config = None;
    assert!(!Scope::of(&model).container);
    let (original, mut edited) = start(&model);
    edited.container.shared_memory_size = "4096".into();
    assert!(edited.is_unchanged(&original, &model));
}

#[test]
fn container_changes_need_the_restart_acknowledgement() {
    let model = hosted("InService");
    let (original, mut edited) = start(&model);
    edited.container.shared_memory_size = "4096".into();
    assert!(only(&edited, &original, &model, "acknowledgeRestart").contains("restart"));
    edited.acknowledge_restart = true;
    assert_eq!(sent(&edited, &original, &model), json!({"containerConfig": {"sharedMemorySize": 4096}}));
    edited.container.command.text = "CMD-SHELL\ncurl -f localhost".into();
    assert_eq!(sent(&edited, &original, &model)["containerConfig"]["healthCheckCommand"], json!(["CMD-SHELL", "curl -f localhost"]));
}

#[test]
fn a9_removed_variables_are_marked_for_deletion() {
    let model = hosted("InService");
    let (original, mut edited) = start(&model);
    assert_eq!(edited.container.environment, vec![EnvRow { key: "MAX_TOTAL_TOKENS".into(), value: "2048".into() }]);
    edited.acknowledge_restart = true;
    edited.container.environment = vec![EnvRow { key: "VLLM_MAX_MODEL_LEN".into(), value: "4096".into() }];
    assert_eq!(
        sent(&edited, &original, &model),
        json!({"containerConfig": {"environment": {"VLLM_MAX_MODEL_LEN": "4096", "MAX_TOTAL_TOKENS": "LISA_MARKED_FOR_DELETION"}}})
    );
    assert_eq!(edited.removed_env(&original), original.container.environment);
    edited.container.environment.push(EnvRow { key: "VLLM_MAX_MODEL_LEN".into(), value: "1".into() });
    assert!(only(&edited, &original, &model, "containerConfig.environment.1.key").contains("already set"));
}

#[test]
fn a10_removed_guardrails_are_sent_marked_for_deletion() {
    let model = hosted("InService");
    let (original, mut edited) = start(&model);
    assert_eq!(edited.guardrails.len(), 2);
    edited.guardrails.retain(|g| g.name != "tox");
    let body = sent(&edited, &original, &model);
    assert_eq!(body["guardrailsConfig"]["tox"]["markedForDeletion"], true);
    assert!(body["guardrailsConfig"]["pii"].get("markedForDeletion").is_none());
    edited.guardrails.clear();
    let body = sent(&edited, &original, &model);
    assert_eq!(body["guardrailsConfig"].as_object().map(|m| m.len()), Some(2), "never `{{}}`, which is a no-op");
    edited.guardrails.push(GuardrailRow { name: "new".into(), identifier: String::new(), ..Default::default() });
    assert_eq!(only(&edited, &original, &model, "guardrailsConfig.0.guardrailIdentifier"), "String should have at least 1 character");
}

#[test]
fn a6_and_v44_streaming_on_embedding_models() {
    let mut model = external("InService");
    model.model_type = lisa_api::ModelType::Embedding;
    model.streaming = false;
    let (original, mut edited) = start(&model);
    edited.streaming = true;
    assert!(only(&edited, &original, &model, "streaming").starts_with(ADVISORY_LABEL));
    // A streaming textgen model switched to embedding: LISA would accept it (V44 needs both in
    // the body), the form does not.
    let model2 = external("InService");
    assert!(model2.streaming);
    let (original2, mut edited2) = start(&model2);
    edited2.model_type = "embedding".into();
    assert!(only(&edited2, &original2, &model2, "streaming").contains("cannot stream"));
    edited2.streaming = false;
    assert_eq!(sent(&edited2, &original2, &model2), json!({"modelType": "embedding", "streaming": false}));
    // Both in the body: LISA's own V44.
    let mut model3 = external("InService");
    model3.streaming = false;
    let (original3, mut edited3) = start(&model3);
    edited3.model_type = "embedding".into();
    edited3.streaming = true;
    assert_eq!(only(&edited3, &original3, &model3, "streaming"), "Embedding model cannot be set with streaming enabled.");
}

#[test]
fn schedule_changes_go_to_the_schedule_routes() {
    let model = hosted("InService");
    let (original, mut edited) = start(&model);
    edited.schedule.mode = ScheduleMode::Recurring;
    edited.schedule.timezone = "Europe/Berlin".into();
    assert_eq!(edited.diff_json(&original, &model), json!({}), "not in the update body");
    assert!(!edited.is_unchanged(&original, &model));
    let ScheduleChange::Put(body) = edited.schedule_change(&original, &model) else { panic!("expected a put") };
    assert_eq!(body["scheduleType"], "RECURRING");
    assert!(edited.check(&original, &model).is_empty());
    edited.schedule.recurring.stop = "10:00".into();
    assert!(only(&edited, &original, &model, "autoScalingConfig.scheduling.recurringSchedule").contains("2 hours"));

    let mut scheduled = hosted("Stopped");
    let (o, e) = start(&model);
    let mut with_schedule = e.clone();
    with_schedule.schedule.mode = ScheduleMode::Recurring;
    if let (Some(a), ScheduleChange::Put(b)) = (scheduled.auto_scaling_config.as_mut(), with_schedule.schedule_change(&o, &model)) {
        a.scheduling = serde_json::from_value(b).ok();
    }
    let (original, mut edited) = start(&scheduled);
    assert_eq!(edited.schedule.mode, ScheduleMode::Recurring);
    edited.schedule.mode = ScheduleMode::None;
    assert_eq!(edited.schedule_change(&original, &scheduled), ScheduleChange::Delete);
    assert!(edited.check(&original, &scheduled).is_empty());
}

#[test]
fn v73_schedule_changes_need_a_settled_model() {
    let model = hosted("Updating");
    let (original, mut edited) = start(&model);
    edited.schedule.mode = ScheduleMode::Recurring;
    let e = edited.check(&original, &model);
    assert!(e.get("autoScalingConfig.scheduling")[0].text.starts_with("Cannot perform operation when model is in 'Updating' state"));
}

#[test]
fn drafts_round_trip_and_rebase_onto_a_changed_model() {
    let model = hosted("InService");
    let (base, mut edited) = start(&model);
    edited.model_description = "mine".into();
    let draft = EditDraft::new(base.clone(), edited.clone(), Some(answer(&model)));
    let back = EditDraft::decode(&draft.encode()).expect("draft");
    assert_eq!(back.restore(&base), (edited.clone(), false));
    assert_eq!(back.model().as_ref(), Some(&model), "LISA's answer round-trips");

    // Meanwhile someone raised the max capacity: the draft keeps its edit, not the old max.
    let mut fresh_model = model.clone();
    if let Some(a) = fresh_model.auto_scaling_config.as_mut() {
        a.max_capacity = 8;
    }
    let fresh = EditForm::from_model(&fresh_model);
    let (restored, moved) = back.restore(&fresh);
    assert!(moved);
    assert_eq!((restored.model_description.as_str(), restored.capacity.max_capacity.as_str()), ("mine", "8"));
    assert_eq!(restored.diff_json(&fresh, &fresh_model), json!({"modelDescription": "mine"}));

    assert!(EditDraft::decode("{not json").is_err());
    assert!(EditDraft::decode(&draft.encode().replace("\"version\":1", "\"version\":99")).is_err());
    let create = CreateDraft::new(Default::default(), Some("abc".into()));
    assert_eq!(CreateDraft::decode(&create.encode()).expect("draft"), create);
    assert!(!create.has_input(&Default::default()));
}

/// LISA's `GET /models/{id}` answer for `model`, as the edit page keeps it.
fn answer(model: &LisaModel) -> String {
    json!({ "model": model }).to_string()
}

#[test]
fn a_draft_of_a_deleted_model_becomes_a_create_draft_after_a_reload() {
    let model = hosted("InService");
    let (base, mut edited) = start(&model);
    // Nothing typed: nothing to offer.
    assert_eq!(EditDraft::new(base.clone(), edited.clone(), Some(answer(&model))).recreate(), None);
    edited.model_description = "typed before it vanished".into();
    edited.capacity.max_capacity = "4".into();
    let stored = EditDraft::new(base.clone(), edited.clone(), Some(answer(&model))).encode();
    let create = EditDraft::decode(&stored).expect("draft").recreate().expect("a create draft");
    assert_eq!(create, CreateDraft::recreate(&model, &edited));
    assert_eq!((create.form.model_id.as_str(), create.copy_of.as_deref()), (model.model_id.as_str(), Some(model.model_id.as_str())));
    assert_eq!(create.form.model_description, "typed before it vanished");
    assert_eq!(create.form.autoscaling.max_capacity, "4");
    // A draft from before the snapshot was kept, or with a snapshot that is not a model: the
    // edits still restore; only the offer is missing.
    let old = EditDraft::new(base.clone(), edited.clone(), None).encode();
    let old = EditDraft::decode(&old).expect("an older draft still reads");
    assert_eq!((old.recreate(), old.edited.clone()), (None, edited.clone()));
    for bad in [json!(r#"{"model": {"modelId": 7}}"#), json!("not json"), json!({"model": {}})] {
        let mut broken: serde_json::Value = serde_json::from_str(&stored).expect("JSON");
        broken["model"] = bad.clone();
        let broken = EditDraft::decode(&broken.to_string()).expect("the edits survive a broken answer");
        assert_eq!((broken.model(), broken.recreate(), &broken.edited), (None, None, &edited), "{bad}");
    }
}

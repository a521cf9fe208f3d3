//! The create form: form state → request body, where each complaint lands, copying a model.

// The rule tests' body builders and assertions (one copy, in lisa-api).
#[path = "../../lisa-api/tests/common/mod.rs"]
mod common;

use lisa_console::model_form::create::{CreateForm, Hosting};
use lisa_console::model_form::rows::{CommandMode, EnvRow, GuardrailRow};
use lisa_console::model_form::schedule::ScheduleMode;
use lisa_console::model_form::{FormErrors, ADVISORY_LABEL};
use lisa_api::requests::ModelResponse;
use lisa_api::validate::InstanceTypes;
use lisa_api::{FieldError, LocPart};
use serde_json::{json, Value};

fn instances() -> InstanceTypes {
    InstanceTypes::builtin()
}

fn external() -> CreateForm {
    CreateForm { model_id: "claude-3-haiku".into(), model_name: "bedrock/anthropic.claude-3-haiku".into(), ..Default::default() }
}

fn hosted() -> CreateForm {
    let mut f = CreateForm {
        hosting: Hosting::LisaHosted,
        model_id: "mistral-7b".into(),
        model_name: "mistralai/Mistral-7B-Instruct-v0.2".into(),
        instance_type: "g5.xlarge".into(),
        inference_container: "vllm".into(),
        ..Default::default()
    };
    f.container.base_image = "vllm/vllm-openai:v0.5.0".into();
    f
}

/// `(key, text)` of every complaint, in key order.
fn flat(e: &FormErrors) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        e.fields.iter().flat_map(|(k, ps)| ps.iter().map(move |p| (k.clone(), p.display()))).collect();
    out.extend(e.unplaced.iter().map(|p| ("<banner>".to_string(), p.display())));
    out
}

#[track_caller]
fn only(form: &CreateForm, key: &str) -> String {
    let e = form.check(&instances());
    let f = flat(&e);
    assert_eq!(f.len(), 1, "expected one complaint at {key}, got {f:#?}");
    assert_eq!(f[0].0, key, "{f:#?}");
    f[0].1.clone()
}

#[track_caller]
fn valid(form: &CreateForm) -> Value {
    let e = form.check(&instances());
    assert!(e.is_empty(), "expected no complaint, got {:#?}", flat(&e));
    let sent = form.to_request(&instances()).expect("request");
    assert_eq!(sent, form.to_json(), "the body sent is the form's body");
    serde_json::from_value::<lisa_api::requests::CreateModelRequest>(sent.clone()).expect("a CreateModelRequest");
    // What the API client sends passes the server rules too.
    common::assert_ok(common::create(&sent));
    sent
}

#[test]
fn every_hosting_type_builds_a_valid_body_from_the_defaults() {
    let third = valid(&external());
    assert_eq!(third["hostingType"], "third_party");
    assert_eq!(third["streaming"], false, "streaming is always a boolean (V36, A7)");
    for key in ["instanceType", "containerConfig", "autoScalingConfig", "loadBalancerConfig", "modelDescription"] {
        assert!(third.get(key).is_none(), "{key} should be left out: {third}");
    }

    let mut internal = external();
    internal.hosting = Hosting::InternalHosted;
    internal.model_url = "https://internal-llm-123.us-east-1.elb.amazonaws.com/v1".into();
    internal.api_key = "sk-1".into();
    let body = valid(&internal);
    assert_eq!(body["hostingType"], "internal_hosted");
    assert_eq!(body["apiKey"], "sk-1");

    let body = valid(&hosted());
    assert_eq!(body["hostingType"], "lisa_hosted");
    assert_eq!(body["containerConfig"]["healthCheckConfig"]["command"], json!(["CMD-SHELL", "exit 0"]));
    assert_eq!(body["containerConfig"]["sharedMemorySize"], 2048);
    assert_eq!(body["autoScalingConfig"]["blockDeviceVolumeSize"], 50);
    assert_eq!(body["loadBalancerConfig"]["healthCheckConfig"]["path"], "/health");
    assert!(body.get("modelUrl").is_none() && body.get("apiKey").is_none(), "LISA assigns a hosted model's URL");
    assert!(body["autoScalingConfig"].get("scheduling").is_none());
}

#[test]
fn every_model_type_is_offered_and_valid() {
    for t in ["textgen", "imagegen", "videogen", "embedding"] {
        let mut f = external();
        f.model_type = t.into();
        assert_eq!(valid(&f)["modelType"], t);
    }
}

#[test]
fn the_sent_body_is_the_form_body() {
    let mut f = hosted();
    f.container.environment = vec![EnvRow { key: "MAX_TOTAL_TOKENS".into(), value: "2048".into() }];
    f.schedule.mode = ScheduleMode::Recurring;
    f.features = vec![lisa_console::model_form::rows::FeatureRow { name: "toolCalls".into(), overview: String::new() }];
    f.allowed_groups = "admins, ops".into();
    let sent = valid(&f);
    assert_eq!(sent["autoScalingConfig"]["scheduling"], json!({"scheduleType": "RECURRING", "timezone": "UTC", "recurringSchedule": {"startTime": "09:00", "stopTime": "17:00"}}));
    assert!(sent["containerConfig"].get("memoryReservation").is_none(), "unset options are left out, not null");
    assert_eq!(sent["allowedGroups"], json!(["admins", "ops"]));
}

#[test]
fn numbers_typed_as_text_get_lisas_own_messages() {
    let mut f = hosted();
    f.container.shared_memory_size = "lots".into();
    let msg = only(&f, "containerConfig.sharedMemorySize");
    assert_eq!(msg, "Input should be a valid integer, unable to parse string as an integer");
    f.container.shared_memory_size = "2048.5".into();
    assert_eq!(only(&f, "containerConfig.sharedMemorySize"), "Input should be a valid integer, unable to parse string as an integer");
    f.container.shared_memory_size = " 1024 ".into();
    assert_eq!(valid(&f)["containerConfig"]["sharedMemorySize"], 1024);
    f.container.shared_memory_size = "".into();
    assert_eq!(only(&f, "containerConfig.sharedMemorySize"), "Field required");
    f.container.shared_memory_size = "0".into();
    assert_eq!(only(&f, "containerConfig.sharedMemorySize"), "Input should be greater than 0");
    f.container.shared_memory_size = "99999999999999999999".into();
    assert!(only(&f, "containerConfig.sharedMemorySize").contains("too large"));
}

#[test]
fn required_text_fields_are_sent_as_typed() {
    let mut f = external();
    f.model_name = String::new();
    assert_eq!(only(&f, "modelName"), "String should have at least 1 character");
    let mut f = hosted();
    f.container.image_type = String::new();
    assert_eq!(only(&f, "containerConfig.image.type"), "String should have at least 1 character");
}

#[test]
fn whole_body_rules_land_at_their_section() {
    let mut f = external();
    f.model_type = "embedding".into();
    f.streaming = true;
    assert_eq!(only(&f, "streaming"), "Embedding model cannot be set with streaming enabled.");

    // V29 at the hosting section, in LISA's words, and each empty field of the group marked.
    let missing = "Required for a LISA-hosted model.";
    for (empty, keys) in [
        ("instanceType", vec!["instanceType"]),
        ("inferenceContainer", vec!["inferenceContainer"]),
        ("both", vec!["inferenceContainer", "instanceType"]),
    ] {
        let mut f = hosted();
        if empty != "inferenceContainer" {
            f.instance_type = "  ".into();
        }
        if empty != "instanceType" {
            f.inference_container = String::new();
        }
        let complaints = flat(&f.check(&instances()));
        let (section, fields): (Vec<_>, Vec<_>) = complaints.iter().partition(|(k, _)| k == "section.hosting");
        assert_eq!(section.len(), 1, "{empty}: {complaints:#?}");
        assert!(section[0].1.starts_with("All of the following fields must be defined"), "{empty}: {section:?}");
        let marked: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(marked, keys, "{empty}: {complaints:#?}");
        assert!(fields.iter().all(|(_, text)| text == missing), "{empty}: {fields:?}");
    }

    let mut f = external();
    f.hosting = Hosting::InternalHosted;
    assert_eq!(only(&f, "modelUrl"), "modelUrl is required for INTERNAL_HOSTED models.");
    f.model_url = "https://example.com/v1".into();
    assert_eq!(only(&f, "modelUrl"), "modelUrl for INTERNAL_HOSTED models must target an AWS load balancer hostname.");
}

#[test]
fn cross_field_autoscaling_rules_land_on_the_section() {
    let mut f = hosted();
    f.autoscaling.min_capacity = "3".into();
    f.autoscaling.max_capacity = "2".into();
    assert_eq!(only(&f, "section.autoscaling"), "minCapacity must be less than or equal to the maxCapacity.");
    let mut f = hosted();
    f.autoscaling.block_device_volume_size = "20".into();
    assert_eq!(only(&f, "section.autoscaling"), "blockDeviceVolumeSize must be greater than or equal to 30.");
    f.autoscaling.block_device_volume_size = String::new();
    assert!(valid(&f)["autoScalingConfig"].get("blockDeviceVolumeSize").is_none(), "blank = LISA's default");
    let mut f = hosted();
    f.autoscaling.default_instance_warmup = "3601".into();
    assert_eq!(only(&f, "autoScalingConfig.defaultInstanceWarmup"), "Input should be less than or equal to 3600");
}

#[test]
fn environment_rows_empty_keys_and_duplicates() {
    let mut f = hosted();
    f.container.environment = vec![
        EnvRow { key: "A".into(), value: "1".into() },
        EnvRow { key: String::new(), value: "x".into() },
    ];
    assert_eq!(only(&f, "containerConfig.environment.1.key"), "Empty strings are not allowed for environment variable key names.");
    f.container.environment[1].key = "A".into();
    assert!(only(&f, "containerConfig.environment.1.key").contains("already set above"));
    f.container.environment[1].key = "B".into();
    f.container.environment[1].value = String::new();
    assert_eq!(valid(&f)["containerConfig"]["environment"], json!({"A": "1", "B": ""}), "empty values are allowed");
}

#[test]
fn health_check_command_formats() {
    let mut f = hosted();
    f.container.command.text = "curl -f http://localhost/health".into();
    assert!(only(&f, "containerConfig.healthCheckConfig.command").starts_with("Healthcheck array must start with 'CMD' or 'CMD-SHELL'"));
    f.container.command.text = "CMD-SHELL".into();
    assert!(only(&f, "containerConfig.healthCheckConfig.command").starts_with("Healthcheck array must contain a command after"));
    f.container.command.mode = CommandMode::String;
    f.container.command.text = "  ".into();
    assert_eq!(only(&f, "containerConfig.healthCheckConfig.command"), "Healthcheck command cannot be an empty string");
    f.container.command.text = "curl -f http://localhost/health".into();
    assert_eq!(valid(&f)["containerConfig"]["healthCheckConfig"]["command"], "curl -f http://localhost/health");
}

#[test]
fn advisory_rules_block_with_their_label() {
    let mut f = external();
    f.model_id = "My_Model".into();
    let msg = only(&f, "modelId");
    assert!(msg.starts_with(ADVISORY_LABEL), "{msg}");
    let e = f.check(&instances());
    assert!(e.get("modelId")[0].advisory);
    assert!(f.to_request(&instances()).is_err(), "advisory rules block the submit");

    let mut f = hosted();
    f.instance_type = "t3.large".into();
    assert!(only(&f, "instanceType").contains("needs a GPU"));
    let mut f = hosted();
    f.container.interval = "1".into();
    assert!(only(&f, "containerConfig.healthCheckConfig.interval").starts_with(ADVISORY_LABEL));
    let mut f = hosted();
    f.load_balancer.timeout = "60".into();
    assert!(only(&f, "loadBalancerConfig.healthCheckConfig.timeout").contains("less than its interval"));
}

#[test]
fn instance_type_is_checked_against_the_loaded_list() {
    let mut f = hosted();
    f.instance_type = "g5.huge".into();
    assert_eq!(only(&f, "instanceType"), "Invalid EC2 instance type.");
    assert!(f.check(&InstanceTypes::default()).is_empty(), "V9 waits for the list");
}

#[test]
fn schedule_complaints_land_on_their_fields() {
    let prefix = "autoScalingConfig.scheduling";
    let mut f = hosted();
    f.schedule.mode = ScheduleMode::Recurring;
    f.schedule.recurring.stop = "10:00".into();
    assert_eq!(only(&f, &format!("{prefix}.recurringSchedule")), "Stop time must be at least 2 hours after start time");
    f.schedule.recurring.start = "9am".into();
    assert!(only(&f, &format!("{prefix}.recurringSchedule.startTime")).starts_with("String should match pattern"));
    f.schedule.recurring.start = "07:00".into();
    f.schedule.timezone = "utc".into();
    assert!(only(&f, &format!("{prefix}.timezone")).starts_with("Invalid timezone: utc"));
    f.schedule.timezone = "Europe/Berlin".into();
    f.schedule.mode = ScheduleMode::Daily;
    f.schedule.days.iter_mut().for_each(|d| d.enabled = false);
    assert_eq!(only(&f, &format!("{prefix}.dailySchedule")), "At least one day must have a schedule configured");
    f.schedule.days[2].enabled = true;
    f.schedule.days[2].window.stop = "09:30".into();
    assert!(only(&f, &format!("{prefix}.dailySchedule.wednesday")).starts_with("Stop time must be"));
}

#[test]
fn guardrail_and_feature_rows() {
    let mut f = external();
    f.guardrails = vec![GuardrailRow { name: "pii".into(), ..Default::default() }];
    assert_eq!(only(&f, "guardrailsConfig.0.guardrailIdentifier"), "String should have at least 1 character");
    f.guardrails[0].identifier = "gr-123".into();
    f.guardrails.push(GuardrailRow { name: "pii".into(), identifier: "gr-2".into(), ..Default::default() });
    assert!(only(&f, "guardrailsConfig.1.guardrailName").contains("Another guardrail"));
    f.guardrails[1].name = "toxicity".into();
    f.guardrails[1].mode = "sometimes".into();
    assert!(only(&f, "guardrailsConfig.1.mode").starts_with("Input should be 'pre_call'"));
    f.guardrails[1].mode = "post_call".into();
    let body = valid(&f);
    assert_eq!(body["guardrailsConfig"]["pii"]["guardrailVersion"], "DRAFT");
}

fn err(loc: &[&str], msg: &str) -> FieldError {
    FieldError::new(loc.iter().map(|s| LocPart::Key(s.to_string())).collect(), "value_error", msg)
}

#[test]
fn server_422s_land_on_the_matching_field_or_the_banner() {
    let f = hosted();
    let placer = f.placer();
    assert_eq!(placer.key_for(&err(&["body", "modelName"], "x")).as_deref(), Some("modelName"));
    assert_eq!(
        placer.key_for(&err(&["body", "containerConfig", "healthCheckConfig", "command", "list[str]", "0"], "x")).as_deref(),
        Some("containerConfig.healthCheckConfig.command")
    );
    assert_eq!(placer.key_for(&err(&["body", "autoScalingConfig", "metricConfig"], "Field required")).as_deref(), Some("section.autoscaling"));
    assert_eq!(
        placer.key_for(&err(&["body", "autoScalingConfig", "scheduling", "RECURRING", "timezone"], "x")).as_deref(),
        Some("autoScalingConfig.scheduling")
    );
    assert_eq!(placer.key_for(&err(&["body", "somethingNew"], "x")), None);
    assert_eq!(placer.key_for(&err(&["body"], "Something else entirely")), None);
    // A hidden section's field goes to the banner.
    assert_eq!(external().placer().key_for(&err(&["body", "containerConfig", "sharedMemorySize"], "x")), None);
    let mut g = hosted();
    g.container.environment = vec![EnvRow { key: "A.B".into(), value: "1".into() }];
    assert_eq!(
        g.placer().key_for(&err(&["body", "containerConfig", "environment", "A.B"], "x")).as_deref(),
        Some("containerConfig.environment.0.value")
    );
    let errors = placer.server_errors(&[err(&["body", "modelName"], "Value error, bad"), err(&["body", "nope"], "odd")]);
    assert_eq!(errors.get("modelName")[0].text, "bad");
    assert!(errors.get("modelName")[0].from_server);
    assert_eq!(errors.unplaced.len(), 1);
}

#[test]
fn a_copy_keeps_everything_but_the_id() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/get-model-hosted.json"))
        .expect("fixture");
    let model = serde_json::from_str::<ModelResponse>(&text).expect("model").model;
    let mut f = CreateForm::from_model(&model);
    assert_eq!(f.model_id, "");
    assert_eq!(f.hosting, Hosting::LisaHosted);
    assert_eq!(f.model_name, model.model_name);
    assert_eq!(f.autoscaling.max_capacity, "3");
    assert_eq!(f.schedule.timezone, "America/Chicago");
    f.model_id = "copy-of-it".into();
    let body = valid(&f);
    assert_eq!(body["modelId"], "copy-of-it");
    for key in ["instanceType", "inferenceContainer", "containerConfig", "loadBalancerConfig"] {
        assert_eq!(body[key], serde_json::to_value(match key {
            "instanceType" => json!(model.instance_type),
            "inferenceContainer" => json!(model.inference_container),
            "containerConfig" => serde_json::to_value(&model.container_config).expect("json"),
            _ => serde_json::to_value(&model.load_balancer_config).expect("json"),
        }).expect("json"), "{key} copied as stored");
    }

    let third = lisa_api::LisaModel { model_url: Some("https://x.example/v1".into()), ..model.clone() };
    let third = lisa_api::LisaModel {
        container_config: None, auto_scaling_config: None, load_balancer_config: None, instance_type: None, inference_container: None, ..third
    };
    let f = CreateForm::from_model(&third);
    assert_eq!((f.hosting, f.model_url.as_str()), (Hosting::ThirdParty, "https://x.example/v1"));
}

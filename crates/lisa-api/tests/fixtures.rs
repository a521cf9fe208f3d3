//! Every file in `shared/fixtures/` decodes as the type it documents (see its `index.json`).
//!
//! The table below names, for each fixture, what it is and what decoding it must give. A fixture
//! that appears in the directory or in `index.json` without a row here fails the test until it
//! is handled.

use std::collections::BTreeSet;
use std::path::PathBuf;

use lisa_api::error::{decode_error, decode_json, decode_metrics, ErrorKind};
use lisa_api::metrics::{single_user_entry, AllUsersMetrics, UserMetrics};
use lisa_api::requests::{
    ContextWindowRequest, CreateModelRequest, InstancesResponse, ModelListResponse, ModelResponse, ScheduleRequest,
    ScheduleStatusResponse, ScheduleUpdateResponse, UpdateModelRequest,
};
use lisa_api::serve::ServeModelList;
use lisa_api::validate::{self, InstanceTypes};
use lisa_api::{HostingType, ModelStatus};
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// How a fixture must decode. Error fixtures carry the HTTP status they arrive with.
enum Expect {
    ModelList,
    Model,
    CreateRequest,
    UpdateRequest,
    ScheduleRequest,
    ScheduleUpdate,
    ScheduleStatus,
    ContextWindow,
    Instances,
    Serve,
    UserMetrics,
    UnknownUserMetrics,
    AllMetrics,
    /// A metrics answer whose envelope (or bare body) is an error.
    MetricsError { status: u16, inner_status: u16, message: &'static str },
    Error { status: u16, kind: ErrorKind, message: &'static str },
    /// A 422 with field errors at these paths.
    Validation { paths: &'static [&'static str] },
}

fn table() -> Vec<(&'static str, Expect)> {
    use Expect::*;
    vec![
        ("serve-models.json", Serve),
        ("metrics-user.json", UserMetrics),
        ("metrics-all.json", AllMetrics),
        ("error-model-not-found.json", Error { status: 404, kind: ErrorKind::NotFound, message: "The requested model with ID <model_id> could not be found." }),
        ("error-model-already-exists.json", Error { status: 400, kind: ErrorKind::BadRequest, message: "A model with the given configuration already exists." }),
        ("error-invalid-input.json", Error { status: 400, kind: ErrorKind::BadRequest, message: "The input provided is invalid. Please check the required fields and formats." }),
        ("error-validation.json", Error { status: 422, kind: ErrorKind::Validation, message: "The input provided does not meet the required validation criteria." }),
        ("create-hosted-textgen-response.json", Model),
        ("create-hosted-textgen.json", CreateRequest),
        ("create-external-bedrock.json", CreateRequest),
        ("create-hosted-embedding.json", CreateRequest),
        ("create-external-embedding.json", CreateRequest),
        ("create-internal-hosted.json", CreateRequest),
        ("update-model.json", UpdateRequest),
        ("update-autoscaling.json", UpdateRequest),
        ("update-container.json", UpdateRequest),
        ("update-guardrails.json", UpdateRequest),
        ("update-stop.json", UpdateRequest),
        ("update-start.json", UpdateRequest),
        ("schedule-recurring.json", ScheduleRequest),
        ("schedule-daily.json", ScheduleRequest),
        ("schedule-update-response.json", ScheduleUpdate),
        ("list-models-management.json", ModelList),
        ("get-model.json", Model),
        ("get-model-hosted.json", Model),
        ("schedule-status-response.json", ScheduleStatus),
        ("context-window-request.json", ContextWindow),
        ("instances-response-sample.json", Instances),
        ("instances-response.json", Instances),
        ("real-error-404-model-not-found.json", Error { status: 404, kind: ErrorKind::NotFound, message: "Model 'ghost-model' was not found." }),
        ("real-error-409-model-already-exists.json", Error { status: 409, kind: ErrorKind::Conflict, message: "already exists" }),
        ("real-error-400-invalid-state.json", Error { status: 400, kind: ErrorKind::BadRequest, message: "Model cannot be updated when it is not in the 'InService' or 'Stopped' states" }),
        ("real-error-422-validation.json", Validation { paths: &["autoScalingConfig.minCapacity", "containerConfig.healthCheckConfig.command", "modelId"] }),
        ("real-error-422-model-rule.json", Validation { paths: &[""] }),
        ("real-error-403-not-admin.json", Error { status: 403, kind: ErrorKind::NotAdmin, message: "User does not have permission" }),
        ("real-error-500-generic.json", Error { status: 500, kind: ErrorKind::Server, message: "An unexpected error occurred while processing your request" }),
        ("real-error-409-model-in-use.json", Error { status: 409, kind: ErrorKind::Conflict, message: "is currently in use by" }),
        ("real-error-413-payload-too-large.json", Error { status: 413, kind: ErrorKind::PayloadTooLarge, message: "exceeds maximum allowed size" }),
        ("metrics-user-unknown.json", UnknownUserMetrics),
        ("metrics-user-inner-error.json", MetricsError { status: 200, inner_status: 500, message: "Failed to retrieve metrics" }),
        ("metrics-all-empty.json", AllMetrics),
        ("metrics-error-500.json", MetricsError { status: 500, inner_status: 500, message: "An unexpected error occurred while processing your request" }),
        ("serve-error-401.json", Error { status: 401, kind: ErrorKind::Unauthenticated, message: "Not authenticated" }),
        ("apigw-401-unauthorized.json", Error { status: 401, kind: ErrorKind::Unauthenticated, message: "Unauthorized" }),
        ("apigw-403-explicit-deny.json", Error { status: 403, kind: ErrorKind::Unauthenticated, message: "explicit deny" }),
        ("apigw-403-missing-auth-token.json", Error { status: 403, kind: ErrorKind::MissingRoute, message: "Missing Authentication Token" }),
        ("apigw-429-throttled.json", Error { status: 429, kind: ErrorKind::RateLimited, message: "Too Many Requests" }),
        ("apigw-504-timeout.json", Error { status: 504, kind: ErrorKind::Server, message: "Endpoint request timed out" }),
    ]
}

#[test]
fn every_fixture_is_listed_here_and_in_the_index() {
    let listed: BTreeSet<&str> = table().iter().map(|(name, _)| *name).collect();
    let index: Value = serde_json::from_str(&read("index.json")).expect("index.json");
    let indexed: BTreeSet<String> =
        index["files"].as_object().expect("index.json has files").keys().cloned().collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "index.json")
        .collect();
    for name in indexed.iter().chain(on_disk.iter()) {
        assert!(listed.contains(name.as_str()), "fixture {name} is not handled by this test yet");
    }
    for name in &listed {
        assert!(on_disk.contains(*name), "fixture {name} is listed here but missing on disk");
    }
}

#[test]
fn every_fixture_decodes_as_documented() {
    let instances = InstanceTypes::builtin();
    for (name, expect) in table() {
        let text = read(name);
        let ctx = |what: &str| format!("{name}: {what}");
        match expect {
            Expect::ModelList => {
                let list: ModelListResponse = decode_json(200, &text).expect(&ctx("model list"));
                let statuses: BTreeSet<_> = list.models.iter().map(|m| m.status.clone()).collect();
                assert!(list.models.len() >= 9, "{}", ctx("nine models"));
                assert!(statuses.iter().all(ModelStatus::is_known), "{}", ctx("known statuses"));
            }
            Expect::Model => {
                let model: ModelResponse = decode_json(200, &text).expect(&ctx("model"));
                assert!(!model.model.model_id.is_empty());
            }
            Expect::CreateRequest => {
                let body: Value = serde_json::from_str(&text).expect(&ctx("json"));
                let typed: CreateModelRequest = serde_json::from_value(body.clone()).expect(&ctx("typed create"));
                // Composed requests were accepted by LISA: the shared rules accept them too.
                validate::create_model(&body, &instances).unwrap_or_else(|v| panic!("{}: {v:?}", ctx("valid")));
                // And the typed request serialises back to a body the rules accept.
                let round_trip = serde_json::to_value(&typed).expect(&ctx("serialise"));
                validate::create_model(&round_trip, &instances)
                    .unwrap_or_else(|v| panic!("{}: {v:?}", ctx("round trip valid")));
                if typed.hosting_type.value() == Some(&HostingType::InternalHosted) {
                    assert!(typed.model_url.value().is_some());
                }
            }
            Expect::UpdateRequest => {
                let body: Value = serde_json::from_str(&text).expect(&ctx("json"));
                let typed: UpdateModelRequest = serde_json::from_value(body.clone()).expect(&ctx("typed update"));
                assert!(!typed.is_empty(), "{}", ctx("non-empty update"));
                validate::update_model(&body).unwrap_or_else(|v| panic!("{}: {v:?}", ctx("valid")));
                assert_eq!(serde_json::to_value(&typed).expect("serialise"), body, "{}", ctx("omitted keys stay omitted"));
            }
            Expect::ScheduleRequest => {
                let body: Value = serde_json::from_str(&text).expect(&ctx("json"));
                let _: ScheduleRequest = serde_json::from_value(body.clone()).expect(&ctx("typed schedule"));
                validate::schedule(&body, &validate::loc(&["body"]))
                    .unwrap_or_else(|v| panic!("{}: {v:?}", ctx("valid")));
            }
            Expect::ScheduleUpdate => {
                let r: ScheduleUpdateResponse = decode_json(200, &text).expect(&ctx("schedule update"));
                assert!(r.schedule_enabled);
            }
            Expect::ScheduleStatus => {
                let r: ScheduleStatusResponse = decode_json(200, &text).expect(&ctx("schedule status"));
                assert_eq!(r.schedule_status, "ACTIVE");
            }
            Expect::ContextWindow => {
                let r: ContextWindowRequest = serde_json::from_str(&text).expect(&ctx("context window"));
                assert!(r.context_window > 0);
            }
            Expect::Instances => {
                let r: InstancesResponse = decode_json(200, &text).expect(&ctx("instances"));
                assert!(!r.is_empty());
                assert!(r.iter().all(|t| instances.contains(t)), "{}", ctx("sample is part of the full list"));
            }
            Expect::Serve => {
                let r: ServeModelList = decode_json(200, &text).expect(&ctx("serve list"));
                assert!(r.ids().contains("titan-express-v1"));
            }
            Expect::UserMetrics | Expect::UnknownUserMetrics => {
                let body: std::collections::BTreeMap<String, UserMetrics> =
                    decode_metrics(200, &text).expect(&ctx("user metrics"));
                let (_, user) = single_user_entry(body).expect(&ctx("one entry"));
                if matches!(expect, Expect::UnknownUserMetrics) {
                    assert!(user.is_empty(), "{}", ctx("unknown user is all zeros"));
                } else {
                    assert!(!user.is_empty());
                    assert_eq!(user.total_prompts, 20.0);
                    assert_eq!(user.session_metrics.len(), 1);
                }
            }
            Expect::AllMetrics => {
                let all: AllUsersMetrics = decode_metrics(200, &text).expect(&ctx("all metrics"));
                assert!(all.total_unique_users >= 0.0);
            }
            Expect::MetricsError { status, inner_status, message } => {
                let e = decode_metrics::<AllUsersMetrics>(status, &text).expect_err(&ctx("metrics error"));
                assert_eq!(e.status, Some(inner_status), "{}", ctx("status"));
                assert!(e.message.contains(message), "{}: {}", ctx("message"), e.message);
            }
            Expect::Error { status, kind, message } => {
                let e = decode_error(status, &text);
                assert_eq!(e.kind, kind, "{}", ctx("kind"));
                assert!(e.message.contains(message), "{}: {}", ctx("message"), e.message);
                assert!(e.field_errors.is_empty());
            }
            Expect::Validation { paths } => {
                let e = decode_error(422, &text);
                assert_eq!(e.kind, ErrorKind::Validation);
                let got: Vec<String> = e.field_errors.iter().map(|f| f.path()).collect();
                assert_eq!(got, paths, "{}", ctx("paths"));
                // The echoed input (which can hold an API key) is not kept anywhere.
                assert!(!format!("{e:?}").contains("titan-embed-text-v2\", \"modelName"));
            }
        }
    }
}

//! The import's stored state, its report, the hand-over to the create form, and the plan table's
//! HTML with hostile text.

#[path = "../../lisa-api/tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;

use lisa_api::validate::InstanceTypes;
use lisa_console::transfer::apply::Outcome;
use lisa_console::transfer::handover::{returned, take_back, Handover};
use lisa_console::transfer::parse::parse;
use lisa_console::transfer::plan::{plan, Choice, Existing, Options, Secrets, Status};
use lisa_console::transfer::render::table;
use lisa_console::transfer::state::{encode_outcomes, report_csv, report_json, ImportState};
use serde_json::{json, Value};

fn state_of(file: &Value) -> ImportState {
    let definitions = parse(&file.to_string()).expect("parses");
    let choices = vec![Choice::default(); definitions.len()];
    ImportState { source: "models.json".into(), definitions, choices, ..Default::default() }
}

#[test]
fn the_stored_state_keeps_everything_but_api_keys() {
    let mut with_key = common::external();
    with_key["modelName"] = json!("openai/gpt-4o");
    with_key["apiKey"] = json!("sk-secret");
    let mut state = state_of(&json!([common::hosted(), with_key]));
    state.options = Options { prefix: "prod-".into(), suffix: String::new() };
    state.choices[0] = Choice { new_id: "other".into(), leave_blank: true, from_form: true };
    state.outcomes.insert(0, Outcome::Created { context_window: Some(Err("LISA said no".into())) });
    state.outcomes.insert(1, Outcome::Unknown("The change may or may not have reached LISA".into()));
    let text = state.encode();
    let outcomes = encode_outcomes(&state.outcomes);
    assert!(!text.contains("sk-secret"), "API keys are never stored");
    let back = ImportState::decode(&text, Some(&outcomes)).expect("decodes");
    assert_eq!(back.options, state.options);
    assert_eq!(back.choices, state.choices);
    assert_eq!(back.outcomes, state.outcomes);
    assert_eq!(back.definitions[0], state.definitions[0]);
    assert!(back.definitions[1].body.get("apiKey").is_none());
    assert!(back.definitions[1].needs_api_key, "asked for again after a reload");
    for bad in ["", "[]", "{\"version\": 2}", "{\"version\": 1}", "{\"version\": 1, \"definitions\": 3}"] {
        assert!(ImportState::decode(bad, None).is_none(), "{bad}");
    }
    let odd_outcomes = r#"{"0": {"outcome": "?"}, "7": {"outcome": "exists"}, "x": 1}"#;
    let odd = ImportState::decode(r#"{"version": 1, "definitions": [{}]}"#, Some(odd_outcomes)).expect("lenient");
    assert!(odd.outcomes.is_empty() && odd.choices.len() == 1);
}

#[test]
fn the_report_lists_plan_and_outcome_and_is_formula_safe() {
    let mut hostile = common::external();
    hostile["modelId"] = json!("=HYPERLINK(\"https://evil.example\")");
    let state = state_of(&json!([common::external(), hostile]));
    let rows = plan(&state.definitions, &state.choices, &[], &state.options, &Existing::default(), &InstanceTypes::builtin());
    let mut outcomes = BTreeMap::new();
    outcomes.insert(0, Outcome::Failed("LISA returned an error (HTTP 500): boom".into()));
    let csv = report_csv(&rows, &outcomes);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "definition,modelId,plan,planDetail,outcome,outcomeDetail");
    assert_eq!(lines[1], "1,claude-3-haiku,Create,,Failed,LISA returned an error (HTTP 500): boom");
    assert!(lines[2].starts_with("2,\"'=HYPERLINK("), "{}", lines[2]);
    let json_report: Value = serde_json::from_str(&report_json(&rows, &outcomes, "models.json", "https://x", "2026-01-01T00:00:00Z")).expect("json");
    assert_eq!(json_report["definitions"][0]["outcome"], json!("Failed"));
    assert_eq!(json_report["definitions"][1]["plan"], json!("Invalid"), "A1: the id is not a valid LISA id");
    assert_eq!(json_report["source"], json!("models.json"));
}

#[test]
fn a_definition_goes_to_the_create_form_and_comes_back() {
    let mut broken = common::hosted();
    broken["autoScalingConfig"]["minCapacity"] = json!("zero");
    broken["features"] = json!([{"name": "toolCalls", "overview": ""}]);
    let mut state = state_of(&json!([common::external(), broken.clone()]));
    let rows = plan(&state.definitions, &state.choices, &[], &state.options, &Existing::default(), &InstanceTypes::builtin());
    assert_eq!(rows[1].status.key(), "invalid");

    let handover = Handover::new(1, &rows[1].body);
    let mut form = Handover::decode(&handover.encode()).expect("decodes").form;
    assert_eq!(form.autoscaling.min_capacity, "zero", "what the file had, as text");
    assert!(form.check(&InstanceTypes::builtin()).has("autoScalingConfig.minCapacity"), "the form shows the same complaint");
    // Fixed in the form, sent back.
    form.autoscaling.min_capacity = "1".into();
    form.model_id = "fixed-hosted".into();
    let body = form.to_request(&InstanceTypes::builtin()).expect("valid now");
    assert!(take_back(&mut state, &returned(1, &body)));
    assert!(state.choices[1].from_form);
    let rows = plan(&state.definitions, &state.choices, &[], &Options { prefix: "p-".into(), suffix: String::new() }, &Existing::default(), &InstanceTypes::builtin());
    assert_eq!((rows[1].id.as_str(), rows[1].status.key()), ("fixed-hosted", "create"));
    assert_eq!(rows[1].body["features"], json!([{"name": "toolCalls", "overview": ""}]));
    assert!(!take_back(&mut state, &returned(9, &body)), "no such row");
    assert!(!take_back(&mut state, "not json"));
}

#[test]
fn the_create_form_holds_an_exported_body_as_it_is() {
    for body in [common::hosted(), common::external()] {
        let form = Handover::new(0, &body).form;
        let again = form.to_json();
        for key in ["modelId", "modelName", "modelType", "streaming", "containerConfig", "autoScalingConfig", "loadBalancerConfig"] {
            if let Some(v) = body.get(key) {
                assert_eq!(&again[key], v, "{key}");
            }
        }
    }
}

#[test]
fn hostile_text_in_the_plan_table_is_only_text() {
    let payloads = ["<script>top.__xss=1</script>", "\"><img src=x onerror=top.__xss=5>", "' onmouseover='top.__xss=6' data-x='"];
    for p in payloads {
        let mut body = common::hosted();
        for key in ["modelId", "modelName", "modelType", "modelDescription"] {
            body[key] = json!(p);
        }
        body["containerConfig"]["environment"] = json!({p: p});
        body[p] = json!(p);
        let file = json!({"format": "lisa-admin.models", "version": 1, "models": [{"create": body, "environmentValuesOmitted": [p]}]});
        let state = state_of(&file);
        let existing = Existing::from_records(vec![]);
        let mut secrets = vec![Secrets::default()];
        secrets[0].env.insert(p.into(), p.into());
        let rows = plan(&state.definitions, &state.choices, &secrets, &state.options, &existing, &InstanceTypes::builtin());
        assert!(matches!(rows[0].status, Status::Invalid(_)));
        let mut outcomes = BTreeMap::new();
        outcomes.insert(0, Outcome::Failed(p.into()));
        let html = table(&rows, &[0], &state.definitions, &state.choices, &secrets, &outcomes, &[], false);
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("onmouseover='"), "{p}: {html}");
        assert!(html.contains("&lt;script&gt;") || html.contains("&lt;img") || html.contains("&#39;"));
    }
}

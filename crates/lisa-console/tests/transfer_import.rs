//! Import (issue 14): untrusted files, the dry run's four outcomes, the admin's choices.

#[path = "../../lisa-api/tests/common/mod.rs"]
mod common;

use lisa_api::validate::InstanceTypes;
use lisa_console::transfer::export::{entry, omit_env_values};
use lisa_console::transfer::parse::{parse, MAX_BYTES, MAX_DEPTH};
use lisa_console::transfer::plan::{counts, plan, shown, Choice, Existing, Options, Row, Secrets, Show, Status};
use lisa_console::transfer::Definition;
use serde_json::{json, Value};

fn defs(text: &str) -> Vec<Definition> {
    parse(text).unwrap_or_else(|e| panic!("{}", e.display()))
}

fn plan_of(definitions: &[Definition], existing: &Existing) -> Vec<Row> {
    plan(definitions, &[], &[], &Options::default(), existing, &InstanceTypes::builtin())
}

fn stored(body: &Value, status: &str) -> Value {
    serde_json::to_value(common::model(body, status)).expect("model")
}

#[test]
fn file_errors_name_the_place_and_the_limit() {
    let e = parse("{\n  \"modelId\": \"a\",\n  \"modelName\" \"b\"\n}").expect_err("invalid");
    assert_eq!(e.at, Some((3, 15)));
    assert!(e.display().starts_with("Line 3, column 15: This is not valid JSON: expected `:`"), "{}", e.display());

    let deep = format!("{{\"a\":\n{}{}}}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let e = parse(&deep).expect_err("too deep");
    assert_eq!(e.at, Some((2, MAX_DEPTH)), "the bracket that goes one level too deep");
    assert!(e.message.contains("deeper than 32 levels"));
    // Brackets inside strings are text, not nesting.
    assert!(parse(&format!("{{\"modelId\": \"{}\"}}", "[".repeat(100))).is_ok());

    let big = format!("{{\"modelId\": \"{}\"}}", "x".repeat(MAX_BYTES));
    let e = parse(&big).expect_err("too big");
    assert_eq!(e.message, "The file is 5.0 MB; the limit is 5.0 MB. Split it into smaller files.");

    for (text, says) in [
        ("", "empty"),
        ("   \n", "empty"),
        ("[]", "no model definitions"),
        ("42", "a number, not a model definition"),
        ("\"modelId\"", "a text, not a model definition"),
        ("null", "null, not a model definition"),
        (r#"{"format": "something-else", "models": []}"#, "format is \"something-else\""),
        (r#"{"format": "lisa-admin.models", "version": 2, "models": []}"#, "made by a newer LISA Admin"),
        (r#"{"format": "lisa-admin.models", "version": "1", "models": []}"#, "\"version\" is missing"),
        (r#"{"format": "lisa-admin.models", "version": 1, "models": {}}"#, "\"models\" is missing or not a list"),
        (r#"{"format": "lisa-admin.models", "version": 1, "models": []}"#, "no model definitions"),
        ("{\"a\": NaN}", "not valid JSON"),
    ] {
        let e = parse(text).expect_err(text);
        assert!(e.display().contains(says), "{text}: {}", e.display());
    }
}

#[test]
fn bare_requests_lists_and_export_entries_are_read() {
    let one = defs(&common::external().to_string());
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].body, common::external());
    let list = defs(&json!([common::external(), common::hosted(), {"create": common::hosted(), "info": {"status": "Failed"}}]).to_string());
    assert_eq!(list.len(), 3);
    assert_eq!(list[2].info.as_ref().and_then(|i| i.status.as_deref()), Some("Failed"));
    let broken = defs(&json!({"format": "lisa-admin.models", "version": 1, "models": ["text", {"info": {}}]}).to_string());
    assert!(broken[0].problem.as_deref().is_some_and(|p| p.contains("a text")));
    assert!(broken[1].problem.as_deref().is_some_and(|p| p.contains("no \"create\"")));
}

#[test]
fn each_definition_gets_one_of_four_outcomes() {
    let titan = json!({"modelId": "titan", "modelName": "bedrock/amazon.titan-text-express-v1", "modelType": "textgen", "streaming": true, "hostingType": "third_party"});
    let existing = Existing::from_records(vec![stored(&titan, "InService"), stored(&common::hosted(), "Stopped")]);
    let mut changed = common::hosted();
    changed["autoScalingConfig"]["maxCapacity"] = json!(8);
    changed["modelDescription"] = json!("new");
    let mut invalid = common::hosted();
    invalid["modelId"] = json!("fresh-hosted");
    invalid["autoScalingConfig"]["minCapacity"] = json!(0);
    invalid["loadBalancerConfig"]["healthCheckConfig"]["interval"] = json!(400);
    let openai = json!({"modelId": "gpt", "modelName": "openai/gpt-4o-mini", "modelType": "textgen"});
    let file = json!([titan, changed, invalid, openai, common::external(), common::external()]);
    let rows = plan_of(&defs(&file.to_string()), &existing);
    let keys: Vec<&str> = rows.iter().map(|r| r.status.key()).collect();
    assert_eq!(keys, ["exists", "exists", "invalid", "needs-input", "create", "invalid"]);

    assert_eq!(rows[0].status.label(), "Exists (identical)");
    let Status::Exists { changes, total, .. } = &rows[1].status else { panic!("{:?}", rows[1].status) };
    let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!((paths, *total), (vec!["autoScalingConfig.maxCapacity", "modelDescription"], 2));
    assert_eq!((changes[0].file.as_deref(), changes[0].lisa.as_deref()), (Some("8"), Some("4")));

    let Status::Invalid(errors) = &rows[2].status else { panic!() };
    assert_eq!(errors.get("autoScalingConfig.minCapacity")[0].text, "Input should be greater than 0", "placed as the create form places it");
    let advisory = &errors.get("loadBalancerConfig.healthCheckConfig.interval")[0];
    assert!(advisory.advisory, "the advisory rules run beside LISA's, as in the create form");

    assert_eq!(rows[3].status, Status::NeedsInput { api_key: true, env: vec![] });
    let Status::Invalid(dup) = &rows[5].status else { panic!() };
    assert!(dup.get("modelId")[0].text.starts_with("Definition 5 of this file has the same id"));
    let c = counts(&rows);
    assert_eq!((c.create, c.identical, c.different, c.invalid, c.needs_input), (1, 1, 1, 2, 1));
    assert_eq!(shown(&rows, Show::Attention), [1, 2, 3, 5], "invalid, needs input, different");
    assert_eq!((shown(&rows, Show::ToCreate), shown(&rows, Show::InLisa)), (vec![4], vec![0, 1]));
    assert_eq!(shown(&rows, Show::from_key("nonsense")).len(), 6);
    assert_eq!(c.sentence(6), "6 definitions: 1 to create, 1 already in LISA as they are, 1 already in LISA with other settings, 2 invalid, 1 needs input.");
}

#[test]
fn advisory_rules_make_a_definition_invalid_too() {
    let mut body = common::hosted();
    body["loadBalancerConfig"]["healthCheckConfig"]["interval"] = json!(400);
    body["modelId"] = json!("Bad_Id");
    let rows = plan_of(&defs(&body.to_string()), &Existing::default());
    let Status::Invalid(errors) = &rows[0].status else { panic!("{:?}", rows[0].status) };
    assert!(errors.get("modelId")[0].advisory);
    assert!(errors.has("loadBalancerConfig.healthCheckConfig.interval"));
}

#[test]
fn prefix_suffix_and_new_ids_make_existing_models_new() {
    let existing = Existing::from_records(vec![stored(&common::external(), "InService")]);
    let d = defs(&common::external().to_string());
    let rows = plan(&d, &[], &[], &Options { prefix: "prod-".into(), suffix: "-v2".into() }, &existing, &InstanceTypes::builtin());
    assert_eq!((rows[0].id.as_str(), rows[0].status.key()), ("prod-claude-3-haiku-v2", "create"));
    assert_eq!(rows[0].body["modelId"], json!("prod-claude-3-haiku-v2"));
    let renamed = Choice { new_id: "haiku-copy".into(), ..Default::default() };
    let rows = plan(&d, &[renamed], &[], &Options::default(), &existing, &InstanceTypes::builtin());
    assert_eq!((rows[0].id.as_str(), rows[0].status.key()), ("haiku-copy", "create"));
    let from_form = Choice { new_id: "typed-in-form".into(), from_form: true, ..Default::default() };
    let rows = plan(&d, &[from_form], &[], &Options { prefix: "p-".into(), suffix: String::new() }, &existing, &InstanceTypes::builtin());
    assert_eq!(rows[0].id, "typed-in-form", "an id typed in the form is final");
}

#[test]
fn what_the_export_left_out_is_asked_for() {
    let mut body = common::hosted();
    body["containerConfig"]["environment"] = json!({"HF_TOKEN": "hf_secret", "MAX_TOTAL_TOKENS": "2048"});
    let mut exported = body.clone();
    let omitted = omit_env_values(&mut exported);
    let file = json!({"format": "lisa-admin.models", "version": 1, "models": [{"create": exported, "environmentValuesOmitted": omitted, "needsApiKey": false}]});
    let d = defs(&file.to_string());
    let rows = plan_of(&d, &Existing::default());
    assert_eq!(rows[0].status, Status::NeedsInput { api_key: false, env: vec!["HF_TOKEN".into(), "MAX_TOTAL_TOKENS".into()] });
    let mut typed = Secrets::default();
    typed.env.insert("HF_TOKEN".into(), "hf_typed".into());
    typed.env.insert("MAX_TOTAL_TOKENS".into(), "4096".into());
    let rows = plan(&d, &[], &[typed], &Options::default(), &Existing::default(), &InstanceTypes::builtin());
    assert_eq!(rows[0].status, Status::Create);
    assert_eq!(rows[0].body["containerConfig"]["environment"], json!({"HF_TOKEN": "hf_typed", "MAX_TOTAL_TOKENS": "4096"}));
    let blank = Choice { leave_blank: true, ..Default::default() };
    let rows = plan(&d, &[blank], &[], &Options::default(), &Existing::default(), &InstanceTypes::builtin());
    assert_eq!(rows[0].status, Status::Create, "created with the values blank, as the admin chose");

    // Compared with LISA's model by names only: the values were never in the file.
    let existing = Existing::from_records(vec![stored(&body, "InService")]);
    assert_eq!(plan_of(&d, &existing)[0].status.label(), "Exists (identical)");
}

#[test]
fn an_api_key_typed_is_sent_and_never_required_twice() {
    let d = defs(&json!({"modelId": "gpt", "modelName": "openai/gpt-4o-mini", "modelType": "textgen"}).to_string());
    let key = Secrets { api_key: "sk-typed".into(), ..Default::default() };
    let rows = plan(&d, &[], &[key], &Options::default(), &Existing::default(), &InstanceTypes::builtin());
    assert_eq!((rows[0].status.key(), &rows[0].body["apiKey"]), ("create", &json!("sk-typed")));
    let with_key = defs(&json!({"modelId": "gpt", "modelName": "openai/gpt-4o-mini", "modelType": "textgen", "apiKey": "sk-file"}).to_string());
    assert_eq!(plan_of(&with_key, &Existing::default())[0].status, Status::Create);
}

#[test]
fn unknown_keys_are_listed_and_not_sent() {
    let mut body = common::external();
    body["streamng"] = json!(true);
    body["status"] = json!("InService");
    body["containerConfg"] = json!({"image": "x"});
    let d = defs(&body.to_string());
    assert_eq!(d[0].ignored, ["containerConfg", "status", "streamng"]);
    let rows = plan_of(&d, &Existing::default());
    assert_eq!(rows[0].status, Status::Create);
    assert_eq!(rows[0].body, common::external());
}

#[test]
fn wrong_types_are_reported_field_by_field() {
    let body = json!({"modelId": 7, "modelName": ["x"], "modelType": "chat", "streaming": "maybe", "features": "all",
        "containerConfig": {"image": 1}, "instanceType": "g5.xlarge"});
    let rows = plan_of(&defs(&body.to_string()), &Existing::default());
    let Status::Invalid(e) = &rows[0].status else { panic!("{:?}", rows[0].status) };
    for key in ["modelId", "modelName", "modelType", "streaming"] {
        assert!(e.has(key), "{key}: {e:?}");
    }
    assert!(e.has("section.features") || e.has("features"), "{e:?}");
    assert_eq!(rows[0].id, "", "a number is no id");
}

#[test]
fn a_round_trip_of_the_exported_models_is_identical() {
    let models = [common::model(&common::hosted(), "InService"), common::model(&common::external(), "Failed")];
    let records: Vec<Value> = models.iter().map(|m| serde_json::to_value(m).expect("model")).collect();
    let entries: Vec<_> = records.iter().map(|m| entry(m, true)).collect();
    let text = lisa_console::transfer::export::document(&entries, "https://x", "2026-01-01", true);
    let rows = plan_of(&defs(&text), &Existing::from_records(records));
    assert!(rows.iter().all(|r| r.status.label() == "Exists (identical)"), "{:?}", rows.iter().map(|r| &r.status).collect::<Vec<_>>());
    let rows = plan_of(&defs(&text), &Existing::default());
    assert!(rows.iter().all(|r| r.status == Status::Create));
    assert_eq!(rows[1].context_window, None, "not exported with one");
}

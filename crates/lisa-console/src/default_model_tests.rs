//! Every branch of the safe "set default" procedure (lisa-config.md §8).

use super::*;
use lisa_api::config::decode_rows;
use serde_json::json;

fn rows(json: Value) -> Vec<ConfigRow> {
    decode_rows(200, &json.to_string()).unwrap()
}

fn demo() -> Vec<ConfigRow> {
    rows(json!([
        {"configScope": "global", "versionId": 1.0, "changedBy": "alice", "changeReason": "banner on",
         "created_at": "1718030000.12345600128173828125", "extraTop": {"kept": true},
         "configuration": {"global": {"defaultModel": "titan", "other": 1}, "maxProjectsPerUser": 50.0,
            "systemBanner": {"isEnabled": true, "text": "Maintenance", "textColor": "#fff", "backgroundColor": "#000"},
            "announcement": {"isEnabled": true, "message": "hi"},
            "enabledComponents": {"showMcpWorkbench": false, "modelLibrary": true}, "unknownKey": [1, 2.5]}},
        {"configScope": "global", "versionId": 0.0, "changedBy": "System", "createdAt": "1718000000",
         "configuration": {"maxProjectsPerUser": 50.0}}
    ]))
}

#[test]
fn empty_read_is_never_safe() {
    let refusal = latest(&[]).unwrap_err();
    assert!(refusal.contains("200 []") && refusal.contains("Nothing was written"), "{refusal}");
    let out_of_order = rows(json!([{"configScope": "global", "versionId": 1, "configuration": {}},
                                   {"configScope": "global", "versionId": 2, "configuration": {}}]));
    assert!(latest(&out_of_order).unwrap_err().contains("out of order"));
    assert_eq!(latest(&demo()).unwrap().version_id, 1.0);
}

#[test]
fn only_in_service_chat_models() {
    assert!(eligible(&ModelType::Textgen, &ModelStatus::InService).is_ok());
    assert!(eligible(&ModelType::Imagegen, &ModelStatus::InService).is_ok());
    assert!(eligible(&ModelType::Videogen, &ModelStatus::InService).is_ok());
    assert!(eligible(&ModelType::Embedding, &ModelStatus::InService).unwrap_err().contains("type embedding"));
    assert!(eligible(&ModelType::Textgen, &ModelStatus::Stopped).unwrap_err().contains("this one is stopped"));
}

#[test]
fn body_changes_only_the_default() {
    let all = demo();
    let before = latest(&all).unwrap();
    let body = body_for(before, Some("mistral"), "admin@example.com");
    assert_eq!(body["versionId"], json!(2));
    assert!(body["versionId"].is_i64(), "an integer, not 2.0");
    assert_eq!(body["configScope"], "global");
    assert_eq!(body["changedBy"], "admin@example.com");
    assert_eq!(body["changeReason"], "Set default model to: mistral");
    assert!(body.get("created_at").is_none() && body.get("createdAt").is_none());
    assert_eq!(body["extraTop"], json!({"kept": true}));
    assert_eq!(body["configuration"]["global"], json!({"defaultModel": "mistral", "other": 1}));
    // Every other key exactly as read (floats stay floats).
    let mut expected = before.configuration.clone();
    let mut got = body["configuration"].as_object().unwrap().clone();
    expected.remove("global");
    got.remove("global");
    assert_eq!(got, expected);
    assert!(body.to_string().contains(r#""maxProjectsPerUser":50.0"#));
    assert_eq!(body["configuration"]["enabledComponents"]["showMcpWorkbench"], json!(false));
    // The row read is not modified (a deep copy).
    assert_eq!(before.default_model(), Some("titan"));
    // Clearing keeps the other global keys.
    let cleared = body_for(before, None, "a");
    assert_eq!(cleared["configuration"]["global"], json!({"other": 1}));
    assert_eq!(cleared["changeReason"], "Cleared the default model");
    // A seed row without `global`, a fractional version.
    let seed = rows(json!([{"configScope": "global", "versionId": 4.7, "createdAt": "1", "configuration": {"systemBanner": {}}}]));
    let body = body_for(&seed[0], Some("m"), "a");
    assert_eq!(body["versionId"], json!(5));
    assert_eq!(body["configuration"], json!({"systemBanner": {}, "global": {"defaultModel": "m"}}));
}

#[test]
fn a_save_between_read_and_write_is_refused() {
    let all = demo();
    let before = latest(&all).unwrap().clone();
    assert!(unchanged_since(&before, &all).is_ok());
    assert!(unchanged_since(&before, &[]).unwrap_err().contains("200 []"));
    // Someone saved version 2 turning the banner off.
    let mut newer = before.clone();
    newer.version_id = 2.0;
    newer.changed_by = Some("bob".into());
    newer.change_reason = Some("banner off".into());
    newer.configuration.insert("systemBanner".into(), json!({"isEnabled": false}));
    let mut reread = vec![newer];
    reread.extend(all.clone());
    let refusal = unchanged_since(&before, &reread).unwrap_err();
    assert!(refusal.contains("version 2 by bob") && refusal.contains("banner off") && refusal.contains("systemBanner"), "{refusal}");
    assert!(refusal.contains("Nothing was written"));
    // Same version rewritten (someone re-used version 1) with another default.
    let mut rewritten = before.clone();
    rewritten.changed_by = Some("carol".into());
    rewritten.configuration.insert("global".into(), json!({"defaultModel": "other", "other": 1}));
    let refusal = unchanged_since(&before, &[rewritten]).unwrap_err();
    assert!(refusal.contains("rewritten") && refusal.contains("global.defaultModel"), "{refusal}");
}

#[test]
fn after_the_put_our_version_must_be_the_newest_with_our_change() {
    let all = demo();
    let before = latest(&all).unwrap();
    let body = body_for(before, Some("mistral"), "admin");
    let mut ours: ConfigRow = serde_json::from_value(body.clone()).unwrap();
    ours.created_at = Some(json!("1718039999.5"));
    let mut after = vec![ours.clone()];
    after.extend(all.clone());
    assert!(confirm_written(&body, &after).is_ok());
    assert!(confirm_written(&body, &[]).unwrap_err().contains("could not be confirmed"));
    // Superseded by a version 3.
    let mut newer = ours.clone();
    newer.version_id = 3.0;
    newer.changed_by = Some("bob".into());
    let mut superseded = vec![newer];
    superseded.extend(after.clone());
    assert!(confirm_written(&body, &superseded).unwrap_err().contains("superseded"));
    // Another writer took version 2 at the same time.
    let mut other = ours.clone();
    other.changed_by = Some("bob".into());
    other.change_reason = Some("Set default model to: x".into());
    other.configuration.insert("global".into(), json!({"defaultModel": "x"}));
    assert!(confirm_written(&body, &[other]).unwrap_err().contains("overwritten"));
    // Our version is missing altogether.
    assert!(confirm_written(&body, &all).unwrap_err().contains("not in the configuration"));
}

#[test]
fn versions_read_as_integers() {
    assert_eq!(version_text(3.0), "3");
    assert_eq!(version_text(2.5), "2.5");
    let all = demo();
    assert_eq!(changed_keys(&all[1], &all[0]), ["announcement", "enabledComponents", "global", "systemBanner", "unknownKey"]);
}

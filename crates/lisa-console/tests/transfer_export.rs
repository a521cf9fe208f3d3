//! Export (issue 14): the create body that would recreate each stored model, the file around it,
//! and the file read back by the import.

use lisa_api::validate::{self, InstanceTypes};
use lisa_api::LisaModel;
use lisa_console::model_form::create::CreateForm;
use lisa_console::transfer::export::{self, create_body, entry, needs_api_key};
use lisa_console::transfer::form::form_from_body;
use lisa_console::transfer::{curl, parse};
use serde_json::{json, Map, Value};

/// The mock's demo catalogue: every status, hosting type and model type.
fn demo() -> Vec<Value> {
    serde_json::from_str(include_str!("../../lisa-mock/data/demo-models.json")).expect("demo models")
}

fn model(v: &Value) -> LisaModel {
    serde_json::from_value(v.clone()).expect("model")
}

/// Schedule fields LISA maintains: not part of what the create body must reproduce.
const MAINTAINED: [&str; 7] = [
    "scheduleEnabled",
    "scheduleConfigured",
    "lastScheduleFailed",
    "lastScheduleUpdate",
    "scheduledActionArns",
    "nextScheduledAction",
    "lastScheduleFailure",
];

fn without_maintained(mut v: Value) -> Value {
    if let Some(Value::Object(s)) = v.pointer_mut("/autoScalingConfig/scheduling") {
        for k in MAINTAINED {
            s.remove(k);
        }
        // Responses carry all seven days, null for the unscheduled ones.
        if let Some(Value::Object(days)) = s.get_mut("dailySchedule") {
            days.retain(|_, d| !d.is_null());
        }
    }
    v
}

/// What LISA stores from a create request (lisa-api.md §4.2, §4.4 POST /models): the normalised
/// request's fields, `null` where absent, guardrails keyed `guardrail-<name>`.
fn as_stored(normalised: &Value) -> Value {
    let mut m = Map::new();
    for key in [
        "modelName", "modelDescription", "modelType", "streaming", "hostingType", "instanceType", "inferenceContainer",
        "containerConfig", "autoScalingConfig", "loadBalancerConfig", "features", "allowedGroups",
    ] {
        m.insert(key.into(), normalised.get(key).cloned().unwrap_or(Value::Null));
    }
    let guardrails = normalised.get("guardrailsConfig").and_then(Value::as_object).map(|g| {
        g.values()
            .map(|e| {
                let mut e = e.clone();
                e["markedForDeletion"] = json!(false);
                (format!("guardrail-{}", e["guardrailName"].as_str().unwrap_or_default()), e)
            })
            .collect::<Map<String, Value>>()
    });
    m.insert("guardrailsConfig".into(), guardrails.map(Value::Object).unwrap_or(Value::Null));
    without_maintained(Value::Object(m))
}

#[test]
fn every_demo_model_exports_a_valid_body_that_recreates_it() {
    let instances = InstanceTypes::builtin();
    for raw in demo() {
        let m = model(&raw);
        let body = create_body(&raw);
        let normalised = validate::create_model(&body, &instances).unwrap_or_else(|e| panic!("{}: {e:?}", m.model_id));
        assert_eq!(body["modelId"], json!(m.model_id));
        assert!(body.get("apiKey").is_none(), "never an API key");
        let stored = as_stored(&normalised);
        let original = without_maintained(raw.clone());
        for (key, value) in stored.as_object().expect("object") {
            assert_eq!(value, &original[key], "{}: {key}", m.model_id);
        }
        // The URL only where the admin chose it: an internal load balancer.
        let url = body.get("modelUrl");
        if raw["hostingType"] == json!("internal_hosted") {
            assert_eq!(url, raw.get("modelUrl"), "{}", m.model_id);
        } else {
            assert!(url.is_none_or(|u| u == ""), "{}: LISA assigns this URL: {url:?}", m.model_id);
        }
    }
}

#[test]
fn values_the_form_cannot_hold_as_text_come_back_exactly() {
    let mut raw = demo().into_iter().find(|m| m["modelId"] == "llama-3-1-8b-instruct").expect("hosted demo model");
    raw["allowedGroups"] = json!(["a, b", "c"]);
    raw["modelDescription"] = json!("");
    raw["features"] = json!([]);
    raw["hostingType"] = json!("third_party");
    raw["containerConfig"]["healthCheckConfig"]["command"] = json!(["CMD", "sh\n-c"]);
    raw["containerConfig"]["environment"] = Value::Null;
    raw["autoScalingConfig"]["blockDeviceVolumeSize"] = Value::Null;
    let body = create_body(&raw);
    assert_eq!(body["allowedGroups"], json!(["a, b", "c"]));
    assert_eq!((&body["modelDescription"], &body["features"]), (&json!(""), &json!([])));
    assert_eq!(body["hostingType"], json!("third_party"), "as stored, though the fields make it LISA-hosted");
    assert_eq!(body["containerConfig"]["healthCheckConfig"]["command"], json!(["CMD", "sh\n-c"]));
    assert_eq!(body["containerConfig"]["environment"], Value::Null);
    assert_eq!(body["autoScalingConfig"]["blockDeviceVolumeSize"], Value::Null);
    assert!(validate::create_model(&body, &InstanceTypes::builtin()).is_ok());
}

#[test]
fn environment_values_are_left_out_unless_asked_for() {
    let raw = demo().into_iter().find(|m| m["modelId"] == "phi-3-mini-instruct").expect("demo model");
    let without = entry(&raw, false);
    let env = &without.body["containerConfig"]["environment"];
    assert_eq!(without.env_omitted, ["MAX_CONCURRENT_REQUESTS", "MAX_INPUT_LENGTH", "MAX_TOTAL_TOKENS"]);
    assert!(env.as_object().expect("map").values().all(|v| v == ""), "keys kept, values blank: {env}");
    let with = entry(&raw, true);
    assert!(with.env_omitted.is_empty());
    assert_eq!(with.body["containerConfig"]["environment"], raw["containerConfig"]["environment"]);
    assert_eq!((with.status.as_str(), with.context_window), ("Stopping", Some(4096)));
}

#[test]
fn which_models_need_an_api_key() {
    let ext = |name: &str, hosting: &str| json!({"modelId": "m", "modelName": name, "modelType": "textgen", "hostingType": hosting});
    assert!(needs_api_key(&ext("openai/gpt-4o-mini", "third_party")));
    assert!(needs_api_key(&ext("anthropic/claude-3", "third_party")));
    assert!(needs_api_key(&ext("gpt-4o", "third_party")), "no provider prefix: LiteLLM's default (OpenAI)");
    assert!(!needs_api_key(&ext("bedrock/amazon.titan-text-express-v1", "third_party")));
    assert!(!needs_api_key(&ext("sagemaker/my-endpoint", "third_party")));
    assert!(!needs_api_key(&ext("openai/Qwen2.5", "internal_hosted")), "the organisation's own load balancer");
    let hosted = demo().into_iter().find(|m| m["modelId"] == "bge-large-en").expect("hosted");
    assert!(!entry(&hosted, false).needs_api_key);
}

#[test]
fn the_document_reads_back_as_the_same_definitions() {
    let models = demo();
    let entries: Vec<export::Entry> = models.iter().map(|m| entry(m, false)).collect();
    let text = export::document(&entries, "https://api.example.com/prod", "2026-12-03T10:20:00.000Z", false);
    let doc: Value = serde_json::from_str(&text).expect("valid JSON");
    assert!(text.starts_with("{\n  \"format\": \"lisa-admin.models\",\n  \"version\": 1,"), "{}", &text[..80]);
    assert_eq!(doc["source"]["apiBaseUrl"], json!("https://api.example.com/prod"));
    assert_eq!(doc["environmentValues"], json!("omitted"));
    assert_eq!(doc["models"].as_array().map(Vec::len), Some(models.len()));
    assert!(!text.contains("apiKey"));
    let defs = parse::parse(&text).expect("parses");
    assert_eq!(defs.len(), entries.len());
    for (d, e) in defs.iter().zip(&entries) {
        assert_eq!(d.body, e.body);
        assert_eq!(d.env_omitted, e.env_omitted);
        assert_eq!(d.needs_api_key, e.needs_api_key);
        assert!(d.ignored.is_empty() && d.maintained.is_empty() && d.problem.is_none());
        let info = d.info.as_ref().expect("info");
        assert_eq!((info.status.as_deref(), info.context_window), (Some(e.status.as_str()), e.context_window));
    }
}

#[test]
fn file_names_carry_the_host_and_day() {
    let at = "2026-12-03T10:20:00.000Z";
    assert_eq!(export::file_name("https://abc.execute-api.us-east-1.amazonaws.com/prod", at), "lisa-models-abc.execute-api.us-east-1.amazonaws.com-2026-12-03.json");
    assert_eq!(export::file_name("http://127.0.0.1:8090", at), "lisa-models-127.0.0.1_8090-2026-12-03.json");
    assert_eq!(export::file_name("https://user@../../etc/x", at), "lisa-models-lisa-2026-12-03.json");
}

#[test]
fn curl_sends_the_exported_body() {
    let raw = demo().into_iter().find(|m| m["modelId"] == "titan-express-v1").expect("demo model");
    let body = entry(&raw, false).body;
    let cmd = curl::create_command("https://api.example.com/prod", &body);
    let start = cmd.find("<<'LISA_JSON'\n").expect("here-document") + "<<'LISA_JSON'\n".len();
    let end = cmd.rfind("\nLISA_JSON").expect("end");
    let sent: Value = serde_json::from_str(&cmd[start..end]).expect("JSON");
    assert_eq!(sent, body);
    assert!(!cmd.contains("demo-admin-token"));
}

#[test]
fn the_scope_is_everything_the_catalogue_view_a_selection_or_one_model() {
    use lisa_console::catalogue::{build_rows, filter_order, Availability, ModelSummary, ViewQuery};
    use lisa_console::transfer::scope::{pick, Scope};
    let mut records = demo();
    records.push(json!({"modelId": "corrupt", "modelType": "textgen", "status": "InService", "containerConfig": "?"}));
    records.push(json!({"modelName": "no id"}));
    let id = |m: &Value| m["modelId"].as_str().unwrap_or_default().to_string();
    let ids = |s: &Scope| pick(&records, s).models.iter().map(id).collect::<Vec<_>>();

    let all = pick(&records, &Scope::from_query("", None));
    assert_eq!(all.models.len(), demo().len() + 1, "an odd record is exported too; the import's rules judge it");
    assert_eq!(all.unreadable, 1, "no id: counted, not silently dropped");
    let mut sorted: Vec<String> = all.models.iter().map(id).collect();
    sorted.sort();
    assert_eq!(ids(&Scope::All), sorted, "the catalogue's default order (by id)");

    let view = Scope::from_query("?hosting=lisa_hosted&sort=id&dir=desc", None);
    assert!(matches!(view, Scope::View(_)));
    assert_eq!(ids(&view), ["bge-large-en", "corrupt", "llama-3-1-8b-instruct", "llama-3-3-70b-instruct", "mistral-7b-instruct", "phi-3-mini-instruct"]);
    assert_eq!(ids(&Scope::from_query("q=titan&type=embedding", None)), ["bedrock-embed-text-v2", "titan-embed-text-v2"], "search in id, name, description");
    // The same models as the catalogue's own filter, for every kind of filter.
    let summaries: Vec<ModelSummary> = records.iter().filter_map(|v| serde_json::from_value(v.clone()).ok()).collect();
    let rows = build_rows(summaries, Availability::Unknown);
    for query in ["q=LLAMA%20instruct", "status=InService", "type=embedding", "hosting=internal_hosted", "hosting=third_party&q=bedrock", "q=zzz", "q=%20"] {
        let q = ViewQuery::parse(query);
        let mut catalogue: Vec<String> = filter_order(&rows, &(0..rows.len() as u32).collect::<Vec<_>>(), &q)
            .into_iter()
            .map(|i| rows[i as usize].id().to_string())
            .collect();
        catalogue.sort();
        let mut ours: Vec<String> = pick(&records, &Scope::View(q)).models.iter().map(id).collect();
        ours.sort();
        assert_eq!(ours, catalogue, "{query}");
    }

    let selection = Scope::from_query("scope=selection", Some(r#"["nova-reel", "gone", 7, "bge-large-en"]"#));
    let picked = pick(&records, &selection);
    assert_eq!(picked.models.iter().map(id).collect::<Vec<_>>(), ["nova-reel", "bge-large-en"]);
    assert_eq!(picked.missing, ["gone"]);
    assert_eq!(Scope::from_query("scope=selection", Some("not json")), Scope::Selection(vec![]));

    assert_eq!(ids(&Scope::from_query("id=nova-reel&q=x", None)), ["nova-reel"]);
    assert_eq!(pick(&records, &Scope::One("nope".into())).missing, ["nope"]);
}

#[test]
fn a_stored_record_becomes_the_form_the_copy_path_makes() {
    let mut odd = demo().into_iter().find(|m| m["modelId"] == "phi-3-mini-instruct").expect("demo model");
    odd["containerConfig"]["healthCheckConfig"]["command"] = json!("curl -f localhost || exit 1");
    odd["autoScalingConfig"]["scheduling"] = json!({"scheduleType": "DAILY", "timezone": "Europe/Berlin",
        "dailySchedule": {"monday": {"startTime": "8:00", "stopTime": "18:00"}, "tuesday": null}});
    odd["modelDescription"] = Value::Null;
    for raw in demo().into_iter().chain([odd]) {
        let mut copied = CreateForm::from_model(&model(&raw));
        copied.model_id = raw["modelId"].as_str().unwrap_or_default().to_string();
        assert_eq!(form_from_body(&raw), copied, "{}", raw["modelId"]);
    }
}

use super::*;
use lisa_api::serve::{decode_serve_error, ChatChunk};

#[test]
fn models_in_the_address() {
    assert_eq!(models_from_query("a,b,c"), ["a", "b", "c"]);
    assert_eq!(models_from_query("a,,a, b,c,d,e"), ["a", " b", "c", "d"]);
    assert_eq!(models_from_query(""), Vec::<String>::new());
    let ids = vec!["with,comma".to_string(), "x y".to_string(), "100%".to_string()];
    assert_eq!(models_from_query(&models_query(&ids)), ids);
    assert_eq!(models_in_search(&format!("?x=1&models={}", models_query(&ids))), ids);
    assert_eq!(models_in_search("models=a%2Cb,c"), ["a,b", "c"]);
    assert!(models_in_search("?other=a").is_empty());
}

#[test]
fn one_after_another_starts_the_next_only_when_none_runs() {
    assert_eq!(next_in_turn(&[false, false], &[false, false]), Some(0));
    assert_eq!(next_in_turn(&[true, false], &[true, false]), None);
    assert_eq!(next_in_turn(&[true, false], &[false, false]), Some(1));
    assert_eq!(next_in_turn(&[true, true], &[false, false]), None);
}

#[test]
fn modes_are_labelled_plainly() {
    assert_eq!(CompareMode::default(), CompareMode::OneAfterAnother);
    assert!(CompareMode::AllAtOnce.note().contains("LISA Serve queues parallel requests on a worker"));
    assert!(CompareMode::AllAtOnce.note().contains("include waiting for each other"));
}

#[test]
fn the_results_file_has_prompt_settings_answers_figures_and_errors() {
    let settings = TrySettings { prompt: "Hi".into(), system_prompt: "Be brief.".into(), max_tokens: "50".into(), ..Default::default() };
    let ok_request = settings.chat_request("a", true).unwrap();
    let body = serde_json::to_string(&ok_request).unwrap();
    let mut ok = ChatCall::new(&ok_request, 0.0);
    ok.on_status(200);
    let chunk: ChatChunk = serde_json::from_str(r#"{"choices":[{"index":0,"delta":{"content":"Hello"}}],"usage":{"prompt_tokens":3,"completion_tokens":1}}"#).unwrap();
    ok.on_chunk(&chunk, 120.0);
    ok.finish(Ok(()), 130.0);
    let failed_request = settings.chat_request("b", false).unwrap();
    let mut failed = ChatCall::new(&failed_request, 0.0);
    failed.finish(Err(decode_serve_error(500, "null")), 50.0);
    let run = RunInfo { generated_at: "2026-12-03T10:00:00Z", serve_base_url: "https://serve.example.com", mode: CompareMode::AllAtOnce, settings: &settings };
    let doc = results_document(
        &run,
        &[
            ModelResult { model_id: "a", request_body: &body, call: Some(&ok), not_sent: None },
            ModelResult { model_id: "b", request_body: "{}", call: Some(&failed), not_sent: None },
            ModelResult { model_id: "c", request_body: "{}", call: None, not_sent: Some("c is stopped") },
        ],
        1000.0,
    );
    assert_eq!(doc["prompt"], "Hi");
    assert_eq!(doc["systemPrompt"], "Be brief.");
    assert_eq!(doc["settings"]["maxTokens"], 50);
    assert_eq!(doc["mode"], "All at once");
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results[0]["answer"], "Hello");
    assert_eq!(results[0]["outcome"], "completed");
    assert_eq!(results[0]["request"]["stream_options"]["include_usage"], true);
    assert_eq!(results[0]["figures"]["timeToFirstTokenMs"], 120.0);
    assert_eq!(results[0]["figures"]["completionTokens"]["value"], 1);
    assert_eq!(results[1]["outcome"], "failed");
    assert!(results[1]["error"]["message"].as_str().unwrap().starts_with("LISA Serve hid the upstream error (HTTP 500)"));
    assert_eq!(results[2]["outcome"], "not sent");
    assert_eq!(results[2]["error"], "c is stopped");
}

#[test]
fn file_names_are_safe() {
    assert_eq!(results_file_name(&["a/b".into(), "c".into()], "2026-12-03"), "lisa-compare-a_b-and-1-more-2026-12-03.json");
    assert_eq!(results_file_name(&["m".into()], "d"), "lisa-compare-m-d.json");
}

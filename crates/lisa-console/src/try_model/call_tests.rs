use super::*;
use lisa_api::serve::{ChatMessage, StreamOptions};

fn request(stream: bool) -> ChatRequest {
    ChatRequest {
        model: "m1".into(),
        messages: vec![ChatMessage::system("Be brief."), ChatMessage::user("Say hello to the world")],
        max_tokens: None,
        temperature: None,
        stream,
        stream_options: stream.then_some(StreamOptions { include_usage: true }),
    }
}

fn chunk(json: &str) -> ChatChunk {
    serde_json::from_str(json).unwrap()
}

#[test]
fn a_stream_with_usage() {
    let mut call = ChatCall::new(&request(true), 1000.0);
    call.on_status(200);
    // The role chunk with no text does not count as the first token.
    call.on_chunk(&chunk(r#"{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#), 1250.0);
    call.on_chunk(&chunk(r#"{"choices":[{"index":0,"delta":{"content":"Hello"}}]}"#), 1300.0);
    for (i, word) in [" big", " wide", " world"].iter().enumerate() {
        call.on_chunk(&chunk(&format!(r#"{{"choices":[{{"index":0,"delta":{{"content":"{word}"}}}}]}}"#)), 1325.0 + 25.0 * i as f64);
    }
    call.on_chunk(&chunk(r#"{"choices":[{"index":0,"finish_reason":"stop","delta":{}}]}"#), 1400.0);
    call.on_chunk(&chunk(r#"{"choices":[{"index":0,"delta":{}}],"usage":{"prompt_tokens":12,"completion_tokens":4,"total_tokens":16}}"#), 1401.0);
    call.finish(Ok(()), 1402.0);
    assert_eq!(call.answer(), "Hello big wide world");
    let f = call.figures(9999.0);
    assert_eq!(f.time_to_first_token_ms, Some(300.0));
    assert_eq!(f.total_ms, Some(402.0));
    assert_eq!(f.prompt_tokens, Some(TokenCount { value: 12, estimated: false }));
    assert_eq!(f.completion_tokens, Some(TokenCount { value: 4, estimated: false }));
    // Three tokens after the first, over the 75 ms from the first to the last.
    assert_eq!(f.tokens_per_second, Some(40.0));
    assert_eq!((f.http_status, f.finish_reason.as_deref()), (Some(200), Some("stop")));
    assert_eq!(call.end(), Some(&CallEnd::Completed));
}

#[test]
fn reasoning_counts_for_the_first_token_and_stays_apart() {
    let mut call = ChatCall::new(&request(true), 0.0);
    call.on_status(200);
    call.on_chunk(&chunk(r#"{"choices":[{"index":0,"delta":{"reasoning_content":"Thinking"}}]}"#), 500.0);
    call.on_chunk(&chunk(r#"{"choices":[{"index":0,"delta":{"content":"Answer"}}]}"#), 900.0);
    assert_eq!((call.answer(), call.reasoning()), ("Answer", "Thinking"));
    assert_eq!(call.figures(1000.0).time_to_first_token_ms, Some(500.0));
}

#[test]
fn without_usage_the_counts_are_estimated_and_say_so() {
    let mut call = ChatCall::new(&request(true), 0.0);
    call.on_status(200);
    call.on_chunk(&chunk(r#"{"choices":[{"index":0,"delta":{"content":"12345678"}}]}"#), 100.0);
    call.finish(Err(ServeError::stopped(Some(200))), 150.0);
    let f = call.figures(1000.0);
    assert_eq!(f.completion_tokens, Some(TokenCount { value: 2, estimated: true }));
    // "Be brief.\nSay hello to the world": 32 characters.
    assert_eq!(f.prompt_tokens, Some(TokenCount { value: 8, estimated: true }));
    assert_eq!(f.tokens_per_second, None, "one chunk: no rate");
    assert_eq!(call.end().unwrap().label(), "stopped");
    let rows = f.rows();
    assert_eq!(rows[3], ("Completion tokens", "≈ 2 (estimated)".to_string()));
}

#[test]
fn not_streamed_the_first_token_is_the_whole_answer() {
    let mut call = ChatCall::new(&request(false), 100.0);
    call.on_status(200);
    let completion: ChatCompletion = serde_json::from_str(
        r#"{"choices":[{"index":0,"finish_reason":"length","message":{"role":"assistant","content":"Hello world"}}],"usage":{"prompt_tokens":12,"completion_tokens":3}}"#,
    )
    .unwrap();
    call.on_completion(&completion, 2100.0);
    call.finish(Ok(()), 2101.0);
    let f = call.figures(0.0);
    assert_eq!(f.time_to_first_token_ms, Some(2000.0));
    assert_eq!(f.tokens_per_second, None);
    assert_eq!(f.finish_reason.as_deref(), Some("length"));
    let rows = f.rows();
    assert_eq!(rows[0].1, "2.00 s (not streamed: the whole answer)");
    assert_eq!(rows[4].1, "— (not streamed)");
}

#[test]
fn a_failure_before_any_answer() {
    let mut call = ChatCall::new(&request(false), 0.0);
    call.finish(Err(lisa_api::serve::decode_serve_error(400, "null")), 80.0);
    call.finish(Ok(()), 90.0); // a second end changes nothing
    let f = call.figures(500.0);
    assert_eq!((f.http_status, f.total_ms, f.completion_tokens), (Some(400), Some(80.0), None));
    assert_eq!(call.end().unwrap().label(), "failed");
    assert_eq!(call.error().unwrap().kind, ServeErrorKind::HiddenUpstream);
    // While running, the total counts up to now.
    let running = ChatCall::new(&request(true), 10.0);
    assert_eq!(running.figures(60.0).total_ms, Some(50.0));
    assert_eq!(running.figures(60.0).prompt_tokens, None);
}

#[test]
fn durations_read_naturally() {
    assert_eq!(duration_text(849.6), "850 ms");
    assert_eq!(duration_text(1240.0), "1.24 s");
    assert_eq!(duration_text(12_340.0), "12.3 s");
    assert_eq!(estimate_tokens(""), 0);
    assert_eq!(estimate_tokens("é"), 1);
}

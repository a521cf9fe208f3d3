//! LISA Serve chat completions as lisa-serve.md §7 and §9 describe them: the non-streaming
//! shape, SSE framing without a content type, usage only on request, `max_tokens`, reasoning,
//! deterministic answers, time to first token, client aborts, LiteLLM errors.

mod common;

use std::time::{Duration, Instant};

use common::{chat, sse_data, streamed_content, wait_log, Body, Mock, ADMIN, USER};
use serde_json::{json, Value};

const CHAT: &str = "/v2/serve/chat/completions";
const ORIGIN: (&str, &str) = ("origin", "http://console.test");
const MODEL: &str = "titan-express-v1";

async fn stream_text(mock: &Mock, body: &Value) -> (u16, Option<String>, String) {
    let r = mock.send("POST", CHAT, Some(ADMIN), Body::Json(body), &[ORIGIN]).await;
    (r.status, r.header("content-type").map(str::to_string), r.text)
}

#[tokio::test]
async fn non_streaming_answer_is_litellms_shape_and_deterministic() {
    let mock = Mock::serve().await;
    let r = mock.json("POST", CHAT, Some(USER), &chat(MODEL, "What is LISA?", false)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v = r.json();
    assert_eq!((v["object"].clone(), v["model"].clone()), (json!("chat.completion"), json!(MODEL)));
    assert!(v["id"].as_str().unwrap().starts_with("chatcmpl-"));
    let choice = &v["choices"][0];
    assert_eq!((choice["index"].clone(), choice["finish_reason"].clone()), (json!(0), json!("stop")));
    assert_eq!(choice["message"]["role"], json!("assistant"));
    let content = choice["message"]["content"].as_str().unwrap().to_string();
    assert!(content.contains(MODEL), "the answer names the model: {content}");
    assert!(content.contains("What is LISA?"), "and echoes the prompt: {content}");
    // Usage always; the token rule: whitespace-separated words.
    assert_eq!(v["usage"]["prompt_tokens"], json!(3));
    assert_eq!(v["usage"]["completion_tokens"], json!(content.split_whitespace().count()));
    assert_eq!(v["usage"]["total_tokens"], json!(3 + content.split_whitespace().count()));

    let again = mock.json("POST", CHAT, Some(ADMIN), &chat(MODEL, "What is LISA?", false)).await.json();
    assert_eq!(again["choices"][0]["message"]["content"], json!(content), "same model and prompt, same text");
    let other = mock.json("POST", CHAT, Some(ADMIN), &chat("claude-3-5-haiku", "What is LISA?", false)).await.json();
    let other = other["choices"][0]["message"]["content"].as_str().unwrap().to_string();
    assert!(other.contains("claude-3-5-haiku") && !other.contains(MODEL), "{other}");
    // `allowedGroups` is not enforced on serve: a user in no group calls a group-limited model.
    let limited = mock.json("POST", CHAT, Some(USER), &chat("sagemaker-amazon-mistrallite", "hi", false)).await;
    assert_eq!(limited.status, 200, "{}", limited.text);
    // The other /v1 route and a missing content type work the same.
    let r = mock.send("POST", "/v2/serve/v1/chat/completions", Some(ADMIN), Body::Raw(chat(MODEL, "What is LISA?", false).to_string().as_bytes(), None), &[]).await;
    assert_eq!(r.json()["choices"][0]["message"]["content"], json!(content));
}

#[tokio::test]
async fn stream_framing_follows_lisa_not_openai() {
    let mock = Mock::serve().await;
    let mut body = chat(MODEL, "Tell me about streaming", true);
    let (status, content_type, text) = stream_text(&mock, &body).await;
    assert_eq!((status, content_type), (200, None), "no Content-Type on a LISA stream");
    let data = sse_data(&text);
    assert_eq!(data.last().map(String::as_str), Some("[DONE]"));
    let chunks: Vec<Value> = data[..data.len() - 1].iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    assert!(chunks.iter().all(|c| c["object"] == "chat.completion.chunk" && c["model"] == MODEL && c.get("usage").is_none()));
    assert_eq!(chunks[0]["choices"][0]["delta"]["role"], json!("assistant"));
    let (finish, middle) = chunks.split_last().unwrap();
    assert_eq!(finish["choices"][0], json!({"index": 0, "finish_reason": "stop", "delta": {}}));
    for c in &middle[1..] {
        let choice = c["choices"][0].as_object().unwrap();
        assert!(!choice.contains_key("finish_reason"), "middle chunks have no finish_reason key: {c}");
        assert!(c["choices"][0]["delta"].get("role").is_none());
    }
    let plain = mock.json("POST", CHAT, Some(ADMIN), &chat(MODEL, "Tell me about streaming", false)).await.json();
    assert_eq!(streamed_content(&chunks), plain["choices"][0]["message"]["content"].as_str().unwrap(), "same text as non-streaming");

    // With include_usage: a usage chunk after the finish chunk, one choice with an empty delta.
    body["stream_options"] = json!({"include_usage": true});
    let (_, _, text) = stream_text(&mock, &body).await;
    let data = sse_data(&text);
    let chunks: Vec<Value> = data[..data.len() - 1].iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    let usage_chunk = chunks.last().unwrap();
    assert_eq!(usage_chunk["choices"], json!([{"index": 0, "delta": {}}]));
    assert_eq!(chunks[chunks.len() - 2]["choices"][0]["finish_reason"], json!("stop"));
    let content_chunks = chunks.iter().filter(|c| c["choices"][0]["delta"]["content"].is_string()).count();
    assert_eq!(usage_chunk["usage"]["completion_tokens"], json!(content_chunks), "one token per chunk");
    assert_eq!(usage_chunk["usage"]["prompt_tokens"], json!(4));
    assert_eq!(usage_chunk["usage"]["completion_tokens_details"], json!({"reasoning_tokens": 0}));
    assert_eq!(usage_chunk["usage"]["completion_tokens"], plain["usage"]["completion_tokens"]);

    // `stream` is read as a truthy value.
    let mut truthy = chat(MODEL, "x", false);
    truthy["stream"] = json!(1);
    assert!(stream_text(&mock, &truthy).await.2.ends_with("data: [DONE]\n\n"));
}

#[tokio::test]
async fn max_tokens_cuts_with_finish_reason_length() {
    let mock = Mock::serve().await;
    let mut body = chat(MODEL, "Long answer please", false);
    body["max_tokens"] = json!(5);
    let v = mock.json("POST", CHAT, Some(ADMIN), &body).await.json();
    assert_eq!(v["choices"][0]["finish_reason"], json!("length"));
    assert_eq!(v["usage"]["completion_tokens"], json!(5));
    assert_eq!(v["choices"][0]["message"]["content"], json!("Model titan-express-v1 answering. You asked:"));
    body["stream"] = json!(true);
    let (_, _, text) = stream_text(&mock, &body).await;
    let data = sse_data(&text);
    assert_eq!(data.len(), 7, "5 tokens, the finish chunk, [DONE]");
    assert!(data[5].contains(r#""finish_reason":"length""#));
    body["max_tokens"] = json!(0);
    assert_eq!(mock.json("POST", CHAT, Some(ADMIN), &body).await.status, 400);
}

#[tokio::test]
async fn reasoning_models_think_before_they_answer() {
    let mock = Mock::serve().await;
    let mut body = chat("deepseek-r1-reasoning", "Why is the sky blue?", true);
    body["stream_options"] = json!({"include_usage": true});
    let (_, _, text) = stream_text(&mock, &body).await;
    let data = sse_data(&text);
    let chunks: Vec<Value> = data[..data.len() - 1].iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    let kinds: Vec<&str> = chunks
        .iter()
        .filter_map(|c| {
            let delta = &c["choices"][0]["delta"];
            if delta.get("reasoning_content").is_some() {
                Some("r")
            } else if delta.get("content").is_some() {
                Some("c")
            } else {
                None
            }
        })
        .collect();
    let first_content = kinds.iter().position(|k| *k == "c").unwrap();
    assert!(first_content > 3 && kinds[..first_content].iter().all(|k| *k == "r") && kinds[first_content..].iter().all(|k| *k == "c"), "{kinds:?}");
    let usage = &chunks.last().unwrap()["usage"];
    assert_eq!(usage["completion_tokens_details"]["reasoning_tokens"], json!(first_content));
    assert_eq!(usage["completion_tokens"], json!(kinds.len()));
    let plain = mock.json("POST", CHAT, Some(ADMIN), &chat("deepseek-r1-reasoning", "Why is the sky blue?", false)).await.json();
    assert!(plain["choices"][0]["message"]["reasoning_content"].as_str().unwrap().starts_with("Thinking"));
}

#[tokio::test]
async fn first_token_waits_for_the_configured_delay_and_then_tokens_trickle() {
    let mock = Mock::serve().await;
    mock.serve_settings(json!({"ttftMs": 400, "tokenMs": 30, "answerTokens": 10})).await;
    let started = Instant::now();
    let mut response = mock.open(CHAT, Some(ADMIN), &chat(MODEL, "timing", true), &[]).await;
    let headers_after = started.elapsed();
    assert!(headers_after >= Duration::from_millis(400), "headers come with the first chunk: {headers_after:?}");
    assert!(response.headers().get("content-type").is_none());
    let first = response.chunk().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&first).contains(r#""role":"assistant""#));
    let mut rest = Vec::new();
    while let Some(chunk) = response.chunk().await.unwrap() {
        rest.push(chunk);
    }
    assert!(started.elapsed() >= Duration::from_millis(400 + 9 * 30), "nine more tokens, 30 ms apart");
    let entry = wait_log(&mock, CHAT, "the stream ended", |e| !e["endMs"].is_null()).await;
    let (start, first, end) = (entry["startMs"].as_f64().unwrap(), entry["firstByteMs"].as_f64().unwrap(), entry["endMs"].as_f64().unwrap());
    assert!(first - start >= 400.0 && end - first >= 270.0, "{entry}");
    assert_eq!((entry["aborted"].clone(), entry["status"].clone()), (json!(false), json!(200)));
}

#[tokio::test]
async fn a_dropped_stream_is_logged_as_aborted() {
    let mock = Mock::serve().await;
    mock.serve_settings(json!({"tokenMs": 40, "answerTokens": 500})).await;
    let mut response = mock.open(CHAT, Some(ADMIN), &chat(MODEL, "stop me", true), &[]).await;
    assert!(response.chunk().await.unwrap().is_some());
    drop(response);
    let entry = wait_log(&mock, CHAT, "the mock sees the connection closed", |e| e["aborted"] == true).await;
    assert!(entry["endMs"].as_f64().unwrap() >= entry["firstByteMs"].as_f64().unwrap());
    // A stream read to the end is not aborted.
    mock.serve_settings(json!({"tokenMs": 0, "answerTokens": 5})).await;
    let (status, _, text) = stream_text(&mock, &chat(MODEL, "finish me", true)).await;
    assert!(status == 200 && text.ends_with("[DONE]\n\n"));
    let entry = wait_log(&mock, CHAT, "complete", |e| !e["endMs"].is_null()).await;
    assert_eq!(entry["aborted"], json!(false));
}

#[tokio::test]
async fn unknown_stopped_and_brand_new_models_are_invalid_model_names() {
    let mock = Mock::serve().await;
    let invalid = |id: &str| {
        format!("/chat/completions: Invalid model name passed in model={id}. Call `/v1/models` to view available models for your key.")
    };
    for id in ["nope", "bge-large-en", "nova-canvas"] {
        let r = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&chat(id, "hi", false)), &[ORIGIN]).await;
        assert_eq!((r.status, r.text.as_str(), r.has_cors()), (400, "null", true), "{id}: a null body, with CORS");
        let (status, content_type, text) = stream_text(&mock, &chat(id, "hi", true)).await;
        assert_eq!((status, content_type), (400, None));
        assert!(text.ends_with("}\n\n"), "LiteLLM's JSON and a blank line, not SSE: {text:?}");
        let error: Value = serde_json::from_str(text.trim_end()).unwrap();
        assert_eq!(error["error"]["message"], json!(invalid(id)));
        assert_eq!(error["error"]["code"], json!("400"));
    }
    let no_model = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&json!({"stream": true, "messages": []})), &[]).await;
    assert!(no_model.text.contains("model=None"), "{}", no_model.text);
    let embedding = mock.json("POST", CHAT, Some(ADMIN), &chat("titan-embed-text-v2", "hi", false)).await;
    assert_eq!((embedding.status, embedding.text.as_str()), (400, "null"), "an embedding model cannot chat");

    // A model that just turned InService: invalid for the configured window, then fine.
    mock.serve_settings(json!({"newModelWindowMs": 60_000})).await;
    mock.json("POST", "/models", Some(ADMIN), &common::external_body("fresh")).await;
    mock.seed("fresh", "InService", None).await;
    let listed = mock.get("/v2/serve/models", Some(ADMIN)).await.json();
    assert!(listed["data"].as_array().unwrap().iter().any(|m| m["id"] == "fresh"), "listed already");
    let (status, _, text) = stream_text(&mock, &chat("fresh", "hi", true)).await;
    assert_eq!(status, 400);
    assert!(text.contains(&invalid("fresh")), "{text}");
    assert_eq!(mock.json("POST", CHAT, Some(ADMIN), &chat(MODEL, "hi", false)).await.status, 200, "older models are fine");
    mock.serve_settings(json!({"newModelWindowMs": 0})).await;
    assert_eq!(mock.json("POST", CHAT, Some(ADMIN), &chat("fresh", "hi", false)).await.status, 200);
}

#[tokio::test]
async fn auth_body_checks_and_preflight() {
    let mock = Mock::serve().await;
    let body = chat(MODEL, "hi", true);
    for auth in [None, Some("Bearer nope"), Some("Basic abc")] {
        let r = mock.send("POST", CHAT, auth, Body::Json(&body), &[ORIGIN]).await;
        assert_eq!((r.status, r.json()), (401, json!({"error": "Unauthorized", "message": "Not authenticated"})));
        assert!(r.header("access-control-allow-origin").is_none(), "401 without CORS");
    }
    let r = mock.send("POST", CHAT, None, Body::Json(&body), &[ORIGIN, ("api-key", "demo-user-token")]).await;
    assert_eq!(r.status, 200, "an API token in Api-Key");
    let r = mock.send("POST", CHAT, None, Body::Json(&body), &[("api-key", "demo-admin-token")]).await;
    assert_eq!(r.status, 401, "the management key only in Authorization");

    let cases: [(&[u8], Option<&str>, &str, bool); 4] = [
        (b"{oops", Some("application/json"), "Request body must be valid JSON", false),
        (b"", None, "Request body is required", false),
        (b"{oops", Some("text/plain"), "Invalid JSON in request body", true),
        (b"{\"a\":\"\x00\"}", Some("application/json"), "Invalid characters detected in request body", false),
    ];
    for (raw, content_type, message, cors) in cases {
        let r = mock.send("POST", CHAT, Some(ADMIN), Body::Raw(raw, content_type), &[ORIGIN]).await;
        assert_eq!((r.status, r.json()), (400, json!({"error": "Bad Request", "message": message})), "{raw:?}");
        assert_eq!(r.has_cors(), cors, "{message}");
    }
    let r = mock.send("POST", CHAT, Some(ADMIN), Body::Raw(b"[1]", Some("application/json")), &[ORIGIN]).await;
    assert_eq!((r.status, r.json()["message"].clone(), r.has_cors()), (401, json!("Authentication failed"), false));

    let r = mock.send("OPTIONS", CHAT, None, Body::None, &[ORIGIN, ("access-control-request-headers", "authorization,content-type")]).await;
    assert_eq!((r.status, r.header("access-control-allow-origin")), (200, Some("*")));
    assert_eq!(r.header("access-control-allow-headers"), Some("authorization,content-type"));
    assert_eq!(r.header("access-control-max-age"), Some("600"));
    assert_eq!(mock.get(CHAT, Some(ADMIN)).await.status, 405);
}

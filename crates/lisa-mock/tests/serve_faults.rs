//! LISA Serve faults through `/__mock/inject` (lisa-serve.md §9): errors before the first
//! chunk, mid-stream error lines, cut streams, CORS-less 401/429, a slow first token, injected
//! content; and the serialization of parallel calls on a worker (§12).

mod common;

use std::time::{Duration, Instant};

use common::{chat, sse_data, streamed_content, Body, Mock, ADMIN};
use serde_json::{json, Value};

const CHAT: &str = "/v2/serve/chat/completions";
const ORIGIN: (&str, &str) = ("origin", "http://console.test");
const MODEL: &str = "titan-express-v1";
const XSS: &str = "<script>alert(1)</script><img src=x onerror=alert(2)> \"'`${7*7}\n\t&lt;b&gt; </textarea>";

async fn inject(mock: &Mock, spec: Value) {
    mock.control("POST", "/__mock/inject", &spec).await;
}

fn chunks(data: &[String]) -> Vec<Value> {
    data.iter().filter(|d| *d != "[DONE]").map(|d| serde_json::from_str(d).unwrap()).collect()
}

#[tokio::test]
async fn an_error_before_the_first_chunk() {
    let mock = Mock::serve().await;
    inject(&mock, json!({"method": "POST", "path": CHAT, "fault": "error", "status": 503, "message": XSS, "times": 2})).await;
    let r = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&chat(MODEL, "hi", false)), &[ORIGIN]).await;
    assert_eq!((r.status, r.text.as_str(), r.has_cors()), (503, "null", true), "non-streaming: the status and a null body");
    let r = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&chat(MODEL, "hi", true)), &[ORIGIN]).await;
    assert_eq!((r.status, r.header("content-type"), r.has_cors()), (503, None, true));
    assert!(r.text.ends_with("\n\n") && !r.text.starts_with("data:"), "JSON, not SSE: {:?}", r.text);
    let error: Value = serde_json::from_str(r.text.trim_end()).unwrap();
    assert_eq!(error, json!({"error": {"message": XSS, "type": "None", "param": "None", "code": "503"}}));
    assert_eq!(mock.json("POST", CHAT, Some(ADMIN), &chat(MODEL, "hi", false)).await.status, 200, "used up");
}

#[tokio::test]
async fn an_error_line_mid_stream_and_a_cut_stream() {
    let mock = Mock::serve().await;
    inject(&mock, json!({"method": "POST", "path": CHAT, "fault": "midStreamError", "afterChunks": 3, "message": XSS})).await;
    let r = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&chat(MODEL, "hi", true)), &[ORIGIN]).await;
    assert_eq!((r.status, r.header("content-type")), (200, None), "the error arrives inside a 200");
    let data = sse_data(&r.text);
    assert_eq!(data.len(), 4, "{data:?}");
    let last: Value = serde_json::from_str(&data[3]).unwrap();
    assert_eq!(last, json!({"error": {"message": XSS, "type": "None", "param": "None", "code": "500"}}));
    assert!(!r.text.contains("[DONE]"));
    assert_eq!(streamed_content(&chunks(&data[..3])), "Model titan-express-v1 answering.");

    inject(&mock, json!({"method": "POST", "path": CHAT, "fault": "cut", "afterChunks": 2})).await;
    let r = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&chat(MODEL, "hi", true)), &[]).await;
    let data = sse_data(&r.text);
    assert_eq!((r.status, data.len()), (200, 2), "two chunks, then nothing: {data:?}");
    assert!(!r.text.contains("[DONE]") && !r.text.contains("error") && !r.text.contains("finish_reason"));

    // Non-streaming calls see the upstream failure whole: a 500 null, or LISA's catch-all 401.
    inject(&mock, json!({"method": "POST", "path": CHAT, "fault": "midStreamError"})).await;
    let r = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&chat(MODEL, "hi", false)), &[ORIGIN]).await;
    assert_eq!((r.status, r.text.as_str()), (500, "null"));
    inject(&mock, json!({"method": "POST", "path": CHAT, "fault": "cut"})).await;
    let r = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&chat(MODEL, "hi", false)), &[ORIGIN]).await;
    assert_eq!((r.status, r.json()["message"].clone(), r.has_cors()), (401, json!("Authentication failed"), false));
}

#[tokio::test]
async fn cors_less_401s_and_429() {
    let mock = Mock::serve().await;
    let cases = [
        (json!({"fault": "unauthorized"}), 401, json!({"error": "Unauthorized", "message": "Not authenticated"})),
        (json!({"fault": "authFailed"}), 401, json!({"error": "Unauthorized", "message": "Authentication failed"})),
        (
            json!({"fault": "rateLimited", "retryAfter": 7}),
            429,
            json!({"error": {"message": "Rate limit exceeded. Please slow down and retry.", "type": "rate_limit_error", "code": "rate_limit_exceeded"}}),
        ),
    ];
    for (mut spec, status, body) in cases {
        spec["method"] = json!("*");
        spec["path"] = json!(CHAT);
        inject(&mock, spec).await;
        let r = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&chat(MODEL, "hi", true)), &[ORIGIN]).await;
        assert_eq!((r.status, r.json()), (status, body));
        assert!(r.header("access-control-allow-origin").is_none(), "{status}: no CORS");
        if status == 429 {
            assert_eq!(r.header("retry-after"), Some("7"));
        }
    }
    // The same on the model list.
    inject(&mock, json!({"method": "GET", "path": "/v2/serve/models", "fault": "rateLimited"})).await;
    assert_eq!(mock.get("/v2/serve/models", Some(ADMIN)).await.status, 429);
    // Faults are for serve paths only.
    let r = mock.json("POST", "/__mock/inject", None, &json!({"method": "GET", "path": "/models", "fault": "cut"})).await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn a_slow_first_token_and_injected_content() {
    let mock = Mock::serve().await;
    mock.serve_settings(json!({"ttftMs": 100})).await;
    inject(&mock, json!({"method": "POST", "path": CHAT, "delayMs": 500, "content": XSS})).await;
    let started = Instant::now();
    let mut body = chat(MODEL, "hi", true);
    body["stream_options"] = json!({"include_usage": true});
    let r = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&body), &[]).await;
    assert!(started.elapsed() >= Duration::from_millis(600), "injected delay plus the time to first token");
    let data = sse_data(&r.text);
    let parsed = chunks(&data);
    assert_eq!(streamed_content(&parsed), XSS, "the streamed pieces rebuild the content exactly");
    let pieces = parsed.iter().filter(|c| c["choices"][0]["delta"]["content"].is_string()).count();
    assert_eq!(pieces, XSS.split_whitespace().count());
    assert_eq!(parsed.last().unwrap()["usage"]["completion_tokens"], json!(pieces));
    let entry = common::wait_log(&mock, CHAT, "logged", |e| !e["endMs"].is_null()).await;
    assert!(entry["firstByteMs"].as_f64().unwrap() - entry["startMs"].as_f64().unwrap() >= 600.0, "{entry}");
}

/// Two streams at once; returns their log entries ordered by first byte.
async fn two_parallel_streams(mock: &Mock) -> (Value, Value) {
    mock.send("DELETE", "/__mock/requests", None, Body::None, &[]).await;
    let (one, two) = (chat(MODEL, "first", true), chat("claude-3-5-haiku", "second", true));
    let (a, b) = tokio::join!(
        mock.send("POST", CHAT, Some(ADMIN), Body::Json(&one), &[]),
        mock.send("POST", CHAT, Some(ADMIN), Body::Json(&two), &[]),
    );
    assert!(a.text.ends_with("[DONE]\n\n") && b.text.ends_with("[DONE]\n\n"));
    let mut log: Vec<Value> = mock.requests().await.into_iter().filter(|e| e["path"] == CHAT).collect();
    assert_eq!(log.len(), 2);
    log.sort_by(|x, y| x["firstByteMs"].as_f64().partial_cmp(&y["firstByteMs"].as_f64()).unwrap());
    let second = log.pop().unwrap();
    (log.pop().unwrap(), second)
}

#[tokio::test]
async fn parallel_calls_queue_on_a_worker_when_serialized() {
    let mock = Mock::serve().await;
    let ttft = 1500.0;
    mock.serve_settings(json!({"ttftMs": 1500, "tokenMs": 0, "answerTokens": 5, "serialize": true, "workers": 1})).await;
    let (first, second) = two_parallel_streams(&mock).await;
    let at = |e: &Value, k: &str| e[k].as_f64().unwrap();
    assert!(at(&second, "startMs") < at(&first, "firstByteMs"), "both were sent at once");
    // (A few milliseconds pass between a worker being freed and the first chunk leaving.)
    assert!(at(&second, "firstByteMs") - at(&first, "firstByteMs") >= ttft * 0.9, "the second waited for the first's first chunk: {first} {second}");

    // Two workers: both run at once.
    mock.serve_settings(json!({"workers": 2})).await;
    let (first, second) = two_parallel_streams(&mock).await;
    assert!(at(&second, "firstByteMs") - at(&first, "firstByteMs") < ttft, "{first} {second}");

    // Serialization off: they overlap too.
    mock.serve_settings(json!({"serialize": false, "workers": 1})).await;
    let (first, second) = two_parallel_streams(&mock).await;
    assert!(at(&second, "firstByteMs") - at(&first, "firstByteMs") < ttft, "{first} {second}");

    // A non-streaming call holds the worker for its whole answer.
    mock.serve_settings(json!({"serialize": true, "ttftMs": 0, "tokenMs": 200, "answerTokens": 5})).await;
    mock.send("DELETE", "/__mock/requests", None, Body::None, &[]).await;
    let (one, two) = (chat(MODEL, "first", false), chat(MODEL, "second", false));
    let (a, b) = tokio::join!(mock.json("POST", CHAT, Some(ADMIN), &one), mock.json("POST", CHAT, Some(ADMIN), &two));
    assert_eq!((a.status, b.status), (200, 200));
    let mut log: Vec<Value> = mock.requests().await.into_iter().filter(|e| e["path"] == CHAT).collect();
    log.sort_by(|x, y| x["endMs"].as_f64().partial_cmp(&y["endMs"].as_f64()).unwrap());
    assert!(at(&log[1], "endMs") - at(&log[0], "endMs") >= 900.0, "five tokens of 200 ms after the first answer: {log:?}");
}

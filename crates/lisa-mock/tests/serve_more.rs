//! LISA Serve embeddings and images (lisa-serve.md §11), the usage metrics side effects (§13),
//! the settings control route and the second, Serve-only listen address.

mod common;

use common::{chat, Body, Mock, ADMIN, USER};
use serde_json::{json, Value};

const EMBED: &str = "/v2/serve/embeddings";
const IMAGES: &str = "/v2/serve/images/generations";
const CHAT: &str = "/v2/serve/chat/completions";
const ORIGIN: (&str, &str) = ("origin", "http://console.test");

fn vector(v: &Value) -> Vec<f64> {
    v["embedding"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn cosine(a: &[f64], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    dot / (norm(a) * norm(b))
}

#[tokio::test]
async fn embeddings_are_deterministic_unit_vectors() {
    let mock = Mock::serve().await;
    let body = json!({"model": "titan-embed-text-v2", "input": ["the same text", "another text", "the same text"], "encoding_format": "float"});
    let r = mock.send("POST", EMBED, Some(USER), Body::Json(&body), &[ORIGIN]).await;
    assert_eq!((r.status, r.has_cors()), (200, true), "{}", r.text);
    let v = r.json();
    assert_eq!((v["object"].clone(), v["model"].clone()), (json!("list"), json!("titan-embed-text-v2")));
    assert_eq!(v["usage"], json!({"prompt_tokens": 8, "total_tokens": 8}), "whitespace words of every input");
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.iter().map(|d| (d["object"].clone(), d["index"].clone())).collect::<Vec<_>>(),
        [(json!("embedding"), json!(0)), (json!("embedding"), json!(1)), (json!("embedding"), json!(2))]);
    let (a, b, c) = (vector(&data[0]), vector(&data[1]), vector(&data[2]));
    assert_eq!(a.len(), 384);
    assert_eq!(a, c, "the same text gives the same vector");
    assert!((cosine(&a, &c) - 1.0).abs() < 1e-9);
    assert!(cosine(&a, &b).abs() < 0.5, "different texts are not alike");
    assert!((a.iter().map(|x| x * x).sum::<f64>().sqrt() - 1.0).abs() < 1e-6, "unit length");
    let single = mock.json("POST", EMBED, Some(ADMIN), &json!({"model": "titan-embed-text-v2", "input": "the same text"})).await.json();
    assert_eq!(vector(&single["data"][0]), a, "a string input is one vector, the same");

    // Errors: LISA hides LiteLLM's body (null), with CORS.
    for bad in [
        json!({"model": "titan-express-v1", "input": "text"}),
        json!({"model": "nope", "input": "text"}),
        json!({"model": "bge-large-en", "input": "text"}),
        json!({"model": "titan-embed-text-v2", "input": [1, 2]}),
        json!({"model": "titan-embed-text-v2"}),
    ] {
        let r = mock.send("POST", EMBED, Some(ADMIN), Body::Json(&bad), &[ORIGIN]).await;
        assert_eq!((r.status, r.text.as_str(), r.has_cors()), (400, "null", true), "{bad}");
    }
}

#[tokio::test]
async fn images_are_small_pngs_in_b64_json() {
    let mock = Mock::serve().await;
    let body = json!({"model": "titan-image-generator-v2", "prompt": "a red fox", "n": 2, "size": "1024x1024", "response_format": "url"});
    let r = mock.json("POST", IMAGES, Some(ADMIN), &body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    for image in data {
        // Base64 of the PNG signature and the IHDR chunk's start.
        assert!(image["b64_json"].as_str().unwrap().starts_with("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAI"), "{image}");
        assert!(image["url"].is_null() && image["revised_prompt"].is_null());
    }
    assert_ne!(data[0]["b64_json"], data[1]["b64_json"]);
    let again = mock.json("POST", IMAGES, Some(ADMIN), &body).await.json();
    assert_eq!(again["data"], v["data"], "deterministic");
    assert!(v["created"].is_u64());
    let r = mock.json("POST", IMAGES, Some(ADMIN), &json!({"model": "titan-express-v1", "prompt": "x"})).await;
    assert_eq!((r.status, r.text.as_str()), (400, "null"), "a text model has no image route");
    let r = mock.json("POST", IMAGES, Some(ADMIN), &json!({"model": "nova-reel", "prompt": "x"})).await;
    assert_eq!(r.status, 400, "nor a video model");
}

#[tokio::test]
async fn chat_calls_count_in_usage_metrics() {
    let mock = Mock::serve().await;
    let model = "claude-3-5-haiku";
    // An API token (the user token): a `full` event: a prompt, a session, tokens.
    let answer = mock.json("POST", CHAT, Some(USER), &chat(model, "File context: doc. Summarize it", false)).await.json();
    let metrics = mock.get("/metrics/users/demo-user", Some(ADMIN)).await.json()["body"]["demo-user"].clone();
    assert_eq!((metrics["totalPrompts"].clone(), metrics["ragUsageCount"].clone()), (json!(1.0), json!(1.0)));
    let sessions = metrics["sessionMetrics"].as_object().unwrap();
    assert_eq!(sessions.len(), 1);
    let (id, session) = sessions.iter().next().unwrap();
    assert!(id.starts_with("api-"), "{id}");
    assert_eq!(session["modelId"], json!(model));
    assert_eq!(session["promptTokens"].as_f64(), answer["usage"]["prompt_tokens"].as_f64());
    assert_eq!(session["completionTokens"].as_f64(), answer["usage"]["completion_tokens"].as_f64());

    // The management key: `token_only`, skipped without token counts (no include_usage).
    mock.send("POST", CHAT, Some(ADMIN), Body::Json(&chat(model, "streamed", true)), &[]).await;
    let mut with_usage = chat(model, "streamed", true);
    with_usage["stream_options"] = json!({"include_usage": true});
    let text = mock.send("POST", CHAT, Some(ADMIN), Body::Json(&with_usage), &[]).await.text;
    let data = common::sse_data(&text);
    let usage: Value = serde_json::from_str(&data[data.len() - 2]).unwrap();
    // Errors publish nothing.
    mock.json("POST", CHAT, Some(ADMIN), &chat("nope", "x", false)).await;
    mock.json("POST", EMBED, Some(ADMIN), &json!({"model": "titan-embed-text-v2", "input": "x"})).await;
    let report = common::wait_usage(&mock, 2).await;
    let events = report["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[1]["type"], json!("token_only"));
    assert_eq!(events[1]["userId"], json!("management-token"));
    assert_eq!(events[1]["completionTokens"], usage["usage"]["completion_tokens"]);
    assert_eq!(report["users"]["management-token"]["prompts"], json!(0), "token_only counts no prompt");
    assert_eq!(report["models"][model]["prompts"], json!(1));
    let total = answer["usage"]["completion_tokens"].as_u64().unwrap() + usage["usage"]["completion_tokens"].as_u64().unwrap();
    assert_eq!(report["models"][model]["completionTokens"], json!(total));
}

#[tokio::test]
async fn settings_route_and_reset() {
    let mock = Mock::start(&["--test-control", "--serve-ttft-ms", "5", "--serve-serialize", "off"]);
    let defaults = mock.get("/__mock/serve", None).await.json();
    assert_eq!(
        defaults,
        json!({"ttftMs": 5, "tokenMs": 25, "serialize": false, "workers": 1, "newModelWindowMs": 10000, "answerTokens": null})
    );
    let changed = mock.serve_settings(json!({"tokenMs": 0, "answerTokens": 3, "workers": 4})).await;
    assert_eq!((changed["tokenMs"].clone(), changed["answerTokens"].clone(), changed["ttftMs"].clone()), (json!(0), json!(3), json!(5)));
    let answer = mock.json("POST", CHAT, Some(ADMIN), &chat("titan-express-v1", "x", false)).await.json();
    assert_eq!(answer["usage"]["completion_tokens"], json!(3));
    assert_eq!(mock.json("POST", "/__mock/serve", None, &json!({"workers": 0})).await.status, 400);
    assert_eq!(mock.json("POST", "/__mock/serve", None, &json!({"speed": 1})).await.status, 400);
    mock.control("POST", "/__mock/reset", &json!({"demo": true})).await;
    assert_eq!(mock.get("/__mock/serve", None).await.json(), defaults, "reset restores the command line's settings");
    assert_eq!(mock.get("/__mock/usage", None).await.json()["events"], json!([]));
}

#[tokio::test]
async fn serve_also_listens_on_its_own_origin() {
    let mock = Mock::start(&["--test-control", "--serve-addr", "127.0.0.1:0", "--serve-ttft-ms", "0", "--serve-token-ms", "0"]);
    let serve = mock.serve_base.clone().expect("a second address");
    assert_ne!(serve, mock.base);
    let client = reqwest::Client::new();
    let r = client.get(format!("{serve}/v2/serve/models")).bearer_auth("demo-user-token").send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = client.post(format!("{serve}{CHAT}")).bearer_auth("demo-admin-token").json(&chat("titan-express-v1", "hi", false)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = client.get(format!("{serve}/models")).bearer_auth("demo-admin-token").send().await.unwrap();
    assert_eq!(r.status(), 404, "the Serve ALB has no model management");
    assert_eq!(mock.get("/v2/serve/models", Some(ADMIN)).await.status, 200, "the main address keeps serving it");
    let log = mock.requests().await;
    assert_eq!(log.iter().filter(|e| e["path"] == CHAT).count(), 1, "one log for both addresses");
}

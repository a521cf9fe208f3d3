//! Every error row of lisa-serve.md §9 (and the first-token timeout) gives its message, and the
//! page recovers without a reload: Retry after each one completes. The new-model "Invalid model
//! name" window gives the retry hint.

use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

use super::{answer, open_try, send, serve_settings, wait_state, CHAT};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![every_serve_error_row_gives_its_message_and_the_page_recovers, the_new_model_window_gives_the_retry_hint]
}

const NETWORK: &str = "No readable answer from LISA Serve: an authentication, rate limit or server problem";

/// One row: what the mock is told to do, with streaming on or off, and what the page must say.
struct Row {
    name: &'static str,
    inject: Value,
    streaming: bool,
    says: &'static [&'static str],
    /// Part of the answer arrived before the failure and must stay.
    keeps_text: bool,
}

fn fault(fault: &str, extra: Value) -> Value {
    let mut spec = json!({"method": "POST", "path": CHAT, "fault": fault});
    if let (Some(spec), Some(extra)) = (spec.as_object_mut(), extra.as_object()) {
        spec.extend(extra.clone());
    }
    spec
}

fn raw(status: u16, body: Value, cors: bool) -> Value {
    json!({"method": "POST", "path": CHAT, "status": status, "body": body, "dropCors": !cors})
}

fn rows() -> Vec<Row> {
    let row = |name, inject, streaming, says, keeps_text| Row { name, inject, streaming, says, keeps_text };
    vec![
        row("401 Not authenticated (no CORS)", fault("unauthorized", json!({})), true, &[NETWORK, "401"], false),
        row("401 Authentication failed, LiteLLM down (no CORS)", fault("authFailed", json!({})), true, &[NETWORK, "Authentication failed"], false),
        row("429 rate limit (no CORS)", fault("rateLimited", json!({"retryAfter": 3})), true, &[NETWORK, "429"], false),
        row(
            "400 bad JSON from the input checks (no CORS)",
            raw(400, json!({"error": "Bad Request", "message": "Request body must be valid JSON"}), false),
            true,
            &[NETWORK],
            false,
        ),
        row("413 too large (no CORS)", raw(413, json!({"error": "Payload Too Large", "message": "Request body too large"}), false), true, &[NETWORK], false),
        row(
            "403 admin-only path",
            raw(403, json!({"error": "Forbidden", "message": "Admin access required for this endpoint"}), true),
            true,
            &["LISA Serve refused the call (HTTP 403): “Admin access required for this endpoint”"],
            false,
        ),
        row(
            "LiteLLM error, not streamed: null body",
            fault("error", json!({"status": 500, "message": "provider exploded"})),
            false,
            &["LISA Serve hid the upstream error (HTTP 500)", "LiteLLM already retried twice", "Turn streaming on"],
            false,
        ),
        row(
            "LiteLLM error before the first chunk: JSON, not SSE",
            fault("error", json!({"status": 400, "message": "Violated guardrail policy"})),
            true,
            &["A guardrail blocked the prompt (HTTP 400): “Violated guardrail policy”"],
            false,
        ),
        row(
            "error line inside the 200 stream",
            fault("midStreamError", json!({"afterChunks": 3, "message": "connection reset by provider"})),
            true,
            &["The stream broke off with an error (code 500): “connection reset by provider”", "is kept above"],
            true,
        ),
        row(
            "stream cut without [DONE]",
            fault("cut", json!({"afterChunks": 3})),
            true,
            &["The stream ended without completion: no [DONE] and no error.", "is kept above"],
            true,
        ),
        row(
            "load balancer 503 page (no CORS)",
            json!({"method": "POST", "path": CHAT, "status": 503, "rawBody": "<html><head><title>503 Service Temporarily Unavailable</title></head></html>", "dropCors": true}),
            true,
            &[NETWORK],
            false,
        ),
        row(
            "first-token timeout",
            json!({"method": "POST", "path": CHAT, "delayMs": 4000}),
            true,
            &["No answer within 1.5 s (serveFirstTokenTimeoutMs)", "queued behind others"],
            false,
        ),
    ]
}

async fn set_streaming(env: &Env, on: bool) -> TestResult {
    let checked = env.js("return document.querySelector('#try-streaming').checked;").await?;
    if checked != on {
        env.click("#try-streaming").await?;
    }
    Ok(())
}

async fn every_serve_error_row_gives_its_message_and_the_page_recovers() -> TestResult {
    let env = Env::start(EnvOptions { config: json!({"serveFirstTokenTimeoutMs": 1500}), ..Default::default() }).await?;
    serve_settings(&env, json!({"ttftMs": 30, "tokenMs": 30, "answerTokens": 12, "serialize": false})).await?;
    open_try(&env, "titan-express-v1").await?;
    env.js("window.__sameDocument = true; return true;").await?;
    env.fill("#try-prompt", "Hello there").await?;
    let mut checked = 0;
    for row in rows() {
        env.mock.clear_injections().await?;
        env.mock.inject(row.inject.clone()).await?;
        set_streaming(&env, row.streaming).await?;
        env.click("#try-send").await?;
        wait_state(&env, "try", "Failed").await.map_err(|e| format!("{}: {e}", row.name))?;
        let text = env.text("#try-result .pane-error").await?;
        for needle in row.says {
            ensure!(text.contains(needle), "{}: the message lacks {needle:?}:\n{text}", row.name);
        }
        if row.keeps_text {
            ensure!(!answer(&env, "try").await?.is_empty(), "{}: what arrived before the failure is gone", row.name);
        }
        // Recovery: nothing pending, Retry completes, on the same page.
        env.mock.clear_injections().await?;
        env.click("#try-result .pane-retry").await?;
        wait_state(&env, "try", "Completed").await.map_err(|e| format!("{}: no recovery: {e}", row.name))?;
        ensure!(env.count("#try-result .pane-error").await? == 0, "{}: the error stayed after a successful retry", row.name);
        checked += 1;
    }
    let same = env.js("return window.__sameDocument === true;").await?;
    ensure!(same == true, "the page was reloaded");
    println!("serve errors: {checked} rows of lisa-serve.md §9 (and the first-token timeout), each with its message, each recovered by Retry without a reload");
    env.assert_no_panic().await
}

async fn the_new_model_window_gives_the_retry_hint() -> TestResult {
    let env = Env::start(EnvOptions {
        mock_args: vec!["--workflow-delay-ms", "1500", "--serve-new-model-ms", "120000"],
        ..Default::default()
    })
    .await?;
    serve_settings(&env, json!({"ttftMs": 30, "tokenMs": 5, "serialize": false})).await?;
    // A workflow has just put the model InService: LiteLLM workers do not all know it yet.
    env.mock.seed("claude-3-5-haiku", "Stopped").await?;
    env.mock.seed("claude-3-5-haiku", "InService").await?;
    open_try(&env, "claude-3-5-haiku").await?;
    send(&env, "Are you there?").await?;
    wait_state(&env, "try", "Failed").await?;
    let streamed = env.text("#try-result .pane-error").await?;
    ensure!(streamed.contains("LiteLLM does not know claude-3-5-haiku (HTTP 400)"), "streamed: {streamed}");
    ensure!(streamed.contains("Invalid model name"), "LiteLLM's own words are shown: {streamed}");
    ensure!(streamed.contains("retry in 30 s"), "no retry hint: {streamed}");
    set_streaming(&env, false).await?;
    env.click("#try-send").await?;
    env.until("the non-streamed failure", || async {
        let text = env.text("#try-result .pane-error").await.ok()?;
        text.contains("hid the upstream error").then_some(text)
    })
    .await
    .and_then(|text| {
        if text.contains("LISA Serve hid the upstream error (HTTP 400)") && text.contains("retry in 30 s") {
            Ok(())
        } else {
            Err(format!("not streamed: {text}"))
        }
    })?;
    env.assert_no_panic().await
}

//! A streamed answer: text arrives progressively, Stop keeps it and closes the connection, the
//! figures match what the mock did, reasoning stays apart, drafts survive a reload.

use lisa_e2e::{ensure, Env, TestResult};
use serde_json::{json, Value};

use super::{answer, chat_calls, figure, ms, open_try, send, serve_settings, state, wait_state};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        text_appears_progressively_with_the_mocks_figures,
        stop_keeps_the_partial_answer_and_closes_the_connection,
        reasoning_is_shown_apart_and_the_draft_survives_a_reload
    ]
}

/// Every animation frame: the answer's length and the pane's state, until it completes.
const SAMPLER: &str = r#"
window.__samples = [];
const tick = () => {
  const a = document.querySelector('#try-answer');
  const s = document.querySelector('#try-state');
  if (a && s) window.__samples.push([a.textContent.length, s.textContent]);
  if (!s || s.textContent !== 'Completed') requestAnimationFrame(tick);
};
requestAnimationFrame(tick);
return true;
"#;

const TTFT_MS: u64 = 400;
const TOKENS: u64 = 30;

async fn text_appears_progressively_with_the_mocks_figures() -> TestResult {
    let env = Env::default().await?;
    serve_settings(&env, json!({"ttftMs": TTFT_MS, "tokenMs": 50, "answerTokens": TOKENS, "serialize": false})).await?;
    open_try(&env, "titan-express-v1").await?;
    env.fill("#try-max-tokens", "").await?;
    env.fill("#try-prompt", "Describe a lighthouse at night").await?;
    env.js(SAMPLER).await?;
    env.click("#try-send").await?;
    wait_state(&env, "try", "Completed").await?;
    let final_text = answer(&env, "try").await?;
    let samples = env.js("return window.__samples;").await?;
    let partial = samples
        .as_array()
        .map(|s| {
            s.iter()
                .filter(|x| {
                    let len = x[0].as_u64().unwrap_or(0) as usize;
                    len > 0 && len < final_text.len() && x[1] == "Receiving…"
                })
                .count()
        })
        .unwrap_or(0);
    ensure!(partial >= 3, "no partial text was visible while the answer streamed ({partial} frames): {samples}");
    ensure!(final_text.contains("lighthouse"), "the answer echoes the prompt: {final_text:?}");

    // Figures: time to first token at least the mock's delay; token counts are the mock's usage.
    let ttft = figure(&env, "try", "Time to first token").await?;
    let ttft_ms = ms(&ttft).ok_or_else(|| format!("unreadable time to first token {ttft:?}"))?;
    ensure!(ttft_ms >= TTFT_MS as f64, "time to first token {ttft_ms} ms is below the mock's {TTFT_MS} ms");
    let usage = super::mock_usage(&env).await?;
    let event = usage["events"].as_array().and_then(|e| e.last()).cloned().unwrap_or(Value::Null);
    let completion = figure(&env, "try", "Completion tokens").await?;
    let prompt = figure(&env, "try", "Prompt tokens").await?;
    ensure!(
        completion.parse::<u64>().ok() == event["completionTokens"].as_u64() && completion.parse::<u64>().ok() == Some(TOKENS),
        "completion tokens shown {completion:?}, mock usage {event}"
    );
    ensure!(prompt.parse::<u64>().ok() == event["promptTokens"].as_u64(), "prompt tokens shown {prompt:?}, mock usage {event}");
    ensure!(figure(&env, "try", "HTTP status").await? == "200", "HTTP status figure");
    ensure!(figure(&env, "try", "Finish reason").await? == "stop", "finish reason figure");
    let rate = figure(&env, "try", "Completion tokens per second").await?;
    ensure!(rate.ends_with("tokens/s"), "tokens per second: {rate:?}");
    // The exact request: streamed, with usage asked for.
    let body = env.js("return document.querySelector('#try-request').textContent;").await?;
    let body: Value = serde_json::from_str(body.as_str().unwrap_or_default()).map_err(|e| format!("request body: {e}"))?;
    ensure!(body["stream"] == true && body["stream_options"]["include_usage"] == true, "request body: {body}");
    let sent: Value = serde_json::from_str(chat_calls(&env).await?.last().and_then(|c| c["body"].as_str()).unwrap_or("null")).unwrap_or(Value::Null);
    ensure!(sent == body, "the body shown is not the body sent:\nshown {body}\nsent {sent}");
    println!("try: time to first token {ttft} (mock {TTFT_MS} ms), {completion} completion tokens, {rate}, {partial} frames with partial text");
    env.assert_no_panic().await
}

async fn stop_keeps_the_partial_answer_and_closes_the_connection() -> TestResult {
    let env = Env::default().await?;
    serve_settings(&env, json!({"ttftMs": 100, "tokenMs": 80, "answerTokens": 400, "serialize": false})).await?;
    open_try(&env, "claude-3-5-haiku").await?;
    send(&env, "Tell me a long story").await?;
    env.until("some text to arrive", || async { (answer(&env, "try").await.ok()?.len() > 20).then_some(()) }).await?;
    env.click("#try-stop").await?;
    wait_state(&env, "try", "Stopped").await?;
    let kept = answer(&env, "try").await?;
    ensure!(kept.len() > 20, "Stop lost the partial answer: {kept:?}");
    let note = env.text("#try-result .pane-note").await?;
    ensure!(note.contains("What arrived") && note.contains("is kept above"), "stop note: {note:?}");
    let call = env
        .until("the mock to see the connection closed", || async {
            chat_calls(&env).await.ok()?.into_iter().last().filter(|c| c["endMs"].is_number())
        })
        .await?;
    ensure!(call["aborted"] == true, "the mock did not see the stream aborted: {call}");
    // The figures count what arrived (estimated: the usage chunk never came).
    let completion = figure(&env, "try", "Completion tokens").await?;
    ensure!(completion.contains("estimated"), "completion tokens after Stop: {completion:?}");
    ensure!(answer(&env, "try").await? == kept, "the kept text changed after Stop");
    ensure!(state(&env, "try").await? == "Stopped", "state after Stop");

    // Leaving the page (an in-app navigation, same bundle) aborts a call in flight too.
    env.click("#try-send").await?;
    env.until("text again", || async { (super::state(&env, "try").await.ok()? == "Receiving…").then_some(()) }).await?;
    let calls_before = chat_calls(&env).await?.len();
    env.click("#try-compare").await?;
    env.wait_css("#page-compare").await?;
    let left = env
        .until("the mock to see the call of the page left behind closed", || async {
            let calls = chat_calls(&env).await.ok()?;
            (calls.len() == calls_before).then_some(())?;
            calls.into_iter().last().filter(|c| c["endMs"].is_number())
        })
        .await?;
    ensure!(left["aborted"] == true, "leaving the page did not abort the call: {left}");
    env.assert_no_panic().await
}

async fn reasoning_is_shown_apart_and_the_draft_survives_a_reload() -> TestResult {
    let env = Env::default().await?;
    serve_settings(&env, json!({"ttftMs": 50, "tokenMs": 5, "answerTokens": 40, "serialize": false})).await?;
    open_try(&env, "deepseek-r1-reasoning").await?;
    send(&env, "Why is the sky blue?").await?;
    wait_state(&env, "try", "Completed").await?;
    let reasoning = env.js("return document.querySelector('#try-reasoning').textContent;").await?;
    let reasoning = reasoning.as_str().unwrap_or_default().to_string();
    let answer_text = answer(&env, "try").await?;
    ensure!(!reasoning.is_empty(), "no reasoning shown");
    ensure!(!answer_text.contains(&reasoning), "reasoning mixed into the answer");
    let hidden = env.js("return document.querySelector('#try-reasoning').closest('details').hidden;").await?;
    ensure!(hidden == false, "the reasoning block is hidden");

    // What was typed survives a reload (sessionStorage draft).
    env.click("#try-form .system-prompt summary").await?;
    env.fill("#try-system", "Answer in one sentence.").await?;
    env.fill("#try-temperature", "0.3").await?;
    env.goto("/models/deepseek-r1-reasoning/try").await?;
    env.wait_css("#try-prompt").await?;
    let values = env
        .until("the draft to be restored", || async {
            let v = env
                .js("return [document.querySelector('#try-prompt').value, document.querySelector('#try-system').value, document.querySelector('#try-temperature').value];")
                .await
                .ok()?;
            (v[0] == "Why is the sky blue?").then_some(v)
        })
        .await?;
    ensure!(values == json!(["Why is the sky blue?", "Answer in one sentence.", "0.3"]), "draft after reload: {values}");
    env.assert_no_panic().await
}

//! Compare: four models with one failing mid-stream (the others finish, with figures), "one
//! after another" really sequential in the mock's log, Stop all aborting every call, and the
//! way there from the try page ("Add a model to compare").

use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

use super::{chat_calls, figure, ms, serve_settings, state, CHAT};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        four_at_once_one_failing_mid_stream_the_others_finish,
        one_after_another_is_sequential_in_the_mocks_log,
        stop_all_aborts_every_call,
        add_a_model_from_the_try_page
    ]
}

const FOUR: [&str; 4] = ["claude-3-5-haiku", "llama-3-1-8b-instruct", "titan-express-v1", "sagemaker-amazon-mistrallite"];

async fn open_compare(env: &Env, ids: &[&str]) -> TestResult {
    env.signed_in_at(&format!("/compare?models={}", ids.join(","))).await?;
    env.wait_css("#page-compare #compare-send").await?;
    env.until("every pane", || async { (env.count(".compare-pane").await.ok()? == ids.len()).then_some(()) }).await
}

async fn wait_all_done(env: &Env) -> TestResult {
    env.until_for("every call to end", std::time::Duration::from_secs(30), || async {
        let v = env.js("return document.querySelector('#compare-stop').disabled;").await.ok()?;
        (v == true).then_some(())
    })
    .await
}

async fn send_to_all(env: &Env, prompt: &str) -> TestResult {
    env.fill("#compare-prompt", prompt).await?;
    env.click("#compare-send").await?;
    env.until("the calls to start", || async {
        (env.js("return document.querySelector('#compare-stop').disabled;").await.ok()? == false).then_some(())
    })
    .await
}

async fn four_at_once_one_failing_mid_stream_the_others_finish() -> TestResult {
    let env = Env::default().await?;
    serve_settings(&env, json!({"ttftMs": 150, "tokenMs": 20, "answerTokens": 40, "serialize": false})).await?;
    open_compare(&env, &FOUR).await?;
    env.click("#mode-parallel").await?;
    let note = env.text("label[for='mode-parallel'] .mode-note").await?;
    ensure!(note.contains("queues parallel requests on a worker"), "all-at-once note: {note:?}");
    env.mock.inject(json!({"method": "POST", "path": CHAT, "fault": "midStreamError", "afterChunks": 5, "message": "upstream went away"})).await?;
    send_to_all(&env, "Name three rivers").await?;
    wait_all_done(&env).await?;
    let mut failed = Vec::new();
    let mut completed = 0;
    for i in 0..4 {
        let prefix = format!("pane-{i}");
        match state(&env, &prefix).await?.as_str() {
            "Completed" => {
                completed += 1;
                let ttft = figure(&env, &prefix, "Time to first token").await?;
                ensure!(ms(&ttft).is_some_and(|t| t >= 150.0), "{prefix}: time to first token {ttft:?}");
                ensure!(figure(&env, &prefix, "Completion tokens").await? == "40", "{prefix}: completion tokens");
                ensure!(figure(&env, &prefix, "Completion tokens per second").await?.ends_with("tokens/s"), "{prefix}: rate");
            }
            "Failed" => {
                let error = env.text(&format!(".compare-pane:nth-child({}) .pane-error", i + 1)).await?;
                ensure!(error.contains("The stream broke off with an error") && error.contains("upstream went away"), "{prefix}: {error:?}");
                ensure!(!super::answer(&env, &prefix).await?.is_empty(), "{prefix}: what arrived before the error is gone");
                failed.push(prefix);
            }
            other => return Err(format!("{prefix} ended as {other:?}")),
        }
    }
    ensure!(failed.len() == 1 && completed == 3, "expected one failure and three answers, got failed {failed:?}, completed {completed}");
    // The chart shows every model's time to first token.
    let bars = env.js("return [...document.querySelectorAll('#chart-ttft g.bar')].map(g => g.getAttribute('data-label'));").await?;
    ensure!(bars.as_array().map_or(0, |b| b.len()) == 4, "chart bars: {bars}");
    env.assert_no_panic().await
}

async fn one_after_another_is_sequential_in_the_mocks_log() -> TestResult {
    // Serialization off: were the calls sent together, they would overlap in the log.
    let env = Env::default().await?;
    serve_settings(&env, json!({"ttftMs": 120, "tokenMs": 10, "answerTokens": 20, "serialize": false})).await?;
    open_compare(&env, &FOUR[..3]).await?;
    let checked = env.js("return document.querySelector('#mode-sequential').checked;").await?;
    ensure!(checked == true, "one after another is not the default");
    env.mock.clear_requests().await?;
    send_to_all(&env, "Count to five").await?;
    wait_all_done(&env).await?;
    let mut calls: Vec<Value> = chat_calls(&env).await?;
    calls.sort_by(|a, b| a["startMs"].as_f64().unwrap_or(0.0).total_cmp(&b["startMs"].as_f64().unwrap_or(0.0)));
    ensure!(calls.len() == 3, "{} chat calls", calls.len());
    for pair in calls.windows(2) {
        let (ended, started) = (pair[0]["endMs"].as_f64().unwrap_or(f64::MAX), pair[1]["startMs"].as_f64().unwrap_or(0.0));
        ensure!(started >= ended, "a call started at {started} ms before the previous one ended at {ended} ms");
    }
    let models: Vec<String> = calls
        .iter()
        .map(|c| serde_json::from_str::<Value>(c["body"].as_str().unwrap_or("{}")).unwrap_or(Value::Null)["model"].as_str().unwrap_or("").to_string())
        .collect();
    ensure!(models == FOUR[..3], "order of the calls: {models:?}");
    for i in 0..3 {
        ensure!(state(&env, &format!("pane-{i}")).await? == "Completed", "pane-{i} did not complete");
    }
    env.assert_no_panic().await
}

async fn stop_all_aborts_every_call() -> TestResult {
    let env = Env::start(EnvOptions::default()).await?;
    serve_settings(&env, json!({"ttftMs": 50, "tokenMs": 60, "answerTokens": 500, "serialize": false})).await?;
    open_compare(&env, &FOUR).await?;
    env.click("#mode-parallel").await?;
    env.mock.clear_requests().await?;
    send_to_all(&env, "A long essay please").await?;
    env.until("text in every pane", || async {
        let lengths = env.js("return [...document.querySelectorAll('.answer-text')].map(a => a.textContent.length);").await.ok()?;
        lengths.as_array()?.iter().all(|l| l.as_u64().unwrap_or(0) > 10).then_some(())
    })
    .await?;
    env.click("#compare-stop").await?;
    wait_all_done(&env).await?;
    for i in 0..4 {
        let s = state(&env, &format!("pane-{i}")).await?;
        ensure!(s == "Stopped", "pane-{i} is {s:?} after Stop all");
    }
    let calls = env
        .until("the mock to see every connection closed", || async {
            let calls = chat_calls(&env).await.ok()?;
            (calls.len() == 4 && calls.iter().all(|c| c["endMs"].is_number())).then_some(calls)
        })
        .await?;
    ensure!(calls.iter().all(|c| c["aborted"] == true), "not every call was aborted: {calls:?}");
    env.assert_no_panic().await
}

async fn add_a_model_from_the_try_page() -> TestResult {
    let env = Env::default().await?;
    super::open_try(&env, "titan-express-v1").await?;
    env.click("#try-compare").await?;
    env.wait_css("#page-compare #compare-add").await?;
    ensure!(env.texts("#compare-models code").await? == ["titan-express-v1"], "the compare page starts with the tried model");
    ensure!(env.wait_css("#compare-need-more").await.is_ok(), "no hint that two models are needed");
    let disabled = env.js("return document.querySelector('#compare-send').disabled;").await?;
    ensure!(disabled == true, "Send is enabled with one model");
    // Only text models LISA Serve lists are offered.
    let options = env.js("return [...document.querySelectorAll('#compare-add option')].map(o => o.value).filter(Boolean);").await?;
    let options: Vec<String> = serde_json::from_value(options).unwrap_or_default();
    ensure!(options.contains(&"claude-3-5-haiku".to_string()), "options: {options:?}");
    for absent in ["titan-express-v1", "titan-embed-text-v2", "phi-3-mini-instruct", "nova-reel"] {
        ensure!(!options.iter().any(|o| o == absent), "{absent} is offered: {options:?}");
    }
    env.js("const s = document.querySelector('#compare-add'); s.value = 'claude-3-5-haiku'; s.dispatchEvent(new Event('change', {bubbles: true})); return true;").await?;
    env.until("two models in the address", || async {
        let path = env.path().await.ok()?;
        (path == "/admin/compare?models=titan-express-v1,claude-3-5-haiku").then_some(())
    })
    .await?;
    env.until("two panes", || async { (env.count(".compare-pane").await.ok()? == 2).then_some(()) }).await?;
    env.assert_no_panic().await
}

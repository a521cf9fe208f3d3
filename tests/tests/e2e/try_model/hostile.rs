//! The XSS corpus (`lisa_e2e::hostile`) as a streamed answer, as reasoning, and as the text of
//! serve errors (before the first chunk and mid-stream), on the try and compare pages: nothing
//! runs, no markup is injected, and the text is shown as text.

use lisa_e2e::hostile::{corpus, normalise, Probe, POKE, PROBE, WATCH_INJECTIONS};
use lisa_e2e::{ensure, Env, TestResult};
use serde_json::json;

use super::{answer, open_try, serve_settings, wait_state, CHAT};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![hostile_streams_and_errors_are_inert]
}

async fn probe(env: &Env, step: &str, findings: &mut Vec<String>) -> Result<Probe, String> {
    env.js(POKE).await?;
    let p = Probe::from_value(&env.js(PROBE).await?);
    if let Some(canary) = &p.canary {
        findings.push(format!("{step}: payload {canary} ran"));
    }
    if !p.injected.is_empty() {
        findings.push(format!("{step}: injected {:?}", p.injected));
    }
    if !p.bad_urls.is_empty() {
        findings.push(format!("{step}: script URLs {:?}", p.bad_urls));
    }
    if p.overflows() {
        findings.push(format!("{step}: the page is wider than the window at {:?}", p.overflow_at));
    }
    Ok(p)
}

async fn hostile_streams_and_errors_are_inert() -> TestResult {
    let env = Env::default().await?;
    env.on_new_document(WATCH_INJECTIONS).await?;
    serve_settings(&env, json!({"ttftMs": 20, "tokenMs": 1, "serialize": false})).await?;
    let payloads = corpus();
    let content: String = payloads.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
    let mut findings = Vec::new();

    // The whole corpus as one streamed answer.
    open_try(&env, "titan-express-v1").await?;
    env.mock.inject(json!({"method": "POST", "path": CHAT, "content": content})).await?;
    super::send(&env, "hello").await?;
    wait_state(&env, "try", "Completed").await?;
    let shown = answer(&env, "try").await?;
    ensure!(normalise(&shown) == normalise(&content), "the streamed answer is not the content as text:\n{shown:.300}");
    probe(&env, "streamed answer", &mut findings).await?;

    // As reasoning (a reasoning model streams the content's words as its thinking too).
    env.goto("/models/deepseek-r1-reasoning/try").await?;
    env.wait_css("#try-form").await?;
    env.mock.inject(json!({"method": "POST", "path": CHAT, "content": content})).await?;
    super::send(&env, "hello").await?;
    wait_state(&env, "try", "Completed").await?;
    probe(&env, "reasoning", &mut findings).await?;

    // As error text: before the first chunk, and inside the stream.
    let mut shown_errors = 0;
    for (i, p) in payloads.iter().filter(|p| p.scripted).enumerate() {
        let fault = if i % 2 == 0 {
            json!({"method": "POST", "path": CHAT, "fault": "error", "status": 400, "message": p.text})
        } else {
            json!({"method": "POST", "path": CHAT, "fault": "midStreamError", "afterChunks": 2, "message": p.text})
        };
        env.mock.inject(fault).await?;
        super::click_and_wait(&env, "#try-send", "try", "Failed").await?;
        let probed = probe(&env, &format!("error text {}", p.name), &mut findings).await?;
        // Server text is shown trimmed.
        if probed.shows(p.text.trim()) {
            shown_errors += 1;
        } else {
            findings.push(format!("error text {}: not shown as text", p.name));
        }
    }

    // The compare page with the corpus in one answer.
    env.goto("/compare?models=titan-express-v1,claude-3-5-haiku").await?;
    env.wait_css("#compare-send").await?;
    env.mock.inject(json!({"method": "POST", "path": CHAT, "content": content})).await?;
    env.fill("#compare-prompt", "hello").await?;
    env.click("#compare-send").await?;
    wait_state(&env, "pane-1", "Completed").await?;
    probe(&env, "compare", &mut findings).await?;

    println!(
        "try hostile: {} payloads streamed as answer and reasoning on try and compare, {shown_errors} as error text, findings {}",
        payloads.len(),
        findings.len()
    );
    ensure!(findings.is_empty(), "hostile content had effects:\n{}", findings.join("\n"));
    env.assert_no_panic().await
}

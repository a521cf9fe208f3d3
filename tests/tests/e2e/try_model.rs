//! Trying and comparing models through LISA Serve (issue 13), against the mock's serve routes:
//! progressive text, Stop, figures, compare (modes, failures, Stop all), every error row of
//! lisa-serve.md §9, the new-model window, embeddings and images, the entry points, hostile
//! content, token hygiene and axe.

mod access;
mod compare;
mod entry;
mod errors;
mod hostile;
mod hygiene;
mod media;
mod streaming;

use lisa_e2e::{Env, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    [
        errors::cases(),
        compare::cases(),
        streaming::cases(),
        media::cases(),
        entry::cases(),
        hostile::cases(),
        hygiene::cases(),
        access::cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub const CHAT: &str = "/v2/serve/chat/completions";

/// `POST /__mock/serve`: time to first token, per-token delay, serialization, answer length.
pub async fn serve_settings(env: &Env, settings: Value) -> TestResult {
    env.mock.post("/__mock/serve", settings).await.map(|_| ())
}

/// Open the try page of `id`, signed in as the admin.
pub async fn open_try(env: &Env, id: &str) -> TestResult {
    env.signed_in_at(&format!("/models/{id}/try")).await?;
    env.wait_css("#page-try #try-result").await.map(|_| ())
}

/// The state line of a pane (`try`, `pane-0`, …): "Completed", "Failed", "Stopped", …
pub async fn state(env: &Env, prefix: &str) -> Result<String, String> {
    env.text(&format!("#{prefix}-state")).await
}

/// Wait until the pane's state is `wanted`.
pub async fn wait_state(env: &Env, prefix: &str, wanted: &str) -> Result<(), String> {
    env.until_for(&format!("{prefix} to be {wanted}"), std::time::Duration::from_secs(20), || async {
        (state(env, prefix).await.ok()? == wanted).then_some(())
    })
    .await
}

/// A figure of a pane by its label ("Time to first token", "Completion tokens", …).
pub async fn figure(env: &Env, prefix: &str, label: &str) -> Result<String, String> {
    let value = env
        .js(&format!(
            "for (const f of document.querySelectorAll('#{prefix}-figures .figure')) {{ \
               if (f.querySelector('dt').textContent === {label}) return f.querySelector('dd').textContent; }} return null;",
            label = json!(label)
        ))
        .await?;
    value.as_str().map(String::from).ok_or_else(|| format!("no figure {label:?} in #{prefix}-figures"))
}

/// "850 ms", "1.24 s", "12.3 s (…)" as milliseconds.
pub fn ms(text: &str) -> Option<f64> {
    let mut words = text.split_whitespace();
    let number: f64 = words.next()?.parse().ok()?;
    match words.next()? {
        "ms" => Some(number),
        "s" => Some(number * 1000.0),
        _ => None,
    }
}

/// The text a pane's answer shows.
pub async fn answer(env: &Env, prefix: &str) -> Result<String, String> {
    let v = env.js(&format!("return document.querySelector('#{prefix}-answer').textContent;")).await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// The chat calls in the mock's log, oldest first.
pub async fn chat_calls(env: &Env) -> Result<Vec<Value>, String> {
    Ok(env.mock.requests().await?.into_iter().filter(|r| r["method"] == "POST" && r["path"] == CHAT).collect())
}

/// Type a prompt and press Send on the try page.
pub async fn send(env: &Env, prompt: &str) -> TestResult {
    env.fill("#try-prompt", prompt).await?;
    env.click("#try-send").await
}

/// `GET /__mock/usage`: the usage events LISA Serve recorded.
pub async fn mock_usage(env: &Env) -> Result<Value, String> {
    let response = reqwest::get(format!("{}/__mock/usage", env.mock.url)).await.map_err(|e| format!("GET /__mock/usage: {e}"))?;
    response.json::<Value>().await.map_err(|e| format!("usage: {e}"))
}

/// Click `button`, wait for the mock to receive the chat call it sends, then for the pane to
/// reach `wanted` (so that a state left from the previous call does not count).
pub async fn click_and_wait(env: &Env, button: &str, prefix: &str, wanted: &str) -> TestResult {
    let before = chat_calls(env).await?.len();
    env.click(button).await?;
    env.until("the call to reach the mock", || async { (chat_calls(env).await.ok()?.len() > before).then_some(()) }).await?;
    wait_state(env, prefix, wanted).await
}

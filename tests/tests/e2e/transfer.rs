//! Many models at once (issue 14): export, import with its dry run, the round trip, failures
//! part-way, hostile files, the hand-over to the create form, accessibility.

mod access;
mod apply;
mod hostile;
mod proxy;
mod roundtrip;

use std::time::Duration;

use lisa_e2e::{ensure, Env, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    let mut cases = Vec::new();
    cases.extend(roundtrip::cases());
    cases.extend(apply::cases());
    cases.extend(hostile::cases());
    cases.extend(access::cases());
    cases
}

pub use lisa_e2e::downloads::{downloaded, CAPTURE_DOWNLOADS};

/// Check `text` as pasted JSON (the paste box opened first, as a user would).
pub async fn paste(env: &Env, text: &str) -> TestResult {
    env.wait_css("#import-text").await?;
    env.js(&format!(
        "document.querySelector('#import-paste').open = true; \
         const t = document.querySelector('#import-text'); t.value = {}; t.dispatchEvent(new Event('input', {{bubbles: true}})); return 0;",
        json!(text)
    ))
    .await?;
    env.click("#import-check").await
}

/// The plan is on screen and compared with LISA's models.
pub async fn plan_ready(env: &Env) -> Result<String, String> {
    env.wait_text("#existing-count", "Compared with").await?;
    env.text("#plan-summary").await
}

/// Each plan row: (id, plan label, outcome label).
pub async fn rows(env: &Env) -> Result<Vec<(String, String, String)>, String> {
    let v = env
        .js(
            "return [...document.querySelectorAll('#plan-table tbody tr.plan-row')].map(tr => [\
             tr.querySelector('.model-id').textContent, tr.querySelector('.plan-badge').textContent, \
             (tr.querySelector('.outcome-badge') || {textContent: ''}).textContent]);",
        )
        .await?;
    let text = |x: &Value| x.as_str().unwrap_or_default().to_string();
    Ok(v.as_array().map(|a| a.iter().map(|r| (text(&r[0]), text(&r[1]), text(&r[2]))).collect()).unwrap_or_default())
}

/// Click "Create N models" and wait for the run to end; the progress line.
pub async fn apply_and_wait(env: &Env) -> Result<String, String> {
    env.click("#import-apply").await?;
    env.until_for("the run to end", Duration::from_secs(60), || async {
        let t = env.text("#import-progress-text").await.ok()?;
        (t.starts_with("Done") || t.starts_with("Cancelled")).then_some(t)
    })
    .await
}

/// `POST /models` requests the mock received.
pub async fn creates(env: &Env) -> Result<Vec<Value>, String> {
    Ok(env.mock.requests().await?.into_iter().filter(|r| r["method"] == "POST" && r["path"] == "/models").collect())
}

/// The mock's models once no workflow is running.
pub async fn settled_models(env: &Env) -> Result<Vec<Value>, String> {
    env.until_for("every workflow to finish", Duration::from_secs(30), || async {
        let (status, body) = env.mock.api("GET", "/models", None).await.ok()?;
        let models = body["models"].as_array()?.clone();
        let moving = ["Creating", "Updating", "Starting", "Stopping", "Deleting"];
        (status == 200 && !models.iter().any(|m| moving.iter().any(|s| m["status"] == *s))).then_some(models)
    })
    .await
}

/// Save a PNG of the page at `width`×`height`, scrolled to `at`, under target/screenshots/;
/// the page must not be wider than the window (only tables scroll sideways).
pub async fn screenshot(env: &Env, name: &str, width: u32, height: u32, at: &str) -> TestResult {
    env.client.set_window_size(width, height).await.map_err(|e| format!("window size: {e}"))?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let probe = lisa_e2e::hostile::Probe::from_value(&env.js(lisa_e2e::hostile::PROBE).await?);
    if probe.overflows() {
        // The outermost elements reaching past the window, to say what to fix.
        let wide = env
            .js("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1 \
                 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > innerWidth + 1)) \
                 .slice(0, 5).map(e => e.localName + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'));")
            .await?;
        return Err(format!("{name}: the page is {} px wide in {width} px: {wide}", probe.scroll_width));
    }
    env.js(&format!("document.querySelector({}).scrollIntoView(); return 0;", json!(at))).await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let png = env.client.screenshot().await.map_err(|e| format!("screenshot: {e}"))?;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(format!("{name}.png")), png).map_err(|e| e.to_string())
}

/// An external model LISA needs no key for (Bedrock), with this id.
pub fn bedrock(id: &str) -> Value {
    json!({"modelId": id, "modelName": "bedrock/amazon.titan-text-express-v1", "modelType": "textgen", "streaming": true, "hostingType": "third_party"})
}

pub async fn no_creates(env: &Env, what: &str) -> TestResult {
    let n = creates(env).await?.len();
    ensure!(n == 0, "{what}: {n} create request(s) were sent");
    Ok(())
}

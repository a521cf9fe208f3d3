//! Bulk stop of 200 models (issue 14, "Scale"): the mock answers every stop 100 ms late
//! (`/__mock/inject` `delayMs`), the page sends at most 4 at a time. Printed: the total time from
//! the click to the last outcome, the longest gap between animation frames while it runs, and
//! the longest task the browser reports (Long Tasks API: tasks over 50 ms; 0 when none).
//!
//! Data: 600 generated models, of which the 200 LISA-hosted ones are put in service
//! (`/__mock/seed`); "select all shown" selects all 600 and the plan stops 200 and skips 400.

use serde_json::{json, Value};

use super::Figure;
use crate::{Context, Env, EnvOptions};

const GENERATED: usize = 600;
const DELAY_MS: u64 = 100;

const RUN: &str = r#"
const done = arguments[arguments.length - 1];
let longestTask = 0;
const obs = new PerformanceObserver(list => { for (const e of list.getEntries()) longestTask = Math.max(longestTask, e.duration); });
try { obs.observe({ type: 'longtask', buffered: false }); } catch (e) {}
let last = performance.now(), longestFrame = 0;
const t0 = last;
document.querySelector('#bulk-go').click();
function frame(now) {
  longestFrame = Math.max(longestFrame, now - last); last = now;
  const summary = (document.querySelector('#bulk-summary') || {}).textContent || '';
  if (summary.includes('done.') || now - t0 > 120000) {
    const total = performance.now() - t0;
    setTimeout(() => { obs.disconnect(); done([total, longestFrame, longestTask, summary]); }, 0);
  } else requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
"#;

pub async fn run() -> Result<Vec<Figure>, String> {
    let env = Env::start(EnvOptions {
        mock_args: vec!["--empty", "--workflows", "manual"],
        config: json!({"pollIntervalMs": 60000, "requestTimeoutMs": 30000}),
        ..Default::default()
    })
    .await?;
    let figures = measure(&env).await;
    let _ = env.client.clone().close().await;
    figures
}

async fn measure(env: &Env) -> Result<Vec<Figure>, String> {
    env.mock.post("/__mock/generate", json!({ "models": GENERATED })).await?;
    let (_, list) = env.mock.api("GET", "/models", None).await?;
    let hosted: Vec<String> = list["models"]
        .as_array()
        .context("no model list")?
        .iter()
        .filter(|m| !m["instanceType"].is_null())
        .filter_map(|m| m["modelId"].as_str().map(String::from))
        .collect();
    if hosted.len() != 200 {
        return Err(format!("expected 200 LISA-hosted generated models, got {}", hosted.len()));
    }
    for id in &hosted {
        env.mock.post("/__mock/seed", json!({"modelId": id, "status": "InService"})).await?;
        env.mock.inject(json!({"method": "PUT", "path": format!("/models/{id}"), "delayMs": DELAY_MS})).await?;
    }
    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await?;
    env.click("#select-all-shown").await?;
    env.wait_text("#selection-count", &format!("{GENERATED} models selected")).await?;
    env.click("#bulk-stop").await?;
    env.wait_text("#bulk-title", "Stop 200 models?").await?;
    let value: Value = env.client.execute_async(RUN, vec![]).await.context("bulk run")?;
    let summary = value.get(3).and_then(Value::as_str).unwrap_or_default().to_string();
    if !summary.contains("200 accepted") {
        return Err(format!("the run did not end with 200 accepted: {summary:?}"));
    }
    let get = |i: usize| value.get(i).and_then(Value::as_f64).unwrap_or(f64::NAN);
    let stops = env.mock.requests().await?.iter().filter(|r| r["method"] == "PUT").count();
    Ok(vec![
        Figure { name: "bulk stop 200 models (+100 ms each): total".into(), value: get(0), unit: "ms" },
        Figure { name: "  ideal at 4 in flight (50 rounds × 100 ms)".into(), value: 200.0 / 4.0 * DELAY_MS as f64, unit: "ms" },
        Figure { name: "  longest frame while it runs".into(), value: get(1), unit: "ms" },
        Figure { name: "  longest task over 50 ms (0: none)".into(), value: get(2), unit: "ms" },
        Figure { name: "  PUT requests sent".into(), value: stops as f64, unit: "requests" },
    ])
}

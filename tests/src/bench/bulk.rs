//! Bulk stop of 200 models (issue 14, "Scale"): the mock answers every stop 100 ms late
//! (`/__mock/inject` `delayMs`), the page sends at most 4 at a time. Printed: the total time from
//! the click to the last outcome, the click's own synchronous work, the longest gap between
//! animation frames while it runs, and the longest task the browser reports (Long Tasks API:
//! tasks over 50 ms; 0 when none), each such task with when it started.
//!
//! `BULK_PROFILE=1` also prints the run's CPU profile (CDP), heaviest functions first.
//!
//! Data: 640 generated models (224 LISA-hosted); 200 hosted ones are put in service and the
//! other hosted ones stopped (`/__mock/seed`); "select all shown" selects all 640 and the plan
//! stops 200 and skips 440 with their reasons.

use serde_json::{json, Value};

use super::Figure;
use crate::{Context, Env, EnvOptions};

const GENERATED: usize = 640;
const STOPS: usize = 200;
const DELAY_MS: u64 = 100;

const RUN: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
let longestTask = 0;
const tasks = [];
const obs = new PerformanceObserver(list => { for (const e of list.getEntries()) { longestTask = Math.max(longestTask, e.duration); tasks.push([e.startTime - t0, e.duration]); } });
try { obs.observe({ type: 'longtask', buffered: false }); } catch (e) {}
let last = t0, longestFrame = 0;
document.querySelector('#bulk-go').click();
const click = performance.now() - t0;
function frame(now) {
  longestFrame = Math.max(longestFrame, now - last); last = now;
  const summary = (document.querySelector('#bulk-summary') || {}).textContent || '';
  if (summary.includes('done.') || now - t0 > 120000) {
    const total = performance.now() - t0;
    setTimeout(() => { obs.disconnect(); done([total, longestFrame, longestTask, summary, click, tasks]); }, 0);
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
    if hosted.len() < STOPS {
        return Err(format!("expected at least {STOPS} LISA-hosted generated models, got {}", hosted.len()));
    }
    for (i, id) in hosted.iter().enumerate() {
        let status = if i < STOPS { "InService" } else { "Stopped" };
        env.mock.post("/__mock/seed", json!({"modelId": id, "status": status})).await?;
        if i < STOPS {
            env.mock.inject(json!({"method": "PUT", "path": format!("/models/{id}"), "delayMs": DELAY_MS})).await?;
        }
    }
    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await?;
    env.click("#select-all-shown").await?;
    env.wait_text("#selection-count", &format!("{GENERATED} models selected")).await?;
    env.click("#bulk-stop").await?;
    env.wait_text("#bulk-title", "Stop 200 models?").await?;
    let profile = std::env::var("BULK_PROFILE").is_ok();
    if profile {
        env.cdp("Profiler.enable", json!({})).await?;
        env.cdp("Profiler.start", json!({})).await?;
    }
    let value: Value = env.client.execute_async(RUN, vec![]).await.context("bulk run")?;
    if profile {
        let p = env.cdp("Profiler.stop", json!({})).await?;
        let nodes = p["profile"]["nodes"].as_array().cloned().unwrap_or_default();
        let samples = p["profile"]["samples"].as_array().cloned().unwrap_or_default();
        let mut counts = std::collections::HashMap::<i64, usize>::new();
        for s in &samples {
            *counts.entry(s.as_i64().unwrap_or(0)).or_default() += 1;
        }
        let mut by_name = std::collections::HashMap::<String, usize>::new();
        for n in &nodes {
            let id = n["id"].as_i64().unwrap_or(0);
            let name = format!("{} {}", n["callFrame"]["functionName"].as_str().unwrap_or(""), n["callFrame"]["url"].as_str().unwrap_or("").rsplit('/').next().unwrap_or(""));
            *by_name.entry(name).or_default() += counts.get(&id).copied().unwrap_or(0);
        }
        let mut v: Vec<_> = by_name.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1));
        for (name, n) in v.iter().take(25) {
            eprintln!("PROFILE {n:6} {name}");
        }
    }
    let summary = value.get(3).and_then(Value::as_str).unwrap_or_default().to_string();
    if !summary.contains("200 accepted") {
        return Err(format!("the run did not end with 200 accepted: {summary:?}"));
    }
    let get = |i: usize| value.get(i).and_then(Value::as_f64).unwrap_or(f64::NAN);
    let stops = env.mock.requests().await?.iter().filter(|r| r["method"] == "PUT").count();
    let mut figures = vec![
        Figure { name: "bulk stop 200 models (+100 ms each): total".into(), value: get(0), unit: "ms" },
        Figure { name: "  ideal at 4 in flight (50 rounds × 100 ms)".into(), value: 200.0 / 4.0 * DELAY_MS as f64, unit: "ms" },
        Figure { name: "  the click on Go (its own task, up to the first requests)".into(), value: get(4), unit: "ms" },
        Figure { name: "  longest frame while it runs".into(), value: get(1), unit: "ms" },
        Figure { name: "  longest task over 50 ms (0: none)".into(), value: get(2), unit: "ms" },
        Figure { name: "  PUT requests sent".into(), value: stops as f64, unit: "requests" },
        Figure { name: "  skipped in the plan (not stoppable)".into(), value: (GENERATED - STOPS) as f64, unit: "models" },
    ];
    // When each long task started (ms after the click), to tell the start from the rest.
    for task in value.get(5).and_then(Value::as_array).into_iter().flatten() {
        let (at, duration) = (task[0].as_f64().unwrap_or(f64::NAN), task[1].as_f64().unwrap_or(f64::NAN));
        figures.push(Figure { name: format!("  a task over 50 ms, {at:.0} ms after the click, lasted"), value: duration, unit: "ms" });
    }
    Ok(figures)
}

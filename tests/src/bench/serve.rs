//! Compare with four models streaming at once (issue 13, "Scale"): 40 tokens/s each, 1,500
//! tokens each, the mock's serialization off, so that all four streams run together.
//!
//! Measured in the page while the answers stream:
//! * frames: the gaps between animation frames (16.7 ms when nothing blocks the page), the
//!   longest and the median, and the long tasks (over 50 ms, `PerformanceObserver`);
//! * chunk → painted: the app's frame writer, when `window.__lisaServeProbe` is an array, pushes
//!   for every streamed piece the time from reading it off the network to the animation frame
//!   that writes it into the page (the frame it is painted in), split into the wait for that
//!   frame to start (the display's pace: half a frame on average, whatever the page does) and
//!   the frame's work up to the write;
//! * memory at the end: JS heap (after a collection) and DOM nodes.

use serde_json::{json, Value};

use super::Figure;
use crate::{Context, Env, EnvOptions};

const MODELS: [&str; 4] = ["claude-3-5-haiku", "llama-3-1-8b-instruct", "titan-express-v1", "sagemaker-amazon-mistrallite"];
const TOKENS: u64 = 1500;
const TOKEN_MS: u64 = 25;

/// Installed before the app starts: the probe the frame writer fills, and a long-task log.
const PROBES: &str = r#"
window.__lisaServeProbe = [];
window.__longTasks = [];
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
} catch (e) {}
"#;

/// Click Send, then record every animation frame until every pane has completed; the result
/// lands in `window.__benchResult`.
const RUN: &str = r#"
window.__benchResult = null;
const done = (r) => { window.__benchResult = r; };
const frames = [];
let last = null;
const t0 = performance.now();
window.__lisaServeProbe.length = 0;
window.__longTasks.length = 0;
document.querySelector('#compare-send').click();
function frame(now) {
  if (last !== null) frames.push(now - last);
  last = now;
  const states = [...document.querySelectorAll('.pane-state')].map(s => s.textContent);
  const finished = states.length === 4 && states.every(s => s === 'Completed' || s === 'Failed' || s === 'Stopped');
  if (finished || now - t0 > 120000) {
    setTimeout(() => done({ frames, states, elapsed: performance.now() - t0,
      delays: window.__lisaServeProbe.slice(), longTasks: window.__longTasks.map(([at, d]) => [at - t0, d]),
      chars: [...document.querySelectorAll('.answer-text')].map(a => a.textContent.length) }), 0);
  } else requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
return true;
"#;

fn quantile(values: &[f64], q: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(((v.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(f64::NAN)
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default()
}

fn fig(name: &str, value: f64, unit: &'static str) -> Figure {
    Figure { name: name.to_string(), value, unit }
}

/// CDP's cumulative main-thread times (seconds): tasks, script, layout, style.
async fn main_thread(env: &Env) -> Result<[f64; 4], String> {
    let metrics = env.cdp("Performance.getMetrics", json!({})).await?;
    let get = |name: &str| {
        metrics["metrics"].as_array().and_then(|m| m.iter().find(|x| x["name"] == name)).and_then(|x| x["value"].as_f64()).unwrap_or(f64::NAN)
    };
    Ok([get("TaskDuration"), get("ScriptDuration"), get("LayoutDuration"), get("RecalcStyleDuration")])
}

pub async fn run() -> Result<Vec<Figure>, String> {
    // `SERVE_BROWSER_ARGS="--disable-frame-rate-limit --disable-gpu-vsync"` runs the same
    // benchmark with frames as fast as the machine draws them, not at the display's 60 Hz.
    let browser_args = std::env::var("SERVE_BROWSER_ARGS").map(|a| a.split_whitespace().map(String::from).collect()).unwrap_or_default();
    let env = Env::start(EnvOptions { config: json!({"pollIntervalMs": 60000}), browser_args, ..Default::default() }).await?;
    let figures = measure(&env).await;
    let _ = env.client.clone().close().await;
    figures
}

async fn measure(env: &Env) -> Result<Vec<Figure>, String> {
    env.mock
        .post("/__mock/serve", json!({"ttftMs": 300, "tokenMs": TOKEN_MS, "answerTokens": TOKENS, "serialize": false}))
        .await?;
    env.on_new_document(PROBES).await?;
    env.signed_in_at(&format!("/compare?models={}", MODELS.join(","))).await?;
    env.wait_css("#compare-send").await?;
    env.until("four panes", || async { (env.count(".compare-pane").await.ok()? == 4).then_some(()) }).await?;
    env.click("#mode-parallel").await?;
    env.fill("#compare-prompt", "Write a long essay about lighthouses").await?;
    env.cdp("Performance.enable", json!({})).await?;
    let before = main_thread(env).await?;
    env.js(RUN).await.context("start the streaming run")?;
    let result = env
        .until_for("every answer to complete", std::time::Duration::from_secs(150), || async {
            env.js("return window.__benchResult;").await.ok().filter(|v| !v.is_null())
        })
        .await?;
    let states: Vec<String> = serde_json::from_value(result["states"].clone()).unwrap_or_default();
    if states.iter().any(|s| s != "Completed") {
        return Err(format!("not every answer completed: {states:?}"));
    }
    let after = main_thread(env).await?;
    let frames = numbers(&result["frames"]);
    // Per piece: [read → written, read → the start of the frame that wrote it].
    let pairs: Vec<(f64, f64)> = result["delays"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?))).collect())
        .unwrap_or_default();
    let delays: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let waits: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let own: Vec<f64> = pairs.iter().map(|p| p.0 - p.1).collect();
    let long_tasks: Vec<(f64, f64)> = result["longTasks"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| Some((t[0].as_f64()?, t[1].as_f64()?))).collect())
        .unwrap_or_default();
    let chars: f64 = numbers(&result["chars"]).iter().sum();
    let mut out = vec![
        fig("streaming time, 4 × 1,500 tokens at 40 tokens/s", result["elapsed"].as_f64().unwrap_or(f64::NAN), "ms"),
        fig("text received, all four answers", chars / 1024.0, "KB"),
        fig("frames while streaming", frames.len() as f64, ""),
        fig("frame, median", quantile(&frames, 0.5), "ms"),
        fig("frame, 99th percentile", quantile(&frames, 0.99), "ms"),
        fig("frame, longest", frames.iter().copied().fold(0.0, f64::max), "ms"),
        fig("tasks over 50 ms", long_tasks.len() as f64, ""),
        fig("task over 50 ms, longest", long_tasks.iter().map(|t| t.1).fold(0.0, f64::max), "ms"),
        fig("chunk read → its frame (median)", quantile(&delays, 0.5), "ms"),
        fig("chunk read → its frame (95th percentile)", quantile(&delays, 0.95), "ms"),
        fig("  of which waiting for the display's next frame (median)", quantile(&waits, 0.5), "ms"),
        fig("  of which the frame's work up to the write (median)", quantile(&own, 0.5), "ms"),
        fig("  floor at this frame rate: half the median frame", quantile(&frames, 0.5) / 2.0, "ms"),
        fig("chunks measured", delays.len() as f64, ""),
    ];
    // How busy the page's main thread was: its tasks, script, layout and style, over the run.
    let elapsed = result["elapsed"].as_f64().unwrap_or(f64::NAN);
    for (i, name) in ["all tasks", "script", "layout", "style recalculation"].iter().enumerate() {
        let ms = (after[i] - before[i]) * 1000.0;
        out.push(fig(&format!("main thread busy with {name}"), ms, "ms"));
        if i == 0 {
            out.push(fig("main thread busy, share of the run", ms / elapsed * 100.0, "%"));
        }
    }
    // When they started (ms after Send), to tell the start and the end of the run from the rest.
    for (at, duration) in &long_tasks {
        out.push(fig(&format!("  a task over 50 ms, {:.0} ms after Send, lasted", at), *duration, "ms"));
    }
    env.cdp("HeapProfiler.collectGarbage", json!({})).await.ok();
    env.cdp("Performance.enable", json!({})).await?;
    let metrics = env.cdp("Performance.getMetrics", json!({})).await?;
    let get = |name: &str| {
        metrics["metrics"].as_array().and_then(|m| m.iter().find(|x| x["name"] == name)).and_then(|x| x["value"].as_f64())
    };
    out.push(fig("JS heap used at the end", get("JSHeapUsedSize").unwrap_or(f64::NAN) / 1_048_576.0, "MB"));
    out.push(fig("DOM nodes at the end", get("Nodes").unwrap_or(f64::NAN), ""));
    Ok(out)
}

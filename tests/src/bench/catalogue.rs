//! Model catalogue with 5,000 models (issue: model catalogue, "Scale").
//!
//! A mock started with `--empty` gets 5,000 generated models (`POST /__mock/generate`). The
//! release build runs in headless Chromium; every figure is measured in the page:
//!
//! * data → painted: from the end of the `GET /models` response (Resource Timing
//!   `responseEnd`) to the first frame painted after the first `tr.model-row` appeared (a
//!   MutationObserver, then `requestAnimationFrame` + a task). The table does not wait for the
//!   serve list (availability fills in when it arrives), so that answer is not counted;
//! * an interaction (search keystroke, sort click) is timed twice: "ready" is the moment the
//!   DOM is updated and laid out (every effect run, layout forced), "next frame" adds the wait
//!   for the display's next frame and its paint (up to one frame interval, 16.7 ms at 60 Hz);
//! * cold load: navigation start → table painted, with an empty HTTP cache (wasm download and
//!   compile included), each in a new browser process (see `measure`);
//! * memory: JS heap (CDP `Performance.getMetrics`) and the wasm linear memory after load.
//!
//! Polling is slowed to once a minute so that background refetches do not land inside the
//! interaction figures; refetches are measured on their own (the longest frame while one runs).

use serde_json::{json, Value};

use super::{median, max, ms, Figure};
use crate::mock::ADMIN_TOKEN;
use crate::{Context, Env, EnvOptions};

const MODELS: usize = 5000;
const RUNS: usize = 5;
const SEARCH: &str = "bench-model-0123";

/// Records when the first catalogue row appeared and when the frame showing it was painted.
const PAINT_PROBE: &str = r#"
(() => {
  const seen = () => {
    if (window.__rowsSeen || !document.querySelector('tr.model-row')) return false;
    window.__rowsSeen = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.__rowsPainted = performance.now(); }, 0));
    return true;
  };
  const start = () => {
    if (seen()) return;
    const obs = new MutationObserver(() => { if (seen()) obs.disconnect(); });
    obs.observe(document.documentElement, { childList: true, subtree: true });
  };
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();
"#;

/// Run `action` (statements), then measure "ready" and "next frame" as described above; keeps
/// waiting frame by frame until `check` (an expression) holds. Answers `[ready, frame]` ms.
const TIMED: &str = r#"
const [action, check] = [arguments[0], arguments[1]];
const done = arguments[arguments.length - 1];
const holds = () => { try { return !!(0, eval)(check); } catch (e) { return false; } };
const afterTasks = () => new Promise(r => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
const nextPaint = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
(async () => {
  const t0 = performance.now();
  (0, eval)(action);
  await afterTasks();
  document.body.getBoundingClientRect();
  let ready = performance.now() - t0;
  let ok = holds();
  await nextPaint();
  let frame = performance.now() - t0;
  while (!ok) {
    if (performance.now() - t0 > 30000) { done(null); return; }
    ok = holds();
    await nextPaint();
    ready = frame = performance.now() - t0;
  }
  done([ready, frame]);
})();
"#;

async fn timed(env: &Env, action: &str, check: &str) -> Result<(f64, f64), String> {
    let value = env
        .client
        .execute_async(TIMED, vec![json!(action), json!(check)])
        .await
        .context("timed interaction")?;
    match (value.get(0).and_then(Value::as_f64), value.get(1).and_then(Value::as_f64)) {
        (Some(ready), Some(frame)) => Ok((ready, frame)),
        _ => Err(format!("never held: {check}")),
    }
}

fn mb(name: &str, bytes: f64) -> Figure {
    Figure { name: name.to_string(), value: bytes / 1_048_576.0, unit: "MB" }
}

/// Sign in without loading the app first (the page of `config.json` is on the same origin), so
/// the next navigation is a cold load.
async fn cold_sign_in(env: &Env) -> Result<(), String> {
    env.client.goto(&env.app_url("/config.json")).await.context("open config.json")?;
    env.js(&format!("sessionStorage.setItem('lisa-admin.token', {});", json!(ADMIN_TOKEN))).await?;
    env.cdp("Network.enable", json!({})).await?;
    env.cdp("Network.clearBrowserCache", json!({})).await?;
    env.cdp("Network.setCacheDisabled", json!({"cacheDisabled": true})).await?;
    Ok(())
}

/// Click the header's Models link and time the last `GET /models` response → the first frame
/// painted with rows.
async fn back_to_catalogue(env: &Env) -> Result<f64, String> {
    let script = r#"
      const done = arguments[arguments.length - 1];
      const nextPaint = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
      const obs = new MutationObserver(async () => {
        if (!document.querySelector('tr.model-row')) return;
        obs.disconnect();
        await nextPaint();
        const painted = performance.now();
        const r = performance.getEntriesByType('resource').map(e => [new URL(e.name).pathname, e.responseEnd])
          .filter(([path]) => path.endsWith('/models') && !path.endsWith('/serve/models'));
        const end = r[r.length - 1][1];
        done(painted - end);
      });
      obs.observe(document.body, { childList: true, subtree: true });
      document.querySelector("header nav a[href$='/models']").click();"#;
    let value = env.client.execute_async(script, vec![]).await.context("back to the catalogue")?;
    value.as_f64().context("no timing")
}

/// One cold load's figures (ms).
struct ColdLoad {
    painted: f64,
    after_data: f64,
    decode: Option<f64>,
    rows: Option<f64>,
}

/// Open the catalogue with an empty HTTP cache, in a new document.
async fn cold_load(env: &Env) -> Result<ColdLoad, String> {
    cold_sign_in(env).await?;
    env.goto("/models").await?;
    let painted = wait_value(env, "window.__rowsPainted").await?;
    let timings = env
        .js(r#"const r = performance.getEntriesByType('resource');
               const end = (test) => Math.max(0, ...r.filter(e => test(new URL(e.name).pathname)).map(e => e.responseEnd));
               const mark = (n) => (performance.getEntriesByName(n)[0] || {}).startTime || null;
               return { models: end(p => p.endsWith('/models') && !p.endsWith('/serve/models')), data: mark('catalogue:data'),
                        rows: mark('catalogue:rows') };"#)
        .await?;
    let models_end = timings["models"].as_f64().filter(|t| *t > 0.0).context("no resource timing for GET /models")?;
    let decoded = timings["data"].as_f64();
    Ok(ColdLoad {
        painted,
        after_data: painted - models_end,
        decode: decoded.map(|d| d - models_end),
        rows: decoded.zip(timings["rows"].as_f64()).map(|(d, r)| r - d),
    })
}

async fn wait_value(env: &Env, expr: &str) -> Result<f64, String> {
    env.until(expr, || async { env.js(&format!("return {expr};")).await.ok().and_then(|v| v.as_f64()) }).await
}

/// Bytes of the app's WebAssembly memory, found through the DevTools heap (no app hook needed).
async fn wasm_memory_bytes(env: &Env) -> Result<f64, String> {
    let proto = env.cdp("Runtime.evaluate", json!({"expression": "WebAssembly.Memory.prototype"})).await?;
    let proto_id = proto["result"]["objectId"].as_str().context("no prototype object")?.to_string();
    let found = env.cdp("Runtime.queryObjects", json!({"prototypeObjectId": proto_id})).await?;
    let array_id = found["objects"]["objectId"].as_str().context("no memory objects")?.to_string();
    let sum = env
        .cdp(
            "Runtime.callFunctionOn",
            json!({"objectId": array_id, "returnByValue": true,
                   "functionDeclaration": "function() { return this.reduce((n, m) => n + m.buffer.byteLength, 0); }"}),
        )
        .await?;
    sum["result"]["value"].as_f64().context("no memory size")
}

async fn heap_metrics(env: &Env) -> Result<(f64, f64), String> {
    env.cdp("HeapProfiler.collectGarbage", json!({})).await.ok();
    env.cdp("Performance.enable", json!({})).await?;
    let metrics = env.cdp("Performance.getMetrics", json!({})).await?;
    let get = |name: &str| {
        metrics["metrics"].as_array().and_then(|m| m.iter().find(|x| x["name"] == name)).and_then(|x| x["value"].as_f64())
    };
    Ok((get("JSHeapUsedSize").unwrap_or(f64::NAN), get("Nodes").unwrap_or(f64::NAN)))
}

/// Click Refresh and watch the frames until the fetch is over: the longest gap between two
/// animation frames (16.7 ms when nothing blocks the page).
async fn refetch_longest_frame(env: &Env) -> Result<f64, String> {
    let script = r#"
      const done = arguments[arguments.length - 1];
      let last = performance.now(), longest = 0, seen = false;
      const t0 = last;
      document.querySelector('#catalogue-refresh').click();
      function frame(now) {
        longest = Math.max(longest, now - last); last = now;
        const busy = !!document.querySelector('#freshness .spinner');
        seen = seen || busy;
        if ((seen && !busy) || now - t0 > 20000) { setTimeout(() => done(seen ? longest : -1), 0); }
        else requestAnimationFrame(frame);
      }
      requestAnimationFrame(frame);"#;
    let value = env.client.execute_async(script, vec![]).await.context("refetch")?;
    value.as_f64().filter(|v| *v >= 0.0).context("the refetch never showed as busy")
}

pub async fn run() -> Result<Vec<Figure>, String> {
    let mut env = Env::start(EnvOptions {
        mock_args: vec!["--empty"],
        config: json!({"pollIntervalMs": 60000, "requestTimeoutMs": 30000}),
        ..Default::default()
    })
    .await?;
    let figures = measure(&mut env).await;
    // Close the browser here: a session left to `Drop` is not closed when the program exits,
    // and the orphaned Chromium keeps running (and skews every later measurement).
    let _ = env.client.clone().close().await;
    figures
}

async fn measure(env: &mut Env) -> Result<Vec<Figure>, String> {
    env.mock.post("/__mock/generate", json!({ "models": MODELS })).await?;
    let mut figures = Vec::new();

    // Cold loads, and GET /models → painted.
    let (mut cold, mut after_data, mut decode, mut rows) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        // A new browser each time: Chromium keeps a compiled (and by then optimised) wasm
        // module in memory for the next load of the same bytes, cache disabled or not, so only
        // the first load in a browser process is truly cold.
        let previous = std::mem::replace(&mut env.client, crate::browser::new_session().await?);
        let _ = previous.close().await;
        env.on_new_document(PAINT_PROBE).await?;
        let c = cold_load(env).await?;
        cold.push(c.painted);
        after_data.push(c.after_data);
        decode.extend(c.decode);
        rows.extend(c.rows);
    }
    figures.push(ms("cold load: navigation → table painted (median)", median(cold.clone())));
    figures.push(ms("GET /models received → table painted, cold (median)", median(after_data.clone())));
    figures.push(ms("GET /models received → table painted, cold (max)", max(&after_data)));
    figures.push(ms("  of which: decode 5,000 models (median)", median(decode)));
    figures.push(ms("  of which: rows built, sorted, rendered (median)", median(rows)));
    env.cdp("Network.setCacheDisabled", json!({"cacheDisabled": false})).await?;

    // The same again with the page's code already warm (V8 runs a module's first calls in its
    // baseline compiler): open a model's page (same bundle, no page load) and come back through
    // the app's own navigation.
    let mut warm = Vec::new();
    for _ in 0..RUNS {
        env.click("tr.model-row a").await?;
        env.wait_css("#page-model-detail").await?;
        warm.push(back_to_catalogue(env).await?);
    }
    figures.push(ms("GET /models received → table painted, warm (median)", median(warm)));

    let (heap, nodes) = heap_metrics(env).await?;
    figures.push(mb("JS heap used after load", heap));
    if let Ok(bytes) = wasm_memory_bytes(env).await {
        figures.push(mb("wasm linear memory after load", bytes));
    }
    figures.push(Figure { name: "DOM nodes after load".into(), value: nodes, unit: "nodes" });

    // Search: one keystroke at a time, as synthetic input events.
    let mut ready = Vec::new();
    let mut frame = Vec::new();
    for run in 0..2 {
        for i in 1..=SEARCH.len() {
            let typed = &SEARCH[..i];
            let action = format!(
                "const s = document.querySelector('#catalogue-search'); s.value = {}; s.dispatchEvent(new Event('input', {{bubbles: true}}));",
                json!(typed)
            );
            let check = format!(
                "[...document.querySelectorAll('tr.model-row')].every(r => r.dataset.modelId.includes({t})) && document.querySelectorAll('tr.model-row').length > 0",
                t = json!(typed)
            );
            let (r, f) = timed(env, &action, &check).await?;
            if run > 0 {
                ready.push(r);
                frame.push(f);
            }
        }
        // Back to all 5,000.
        let clear = "const s = document.querySelector('#catalogue-search'); s.value = ''; s.dispatchEvent(new Event('input', {bubbles: true}));";
        timed(env, clear, "document.querySelectorAll('tr.model-row').length > 10").await?;
    }
    figures.push(ms("search keystroke → ready (median)", median(ready.clone())));
    figures.push(ms("search keystroke → ready (max)", max(&ready)));
    figures.push(ms("search keystroke → next frame painted (median)", median(frame.clone())));
    figures.push(ms("search keystroke → next frame painted (max)", max(&frame)));

    // Sort by columns, from the default order each time.
    for (column, aria) in [("status", "ascending"), ("context", "ascending"), ("features", "ascending"), ("inference", "ascending"), ("id", "descending")] {
        let (mut ready, mut frame) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let action = format!("document.querySelector('#sort-{column}').click();");
            // The rows are re-rendered in the same reactive flush as the header.
            let check = format!("document.querySelector('th[data-column={column}]').getAttribute('aria-sort') === '{aria}'");
            let (r, f) = timed(env, &action, &check).await?;
            ready.push(r);
            frame.push(f);
            // Back to id ascending (from id descending, or from another column).
            timed(env, "document.querySelector('#sort-id').click();", "document.querySelector('th[data-column=id]').getAttribute('aria-sort') === 'ascending'").await?;
        }
        figures.push(ms(&format!("sort by {column} → ready (median)"), median(ready)));
        figures.push(ms(&format!("sort by {column} → next frame painted (median)"), median(frame)));
    }

    // Scrolling: the window moves to rows that were not rendered.
    let row_at_top = "(() => { const s = document.querySelector('#catalogue-scroll'); const b = s.getBoundingClientRect(); \
        return [...document.querySelectorAll('tr.model-row')].some(r => { const x = r.getBoundingClientRect(); \
        return x.top >= b.top && x.top < b.top + 120; }); })()";
    let mut scroll = Vec::new();
    for i in 1..=RUNS {
        let action = format!("document.querySelector('#catalogue-scroll').scrollTop = {};", i * 4000);
        scroll.push(timed(env, &action, row_at_top).await?.1);
    }
    figures.push(ms("scroll 4,000 px → rows painted (median)", median(scroll)));

    // Background refetches (what polling does every few seconds while a model changes): the
    // longest frame while one runs, i.e. how long the page is unresponsive. Once with the same
    // list (the usual case: nothing changed), once with one model's status changed.
    let top = "document.querySelector('#catalogue-scroll').scrollTop = 0;";
    timed(env, top, "!!document.querySelector('tr[data-model-id=\"bench-model-00002\"]')").await?;
    let unchanged = refetch_longest_frame(env).await?;
    env.mock.seed("bench-model-00002", "InService").await?;
    let changed = refetch_longest_frame(env).await?;
    // The refetch did bring the change (the row is at the top, in the window).
    let status = env.js("const b = document.querySelector('tr[data-model-id=\"bench-model-00002\"] [data-status]'); return b && b.dataset.status;").await?;
    if status != json!("InService") {
        return Err(format!("the changed model shows {status} after the refetch, not InService"));
    }
    figures.push(ms("background refetch, list unchanged: longest frame", unchanged));
    figures.push(ms("background refetch, one model changed: longest frame", changed));

    env.assert_no_panic().await?;
    Ok(figures)
}

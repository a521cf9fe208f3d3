//! Import of 1,000 definitions (issue 14, "Scale": target ≤ 300 ms to the plan on screen).
//!
//! The mock holds 1,000 generated models (every status, type and hosting type). The file is
//! their create requests as an admin would have them (the stored records without what LISA
//! fills in): 500 under their own ids, which the plan finds in LISA and compares field by
//! field, and 500 under new ids, which it checks with LISA's rules to create. Pasted into the
//! import page (not timed), then "Check the pasted JSON" is clicked and the page timed, in the
//! page, from the click:
//!
//! * to the first frame painted with the plan (parse, the create rules and the advisory rules
//!   for every definition, the summary, the table's first page of 100 rows);
//! * to the first frame painted with the plan compared with LISA's models (the same frame: the
//!   page reads `GET /models`, 1,000 records, when it opens, and the click comes after that, as
//!   a file chosen after the page opened).
//!
//! Each run is a fresh page (nothing stored from the run before); the click comes once the
//! pasted text is in place. The marks `import:parsed`, `import:planned`, `import:rendered`
//! split each run (printed as `run:` lines).

use serde_json::{json, Value};

use super::{median, max, ms, Figure};
use crate::{Context, Env, EnvOptions};

const MODELS: usize = 1000;
const RUNS: usize = 5;
/// Rows on the table's first page.
const PAGE_ROWS: usize = 100;

/// Click "Check the pasted JSON"; answer `[plan painted, compared plan painted]` in ms.
const TIMED_CHECK: &str = r#"
const done = arguments[arguments.length - 1];
const want = arguments[0];
const rows = () => document.querySelectorAll('#plan-table tbody tr.plan-row').length;
const compared = () => (document.querySelector('#existing-count') || {textContent: ''}).textContent.startsWith('Compared');
// The next frame: whether it shows the compared plan (read in the frame's animation callback,
// so it is what that frame paints), and the time once it is painted.
const nextPaint = () => new Promise(r => requestAnimationFrame(() => { const c = compared(); setTimeout(() => r([c, performance.now() - t0]), 0); }));
let first = null, waiting = false;
performance.clearMarks();
const t0 = performance.now();
const finish = (at) => {
  obs.disconnect();
  const marks = performance.getEntriesByType('mark').filter(m => m.name.startsWith('import:')).map(m => [m.name, m.startTime - t0]);
  done([first, at, marks]);
};
const check = async () => {
  if (waiting || rows() !== want) return;
  waiting = true;
  const [c, at] = await nextPaint();
  waiting = false;
  if (first === null) first = at;
  if (c) finish(at);
  else if (compared()) check();
};
const obs = new MutationObserver(check);
obs.observe(document.body, { childList: true, subtree: true, characterData: true });
setTimeout(() => { obs.disconnect(); done(null); }, 60000);
document.querySelector('#import-check').click();
"#;

/// A stored record as a create request: without what LISA fills in itself.
fn create_request(mut record: Value, rename: bool) -> Value {
    if let Some(m) = record.as_object_mut() {
        for key in ["status", "modelUrl", "contextWindow"] {
            m.remove(key);
        }
        if rename {
            let id = m.get("modelId").and_then(Value::as_str).unwrap_or_default().to_string();
            m.insert("modelId".into(), json!(format!("new-{id}")));
        }
    }
    record
}

pub async fn run() -> Result<Vec<Figure>, String> {
    let env = Env::start(EnvOptions {
        mock_args: vec!["--empty", "--workflows", "manual"],
        config: json!({"requestTimeoutMs": 30000}),
        ..Default::default()
    })
    .await?;
    let figures = measure(&env).await;
    let _ = env.client.clone().close().await;
    figures
}

async fn measure(env: &Env) -> Result<Vec<Figure>, String> {
    env.mock.post("/__mock/generate", json!({ "models": MODELS })).await?;
    let (_, body) = env.mock.api("GET", "/models", None).await?;
    let records = body["models"].as_array().cloned().context("no models")?;
    let file: Vec<Value> = records.into_iter().enumerate().map(|(i, r)| create_request(r, i % 2 == 1)).collect();
    let text = serde_json::to_string_pretty(&Value::Array(file)).context("file")?;

    env.signed_in_at("/models/import").await?;
    let (mut first, mut compared) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        env.js("for (const k of Object.keys(sessionStorage)) if (k.startsWith('lisa-admin.import')) sessionStorage.removeItem(k); return 0;").await?;
        env.goto("/models/import").await?;
        env.wait_css("#import-text").await?;
        // The page reads LISA's models when it opens; a file is chosen after that.
        env.until("GET /models read", || async {
            env.js("return performance.getEntriesByName('import:existing').length;").await.ok()?.as_u64().filter(|n| *n > 0)
        })
        .await?;
        env.js(&format!(
            "document.querySelector('#import-paste').open = true; const t = document.querySelector('#import-text'); \
             t.value = {}; t.dispatchEvent(new Event('input', {{bubbles: true}})); return 0;",
            json!(text)
        ))
        .await?;
        let v = env.client.execute_async(TIMED_CHECK, vec![json!(PAGE_ROWS)]).await.context("timed check")?;
        let (a, b) = (v.get(0).and_then(Value::as_f64), v.get(1).and_then(Value::as_f64));
        let (a, b) = a.zip(b).context("the plan never appeared")?;
        first.push(a);
        compared.push(b);
        let marks: Vec<String> = v.get(2).and_then(Value::as_array).cloned().unwrap_or_default().iter()
            .map(|m| format!("{} {:.0}", m[0].as_str().unwrap_or("?"), m[1].as_f64().unwrap_or(f64::NAN)))
            .collect();
        println!("run: {}", marks.join(", "));
    }
    let summary = env.text("#plan-summary").await?;
    println!("plan: {summary}");
    Ok(vec![
        ms("import 1,000: click → plan painted (median)", median(first.clone())),
        ms("import 1,000: click → plan painted (max)", max(&first)),
        ms("import 1,000: click → compared with LISA, painted (median)", median(compared.clone())),
        ms("import 1,000: click → compared with LISA, painted (max)", max(&compared)),
    ])
}

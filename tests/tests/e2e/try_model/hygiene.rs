//! The token on the try and compare pages: sent only in `Authorization` to the configured
//! origins, never in a URL, in "Copy as curl", in the downloaded results, or in any storage but
//! the session key.

use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

use super::{serve_settings, wait_state};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![the_token_stays_out_of_curl_downloads_urls_and_storage]
}

const TOKEN: &str = "tok-try-hygiene-5d1e-canary";

/// Records fetches (URL, whether they carried the token), downloads (Blob text) and what is
/// put on the clipboard.
fn recorder() -> String {
    format!(
        r#"
window.__req = []; window.__blobs = []; window.__clip = [];
const TOKEN = {token};
const origFetch = window.fetch;
window.fetch = function (input, init) {{
  const url = input instanceof Request ? input.url : String(input);
  let auth = '';
  const h = (init && init.headers) || (input instanceof Request ? input.headers : null);
  try {{ auth = h instanceof Headers ? (h.get('Authorization') || '') : (h ? (h['Authorization'] || h['authorization'] || '') : ''); }} catch (e) {{}}
  window.__req.push({{ url, token: auth.includes(TOKEN) }});
  return origFetch.apply(this, arguments);
}};
const origCreate = URL.createObjectURL.bind(URL);
URL.createObjectURL = function (blob) {{ blob.text().then(t => window.__blobs.push(t)); return origCreate(blob); }};
Object.defineProperty(navigator, 'clipboard', {{ value: {{ writeText: (t) => {{ window.__clip.push(t); return Promise.resolve(); }} }} }});
"#,
        token = json!(TOKEN)
    )
}

async fn sweep(env: &Env, step: &str, findings: &mut Vec<String>) -> TestResult {
    let state = env
        .js("return { href: location.href, local: JSON.stringify(Object.assign({}, localStorage)), cookies: document.cookie, \
             html: document.documentElement.outerHTML, req: window.__req || [], blobs: window.__blobs || [], clip: window.__clip || [] };")
        .await?;
    for key in ["href", "local", "cookies", "html"] {
        if state[key].as_str().unwrap_or_default().contains(TOKEN) {
            findings.push(format!("{step}: token in {key}"));
        }
    }
    for (key, what) in [("blobs", "a download"), ("clip", "the clipboard")] {
        for text in state[key].as_array().cloned().unwrap_or_default() {
            if text.as_str().unwrap_or_default().contains(TOKEN) {
                findings.push(format!("{step}: token in {what}"));
            }
        }
    }
    for r in state["req"].as_array().cloned().unwrap_or_default() {
        let url = r["url"].as_str().unwrap_or_default();
        if url.contains(TOKEN) {
            findings.push(format!("{step}: token in request URL {url}"));
        }
        if r["token"] == true && !url.starts_with(&env.mock.url) {
            findings.push(format!("{step}: token sent to {url}"));
        }
    }
    Ok(())
}

async fn the_token_stays_out_of_curl_downloads_urls_and_storage() -> TestResult {
    let env = Env::start(EnvOptions { extra_mock_args: vec!["--admin-token".into(), TOKEN.into()], ..Default::default() }).await?;
    env.on_new_document(&recorder()).await?;
    serve_settings(&env, json!({"ttftMs": 20, "tokenMs": 5, "answerTokens": 15, "serialize": false})).await?;
    let mut findings = Vec::new();
    env.signed_in_with(TOKEN, "/models/titan-express-v1/try").await?;
    env.wait_css("#try-form").await?;
    super::send(&env, "Hello").await?;
    wait_state(&env, "try", "Completed").await?;
    env.click("#try-result .request-details summary").await?;
    env.click("#try-curl").await?;
    let clip = env.until("the curl command on the clipboard", || async {
        let c = env.js("return (window.__clip || [])[0] || null;").await.ok()?;
        c.as_str().map(String::from)
    })
    .await?;
    ensure!(clip.contains("Authorization: Bearer $LISA_TOKEN") && clip.contains("/v2/serve/chat/completions"), "curl: {clip}");
    ensure!(clip.contains("\"include_usage\":true"), "curl body: {clip}");
    sweep(&env, "try page", &mut findings).await?;

    env.goto("/compare?models=titan-express-v1,claude-3-5-haiku").await?;
    env.wait_css("#compare-send").await?;
    env.fill("#compare-prompt", "Hello both").await?;
    env.click("#compare-send").await?;
    wait_state(&env, "pane-1", "Completed").await?;
    env.click("#compare-download").await?;
    let file = env
        .until("the results file", || async {
            let b = env.js("return (window.__blobs || [])[0] || null;").await.ok()?;
            b.as_str().map(String::from)
        })
        .await?;
    let doc: Value = serde_json::from_str(&file).map_err(|e| format!("results file: {e}"))?;
    ensure!(doc["prompt"] == "Hello both" && doc["results"].as_array().map_or(0, |r| r.len()) == 2, "results: {doc}");
    ensure!(doc["results"][0]["answer"].as_str().is_some_and(|a| !a.is_empty()), "no answer in the results: {doc}");
    ensure!(doc["results"][0]["figures"]["completionTokens"]["value"] == 15, "figures in the results: {doc}");
    sweep(&env, "compare page and download", &mut findings).await?;

    let keys: Vec<String> = env
        .js(&format!("return Object.keys(sessionStorage).filter(k => (sessionStorage.getItem(k) || '').includes({}));", json!(TOKEN)))
        .await?
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
        .unwrap_or_default();
    ensure!(keys == ["lisa-admin.token"], "token stored under {keys:?}");
    let authorised = env.js("return window.__req.filter(r => r.token && r.url.includes('/v2/serve/')).length;").await?;
    ensure!(authorised.as_u64().unwrap_or(0) >= 3, "serve calls carried no token: {authorised}");
    println!("try hygiene: curl, results file, URLs, storage and request origins checked, leaks {}", findings.len());
    ensure!(findings.is_empty(), "token leaked:\n{}", findings.join("\n"));
    env.assert_no_panic().await
}

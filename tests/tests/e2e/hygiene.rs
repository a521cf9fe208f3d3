//! Token hygiene: the token appears only in sessionStorage and in the `Authorization` header of
//! requests to the configured API origins — never in URLs or history, localStorage, cookies,
//! console output, the page (messages, toasts), CSV exports, or requests elsewhere.

use lisa_e2e::{ensure, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![token_stays_in_session_storage_and_the_authorization_header]
}

const TOKEN: &str = "tok-hygiene-7f3a9c-canary";

/// Records every fetch/XHR (URL, whether it carried our token, where to) and every CSV blob.
fn recorder() -> String {
    format!(
        r#"
window.__req = [];
window.__blobs = [];
const TOKEN = {token};
const note = (url, headers) => {{
  let auth = '';
  try {{
    if (headers instanceof Headers) auth = headers.get('Authorization') || '';
    else if (headers) auth = headers['Authorization'] || headers['authorization'] || '';
  }} catch (e) {{}}
  window.__req.push({{ url: String(url), auth: auth ? (auth.includes(TOKEN) ? 'token' : 'other') : '' }});
}};
const origFetch = window.fetch;
window.fetch = function (input, init) {{
  const url = input instanceof Request ? input.url : input;
  const headers = (init && init.headers) || (input instanceof Request ? input.headers : null);
  note(url, headers);
  return origFetch.apply(this, arguments);
}};
const origOpen = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (m, url) {{ this.__url = url; return origOpen.apply(this, arguments); }};
const origSet = XMLHttpRequest.prototype.setRequestHeader;
XMLHttpRequest.prototype.setRequestHeader = function (k, v) {{ if (/authorization/i.test(k)) note(this.__url, {{ Authorization: v }}); return origSet.apply(this, arguments); }};
const origCreate = URL.createObjectURL.bind(URL);
URL.createObjectURL = function (blob) {{ blob.text().then(t => window.__blobs.push(t)); return origCreate(blob); }};
"#,
        token = json!(TOKEN)
    )
}

/// The places one sweep looks in: href, history state, localStorage, cookies, HTML, text, CSV
/// exports, request URLs, request destinations, console output.
const PLACES: usize = 10;

async fn sweep(env: &Env, step: &str, mock_origin: &str, findings: &mut Vec<String>, steps: &mut usize) -> Result<(), String> {
    *steps += 1;
    let state = env
        .js(
            "return { href: location.href, state: JSON.stringify(history.state), \
             local: JSON.stringify(Object.assign({}, localStorage)), cookies: document.cookie, \
             html: document.documentElement.outerHTML, text: document.body.innerText, \
             req: window.__req || [], blobs: window.__blobs || [] };",
        )
        .await?;
    for key in ["href", "state", "local", "cookies", "html", "text"] {
        if state[key].as_str().unwrap_or_default().contains(TOKEN) {
            findings.push(format!("{step}: token in {key}"));
        }
    }
    for blob in state["blobs"].as_array().cloned().unwrap_or_default() {
        if blob.as_str().unwrap_or_default().contains(TOKEN) {
            findings.push(format!("{step}: token in a CSV export"));
        }
    }
    for r in state["req"].as_array().cloned().unwrap_or_default() {
        let url = r["url"].as_str().unwrap_or_default();
        if url.contains(TOKEN) {
            findings.push(format!("{step}: token in request URL {url}"));
        }
        if r["auth"] == json!("token") && !url.starts_with(mock_origin) {
            findings.push(format!("{step}: token sent to another origin: {url}"));
        }
    }
    for line in env.console().await? {
        if line.contains(TOKEN) {
            findings.push(format!("{step}: token in console output: {line}"));
        }
    }
    Ok(())
}

async fn token_stays_in_session_storage_and_the_authorization_header() -> TestResult {
    let env = Env::start(EnvOptions {
        extra_mock_args: vec!["--admin-token".into(), TOKEN.into()],
        ..Default::default()
    })
    .await?;
    env.on_new_document(&recorder()).await?;
    let mock = env.mock.url.clone();
    let mut findings = Vec::new();
    let mut steps = 0;

    env.sign_in_ui(TOKEN).await?;
    env.wait_css("tr.model-row").await?;
    sweep(&env, "catalogue", &mock, &mut findings, &mut steps).await?;
    let requests = env.js("return window.__req;").await?;
    let authorised = requests.as_array().map(|a| a.iter().filter(|r| r["auth"] == json!("token")).count()).unwrap_or(0);
    ensure!(authorised > 0, "no request carried the token at all: {requests}");

    for (path, ready) in [
        ("/models/titan-express-v1", "#page-model-detail"),
        ("/models/new", "#page-model-create"),
        ("/metrics", "#page-metrics"),
        ("/metrics/users/johnDoe", "#sessions-csv"),
    ] {
        env.goto(path).await?;
        env.wait_css(ready).await?;
        sweep(&env, path, &mock, &mut findings, &mut steps).await?;
    }
    // A CSV export.
    env.click("#sessions-csv").await?;
    env.until("the CSV blob", || async {
        let n = env.js("return (window.__blobs || []).length;").await.ok()?;
        (n.as_u64().unwrap_or(0) > 0).then_some(())
    })
    .await?;
    sweep(&env, "CSV export", &mock, &mut findings, &mut steps).await?;

    // Error paths: a server error and the session dialog (explicit deny, no CORS).
    env.mock.inject(json!({"method": "GET", "path": "/models", "status": 500, "body": {"detail": "boom"}, "times": 5})).await?;
    env.goto("/models").await?;
    env.wait_text("#page-models", "boom").await?;
    sweep(&env, "server error", &mock, &mut findings, &mut steps).await?;
    env.mock.clear_injections().await?;
    env.mock
        .inject(json!({"method": "GET", "path": "/models", "status": 403, "dropCors": true,
            "body": {"Message": "User is not authorized to access this resource with an explicit deny"}, "times": 5}))
        .await?;
    env.goto("/models").await?;
    env.wait_css("#session-dialog").await?;
    sweep(&env, "session dialog", &mock, &mut findings, &mut steps).await?;

    // Where it must be: sessionStorage, under our key only.
    let keys: Vec<String> = env
        .js(&format!("return Object.keys(sessionStorage).filter(k => (sessionStorage.getItem(k) || '').includes({}));", json!(TOKEN)))
        .await?
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
        .unwrap_or_default();
    ensure!(keys == ["lisa-admin.token"], "token stored under {keys:?}");
    println!("token hygiene: steps {steps}, places per step {PLACES}, checks {}, leaks {}", steps * PLACES, findings.len());
    ensure!(findings.is_empty(), "token leaked:\n{}", findings.join("\n"));
    env.assert_no_panic().await
}

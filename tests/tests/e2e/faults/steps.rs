//! The steps every fault case is made of, and the tally of what went wrong.

use lisa_e2e::{Env, TestResult};
use serde_json::json;

use super::{Call, Fault, MESSAGE_WAIT};

/// Counts of faults and of what went wrong, with the failing cases.
#[derive(Default)]
pub struct Tally {
    pub faults: u32,
    pub panics: u32,
    pub lost_inputs: u32,
    pub wrong_messages: u32,
    /// A read not retried as configured, a change retried, or no retry control.
    pub retry_faults: u32,
    /// The next action after the fault cleared did not succeed, or needed a reload.
    pub failed_recoveries: u32,
    pub failures: Vec<String>,
}

#[derive(Clone, Copy, Debug)]
pub enum Miss {
    Panic,
    LostInput,
    WrongMessage,
    Retry,
    Recovery,
}

impl Tally {
    pub fn miss(&mut self, miss: Miss, case: &str, why: impl std::fmt::Display) {
        match miss {
            Miss::Panic => self.panics += 1,
            Miss::LostInput => self.lost_inputs += 1,
            Miss::WrongMessage => self.wrong_messages += 1,
            Miss::Retry => self.retry_faults += 1,
            Miss::Recovery => self.failed_recoveries += 1,
        }
        self.failures.push(format!("{case}: {miss:?}: {why}"));
    }

    pub fn merge(&mut self, other: Tally) {
        self.faults += other.faults;
        self.panics += other.panics;
        self.lost_inputs += other.lost_inputs;
        self.wrong_messages += other.wrong_messages;
        self.retry_faults += other.retry_faults;
        self.failed_recoveries += other.failed_recoveries;
        self.failures.extend(other.failures);
    }
}

pub fn case_name(page: &str, call: &Call, fault: Fault) -> String {
    format!("{page} {} {} / {fault:?}", call.method, call.path)
}

/// Start the fault (inject it, or stop the mock).
pub async fn inject(env: &mut Env, call: &Call, fault: Fault) -> Result<(), String> {
    env.mock.clear_injections().await?;
    env.mock.clear_requests().await?;
    match call.injection(fault) {
        Some(spec) => env.mock.inject(spec).await,
        None => {
            env.mock.stop().await;
            Ok(())
        }
    }
}

/// End the fault: no injection left, and the mock running. A restarted mock has the demo data
/// afresh; `settle` puts it back in shape.
pub async fn clear(env: &mut Env) -> Result<(), String> {
    if !env.mock.is_running() {
        env.mock.restart().await?;
        settle(env).await?;
    }
    env.mock.clear_injections().await
}

/// Nothing in a workflow (manual workflows leave the demo's transitional models moving forever,
/// and the catalogue would poll).
pub async fn settle(env: &Env) -> Result<(), String> {
    for (id, status) in [
        ("mistral-7b-instruct", "InService"),
        ("qwen-2-5-32b-internal", "InService"),
        ("llama-3-3-70b-instruct", "InService"),
        ("gpt-4o-mini", "InService"),
        ("phi-3-mini-instruct", "Stopped"),
    ] {
        env.mock.seed(id, status).await?;
    }
    Ok(())
}

/// Requests the mock received as `method path` since the fault was injected.
pub async fn received(env: &Env, call: &Call) -> Result<u64, String> {
    let log = env.mock.requests().await?;
    Ok(log.iter().filter(|r| r["method"] == call.method && r["path"] == call.path.as_str()).count() as u64)
}

/// Requests the page sent as `method path` (counted in the page, for when the mock is down).
pub async fn sent(env: &Env, call: &Call) -> Result<u64, String> {
    let script = format!(
        "return (window.__faultFetches || []).filter(f => f[0] === {} && new URL(f[1], location.href).pathname === {}).length;",
        json!(call.method),
        json!(call.path)
    );
    Ok(env.js(&script).await?.as_u64().unwrap_or(0))
}

/// Record every fetch the app makes (method, URL), in every document of this session.
pub async fn count_fetches(env: &Env) -> TestResult {
    env.on_new_document(
        "window.__faultFetches = []; const __f = window.fetch; window.fetch = function (input, init) { \
         try { const r = input instanceof Request ? input : null; \
         window.__faultFetches.push([r ? r.method : ((init && init.method) || 'GET'), r ? r.url : String(input)]); } catch (e) {} \
         return __f.apply(this, arguments); };",
    )
    .await
}

pub async fn reset_fetch_count(env: &Env) -> TestResult {
    env.js("window.__faultFetches = []; return true;").await.map(|_| ())
}

/// The retry check: reads sent `1 + retries` times after a transient fault, changes once.
pub async fn check_attempts(env: &Env, tally: &mut Tally, case: &str, call: &Call, fault: Fault) -> TestResult {
    let expected = call.expected_attempts(fault);
    let (count, source) = if fault == Fault::ConnectionRefused {
        (sent(env, call).await?, "the page sent")
    } else {
        (received(env, call).await?, "the mock received")
    };
    if count != expected {
        tally.miss(Miss::Retry, case, format!("{source} {count} requests, expected {expected}"));
    }
    Ok(())
}

/// Mark the document; a reload would lose the mark.
pub async fn mark(env: &Env, n: usize) -> TestResult {
    env.js(&format!("window.__noReload = {n}; return true;")).await.map(|_| ())
}

pub async fn still_marked(env: &Env, n: usize) -> bool {
    env.js("return window.__noReload === undefined ? null : window.__noReload;").await.ok() == Some(json!(n))
}

/// Close the "sign in again" dialog a network failure of a read opens (as LISA's docs ask).
pub async fn dismiss_session_dialog(env: &Env) -> TestResult {
    env.js(
        "const d = document.querySelector('#session-dialog'); \
         if (d) { const b = [...d.querySelectorAll('button')].find(b => b.textContent.trim() === 'Dismiss'); if (b) b.click(); } \
         return true;",
    )
    .await?;
    env.wait_gone("#session-dialog").await
}

/// Wait for a message region and return its text.
pub async fn message(env: &Env, css: &str) -> Result<String, String> {
    env.until_for(&format!("a message in {css}"), MESSAGE_WAIT, || async {
        let t = env.js(&format!("const e = document.querySelector({}); return e ? e.textContent : null;", json!(css))).await.ok()?;
        t.as_str().map(str::trim).filter(|t| !t.is_empty()).map(String::from)
    })
    .await
}

/// The values of form controls (checkboxes as `true`/`false`), in order.
pub async fn values(env: &Env, ids: &[&str]) -> Result<Vec<String>, String> {
    let script = format!(
        "return {}.map(id => {{ const e = document.getElementById(id); if (!e) return '<missing>'; \
         return e.type === 'checkbox' || e.type === 'radio' ? String(e.checked) : e.value; }});",
        json!(ids)
    );
    let v = env.js(&script).await?;
    Ok(v.as_array().map(|a| a.iter().map(|x| x.as_str().unwrap_or_default().to_string()).collect()).unwrap_or_default())
}

/// Open a page even if a form there asks before leaving.
pub async fn leave_to(env: &Env, path: &str) -> TestResult {
    let _ = env
        .js("window.addEventListener('beforeunload', e => e.stopImmediatePropagation(), true); return true;")
        .await;
    env.goto(path).await
}

/// Check for a panic; after one, the page is reloaded so the run can go on.
/// The message the fault produced, or `None` when the case is already decided (no message, or a
/// panic), with the miss recorded.
pub async fn fault_message(env: &Env, tally: &mut Tally, case: &str, css: &str) -> Option<String> {
    match message(env, css).await {
        Ok(text) if !panicked(env, tally, case).await => Some(text),
        Ok(_) => None,
        Err(e) => {
            if !panicked(env, tally, case).await {
                tally.miss(Miss::WrongMessage, case, format!("no message: {e}"));
            }
            None
        }
    }
}

pub async fn panicked(env: &Env, tally: &mut Tally, case: &str) -> bool {
    if env.panicked().await {
        let text = env.text("#panic-banner").await.unwrap_or_default();
        tally.miss(Miss::Panic, case, text);
        return true;
    }
    false
}

//! Faults on reads that load a page: open the page into the fault, read the message, then clear
//! the fault and press the page's Retry (or Refresh) without reloading. Also the metrics group.

use lisa_e2e::{Env, TestResult};
use serde_json::json;

use super::steps::{fault_message, case_name, check_attempts, clear, count_fetches, dismiss_session_dialog, inject, leave_to, mark, panicked, settle, still_marked, Miss, Tally};
use super::{judge, options, Call, Fault, ALL};

/// What shows that a retry worked.
pub enum Ready {
    Shown(&'static str),
    Gone(&'static str),
}

pub struct ReadCase {
    pub page: &'static str,
    /// The app path that makes the call.
    pub open: String,
    pub call: Call,
    /// Where the page tells about the failure.
    pub region: &'static str,
    /// The control that fetches again.
    pub retry: &'static str,
    pub ready: Ready,
    /// Fixed wording around the message, left out when judging it.
    pub frame: &'static str,
}

/// A fresh browser and mock for one group of pages, signed in as the admin.
/// `ready`: what shows that the first page has made all its calls (a later one would take the
/// first injection).
pub async fn start(tally: &mut Tally, group: &str, first: &str, ready: &str) -> Option<Env> {
    let setup = async {
        let env = Env::start(options()).await?;
        settle(&env).await?;
        count_fetches(&env).await?;
        env.signed_in_at(first).await?;
        env.wait_css(ready).await?;
        Ok::<Env, String>(env)
    };
    match setup.await {
        Ok(env) => Some(env),
        Err(e) => {
            tally.failures.push(format!("{group}: setup failed: {e}"));
            None
        }
    }
}

/// One fault on one read; every finding goes to `tally`.
pub async fn read_fault(env: &mut Env, tally: &mut Tally, n: usize, case: &ReadCase, fault: Fault) {
    tally.faults += 1;
    let name = case_name(case.page, &case.call, fault);
    if let Err(e) = read_steps(env, tally, n, case, fault, &name).await {
        tally.miss(Miss::Recovery, &name, format!("step failed: {e}"));
    }
    // Whatever happened, the next case starts from a running mock without injections.
    if let Err(e) = clear(env).await {
        tally.failures.push(format!("{name}: could not restart the mock: {e}"));
    }
}

async fn read_steps(env: &mut Env, tally: &mut Tally, n: usize, case: &ReadCase, fault: Fault, name: &str) -> TestResult {
    inject(env, &case.call, fault).await?;
    leave_to(env, &case.open).await?;
    let Some(text) = fault_message(env, tally, name, case.region).await else {
        return Ok(());
    };
    if let Err(why) = judge(fault, &case.call, &text.replace(case.frame, "")) {
        tally.miss(Miss::WrongMessage, name, format!("{why}: {}", short(&text)));
    }
    if env.count(case.retry).await? == 0 {
        tally.miss(Miss::Retry, name, format!("no retry control ({})", case.retry));
    }
    check_attempts(env, tally, name, &case.call, fault).await?;

    clear(env).await?;
    dismiss_session_dialog(env).await?;
    mark(env, n).await?;
    env.click(case.retry).await?;
    let recovered = match case.ready {
        Ready::Shown(css) => env.wait_css(css).await.map(|_| ()),
        Ready::Gone(css) => env.wait_gone(css).await,
    };
    if panicked(env, tally, name).await {
        return Ok(());
    }
    if let Err(e) = recovered {
        tally.miss(Miss::Recovery, name, format!("retry did not succeed: {e}"));
    } else if !still_marked(env, n).await {
        tally.miss(Miss::Recovery, name, "the page reloaded");
    }
    Ok(())
}

/// A message cut for a failure report.
pub fn short(text: &str) -> String {
    let t: String = text.chars().take(300).collect();
    if t.len() < text.len() {
        format!("{t}… ({} chars)", text.chars().count())
    } else {
        t
    }
}

/// The metrics overview and a user's page.
pub async fn metrics() -> Tally {
    let mut tally = Tally::default();
    let Some(mut env) = start(&mut tally, "metrics", "/metrics", "#kpi-users").await else { return tally };
    let cases = [
        ReadCase {
            page: "metrics overview",
            open: "/metrics".into(),
            call: Call {
                method: "GET",
                path: "/metrics/users/all".into(),
                malformed: r#"{"statusCode": 200, "body": {"totalPrompts": "#,
                wrong: json!({"statusCode": 200, "body": {"totalUniqueUsers": "many", "mcpToolUsage": ["search"]}}),
                huge: r#"{"statusCode": 200, "body": "%PAD%"}"#,
            },
            region: "#page-metrics .error-panel",
            retry: "#page-metrics .error-panel button",
            ready: Ready::Shown("#kpi-users"),
            frame: "",
        },
        ReadCase {
            page: "user metrics",
            open: "/metrics/users/johnDoe".into(),
            call: Call {
                method: "GET",
                path: "/metrics/users/johnDoe".into(),
                malformed: r#"{"statusCode": 200, "body": {"johnDoe": {"#,
                wrong: json!({"statusCode": 200, "body": {"johnDoe": {"totalPrompts": "lots", "sessionMetrics": []}}}),
                huge: r#"{"statusCode": 200, "body": {"johnDoe": "%PAD%"}}"#,
            },
            region: "#page-user-metrics .error-panel",
            retry: "#page-user-metrics .error-panel button",
            ready: Ready::Shown("#user-kpi-prompts"),
            frame: "",
        },
    ];
    let mut n = 0;
    for case in &cases {
        for fault in ALL {
            n += 1;
            read_fault(&mut env, &mut tally, n, case, fault).await;
        }
    }
    tally
}

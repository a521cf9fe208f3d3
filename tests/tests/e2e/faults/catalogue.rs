//! The catalogue bundle: the list and the serve list, the detail page, and start, stop and
//! delete from a catalogue row.

use lisa_e2e::{Env, TestResult};
use serde_json::json;

use super::reads::{read_fault, short, start, ReadCase, Ready};
use super::steps::{fault_message, case_name, check_attempts, clear, dismiss_session_dialog, inject, mark, panicked, reset_fetch_count, still_marked, Miss, Tally};
use super::{judge, Call, Fault, ALL};

/// A row action and the model it runs on, in the status that allows it.
struct ActionCase {
    label: &'static str,
    id: &'static str,
    button: &'static str,
    /// The status the row shows before (and is put back to after a success).
    shown: &'static str,
    seed: &'static str,
    confirm: Confirm,
    call: Call,
}

#[derive(Clone, Copy, PartialEq)]
enum Confirm {
    No,
    Yes,
    TypeId,
}

pub async fn run() -> Tally {
    let mut tally = Tally::default();
    let Some(mut env) = start(&mut tally, "catalogue", "/models", "tr.model-row").await else { return tally };
    let detail = "llama-3-1-8b-instruct";
    let reads = [
        ReadCase {
            page: "catalogue",
            open: "/models".into(),
            call: Call {
                method: "GET",
                path: "/models".into(),
                malformed: r#"{"models": [{"modelId": "a""#,
                wrong: json!({"models": [{"modelId": "fault-a", "status": "InService"}]}),
                huge: r#"{"models": "%PAD%"}"#,
            },
            region: "#catalogue-error",
            retry: "#catalogue-error button",
            ready: Ready::Shown("tr.model-row"),
            frame: "",
        },
        ReadCase {
            page: "catalogue",
            open: "/models".into(),
            call: Call {
                method: "GET",
                path: "/v2/serve/models".into(),
                malformed: r#"{"data": [{"id": "#,
                wrong: json!({"data": [{"id": 42}], "object": "list"}),
                huge: r#"{"data": "%PAD%"}"#,
            },
            region: "#serve-unknown",
            retry: "#catalogue-refresh",
            ready: Ready::Gone("#serve-unknown"),
            frame: "the serve API could not be read",
        },
        ReadCase {
            page: "model detail",
            open: format!("/models/{detail}"),
            call: Call::model("GET", detail),
            region: "#detail-error",
            retry: "#detail-error button",
            ready: Ready::Shown("#model-id"),
            frame: "",
        },
    ];
    let mut n = 0;
    for case in &reads {
        for fault in ALL {
            // The serve list shares the mock with the model list: a stopped mock refuses both,
            // which the catalogue case above covers.
            if case.call.path == "/v2/serve/models" && fault == Fault::ConnectionRefused {
                continue;
            }
            n += 1;
            read_fault(&mut env, &mut tally, n, case, fault).await;
        }
    }

    let actions = [
        ActionCase {
            label: "start",
            id: "bge-large-en",
            button: ".action-start",
            shown: "Stopped",
            seed: "Stopped",
            confirm: Confirm::No,
            call: Call::model("PUT", "bge-large-en"),
        },
        ActionCase {
            label: "stop",
            id: "llama-3-1-8b-instruct",
            button: ".action-stop",
            shown: "In service",
            seed: "InService",
            confirm: Confirm::Yes,
            call: Call::model("PUT", "llama-3-1-8b-instruct"),
        },
        ActionCase {
            label: "delete",
            id: "nova-canvas",
            button: ".action-delete",
            shown: "Failed",
            seed: "Failed",
            confirm: Confirm::TypeId,
            call: Call::model("DELETE", "nova-canvas"),
        },
    ];
    if let Err(e) = open_catalogue(&env).await {
        tally.failures.push(format!("catalogue actions: could not open the catalogue: {e}"));
        return tally;
    }
    for case in &actions {
        for fault in ALL {
            n += 1;
            tally.faults += 1;
            let name = case_name(&format!("catalogue {}", case.label), &case.call, fault);
            if let Err(e) = action_fault(&mut env, &mut tally, n, case, fault, &name).await {
                tally.miss(Miss::Recovery, &name, format!("step failed: {e}"));
            }
            // The next case starts from the catalogue, with the model as it was.
            let reset = async {
                clear(&mut env).await?;
                env.mock.seed(case.id, case.seed).await?;
                if env.panicked().await || env.count("#page-models").await? == 0 {
                    open_catalogue(&env).await?;
                }
                dismiss_session_dialog(&env).await?;
                Ok::<(), String>(())
            };
            if let Err(e) = reset.await {
                tally.failures.push(format!("{name}: could not reset: {e}"));
            }
        }
    }
    tally
}

async fn open_catalogue(env: &Env) -> TestResult {
    super::steps::leave_to(env, "/models").await?;
    env.wait_css("tr.model-row").await.map(|_| ())
}

fn row(id: &str) -> String {
    format!("tr.model-row[data-model-id='{id}']")
}

/// Wait until the row shows `status`, refreshing the catalogue if it does not by itself.
async fn row_shows(env: &Env, id: &str, status: &str) -> TestResult {
    let css = format!("{} .status-text", row(id));
    for _ in 0..3 {
        let shown = env
            .until(&format!("{id} {status}"), || async { (env.text(&css).await.ok()? == status).then_some(()) })
            .await;
        if shown.is_ok() {
            return Ok(());
        }
        env.click("#catalogue-refresh").await?;
    }
    Err(format!("{id} does not show {status}"))
}

/// Click the action (and confirm it as asked).
async fn trigger(env: &Env, case: &ActionCase) -> TestResult {
    env.click(&format!("{} {}", row(case.id), case.button)).await?;
    match case.confirm {
        Confirm::No => return Ok(()),
        Confirm::Yes => {}
        Confirm::TypeId => env.fill("#confirm-dialog input", case.id).await?,
    }
    env.until("the confirm button enabled", || async {
        env.attr("#confirm-dialog .confirm-ok", "disabled").await.ok()?.is_none().then_some(())
    })
    .await?;
    env.click("#confirm-dialog .confirm-ok").await
}

/// Dismiss the toasts on screen (they cover the lower rows' buttons), and mark any left as not
/// this action's answer.
async fn age_toasts(env: &Env) -> TestResult {
    env.js(
        "document.querySelectorAll('#toasts .toast-close').forEach(b => b.click()); \
         document.querySelectorAll('#toasts .toast').forEach(t => t.dataset.seen = '1'); return true;",
    )
    .await?;
    env.wait_gone("#toasts .toast").await
}

async fn action_fault(env: &mut Env, tally: &mut Tally, n: usize, case: &ActionCase, fault: Fault, name: &str) -> TestResult {
    row_shows(env, case.id, case.shown).await?;
    mark(env, n).await?;
    age_toasts(env).await?;
    reset_fetch_count(env).await?;
    inject(env, &case.call, fault).await?;
    trigger(env, case).await?;
    let Some(text) = fault_message(env, tally, name, "#toasts .toast-error:not([data-seen]) .toast-text").await else {
        return Ok(());
    };
    if let Err(why) = judge(fault, &case.call, &text) {
        tally.miss(Miss::WrongMessage, name, format!("{why}: {}", short(&text)));
    }
    check_attempts(env, tally, name, &case.call, fault).await?;

    // The fault clears; the same click now goes through, on the same page.
    clear(env).await?;
    dismiss_session_dialog(env).await?;
    env.wait_gone(&format!("{} {}.is-pending", row(case.id), case.button)).await?;
    age_toasts(env).await?;
    trigger(env, case).await?;
    let done = env.wait_css("#toasts .toast-success:not([data-seen])").await;
    if panicked(env, tally, name).await {
        return Ok(());
    }
    match done {
        Err(e) => tally.miss(Miss::Recovery, name, format!("the {} did not go through: {e}", case.label)),
        Ok(_) if !still_marked(env, n).await => tally.miss(Miss::Recovery, name, "the page reloaded"),
        Ok(_) => {}
    }
    Ok(())
}

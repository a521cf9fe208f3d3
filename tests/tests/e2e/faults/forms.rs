//! The create and edit bundles: the instance-type list and the create submit, the edit form's
//! model read and its save. Several fields are filled before each fault; every value must be
//! there afterwards.

use lisa_e2e::{Env, TestResult};
use serde_json::json;

use super::reads::{read_fault, short, start, ReadCase, Ready};
use super::steps::{fault_message, case_name, check_attempts, clear, dismiss_session_dialog, inject, leave_to, mark, message, panicked, reset_fetch_count, still_marked, values, Miss, Tally};
use super::{judge, Call, Fault, ALL};

const EDITED: &str = "titan-express-v1";

#[derive(Clone, Copy, PartialEq)]
enum Step {
    /// The instance-type list, while a LISA-hosted model is being filled in.
    Instances,
    /// The create form's POST.
    Create,
    /// The edit form's PUT.
    Save,
}

pub async fn run() -> Tally {
    let mut tally = Tally::default();
    let Some(mut env) = start(&mut tally, "forms", "/models/new", "#instance-types option").await else { return tally };
    let instances = Call {
        method: "GET",
        path: "/models/metadata/instances".into(),
        malformed: r#"["g5.xlarge", "g5.2x"#,
        wrong: json!({"instanceTypes": ["g5.xlarge"]}),
        huge: r#""%PAD%""#,
    };
    let create = Call {
        method: "POST",
        path: "/models".into(),
        malformed: r#"{"model": {"modelId": "#,
        wrong: json!({"model": {"modelId": ["x"], "status": 3}}),
        huge: r#"{"model": "%PAD%"}"#,
    };
    let edit_read = ReadCase {
        page: "edit form",
        open: format!("/models/{EDITED}/edit"),
        call: Call::model("GET", EDITED),
        region: "#page-model-edit .error-panel",
        retry: "#page-model-edit .error-panel button",
        ready: Ready::Shown("#f-modelDescription"),
        frame: "",
    };
    let save = Call::model("PUT", EDITED);

    let mut n = 1000;
    for (step, call) in [(Step::Instances, &instances), (Step::Create, &create)] {
        for fault in ALL {
            n += 1;
            form_fault(&mut env, &mut tally, n, step, call, fault).await;
        }
    }
    for fault in ALL {
        n += 1;
        read_fault(&mut env, &mut tally, n, &edit_read, fault).await;
    }
    for fault in ALL {
        n += 1;
        form_fault(&mut env, &mut tally, n, Step::Save, &save, fault).await;
    }
    tally
}

async fn form_fault(env: &mut Env, tally: &mut Tally, n: usize, step: Step, call: &Call, fault: Fault) {
    tally.faults += 1;
    let page = if step == Step::Save { "edit form" } else { "create form" };
    let name = case_name(page, call, fault);
    let result = match step {
        Step::Instances => instances_fault(env, tally, n, call, fault, &name).await,
        Step::Create | Step::Save => submit_fault(env, tally, n, step, call, fault, &name).await,
    };
    if let Err(e) = result {
        tally.miss(Miss::Recovery, &name, format!("step failed: {e}"));
    }
    let reset = async {
        clear(env).await?;
        // A saved edit leaves the model Updating (workflows are manual here).
        env.mock.seed(EDITED, "InService").await
    };
    if let Err(e) = reset.await {
        tally.failures.push(format!("{name}: could not reset: {e}"));
    }
}

/// Compare the form with what was typed; a difference is a lost input.
async fn intact(env: &Env, tally: &mut Tally, name: &str, ids: &[&str], typed: &[String], when: &str) -> TestResult {
    let now = values(env, ids).await?;
    if now != typed {
        let lost: Vec<String> = ids
            .iter()
            .zip(typed.iter().zip(now.iter()))
            .filter(|(_, (a, b))| a != b)
            .map(|(id, (a, b))| format!("#{id} {a:?} → {b:?}"))
            .collect();
        tally.miss(Miss::LostInput, name, format!("{when}: {}", lost.join(", ")));
    }
    Ok(())
}

/// Start from an empty form: no draft, no cached instance list.
async fn open_form(env: &Env, path: &str) -> TestResult {
    env.js(&format!(
        "sessionStorage.removeItem('lisa-admin.draft.create'); sessionStorage.removeItem('lisa-admin.instance-types'); \
         sessionStorage.removeItem('lisa-admin.draft.edit.{EDITED}'); return true;"
    ))
    .await?;
    leave_to(env, path).await
}

async fn fill_all(env: &Env, fields: &[(&str, String)]) -> TestResult {
    for (id, value) in fields {
        env.fill(&format!("#{id}"), value).await?;
    }
    Ok(())
}

/// The instance-type list fails while the admin fills in a LISA-hosted model.
async fn instances_fault(env: &mut Env, tally: &mut Tally, n: usize, call: &Call, fault: Fault, name: &str) -> TestResult {
    inject(env, call, fault).await?;
    open_form(env, "/models/new").await?;
    let fields = [
        ("f-modelId", format!("fault-hosted-{n}")),
        ("f-modelName", "mistralai/Mistral-7B-Instruct-v0.2".to_string()),
        ("f-modelDescription", format!("Typed during fault {n}: ünïcödé ✓")),
        ("f-instanceType", "g5.xlarge".to_string()),
    ];
    let typing = async {
        env.click("#hosting-lisa_hosted").await?;
        fill_all(env, &fields).await
    };
    if let Err(e) = typing.await {
        // A field replaced while it was being typed into.
        tally.miss(Miss::LostInput, name, format!("typing: {e}"));
        return Ok(());
    }
    let ids: Vec<&str> = fields.iter().map(|(id, _)| *id).chain(["hosting-lisa_hosted"]).collect();
    let mut typed = values(env, &ids).await?;

    let text = match message(env, "#instance-types-error").await {
        Ok(t) => t,
        Err(e) => {
            if !panicked(env, tally, name).await {
                tally.miss(Miss::WrongMessage, name, format!("no message: {e}"));
            }
            return Ok(());
        }
    };
    // The admin goes on typing in the field they were in (the instance type, filled last).
    let more = "-more";
    if let Ok(active) = env.client.active_element().await {
        let _ = active.send_keys(more).await;
    }
    typed[3].push_str(more);
    if panicked(env, tally, name).await {
        return Ok(());
    }
    if let Err(why) = judge(fault, call, &text) {
        tally.miss(Miss::WrongMessage, name, format!("{why}: {}", short(&text)));
    }
    let retry = "[data-action='retry-instances']";
    if env.count(retry).await? == 0 {
        tally.miss(Miss::Retry, name, "no retry control");
    }
    check_attempts(env, tally, name, call, fault).await?;
    intact(env, tally, name, &ids, &typed, "after the fault").await?;

    clear(env).await?;
    dismiss_session_dialog(env).await?;
    mark(env, n).await?;
    env.click(retry).await?;
    let loaded = env
        .until("the instance types", || async {
            let options = env.count("#instance-types option").await.ok()?;
            let error = env.count("#instance-types-error").await.ok()?;
            (options > 0 && error == 0).then_some(())
        })
        .await;
    if panicked(env, tally, name).await {
        return Ok(());
    }
    match loaded {
        Err(e) => tally.miss(Miss::Recovery, name, format!("retry did not load the list: {e}")),
        Ok(()) if !still_marked(env, n).await => tally.miss(Miss::Recovery, name, "the page reloaded"),
        Ok(()) => {}
    }
    intact(env, tally, name, &ids, &typed, "after the retry").await
}

/// The create or edit submit fails; the form comes back as it was and the next submit works.
async fn submit_fault(env: &mut Env, tally: &mut Tally, n: usize, step: Step, call: &Call, fault: Fault, name: &str) -> TestResult {
    let (path, fields, send, landing) = if step == Step::Create {
        let id = format!("fault-create-{n}");
        let fields = vec![
            ("f-modelId", id.clone()),
            ("f-modelName", "bedrock/anthropic.claude-3-haiku-20240307-v1:0".to_string()),
            ("f-modelDescription", format!("Typed before fault {n}: ünïcödé ✓")),
            ("f-apiKey", format!("sk-drill-{n}")),
            ("f-allowedGroups", "team-a, team-b".to_string()),
        ];
        ("/models/new".to_string(), fields, "#create-submit", format!("/admin/models/{id}"))
    } else {
        let fields = vec![
            ("f-modelDescription", format!("Edited before fault {n}: ünïcödé ✓")),
            ("f-allowedGroups", format!("drill-{n}, ops")),
        ];
        (format!("/models/{EDITED}/edit"), fields, "#edit-submit", format!("/admin/models/{EDITED}"))
    };
    open_form(env, &path).await?;
    env.wait_css("#f-modelDescription").await?;
    fill_all(env, &fields).await?;
    env.click("#f-streaming").await?;
    let ids: Vec<&str> = fields.iter().map(|(id, _)| *id).chain(["f-streaming"]).collect();
    let typed = values(env, &ids).await?;

    env.click("#form-submit").await?;
    env.wait_css(send).await?;
    mark(env, n).await?;
    reset_fetch_count(env).await?;
    inject(env, call, fault).await?;
    env.click(send).await?;
    let Some(text) = fault_message(env, tally, name, "#form-banner").await else {
        return Ok(());
    };
    if let Err(why) = judge(fault, call, &text) {
        tally.miss(Miss::WrongMessage, name, format!("{why}: {}", short(&text)));
    }
    check_attempts(env, tally, name, call, fault).await?;
    intact(env, tally, name, &ids, &typed, "after the failed submit").await?;

    // The fault clears: the same form, submitted again, goes through.
    clear(env).await?;
    dismiss_session_dialog(env).await?;
    if !still_marked(env, n).await {
        tally.miss(Miss::Recovery, name, "the page reloaded");
        return Ok(());
    }
    env.click("#form-submit").await?;
    env.wait_css(send).await?;
    env.click(send).await?;
    let landed = env
        .until(&format!("the page {landing}"), || async { (env.path().await.ok()? == landing).then_some(()) })
        .await;
    if panicked(env, tally, name).await {
        return Ok(());
    }
    if let Err(e) = landed {
        let banner = env.text("#form-banner").await.unwrap_or_default();
        tally.miss(Miss::Recovery, name, format!("the submit after the fault did not go through: {e}; {}", short(&banner)));
    }
    Ok(())
}

//! Hostile text in LISA's error answers: `detail` on the catalogue's error panel and stale
//! warning, in a decode error, in the metrics envelope's inner error, in a failed action's toast,
//! and 422 `msg`/`loc` on the edit form's fields and banner.

use lisa_e2e::hostile::{content_model, Payload};
use lisa_e2e::{Env, TestResult};
use serde_json::{json, Value};

use super::models::put_clean;
use super::{type_into, wait_shown, Expect, Sweep};

const TOAST_TARGET: &str = "toast-target";
const FORM_TARGET: &str = "form-target";

/// Only benign models from here on: no unknown status keeps a page polling and taking an
/// injected answer meant for the next retry.
async fn benign_state(env: &Env) -> TestResult {
    env.mock.post("/__mock/reset", json!({})).await?;
    put_clean(env).await?;
    let mut stopped = content_model(TOAST_TARGET, "benign");
    stopped["status"] = json!("Stopped");
    let mut external = content_model(FORM_TARGET, "benign");
    for key in ["containerConfig", "autoScalingConfig", "loadBalancerConfig", "inferenceContainer", "instanceType"] {
        external[key] = Value::Null;
    }
    external["hostingType"] = json!("third_party");
    external["modelUrl"] = json!("");
    env.mock.post("/__mock/put", json!({"models": [stopped, external]})).await.map(|_| ())
}

async fn inject(env: &Env, method: &str, path: &str, status: u16, body: Value) -> TestResult {
    env.mock.inject(json!({"method": method, "path": path, "status": status, "body": body})).await
}

/// A list answer whose types are wrong, so that the decode error quotes the hostile value.
fn wrong_types(text: &str) -> Value {
    json!({"models": [{"modelId": "x", "modelName": "x", "modelType": "textgen", "status": "InService",
        "streaming": false, "contextWindow": text}]})
}

pub async fn panels_toasts_and_field_errors(sweep: &mut Sweep<'_>, payloads: &[Payload]) -> TestResult {
    let env = sweep.env;
    benign_state(env).await?;
    sweep.fields(&["error detail", "decode error", "metrics error", "422 msg", "422 loc"]);

    // The catalogue's first load fails: the error panel, then Retry for each next answer.
    for (i, p) in payloads.iter().enumerate() {
        inject(env, "GET", "/models", 400, json!({"detail": p.text})).await?;
        if i == 0 {
            env.goto("/models").await?;
        } else {
            env.click("#catalogue-error .error-panel button").await?;
        }
        wait_shown(env, "#catalogue-error", &capped(p.text.trim())).await?;
        sweep.check("error panels", &format!("catalogue detail: {}", p.name), Expect::Text(&capped(p.text.trim()))).await?;
        inject(env, "GET", "/models", 200, wrong_types(&p.text)).await?;
        env.click("#catalogue-error .error-panel button").await?;
        wait_shown(env, "#catalogue-error", "could not be read").await?;
        sweep.check("error panels", &format!("catalogue decode error: {}", p.name), Expect::Nothing).await?;
    }
    env.click("#catalogue-error .error-panel button").await?;
    env.wait_css("#catalogue-table tbody tr").await?;
    // A failed refresh over the table: the stale warning quotes LISA.
    for p in payloads {
        inject(env, "GET", "/models", 400, json!({"detail": p.text})).await?;
        env.click("#catalogue-refresh").await?;
        wait_shown(env, "#catalogue-stale", &capped(p.text.trim())).await?;
        sweep.check("error panels", &format!("catalogue stale warning: {}", p.name), Expect::Text(&capped(p.text.trim()))).await?;
    }

    // The metrics Lambda's inner error (a JSON string inside the 200 envelope).
    for (i, p) in payloads.iter().enumerate() {
        let inner = json!({"error": p.text}).to_string();
        inject(env, "GET", "/metrics/users/all", 200, json!({"statusCode": 500, "body": inner})).await?;
        if i == 0 {
            env.goto("/metrics").await?;
        } else {
            env.click("#page-metrics .error-panel button").await?;
        }
        wait_shown(env, "#page-metrics .error-panel", &capped(p.text.trim())).await?;
        sweep.check("error panels", &format!("metrics error: {}", p.name), Expect::Text(&capped(p.text.trim()))).await?;
    }

    // A failed start: the toast carries LISA's detail.
    env.goto(&format!("/models/{TOAST_TARGET}")).await?;
    env.wait_css("#page-model-detail button.action-start").await?;
    for p in payloads {
        inject(env, "PUT", &format!("/models/{TOAST_TARGET}"), 400, json!({"detail": p.text})).await?;
        env.click("#page-model-detail button.action-start").await?;
        wait_shown(env, "#toasts", &capped(p.text.trim())).await?;
        sweep.check("toasts", &format!("failed start: {}", p.name), Expect::Text(&capped(p.text.trim()))).await?;
        // Out of the way of the next click.
        env.js("document.querySelectorAll('#toasts .toast-close').forEach(b => b.click()); return 0;").await?;
    }

    // LISA's 422 on an edit: `msg` on the field it names, an unknown `loc` in the banner.
    env.goto(&format!("/models/{FORM_TARGET}/edit")).await?;
    env.wait_css("#page-model-edit #f-modelDescription").await?;
    for (i, p) in payloads.iter().enumerate() {
        type_into(env, "#f-modelDescription", &format!("edit number {i}")).await?;
        let detail = json!([
            {"type": "value_error", "loc": ["body", "modelDescription"], "msg": p.text, "input": "x"},
            {"type": "value_error", "loc": ["body", p.text, 0], "msg": p.text, "input": "x"},
        ]);
        inject(env, "PUT", &format!("/models/{FORM_TARGET}"), 422, json!({"detail": detail, "type": "RequestValidationError"})).await?;
        env.click("#form-submit").await?;
        env.click("#edit-submit").await?;
        wait_shown(env, "#f-modelDescription-msg", &p.text).await?;
        sweep.check("form errors", &format!("422: {}", p.name), Expect::Text(&p.text)).await?;
    }
    Ok(())
}

/// What of a server text the app shows: it caps server messages (a 10 MB body must not become a
/// 10 MB toast), so a very long payload is checked by its start.
fn capped(text: &str) -> String {
    text.chars().take(500).collect()
}

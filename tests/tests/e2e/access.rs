//! Accessibility: axe-core on every page and dialog (one walk, one figure line), and the whole
//! app operated by keyboard alone (`keyboard`): keys are sent to the focused element as a user
//! presses them, never clicked through scripts.

use lisa_e2e::mock::ADMIN_TOKEN;
use lisa_e2e::{a11y, ensure, Env, EnvOptions, TestResult};
use serde_json::json;

mod keyboard;

pub fn cases() -> Vec<crate::Case> {
    let mut cases = crate::cases![every_page_and_dialog_passes_axe];
    cases.extend(keyboard::cases());
    cases
}

/// The pages and dialogs checked, and the serious or critical violations found on each.
#[derive(Default)]
struct Walk {
    checked: Vec<&'static str>,
    problems: Vec<String>,
}

impl Walk {
    /// axe-core over the whole document as it is now (an open dialog included).
    async fn check(&mut self, env: &Env, name: &'static str) -> TestResult {
        env.assert_no_panic().await.map_err(|e| format!("{name}: {e}"))?;
        let found = a11y::serious_violations(env, None).await?;
        self.checked.push(name);
        self.problems.extend(found.into_iter().map(|v| format!("{name}: {v}")));
        Ok(())
    }
}

/// Navigate even while a form with unsaved changes would ask "leave site?": accept it.
pub(crate) async fn goto_anyway(env: &Env, path: &str) -> TestResult {
    let url = env.app_url(path);
    env.js(&format!("setTimeout(() => {{ location.href = {}; }}, 0); return true;", json!(url))).await?;
    for _ in 0..10 {
        let _ = env.client.accept_alert().await;
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok(())
}

/// Every page, every form variant and every dialog, in the states an admin sees them:
/// sign-in (and its error), catalogue (with a toast, both confirm dialogs, embedded), detail,
/// not found, the session dialog, the create form for each hosting type (with errors, and its
/// review), the leave dialog, the copy form, the edit form (hosted and external, and its
/// review, and the model deleted meanwhile), both metrics pages, the bundle-missing page and the configuration error screen.
async fn every_page_and_dialog_passes_axe() -> TestResult {
    let mut walk = Walk::default();
    let env = Env::start(EnvOptions { mock_args: vec!["--workflows", "manual"], ..Default::default() }).await?;

    env.goto("/sign-in").await?;
    env.wait_css("#page-sign-in #token").await?;
    walk.check(&env, "sign-in page").await?;
    env.click("#sign-in-submit").await?;
    env.wait_css("#sign-in-error").await?;
    walk.check(&env, "sign-in page with an error").await?;

    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await?;
    walk.check(&env, "catalogue").await?;
    env.click("tr.model-row[data-model-id='nova-canvas'] .action-delete").await?;
    env.wait_css("#confirm-dialog input").await?;
    walk.check(&env, "delete confirm dialog").await?;
    env.click("#confirm-dialog .confirm-cancel").await?;
    env.wait_gone("#confirm-dialog").await?;
    env.click("tr.model-row[data-model-id='llama-3-1-8b-instruct'] .action-stop").await?;
    env.wait_css("#confirm-dialog .confirm-ok").await?;
    walk.check(&env, "stop confirm dialog").await?;
    env.click("#confirm-dialog .confirm-ok").await?;
    env.wait_css("#toasts .toast").await?;
    walk.check(&env, "catalogue with a toast").await?;

    env.goto("/models/llama-3-1-8b-instruct").await?;
    env.wait_css("#group-base").await?;
    walk.check(&env, "model detail").await?;
    env.goto("/no/such/page").await?;
    env.wait_css("#page-not-found").await?;
    walk.check(&env, "not-found page").await?;

    env.js("sessionStorage.setItem('lisa-admin.token', 'not-a-real-token'); return true;").await?;
    env.goto("/models").await?;
    env.wait_css("#session-dialog #session-token").await?;
    walk.check(&env, "session dialog").await?;
    env.fill("#session-token", ADMIN_TOKEN).await?;
    env.click("#session-dialog button[type=submit]").await?;
    env.wait_gone("#session-dialog").await?;

    env.goto("/models/new").await?;
    env.wait_css("#page-model-create #f-modelId").await?;
    walk.check(&env, "create form, third party").await?;
    env.click("#hosting-internal_hosted").await?;
    walk.check(&env, "create form, internal hosted").await?;
    env.click("#hosting-lisa_hosted").await?;
    env.until("instance types loaded", || async { (env.count("#instance-types option").await.ok()? > 10).then_some(()) }).await?;
    walk.check(&env, "create form, LISA hosted").await?;
    env.click("#form-submit").await?;
    env.wait_text("#form-error-count", "remain").await?;
    walk.check(&env, "create form with errors").await?;
    env.click("#hosting-third_party").await?;
    env.fill("#f-modelId", "axe-review").await?;
    env.fill("#f-modelName", "bedrock/axe").await?;
    env.click("#form-submit").await?;
    env.wait_css("#review #create-submit").await?;
    walk.check(&env, "create review").await?;
    env.click("#review-back").await?;
    env.click("header nav a[href$='/metrics']").await?;
    env.wait_css("#leave-dialog").await?;
    walk.check(&env, "leave-with-unsaved-changes dialog").await?;
    env.click("#leave-confirm").await?;

    env.wait_css("#tools-chart g.bar").await?;
    walk.check(&env, "metrics overview").await?;
    env.goto("/metrics/users/john.doe%40company.com").await?;
    env.wait_css("#sessions-table tbody tr[data-session]").await?;
    walk.check(&env, "user metrics").await?;

    env.goto("/models/new?copy=llama-3-1-8b-instruct").await?;
    env.wait_text("#form-notice", "Copied from").await?;
    walk.check(&env, "copy form").await?;

    env.goto("/models/titan-express-v1/edit").await?;
    env.wait_css("#page-model-edit #f-modelDescription").await?;
    walk.check(&env, "edit form, external model").await?;
    env.goto("/models/mistral-7b-instruct/edit").await?;
    env.wait_css("#f-section-status").await?;
    walk.check(&env, "edit form, model in a workflow").await?;
    env.goto("/models/llama-3-1-8b-instruct/edit").await?;
    env.wait_css("#f-autoScalingInstanceConfig-maxCapacity").await?;
    walk.check(&env, "edit form, LISA hosted").await?;
    env.fill("#f-modelDescription", "axe").await?;
    env.click("#form-submit").await?;
    env.wait_css("#review #edit-submit").await?;
    walk.check(&env, "edit review").await?;
    let detail = json!({"detail": "Model 'llama-3-1-8b-instruct' was not found."});
    env.mock.inject(json!({"method": "PUT", "path": "/models/llama-3-1-8b-instruct", "status": 404, "body": detail})).await?;
    env.click("#edit-submit").await?;
    env.wait_css("#model-gone #create-from-draft").await?;
    walk.check(&env, "edit form, model deleted meanwhile").await?;

    goto_anyway(&env, "/models?embed=1").await?;
    env.wait_css(".shell.embed tr.model-row").await?;
    walk.check(&env, "catalogue in embed mode").await?;
    drop(env);

    let raw = json!({"apiBaseUrl": "not a url"}).to_string();
    let env = Env::start(EnvOptions { raw_config: Some(Some(raw)), ..Default::default() }).await?;
    env.goto("/models").await?;
    env.wait_css("#config-error").await?;
    walk.check(&env, "configuration error screen").await?;
    drop(env);

    let env = Env::without_create_bundle().await?;
    env.signed_in_at("/models/new").await?;
    env.wait_css("#page-bundle-missing").await?;
    walk.check(&env, "bundle-missing page").await?;

    println!(
        "axe: {} pages and dialogs, {} serious or critical violations",
        walk.checked.len(),
        walk.problems.len()
    );
    ensure!(walk.problems.is_empty(), "axe-core found:\n{}", walk.problems.join("\n"));
    Ok(())
}

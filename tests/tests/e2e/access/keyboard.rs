//! The app by keyboard alone. Keys go through WebDriver's action API to whatever has focus, as
//! a user's keyboard would: Tab and Shift+Tab to move, Enter and Space to activate, arrows in
//! radio groups, Escape to close. After each move the focused element must show a visible
//! focus indicator.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use lisa_e2e::{ensure, Context, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        catalogue_sort_and_row_actions_by_keyboard,
        create_form_filled_and_sent_by_keyboard,
        dialogs_trap_focus_close_on_escape_and_restore_focus,
        route_changes_focus_the_page_heading,
    ]
}

/// Press `chord` (modifiers first) and release it, on the focused element.
pub(crate) async fn press(env: &Env, chord: &[Key]) -> TestResult {
    let mut seq = KeyActions::new("keyboard".into());
    for k in chord {
        seq = seq.then(KeyAction::Down { value: (*k).into() });
    }
    for k in chord.iter().rev() {
        seq = seq.then(KeyAction::Up { value: (*k).into() });
    }
    env.client.perform_actions(seq).await.context("press keys")?;
    env.client.release_actions().await.context("release keys")
}

/// Type text into the focused element, one key at a time.
pub(crate) async fn type_text(env: &Env, text: &str) -> TestResult {
    let mut seq = KeyActions::new("keyboard".into());
    for c in text.chars() {
        seq = seq.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
    }
    env.client.perform_actions(seq).await.context("type text")
}

/// A short description of the focused element (`tag#id.class` and its text).
pub(crate) async fn focused(env: &Env) -> Result<String, String> {
    let v = env
        .js("const e = document.activeElement; if (!e) return ''; \
             return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' ' + JSON.stringify((e.textContent || '').trim().slice(0, 40));")
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

pub(crate) async fn focus_matches(env: &Env, css: &str) -> Result<bool, String> {
    let v = env.js(&format!("return !!document.activeElement && document.activeElement.matches({});", json!(css))).await?;
    Ok(v == json!(true))
}

pub(crate) async fn ensure_focus(env: &Env, css: &str, after: &str) -> TestResult {
    // Focus may move on the next frame (a dialog opening, a page rendering): wait for it.
    let waited = env.until(&format!("focus on {css} after {after}"), || async { focus_matches(env, css).await.ok()?.then_some(()) }).await;
    match waited {
        Ok(()) => Ok(()),
        Err(e) => Err(format!("{e}; focus is on {}", focused(env).await.unwrap_or_default())),
    }
}

/// Tab (or Shift+Tab) until the focused element matches `css`; fails after `max` presses.
/// Every element passed on the way must show its focus.
pub(crate) async fn tab_to(env: &Env, css: &str, backwards: bool, max: usize) -> TestResult {
    let chord: &[Key] = if backwards { &[Key::Shift, Key::Tab] } else { &[Key::Tab] };
    for _ in 0..max {
        if focus_matches(env, css).await? {
            return Ok(());
        }
        press(env, chord).await?;
        focus_visible(env).await?;
    }
    ensure!(focus_matches(env, css).await?, "{max} Tab presses did not reach {css}; focus is on {}", focused(env).await?);
    Ok(())
}

/// The focused control shows a focus indicator: an outline or a box shadow, as computed.
pub(crate) async fn focus_visible(env: &Env) -> TestResult {
    let v: Value = env
        .js("const e = document.activeElement; if (!e || e === document.body) return {skip: true}; \
             const s = getComputedStyle(e); \
             const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; \
             const shadow = s.boxShadow && s.boxShadow !== 'none'; \
             return {ok: outline || shadow, heading: e.tabIndex < 0, fv: e.matches(':focus-visible'), style: s.outlineStyle + ' ' + s.outlineWidth + ' / ' + s.boxShadow};")
        .await?;
    // Headings focused by the app (tabindex -1) announce a new page; they are not controls.
    if v["skip"] == json!(true) || v["heading"] == json!(true) {
        return Ok(());
    }
    ensure!(
        v["ok"] == json!(true) && v["fv"] == json!(true),
        "no visible focus on {} ({v})",
        focused(env).await?
    );
    Ok(())
}

async fn heading_has_focus(env: &Env, page: &str, after: &str) -> TestResult {
    env.wait_css(page).await?;
    ensure_focus(env, &format!("{page} h1"), after).await
}

fn manual() -> EnvOptions {
    EnvOptions { mock_args: vec!["--workflows", "manual"], ..Default::default() }
}

async fn row_ids(env: &Env) -> Result<Vec<String>, String> {
    let v = env.js("return [...document.querySelectorAll('tr.model-row')].map(r => r.dataset.modelId);").await?;
    Ok(v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect()).unwrap_or_default())
}

/// Wait until the Status column says `direction` and the rows are no longer in the `before` order.
async fn sorted(env: &Env, direction: &str, before: &[String]) -> Result<Vec<String>, String> {
    env.until(&format!("rows sorted by status, {direction}"), || async {
        let aria = env.attr("th[data-column=status]", "aria-sort").await.ok()??;
        let rows = row_ids(env).await.ok()?;
        (aria == direction && rows != before).then_some(rows)
    })
    .await
}

async fn catalogue_sort_and_row_actions_by_keyboard() -> TestResult {
    let env = Env::start(manual()).await?;
    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await?;
    heading_has_focus(&env, "#page-models", "loading the catalogue").await?;

    // Sort by status with Enter, then the other way with Space.
    tab_to(&env, "#sort-status", false, 40).await?;
    let before = row_ids(&env).await?;
    press(&env, &[Key::Enter]).await?;
    let ascending = sorted(&env, "ascending", &before).await.map_err(|e| format!("Enter on the Status header: {e}"))?;
    ensure_focus(&env, "#sort-status", "sorting").await?;
    press(&env, &[Key::Space]).await?;
    sorted(&env, "descending", &ascending).await.map_err(|e| format!("Space on the Status header: {e}"))?;
    ensure!(env.path().await?.contains("sort=status"), "the sort is kept in the URL: {}", env.path().await?);

    // Row actions: Tab to a model's Delete button; Enter opens the confirmation, focus inside.
    let delete = "tr.model-row[data-model-id='nova-canvas'] .action-delete";
    tab_to(&env, delete, false, 200).await?;
    press(&env, &[Key::Enter]).await?;
    ensure_focus(&env, "#confirm-dialog input", "opening the delete confirmation").await?;
    type_text(&env, "nova-canvas").await?;
    press(&env, &[Key::Enter]).await?;
    env.wait_gone("#confirm-dialog").await?;
    // The result is announced: the toast's text is inside the live region.
    let toast = env.wait_text("#toasts .toast", "nova-canvas").await?;
    let live = env
        .js("const t = document.querySelector('#toasts .toast-text'); const r = t && t.closest('[aria-live], [role=status], [role=alert]'); \
             return r ? [r.getAttribute('aria-live') || '', r.getAttribute('role') || '', r.isConnected && document.body.contains(r)] : null;")
        .await?;
    ensure!(live != Value::Null, "the toast {toast:?} is not inside a live region");
    ensure!(live[0] != json!("off"), "the toast's region is aria-live=off: {live}");
    let deleted = env.mock.requests().await?.iter().any(|r| r["method"] == "DELETE" && r["path"] == "/models/nova-canvas");
    ensure!(deleted, "the keyboard-confirmed delete reached LISA");

    // A row link by keyboard: the detail page (same bundle), focus on its heading.
    let link = "tr.model-row[data-model-id='llama-3-1-8b-instruct'] a.model-id";
    env.js("document.querySelector('#page-models h1').focus(); return true;").await?;
    tab_to(&env, link, false, 200).await?;
    press(&env, &[Key::Enter]).await?;
    heading_has_focus(&env, "#page-model-detail", "following a row link").await?;
    // The detail page's own actions are reachable too: Stop asks first, Escape cancels.
    tab_to(&env, "#page-model-detail .action-stop", false, 40).await?;
    press(&env, &[Key::Space]).await?;
    ensure_focus(&env, "#confirm-dialog .confirm-cancel", "opening the stop confirmation").await?;
    press(&env, &[Key::Escape]).await?;
    env.wait_gone("#confirm-dialog").await?;
    ensure_focus(&env, "#page-model-detail .action-stop", "closing the stop confirmation").await?;
    env.assert_no_panic().await
}

async fn create_form_filled_and_sent_by_keyboard() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models/new").await?;
    env.wait_css("#f-modelId").await?;
    heading_has_focus(&env, "#page-model-create", "opening the create form").await?;
    // The hosting choice is a radio group: Tab reaches the chosen one, arrows change it.
    tab_to(&env, "#hosting-third_party", false, 30).await?;
    press(&env, &[Key::Right]).await?;
    env.until("internal hosted chosen", || async {
        (env.js("return document.querySelector('#hosting-internal_hosted').checked;").await.ok()? == json!(true)).then_some(())
    })
    .await?;
    ensure!(crate::forms::visible(&env, "#hint-url-internal").await?, "the internal-hosted hint follows the arrow key");
    press(&env, &[Key::Left]).await?;
    env.until("third party chosen again", || async {
        (env.js("return document.querySelector('#hosting-third_party').checked;").await.ok()? == json!(true)).then_some(())
    })
    .await?;
    tab_to(&env, "#f-modelId", false, 10).await?;
    type_text(&env, "kbd-model").await?;
    tab_to(&env, "#f-modelName", false, 10).await?;
    type_text(&env, "bedrock/kbd").await?;
    tab_to(&env, "#f-streaming", false, 20).await?;
    press(&env, &[Key::Space]).await?;
    ensure!(env.js("return document.querySelector('#f-streaming').checked;").await? == json!(true), "Space ticks the checkbox");
    // Enter in a text field submits the form: the review step, focus on its heading.
    tab_to(&env, "#f-modelDescription", true, 20).await?;
    type_text(&env, "typed").await?;
    press(&env, &[Key::Enter]).await?;
    ensure_focus(&env, "#review-heading", "submitting with Enter").await?;
    tab_to(&env, "#create-submit", false, 10).await?;
    press(&env, &[Key::Space]).await?;
    // Created: the detail page is another bundle (a full load), and its heading has focus.
    env.until("the new model's page", || async { (env.path().await.ok()? == "/admin/models/kbd-model").then_some(()) }).await?;
    heading_has_focus(&env, "#page-model-detail", "creating (a full page load)").await?;
    let sent: Vec<Value> = env
        .mock
        .requests()
        .await?
        .into_iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/models")
        .map(|r| serde_json::from_str(r["body"].as_str().unwrap_or_default()).unwrap_or(Value::Null))
        .collect();
    ensure!(
        sent == vec![json!({"modelId": "kbd-model", "modelName": "bedrock/kbd", "modelDescription": "typed", "modelType": "textgen",
            "streaming": true, "hostingType": "third_party"})],
        "sent {sent:?}"
    );
    env.assert_no_panic().await
}

/// Tab from the last control wraps to the first, Shift+Tab from the first to the last.
async fn ensure_trapped(env: &Env, dialog: &str, first: &str, last: &str) -> TestResult {
    tab_to(env, last, false, 6).await.map_err(|e| format!("{dialog}: {e}"))?;
    press(env, &[Key::Tab]).await?;
    ensure_focus(env, first, &format!("Tab from the last control of {dialog}")).await?;
    press(env, &[Key::Shift, Key::Tab]).await?;
    ensure_focus(env, last, &format!("Shift+Tab from the first control of {dialog}")).await?;
    for _ in 0..6 {
        press(env, &[Key::Tab]).await?;
        focus_visible(env).await?;
        ensure!(focus_matches(env, &format!("{dialog} *")).await?, "Tab left {dialog}: focus on {}", focused(env).await?);
    }
    Ok(())
}

async fn dialogs_trap_focus_close_on_escape_and_restore_focus() -> TestResult {
    let env = Env::start(manual()).await?;
    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await?;

    // The delete confirmation: input, Cancel, Delete (enabled once the id is typed).
    let delete = "tr.model-row[data-model-id='nova-canvas'] .action-delete";
    tab_to(&env, delete, false, 200).await?;
    press(&env, &[Key::Enter]).await?;
    ensure_focus(&env, "#confirm-dialog input", "opening").await?;
    type_text(&env, "nova-canvas").await?;
    ensure_trapped(&env, "#confirm-dialog", "#confirm-dialog input", "#confirm-dialog .confirm-ok").await?;
    press(&env, &[Key::Escape]).await?;
    env.wait_gone("#confirm-dialog").await?;
    ensure_focus(&env, delete, "Escape in the delete confirmation").await?;
    ensure!(env.count("tr.model-row[data-model-id='nova-canvas']").await? == 1, "Escape deleted nothing");

    // The session dialog, over the page when LISA stops accepting the token.
    env.js("document.querySelector('#page-models h1').focus(); return true;").await?;
    tab_to(&env, "#sort-type", false, 40).await?;
    // The catalogue polls: the next read is refused.
    env.mock.inject(json!({"method": "GET", "path": "/models", "status": 401, "body": {"message": "Unauthorized"}, "times": 1000})).await?;
    ensure_focus(&env, "#session-dialog *", "the session dialog opening").await?;
    // Refused reads go on while it is open; they must not pull focus back to the field.
    ensure_trapped(&env, "#session-dialog", "#session-token", "#session-dismiss").await?;
    env.mock.clear_injections().await?;
    press(&env, &[Key::Escape]).await?;
    env.wait_gone("#session-dialog").await?;
    ensure_focus(&env, "#sort-type", "Escape in the session dialog").await?;

    // The leave dialog: Stay and Leave; Escape stays, focus back on the link that asked.
    env.goto("/models/new").await?;
    env.wait_css("#f-modelId").await?;
    heading_has_focus(&env, "#page-model-create", "opening the form").await?;
    tab_to(&env, "#f-modelId", false, 30).await?;
    type_text(&env, "kbd-leave").await?;
    let nav = "header nav a[href$='/metrics']";
    tab_to(&env, nav, true, 40).await?;
    press(&env, &[Key::Enter]).await?;
    ensure_focus(&env, "#leave-stay", "following a link with unsaved changes").await?;
    ensure_trapped(&env, "#leave-dialog", "#leave-stay", "#leave-confirm").await?;
    press(&env, &[Key::Escape]).await?;
    env.wait_gone("#leave-dialog").await?;
    ensure_focus(&env, nav, "Escape in the leave dialog").await?;
    ensure!(env.path().await? == "/admin/models/new", "Escape stayed on the form");
    press(&env, &[Key::Enter]).await?;
    ensure_focus(&env, "#leave-stay", "asking again").await?;
    press(&env, &[Key::Enter]).await?;
    env.wait_gone("#leave-dialog").await?;
    ensure_focus(&env, nav, "choosing Stay").await?;
    let kept = env.js("return document.querySelector('#f-modelId').value;").await?;
    ensure!(kept == json!("kbd-leave"), "the form kept its input: {kept}");
    env.assert_no_panic().await
}

async fn route_changes_focus_the_page_heading() -> TestResult {
    let env = Env::default().await?;
    // Signing in moves on to the catalogue (same bundle): its heading takes focus.
    env.goto("/models").await?;
    env.wait_css("#page-sign-in #token").await?;
    tab_to(&env, "#token", false, 20).await?;
    type_text(&env, lisa_e2e::mock::ADMIN_TOKEN).await?;
    press(&env, &[Key::Enter]).await?;
    heading_has_focus(&env, "#page-models", "signing in").await?;
    // Main navigation to another bundle (a full page load).
    let nav = "header nav a[href$='/metrics']";
    tab_to(&env, nav, true, 20).await?;
    press(&env, &[Key::Enter]).await?;
    heading_has_focus(&env, "#page-metrics", "the Metrics link").await?;
    // Within the metrics bundle: the user lookup (a form) → a user's page → back by its link.
    tab_to(&env, "#lookup-user-id", false, 40).await?;
    type_text(&env, "johnDoe").await?;
    press(&env, &[Key::Enter]).await?;
    heading_has_focus(&env, "#page-user-metrics", "looking up a user").await?;
    let back = "#page-user-metrics a[href$='/metrics']";
    tab_to(&env, back, true, 10).await?;
    press(&env, &[Key::Enter]).await?;
    heading_has_focus(&env, "#page-metrics", "the link back to the overview").await?;
    // And back to the catalogue by the brand link (another bundle again).
    tab_to(&env, "header a.brand", true, 60).await?;
    press(&env, &[Key::Enter]).await?;
    heading_has_focus(&env, "#page-models", "the brand link").await?;
    env.assert_no_panic().await
}

//! A phone (390×844): the header folds into a menu that opens and closes by keyboard; the
//! catalogue keeps the model id in view while its table scrolls sideways, and every row's actions
//! can be scrolled to and pressed; forms are one column; dialogs fit the screen.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use lisa_e2e::visual::{self, WIDTHS};
use lisa_e2e::{ensure, Context, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![phone_header_folds_into_a_menu, phone_catalogue_keeps_the_id_and_reaches_the_actions, phone_forms_are_one_column_and_dialogs_fit]
}

async fn phone() -> Result<Env, String> {
    let env = Env::start(EnvOptions { mock_args: vec!["--workflows", "manual"], ..Default::default() }).await?;
    visual::set_viewport(&env, WIDTHS[2]).await?;
    Ok(env)
}

async fn press(env: &Env, key: Key) -> TestResult {
    let keys = KeyActions::new("keyboard".into()).then(KeyAction::Down { value: key.into() }).then(KeyAction::Up { value: key.into() });
    env.client.perform_actions(keys).await.context("press a key")?;
    env.client.release_actions().await.context("release keys")
}

/// Whether the element is rendered with a size.
async fn shown(env: &Env, css: &str) -> Result<bool, String> {
    let v = env.js(&format!("const e = document.querySelector({}); return !!e && e.getClientRects().length > 0 && e.getBoundingClientRect().width > 0;", json!(css))).await?;
    Ok(v == json!(true))
}

async fn expanded(env: &Env) -> Result<String, String> {
    Ok(env.attr("#menu-toggle", "aria-expanded").await?.unwrap_or_default())
}

async fn phone_header_folds_into_a_menu() -> TestResult {
    let env = phone().await?;
    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await?;
    ensure!(shown(&env, "#menu-toggle").await?, "no menu button at phone width");
    ensure!(!shown(&env, "header nav a").await? && !shown(&env, "#sign-out").await?, "the navigation shows with the menu folded");
    ensure!(expanded(&env).await? == "false", "the folded menu's button says aria-expanded={}", expanded(&env).await?);
    // By keyboard: focus the button, Enter opens, Escape folds.
    env.js("document.getElementById('menu-toggle').focus(); return true;").await?;
    press(&env, Key::Enter).await?;
    env.until("the menu to open", || async { (expanded(&env).await.ok()? == "true").then_some(()) }).await?;
    for css in ["header nav a[href$='/metrics']", "#sign-out", "#theme-toggle"] {
        ensure!(shown(&env, css).await?, "{css} is not in the open menu");
    }
    press(&env, Key::Escape).await?;
    env.until("Escape to fold the menu", || async { (expanded(&env).await.ok()? == "false").then_some(()) }).await?;
    ensure!(!shown(&env, "header nav a").await?, "the navigation still shows after Escape");
    // Choosing a page folds it too.
    env.click("#menu-toggle").await?;
    env.click("header nav a[href$='/metrics']").await?;
    env.wait_css("#page-metrics").await?;
    ensure!(expanded(&env).await? == "false", "the menu stays open on the new page");
    // A wide window has no menu button: the navigation is in the bar.
    visual::set_viewport(&env, WIDTHS[0]).await?;
    env.goto("/models").await?;
    env.wait_css("tr.model-row").await?;
    ensure!(!shown(&env, "#menu-toggle").await? && shown(&env, "header nav a").await?, "a wide window shows the menu button or hides the navigation");
    env.assert_no_panic().await
}

async fn phone_catalogue_keeps_the_id_and_reaches_the_actions() -> TestResult {
    let env = phone().await?;
    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await?;
    let row = "tr.model-row[data-model-id='llama-3-1-8b-instruct']";
    // Scrolled all the way sideways, the row's id is still at the left of the table's box, and
    // its Stop button is there and is what a tap at its centre reaches.
    let v: Value = env
        .js(&format!(
            "const box = document.getElementById('catalogue-scroll'); const row = document.querySelector({}); \
             row.scrollIntoView({{block: 'center'}}); box.scrollLeft = box.scrollWidth; \
             const b = box.getBoundingClientRect(); const id = row.querySelector('a.model-id').getBoundingClientRect(); \
             const stop = row.querySelector('.action-stop'); const s = stop.getBoundingClientRect(); \
             const hit = document.elementFromPoint(s.left + s.width / 2, s.top + s.height / 2); \
             return {{hit: hit && (hit.outerHTML || '').slice(0, 120), scrolled: box.scrollLeft, idLeft: id.left - b.left, idRight: id.right, stopInBox: s.left >= b.left && s.right <= b.right, reached: hit === stop || stop.contains(hit), page: document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth}};",
            json!(row)
        ))
        .await?;
    ensure!(v["scrolled"].as_f64().unwrap_or(0.0) > 300.0, "the catalogue does not scroll sideways in its box: {v}");
    // Just right of the selection checkbox column (44 px), which sticks at the left edge too.
    ensure!(v["idLeft"].as_f64().is_some_and(|x| (44.0..=60.0).contains(&x)), "the model id left the view when the table scrolled: {v}");
    ensure!(v["stopInBox"] == json!(true) && v["reached"] == json!(true), "the row's Stop button cannot be reached: {v}");
    ensure!(v["page"] == json!(0), "the page itself scrolls sideways: {v}");
    env.click(&format!("{row} .action-stop")).await?;
    env.wait_css("#confirm-dialog .confirm-ok").await?;
    env.assert_no_panic().await
}

/// The dialog's box lies inside the window.
async fn fits(env: &Env, css: &str) -> TestResult {
    let v = env
        .js(&format!(
            "const r = document.querySelector({}).getBoundingClientRect(); \
             return [r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight, [r.left, r.top, r.right, r.bottom, innerWidth, innerHeight]];",
            json!(css)
        ))
        .await?;
    ensure!(v[0] == json!(true), "{css} does not fit a phone's screen: {}", v[1]);
    Ok(())
}

async fn phone_forms_are_one_column_and_dialogs_fit() -> TestResult {
    let env = phone().await?;
    env.signed_in_at("/models/new").await?;
    env.click("#hosting-lisa_hosted").await?;
    env.wait_css("#f-modelId").await?;
    // Every visible field of the form starts at one of at most two left edges (a field and a
    // field inside a fieldset): one column.
    let lefts = env
        .js("const xs = new Set(); for (const f of document.querySelectorAll('#page-model-create .field')) { \
             if (f.getClientRects().length) xs.add(Math.round(f.getBoundingClientRect().left)); } return [...xs].sort((a, b) => a - b);")
        .await?;
    let count = lefts.as_array().map(Vec::len).unwrap_or(0);
    ensure!((1..=3).contains(&count), "the create form's fields start at {count} different left edges (columns?): {lefts}");
    ensure!(env.js("return document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth;").await? == json!(true), "the form scrolls sideways");
    env.goto("/models").await?;
    env.click("tr.model-row[data-model-id='nova-canvas'] .action-delete").await?;
    env.wait_css("#confirm-dialog input").await?;
    fits(&env, "#confirm-dialog").await?;
    env.js("sessionStorage.setItem('lisa-admin.token', 'not-a-real-token'); return true;").await?;
    env.goto("/models").await?;
    env.wait_css("#session-dialog #session-token").await?;
    fits(&env, "#session-dialog").await?;
    env.assert_no_panic().await
}

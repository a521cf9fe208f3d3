//! The dark theme: it follows the system (`prefers-color-scheme`) until the admin picks one with
//! the header's toggle, which is remembered in `localStorage`; it is on `<html>` before the app
//! starts (no flash of the other theme); and an embedding LISA UI sets it by `postMessage`, from
//! an allowed origin only.

use std::collections::HashMap;
use std::time::Duration;

use lisa_e2e::oidc::free_port;
use lisa_e2e::site::{Site, SiteOptions};
use lisa_e2e::{ensure, paths, Env, EnvOptions, TestResult};
use serde_json::{json, Value};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![
        theme_follows_the_system_until_the_toggle_picks_one_and_remembers_it,
        embedded_app_takes_its_theme_from_an_allowed_parent_only,
    ]
}

const THEME_KEY: &str = "lisa-admin.theme";

/// The theme on `<html>` and whether the page's background is actually dark.
async fn shown_theme(env: &Env) -> Result<(String, bool), String> {
    let v = env
        .js("const bg = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); \
             return [document.documentElement.dataset.theme || '', (bg[0] + bg[1] + bg[2]) / 3 < 80];")
        .await?;
    Ok((v[0].as_str().unwrap_or_default().to_string(), v[1] == json!(true)))
}

async fn ensure_theme(env: &Env, want: &str, when: &str) -> TestResult {
    let shown = env
        .until(&format!("the {want} theme {when}"), || async {
            let (theme, dark) = shown_theme(env).await.ok()?;
            (theme == want && dark == (want == "dark")).then_some(())
        })
        .await;
    if shown.is_err() {
        let (theme, dark) = shown_theme(env).await?;
        return Err(format!("{when}: wanted the {want} theme, <html> says {theme:?} and the page is {}", if dark { "dark" } else { "light" }));
    }
    Ok(())
}

async fn system_prefers(env: &Env, scheme: &str) -> TestResult {
    env.cdp("Emulation.setEmulatedMedia", json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] })).await.map(|_| ())
}

async fn stored(env: &Env) -> Result<Value, String> {
    env.js(&format!("return localStorage.getItem({});", json!(THEME_KEY))).await
}

async fn theme_follows_the_system_until_the_toggle_picks_one_and_remembers_it() -> TestResult {
    let env = Env::default().await?;
    // Which theme <html> had when the document was parsed, before the app's wasm ran.
    env.on_new_document("document.addEventListener('DOMContentLoaded', () => { window.__themeAtParse = document.documentElement.dataset.theme || 'none'; });").await?;
    system_prefers(&env, "dark").await?;
    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await?;
    ensure_theme(&env, "dark", "on a system that prefers dark").await?;
    let at_parse = env.js("return window.__themeAtParse;").await?;
    ensure!(at_parse == json!("dark"), "the theme was set after the page was parsed (at parse: {at_parse})");
    ensure!(stored(&env).await? == Value::Null, "a theme was stored without the admin choosing one");
    // No choice stored: the system's change is followed at once.
    system_prefers(&env, "light").await?;
    ensure_theme(&env, "light", "after the system switched to light").await?;
    system_prefers(&env, "dark").await?;
    ensure_theme(&env, "dark", "after the system switched back to dark").await?;

    // The toggle names the theme it switches to, switches, and the choice is kept.
    let label = env.text("#theme-toggle").await?;
    ensure!(label == "Light theme", "the toggle in the dark theme reads {label:?}");
    env.click("#theme-toggle").await?;
    ensure_theme(&env, "light", "after the toggle").await?;
    ensure!(env.text("#theme-toggle").await? == "Dark theme", "the toggle did not change its label");
    ensure!(stored(&env).await? == json!("light"), "the choice is not in localStorage: {}", stored(&env).await?);
    // It outlasts a reload and another bundle's page, against the system's preference.
    env.goto("/metrics").await?;
    env.wait_css("#page-metrics").await?;
    ensure_theme(&env, "light", "on another bundle's page after the choice").await?;
    ensure!(env.js("return window.__themeAtParse;").await? == json!("light"), "the stored theme was applied late");
    system_prefers(&env, "light").await?;
    system_prefers(&env, "dark").await?;
    ensure_theme(&env, "light", "after a system change, once the admin chose").await?;
    env.click("#theme-toggle").await?;
    ensure_theme(&env, "dark", "after toggling back").await?;
    ensure!(stored(&env).await? == json!("dark"), "the second choice is not stored");
    env.assert_no_panic().await
}

/// A page on another origin that frames the app and, once it is ready, asks for `mode`.
fn host_page(app_url: &str, app_origin: &str, mode: &str) -> String {
    let send = format!("frame.contentWindow.postMessage({{type: 'lisa-admin:theme', mode: {}}}, '*');", json!(mode));
    format!(
        "<!DOCTYPE html><html><body><h1>LISA UI</h1><iframe id=\"app\" width=\"1200\" height=\"800\" src=\"{app_url}\"></iframe>\
         <script>const frame = document.getElementById('app'); window.addEventListener('message', e => {{ \
         if (e.origin === {} && e.data && e.data.type === 'lisa-admin:ready') {{ {send} }} }}); \
         let n = 0; const t = setInterval(() => {{ {send} if (++n > 20) clearInterval(t); }}, 150);</script></body></html>",
        json!(app_origin)
    )
}

async fn embedded_app_takes_its_theme_from_an_allowed_parent_only() -> TestResult {
    let allowed_port = free_port();
    let allowed_origin = format!("http://127.0.0.1:{allowed_port}");
    let env = Env::start(EnvOptions { config: json!({"embed": true, "embedParentOrigins": [allowed_origin]}), ..Default::default() }).await?;
    let app_origin = env.site.url.clone();
    let app_url = env.app_url("/sign-in");
    let page = |mode: &str| {
        let mut pages = HashMap::new();
        pages.insert("/".to_string(), (host_page(&app_url, &app_origin, mode), Vec::new()));
        SiteOptions { pages, ..Default::default() }
    };
    let allowed = Site::start_on(&format!("127.0.0.1:{allowed_port}"), &paths::dist(), page("dark")).await?;
    let disallowed = Site::start(&paths::dist(), page("dark")).await?;

    // A disallowed origin's theme message is ignored (the system's light theme stays).
    env.client.goto(&format!("{}/", disallowed.url)).await.map_err(|e| e.to_string())?;
    env.wait_css("#app").await?;
    env.client.enter_frame(0).await.map_err(|e| e.to_string())?;
    env.wait_css("#page-sign-in").await?;
    tokio::time::sleep(Duration::from_millis(3000)).await;
    ensure_theme(&env, "light", "framed by a disallowed origin that asked for dark").await?;
    env.client.enter_parent_frame().await.map_err(|e| e.to_string())?;

    // The allowed parent's choice is taken, and is not stored as the admin's own.
    env.client.goto(&format!("{}/", allowed.url)).await.map_err(|e| e.to_string())?;
    env.wait_css("#app").await?;
    env.client.enter_frame(0).await.map_err(|e| e.to_string())?;
    env.wait_css("#page-sign-in").await?;
    ensure_theme(&env, "dark", "framed by the allowed LISA UI that asked for dark").await?;
    ensure!(stored(&env).await? == Value::Null, "the parent's theme was stored as the admin's choice");
    env.assert_no_panic().await
}

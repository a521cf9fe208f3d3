//! Where the app navigates on input anyone can craft (issue 15, items 1 and 2): the sign-in
//! page's `?return=` (a link sent to an admin), both when the admin pastes a token and when they
//! are already signed in, for a build under `/admin/` and one at the root; and links to models
//! whose ids a browser would not keep as a path segment (`.`, `..`, `new`). Each must end on a
//! page of the app (same origin, under the base), the page it names, without a panic.

use lisa_e2e::hostile::{Probe, PROBE};
use lisa_e2e::mock::ADMIN_TOKEN;
use lisa_e2e::{Context, Env, EnvOptions, TestResult};
use serde_json::json;

use super::Sweep;

/// (what, the raw value after `return=` in the address, the app path it must end on).
const RETURN_PATHS: [(&str, &str, &str); 14] = [
    ("tab", "%2F%09%2Fx", "/models"),
    ("line feed", "%2F%0A%2Fx", "/models"),
    ("carriage return", "%2F%0D%2Fx", "/models"),
    ("tab, slash unencoded", "/%09/x", "/models"),
    ("dot-dot then //", "%2F..%2F%2Fx", "/models"),
    ("encoded dot-dot", "%2F%252e%252e%2F%2Fx", "/models"),
    ("half-encoded dot-dot", "%2F.%252E%2F%2Fx", "/models"),
    ("encoded tab", "%2F%2509%2Fx", "/models"),
    ("backslash", "%2F%5C%2Fx", "/models"),
    ("protocol-relative", "%2F%2Fx", "/models"),
    ("absolute", "https%3A%2F%2Fx", "/models"),
    ("javascript", "javascript%3Atop.__xss%3D1", "/models"),
    ("space", "%2F%20%2Fx", "/models"),
    // The control case: a real return path is followed.
    ("an app path", "%2Fmetrics%3Fx%3D1", "/metrics"),
];

/// The origin of an `http://host:port/...` URL.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..].find('/').map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

/// Where the sign-in page sent the admin on.
enum Landing {
    /// A rendered page of the app, at this app path.
    App(String),
    /// Another origin, or a path outside the base: this URL.
    Away(String),
    /// Still on the sign-in page (e.g. after a panic).
    Stuck,
}

async fn landing(env: &Env) -> Result<Landing, String> {
    let sign_in = format!("{}{}/sign-in", env.site.url, env.prefix);
    let left = env
        .until("the sign-in page to send the admin on", || async {
            let url = env.client.current_url().await.ok()?.to_string();
            (!url.starts_with(&sign_in)).then_some(url)
        })
        .await;
    let Ok(url) = left else { return Ok(Landing::Stuck) };
    let path = url.strip_prefix(origin_of(&url)).unwrap_or_default().to_string();
    if origin_of(&url) != env.site.url || !path.starts_with(&format!("{}/", env.prefix)) {
        return Ok(Landing::Away(url));
    }
    env.wait_css("main [id^=page-]").await?;
    Ok(Landing::App(path.strip_prefix(&env.prefix).unwrap_or_default().to_string()))
}

pub async fn return_paths(sweep: &mut Sweep<'_>) -> TestResult {
    for at_root in [false, true] {
        let env = Env::start(EnvOptions { at_root, ..Default::default() }).await?;
        let base = if at_root { "/" } else { "/admin/" };
        for (name, raw, want) in RETURN_PATHS {
            for signed_in in [false, true] {
                let what = format!("PUBLIC_URL={base}, {}, ?return={raw} ({name})", if signed_in { "already signed in" } else { "token pasted" });
                env.goto("/sign-in").await?;
                env.wait_css("#page-sign-in").await?;
                env.js("sessionStorage.clear(); return 0;").await?;
                if signed_in {
                    env.js(&format!("sessionStorage.setItem('lisa-admin.token', {}); return 0;", json!(ADMIN_TOKEN))).await?;
                }
                env.client.goto(&env.app_url(&format!("/sign-in?return={raw}"))).await.context(&what)?;
                if !signed_in {
                    env.fill("#token", ADMIN_TOKEN).await?;
                    env.click("#sign-in-submit").await?;
                }
                let landed = landing(&env).await.map_err(|e| format!("{what}: {e}"))?;
                let panicked = env.panicked().await;
                let (left, wrong) = match landed {
                    Landing::Away(url) => (Some(url), None),
                    Landing::Stuck => (None, Some("stayed on the sign-in page".to_string())),
                    Landing::App(path) => {
                        let canary = Probe::from_value(&env.js(PROBE).await?).canary;
                        let page = path.split('?').next().unwrap_or_default();
                        let wrong = (page != want || canary.is_some()).then(|| format!("ended on {path}, not {want} (canary {canary:?})"));
                        (None, wrong)
                    }
                };
                sweep.redirect(what, left, wrong, panicked);
            }
        }
    }
    Ok(())
}

/// Models whose ids are dot segments, the create form's path, empty, or made of slashes.
const ODD_IDS: [&str; 6] = [".", "..", "new", "", "//", "%2F.."];

/// The model `id`'s catalogue row link `css` (the id or the Edit action), clicked for real.
async fn click_row_link(env: &Env, id: &str, css: &str) -> TestResult {
    let script = format!(
        "const row = [...document.querySelectorAll('#catalogue-table tbody tr')].find(r => r.dataset.modelId === {});
         const a = row && row.querySelector({});
         if (!a) return false;
         a.setAttribute('data-e2e-go', '');
         return true;",
        json!(id),
        json!(css)
    );
    env.until(&format!("the catalogue link {css} of {id:?}"), || async { (env.js(&script).await.ok()? == json!(true)).then_some(()) })
        .await?;
    // The empty id's link has no text, so no size for a pointer to click: the DOM's own click.
    match env.click("[data-e2e-go]").await {
        Err(e) if e.contains("not interactable") => env.js("document.querySelector('[data-e2e-go]').click(); return 0;").await.map(|_| ()),
        other => other,
    }
}

pub async fn links_to_odd_ids(sweep: &mut Sweep<'_>) -> TestResult {
    for at_root in [false, true] {
        let env = Env::start(EnvOptions { at_root, mock_args: vec!["--empty", "--workflows", "manual"], ..Default::default() }).await?;
        let models: Vec<_> = ODD_IDS.iter().map(|id| lisa_e2e::hostile::content_model(id, "odd id")).collect();
        env.mock.post("/__mock/put", json!({ "models": models })).await?;
        let base = if at_root { "/" } else { "/admin/" };
        for id in ODD_IDS {
            for (link, page) in [("a.model-id", "#page-model-detail"), ("a.action-edit", "#page-model-edit")] {
                let what = format!("PUBLIC_URL={base}, the {link} link of model {id:?}");
                env.signed_in_at("/models").await?;
                click_row_link(&env, id, link).await.map_err(|e| format!("{what}: {e}"))?;
                // Wait for the page the link opened, whichever it is.
                env.until(&format!("{what}: a page"), || async {
                    let url = env.client.current_url().await.ok()?.to_string();
                    let moved = !url.ends_with("/models");
                    (moved && env.count("main [id^=page-]").await.ok()? > 0 && env.count("main #page-models").await.ok()? == 0).then_some(())
                })
                .await
                .ok();
                let url = env.client.current_url().await.context("current url")?.to_string();
                let path = url.strip_prefix(origin_of(&url)).unwrap_or_default().to_string();
                let left = (origin_of(&url) != env.site.url || !path.starts_with(&format!("{}/", env.prefix))).then(|| url.clone());
                let opened = env.js("return [...document.querySelectorAll('main [id^=page-]')].map(e => e.id).join(' ');").await?;
                let opened = opened.as_str().unwrap_or_default().to_string();
                let wrong = (left.is_none() && opened != page.trim_start_matches('#')).then(|| format!("opened {path} ({opened})"));
                sweep.redirect(what, left, wrong, env.panicked().await);
            }
        }
    }
    Ok(())
}

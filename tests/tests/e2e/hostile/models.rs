//! The hostile models on the catalogue (table and search), the detail page (every group, the
//! environment values revealed), the edit form and the copy form.

use std::time::Duration;

use lisa_e2e::hostile::{content_model, id_model, metrics_user, normalise, Payload, MODEL_FIELDS};
use lisa_e2e::{Context, Env, TestResult};
use lisa_console::url::encode_component;
use serde_json::{json, Value};

use super::{type_into, Expect, Sweep};

/// Keeps the text of every CSV the page offers for download in `window.__blobs`.
pub const CAPTURE_BLOBS: &str = r#"
window.__blobs = [];
const originalCreate = URL.createObjectURL.bind(URL);
URL.createObjectURL = function (blob) { blob.text().then(t => window.__blobs.push(t)); return originalCreate(blob); };
"#;

/// The benign records every page is first loaded with, for its clean script count.
pub const CLEAN_MODEL: &str = "clean-model";
pub const CLEAN_USER: &str = "clean-user";

pub fn content_id(i: usize) -> String {
    format!("hostile-{i:02}")
}

/// Whether LISA could ever answer for this id on its own route: Starlette decodes `%2F` before
/// routing, and the input middleware refuses NUL bytes.
pub fn routable(id: &str) -> bool {
    !id.contains('/') && !id.contains('\0')
}

pub async fn put_clean(env: &Env) -> TestResult {
    let body = json!({"models": [content_model(CLEAN_MODEL, "benign text")],
        "metricsUsers": {CLEAN_USER: metrics_user(&["benign-tool"])}});
    env.mock.post("/__mock/put", body).await.map(|_| ())
}

/// Every payload as a model's content (`hostile-NN`), as a model's id, and as a metrics user
/// (plus one user who has them all as sessions, tools and groups).
pub async fn put_hostile(env: &Env, payloads: &[Payload]) -> TestResult {
    let mut models: Vec<Value> = Vec::new();
    let mut users = serde_json::Map::new();
    for (i, p) in payloads.iter().enumerate() {
        models.push(content_model(&content_id(i), &p.text));
        models.push(id_model(&p.text));
        users.insert(p.text.clone(), metrics_user(&[p.text.as_str()]));
    }
    let all: Vec<&str> = payloads.iter().map(|p| p.text.as_str()).collect();
    users.insert(super::metrics::EVERYTHING_USER.to_string(), metrics_user(&all));
    env.mock.post("/__mock/put", json!({"models": models, "metricsUsers": users})).await.map(|_| ())
}

/// Clean loads of every page first (their script counts), then the hostile data.
pub async fn put_all(sweep: &mut Sweep<'_>, payloads: &[Payload]) -> TestResult {
    let env = sweep.env;
    put_clean(env).await?;
    for (path, ready) in [
        ("/models".to_string(), "#catalogue-table tbody tr".to_string()),
        (format!("/models/{CLEAN_MODEL}"), "#page-model-detail .detail-groups dl".to_string()),
        (format!("/models/{CLEAN_MODEL}/edit"), "#page-model-edit #f-modelDescription".to_string()),
        (format!("/models/new?copy={CLEAN_MODEL}"), "#form-notice".to_string()),
        ("/metrics".to_string(), "#tools-table tbody tr".to_string()),
        (format!("/metrics/users/{CLEAN_USER}"), "#sessions-table tbody tr".to_string()),
    ] {
        env.signed_in_at(&path).await?;
        env.wait_css(&ready).await?;
        sweep.baseline(&path).await?;
    }
    put_hostile(env, payloads).await
}

/// Mark the link of `id`'s row (`link` inside the row) so that WebDriver can click it.
async fn mark_row_link(env: &Env, id: &str, link: &str) -> Result<bool, String> {
    let script = format!(
        "document.querySelectorAll('[data-e2e-go]').forEach(e => e.removeAttribute('data-e2e-go'));
         const row = [...document.querySelectorAll('#catalogue-table tbody tr')].find(r => r.dataset.modelId === {});
         const a = row && row.querySelector({});
         if (!a) return false;
         a.setAttribute('data-e2e-go', '');
         return true;",
        json!(id),
        json!(link)
    );
    Ok(env.js(&script).await? == json!(true))
}

async fn wait_row(env: &Env, id: &str) -> TestResult {
    let waited = env
        .until(&format!("the catalogue row of {:?}", id.chars().take(40).collect::<String>()), || async {
            mark_row_link(env, id, "a.model-id").await.ok()?.then_some(())
        })
        .await;
    if let Err(e) = waited {
        let rows = env
            .js("return [document.querySelector('#catalogue-search')?.value.slice(0, 40), location.search.slice(0, 60), document.querySelector('#catalogue-count')?.textContent, [...document.querySelectorAll('#catalogue-table tbody tr')].map(r => (r.dataset.modelId || '').slice(0, 30))];")
            .await
            .unwrap_or_default();
        return Err(format!("{e}; the table shows {rows}"));
    }
    Ok(())
}

/// Search the catalogue for `text`, and wait for the search to reach the address (so that Back
/// returns to it). Typed while the page is still mounting, the search is replaced by the one in
/// the address, so it is typed again then.
async fn search(env: &Env, text: &str) -> TestResult {
    let want = normalise(text.trim());
    for _ in 0..5 {
        type_into(env, "#catalogue-search", text).await?;
        let arrived = env
            .until_for("the search in the address", Duration::from_secs(2), || async {
                let q = env.js("return new URLSearchParams(location.search).get('q');").await.ok()?;
                (normalise(q.as_str()?.trim()) == want).then_some(())
            })
            .await;
        if arrived.is_ok() {
            return Ok(());
        }
    }
    Err(format!("the search for {:?} never reached the address", text.chars().take(40).collect::<String>()))
}

/// From the catalogue (filtered to show `id`), a real click on the model's link; the detail.
async fn open_detail(sweep: &mut Sweep<'_>, id: &str, name: &str, expect: Expect<'_>) -> TestResult {
    let env = sweep.env;
    // The table may redraw its rows (a refresh) between finding the link and clicking it.
    let mut clicked = Err(String::new());
    for _ in 0..5 {
        wait_row(env, id).await?;
        clicked = env.click("[data-e2e-go]").await;
        if clicked.as_ref().is_ok() || !clicked.as_ref().is_err_and(|e| e.contains("stale")) {
            break;
        }
    }
    clicked?;
    env.wait_css("#page-model-detail #model-id, #page-model-detail #model-not-found, #page-model-detail #detail-error").await?;
    if matches!(expect, Expect::Text(_)) {
        // A page showing something else is counted by the check below, not fatal here.
        let _ = super::wait_shown(env, "#page-model-detail #model-id", id).await;
    }
    sweep.check("model detail", &format!("{name} ({id:.40})"), expect).await?;
    Ok(())
}

pub async fn catalogue_and_detail(sweep: &mut Sweep<'_>, payloads: &[Payload]) -> TestResult {
    let env = sweep.env;
    sweep.fields(&["modelId", "status", "modelType", "hostingType"]);
    sweep.fields(&MODEL_FIELDS);
    env.goto("/models").await?;
    env.wait_css("#catalogue-table tbody tr").await?;
    sweep.check("catalogue", "the whole table", Expect::Nothing).await?;
    // Every sort order and a filter over the hostile rows.
    let sorts = env.js("const b = [...document.querySelectorAll('#catalogue-table th button')]; b.forEach(x => x.click()); return b.length;").await?;
    lisa_e2e::ensure!(sorts.as_u64().unwrap_or(0) >= 5, "only {sorts} sort buttons");
    sweep.check("catalogue", "sorted by each column", Expect::Nothing).await?;
    let script = "const s = document.querySelector('#filter-status'); s.value = 'InService'; s.dispatchEvent(new Event('change', {bubbles: true})); return 0;";
    env.js(script).await?;
    env.wait_text("#catalogue-count", "Showing").await?;
    sweep.check("catalogue", "filtered to in service", Expect::Text(&payloads[0].text)).await?;
    env.click("#clear-filters").await?;
    for (i, p) in payloads.iter().enumerate() {
        let hostile = content_id(i);
        search(env, &p.text).await?;
        wait_row(env, &hostile).await?;
        wait_row(env, &p.text).await?;
        sweep.check("catalogue", &format!("search for {}", p.name), Expect::Text(&p.text)).await?;

        // The model whose every field is hostile, its environment values revealed too.
        open_detail(sweep, &hostile, p.name, Expect::Text(&p.text)).await?;
        let reveal = env.client.find_all(fantoccini::Locator::Css(".env-reveal")).await.context("reveal buttons")?;
        for button in reveal {
            button.click().await.context("reveal an environment value")?;
        }
        env.until("the revealed environment value", || async {
            let v = env.js("return [...document.querySelectorAll('.env-value')].map(e => e.textContent);").await.ok()?;
            v.as_array()?.iter().any(|t| t.as_str().is_some_and(|t| !t.starts_with('•'))).then_some(())
        })
        .await?;
        sweep.check("model detail", &format!("{} revealed environment", p.name), Expect::Text(&p.text)).await?;
        env.client.back().await.context("back to the catalogue")?;

        // The model whose id is hostile: LISA cannot answer for some ids on their own route.
        let expect = if routable(&p.text) { Expect::Text(&p.text) } else { Expect::Nothing };
        open_detail(sweep, &p.text, p.name, expect).await?;
        env.client.back().await.context("back to the catalogue")?;
    }
    Ok(())
}

/// The edit form of each content model and the create form copied from it: every value is
/// prefilled as it was stored, and none of it is markup.
pub async fn forms(sweep: &mut Sweep<'_>, payloads: &[Payload]) -> TestResult {
    let env = sweep.env;
    for (i, p) in payloads.iter().enumerate() {
        let hostile = content_id(i);
        env.goto(&format!("/models/{hostile}/edit")).await?;
        env.wait_css("#page-model-edit #f-modelDescription").await?;
        sweep.check("edit form", p.name, Expect::Value(&p.text)).await?;
        env.goto(&format!("/models/new?copy={hostile}")).await?;
        env.wait_text("#form-notice", "Copied from").await?;
        sweep.check("copy form", p.name, Expect::Value(&p.text)).await?;
        if routable(&p.text) {
            env.goto(&format!("/models/{}/edit", encode_component(&p.text))).await?;
            env.wait_css("#page-model-edit h1").await?;
            // A page showing another id is counted by the check, not fatal here.
            let _ = super::wait_shown(env, "#page-model-edit h1", &p.text).await;
            sweep.check("edit form", &format!("{} as the id", p.name), Expect::Text(&p.text)).await?;
        }
    }
    Ok(())
}

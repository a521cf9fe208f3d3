//! axe-core on the try and compare pages in the states an admin sees: an answer with its
//! figures and request open, an error with its causes, embeddings, an image, a model that
//! cannot be tried, and a comparison with its chart. Screenshots of each go to
//! `target/screenshots/try-*.png` (desktop and phone width) to look at.

use lisa_e2e::{a11y, ensure, Env, TestResult};
use serde_json::json;

use super::{serve_settings, wait_state, CHAT};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![try_and_compare_pages_pass_axe]
}

async fn shot(env: &Env, name: &str) -> TestResult {
    let dir = lisa_e2e::paths::workspace().join("target/screenshots");
    let _ = std::fs::create_dir_all(&dir);
    for (width, label) in [(1440, "desktop"), (390, "phone")] {
        // The whole page: the window as tall as the document (capped).
        env.client.set_window_size(width, 1000).await.map_err(|e| e.to_string())?;
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let height = env.js("return document.documentElement.scrollHeight;").await?.as_u64().unwrap_or(1000);
        env.client.set_window_size(width, (height as u32 + 100).min(5000)).await.map_err(|e| e.to_string())?;
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let png = env.client.screenshot().await.map_err(|e| e.to_string())?;
        let _ = std::fs::write(dir.join(format!("try-{name}-{label}.png")), png);
    }
    env.client.set_window_size(1440, 1000).await.map_err(|e| e.to_string())
}

async fn try_and_compare_pages_pass_axe() -> TestResult {
    let env = Env::default().await?;
    serve_settings(&env, json!({"ttftMs": 20, "tokenMs": 3, "answerTokens": 60, "serialize": false})).await?;
    let mut checked = 0;
    let mut problems = Vec::new();
    let mut check = |found: Vec<String>, name: &str| {
        checked += 1;
        problems.extend(found.into_iter().map(|v| format!("{name}: {v}")));
    };

    super::open_try(&env, "deepseek-r1-reasoning").await?;
    super::send(&env, "Explain tides").await?;
    wait_state(&env, "try", "Completed").await?;
    env.click("#try-result .request-details summary").await?;
    check(a11y::serious_violations(&env, None).await?, "try page with an answer");
    shot(&env, "answer").await?;

    env.mock.inject(json!({"method": "POST", "path": CHAT, "fault": "error", "status": 500})).await?;
    env.click("#try-streaming").await?;
    super::click_and_wait(&env, "#try-send", "try", "Failed").await?;
    check(a11y::serious_violations(&env, None).await?, "try page with an error");
    shot(&env, "error").await?;

    env.goto("/models/titan-embed-text-v2/try").await?;
    env.fill("#try-prompt", "alpha").await?;
    env.fill("#try-second", "beta").await?;
    env.click("#try-send").await?;
    env.wait_css("#embed-cosine").await?;
    check(a11y::serious_violations(&env, None).await?, "embeddings");
    shot(&env, "embeddings").await?;

    env.goto("/models/titan-image-generator-v2/try").await?;
    env.fill("#try-prompt", "a red square").await?;
    env.click("#try-send").await?;
    env.wait_css("#try-image").await?;
    check(a11y::serious_violations(&env, None).await?, "image");

    env.goto("/models/nova-reel/try").await?;
    env.wait_css("#try-unavailable").await?;
    check(a11y::serious_violations(&env, None).await?, "a model that cannot be tried");
    shot(&env, "unavailable").await?;

    env.goto("/compare?models=titan-express-v1,claude-3-5-haiku,llama-3-1-8b-instruct,sagemaker-amazon-mistrallite").await?;
    env.wait_css("#compare-send").await?;
    env.fill("#compare-prompt", "Name a colour").await?;
    env.click("#compare-send").await?;
    for i in 0..4 {
        wait_state(&env, &format!("pane-{i}"), "Completed").await?;
    }
    env.wait_css("#compare-chart:not([hidden]) #chart-ttft g.bar").await?;
    check(a11y::serious_violations(&env, None).await?, "compare with answers and chart");
    shot(&env, "compare").await?;

    // The entry points, to look at: Try in the catalogue's action bar and on the detail page.
    env.goto("/models").await?;
    env.wait_css("tr.model-row .action-try").await?;
    shot(&env, "catalogue").await?;
    env.goto("/models/titan-express-v1").await?;
    env.wait_css("#page-model-detail .action-try").await?;
    shot(&env, "detail").await?;

    println!("try axe: {checked} try and compare states, {} serious or critical violations", problems.len());
    ensure!(problems.is_empty(), "axe:\n{}", problems.join("\n"));
    env.assert_no_panic().await
}

//! The ways to a try page: the catalogue's "Try" (disabled with its reason when the model is
//! not in service), the detail page's, and the toast's "Try it" when polling sees a model turn
//! InService.

use lisa_e2e::{ensure, Env, TestResult};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![try_from_the_catalogue_and_the_detail_page, a_model_turning_in_service_offers_try_it]
}

fn row(id: &str) -> String {
    format!("tr.model-row[data-model-id='{id}']")
}

async fn try_from_the_catalogue_and_the_detail_page() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models").await?;
    env.wait_css("tr.model-row").await?;
    // Not in service: disabled, and it says why.
    let stopped = format!("{} .action-try", row("bge-large-en"));
    ensure!(env.attr(&stopped, "aria-disabled").await?.as_deref() == Some("true"), "Try is enabled for a stopped model");
    let reason_id = env.attr(&stopped, "aria-describedby").await?.unwrap_or_default();
    let reason = env.js(&format!("return document.getElementById('{reason_id}').textContent;")).await?;
    ensure!(reason == "Only a model in service can be tried; this one is stopped.", "reason: {reason}");
    let video = env.js(&format!("return document.getElementById(document.querySelector(\"{} .action-try\").getAttribute('aria-describedby')).textContent;", row("nova-reel"))).await?;
    ensure!(video.as_str().unwrap_or("").contains("asynchronous job"), "video reason: {video}");

    env.click(&format!("{} .action-try", row("titan-express-v1"))).await?;
    env.wait_css("#page-try #try-form").await?;
    ensure!(env.path().await? == "/admin/models/titan-express-v1/try", "path {}", env.path().await?);
    ensure!(env.text("h1").await? == "Try titan-express-v1", "heading");
    let notice = env.text("#try-notices").await?;
    ensure!(
        notice.contains("Test prompts count toward your user's and this model's token usage metrics. With an API token they also count as prompts and sessions.")
            && notice.contains("does not enforce a model's allowed groups"),
        "notices: {notice}"
    );

    env.goto("/models/titan-embed-text-v2").await?;
    env.wait_css("#page-model-detail .action-try").await?;
    env.click("#page-model-detail .action-try").await?;
    env.wait_css("#page-try #try-second").await?;
    ensure!(env.path().await? == "/admin/models/titan-embed-text-v2/try", "path from the detail page");
    env.assert_no_panic().await
}

async fn a_model_turning_in_service_offers_try_it() -> TestResult {
    let env = Env::default().await?;
    env.signed_in_at("/models/bge-large-en").await?;
    env.wait_css("#page-model-detail .action-start").await?;
    env.click("#page-model-detail .action-start").await?;
    env.wait_text("#toasts", "Starting bge-large-en").await?;
    let link = env
        .until_for("the in-service toast", std::time::Duration::from_secs(20), || async {
            let text = env.text("#toasts").await.ok()?;
            text.contains("bge-large-en is in service.").then_some(())
        })
        .await;
    link?;
    let href = env.attr("#toasts .toast-link", "href").await?.unwrap_or_default();
    ensure!(href == "/admin/models/bge-large-en/try", "Try it links to {href:?}");
    ensure!(env.text("#toasts .toast-link").await? == "Try it", "link text");
    env.click("#toasts .toast-link").await?;
    env.wait_css("#page-try #try-form").await?;
    ensure!(env.path().await? == "/admin/models/bge-large-en/try", "path after Try it");
    env.assert_no_panic().await
}

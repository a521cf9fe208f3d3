//! Embeddings (vector length, cosine of identical texts is 1), one image, and the models that
//! cannot be tried saying why (video generation, stopped, not yet in LISA Serve's list).

use lisa_e2e::{ensure, Env, TestResult};
use serde_json::json;

use super::{chat_calls, open_try, serve_settings};

pub fn cases() -> Vec<crate::Case> {
    crate::cases![embeddings_show_the_vector_and_identical_texts_have_cosine_1, images_and_models_that_cannot_be_tried]
}

async fn embeddings_show_the_vector_and_identical_texts_have_cosine_1() -> TestResult {
    let env = Env::default().await?;
    open_try(&env, "titan-embed-text-v2").await?;
    env.fill("#try-prompt", "The quick brown fox").await?;
    env.fill("#try-second", "The quick brown fox").await?;
    env.click("#try-send").await?;
    env.wait_css("#embed-results").await?;
    ensure!(env.text("#embed-length-1").await? == "384", "vector length");
    ensure!(env.text("#embed-length-2").await? == "384", "second vector length");
    ensure!(env.text("#embed-norm-1").await? == "1", "norm of a unit vector: {}", env.text("#embed-norm-1").await?);
    let first = env.text("#embed-first-1").await?;
    ensure!(first.split(", ").count() == 8, "first values: {first:?}");
    let cosine = env.text("#embed-cosine").await?;
    ensure!(cosine == "1", "cosine similarity of identical texts: {cosine:?}");
    // Different texts: a different vector, a cosine below 1.
    env.fill("#try-second", "Quarterly revenue of a bakery").await?;
    env.click("#try-send").await?;
    env.until("a new cosine", || async {
        let c = env.text("#embed-cosine").await.ok()?;
        (c != "1").then_some(c)
    })
    .await?;
    let body = env.js("return document.querySelector('#try-request').textContent;").await?;
    let body: serde_json::Value = serde_json::from_str(body.as_str().unwrap_or_default()).map_err(|e| e.to_string())?;
    ensure!(body["encoding_format"] == "float" && body["input"].as_array().map_or(0, |i| i.len()) == 2, "request: {body}");
    println!("embeddings: length 384, norm 1, cosine of identical texts {cosine}");
    env.assert_no_panic().await
}

async fn images_and_models_that_cannot_be_tried() -> TestResult {
    let env = Env::default().await?;
    serve_settings(&env, json!({"serialize": false})).await?;
    open_try(&env, "titan-image-generator-v2").await?;
    env.fill("#try-prompt", "A lighthouse in a storm").await?;
    env.click("#try-send").await?;
    let src = env.attr("#try-image", "src").await?.unwrap_or_default();
    ensure!(src.starts_with("data:image/png;base64,iVBOR"), "image source: {src:.60}");
    let loaded = env
        .until("the image to decode", || async {
            let v = env.js("const i = document.querySelector('#try-image'); return i.complete && i.naturalWidth;").await.ok()?;
            (v.as_u64().unwrap_or(0) > 0).then_some(v)
        })
        .await?;
    ensure!(loaded == 8, "the mock's image is 8 px wide, got {loaded}");

    env.mock.clear_requests().await?;
    for (id, says) in [
        ("nova-reel", "asynchronous job"),
        ("bge-large-en", "bge-large-en is stopped: LISA Serve lists a model only while it is in service"),
        ("nova-canvas", "nova-canvas is failed: LISA Serve lists a model only while it is in service"),
        ("no-such-model", "LISA has no model"),
    ] {
        env.goto(&format!("/models/{id}/try")).await?;
        let text = env.wait_text("#try-unavailable", says).await.map_err(|e| format!("{id}: {e}"))?;
        ensure!(env.count("#try-send").await? == 0, "{id}: a Send button for a doomed request: {text}");
    }
    let doomed = env.mock.requests().await?.into_iter().filter(|r| r["path"].as_str().unwrap_or("").starts_with("/v2/serve/") && r["method"] == "POST").count();
    ensure!(doomed == 0 && chat_calls(&env).await?.is_empty(), "{doomed} serve calls were sent for models that cannot answer");
    env.assert_no_panic().await
}

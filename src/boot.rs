//! Load the runtime configuration, then mount the app or the configuration error screen.

use leptos::prelude::*;
use lisa_console::app_config::{self, AppConfig, ConfigError};
use lisa_console::sections::Section;

use crate::app::App;
use crate::routes;

/// Why the app could not start: where it looked, and what was wrong.
#[derive(Clone, Debug)]
pub struct ConfigProblem {
    pub url: String,
    pub errors: Vec<ConfigError>,
}

pub fn start<R: IntoView + 'static>(section: Section, routes: fn() -> R) {
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = load_config().await;
        remove_boot_placeholder();
        match loaded {
            Ok(config) => leptos::mount::mount_to_body(move || view! { <App config section routes /> }),
            Err(problem) => leptos::mount::mount_to_body(move || view! { <ConfigErrorScreen problem /> }),
        }
    });
}

async fn load_config() -> Result<AppConfig, ConfigProblem> {
    let url = routes::href("/config.json");
    let problem = |problem: String| ConfigProblem {
        url: url.clone(),
        errors: vec![ConfigError { key: String::new(), problem }],
    };
    // `no-cache`: a deployment that changes config.json must take effect on the next load.
    let response = gloo_net::http::Request::get(&url)
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|_| problem("config.json could not be fetched (network error).".to_string()))?;
    match response.status() {
        200..=299 => {}
        404 => return Err(problem("config.json is missing: the deployment must put it next to index.html.".to_string())),
        other => return Err(problem(format!("config.json could not be loaded: the server answered HTTP {other}."))),
    }
    let text = response
        .text()
        .await
        .map_err(|_| problem("config.json could not be read.".to_string()))?;
    let page_origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let config = app_config::parse_for_page(&text, &page_origin).map_err(|errors| ConfigProblem { url: url.clone(), errors })?;
    for warning in &config.warnings {
        web_sys::console::warn_1(&format!("LISA Admin: {url}: {warning}").into());
    }
    Ok(config)
}

fn remove_boot_placeholder() {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot-status")) {
        el.remove();
    }
}

#[component]
fn ConfigErrorScreen(problem: ConfigProblem) -> impl IntoView {
    let ConfigProblem { url, errors } = problem;
    view! {
        <main class="config-error" id="config-error">
            <h1>"LISA Admin cannot start: its configuration is wrong"</h1>
            <p>"Fix " <code>{url}</code> " and reload:"</p>
            <ul>
                {errors
                    .into_iter()
                    .map(|e| {
                        let key = (!e.key.is_empty()).then(|| view! { <code class="config-key">{e.key.clone()}</code> " " });
                        view! { <li>{key} {e.problem}</li> }
                    })
                    .collect_view()}
            </ul>
            <p class="hint">
                "config.json needs at least " <code>"apiBaseUrl"</code>
                " (LISA's API Gateway URL). See the README's Deploy section."
            </p>
        </main>
    }
}

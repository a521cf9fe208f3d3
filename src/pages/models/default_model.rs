//! `/models/:id/default` (and `?clear`): make a model the deployment's default model, or clear
//! the default, through lisa-config.md §8's safe procedure (decisions in
//! `lisa_console::default_model`). The detail page shows whether a model is the default and
//! links here. This page is served by the deployment bundle, not the model bundle: the
//! configuration rows' decoder and the procedure cost the model bundle 16 KB brotli, which
//! took it over the first-load budget.
//!
//! Opening the page reads the latest configuration row (steps 1–3) and shows the exact body as
//! the review; Send re-reads, refuses if anyone saved meanwhile, writes once and reads back
//! (steps 4–6). Nothing is sent without Send.

use leptos::prelude::*;
use lisa_api::config::{ConfigRow, GLOBAL_SCOPE};
use lisa_console::auth::AdminStatus;
use lisa_console::default_model::{body_for, confirm_written, eligible, latest, unchanged_since, version_text};

use crate::api::{use_api, ApiClient};
use crate::components::page::{ModelsCrumb, PageHeading};
use crate::components::toast::use_toasts;
use crate::routes;
use crate::session::use_session;

/// What the page is about to send: the row it was built from and the exact body.
#[derive(Clone)]
struct Pending {
    before: ConfigRow,
    body: serde_json::Value,
}

fn read_failed(e: &lisa_api::ApiError) -> String {
    format!("Could not read LISA's configuration: {} Nothing was written.", e.message)
}

fn quoted(id: Option<&str>) -> String {
    id.map_or("(none)".to_string(), |d| format!("\u{201c}{d}\u{201d}"))
}

/// Steps 1–3: the model may be the default (unless clearing), read the latest row (refusing
/// `[]`), build the body that changes only `global.defaultModel`.
async fn prepare(api: &ApiClient, id: &str, clear: bool, who: &str) -> Result<Pending, String> {
    if !clear {
        let model = api.get_model_summary(id).await.map_err(|e| format!("Could not read the model {id}: {}", e.message))?;
        eligible(&model.model_type, &model.status)?;
    }
    let rows = api.get_configuration(GLOBAL_SCOPE).await.map_err(|e| read_failed(&e))?;
    let before = latest(&rows)?;
    Ok(Pending { body: body_for(before, (!clear).then_some(id), who), before: before.clone() })
}

/// Steps 4–6 of the procedure: re-read, refuse if anyone saved, write once, read back.
async fn write(api: &ApiClient, p: &Pending) -> Result<String, String> {
    let reread = api.get_configuration(GLOBAL_SCOPE).await.map_err(|e| read_failed(&e))?;
    unchanged_since(&p.before, &reread)?;
    api.put_configuration(GLOBAL_SCOPE, &p.body).await.map_err(|e| {
        let note = e.change_note().map(|n| format!(" {n}")).unwrap_or_default();
        format!("LISA did not save the configuration: {}{note}", e.message)
    })?;
    let after = api.get_configuration(GLOBAL_SCOPE).await.map_err(|e| {
        format!("LISA accepted the change, but reading it back failed ({}): check the configuration.", e.message)
    })?;
    confirm_written(&p.body, &after)?;
    let version = p.body.get("versionId").and_then(|v| v.as_f64()).map(version_text).unwrap_or_default();
    Ok(format!("Saved as configuration version {version}; every other setting is as it was."))
}

#[component]
pub fn DefaultModelPage() -> impl IntoView {
    let location = web_sys::window().map(|w| w.location());
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
    let clear = location.and_then(|l| l.search().ok()).is_some_and(|s| lisa_console::url::query_value(&s, "clear").is_some());
    match routes::id_in_path(&path, "/models/", "/default") {
        Some(id) => view! { <DefaultModel id clear /> }.into_any(),
        None => view! { <crate::pages::not_found::NotFound /> }.into_any(),
    }
}

#[component]
fn DefaultModel(id: String, clear: bool) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let toasts = use_toasts();
    let pending = RwSignal::new(None::<Pending>);
    let result = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(true);
    let admin = session.admin_status();
    {
        let (api, id) = (api.clone(), id.clone());
        let who = session.username().get_untracked().unwrap_or_else(|| "Admin".to_string());
        let not_admin = match admin.get_untracked() {
            AdminStatus::NotAdmin { admin_group } => Some(format!(
                "Your account is not in LISA's admin group ({admin_group}); only administrators can change the default model."
            )),
            _ => None,
        };
        leptos::task::spawn_local_scoped(async move {
            let prepared = match not_admin {
                Some(reason) => Err(reason),
                None => prepare(&api, &id, clear, &who).await,
            };
            busy.try_set(false);
            match prepared {
                Ok(p) => {
                    pending.try_set(Some(p));
                }
                Err(refusal) => {
                    result.try_set(Some(Err(refusal)));
                }
            }
        });
    }
    let send = {
        let api = api.clone();
        move |_| {
            let Some(p) = pending.get_untracked() else { return };
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let api = api.clone();
            leptos::task::spawn_local_scoped(async move {
                let outcome = write(&api, &p).await;
                busy.try_set(false);
                if outcome.is_ok() {
                    toasts.success(if clear { "The default model is cleared." } else { "The default model is set." });
                }
                pending.try_set(None);
                result.try_set(Some(outcome));
            });
        }
    };
    let title = if clear { "Clear the default model" } else { "Set as the default model" };
    let back = routes::model(&id);
    let back_after = back.clone();
    let review = move || {
        pending.get().map(|p| {
            let text = serde_json::to_string_pretty(&p.body).unwrap_or_default();
            let version = p.body.get("versionId").map(|v| v.to_string()).unwrap_or_default();
            let change = format!(
                " {} → {}",
                quoted(p.before.default_model()),
                quoted(p.body.pointer("/configuration/global/defaultModel").and_then(|v| v.as_str())),
            );
            let send = send.clone();
            let back = back.clone();
            view! {
                <section class="card review-card" id="default-review" aria-labelledby="default-review-title">
                    <h2 id="default-review-title">"What will be sent"</h2>
                    <p>
                        "LISA stores this body as configuration version " {version} ". Only "
                        <code>"global.defaultModel"</code>
                        " differs from the current version; just before sending, the configuration is read again and nothing is sent if anyone saved meanwhile."
                    </p>
                    <p id="default-review-change">
                        <strong>"Change: "</strong>
                        <code>"global.defaultModel"</code>
                        {change}
                    </p>
                    <p class="request-line"><code>"PUT /configuration/global"</code></p>
                    <pre class="review-json" id="default-review-json" tabindex="0" aria-label="The request body"><code>{text}</code></pre>
                    <div class="dialog-actions">
                        <a class="button" id="default-review-cancel" href=back>"Cancel"</a>
                        <button type="button" class="button primary" id="default-review-send" aria-disabled=move || busy.get().then_some("true") on:click=send>
                            "Send"
                        </button>
                    </div>
                </section>
            }
        })
    };
    let current = move || {
        pending.with(|p| {
            p.as_ref().map(|p| match p.before.default_model() {
                Some(d) => format!("The deployment's default model is {d}."),
                None => "The deployment has no default model.".to_string(),
            })
        })
    };
    view! {
        <section class="page default-model-page" id="page-default-model">
            <ModelsCrumb model=id.clone() here="Default model" />
            <PageHeading text=title />
            <p class="muted">
                "The default model is the one LISA's chat selects first, for every user. Model: " <code>{id.clone()}</code>
            </p>
            <p id="default-status" role="status">
                {move || if busy.get() && pending.with(Option::is_none) && result.with(Option::is_none) {
                    Some("Reading the deployment's configuration…".to_string())
                } else {
                    current()
                }}
            </p>
            {review}
            <p id="default-result" role="status" class=move || match result.get() { Some(Err(_)) => "error-text", _ => "ok-text" }>
                {move || result.get().map(|r| r.unwrap_or_else(|e| e))}
            </p>
            <p hidden=move || result.with(Option::is_none)>
                <a class="button" id="default-back" href=back_after>"Back to the model"</a>
            </p>
        </section>
    }
}

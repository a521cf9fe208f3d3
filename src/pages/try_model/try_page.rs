//! `/models/:id/try` (a deep link): send one prompt (or text, or image description) to a model
//! through LISA Serve and watch the answer arrive, with its figures and the exact request.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use lisa_api::{ApiError, ErrorKind};
use lisa_console::catalogue::ModelSummary;
use lisa_console::try_model::models::{can_send, send_note, try_kind};
use lisa_console::try_model::settings::try_draft_key;
use lisa_console::try_model::{Listed, TryKind};

use super::form::{drafted_settings, SettingsFields, StreamingChoice};
use super::media::OneShotTry;
use super::pane::{run_chat, ChatPane, Pane};
use super::writer::FrameWriter;
use super::{spawn_in, Notices};
use crate::api::{use_api, ApiClient};
use crate::components::page::{ErrorPanel, ModelsCrumb, PageHeading, Skeleton};
use crate::routes;

#[component]
pub fn TryModelPage() -> impl IntoView {
    let location = use_location();
    let id = Memo::new(move |_| location.pathname.with(|p| routes::id_in_path(p, "/models/", "/try")));
    move || id.get().map(|id| view! { <TryModel id /> })
}

/// What the page needs to decide: the model, and whether LISA Serve lists it.
#[derive(Clone)]
struct Loaded {
    model: ModelSummary,
    listed: Listed,
}

async fn load(api: ApiClient, id: String) -> Result<Loaded, ApiError> {
    let model = api.get_model_summary(&id).await?;
    let listed = match api.list_servable_quiet().await {
        Ok(list) => Listed::from_ids(&id, list.data.iter().map(|m| m.id.as_str())),
        Err(e) => Listed::Unknown(e.message),
    };
    Ok(Loaded { model, listed })
}

#[component]
fn TryModel(id: String) -> impl IntoView {
    let api = use_api();
    let loaded = RwSignal::new(None::<Result<Loaded, ApiError>>);
    let owner = Owner::current().unwrap_or_default();
    let fetch = {
        let (api, id) = (api.clone(), id.clone());
        move || {
            loaded.set(None);
            let (api, id) = (api.clone(), id.clone());
            spawn_in(&owner, async move {
                let result = load(api, id).await;
                loaded.try_set(Some(result));
            });
        }
    };
    fetch();
    let retry = Callback::new(move |_| fetch());
    let crumb = id.clone();
    let heading = format!("Try {id}");
    let body = move || match loaded.get() {
        None => view! { <Skeleton rows=6 /> }.into_any(),
        Some(Err(e)) if e.kind == ErrorKind::NotFound => view! {
            <div class="card" id="try-unavailable">
                <p>"LISA has no model " <code>{id.clone()}</code> ", or your account is not in one of its allowed groups."</p>
                <a class="button" href=routes::href(routes::MODELS)>"← Back to models"</a>
            </div>
        }
        .into_any(),
        Some(Err(error)) => view! { <div id="try-load-error"><ErrorPanel error on_retry=retry /></div> }.into_any(),
        Some(Ok(l)) => {
            let kind = try_kind(&l.model.model_type);
            match kind.and_then(|k| can_send(&l.model.model_id, &l.model.status, &l.listed).map(|()| k)) {
                Err(reason) => view! {
                    <div class="card" id="try-unavailable" role="status">
                        <p>{reason}</p>
                        <button type="button" class="button" id="try-recheck" on:click=move |_| retry.run(())>"Check again"</button>
                    </div>
                }
                .into_any(),
                Ok(TryKind::Chat) => view! { <ChatTry model=l.model listed=l.listed /> }.into_any(),
                Ok(kind) => view! { <OneShotTry model=l.model kind note=send_note(&l.listed) /> }.into_any(),
            }
        }
    };
    view! {
        <section class="page try-page" id="page-try">
            <ModelsCrumb model=crumb.clone() here="Try" />
            <div class="page-header">
                <PageHeading text=heading />
            </div>
            <Notices />
            {body}
        </section>
    }
}

#[component]
fn ChatTry(model: ModelSummary, listed: Listed) -> impl IntoView {
    let api = use_api();
    let id = model.model_id.clone();
    let settings = drafted_settings(try_draft_key(&id));
    let tried = RwSignal::new(false);
    let pane = Pane::new(id.clone());
    let writer = FrameWriter::new();
    let last_request = StoredValue::new(None);
    let model_streams = model.streaming;
    let owner = Owner::current().unwrap_or_default();
    let run = {
        let (api, writer) = (api.clone(), writer.clone());
        move |request| {
            last_request.set_value(Some(lisa_api::serve::ChatRequest::clone(&request)));
            spawn_in(&owner, run_chat(api.clone(), pane, writer.clone(), request));
        }
    };
    let send = {
        let (id, run) = (id.clone(), run.clone());
        move || {
            if pane.running.get_untracked() {
                return;
            }
            let stream = settings.with_untracked(|s| s.streaming_for(model_streams));
            match settings.with_untracked(|s| s.chat_request(&id, stream)) {
                Ok(request) => run(request),
                Err(_) => tried.set(true),
            }
        }
    };
    let retry = Callback::new(move |_| {
        if let Some(request) = last_request.get_value() {
            if !pane.running.get_untracked() {
                run(request);
            }
        }
    });
    let on_submit = {
        let send = send.clone();
        move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            send();
        }
    };
    let compare_href = routes::compare(std::slice::from_ref(&id));
    let serve_url = api.serve_url(TryKind::Chat.path());
    view! {
        <form class="card try-form" id="try-form" on:submit=on_submit novalidate>
            <SettingsFields settings kind=TryKind::Chat streaming=StreamingChoice::Model(model_streams) tried prefix="try" />
            {lisa_console::try_model::models::send_note(&listed).map(|n| view! { <p class="warning-panel" id="try-note">{n}</p> })}
            <div class="try-actions">
                <button type="submit" class="button primary" id="try-send" disabled=move || pane.running.get()>"Send"</button>
                <button type="button" class="button" id="try-stop" disabled=move || !pane.running.get() on:click=move |_| pane.stop()>
                    "Stop"
                </button>
                <a class="button" id="try-compare" href=compare_href>"Add a model to compare"</a>
            </div>
        </form>
        <div class="card pane" id="try-result" data-model-id=id>
            <ChatPane pane prefix="try".to_string() serve_url on_retry=retry />
        </div>
    }
}

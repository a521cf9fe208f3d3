//! The model detail page (`/models/:id`, a deep link): every field of `GET /models/{id}`,
//! grouped, with the same actions as the catalogue row, live while a workflow runs.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use lisa_console::lifecycle::{hosting_of, is_transitional, ModelAction};
use lisa_console::url::id_from_segment;
use lisa_api::{ErrorKind, LisaModel};

use super::actions::{ActionConfirm, ActionTarget, ModelActions};
use super::dom::{action_bar_html, clicked_action, show_pending};
use super::detail_admin::{ContextWindowPanel, DefaultModelPanel};
use super::detail_sections::Sections;
use super::list::Freshness;
use super::poll::Polled;
use crate::api::use_api;
use crate::components::page::{ErrorPanel, ModelsCrumb, PageHeading, Skeleton};
use crate::components::status_badge::StatusBadge;
use crate::components::toast::use_toasts;
use crate::routes;

/// The model id from the address bar, decoded once (router params are decoded twice, which
/// would turn an id containing `%25` into something else).
fn id_from_location() -> String {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    let app_path = path.strip_prefix(routes::base()).unwrap_or(&path);
    let raw = app_path.strip_prefix("/models/").unwrap_or_default().trim_end_matches('/');
    id_from_segment(raw)
}

#[component]
pub fn ModelDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.track();
        id_from_location()
    });
    // A new id (a link from one model to another) is a new page: new polling, new actions.
    move || {
        let id = id.get();
        view! { <ModelDetail id /> }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Loading,
    NotFound,
    Failed,
    Shown,
}

#[component]
fn ModelDetail(id: String) -> impl IntoView {
    let api = use_api();
    let polled = Polled::start(
        api.config.poll_interval_ms,
        {
            let (api, id) = (api.clone(), id.clone());
            move || {
                let (api, id) = (api.clone(), id.clone());
                async move { api.get_model(&id).await }
            }
        },
        |m: &LisaModel| is_transitional(&m.status),
    );
    let go = routes::use_go();
    let actions = ModelActions::new(move |action, accepted| {
        if action == ModelAction::Delete && accepted {
            go(&routes::href(routes::MODELS));
        } else if accepted {
            polled.refresh_after_change();
        } else {
            polled.refresh();
        }
    });
    let model = Memo::new(move |_| polled.data.get());
    let phase = Memo::new(move |_| {
        let not_found = polled.error.with(|e| e.as_ref().is_some_and(|e| e.kind == ErrorKind::NotFound));
        match (model.with(Option::is_some), polled.error.with(Option::is_some)) {
            _ if not_found => Phase::NotFound,
            (true, _) => Phase::Shown,
            (false, true) => Phase::Failed,
            (false, false) => Phase::Loading,
        }
    });
    let heading = {
        let id = id.clone();
        Signal::derive(move || if phase.get() == Phase::NotFound { "Model not found".to_string() } else { id.clone() })
    };
    let retry = Callback::new(move |_| polled.refresh());
    let crumb = id.clone();
    let export_id = id.clone();

    let body = move || match phase.get() {
        Phase::Loading => view! { <Skeleton rows=10 /> }.into_any(),
        Phase::NotFound => view! {
            <div class="card" id="model-not-found">
                <p>
                    "LISA has no model " <code>{id.clone()}</code>
                    ", or your account is not in one of its allowed groups."
                </p>
                <p class="muted">{move || polled.error.get().map(|e| e.message).unwrap_or_default()}</p>
                <a class="button" href=routes::href(routes::MODELS)>"← Back to models"</a>
            </div>
        }
        .into_any(),
        Phase::Failed => view! {
            <div id="detail-error">
                {move || polled.error.get().map(|error| view! { <ErrorPanel error on_retry=retry /> })}
            </div>
        }
        .into_any(),
        Phase::Shown => view! { <Shown model polled actions /> }.into_any(),
    };

    view! {
        <section class="page model-detail" id="page-model-detail">
            <ModelsCrumb here=crumb />
            <div class="page-header">
                <PageHeading text=heading />
                {move || model.get().filter(|_| phase.get() == Phase::Shown).map(|m| view! { <StatusBadge status=m.status /> })}
                <div class="actions">
                    <Freshness polled />
                    <button type="button" class="button" id="detail-refresh" on:click=move |_| polled.refresh()>
                        "Refresh"
                    </button>
                    <a class="button" id="detail-export" href=routes::export_model(&export_id)>"Export"</a>
                    {move || model.get().filter(|_| phase.get() == Phase::Shown).map(|m| view! { <crate::pages::transfer::CopyAsCurl model=m /> })}
                </div>
            </div>
            {body}
            <ActionConfirm actions />
        </section>
    }
}

#[component]
fn Shown(model: Memo<Option<LisaModel>>, polled: Polled<LisaModel>, actions: ModelActions) -> impl IntoView {
    let stale = move || polled.error.get().filter(|e| e.kind != ErrorKind::NotFound);
    view! {
        {move || {
            stale().map(|e| {
                view! {
                    <div class="warning-panel" id="detail-stale" role="status">
                        <strong>"Could not refresh: "</strong>
                        {e.message}
                        " The page shows the last data received."
                    </div>
                }
            })
        }}
        {move || {
            model.get().map(|m| {
                view! {
                    <IdLine id=m.model_id.clone() />
                    <Actions model=m.clone() actions />
                    <div class="deployment-grid">
                        <DefaultModelPanel model=m.clone() actions />
                        <ContextWindowPanel model=m.clone() actions on_saved=Callback::new(move |_| polled.refresh()) />
                    </div>
                    <Sections model=m />
                }
            })
        }}
    }
}

/// The same action bar as a catalogue row (HTML from the contract), with full labels.
#[component]
fn Actions(model: LisaModel, actions: ModelActions) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let target =
        ActionTarget { hosting: hosting_of(&model), id: model.model_id, status: model.status, model_type: model.model_type };
    let built_for = StoredValue::new(None::<Option<String>>);
    let shown_pending = StoredValue::new(None::<ModelAction>);
    let id = target.id.clone();
    let bar_target = target.clone();
    Effect::new(move |_| {
        let not_admin = actions.not_admin();
        let pending = actions.pending.with(|p| p.get(&id).copied());
        let Some(host) = host.get() else { return };
        if built_for.get_value().as_ref() != Some(&not_admin) {
            host.set_inner_html(&action_bar_html(&bar_target, not_admin.as_deref()));
            built_for.set_value(Some(not_admin));
            shown_pending.set_value(None);
        }
        if shown_pending.get_value() != pending {
            shown_pending.set_value(pending);
            show_pending(&host, pending);
        }
    });
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some((action, _)) = clicked_action(&ev) {
            actions.request(&target, action);
        }
    };
    view! { <div class="detail-actions" node_ref=host on:click=on_click></div> }
}

/// The id in full, with a copy button (ids are long and easy to mistype).
#[component]
fn IdLine(id: String) -> impl IntoView {
    let toasts = use_toasts();
    let copy = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let done = match web_sys::window().map(|w| w.navigator().clipboard()) {
                    Some(clipboard) => wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&id)).await.is_ok(),
                    None => false,
                };
                if done {
                    toasts.success(format!("Copied {id} to the clipboard."));
                } else {
                    toasts.error("The browser did not allow copying. Select the id and copy it by hand.");
                }
            });
        }
    };
    view! {
        <p class="id-line">
            <span class="muted">"Model id "</span>
            <code id="model-id" class="model-id-full">{id}</code>
            <button type="button" class="button small" id="copy-id" on:click=copy>
                "Copy id"
            </button>
        </p>
    }
}

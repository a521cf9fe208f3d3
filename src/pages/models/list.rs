//! The catalogue page (`/models`): every model in one table, sorted, filtered and searched,
//! with live status while workflows run.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use lisa_console::catalogue::{age_text, any_transitional, build_rows, filter_order, sort_order, Availability, CatalogueRow};
use lisa_api::ApiError;

use super::actions::{ActionConfirm, ModelActions};
use super::bulk::Bulk;
use super::bulk_bar::{BulkBar, BulkDialog};
use super::columns::ColumnChooser;
use super::filters::{CatalogueToolbar, ViewState};
use super::poll::{first_of, seconds_clock, First, Polled};
use super::table::CatalogueTable;
use super::Shared;
use crate::api::{use_api, ApiClient};
use crate::components::page::{ErrorPanel, PageHeading, Skeleton, Spinner};
use crate::routes;
use crate::session::use_session;

/// One fetch of the catalogue: the rows (models joined with the serve list).
#[derive(Clone)]
pub struct Catalogue {
    pub rows: Shared<Vec<Arc<CatalogueRow>>>,
    pub transitional: bool,
    /// Why "available for inference" says "unknown", when the serve list failed.
    pub serve_error: Option<String>,
}

/// What the last fetch saw, so that polling an unchanged catalogue changes nothing.
#[derive(Clone)]
struct Seen {
    body: u64,
    servable: Option<HashSet<String>>,
    catalogue: Catalogue,
}

/// Fetch the list and the serve list together. On the page's first load, a list that arrives
/// first is shown at once through `early`, availability saying "checking…": the serve list is a
/// second API (LiteLLM), and a slow or failing one, retried with backoff, must not hold the
/// table back. Later fetches wait for both, so polling never flickers the column.
async fn fetch_catalogue(
    api: ApiClient,
    seen: StoredValue<Option<Seen>>,
    early: RwSignal<Option<Catalogue>>,
) -> Result<Catalogue, ApiError> {
    let previous = seen.try_get_value().flatten();
    let models = Box::pin(api.list_models_if_changed(previous.as_ref().map(|p| p.body)));
    let serve = Box::pin(api.list_servable_quiet());
    let (models, serve) = match first_of(models, serve).await {
        First::A(Ok(Some((body, list))), serve) if previous.is_none() => {
            super::perf::mark("catalogue:data");
            let transitional = any_transitional(&list);
            let rows = build_rows(list, Availability::Pending).into_iter().map(Arc::new).collect();
            let shown = Catalogue { rows: Shared::new(rows), transitional, serve_error: None };
            early.try_set(Some(shown.clone()));
            // The table is painted while the serve list is awaited.
            let serve = serve.await;
            (Ok(Some((body, shown.rows.iter().map(|r| r.model.clone()).collect()))), serve)
        }
        First::A(models, serve) => (models, serve.await),
        First::B(models, serve) => (models.await, serve),
    };
    let models = models?;
    let (servable, serve_error) = match serve {
        Ok(list) => (Some(list.data.into_iter().map(|m| m.id).collect::<HashSet<String>>()), None),
        Err(e) => (None, Some(e.message)),
    };
    let (body, models) = match (models, previous) {
        (Some(fresh), _) => fresh,
        // Same list: reuse the rows (the very same `Arc`, so nothing downstream recomputes)
        // unless availability changed.
        (None, Some(p)) if p.servable == servable => return Ok(p.catalogue),
        (None, Some(p)) => (p.body, p.catalogue.rows.iter().map(|r| r.model.clone()).collect()),
        (None, None) => return Err(ApiError::decode(200, "model list", "nothing to compare with")),
    };
    super::perf::mark("catalogue:data");
    let transitional = any_transitional(&models);
    let rows = build_rows(models, servable.as_ref().into()).into_iter().map(Arc::new).collect();
    let catalogue = Catalogue { rows: Shared::new(rows), transitional, serve_error };
    seen.try_set_value(Some(Seen { body, servable, catalogue: catalogue.clone() }));
    // Superseded by what the fetch returns (Polled sets it before anything renders again).
    early.try_set(None);
    Ok(catalogue)
}

/// What the body of the page shows. Only a change of phase rebuilds it, so a background
/// refetch never replaces the table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Failed,
    Empty,
    Table,
}

#[component]
pub fn ModelsPage() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let seen = StoredValue::new(None::<Seen>);
    let early = RwSignal::new(None::<Catalogue>);
    let polled = Polled::start(
        api.config.poll_interval_ms,
        {
            let api = api.clone();
            move || fetch_catalogue(api.clone(), seen, early)
        },
        |c: &Catalogue| c.transitional,
    );
    let actions = ModelActions::new(move |_, accepted| {
        if accepted {
            polled.refresh_after_change();
        } else {
            polled.refresh();
        }
    });
    // A new sign-in (the session dialog) fetches again with the new token.
    Effect::new(move |previous: Option<u32>| {
        let generation = session.generation.get();
        if previous.is_some_and(|p| p != generation) {
            polled.refresh();
        }
        generation
    });

    let bulk = Bulk::new(move || polled.refresh_after_change());
    let columns = super::columns::load();
    // The deployment's default model (lisa-config.md), marked in its row. Any user may read
    // the configuration; a failed or empty read just shows no badge.
    let default_id = RwSignal::new(None::<String>);
    {
        let api = api.clone();
        leptos::task::spawn_local_scoped(async move {
            if let Ok(id) = api.default_model().await {
                default_id.try_set(id);
            }
        });
    }

    let view = ViewState::new();
    // The first list can be on screen before the fetch is over (see `fetch_catalogue`).
    let rows = Memo::new(move |_| {
        polled.data.with(|d| d.as_ref().map(|c| c.rows.clone())).or_else(|| early.with(|e| e.as_ref().map(|c| c.rows.clone())))
    });
    let sort = Memo::new(move |_| view.query.with(|q| (q.sort, q.dir)));
    let sorted = Memo::new(move |_| {
        let rows = rows.get()?;
        let (column, dir) = sort.get();
        Some(Shared::new(sort_order(&rows, column, dir)))
    });
    let visible = Memo::new(move |_| {
        let rows = rows.get()?;
        let sorted = sorted.get()?;
        Some(view.query.with(|q| Shared::new(filter_order(&rows, &sorted, q))))
    });
    let total = Signal::derive(move || rows.with(|r| r.as_ref().map_or(0, |r| r.len())));
    let shown = Signal::derive(move || visible.with(|v| v.as_ref().map_or(0, |v| v.len())));

    // The table (header, toolbar) is up while the first answer travels, so that its arrival
    // only adds rows; a skeleton stands in for them until then.
    let phase = Memo::new(move |_| match (total.get(), rows.with(Option::is_some), polled.error.with(Option::is_some)) {
        (_, false, true) => Phase::Failed,
        (0, true, _) => Phase::Empty,
        _ => Phase::Table,
    });
    let loading = Memo::new(move |_| rows.with(Option::is_none));
    let retry = Callback::new(move |_| polled.refresh());

    let body = move || match phase.get() {
        Phase::Failed => view! {
            <div id="catalogue-error">
                {move || polled.error.get().map(|error| view! { <ErrorPanel error on_retry=retry /> })}
            </div>
        }
        .into_any(),
        Phase::Empty => view! {
            <div id="catalogue-empty" class="card empty-state">
                <h2>"No models yet"</h2>
                <p class="muted">"Models you create appear here with their status, hosting and availability."</p>
                <a class="button primary" href=routes::href(routes::MODEL_NEW)>"Create model"</a>
                <a class="button" id="empty-import" href=routes::href(routes::MODELS_IMPORT)>"Import models"</a>
            </div>
        }
        .into_any(),
        Phase::Table => view! {
            <CatalogueToolbar view shown total />
            <div class="table-bar">
                <BulkBar bulk rows visible actions />
                <ColumnChooser />
            </div>
            <CatalogueTable rows visible view actions bulk columns=columns.clone() default_id />
            <Show when=move || loading.get()>
                <div id="catalogue-loading">
                    <Skeleton rows=8 />
                </div>
            </Show>
        }
        .into_any(),
    };

    view! {
        // A press (pointer or Enter) comes before the click that may leave the page.
        <section
            class="page catalogue"
            id="page-models"
            on:pointerdown=move |_| view.flush()
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    view.flush();
                }
            }
        >
            <div class="page-header">
                <PageHeading text="Models" />
                <div class="actions">
                    <Freshness polled />
                    <button type="button" class="button" id="catalogue-refresh" on:click=move |_| polled.refresh()>
                        "Refresh"
                    </button>
                    <a class="button" id="catalogue-import" href=routes::href(routes::MODELS_IMPORT)>"Import"</a>
                    <a class="button" id="catalogue-export" href=move || view.query.with(|q| routes::export_view(&q.to_query_string()))>"Export"</a>
                    <a class="button primary" id="create-model" href=routes::href(routes::MODEL_NEW)>"Create model"</a>
                </div>
            </div>
            <StaleNotice polled retry />
            {body}
            <ActionConfirm actions />
            <BulkDialog bulk />
        </section>
    }
}

/// "Updated 12 s ago", a spinner while fetching, and whether the page refreshes by itself.
#[component]
pub fn Freshness<T: Send + Sync + 'static>(polled: Polled<T>) -> impl IntoView {
    let clock = seconds_clock();
    view! {
        <span class="freshness" id="freshness" aria-live="off">
            {move || polled.busy.get().then(|| view! { <Spinner /> })}
            <span class="muted">
                {move || {
                    polled.fetched_at.get().map(|at| format!("Updated {}", age_text(clock.get() - at))).unwrap_or_default()
                }}
            </span>
            {move || {
                polled.polling.get().then(|| view! { <span class="live-badge" title="Refreshing every few seconds while a model changes state">"Live"</span> })
            }}
        </span>
    }
}

/// A refetch failed but older data is on screen: say so, keep the data.
#[component]
fn StaleNotice(polled: Polled<Catalogue>, retry: Callback<()>) -> impl IntoView {
    let stale = move || polled.data.with(Option::is_some) && polled.error.with(Option::is_some);
    let serve_error = move || polled.data.with(|d| d.as_ref().and_then(|c| c.serve_error.clone()));
    view! {
        {move || {
            stale().then(|| {
                view! {
                    <div class="warning-panel" id="catalogue-stale" role="status">
                        <strong>"Could not refresh: "</strong>
                        {move || polled.error.get().map(|e| e.message).unwrap_or_default()}
                        " The table shows the last data received. "
                        <button type="button" class="button small" on:click=move |_| retry.run(())>"Retry"</button>
                    </div>
                }
            })
        }}
        {move || {
            serve_error().map(|message| {
                view! {
                    <p class="serve-note muted" id="serve-unknown">
                        "Availability for inference is unknown: the serve API could not be read ("
                        {message}
                        ")."
                    </p>
                }
            })
        }}
    }
}

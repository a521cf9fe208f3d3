//! Usage metrics (issue: "Metrics pages"): the overview of `GET /metrics/users/all` and the page
//! of one user, `GET /metrics/users/{id}`. The numbers, orders, charts' scaling and CSV text come
//! from `lisa_console::metrics_view`; these components only render them.

mod charts;
mod dom;
mod download;
mod lookup;
mod overview;
mod sessions;
mod user;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use lisa_console::metrics_view::time::format_age;
use lisa_api::ApiError;

use crate::components::page::Spinner;
use crate::time::now_ms;

pub use overview::MetricsOverviewPage;
pub use user::UserMetricsPage;

/// Data that is good as of `at_ms`, for `key` (the user id; empty on the overview).
pub struct Loaded<T> {
    pub key: String,
    pub value: Arc<T>,
    pub at_ms: f64,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        Loaded { key: self.key.clone(), value: self.value.clone(), at_ms: self.at_ms }
    }
}

/// A read that keeps its last good answer: a failed refresh (a 5xx, a network failure) leaves
/// the data on screen and is shown as a warning beside it.
pub struct Loader<T: Send + Sync + 'static> {
    pub data: RwSignal<Option<Loaded<T>>>,
    /// The latest failure and the key it was for; cleared by the next success.
    pub error: RwSignal<Option<(String, ApiError)>>,
    pub loading: RwSignal<bool>,
    requested: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loader<T> {}

impl<T: Send + Sync + 'static> Loader<T> {
    /// Load `fetch(key())` now and whenever `key()` changes or [`Loader::refresh`] is called.
    /// Only the newest request's answer is applied; one that arrives after the page has gone
    /// is dropped.
    pub fn new<Fut>(key: impl Fn() -> String + 'static, fetch: impl Fn(String) -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let loader = Loader {
            data: RwSignal::new(None),
            error: RwSignal::new(None),
            loading: RwSignal::new(true),
            requested: RwSignal::new(0),
        };
        let generation = StoredValue::new(0u64);
        Effect::new(move |_| {
            loader.requested.track();
            let key = key();
            let current = generation.get_value().wrapping_add(1);
            generation.set_value(current);
            loader.loading.set(true);
            let request = fetch(key.clone());
            leptos::task::spawn_local(async move {
                let result = request.await;
                if generation.try_get_value() != Some(current) {
                    return;
                }
                match result {
                    Ok(value) => {
                        loader.data.try_set(Some(Loaded { key, value: Arc::new(value), at_ms: now_ms() }));
                        loader.error.try_set(None);
                    }
                    Err(e) => {
                        loader.error.try_set(Some((key, e)));
                    }
                }
                loader.loading.try_set(false);
            });
        });
        loader
    }

    pub fn refresh(&self) {
        self.requested.update(|n| *n = n.wrapping_add(1));
    }

    /// The data for `key`, if any was loaded.
    pub fn data_for(&self, key: &str) -> Option<Loaded<T>> {
        self.data.with(|d| d.as_ref().filter(|d| d.key == key).cloned())
    }

    pub fn error_for(&self, key: &str) -> Option<ApiError> {
        self.error.with(|e| e.as_ref().filter(|(k, _)| k == key).map(|(_, e)| e.clone()))
    }
}

/// "updated 12 s ago" and the refresh button, for the page header.
#[component]
pub fn RefreshControls(
    id_prefix: &'static str,
    #[prop(into)] at_ms: Signal<Option<f64>>,
    #[prop(into)] loading: Signal<bool>,
    on_refresh: Callback<()>,
) -> impl IntoView {
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    let age = move || at_ms.get().map(|at| format_age((now.get() - at) / 1000.0));
    view! {
        <span class="updated-ago muted" id=format!("{id_prefix}-updated")>
            {move || if loading.get() { Some(view! { <Spinner /> " " }) } else { None }}
            {move || if loading.get() && at_ms.get().is_none() { Some("loading…".to_string()) } else { age() }}
        </span>
        <button
            type="button"
            class="button"
            id=format!("{id_prefix}-refresh")
            disabled=move || loading.get()
            on:click=move |_| on_refresh.run(())
        >
            "Refresh"
        </button>
    }
}

/// A failed refresh over data that is still shown.
#[component]
pub fn StaleWarning(error: ApiError, #[prop(into)] at_ms: Signal<Option<f64>>) -> impl IntoView {
    let status = error.status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
    let since = move || at_ms.get().map(|at| format_age((now_ms() - at) / 1000.0)).unwrap_or_default();
    view! {
        <div class="warning-panel stale-warning" role="status">
            <strong>
                <span aria-hidden="true">"⚠ "</span>
                "Could not refresh" {status}
            </strong>
            ": " {error.message.clone()} " The figures below are the last ones LISA returned (" {since} ")."
        </div>
    }
}

/// One headline figure.
#[component]
pub fn Kpi(
    id: &'static str,
    label: &'static str,
    value: String,
    #[prop(optional, into)] detail: Option<String>,
) -> impl IntoView {
    view! {
        <li class="kpi" id=id>
            <span class="kpi-label">{label}</span>
            <span class="kpi-value">{value}</span>
            {detail.map(|d| view! { <span class="kpi-detail muted">{d}</span> })}
        </li>
    }
}

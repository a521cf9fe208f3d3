//! `/metrics/users/:id`: one user's usage, from `GET /metrics/users/{id}` (a deep link; the id
//! is read from the path, decoded once, and the API client encodes it again).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use lisa_api::metrics::single_user_entry;
use lisa_console::metrics_view::fmt::count;
use lisa_console::metrics_view::csv::file_name;
use lisa_console::metrics_view::sort::sort_texts;
use lisa_console::metrics_view::lookup::{unreachable_id, user_answer, UserAnswer};
use lisa_console::metrics_view::time::{format_local, format_utc, seen_display, SeenDisplay};
use lisa_console::metrics_view::{bars_from, Bar};

use super::charts::{BarChart, BarTable};
use super::lookup::{remember_lookup, UserLookup};
use super::sessions::SessionsTable;
use super::{Kpi, Loader, RefreshControls, StaleWarning};
use crate::api::use_api;
use crate::components::page::{ErrorPanel, PageHeading, Skeleton};
use crate::routes;

#[component]
pub fn UserMetricsPage() -> impl IntoView {
    let api = use_api();
    let pathname = use_location().pathname;
    // Leaving for another page changes the path before this page goes: keep the id meanwhile
    // (an empty id would be fetched as `/metrics/users/`).
    let user_id = Memo::new(move |previous: Option<&String>| {
        pathname.with(|p| routes::id_in_path(p, "/metrics/users/", "")).or_else(|| previous.cloned()).unwrap_or_default()
    });
    let loader: Loader<UserAnswer> = Loader::new(
        move || user_id.get(),
        move |id: String| {
            let api = api.clone();
            async move {
                if let Some(problem) = unreachable_id(&id) {
                    return Err(lisa_api::ApiError {
                        status: None,
                        kind: lisa_api::ErrorKind::BadRequest,
                        message: problem,
                        field_errors: Vec::new(),
                    });
                }
                let body = api.user_metrics(&id).await?;
                Ok(user_answer(&id, single_user_entry(body)))
            }
        },
    );
    Effect::new(move |_| remember_lookup(&user_id.get()));
    let at_ms = Signal::derive(move || {
        let id = user_id.get();
        loader.data.with(|d| d.as_ref().filter(|d| d.key == id).map(|d| d.at_ms))
    });
    let refresh = Callback::new(move |_| loader.refresh());
    let heading = Signal::derive(move || format!("Metrics for {}", user_id.get()));

    let body = move || {
        let id = user_id.get();
        match (loader.data_for(&id), loader.error_for(&id)) {
            (Some(data), error) => view! {
                {error.map(|e| view! { <StaleWarning error=e at_ms=at_ms /> })}
                <UserView id=id answer=data.value />
            }
            .into_any(),
            (None, Some(error)) => view! { <ErrorPanel error=error on_retry=refresh /> }.into_any(),
            (None, None) => view! { <Skeleton rows=8 /> }.into_any(),
        }
    };

    view! {
        <section class="page metrics" id="page-user-metrics">
            <p class="breadcrumb">
                <a href=routes::href(routes::METRICS)>"← Usage metrics"</a>
            </p>
            <div class="page-header">
                <PageHeading text=heading />
                <div class="actions">
                    <RefreshControls id_prefix="user" at_ms=at_ms loading=loader.loading on_refresh=refresh />
                </div>
            </div>
            {body}
            <details class="card lookup-card">
                <summary>"Look up another user"</summary>
                <UserLookup current=user_id />
            </details>
        </section>
    }
}

#[component]
fn UserView(id: String, answer: Arc<UserAnswer>) -> impl IntoView {
    let (stored_as, user) = match answer.as_ref() {
        UserAnswer::NoActivity => {
            return view! {
                <div class="card metrics-empty" id="user-no-activity">
                    <h2>"No activity recorded for " <span class="mono">{id}</span></h2>
                    <p>
                        "LISA has no metrics for this user id: they have not sent a prompt, or the id is \
                         spelled differently (ids are case-sensitive)."
                    </p>
                </div>
            }
            .into_any();
        }
        UserAnswer::Found { stored_as, user } => (stored_as.clone(), user.clone()),
    };
    let user = Arc::new(user);
    let tools: Arc<Vec<Bar>> = Arc::new(bars_from(&user.mcp_tool_usage));
    let tokens = user.token_totals();
    let session_count = user.session_metrics.len();
    let token_detail = format!("summed from {} of {session_count} sessions", tokens.sessions_with_tokens);
    let token_value = |v: f64| if tokens.sessions_with_tokens == 0 { "—".to_string() } else { count(v) };
    // LISA stores groups as a set: the order it sends is not stable.
    let groups = sort_texts(user.user_groups.clone());
    let csv_name = file_name("lisa-tool-usage", Some(&id));
    view! {
        {stored_as.map(|key| view! {
            <p class="muted" id="user-stored-as">
                "LISA records this user as "
                <a class="mono" href=routes::user_metrics(&key)>{key.clone()}</a>
                "."
            </p>
        })}
        <ul class="kpis" aria-label="Totals">
            <Kpi id="user-kpi-prompts" label="Prompts" value=count(user.total_prompts) />
            <Kpi id="user-kpi-rag" label="RAG uses" value=count(user.rag_usage_count) />
            <Kpi id="user-kpi-mcp" label="MCP tool calls" value=count(user.mcp_tool_calls_count) />
            <Kpi id="user-kpi-sessions" label="Sessions" value=session_count.to_string() />
            <Kpi
                id="user-kpi-prompt-tokens"
                label="Prompt tokens"
                value=token_value(tokens.prompt_tokens)
                detail=token_detail.clone()
            />
            <Kpi
                id="user-kpi-completion-tokens"
                label="Completion tokens"
                value=token_value(tokens.completion_tokens)
                detail=token_detail
            />
        </ul>
        <div class="card">
            <dl class="facts">
                <dt>"First seen"</dt>
                <dd id="user-first-seen"><Seen value=user.first_seen.clone() /></dd>
                <dt>"Last seen"</dt>
                <dd id="user-last-seen"><Seen value=user.last_seen.clone() /></dd>
                <dt>"Groups"</dt>
                <dd id="user-groups">
                    {if groups.is_empty() {
                        view! { <span class="muted">"none"</span> }.into_any()
                    } else {
                        view! {
                            <ul class="chips">
                                {groups.into_iter().map(|g| view! { <li class="chip">{g}</li> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                </dd>
            </dl>
        </div>
        <section class="card" id="user-tools-card" aria-labelledby="user-tools-heading">
            <h2 id="user-tools-heading">"MCP tool usage"</h2>
            <BarChart
                id="user-tools-chart"
                caption="MCP tool calls by tool"
                unit="calls"
                bars=tools.clone()
                table_id="user-tools-table"
            />
            <BarTable
                id="user-tools-table"
                caption="MCP tool calls by tool"
                label_header="Tool"
                value_header="Calls"
                csv_headers=("tool", "calls")
                file_name=csv_name
                bars=tools
            />
        </section>
        <SessionsTable user_id=id user=user />
    }
    .into_any()
}

/// A first/last-seen timestamp: local time, UTC on hover, "never" when LISA has none.
#[component]
fn Seen(value: Option<String>) -> impl IntoView {
    match seen_display(value.as_deref()) {
        SeenDisplay::Never => view! { <span class="muted">"never"</span> }.into_any(),
        SeenDisplay::Raw(text) => view! { <span title="LISA sent a timestamp this page cannot read">{text}</span> }.into_any(),
        SeenDisplay::At { epoch_ms } => {
            // JavaScript gives minutes *behind* UTC; the formatter wants minutes ahead.
            let offset = -js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64)).get_timezone_offset();
            let offset = if offset.is_finite() { offset as i64 } else { 0 };
            let utc = format_utc(epoch_ms);
            view! {
                <time datetime=value.unwrap_or_default() title=utc.clone() data-utc=utc>
                    {format_local(epoch_ms, offset)}
                </time>
            }
            .into_any()
        }
    }
}

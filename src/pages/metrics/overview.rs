//! `/metrics`: who uses LISA and how much, from `GET /metrics/users/all`.

use std::sync::Arc;

use leptos::prelude::*;
use lisa_api::metrics::AllUsersMetrics;
use lisa_console::metrics_view::fmt::{count, percent};
use lisa_console::metrics_view::csv::file_name;
use lisa_console::metrics_view::{bars_from, overview_is_empty, Bar};

use super::charts::{BarChart, BarTable};
use super::lookup::UserLookup;
use super::{Kpi, Loader, RefreshControls, StaleWarning};
use crate::api::use_api;
use crate::components::page::{ErrorPanel, PageHeading, Skeleton};

#[component]
pub fn MetricsOverviewPage() -> impl IntoView {
    let api = use_api();
    let loader: Loader<AllUsersMetrics> = Loader::new(String::new, move |_| {
        let api = api.clone();
        async move { api.all_users_metrics().await }
    });
    let at_ms = Signal::derive(move || loader.data.with(|d| d.as_ref().map(|d| d.at_ms)));
    let refresh = Callback::new(move |_| loader.refresh());

    let body = move || {
        let data = loader.data_for("");
        let error = loader.error_for("");
        match (data, error) {
            (Some(data), error) => view! {
                {error.map(|e| view! { <StaleWarning error=e at_ms=at_ms /> })}
                <Overview all=data.value />
            }
            .into_any(),
            (None, Some(error)) => view! { <ErrorPanel error=error on_retry=refresh /> }.into_any(),
            (None, None) => view! { <Skeleton rows=8 /> }.into_any(),
        }
    };

    view! {
        <section class="page metrics" id="page-metrics">
            <div class="page-header">
                <PageHeading text="Usage metrics" />
                <div class="actions">
                    <RefreshControls id_prefix="metrics" at_ms=at_ms loading=loader.loading on_refresh=refresh />
                </div>
            </div>
            <div class="card">
                <UserLookup />
            </div>
            {body}
        </section>
    }
}

#[component]
fn Overview(all: Arc<AllUsersMetrics>) -> impl IntoView {
    if overview_is_empty(&all) {
        return view! {
            <div class="card metrics-empty" id="metrics-empty">
                <h2>"No usage recorded yet"</h2>
                <p>"LISA has no metrics records: nobody has sent a prompt since metrics were enabled."</p>
            </div>
        }
        .into_any();
    }
    let tools: Arc<Vec<Bar>> = Arc::new(bars_from(&all.mcp_tool_usage));
    let groups: Arc<Vec<Bar>> = Arc::new(bars_from(&all.user_groups));
    let of_prompts = |p: f64| format!("{} of prompts", percent(p));
    view! {
        <ul class="kpis" aria-label="Totals">
            <Kpi id="kpi-users" label="Unique users" value=count(all.total_unique_users) />
            <Kpi id="kpi-prompts" label="Prompts" value=count(all.total_prompts) />
            <Kpi
                id="kpi-rag"
                label="RAG uses"
                value=count(all.total_rag_usage)
                detail=of_prompts(all.rag_usage_percentage)
            />
            <Kpi
                id="kpi-mcp"
                label="MCP tool calls"
                value=count(all.total_mcp_tool_calls)
                detail=of_prompts(all.mcp_tool_calls_percentage)
            />
        </ul>
        <div class="metrics-grid">
            <section class="card" id="tools-card" aria-labelledby="tools-heading">
                <h2 id="tools-heading">"MCP tool usage"</h2>
                <BarChart
                    id="tools-chart"
                    caption="MCP tool calls by tool"
                    unit="calls"
                    bars=tools.clone()
                    table_id="tools-table"
                />
                <BarTable
                    id="tools-table"
                    caption="MCP tool calls by tool"
                    label_header="Tool"
                    value_header="Calls"
                    csv_headers=("tool", "calls")
                    file_name=file_name("lisa-tool-usage", None)
                    bars=tools
                />
            </section>
            <section class="card" id="groups-card" aria-labelledby="groups-heading">
                <h2 id="groups-heading">"Users per group"</h2>
                <BarChart
                    id="groups-chart"
                    caption="users per group"
                    unit="users"
                    bars=groups.clone()
                    table_id="groups-table"
                />
                <BarTable
                    id="groups-table"
                    caption="Users per group"
                    label_header="Group"
                    value_header="Users"
                    csv_headers=("group", "users")
                    file_name=file_name("lisa-group-distribution", None)
                    bars=groups
                />
            </section>
        </div>
        <p class="muted metrics-note">
            "LISA computes these totals from the first page (about 1 MB) of its metrics table, so on large \
             deployments they can undercount. A user in several groups counts once in each."
        </p>
    }
    .into_any()
}

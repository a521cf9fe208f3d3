//! A user's sessions table: sortable by every column, windowed into pages so a user with 5,000
//! sessions renders and re-sorts quickly (the rows are built once; a sort only reorders indices
//! and redraws one page).

use std::sync::Arc;

use leptos::prelude::*;
use lisa_api::metrics::UserMetrics;
use lisa_console::metrics_view::fmt::count;
use lisa_console::metrics_view::csv::file_name;
use lisa_console::metrics_view::page_window;
use lisa_console::metrics_view::sessions::{
    any_token_data, default_sort, session_rows, sessions_csv, sort_sessions, SessionColumn, SessionRow,
};

use super::dom::{replace_rows, Row};
use super::download::DownloadButton;
use crate::components::sort_header::SortHeader;

const PAGE_SIZES: [usize; 4] = [50, 100, 250, 500];
const DEFAULT_PAGE_SIZE: usize = 100;

fn optional(v: Option<f64>) -> String {
    v.map(count).unwrap_or_else(|| "—".to_string())
}

fn session_row(r: &SessionRow, with_tokens: bool) -> Row {
    let mut cells = vec![
        (r.id.clone(), "mono session-id"),
        (count(r.prompts), "num"),
        (count(r.rag_uses), "num"),
        (count(r.mcp_calls), "num"),
        (if r.tools.is_empty() { "—".to_string() } else { r.tools_text() }, "tools"),
    ];
    if with_tokens {
        cells.push((optional(r.prompt_tokens), "num"));
        cells.push((optional(r.completion_tokens), "num"));
        cells.push((r.model_id.clone().unwrap_or_else(|| "—".to_string()), "mono"));
    }
    Row { attrs: vec![("data-session", r.id.clone())], cells }
}

#[component]
pub fn SessionsTable(user_id: String, user: Arc<UserMetrics>) -> impl IntoView {
    let rows: Arc<Vec<SessionRow>> = Arc::new(session_rows(&user));
    let with_tokens = any_token_data(&rows);
    let total = rows.len();
    let sort = RwSignal::new(default_sort());
    let page = RwSignal::new(0usize);
    let page_size = RwSignal::new(DEFAULT_PAGE_SIZE);
    let order = {
        let rows = rows.clone();
        Memo::new_with_compare(
            move |_| Arc::new(sort_sessions(&rows, sort.get())),
            |a: Option<&Arc<Vec<usize>>>, b: Option<&Arc<Vec<usize>>>| a.map(Arc::as_ptr) != b.map(Arc::as_ptr),
        )
    };
    let window = move || page_window(total, page.get(), page_size.get());
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    {
        let rows = rows.clone();
        Effect::new(move |_| {
            let Some(tbody) = tbody.get() else { return };
            let w = window();
            let page: Vec<Row> = order.with(|o| {
                o.get(w.start..w.end)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|&i| rows.get(i))
                    .map(|r| session_row(r, with_tokens))
                    .collect()
            });
            replace_rows(&tbody, &page);
        });
    }
    let header = move |column: SessionColumn| Signal::derive(move || sort.get().aria_for(column));
    let on_sort = move |column: SessionColumn| {
        Callback::new(move |_| {
            sort.update(|s| *s = s.toggled(column));
            page.set(0);
        })
    };
    let csv = {
        let rows = rows.clone();
        move || order.with_untracked(|o| sessions_csv(&rows, o))
    };
    let status = move || {
        let w = window();
        if total == 0 {
            "No sessions".to_string()
        } else {
            format!("Sessions {}–{} of {total}", w.start + 1, w.end)
        }
    };

    view! {
        <section class="card" id="sessions-card" aria-labelledby="sessions-heading">
            <div class="card-header">
                <h2 id="sessions-heading">"Sessions"</h2>
                <DownloadButton
                    id="sessions-csv".to_string()
                    label="Download CSV"
                    file_name=file_name("lisa-sessions", Some(&user_id))
                    csv=Box::new(csv)
                />
            </div>
            {(!with_tokens).then(|| view! {
                <p class="muted">"These sessions carry no token counts or model (older LISA records)."</p>
            })}
            {(total == 0).then(|| view! { <p class="muted">"No sessions recorded."</p> })}
            <div class="table-wrap">
                <table id="sessions-table" data-total=total.to_string()>
                    <caption class="visually-hidden">"Sessions, one row each"</caption>
                    <thead>
                        <tr>
                            <SortHeader label="Session" column="id" aria_sort=header(SessionColumn::Id) on_sort=on_sort(SessionColumn::Id) />
                            <SortHeader label="Prompts" column="prompts" numeric=true aria_sort=header(SessionColumn::Prompts) on_sort=on_sort(SessionColumn::Prompts) />
                            <SortHeader label="RAG uses" column="rag" numeric=true aria_sort=header(SessionColumn::RagUses) on_sort=on_sort(SessionColumn::RagUses) />
                            <SortHeader label="MCP calls" column="mcp" numeric=true aria_sort=header(SessionColumn::McpCalls) on_sort=on_sort(SessionColumn::McpCalls) />
                            <SortHeader label="Tools used" column="tools" aria_sort=header(SessionColumn::Tools) on_sort=on_sort(SessionColumn::Tools) />
                            {with_tokens.then(|| view! {
                                <SortHeader label="Prompt tokens" column="prompt-tokens" numeric=true aria_sort=header(SessionColumn::PromptTokens) on_sort=on_sort(SessionColumn::PromptTokens) />
                                <SortHeader label="Completion tokens" column="completion-tokens" numeric=true aria_sort=header(SessionColumn::CompletionTokens) on_sort=on_sort(SessionColumn::CompletionTokens) />
                                <SortHeader label="Model" column="model" aria_sort=header(SessionColumn::Model) on_sort=on_sort(SessionColumn::Model) />
                            })}
                        </tr>
                    </thead>
                    <tbody node_ref=tbody></tbody>
                </table>
            </div>
            <Pager total=total page=page page_size=page_size status=Signal::derive(status) />
        </section>
    }
}

#[component]
fn Pager(total: usize, page: RwSignal<usize>, page_size: RwSignal<usize>, status: Signal<String>) -> impl IntoView {
    let window = move || page_window(total, page.get(), page_size.get());
    let paged = total > PAGE_SIZES[0];
    // Comparisons live outside `view!`, whose parser would read `>` as the end of the tag.
    let at_last = move || {
        let w = window();
        w.page + 1 >= w.pages
    };
    view! {
        <nav class="pager" aria-label="Sessions pages">
            <span id="sessions-status" aria-live="polite">{move || status.get()}</span>
            {paged.then(|| view! {
                <button
                    type="button"
                    class="button small"
                    id="sessions-prev"
                    disabled=move || window().page == 0
                    on:click=move |_| page.set(window().page.saturating_sub(1))
                >
                    "‹ Previous"
                </button>
                <span class="muted">{move || format!("Page {} of {}", window().page + 1, window().pages)}</span>
                <button
                    type="button"
                    class="button small"
                    id="sessions-next"
                    disabled=at_last
                    on:click=move |_| page.set(window().page + 1)
                >
                    "Next ›"
                </button>
                <label class="page-size">
                    "Rows per page "
                    <select
                        id="sessions-page-size"
                        on:change=move |ev| {
                            let size = event_target_value(&ev).parse().unwrap_or(DEFAULT_PAGE_SIZE);
                            page_size.set(size);
                            page.set(0);
                        }
                    >
                        {PAGE_SIZES
                            .iter()
                            .map(|&n| view! { <option value=n.to_string() selected=n == DEFAULT_PAGE_SIZE>{n.to_string()}</option> })
                            .collect_view()}
                    </select>
                </label>
            })}
        </nav>
    }
}

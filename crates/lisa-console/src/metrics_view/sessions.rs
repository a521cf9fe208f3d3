//! The sessions table of a user: one row per session, sortable by every column, exported as CSV.

use super::csv::{self, Cell};
use super::sort::{cmp_number, cmp_optional, cmp_optional_text, cmp_text, directed, sort_indices, SortColumn, SortState};
use lisa_api::metrics::UserMetrics;

#[derive(Clone, Debug, PartialEq)]
pub struct SessionRow {
    pub id: String,
    pub prompts: f64,
    pub rag_uses: f64,
    pub mcp_calls: f64,
    /// Tools used in the session with their calls, most used first.
    pub tools: Vec<(String, f64)>,
    pub prompt_tokens: Option<f64>,
    pub completion_tokens: Option<f64>,
    pub model_id: Option<String>,
}

impl SessionRow {
    /// `GMAIL-SEND-EMAIL ×3, WEB-SEARCH ×1`, or empty.
    pub fn tools_text(&self) -> String {
        self.tools
            .iter()
            .map(|(tool, calls)| format!("{tool} ×{}", super::fmt::count(*calls)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionColumn {
    Id,
    Prompts,
    RagUses,
    McpCalls,
    /// By the number of distinct tools.
    Tools,
    PromptTokens,
    CompletionTokens,
    Model,
}

impl SortColumn for SessionColumn {
    fn is_numeric(self) -> bool {
        !matches!(self, SessionColumn::Id | SessionColumn::Model)
    }
}

pub fn session_rows(user: &UserMetrics) -> Vec<SessionRow> {
    user.session_metrics
        .iter()
        .map(|(id, s)| {
            let usage: Vec<(&String, &f64)> = s.mcp_tool_usage.iter().collect();
            let order = sort_indices(usage.len(), &|a, b| {
                cmp_number(*usage[b].1, *usage[a].1).then_with(|| cmp_text(usage[a].0, usage[b].0))
            });
            let tools = order.iter().map(|&i| (usage[i].0.clone(), *usage[i].1)).collect();
            SessionRow {
                id: id.clone(),
                prompts: s.total_prompts,
                rag_uses: s.rag_usage,
                mcp_calls: s.mcp_tool_calls_count,
                tools,
                prompt_tokens: s.prompt_tokens,
                completion_tokens: s.completion_tokens,
                model_id: s.model_id.clone(),
            }
        })
        .collect()
}

/// Whether any session carries token counts or a model (older records have none; the table then
/// leaves those columns out).
pub fn any_token_data(rows: &[SessionRow]) -> bool {
    rows.iter().any(|r| r.prompt_tokens.is_some() || r.completion_tokens.is_some() || r.model_id.is_some())
}

/// Row order (indices into `rows`); ties fall back to the session id so the order is stable.
pub fn sort_sessions(rows: &[SessionRow], sort: SortState<SessionColumn>) -> Vec<usize> {
    let dir = sort.dir;
    sort_indices(rows.len(), &|a, b| {
        let (a, b) = (&rows[a], &rows[b]);
        let primary = match sort.column {
            SessionColumn::Id => directed(cmp_text(&a.id, &b.id), dir),
            SessionColumn::Prompts => directed(cmp_number(a.prompts, b.prompts), dir),
            SessionColumn::RagUses => directed(cmp_number(a.rag_uses, b.rag_uses), dir),
            SessionColumn::McpCalls => directed(cmp_number(a.mcp_calls, b.mcp_calls), dir),
            SessionColumn::Tools => directed(a.tools.len().cmp(&b.tools.len()), dir),
            SessionColumn::PromptTokens => cmp_optional(a.prompt_tokens, b.prompt_tokens, dir),
            SessionColumn::CompletionTokens => cmp_optional(a.completion_tokens, b.completion_tokens, dir),
            SessionColumn::Model => cmp_optional_text(a.model_id.as_deref(), b.model_id.as_deref(), dir),
        };
        primary.then_with(|| a.id.cmp(&b.id))
    })
}

/// The sessions CSV, in the table's order, with every column (tokens included, empty when
/// absent) so the file has the same shape whatever the records hold.
pub fn sessions_csv(rows: &[SessionRow], order: &[usize]) -> String {
    csv::document(
        &["session_id", "prompts", "rag_uses", "mcp_calls", "tools", "prompt_tokens", "completion_tokens", "model_id"],
        order.iter().filter_map(|&i| rows.get(i)).map(|r| {
            let tools = r
                .tools
                .iter()
                .map(|(t, n)| format!("{t}={}", csv::number_field(*n)))
                .collect::<Vec<_>>()
                .join("; ");
            vec![
                Cell::Text(r.id.clone()),
                r.prompts.into(),
                r.rag_uses.into(),
                r.mcp_calls.into(),
                Cell::Text(tools),
                r.prompt_tokens.into(),
                r.completion_tokens.into(),
                r.model_id.clone().map_or(Cell::Empty, Cell::Text),
            ]
        }),
    )
}

/// The order used when nothing was clicked yet: busiest sessions first.
pub fn default_sort() -> SortState<SessionColumn> {
    SortState::new(SessionColumn::Prompts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lisa_api::metrics::SessionMetrics;
    use crate::metrics_view::sort::SortDir;

    fn user() -> UserMetrics {
        serde_json::from_str(
            r#"{"sessionMetrics":{
                "s-a":{"totalPrompts":5.0,"ragUsage":0.0,"mcpToolCallsCount":3.0,"mcpToolUsage":{"GMAIL-SEND-EMAIL":3.0}},
                "s-b":{"totalPrompts":8.0,"ragUsage":1.0,"mcpToolCallsCount":6.0,
                       "mcpToolUsage":{"GOOGLE_CALENDAR-LIST-EVENTS":1.0,"GMAIL-SEND-EMAIL":5.0},
                       "promptTokens":1200.0,"completionTokens":300,"modelId":"titan-express-v1"},
                "s-c":{"totalPrompts":7,"ragUsage":0,"mcpToolCallsCount":0,"mcpToolUsage":{},"promptTokens":10.0}}}"#,
        )
        .unwrap()
    }

    fn ids(rows: &[SessionRow], order: &[usize]) -> Vec<String> {
        order.iter().map(|&i| rows[i].id.clone()).collect()
    }

    #[test]
    fn rows_keep_every_field() {
        let rows = session_rows(&user());
        assert_eq!(rows.len(), 3);
        let b = &rows[1];
        assert_eq!(b.id, "s-b");
        assert_eq!(b.tools_text(), "GMAIL-SEND-EMAIL ×5, GOOGLE_CALENDAR-LIST-EVENTS ×1");
        assert_eq!(b.prompt_tokens, Some(1200.0));
        assert_eq!(b.model_id.as_deref(), Some("titan-express-v1"));
        assert!(any_token_data(&rows));
        assert!(!any_token_data(&rows[..1]));
    }

    #[test]
    fn sorts_by_each_column() {
        let rows = session_rows(&user());
        let by = |column, dir| ids(&rows, &sort_sessions(&rows, SortState { column, dir }));
        assert_eq!(ids(&rows, &sort_sessions(&rows, default_sort())), ["s-b", "s-c", "s-a"]);
        assert_eq!(by(SessionColumn::Prompts, SortDir::Asc), ["s-a", "s-c", "s-b"]);
        assert_eq!(by(SessionColumn::McpCalls, SortDir::Desc), ["s-b", "s-a", "s-c"]);
        assert_eq!(by(SessionColumn::RagUses, SortDir::Desc), ["s-b", "s-a", "s-c"]);
        assert_eq!(by(SessionColumn::Id, SortDir::Desc), ["s-c", "s-b", "s-a"]);
        assert_eq!(by(SessionColumn::Tools, SortDir::Desc), ["s-b", "s-a", "s-c"]);
        // Missing token counts stay last both ways.
        assert_eq!(by(SessionColumn::PromptTokens, SortDir::Desc), ["s-b", "s-c", "s-a"]);
        assert_eq!(by(SessionColumn::PromptTokens, SortDir::Asc), ["s-c", "s-b", "s-a"]);
        assert_eq!(by(SessionColumn::Model, SortDir::Asc), ["s-b", "s-a", "s-c"]);
    }

    #[test]
    fn sorting_five_thousand_rows_is_a_permutation() {
        let mut u = UserMetrics::default();
        for i in 0..5000u32 {
            let s = SessionMetrics { total_prompts: f64::from(i % 13), ..Default::default() };
            u.session_metrics.insert(format!("id-{i:05}"), s);
        }
        let rows = session_rows(&u);
        let mut order = sort_sessions(&rows, default_sort());
        assert_eq!(rows[order[0]].prompts, 12.0);
        order.sort_unstable();
        assert_eq!(order, (0..5000).collect::<Vec<_>>());
    }

    #[test]
    fn csv_has_every_column_and_escapes() {
        let mut u = user();
        u.session_metrics.insert(
            "=evil,\"id\"".into(),
            SessionMetrics { total_prompts: 1.0, model_id: Some("-m".into()), ..Default::default() },
        );
        let rows = session_rows(&u);
        let order = sort_sessions(&rows, SortState { column: SessionColumn::Prompts, dir: SortDir::Asc });
        let csv = sessions_csv(&rows, &order);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "session_id,prompts,rag_uses,mcp_calls,tools,prompt_tokens,completion_tokens,model_id");
        assert_eq!(lines[1], "\"'=evil,\"\"id\"\"\",1,0,0,,,,\"'-m\"");
        assert_eq!(lines[2], "s-a,5,0,3,GMAIL-SEND-EMAIL=3,,,");
        assert_eq!(lines[4], "s-b,8,1,6,GMAIL-SEND-EMAIL=5; GOOGLE_CALENDAR-LIST-EVENTS=1,1200,300,titan-express-v1");
        assert_eq!(lines.len(), 6, "four rows, a header and the final line end");
    }
}

//! What the metrics pages show, computed in plain Rust: bar series and their scaling, sortable
//! rows, paging, CSV exports, timestamps, the lookup history. The pages only render these.

pub mod csv;
pub mod fmt;
pub mod lookup;
pub mod sessions;
pub mod sort;
pub mod time;

use std::collections::BTreeMap;

use lisa_api::metrics::AllUsersMetrics;
use sort::{cmp_number, cmp_text, directed, sort_indices, SortColumn, SortDir, SortState};

/// The aggregate of a deployment where nobody has used LISA yet (LISA sends all-integer zeros).
pub fn overview_is_empty(all: &AllUsersMetrics) -> bool {
    all.total_unique_users == 0.0
        && all.total_prompts == 0.0
        && all.total_rag_usage == 0.0
        && all.total_mcp_tool_calls == 0.0
        && all.mcp_tool_usage.is_empty()
        && all.user_groups.is_empty()
}

/// One bar of a chart and one row of its table: a tool and its calls, a group and its users.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
}

pub fn bars_from(map: &BTreeMap<String, f64>) -> Vec<Bar> {
    map.iter().map(|(label, value)| Bar { label: label.clone(), value: *value }).collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarColumn {
    Label,
    Value,
}

impl SortColumn for BarColumn {
    fn is_numeric(self) -> bool {
        self == BarColumn::Value
    }
}

/// Row order of a bar table (indices into `bars`). Ties on value fall back to the label, A→Z.
pub fn sort_bars(bars: &[Bar], sort: SortState<BarColumn>) -> Vec<usize> {
    sort_indices(bars.len(), &|a, b| {
        let (a, b) = (&bars[a], &bars[b]);
        match sort.column {
            BarColumn::Label => directed(cmp_text(&a.label, &b.label), sort.dir),
            BarColumn::Value => directed(cmp_number(a.value, b.value), sort.dir).then_with(|| cmp_text(&a.label, &b.label)),
        }
    })
}

/// A chart is always drawn biggest first.
pub fn chart_order(bars: &[Bar]) -> Vec<usize> {
    sort_bars(bars, SortState { column: BarColumn::Value, dir: SortDir::Desc })
}

/// The largest value a chart is scaled to (at least 1, so zero-only charts draw empty bars).
pub fn chart_max(bars: &[Bar]) -> f64 {
    bars.iter().map(|b| b.value).filter(|v| v.is_finite()).fold(0.0, f64::max).max(1.0)
}

/// A bar's length as a fraction of the full width. Non-zero values stay visible (at least 0.5%)
/// so a tool used once among thousands of calls still shows a bar.
pub fn bar_fraction(value: f64, max: f64) -> f64 {
    if !value.is_finite() || value <= 0.0 || !max.is_finite() || max <= 0.0 {
        return 0.0;
    }
    (value / max).clamp(0.005, 1.0)
}

/// `part` as a percentage of `total`; `None` when the total is zero.
pub fn share(part: f64, total: f64) -> Option<f64> {
    (total > 0.0 && total.is_finite() && part.is_finite()).then(|| part / total * 100.0)
}

/// The CSV of a bar table, in the table's current order.
pub fn bars_csv(label_header: &str, value_header: &str, bars: &[Bar], order: &[usize]) -> String {
    let total: f64 = bars.iter().map(|b| b.value).sum();
    csv::document(
        &[label_header, value_header, "share_percent"],
        order.iter().filter_map(|&i| bars.get(i)).map(|b| {
            let share = share(b.value, total).map(|p| (p * 100.0).round() / 100.0);
            vec![b.label.as_str().into(), b.value.into(), share.into()]
        }),
    )
}

/// Which rows of a long table are on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageWindow {
    /// Zero-based page, clamped to the last page.
    pub page: usize,
    pub pages: usize,
    /// Row range `start..end` of the sorted order.
    pub start: usize,
    pub end: usize,
}

pub fn page_window(total: usize, page: usize, size: usize) -> PageWindow {
    let size = size.max(1);
    let pages = total.div_ceil(size).max(1);
    let page = page.min(pages - 1);
    let start = (page * size).min(total);
    let end = (start + size).min(total);
    PageWindow { page, pages, start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(pairs: &[(&str, f64)]) -> Vec<Bar> {
        pairs.iter().map(|(l, v)| Bar { label: l.to_string(), value: *v }).collect()
    }

    #[test]
    fn bar_tables_sort_both_ways_with_stable_ties() {
        let b = bars(&[("b", 2.0), ("A", 5.0), ("c", 2.0)]);
        assert_eq!(chart_order(&b), vec![1, 0, 2]);
        let asc = SortState { column: BarColumn::Value, dir: SortDir::Asc };
        assert_eq!(sort_bars(&b, asc), vec![0, 2, 1]);
        assert_eq!(sort_bars(&b, SortState::new(BarColumn::Label)), vec![1, 0, 2]);
        assert_eq!(sort_bars(&b, SortState::new(BarColumn::Label).toggled(BarColumn::Label)), vec![2, 0, 1]);
    }

    #[test]
    fn chart_scaling() {
        let b = bars(&[("a", 11.0), ("b", 1.0), ("z", 0.0)]);
        let max = chart_max(&b);
        assert_eq!(max, 11.0);
        assert_eq!(bar_fraction(11.0, max), 1.0);
        assert!((bar_fraction(1.0, max) - 1.0 / 11.0).abs() < 1e-12);
        assert_eq!(bar_fraction(0.0, max), 0.0);
        assert_eq!(bar_fraction(1.0, 100_000.0), 0.005);
        assert_eq!(bar_fraction(f64::NAN, 1.0), 0.0);
        assert_eq!(chart_max(&[]), 1.0);
        assert_eq!(share(1.0, 4.0), Some(25.0));
        assert_eq!(share(1.0, 0.0), None);
    }

    #[test]
    fn bar_csv_in_table_order() {
        let b = bars(&[("GMAIL-SEND-EMAIL", 11.0), ("=cmd", 1.0)]);
        let csv = bars_csv("tool", "calls", &b, &chart_order(&b));
        assert_eq!(csv, "tool,calls,share_percent\r\nGMAIL-SEND-EMAIL,11,91.67\r\n\"'=cmd\",1,8.33\r\n");
    }

    #[test]
    fn empty_overview() {
        let empty: AllUsersMetrics = serde_json::from_str(
            r#"{"totalUniqueUsers":0,"totalPrompts":0,"totalRagUsage":0,"ragUsagePercentage":0,
                "totalMCPToolCalls":0,"mcpToolCallsPercentage":0,"mcpToolUsage":{},"userGroups":{}}"#,
        )
        .unwrap();
        assert!(overview_is_empty(&empty));
        let one = AllUsersMetrics { total_unique_users: 1.0, ..empty };
        assert!(!overview_is_empty(&one));
    }

    #[test]
    fn paging() {
        assert_eq!(page_window(0, 0, 100), PageWindow { page: 0, pages: 1, start: 0, end: 0 });
        assert_eq!(page_window(5000, 0, 100), PageWindow { page: 0, pages: 50, start: 0, end: 100 });
        assert_eq!(page_window(5000, 49, 100), PageWindow { page: 49, pages: 50, start: 4900, end: 5000 });
        assert_eq!(page_window(250, 9, 100), PageWindow { page: 2, pages: 3, start: 200, end: 250 });
        assert_eq!(page_window(3, 0, 0), PageWindow { page: 0, pages: 3, start: 0, end: 1 });
    }
}

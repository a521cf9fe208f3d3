//! The model catalogue's logic: one precomputed row per model, sorting, filtering, free-text
//! search, the view state as a URL query, and the formatting of the table's cells.
//!
//! Everything the table compares is computed once per fetch ([`build_rows`]), so that a sort
//! is a comparison of ready strings and numbers, and a search keystroke is one pass of
//! substring tests over ready lower-case text (5,000 models stay interactive).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use std::hash::{Hash, Hasher};

use crate::lifecycle::{status_label, Hosting};

pub mod columns;
mod query;
mod summary;

pub use query::{Column, SortDir, ViewQuery};
pub use summary::{CatalogueList, FeatureName, ModelSummary};

/// Whether LiteLLM serves the model right now (`GET /v2/serve/models`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Serving {
    Yes,
    No,
    /// The serve list could not be read.
    Unknown,
    /// The serve list has not arrived yet: the table does not wait for it.
    Pending,
}

/// What is known of the serve list when rows are built.
#[derive(Clone, Copy, Debug)]
pub enum Availability<'a> {
    /// The ids LiteLLM serves.
    Listed(&'a HashSet<String>),
    /// The serve list could not be read.
    Unknown,
    /// Still on its way.
    Pending,
}

impl<'a> From<Option<&'a HashSet<String>>> for Availability<'a> {
    fn from(servable: Option<&'a HashSet<String>>) -> Self {
        servable.map_or(Availability::Unknown, Availability::Listed)
    }
}

impl Serving {
    pub fn label(self) -> &'static str {
        match self {
            Serving::Yes => "Yes",
            Serving::No => "No",
            Serving::Unknown => "unknown",
            Serving::Pending => "checking…",
        }
    }
}

/// One model as the table shows and compares it.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogueRow {
    pub model: ModelSummary,
    pub hosting: Hosting,
    pub serving: Serving,
    pub status_text: String,
    pub features_text: String,
    pub groups_text: String,
    pub context_text: String,
    /// Changes whenever anything the row shows changes, availability apart (the table updates
    /// that cell in place): the table's key, with the id, so an unchanged row is never
    /// re-rendered by a refetch.
    pub fingerprint: u64,
    id_key: String,
    /// Position of the id in id order, filled by [`build_rows`].
    id_rank: u32,
    /// `id \n name \n description`, lower-case: what the search box looks in. Built on the
    /// first search, not for every refetch.
    haystack: OnceLock<String>,
}

impl CatalogueRow {
    pub fn new(model: ModelSummary, availability: Availability) -> CatalogueRow {
        let hosting = model.hosting();
        let serving = match availability {
            Availability::Listed(ids) if ids.contains(&model.model_id) => Serving::Yes,
            Availability::Listed(_) => Serving::No,
            Availability::Unknown => Serving::Unknown,
            Availability::Pending => Serving::Pending,
        };
        let status_text = status_label(&model.status);
        let features_text = model.features_text();
        let groups_text = groups_text(model.allowed_groups.as_deref());
        let context_text = model.context_window.map(format_context_window).unwrap_or_default();
        let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
        (&model.model_id, &model.model_name, &model.model_description, &status_text, model.model_type.as_str())
            .hash(&mut hasher);
        (hosting, &model.instance_type, model.streaming, &features_text, &groups_text, model.context_window).hash(&mut hasher);
        CatalogueRow {
            id_key: model.model_id.to_lowercase(),
            id_rank: 0,
            fingerprint: hasher.finish(),
            model,
            hosting,
            serving,
            status_text,
            features_text,
            groups_text,
            context_text,
            haystack: OnceLock::new(),
        }
    }

    pub fn id(&self) -> &str {
        &self.model.model_id
    }

    /// Every whitespace-separated term of the (lower-cased) search appears in the id, name or
    /// description.
    fn matches_search(&self, terms: &[String]) -> bool {
        if terms.is_empty() {
            return true;
        }
        let haystack = self.haystack.get_or_init(|| {
            let m = &self.model;
            format!("{}\n{}\n{}", m.model_id, m.model_name, m.model_description.as_deref().unwrap_or("")).to_lowercase()
        });
        terms.iter().all(|t| haystack.contains(t.as_str()))
    }

    fn matches(&self, q: &ViewQuery, terms: &[String]) -> bool {
        q.status.as_ref().is_none_or(|s| *s == self.model.status)
            && q.model_type.as_ref().is_none_or(|t| *t == self.model.model_type)
            && q.hosting.is_none_or(|h| h == self.hosting)
            && self.matches_search(terms)
    }
}

/// FNV-1a: the fingerprint only has to change when a row's content does, cheaply (5,000 rows
/// are fingerprinted on every refetch).
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A cheap fingerprint of a whole response body, 8 bytes at a time: polling a catalogue that has
/// not changed can skip decoding it.
pub fn body_fingerprint(body: &str) -> u64 {
    let bytes = body.as_bytes();
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29);
    }
    for b in chunks.remainder() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Rows for a model list, with what is known of the serve list.
pub fn build_rows(models: Vec<ModelSummary>, availability: Availability) -> Vec<CatalogueRow> {
    let mut rows: Vec<CatalogueRow> = models.into_iter().map(|m| CatalogueRow::new(m, availability)).collect();
    // Every sort breaks ties by id: rank the ids once, so sorts compare integers.
    let mut by_id: Vec<u32> = (0..rows.len() as u32).collect();
    by_id.sort_unstable_by(|&a, &b| match (rows.get(a as usize), rows.get(b as usize)) {
        (Some(x), Some(y)) => x.id_key.cmp(&y.id_key).then_with(|| x.model.model_id.cmp(&y.model.model_id)),
        _ => Ordering::Equal,
    });
    for (rank, &i) in by_id.iter().enumerate() {
        if let Some(r) = rows.get_mut(i as usize) {
            r.id_rank = rank as u32;
        }
    }
    rows
}

/// Row indices in display order for a column and direction. Missing values (no instance
/// type, no context window, no features) sort last either way; ties keep id order, so rows
/// never swap places between refetches. Each row gets an integer key first (text columns are
/// ranked through their distinct values), so the sort itself compares integers only.
pub fn sort_order<R: Borrow<CatalogueRow>>(rows: &[R], column: Column, dir: SortDir) -> Vec<u32> {
    let keys = primary_keys(rows, column);
    let mut keyed: Vec<(u64, u32, u32)> = rows
        .iter()
        .zip(keys)
        .enumerate()
        .map(|(i, (r, key))| {
            let key = match (key, dir) {
                (None, _) => u64::MAX,
                (Some(k), SortDir::Asc) => k,
                (Some(k), SortDir::Desc) => u64::MAX - 1 - k,
            };
            (key, r.borrow().id_rank, i as u32)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// Each row's key for `column` (smaller first), `None` when the value is missing.
fn primary_keys<R: Borrow<CatalogueRow>>(rows: &[R], column: Column) -> Vec<Option<u64>> {
    let each = |f: &dyn Fn(&CatalogueRow) -> Option<u64>| rows.iter().map(|r| f(r.borrow())).collect();
    match column {
        Column::Model => each(&|r| Some(u64::from(r.id_rank))),
        Column::Type => ranked(rows, |r| Some(r.model.model_type.as_str())),
        Column::Hosting => ranked(rows, |r| Some(r.hosting.label())),
        Column::Status => ranked(rows, |r| Some(r.status_text.as_str())),
        Column::Instance => ranked(rows, |r| r.model.instance_type.as_deref()),
        Column::Streaming => each(&|r| Some(u64::from(r.model.streaming))),
        Column::Features => ranked(rows, |r| Some(r.features_text.as_str()).filter(|f| !f.is_empty())),
        // Shifted so that negative values (never sent, but possible) still order correctly.
        Column::Context => each(&|r| r.model.context_window.map(|c| (c as u64) ^ (1 << 63))),
        Column::Groups => ranked(rows, |r| Some(r.groups_text.as_str())),
        Column::Serving => each(&|r| match r.serving {
            Serving::Yes => Some(0),
            Serving::No => Some(1),
            Serving::Unknown | Serving::Pending => None,
        }),
    }
}

/// The position of each row's text among the column's distinct texts, case-insensitively
/// (only the distinct texts are lower-cased and sorted).
fn ranked<'a, R: Borrow<CatalogueRow>>(rows: &'a [R], text: impl Fn(&'a CatalogueRow) -> Option<&'a str>) -> Vec<Option<u64>> {
    let texts: Vec<Option<&'a str>> = rows.iter().map(|r| text(r.borrow())).collect();
    let mut distinct: Vec<&str> = texts.iter().flatten().copied().collect::<HashSet<&str>>().into_iter().collect();
    distinct.sort_by_cached_key(|t| (t.to_lowercase(), t.to_string()));
    let rank: HashMap<&str, u64> = distinct.into_iter().enumerate().map(|(i, t)| (t, i as u64)).collect();
    texts.into_iter().map(|t| t.and_then(|t| rank.get(t).copied())).collect()
}

/// The sorted indices that pass the filters and the search, order kept.
pub fn filter_order<R: Borrow<CatalogueRow>>(rows: &[R], sorted: &[u32], q: &ViewQuery) -> Vec<u32> {
    if !q.has_filters() {
        return sorted.to_vec();
    }
    let terms = search_terms(&q.search);
    sorted.iter().copied().filter(|&i| rows.get(i as usize).is_some_and(|r| r.borrow().matches(q, &terms))).collect()
}

fn search_terms(search: &str) -> Vec<String> {
    search.split_whitespace().map(str::to_lowercase).collect()
}

/// A context window as people say it: 512, 8K, 131K, 1.5M. Thousands are decimal and rounded
/// down (131,072 → 131K, 32,768 → 32K); millions keep one decimal.
pub fn format_context_window(tokens: i64) -> String {
    if tokens < 0 {
        return tokens.to_string();
    }
    if tokens < 1_000 {
        return tokens.to_string();
    }
    if tokens < 1_000_000 {
        return format!("{}K", tokens / 1_000);
    }
    let tenths = tokens / 100_000;
    if tenths.rem_euclid(10) == 0 {
        format!("{}M", tenths / 10)
    } else {
        format!("{}.{}M", tenths / 10, tenths % 10)
    }
}

/// 131072 → "131,072": for the exact value next to the short form.
pub fn format_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// `allowedGroups`: empty or null means every user may use the model.
pub fn groups_text(groups: Option<&[String]>) -> String {
    match groups {
        Some(g) if !g.is_empty() => g.join(", "),
        _ => "public".to_string(),
    }
}

/// Some model is in the middle of a workflow: the catalogue keeps polling.
pub fn any_transitional(models: &[ModelSummary]) -> bool {
    models.iter().any(|m| crate::lifecycle::is_transitional(&m.status))
}

/// "just now", "12 s ago", "3 min ago", "2 h ago": how old the data on screen is.
pub fn age_text(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0).floor() as u64;
    match s {
        0..=1 => "just now".to_string(),
        2..=119 => format!("{s} s ago"),
        120..=7199 => format!("{} min ago", s / 60),
        _ => format!("{} h ago", s / 3600),
    }
}

#[cfg(test)]
mod tests;

//! Which models an export holds: everything, the catalogue's current view (its filters and
//! search, in its order), a selection, or one model.
//!
//! The selection hook: the catalogue (once it has a selection) stores the selected ids as a JSON
//! list under [`SELECTION_KEY`] in sessionStorage and links to `/models/export?scope=selection`.

use serde_json::Value;

use crate::catalogue::ViewQuery;
use crate::lifecycle::hosting_from;
use lisa_api::enums::{HostingType, ModelStatus, ModelType};

/// sessionStorage: the catalogue's selection, a JSON list of model ids.
pub const SELECTION_KEY: &str = "lisa-admin.export.selection";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every model.
    All,
    /// The models the catalogue shows with these filters and this search.
    View(ViewQuery),
    /// These ids, in this order.
    Selection(Vec<String>),
    One(String),
}

impl Scope {
    /// From the export page's query: `?id=<id>`, `?scope=selection` (ids from `selection`, the
    /// stored text), or the catalogue's own query (`q`, `status`, `type`, `hosting`, `sort`,
    /// `dir`). `scope=all` (or no filter) is everything.
    pub fn from_query(query: &str, selection: Option<&str>) -> Scope {
        if let Some(id) = crate::url::query_value(query, "id").filter(|id| !id.is_empty()) {
            return Scope::One(id);
        }
        match crate::url::query_value(query, "scope").as_deref() {
            Some("selection") => {
                let ids: Vec<String> = selection
                    .and_then(|t| serde_json::from_str::<Vec<Value>>(t).ok())
                    .map(|list| list.into_iter().filter_map(|v| v.as_str().map(String::from)).collect())
                    .unwrap_or_default();
                Scope::Selection(ids)
            }
            Some("all") => Scope::All,
            _ => {
                let q = ViewQuery::parse(query);
                if q.has_filters() {
                    Scope::View(q)
                } else {
                    Scope::All
                }
            }
        }
    }
}

/// The models of a scope (their `GET /models` records), and what could not be exported.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picked {
    pub models: Vec<Value>,
    /// Records without a text `modelId`: left out (LISA could not have stored them).
    pub unreadable: usize,
    /// Selected ids LISA does not have (deleted meanwhile).
    pub missing: Vec<String>,
}

/// The catalogue's filter and search (`catalogue::CatalogueRow::matches`) on a whole model:
/// status, type and hosting equal where set, and every search term in the id, name or
/// description, ignoring case. (The catalogue's own code works on its row type, which would
/// bring a second model decoder into this bundle; `tests/transfer_export.rs` checks both pick
/// the same models.)
pub fn in_view(record: &Value, q: &ViewQuery) -> bool {
    let text = |k: &str| record.get(k).and_then(Value::as_str).unwrap_or("");
    let haystack = format!("{}\n{}\n{}", text("modelId"), text("modelName"), text("modelDescription")).to_lowercase();
    let hosting_type = record.get("hostingType").and_then(Value::as_str).map(HostingType::parse);
    q.status.as_ref().is_none_or(|s| *s == ModelStatus::parse(text("status")))
        && q.model_type.as_ref().is_none_or(|t| *t == ModelType::parse(text("modelType")))
        && q.hosting.is_none_or(|h| h == hosting_from(super::is_hosted(record), hosting_type.as_ref()))
        && q.search.split_whitespace().all(|t| haystack.contains(&t.to_lowercase()))
}

/// The records of `GET /models` in `scope`: everything and the catalogue's view in id order, a
/// selection in its own order.
pub fn pick(records: &[Value], scope: &Scope) -> Picked {
    let id_of = |r: &Value| r.get("modelId").and_then(Value::as_str).unwrap_or("").to_string();
    let ordered: Vec<&Value> = match scope {
        Scope::One(id) => records.iter().filter(|r| id_of(r) == *id).take(1).collect(),
        Scope::Selection(ids) => ids.iter().filter_map(|id| records.iter().find(|r| id_of(r) == *id)).collect(),
        Scope::All | Scope::View(_) => records.iter().collect(),
    };
    let mut out = Picked::default();
    for r in ordered {
        match r.get("modelId") {
            Some(Value::String(_)) if matches!(scope, Scope::View(q) if !in_view(r, q)) => {}
            Some(Value::String(_)) => out.models.push(r.clone()),
            _ => out.unreadable += 1,
        }
    }
    if matches!(scope, Scope::All | Scope::View(_)) {
        out.models.sort_by(|a, b| super::body_id(a).cmp(super::body_id(b)));
    }
    let wanted: Vec<&String> = match scope {
        Scope::Selection(ids) => ids.iter().collect(),
        Scope::One(id) => vec![id],
        _ => Vec::new(),
    };
    out.missing = wanted.into_iter().filter(|id| !records.iter().any(|r| id_of(r) == **id)).cloned().collect();
    out
}

//! Which models an export holds: everything, the catalogue's current view (its filters and
//! search, in its order), a selection, or one model.
//!
//! The selection hook: the catalogue (once it has a selection) stores the selected ids as a JSON
//! list under [`SELECTION_KEY`] in sessionStorage and links to `/models/export?scope=selection`.

use serde_json::Value;

use crate::catalogue::{build_rows, filter_order, sort_order, Availability, ModelSummary, ViewQuery};
use lisa_api::model::LisaModel;

/// sessionStorage: the catalogue's selection, a JSON list of model ids.
pub const SELECTION_KEY: &str = "lisa-admin.export.selection";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every model (in id order).
    All,
    /// The catalogue's view: its filters and search, its sort.
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

/// The models of a scope, and what could not be exported.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picked {
    pub models: Vec<LisaModel>,
    /// Records in scope this client cannot read (a corrupt record): left out, named.
    pub unreadable: Vec<String>,
    /// Selected ids LISA does not have (deleted meanwhile).
    pub missing: Vec<String>,
}

/// The records of `GET /models` in `scope`.
pub fn pick(records: &[Value], scope: &Scope) -> Picked {
    let id_of = |r: &Value| r.get("modelId").and_then(Value::as_str).unwrap_or("").to_string();
    let ordered: Vec<&Value> = match scope {
        Scope::One(id) => records.iter().filter(|r| id_of(r) == *id).take(1).collect(),
        Scope::Selection(ids) => ids.iter().filter_map(|id| records.iter().find(|r| id_of(r) == *id)).collect(),
        Scope::All | Scope::View(_) => {
            let q = match scope {
                Scope::View(q) => q.clone(),
                _ => ViewQuery::default(),
            };
            // The catalogue's rows, sort and filter, on the records it can read.
            let (readable, summaries): (Vec<&Value>, Vec<ModelSummary>) =
                records.iter().filter_map(|r| Some((r, serde_json::from_value::<ModelSummary>(r.clone()).ok()?))).unzip();
            let rows = build_rows(summaries, Availability::Unknown);
            let order = filter_order(&rows, &sort_order(&rows, q.sort, q.dir), &q);
            let mut picked: Vec<&Value> = order.iter().filter_map(|&i| readable.get(i as usize).copied()).collect();
            if q == ViewQuery::default() {
                // Not even a summary could be read: still named, as unreadable.
                picked.extend(records.iter().filter(|r| serde_json::from_value::<ModelSummary>((*r).clone()).is_err()));
            }
            picked
        }
    };
    let mut out = Picked::default();
    for r in ordered {
        match serde_json::from_value::<LisaModel>(r.clone()) {
            Ok(m) => out.models.push(m),
            Err(_) => out.unreadable.push(id_of(r)),
        }
    }
    let wanted: Vec<&String> = match scope {
        Scope::Selection(ids) => ids.iter().collect(),
        Scope::One(id) => vec![id],
        _ => Vec::new(),
    };
    out.missing = wanted.into_iter().filter(|id| !records.iter().any(|r| id_of(r) == **id)).cloned().collect();
    out
}

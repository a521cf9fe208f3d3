//! The catalogue's view as the URL query: search, filters, sort column and direction.

use lisa_api::enums::{ModelStatus, ModelType};
use crate::lifecycle::Hosting;
use crate::url::{decode_component, query_string};

/// The table's columns, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Model,
    Type,
    Hosting,
    Status,
    Instance,
    Streaming,
    Features,
    Context,
    Groups,
    Serving,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Model,
        Column::Type,
        Column::Hosting,
        Column::Status,
        Column::Instance,
        Column::Streaming,
        Column::Features,
        Column::Context,
        Column::Groups,
        Column::Serving,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Column::Model => "Model",
            Column::Type => "Type",
            Column::Hosting => "Hosting",
            Column::Status => "Status",
            Column::Instance => "Instance type",
            Column::Streaming => "Streaming",
            Column::Features => "Features",
            Column::Context => "Context window",
            Column::Groups => "Allowed groups",
            Column::Serving => "Available for inference",
        }
    }

    /// The value of `sort=` in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Column::Model => "id",
            Column::Type => "type",
            Column::Hosting => "hosting",
            Column::Status => "status",
            Column::Instance => "instance",
            Column::Streaming => "streaming",
            Column::Features => "features",
            Column::Context => "context",
            Column::Groups => "groups",
            Column::Serving => "inference",
        }
    }

    pub fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

impl SortDir {
    pub fn flipped(self) -> SortDir {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }

    /// For `aria-sort`.
    pub fn aria(self) -> &'static str {
        match self {
            SortDir::Asc => "ascending",
            SortDir::Desc => "descending",
        }
    }
}

/// Everything that decides which rows are shown and in what order. It lives in the URL query
/// (`?q=…&status=…&type=…&hosting=…&sort=…&dir=desc`), so a copied link shows the same view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewQuery {
    pub search: String,
    pub status: Option<ModelStatus>,
    pub model_type: Option<ModelType>,
    pub hosting: Option<Hosting>,
    pub sort: Column,
    pub dir: SortDir,
}

impl Default for ViewQuery {
    fn default() -> Self {
        ViewQuery { search: String::new(), status: None, model_type: None, hosting: None, sort: Column::Model, dir: SortDir::Asc }
    }
}

impl ViewQuery {
    /// From decoded query pairs. Values this client does not know (a hand-edited or old link)
    /// are ignored rather than producing an empty table nobody can explain.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ViewQuery {
        let mut q = ViewQuery::default();
        for (key, value) in pairs {
            match key {
                "q" => q.search = value.to_string(),
                "status" => q.status = Some(ModelStatus::parse(value)).filter(ModelStatus::is_known),
                "type" => q.model_type = Some(ModelType::parse(value)).filter(ModelType::is_known),
                "hosting" => q.hosting = Hosting::from_key(value),
                "sort" => q.sort = Column::from_key(value).unwrap_or(Column::Model),
                "dir" => q.dir = if value == "desc" { SortDir::Desc } else { SortDir::Asc },
                _ => {}
            }
        }
        q
    }

    /// From a raw query string (`a=1&b=x%20y`, with or without the leading `?`).
    pub fn parse(raw: &str) -> ViewQuery {
        let decoded: Vec<(String, String)> = raw
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode_component(k, true), decode_component(v, true))
            })
            .collect();
        ViewQuery::from_pairs(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The query string without `?`; defaults are left out, so the plain page has a plain URL.
    pub fn to_query_string(&self) -> String {
        let sort = if self.sort == Column::Model { String::new() } else { self.sort.key().to_string() };
        let dir = if self.dir == SortDir::Desc { "desc".to_string() } else { String::new() };
        query_string(&[
            ("q", self.search.clone()),
            ("status", self.status.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default()),
            ("type", self.model_type.as_ref().map(|t| t.as_str().to_string()).unwrap_or_default()),
            ("hosting", self.hosting.map(|h| h.key().to_string()).unwrap_or_default()),
            ("sort", sort),
            ("dir", dir),
        ])
    }

    pub fn has_filters(&self) -> bool {
        !self.search.trim().is_empty() || self.status.is_some() || self.model_type.is_some() || self.hosting.is_some()
    }

    /// Clicking a column header: the same column flips direction, another starts ascending.
    pub fn sorted_by(&self, column: Column) -> ViewQuery {
        let dir = if self.sort == column { self.dir.flipped() } else { SortDir::Asc };
        ViewQuery { sort: column, dir, ..self.clone() }
    }

    pub fn cleared(&self) -> ViewQuery {
        ViewQuery { sort: self.sort, dir: self.dir, ..ViewQuery::default() }
    }
}

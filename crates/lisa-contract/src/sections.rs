//! The app is split into bundles by route so that no page's first load carries code for every
//! page (the first-load budget): the catalogue (with sign-in and the model detail page), the
//! create form, the edit form, and the metrics pages. Each
//! bundle is a complete app that serves its own routes; `public/boot.js` picks the bundle from
//! the path with the same rule as [`section_of`] (a browser test visits every route).

/// Which bundle serves a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// Sign-in, the model catalogue and the model detail page (and anything unknown).
    Catalogue,
    /// `/models/new`.
    Create,
    /// `/models/{id}/edit`.
    Edit,
    /// `/metrics` and `/metrics/users/{id}`.
    Metrics,
}

impl Section {
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Catalogue => "catalogue",
            Section::Create => "create",
            Section::Edit => "edit",
            Section::Metrics => "metrics",
        }
    }
}

/// `path` is the app path (base removed), without query or fragment.
pub fn section_of(path: &str) -> Section {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        ["metrics", ..] => Section::Metrics,
        ["models", "new"] => Section::Create,
        ["models", _, "edit"] => Section::Edit,
        _ => Section::Catalogue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_map_to_their_bundles() {
        for (path, section) in [
            ("/", Section::Catalogue),
            ("", Section::Catalogue),
            ("/sign-in", Section::Catalogue),
            ("/sign-in/callback", Section::Catalogue),
            ("/models", Section::Catalogue),
            ("/models/", Section::Catalogue),
            ("/models/abc", Section::Catalogue),
            ("/models/new", Section::Create),
            ("/models/new/", Section::Create),
            ("/models/abc/edit", Section::Edit),
            ("/models/a%2Fb/edit", Section::Edit),
            ("/models/edit", Section::Catalogue),
            ("/metrics", Section::Metrics),
            ("/metrics/users/john.doe%40company.com", Section::Metrics),
            ("/no/such/page", Section::Catalogue),
        ] {
            assert_eq!(section_of(path), section, "{path}");
        }
    }
}

//! The app is split into bundles by route so that no page's first load carries code for every
//! page (the first-load budget): the catalogue (with sign-in), one model's pages, trying models,
//! the create form, the edit form, the import, and the deployment-wide pages (metrics, export,
//! default model). Each bundle is a complete app that serves
//! its own routes; `public/boot.js` picks the bundle from the path with the same table and rule
//! as [`section_of`] (`tests/boot_sections.rs` runs boot.js's copy in node against this one).

/// Which bundle serves a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// Sign-in and the model catalogue (and anything unknown).
    Catalogue,
    /// `/models/{id}`: one model's pages.
    Model,
    /// `/models/{id}/try` and `/compare`: trying models through LISA Serve.
    Try,
    /// `/models/new`.
    Create,
    /// `/models/{id}/edit`.
    Edit,
    /// `/models/import`: many models at once.
    Transfer,
    /// The deployment-wide pages: `/metrics`, `/metrics/users/{id}`, `/models/export` and
    /// `/models/{id}/default` (the default model). The export and the default model's procedure
    /// were the model bundle's, and took it 19 KB over the first-load budget; this bundle had
    /// the room.
    Deployment,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Catalogue,
        Section::Model,
        Section::Try,
        Section::Create,
        Section::Edit,
        Section::Transfer,
        Section::Deployment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Catalogue => "catalogue",
            Section::Model => "model",
            Section::Try => "try",
            Section::Transfer => "transfer",
            Section::Create => "create",
            Section::Edit => "edit",
            Section::Deployment => "deployment",
        }
    }
}

/// Which bundle serves which app paths, by segments: `*` is any one segment, `**` (last) any
/// number of them, including none. The first rule that matches wins; a path no rule matches is
/// the catalogue's (which shows "not found" for unknown ones). `public/boot.js` has this table
/// as `SECTION_ROUTES`.
pub const ROUTES: &[(&str, Section)] = &[
    ("metrics/**", Section::Deployment),
    ("models/new", Section::Create),
    ("models/import", Section::Transfer),
    ("models/export", Section::Deployment),
    ("models/*/default", Section::Deployment),
    ("models/*/edit", Section::Edit),
    ("models/*", Section::Model),
    ("models/*/try", Section::Try),
    ("compare", Section::Try),
];

/// `path` is the app path (base removed), without query or fragment.
pub fn section_of(path: &str) -> Section {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    ROUTES
        .iter()
        .find(|(pattern, _)| matches(pattern, &segments))
        .map_or(Section::Catalogue, |(_, section)| *section)
}

fn matches(pattern: &str, segments: &[&str]) -> bool {
    let mut rest = segments;
    for part in pattern.split('/') {
        match (part, rest.split_first()) {
            ("**", _) => return true,
            ("*", Some((_, tail))) => rest = tail,
            (literal, Some((first, tail))) if literal == *first => rest = tail,
            _ => return false,
        }
    }
    rest.is_empty()
}

/// An app path for every route the router serves, and paths it does not, with the bundle each
/// belongs to: the cases both copies of the rule are tested on.
pub const EXAMPLES: &[(&str, Section)] = &[
    ("/", Section::Catalogue),
    ("", Section::Catalogue),
    ("/sign-in", Section::Catalogue),
    ("/sign-in/callback", Section::Catalogue),
    ("/models", Section::Catalogue),
    ("/models/", Section::Catalogue),
    ("/models/abc", Section::Model),
    ("/models/a%2Fb", Section::Model),
    ("/models/new", Section::Create),
    ("/models/new/", Section::Create),
    ("/models/import", Section::Transfer),
    ("/models/import/x", Section::Catalogue),
    ("/models/abc/edit", Section::Edit),
    ("/models/a%2Fb/edit", Section::Edit),
    ("/models/edit", Section::Model),
    ("/models/abc/edit/more", Section::Catalogue),
    ("/models/abc/try", Section::Try),
    ("/models/a%2Fb/try", Section::Try),
    ("/models/abc/try/more", Section::Catalogue),
    ("/compare", Section::Try),
    ("/compare/", Section::Try),
    ("/compare/x", Section::Catalogue),
    ("/models//edit", Section::Model),
    ("/metrics", Section::Deployment),
    ("/metrics/", Section::Deployment),
    ("/metrics/users/john.doe%40company.com", Section::Deployment),
    ("/models/export", Section::Deployment),
    ("/models/gpt%2F4/default", Section::Deployment),
    ("/metricsx", Section::Catalogue),
    ("/no/such/page", Section::Catalogue),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_map_to_their_bundles() {
        for (path, section) in EXAMPLES {
            assert_eq!(section_of(path), *section, "{path}");
        }
    }
}

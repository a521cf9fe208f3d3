//! Typed route paths and the one helper every link and navigation goes through.
//!
//! The app may be served under a sub-path (`/admin/`). The router matches under that base, but
//! `<A href>` is not prefixed with it, so links are built here as full paths (base included) and
//! rendered as plain `<a>` elements, which the router still intercepts for client-side
//! navigation.

use std::sync::OnceLock;

use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use lisa_contract::url::encode_component;

pub const SIGN_IN: &str = "/sign-in";
pub const MODELS: &str = "/models";
pub const MODEL_NEW: &str = "/models/new";
pub const METRICS: &str = "/metrics";

static BASE: OnceLock<String> = OnceLock::new();

/// The path the app is served under, without a trailing slash (`""` at the root, `"/admin"`).
/// It comes from the document's `<base href>`, which Trunk writes from `--public-url`.
pub fn base() -> &'static str {
    BASE.get_or_init(|| {
        let base_uri = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
            .unwrap_or_default();
        let path = web_sys::Url::new(&base_uri).map(|u| u.pathname()).unwrap_or_default();
        path.trim_end_matches('/').to_string()
    })
}

/// A full path for an app route: `href("/models")` → `/admin/models`.
pub fn href(path: &str) -> String {
    format!("{}{}", base(), path)
}

pub fn model(id: &str) -> String {
    href(&format!("/models/{}", encode_component(id)))
}

pub fn model_edit(id: &str) -> String {
    href(&format!("/models/{}/edit", encode_component(id)))
}

/// The create form prefilled from an existing model (everything but the id).
pub fn model_copy(id: &str) -> String {
    href(&format!("{MODEL_NEW}?copy={}", encode_component(id)))
}

pub fn user_metrics(user_id: &str) -> String {
    href(&format!("/metrics/users/{}", encode_component(user_id)))
}

pub fn sign_in_returning_to(path_and_query: &str) -> String {
    href(&format!("{SIGN_IN}?return={}", encode_component(path_and_query)))
}

/// The current location as an app path (base removed), query included: what sign-in returns to.
pub fn current_app_path() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return MODELS.to_string() };
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let app_path = path.strip_prefix(base()).unwrap_or(&path);
    let app_path = if app_path.is_empty() { "/" } else { app_path };
    format!("{app_path}{search}")
}

/// A return path is only followed if it is an app path: never another origin (`//evil.com`,
/// `https://…`), which would turn sign-in into an open redirect.
pub fn safe_return_path(candidate: &str) -> String {
    if candidate.starts_with('/') && !candidate.starts_with("//") && !candidate.contains('\\') {
        candidate.to_string()
    } else {
        MODELS.to_string()
    }
}

/// Navigation through the same helper: takes a full path from the functions above.
pub fn use_go() -> impl Fn(&str) + Clone + 'static {
    let navigate = use_navigate();
    move |full_path: &str| navigate(full_path, NavigateOptions { resolve: false, ..Default::default() })
}

/// Like [`use_go`] but replaces the history entry (URL state changes such as sort or filter).
pub fn use_replace() -> impl Fn(&str) + Clone + 'static {
    let navigate = use_navigate();
    move |full_path: &str| {
        navigate(full_path, NavigateOptions { resolve: false, replace: true, scroll: false, ..Default::default() })
    }
}

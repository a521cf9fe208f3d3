//! Typed route paths and the one helper every link and navigation goes through.
//!
//! The app may be served under a sub-path (`/admin/`). The router matches under that base, but
//! `<A href>` is not prefixed with it, so links are built here as full paths (base included) and
//! rendered as plain `<a>` elements, which the router still intercepts for client-side
//! navigation.

use std::sync::OnceLock;

use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use lisa_console::url::{decode_uri_changes_meaning, encode_component, id_from_segment, is_app_pathname, path_segment};
use wasm_bindgen::JsCast;

pub const SIGN_IN: &str = "/sign-in";
pub const MODELS: &str = "/models";
pub const MODEL_NEW: &str = "/models/new";
pub const METRICS: &str = "/metrics";
pub const MODELS_IMPORT: &str = "/models/import";
pub const MODELS_EXPORT: &str = "/models/export";

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

/// The id in an app path (`/admin/models/a%2541/edit` with prefix `/models/` and suffix `/edit`
/// gives `a%41`), decoded once; `None` for a path of another page (the one being navigated
/// to while this page is still up). The router's params are decoded twice, which turns an id
/// containing `%25` into another id; pass it the router's `use_location().pathname`.
pub fn id_in_path(pathname: &str, prefix: &str, suffix: &str) -> Option<String> {
    let app_path = pathname.strip_prefix(base()).unwrap_or(pathname).trim_end_matches('/');
    let raw = app_path.strip_prefix(prefix)?;
    let raw = if suffix.is_empty() { raw } else { raw.strip_suffix(suffix)? };
    (!raw.is_empty() && !raw.contains('/')).then(|| id_from_segment(raw))
}

/// A full path for an app route: `href("/models")` → `/admin/models`.
pub fn href(path: &str) -> String {
    format!("{}{}", base(), path)
}

/// Ids go into paths through `path_segment`: `.`, `..`, `new` and the empty id would otherwise
/// open another page (the browser drops dot segments; `/models/new` is the create form).
pub fn model(id: &str) -> String {
    href(&format!("/models/{}", path_segment(id)))
}

pub fn model_edit(id: &str) -> String {
    href(&format!("/models/{}/edit", path_segment(id)))
}

/// The page that makes the model the deployment's default model, or (`clear`) clears the default.
pub fn model_default(id: &str, clear: bool) -> String {
    let page = href(&format!("/models/{}/default", path_segment(id)));
    if clear { format!("{page}?clear") } else { page }
}

/// The create form prefilled from an existing model (everything but the id).
pub fn model_copy(id: &str) -> String {
    href(&format!("{MODEL_NEW}?copy={}", encode_component(id)))
}

/// The export page for the catalogue's view (`query`: its query string, filters and search).
pub fn export_view(query: &str) -> String {
    if query.is_empty() {
        href(MODELS_EXPORT)
    } else {
        href(&format!("{MODELS_EXPORT}?{query}"))
    }
}

/// The export page for one model.
pub fn export_model(id: &str) -> String {
    href(&format!("{MODELS_EXPORT}?id={}", encode_component(id)))
}

/// The create form editing row `row` of the import plan (see `transfer::handover`).
pub fn model_new_for_import(row: usize) -> String {
    href(&format!("{MODEL_NEW}?{}={row}", lisa_console::transfer::handover::QUERY))
}

pub fn user_metrics(user_id: &str) -> String {
    href(&format!("/metrics/users/{}", path_segment(user_id)))
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

/// The full path sign-in continues to: `candidate` (an app path from the `return` parameter or
/// the pending OIDC sign-in, both untrusted) when `lisa_console::url::safe_return_path` keeps it
/// under the base, else the catalogue. Never another origin, and nothing the router chokes on.
pub fn return_target(candidate: Option<&str>) -> String {
    candidate
        .and_then(|c| lisa_console::url::safe_return_path(c, base()))
        .filter(|full| navigable(full))
        .unwrap_or_else(|| href(MODELS))
}

fn origin() -> Option<String> {
    web_sys::window().and_then(|w| w.location().origin().ok())
}

/// The browser's own URL parser, as the router will use it, puts `full_path` on this origin and
/// under the base. Anything else would leave the app (the router then sets `location.href`) or
/// panic it (`history.replaceState` refuses a path starting with `//`).
fn navigable(full_path: &str) -> bool {
    let Some(origin) = origin() else { return false };
    web_sys::Url::new_with_base(full_path, &origin).is_ok_and(|url| url.origin() == origin && is_app_pathname(&url.pathname(), base()))
}

/// Every navigation goes through here: a path that is not [`navigable`] (a bug, or untrusted
/// input that slipped through) goes to the catalogue instead.
fn checked(full_path: &str) -> String {
    if navigable(full_path) {
        return full_path.to_string();
    }
    web_sys::console::warn_1(&"LISA Admin refused to navigate outside the app".into());
    href(MODELS)
}

/// Navigation through the same helper: takes a full path from the functions above.
pub fn use_go() -> impl Fn(&str) + Clone + 'static {
    let navigate = use_navigate();
    move |full_path: &str| navigate(&checked(full_path), NavigateOptions { resolve: false, ..Default::default() })
}

/// Like [`use_go`] but replaces the history entry (URL state changes such as sort or filter).
pub fn use_replace() -> impl Fn(&str) + Clone + 'static {
    let navigate = use_navigate();
    move |full_path: &str| {
        navigate(&checked(full_path), NavigateOptions { resolve: false, replace: true, scroll: false, ..Default::default() })
    }
}

/// Clicks on links whose path the router would misread (`decode_uri_changes_meaning`: ids with
/// `%`, a tab, a line break or a backslash) are navigated here instead, with the path exactly as
/// encoded. A same-origin link whose path starts with `//` (which the router would push into
/// history, and panic) is left to the browser as a full page load. Bubble phase on the document: after the forms' leave guard (capture phase), before
/// the router's handler on the window, which then sees the prevented default. Call once, inside
/// the router.
pub fn keep_link_paths_exact() {
    let go = use_go();
    let on_click = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.alt_key() || ev.ctrl_key() || ev.shift_key() {
            return;
        }
        let anchor = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        let Some(a) = anchor else { return };
        let own = origin().is_some_and(|o| o == a.origin());
        if !own || !a.target().is_empty() || a.has_attribute("download") {
            return;
        }
        if a.pathname().starts_with("//") {
            ev.prevent_default();
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&a.href());
            }
        } else if decode_uri_changes_meaning(&a.pathname()) {
            ev.prevent_default();
            go(&format!("{}{}{}", a.pathname(), a.search(), a.hash()));
        }
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    }
    // The shell lives as long as the page.
    on_click.forget();
}

/// The try page of a model.
pub fn model_try(id: &str) -> String {
    href(&format!("/models/{}/try", path_segment(id)))
}

/// The compare page for these models.
pub fn compare(ids: &[String]) -> String {
    href(&format!("/compare?models={}", lisa_console::try_model::compare::models_query(ids)))
}

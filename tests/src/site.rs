//! The release `dist/` served the way CloudFront serves it: under a sub-path, paths that name no
//! built file rewritten to `index.html` (the CloudFront Function's SPA fallback), hashed assets
//! cacheable forever, `index.html` and `config.json` `no-cache`, optional response headers (the
//! CSP of the response-headers policy). `config.json` can be replaced per test.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

#[derive(Clone, Default)]
pub struct SiteOptions {
    /// Path the app is served under, e.g. `/admin` (must match the build's public URL).
    pub prefix: String,
    /// `config.json` body to serve instead of the file in dist; `Some(None)` = answer 404.
    pub config: Option<Option<String>>,
    /// Extra headers on HTML responses (e.g. `Content-Security-Policy`).
    pub html_headers: Vec<(String, String)>,
    /// Extra pages at fixed paths (e.g. an iframe host page), with their own headers.
    pub pages: HashMap<String, (String, Vec<(String, String)>)>,
    /// The path `dist/` was built for (`/admin`), when it is served under another `prefix`:
    /// index.html's `<base href>` and asset URLs are rewritten from it to `prefix`, exactly as
    /// Trunk's `--public-url` would have written them (one build serves both, e.g. at `/`).
    pub built_for: Option<String>,
}

pub struct Site {
    pub url: String,
    pub port: u16,
    handle: JoinHandle<()>,
}

impl Drop for Site {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

struct SiteState {
    dist: PathBuf,
    options: SiteOptions,
}

impl Site {
    pub async fn start(dist: &Path, options: SiteOptions) -> Result<Site, String> {
        Self::start_on("127.0.0.1:0", dist, options).await
    }

    pub async fn start_on(addr: &str, dist: &Path, options: SiteOptions) -> Result<Site, String> {
        let listener = TcpListener::bind(addr).await.map_err(|e| format!("bind {addr}: {e}"))?;
        let local: SocketAddr = listener.local_addr().map_err(|e| e.to_string())?;
        let state = Arc::new(SiteState { dist: dist.to_path_buf(), options });
        let app = Router::new().fallback(serve).with_state(state);
        let handle = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Site { url: format!("http://127.0.0.1:{}", local.port()), port: local.port(), handle })
    }
}

async fn serve(State(state): State<Arc<SiteState>>, request: Request<Body>) -> Response {
    let path = request.uri().path().to_string();
    let options = &state.options;
    if let Some((html, headers)) = options.pages.get(&path) {
        return respond(StatusCode::OK, "text/html; charset=utf-8", "no-cache", html.clone().into_bytes(), headers);
    }
    let prefix = options.prefix.trim_end_matches('/');
    if !prefix.is_empty() && (path == "/" || path == prefix) {
        return Response::builder()
            .status(StatusCode::FOUND)
            .header(header::LOCATION, format!("{prefix}/"))
            .body(Body::empty())
            .unwrap_or_default();
    }
    let Some(rel) = path.strip_prefix(&format!("{prefix}/")) else {
        return not_found();
    };
    if rel.split('/').any(|seg| seg == ".." || seg.starts_with('.')) {
        return not_found();
    }
    if rel == "config.json" {
        if let Some(config) = &options.config {
            return match config {
                Some(body) => respond(StatusCode::OK, "application/json", "no-cache", body.clone().into_bytes(), &[]),
                None => not_found(),
            };
        }
    }
    let file = state.dist.join(rel);
    let (file, is_index) = if !is_asset_path(rel) {
        (state.dist.join("index.html"), true)
    } else {
        (file, false)
    };
    let Ok(mut bytes) = tokio::fs::read(&file).await else { return not_found() };
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if let (Some(built_for), "index.html") = (&options.built_for, name) {
        bytes = rebase_index_html(&String::from_utf8_lossy(&bytes), built_for, prefix).into_bytes();
    }
    let content_type = content_type(name);
    let cache = if is_index || name == "index.html" || name == "config.json" {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    let extra = if content_type.starts_with("text/html") { options.html_headers.as_slice() } else { &[] };
    respond(StatusCode::OK, content_type, cache, bytes, extra)
}

/// index.html as a build for `to` would be: every attribute value starting `"{from}/` (the
/// `<base href>`, stylesheets, icon, script, and the bundles' `data-js`/`data-wasm`) starts
/// `"{to}/` instead. (The bundles themselves find everything through `<base href>`.)
pub fn rebase_index_html(html: &str, from: &str, to: &str) -> String {
    html.replace(&format!("\"{}/", from.trim_end_matches('/')), &format!("\"{}/", to.trim_end_matches('/')))
}

/// The CloudFront Function's rule (deploy/cloudfront-function.js; a deploy test runs both on one
/// table): a path is a file only if it names one the build writes, all at the top level:
/// `index.html`, `config.json`, or a hashed asset `<stem>-<hash>.<ext>` (wasm:
/// `<stem>-<hash>_bg.wasm`, the hash 1 to 16 lower-case hex digits). Everything else is an app
/// route, including deep links whose last segment looks like a file (`models/llama.js`, a user id
/// such as `bob@corp.map`).
pub fn is_asset_path(rel: &str) -> bool {
    if rel == "index.html" || rel == "config.json" {
        return true;
    }
    let Some((name, ext)) = rel.rsplit_once('.') else { return false };
    let name = name.strip_suffix("_bg").unwrap_or(name);
    let Some((stem, hash)) = name.rsplit_once('-') else { return false };
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    !stem.is_empty()
        && stem.chars().all(word)
        && (1..=16).contains(&hash.len())
        && hash.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
        && !ext.is_empty()
        && ext.chars().all(|c| c.is_ascii_alphanumeric())
}

fn respond(status: StatusCode, content_type: &str, cache: &str, body: Vec<u8>, extra: &[(String, String)]) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers: &mut HeaderMap = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_str(cache).unwrap_or(HeaderValue::from_static("no-cache")));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    for (k, v) in extra {
        if let (Ok(k), Ok(v)) = (header::HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(v)) {
            headers.insert(k, v);
        }
    }
    response
}

fn not_found() -> Response {
    respond(StatusCode::NOT_FOUND, "text/plain", "no-cache", b"Not Found".to_vec(), &[])
}

pub fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

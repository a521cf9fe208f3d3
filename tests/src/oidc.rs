//! A real OpenID Connect provider (npm `oidc-provider`, tests/oidc/provider.mjs) on loopback.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::paths;

pub const CLIENT_ID: &str = "lisa-admin";
pub const ADMIN_GROUP: &str = "lisa-admins";

pub struct OidcProvider {
    child: Child,
    pub issuer: String,
}

/// A free loopback port (the issuer URL must be known before the app's config is written).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(39111)
}

impl OidcProvider {
    pub async fn start(port: u16, redirect_uris: &[String], post_logout_uris: &[String], id_token_ttl_s: u32) -> Result<Self, String> {
        let script = paths::workspace().join("tests/oidc/provider.mjs");
        let mut child = Command::new("node")
            .arg(&script)
            .env("PORT", port.to_string())
            .env("CLIENT_ID", CLIENT_ID)
            .env("ADMIN_GROUP", ADMIN_GROUP)
            .env("REDIRECT_URIS", redirect_uris.join(","))
            .env("POST_LOGOUT_URIS", post_logout_uris.join(","))
            .env("ID_TOKEN_TTL", id_token_ttl_s.to_string())
            .env("NODE_PATH", paths::node_modules())
            .current_dir(paths::workspace())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start node {}: {e}", script.display()))?;
        let stdout = child.stdout.take().ok_or("oidc-provider has no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let wait = async {
            while let Ok(Some(line)) = lines.next_line().await {
                if line.contains("listening on") {
                    return Ok(lines);
                }
            }
            Err("oidc-provider exited before listening (run `npm ci`)".to_string())
        };
        let mut lines = tokio::time::timeout(Duration::from_secs(15), wait)
            .await
            .map_err(|_| "oidc-provider did not start within 15 s".to_string())??;
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(OidcProvider { child, issuer: format!("http://127.0.0.1:{port}") })
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// What a [`FakeIdp`] received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdpRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub content_type: String,
    pub body: String,
}

/// An identity provider that is not oidc-provider: it serves the discovery document it is
/// given at `<any path>/.well-known/openid-configuration`, and Amazon Cognito's domain
/// endpoints, `POST /oauth2/revoke` (recorded, 200) and `GET /logout` (recorded, then a 302 to
/// its `logout_uri`, as Cognito does), each with `Access-Control-Allow-Origin: *`.
pub struct FakeIdp {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    pub port: u16,
    pub requests: std::sync::Arc<std::sync::Mutex<Vec<IdpRequest>>>,
    handle: tokio::task::JoinHandle<()>,
}

impl FakeIdp {
    /// `discovery` may name `{url}` and `{port}`: this server's URL and port.
    pub async fn start(discovery: serde_json::Value) -> Result<FakeIdp, String> {
        use axum::body::Body;
        use axum::http::{header, Request, StatusCode};
        use axum::response::Response;

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let url = format!("http://127.0.0.1:{port}");
        let discovery = discovery.to_string().replace("{url}", &url).replace("{port}", &port.to_string());
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = requests.clone();
        let app = axum::Router::new().fallback(move |request: Request<Body>| {
            let (discovery, log) = (discovery.clone(), log.clone());
            async move {
                let (parts, body) = request.into_parts();
                let body = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
                let seen = IdpRequest {
                    method: parts.method.to_string(),
                    path: parts.uri.path().to_string(),
                    query: parts.uri.query().unwrap_or_default().to_string(),
                    content_type: parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string(),
                    body: String::from_utf8_lossy(&body).into_owned(),
                };
                let respond = |status: StatusCode, location: Option<String>, text: String| {
                    let mut builder = Response::builder().status(status).header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*");
                    if let Some(location) = location {
                        builder = builder.header(header::LOCATION, location);
                    }
                    builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(text)).unwrap_or_default()
                };
                let response = if seen.path.ends_with("/.well-known/openid-configuration") {
                    respond(StatusCode::OK, None, discovery)
                } else if seen.path == "/logout" {
                    let back = url::form_urlencoded::parse(seen.query.as_bytes()).find(|(k, _)| k == "logout_uri").map(|(_, v)| v.into_owned());
                    match back {
                        Some(back) => respond(StatusCode::FOUND, Some(back), String::new()),
                        None => respond(StatusCode::BAD_REQUEST, None, r#"{"error":"logout_uri missing"}"#.into()),
                    }
                } else if seen.path == "/oauth2/revoke" && seen.method == "POST" {
                    respond(StatusCode::OK, None, String::new())
                } else {
                    respond(StatusCode::NOT_FOUND, None, r#"{"error":"not found"}"#.into())
                };
                if let Ok(mut log) = log.lock() {
                    log.push(seen);
                }
                response
            }
        });
        let handle = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeIdp { url, port, requests, handle })
    }

    pub fn requests(&self) -> Vec<IdpRequest> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for FakeIdp {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

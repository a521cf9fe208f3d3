//! The runtime `config.json` of LISA Admin, parsed and checked in plain Rust.
//!
//! One build deploys anywhere because the API locations and auth settings are read at start-up.
//! The file is untrusted input: every problem is reported with the key it concerns, so the error
//! screen can say exactly what to fix.

use serde_json::{Map, Value};

/// How the admin signs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthMode {
    /// Paste a LISA token, API key or ID token.
    Token,
    /// OIDC authorization code + PKCE against LISA's identity provider.
    Oidc,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcConfig {
    /// Issuer URL; must equal the token's `iss` (LISA's `AUTHORITY`).
    pub authority: String,
    pub client_id: String,
    pub scopes: String,
    /// Dotted path of the groups claim in the ID token (LISA's `JWT_GROUPS_PROP`).
    pub groups_claim: String,
    pub admin_group: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    /// LISA's API Gateway base (models and metrics), without a trailing slash.
    pub api_base_url: String,
    /// LISA Serve's base (for `/v2/serve/models`), without a trailing slash.
    pub serve_base_url: String,
    pub request_timeout_ms: u32,
    /// How many times an idempotent read is retried (with backoff) after a transient failure.
    pub read_retries: u32,
    /// Refetch interval while any model is in a transitional state.
    pub poll_interval_ms: u32,
    pub auth_mode: AuthMode,
    pub oidc: Option<OidcConfig>,
    /// Use the LISA UI's own OIDC session from sessionStorage when served on its origin.
    pub reuse_lisa_session: bool,
    /// No header or navigation of our own (inside the LISA UI).
    pub embed: bool,
    /// Origins allowed to send a token by `postMessage` when embedded in an iframe.
    pub embed_parent_origins: Vec<String>,
    /// Problems that do not stop the app (logged to the console at start-up): a missing
    /// `serveBaseUrl`, accepted for older files but almost certainly wrong.
    pub warnings: Vec<ConfigError>,
    /// LISA Serve calls (try, compare): how long to wait for the first byte of the answer (for a
    /// call that is not streamed, that is the whole answer), and for each next byte.
    pub serve_timeouts: ServeTimeouts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServeTimeouts {
    pub first_token_ms: u32,
    pub idle_ms: u32,
}

/// Generous: LiteLLM retries a failing provider twice and LISA Serve queues calls per worker;
/// the Serve load balancer's own idle timeout (600 s) is the upper bound.
pub const DEFAULT_SERVE_FIRST_TOKEN_MS: u32 = 120_000;
pub const DEFAULT_SERVE_IDLE_MS: u32 = 60_000;

fn serve_timeouts(root: &Map<String, Value>, errors: &mut Vec<ConfigError>) -> ServeTimeouts {
    ServeTimeouts {
        first_token_ms: bounded_int(root, "serveFirstTokenTimeoutMs", DEFAULT_SERVE_FIRST_TOKEN_MS, 1_000, 600_000, errors),
        idle_ms: bounded_int(root, "serveIdleTimeoutMs", DEFAULT_SERVE_IDLE_MS, 1_000, 600_000, errors),
    }
}

/// What is wrong with the file, naming the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Dotted key, or empty when the file as a whole is wrong.
    pub key: String,
    pub problem: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.key.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "`{}`: {}", self.key, self.problem)
        }
    }
}

pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;
pub const DEFAULT_POLL_MS: u32 = 3_000;
pub const DEFAULT_READ_RETRIES: u32 = 2;

fn err(key: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError { key: key.to_string(), problem: problem.into() }
}

/// Parse `config.json` without knowing where the app is served (deployment checks); see
/// [`parse_for_page`].
pub fn parse(text: &str) -> Result<AppConfig, Vec<ConfigError>> {
    parse_for_page(text, "")
}

/// Parse `config.json` for the page at `page_origin` (`location.origin`). `Err` lists every
/// problem found, not only the first. A page served over https cannot call an `http://` URL
/// (mixed content), so such an API, LISA Serve or identity provider address is an error there,
/// except on loopback, which browsers treat as secure.
pub fn parse_for_page(text: &str, page_origin: &str) -> Result<AppConfig, Vec<ConfigError>> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| vec![err("", format!("config.json is not valid JSON ({e})."))])?;
    let Value::Object(root) = value else {
        return Err(vec![err("", "config.json must be a JSON object.")]);
    };
    let mut errors = Vec::new();

    let api_base_url = required_url(&root, "apiBaseUrl", &mut errors);
    let mut warnings = Vec::new();
    let serve_base_url = match root.get("serveBaseUrl") {
        None | Some(Value::Null) => {
            warnings.push(err("serveBaseUrl", "is missing, so LISA Serve's model list is read from apiBaseUrl. LISA Serve is a separate \
                load balancer (API Gateway has no /v2/serve route): set serveBaseUrl to its URL."));
            api_base_url.clone()
        }
        Some(_) => required_url(&root, "serveBaseUrl", &mut errors),
    };
    let request_timeout_ms =
        bounded_int(&root, "requestTimeoutMs", DEFAULT_TIMEOUT_MS, 1_000, 120_000, &mut errors);
    let read_retries = bounded_int(&root, "readRetries", DEFAULT_READ_RETRIES, 0, 3, &mut errors);
    let poll_interval_ms = bounded_int(&root, "pollIntervalMs", DEFAULT_POLL_MS, 500, 600_000, &mut errors);
    let embed = boolean(&root, "embed", false, &mut errors);
    let serve_timeouts = serve_timeouts(&root, &mut errors);
    let embed_parent_origins = string_list(&root, "embedParentOrigins", &mut errors);
    for (i, origin) in embed_parent_origins.iter().enumerate() {
        if !is_origin(origin) {
            errors.push(err(
                &format!("embedParentOrigins.{i}"),
                format!("\"{origin}\" is not an origin like https://lisa.example.com (scheme and host, no path)."),
            ));
        }
    }

    let (auth_mode, oidc, reuse_lisa_session) = match root.get("auth") {
        None | Some(Value::Null) => (AuthMode::Token, None, false),
        Some(Value::Object(auth)) => parse_auth(auth, &mut errors),
        Some(_) => {
            errors.push(err("auth", "must be an object."));
            (AuthMode::Token, None, false)
        }
    };

    if page_origin.starts_with("https://") {
        let authority = oidc.as_ref().map(|o| o.authority.clone()).unwrap_or_default();
        // A missing serveBaseUrl is apiBaseUrl's, and named once, as apiBaseUrl.
        let serve_given = !matches!(root.get("serveBaseUrl"), None | Some(Value::Null));
        let serve = if serve_given { serve_base_url.clone() } else { String::new() };
        let urls = [("apiBaseUrl", &api_base_url), ("serveBaseUrl", &serve), ("auth.oidc.authority", &authority)];
        for (key, url) in urls {
            if let Some(problem) = mixed_content(key, url) {
                errors.push(err(key, problem));
            }
        }
    }

    if errors.is_empty() {
        Ok(AppConfig {
            api_base_url,
            serve_base_url,
            request_timeout_ms,
            read_retries,
            poll_interval_ms,
            auth_mode,
            oidc,
            reuse_lisa_session,
            embed,
            embed_parent_origins,
            warnings,
            serve_timeouts,
        })
    } else {
        Err(errors)
    }
}

fn parse_auth(auth: &Map<String, Value>, errors: &mut Vec<ConfigError>) -> (AuthMode, Option<OidcConfig>, bool) {
    let mode = match auth.get("mode") {
        None | Some(Value::Null) => AuthMode::Token,
        Some(Value::String(s)) if s == "token" => AuthMode::Token,
        Some(Value::String(s)) if s == "oidc" => AuthMode::Oidc,
        Some(other) => {
            errors.push(err("auth.mode", format!("must be \"token\" or \"oidc\", not {other}.")));
            AuthMode::Token
        }
    };
    let reuse = boolean_in(auth, "auth.reuseLisaSession", "reuseLisaSession", false, errors);
    let oidc = match auth.get("oidc") {
        None | Some(Value::Null) => {
            if mode == AuthMode::Oidc {
                errors.push(err("auth.oidc", "is required when auth.mode is \"oidc\"."));
            } else if reuse {
                errors.push(err("auth.oidc", "is required when auth.reuseLisaSession is true (authority and clientId name the LISA UI's session)."));
            }
            None
        }
        Some(Value::Object(o)) => {
            let authority = required_string(o, "auth.oidc.authority", "authority", errors);
            if !authority.is_empty() && !is_http_url(&authority) {
                errors.push(err("auth.oidc.authority", "must be an http(s) URL (the issuer)."));
            }
            Some(OidcConfig {
                authority: authority.trim_end_matches('/').to_string(),
                client_id: required_string(o, "auth.oidc.clientId", "clientId", errors),
                scopes: optional_string(o, "auth.oidc.scopes", "scopes", "openid profile email", errors),
                groups_claim: optional_string(o, "auth.oidc.groupsClaim", "groupsClaim", "cognito:groups", errors),
                admin_group: optional_string(o, "auth.oidc.adminGroup", "adminGroup", "", errors),
            })
        }
        Some(_) => {
            errors.push(err("auth.oidc", "must be an object."));
            None
        }
    };
    (mode, oidc, reuse)
}

fn required_url(root: &Map<String, Value>, key: &str, errors: &mut Vec<ConfigError>) -> String {
    match root.get(key) {
        None | Some(Value::Null) => {
            errors.push(err(key, "is missing. Set it to LISA's URL, e.g. https://abc123.execute-api.us-east-1.amazonaws.com/prod."));
            String::new()
        }
        Some(Value::String(s)) if is_http_url(s.trim()) => s.trim().trim_end_matches('/').to_string(),
        Some(Value::String(s)) => {
            errors.push(err(key, format!("\"{s}\" is not an absolute http(s) URL.")));
            String::new()
        }
        Some(other) => {
            errors.push(err(key, format!("must be a string URL, not {other}.")));
            String::new()
        }
    }
}

fn bounded_int(root: &Map<String, Value>, key: &str, default: u32, min: u32, max: u32, errors: &mut Vec<ConfigError>) -> u32 {
    match root.get(key) {
        None | Some(Value::Null) => default,
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if (min as u64..=max as u64).contains(&v) => v as u32,
            _ => {
                errors.push(err(key, format!("must be a whole number from {min} to {max}, not {n}.")));
                default
            }
        },
        Some(other) => {
            errors.push(err(key, format!("must be a number, not {other}.")));
            default
        }
    }
}

fn boolean(root: &Map<String, Value>, key: &str, default: bool, errors: &mut Vec<ConfigError>) -> bool {
    boolean_in(root, key, key, default, errors)
}

fn boolean_in(map: &Map<String, Value>, full_key: &str, key: &str, default: bool, errors: &mut Vec<ConfigError>) -> bool {
    match map.get(key) {
        None | Some(Value::Null) => default,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            errors.push(err(full_key, format!("must be true or false, not {other}.")));
            default
        }
    }
}

fn string_list(root: &Map<String, Value>, key: &str, errors: &mut Vec<ConfigError>) -> Vec<String> {
    match root.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => out.push(s.trim_end_matches('/').to_string()),
                    other => errors.push(err(&format!("{key}.{i}"), format!("must be a string, not {other}."))),
                }
            }
            out
        }
        Some(other) => {
            errors.push(err(key, format!("must be a list of strings, not {other}.")));
            Vec::new()
        }
    }
}

fn required_string(map: &Map<String, Value>, full_key: &str, key: &str, errors: &mut Vec<ConfigError>) -> String {
    match map.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            errors.push(err(full_key, "is missing or empty."));
            String::new()
        }
        Some(other) => {
            errors.push(err(full_key, format!("must be a string, not {other}.")));
            String::new()
        }
    }
}

fn optional_string(map: &Map<String, Value>, full_key: &str, key: &str, default: &str, errors: &mut Vec<ConfigError>) -> String {
    match map.get(key) {
        None | Some(Value::Null) => default.to_string(),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(other) => {
            errors.push(err(full_key, format!("must be a string, not {other}.")));
            default.to_string()
        }
    }
}

/// Why an https page cannot use `url` (a plain-HTTP URL off loopback), if it cannot.
fn mixed_content(key: &str, url: &str) -> Option<&'static str> {
    let rest = url.strip_prefix("http://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default().to_ascii_lowercase();
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    let ipv4_loopback = name.starts_with("127.") && name.chars().all(|c| c.is_ascii_digit() || c == '.');
    if name == "localhost" || name.ends_with(".localhost") || name == "::1" || ipv4_loopback {
        return None;
    }
    Some(match key {
        "serveBaseUrl" => "is plain HTTP, but LISA Admin is served over HTTPS: the browser blocks such requests (mixed content). \
            LISA Serve's load balancer is plain HTTP unless a certificate is configured for it (restApiConfig.sslCertIamArn); \
            use its https:// address.",
        "auth.oidc.authority" => "is plain HTTP, but LISA Admin is served over HTTPS: the browser blocks such requests (mixed \
            content). Use the identity provider's https:// issuer URL.",
        _ => "is plain HTTP, but LISA Admin is served over HTTPS: the browser blocks such requests (mixed content). Use LISA's \
            https:// address.",
    })
}

/// `http://` or `https://` followed by a host, with no whitespace.
pub fn is_http_url(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Scheme and host (and port), nothing after.
pub fn is_origin(s: &str) -> bool {
    is_http_url(s) && {
        let rest = s.split_once("://").map(|(_, r)| r).unwrap_or("");
        !rest.contains(['/', '?', '#'])
    }
}

#[cfg(test)]
mod tests;

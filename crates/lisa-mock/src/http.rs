//! The request as the handlers see it, and the reply they build.
//!
//! Handlers never touch axum types: they get a fully read [`Req`] and return a [`Reply`] that
//! says which CORS/security headers belong on it, because which headers a LISA response carries
//! depends on which layer produced it (API Gateway, the FastAPI middleware, the app, metrics).

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Response, StatusCode};
use serde_json::Value;

#[derive(Clone, Debug)]
pub struct Req {
    pub method: Method,
    /// The path as sent (still percent-encoded).
    pub raw_path: String,
    /// Percent-decoded, as Mangum hands it to FastAPI and API Gateway to the metrics Lambda.
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn has_origin(&self) -> bool {
        self.headers.contains_key("origin")
    }

    /// Decoded query parameters (keys and values), for the NUL-byte check.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Some(q) = &self.query else { return Vec::new() };
        q.split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode_component(&k.replace('+', " ")), decode_component(&v.replace('+', " ")))
            })
            .collect()
    }
}

/// Percent-decoding; invalid escapes stay as written, invalid UTF-8 becomes U+FFFD.
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Which `Access-Control-Allow-Origin` a reply gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cors {
    /// API Gateway's own answers and the models app's catch-all 500.
    None,
    /// Starlette's CORS middleware: `*`, only when the request has an `Origin` header.
    IfOrigin,
    /// The metrics Lambdas and the test-control routes: always `*`.
    Always,
}

#[derive(Clone, Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Bytes,
    pub content_type: Option<&'static str>,
    pub cors: Cors,
    /// The models app's security headers (HSTS, nosniff, DENY, no-store).
    pub security: bool,
    pub headers: Vec<(HeaderName, String)>,
    /// Wait this long before answering (injected slow answers).
    pub delay_ms: u64,
}

impl Reply {
    pub fn json(status: u16, value: &Value) -> Reply {
        Reply::raw(status, serde_json::to_vec(value).unwrap_or_default(), Some("application/json"))
    }

    pub fn raw(status: u16, body: impl Into<Bytes>, content_type: Option<&'static str>) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body: body.into(),
            content_type,
            cors: Cors::None,
            security: false,
            headers: Vec::new(),
            delay_ms: 0,
        }
    }

    pub fn cors(mut self, cors: Cors) -> Reply {
        self.cors = cors;
        self
    }

    /// A response produced inside the models app (behind its CORS and security middleware).
    pub fn app(mut self) -> Reply {
        self.cors = Cors::IfOrigin;
        self.security = true;
        self
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((HeaderName::from_static(name), value.into()));
        self
    }

    pub fn into_response(self, has_origin: bool) -> Response<Body> {
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        if let Some(ct) = self.content_type {
            headers.insert("content-type", HeaderValue::from_static(ct));
        }
        if self.cors == Cors::Always || (self.cors == Cors::IfOrigin && has_origin) {
            headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
        }
        if self.security {
            for (name, value) in [
                ("strict-transport-security", "max-age=47304000; includeSubDomains"),
                ("x-content-type-options", "nosniff"),
                ("x-frame-options", "DENY"),
                ("cache-control", "no-store, no-cache"),
                ("pragma", "no-cache"),
            ] {
                headers.insert(name, HeaderValue::from_static(value));
            }
        }
        for (name, value) in self.headers {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::decode_component;

    #[test]
    fn percent_decoding() {
        assert_eq!(decode_component("john.doe%40company.com"), "john.doe@company.com");
        assert_eq!(decode_component("a%2Fb"), "a/b");
        assert_eq!(decode_component("a%00b"), "a\0b");
        assert_eq!(decode_component("100%"), "100%");
        assert_eq!(decode_component("%zz%4"), "%zz%4");
        assert_eq!(decode_component("%41"), "A");
    }
}

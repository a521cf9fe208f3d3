//! The API client. One function ([`ApiClient::send`]) performs every HTTP request and turns
//! every answer into `Result<_, ApiError>`; pages never look at bodies or statuses.
//!
//! * Only `Authorization` and `Content-Type` are sent: LISA's CORS preflight allows nothing
//!   else (lisa-api.md §1).
//! * Every request has the configured timeout and is aborted when the page that made it goes
//!   away.
//! * Idempotent reads retry with backoff; changes are never retried automatically.

pub mod config;
pub mod metrics;
pub mod models;
pub mod serve;

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use lisa_console::app_config::AppConfig;
use lisa_api::ApiError;
use send_wrapper::SendWrapper;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::session::Session;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// Shared through context; cheap to clone.
#[derive(Clone)]
pub struct ApiClient {
    pub config: Arc<AppConfig>,
    session: Session,
}

pub fn use_api() -> ApiClient {
    expect_context::<ApiClient>()
}

/// A raw answer: status and body text.
struct Answer {
    status: u16,
    body: String,
}

/// Backoff before each retry of a read.
const RETRY_DELAYS_MS: [u32; 3] = [400, 1200, 2500];

impl ApiClient {
    pub fn new(config: Arc<AppConfig>, session: Session) -> Self {
        ApiClient { config, session }
    }

    pub fn api_url(&self, path: &str) -> String {
        format!("{}{}", self.config.api_base_url, path)
    }

    pub fn serve_url(&self, path: &str) -> String {
        format!("{}{}", self.config.serve_base_url, path)
    }

    /// GET with retries; a session problem is reported to the shell.
    async fn read(&self, url: &str) -> Result<Answer, ApiError> {
        self.read_reporting(url, true).await
    }

    /// GET with retries. `report_session` false: a failure stays with the caller (a secondary
    /// source, such as the serve list, must not raise the sign-in dialog on its own).
    async fn read_reporting(&self, url: &str, report_session: bool) -> Result<Answer, ApiError> {
        let retries = self.config.read_retries.min(RETRY_DELAYS_MS.len() as u32) as usize;
        let mut attempt = 0;
        loop {
            let result = self.send(Method::Get, url, None).await.and_then(check_status);
            match result {
                Err(e) if e.is_retryable() && attempt < retries => {
                    crate::time::sleep(RETRY_DELAYS_MS[attempt]).await;
                    attempt += 1;
                }
                Err(e) => {
                    if report_session && e.is_session_problem() {
                        self.session.report_problem(e.message.clone());
                    }
                    return Err(e);
                }
                ok => return ok,
            }
        }
    }

    /// A change (POST/PUT/DELETE): sent once. An invalid session is reported to the shell, which
    /// offers to sign in again without leaving the page.
    async fn change<B: Serialize>(&self, method: Method, url: &str, body: Option<&B>) -> Result<Answer, ApiError> {
        let body = match body {
            Some(b) => Some(
                serde_json::to_string(b)
                    .map_err(|e| ApiError::decode(0, "request", format!("could not encode the request: {e}")))?,
            ),
            None => None,
        };
        let result = self.send(method, url, body).await.and_then(check_status);
        if let Err(e) = &result {
            if e.kind == lisa_api::ErrorKind::Unauthenticated {
                self.session.report_problem(e.message.clone());
            }
        }
        result
    }

    /// The one HTTP function.
    async fn send(&self, method: Method, url: &str, body: Option<String>) -> Result<Answer, ApiError> {
        // LISA's input-validation middleware refuses a NUL byte in a path or query with a 400
        // that has no CORS headers: the browser could only report a network failure.
        if url.contains("%00") {
            return Err(ApiError {
                status: None,
                kind: lisa_api::ErrorKind::BadRequest,
                message: "This id contains a NUL character, which LISA refuses in an address.".to_string(),
                field_errors: Vec::new(),
            });
        }
        let controller = web_sys::AbortController::new().map_err(|_| ApiError::network())?;
        let signal = controller.signal();

        // Abort when the page that asked goes away (no owner: nothing to tie it to).
        let on_drop = SendWrapper::new(controller.clone());
        Owner::on_cleanup(move || on_drop.abort());

        let timed_out = Rc::new(Cell::new(false));
        let timeout_ms = self.config.request_timeout_ms;
        let timer = {
            let timed_out = timed_out.clone();
            let controller = controller.clone();
            let callback = wasm_bindgen::closure::Closure::once_into_js(move || {
                timed_out.set(true);
                controller.abort();
            });
            web_sys::window().and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), timeout_ms as i32)
                    .ok()
            })
        };

        let mut request = gloo_net::http::RequestBuilder::new(url).method(match method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Put => gloo_net::http::Method::PUT,
            Method::Delete => gloo_net::http::Method::DELETE,
        });
        request = request.abort_signal(Some(&signal));
        if let Some(token) = self.session.token() {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let outcome = async {
            let response = match body {
                Some(json) => request
                    .header("Content-Type", "application/json")
                    .body(json)
                    .map_err(|_| ApiError::network())?
                    .send()
                    .await,
                None => request.send().await,
            }
            .map_err(|_| ApiError::network())?;
            let status = response.status();
            // Bytes, not text: a large list (5,000 models) would otherwise be decoded to a
            // UTF-16 JavaScript string and re-encoded into wasm memory.
            let bytes = body_bytes(&response).await?;
            let body = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            Ok(Answer { status, body })
        }
        .await;

        if let (Some(id), Some(window)) = (timer, web_sys::window()) {
            window.clear_timeout_with_handle(id);
        }
        match outcome {
            Err(_) if timed_out.get() => Err(ApiError::timeout(timeout_ms as f64 / 1000.0)),
            other => other,
        }
    }
}

/// The body, copied into wasm memory chunk by chunk as it arrives. With the catalogue's few
/// megabytes, `arrayBuffer()` resolved 15–25 ms after the last byte had arrived (Resource
/// Timing's `responseEnd`); read this way the bytes are in place within a few ms of it.
async fn body_bytes(response: &gloo_net::http::Response) -> Result<Vec<u8>, ApiError> {
    let Some(stream) = response.body() else { return Ok(Vec::new()) };
    let reader = web_sys::ReadableStreamDefaultReader::new(&stream).map_err(|_| ApiError::network())?;
    // A hint only (a compressed body is longer once decoded); capped, as it is the server's word.
    let hint = response.headers().get("content-length").and_then(|l| l.parse::<usize>().ok()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(hint.min(16 << 20));
    let (done_key, value_key) = (JsValue::from_str("done"), JsValue::from_str("value"));
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read()).await.map_err(|_| ApiError::network())?;
        if js_sys::Reflect::get(&chunk, &done_key).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(bytes);
        }
        let value = js_sys::Reflect::get(&chunk, &value_key).map_err(|_| ApiError::network())?;
        let array = value.dyn_into::<js_sys::Uint8Array>().map_err(|_| ApiError::network())?;
        let start = bytes.len();
        bytes.resize(start + array.length() as usize, 0);
        if let Some(tail) = bytes.get_mut(start..) {
            array.copy_to(tail);
        }
    }
}

/// Non-2xx answers become errors here, so callers only decode success bodies.
fn check_status(answer: Answer) -> Result<Answer, ApiError> {
    if (200..300).contains(&answer.status) {
        Ok(answer)
    } else {
        Err(lisa_api::decode_error(answer.status, &answer.body))
    }
}

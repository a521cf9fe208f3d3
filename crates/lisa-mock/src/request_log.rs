//! The `/__mock/requests` log: what each request sent, and when it ran. Times are milliseconds
//! since the mock started (microsecond precision): `startMs` when the request was read,
//! `firstByteMs` when the first body byte was handed to the connection (for a stream: the
//! first chunk), `endMs` when the answer was complete or the client went away, and `aborted`
//! when the client closed the connection before the whole answer was sent.
//!
//! A [`LogGuard`] follows the request: it lives in the handler while the answer is being made
//! and then in the response body ([`Tracked`]). If it is dropped before the body ended, the
//! client hung up: `aborted` becomes true.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::Response;
use http_body::{Body as _, Frame, SizeHint};
use serde_json::{json, Map, Value};

use crate::http::Req;
use crate::state::{Shared, LOG_LIMIT};

/// Adds a log entry for this request; returns its id.
pub fn start(shared: &Shared, req: &Req) -> u64 {
    let start_ms = shared.now_ms();
    let mut store = shared.lock();
    let id = store.next_log_id;
    store.next_log_id += 1;
    let entry = json!({
        "id": id,
        "method": req.method.as_str(),
        "path": req.raw_path,
        "query": req.query,
        "body": String::from_utf8_lossy(&req.body),
        "hasAuthorization": req.headers.contains_key("authorization"),
        "contentType": req.header("content-type"),
        "startMs": start_ms,
        "status": null,
        "firstByteMs": null,
        "endMs": null,
        "aborted": false,
    });
    if store.log.len() >= LOG_LIMIT {
        store.log.pop_front();
    }
    store.log.push_back(entry);
    id
}

fn update(shared: &Shared, id: u64, change: impl FnOnce(&mut Map<String, Value>)) {
    let mut store = shared.lock();
    // Recent entries are at the back; a reset may have removed this one.
    if let Some(Value::Object(entry)) = store.log.iter_mut().rev().find(|e| e.get("id").and_then(Value::as_u64) == Some(id)) {
        change(entry);
    }
}

/// Records the end of one logged request exactly once (on drop: an abort).
pub struct LogGuard {
    shared: Arc<Shared>,
    id: u64,
    first_byte: bool,
    done: bool,
}

impl LogGuard {
    pub fn new(shared: &Arc<Shared>, id: u64) -> LogGuard {
        LogGuard { shared: Arc::clone(shared), id, first_byte: false, done: false }
    }

    pub fn status(&self, status: u16) {
        update(&self.shared, self.id, |e| {
            e.insert("status".into(), json!(status));
        });
    }

    fn first_byte(&mut self) {
        if !self.first_byte {
            self.first_byte = true;
            let now = self.shared.now_ms();
            update(&self.shared, self.id, |e| {
                e.insert("firstByteMs".into(), json!(now));
            });
        }
    }

    fn finish(&mut self, aborted: bool) {
        if !self.done {
            self.done = true;
            let now = self.shared.now_ms();
            update(&self.shared, self.id, |e| {
                e.insert("endMs".into(), json!(now));
                e.insert("aborted".into(), json!(aborted));
            });
        }
    }
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        self.finish(true);
    }
}

/// A response body that reports its first byte, its end, or its abandonment to the log. Size
/// hints pass through, so fixed-size answers keep their `Content-Length`.
pub struct Tracked {
    inner: Body,
    guard: LogGuard,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(_))) => {
                this.guard.first_byte();
                // hyper stops polling a body that says it has ended.
                if this.inner.is_end_stream() {
                    this.guard.finish(false);
                }
            }
            Poll::Ready(Some(Err(_))) => this.guard.finish(true),
            Poll::Ready(None) => this.guard.finish(false),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Wraps the response body so the log learns how the answer ended. Empty bodies and answers to
/// HEAD are never polled, so they count as complete at once.
pub fn track(response: Response<Body>, guard: LogGuard, head: bool) -> Response<Body> {
    guard.status(response.status().as_u16());
    let (parts, inner) = response.into_parts();
    let mut guard = guard;
    if head || inner.is_end_stream() {
        guard.finish(false);
    }
    Response::from_parts(parts, Body::new(Tracked { inner, guard }))
}

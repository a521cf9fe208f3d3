//! LISA Serve calls (try, compare): one function, [`ApiClient::serve_post`], sends every one and
//! turns every outcome into `Result<_, ServeError>` (lisa-serve.md §9); pages get chunks and
//! typed answers, never bodies or statuses to interpret.
//!
//! * `Authorization` goes to `serveBaseUrl` only (the URL is built here from a fixed path), and
//!   not at all with an ID token that has expired (its 401 would come without CORS headers).
//! * Sent once: no automatic retries (a chat call costs tokens and counts in LISA's metrics).
//! * A first-token timeout (until the first byte of the answer) and an idle timeout (between
//!   bytes), from `config.json`; Stop and leaving the page abort the request.
//! * Streams are read chunk by chunk as they arrive and decoded whatever the `Content-Type`
//!   (LISA Serve sends none).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use lisa_api::serve::{decode_serve_error, ChatChunk, ChatCompletion, ServeError, StreamReader};
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

use super::ApiClient;

/// `performance.now()`: the clock of every serve figure.
pub fn perf_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// Stops the call in flight (if any) and keeps what arrived. Cheap to clone; one per answer pane.
#[derive(Clone, Default)]
pub struct StopHandle(Rc<RefCell<Option<Rc<Watch>>>>);

impl StopHandle {
    pub fn stop(&self) {
        if let Some(watch) = self.0.borrow().as_ref() {
            watch.abort_with(ServeError::stopped(watch.status.get()));
        }
    }
}

/// One call's abort controller, why it was aborted, and its timeouts.
struct Watch {
    controller: web_sys::AbortController,
    reason: RefCell<Option<ServeError>>,
    status: Cell<Option<u16>>,
    /// When the timer fires next (performance.now() ms), and whether a byte has arrived yet.
    deadline: Cell<f64>,
    got_bytes: Cell<bool>,
    first_token_ms: u32,
    idle_ms: u32,
    finished: Cell<bool>,
}

impl Watch {
    fn abort_with(&self, reason: ServeError) {
        if self.finished.get() {
            return;
        }
        self.reason.borrow_mut().get_or_insert(reason);
        self.controller.abort();
    }

    /// A byte arrived: the idle timeout starts over.
    fn alive(&self) {
        self.got_bytes.set(true);
        self.deadline.set(perf_now() + f64::from(self.idle_ms));
    }

    /// The error for a failed `fetch` or read: why we aborted, else the network.
    fn failure(&self) -> ServeError {
        self.reason.borrow().clone().unwrap_or_else(ServeError::network)
    }
}

/// Check the deadline when it is due; the timer re-arms itself instead of being reset on every
/// chunk (a stream sends dozens a second).
fn arm(watch: Rc<Watch>, delay_ms: f64) {
    let Some(window) = web_sys::window() else { return };
    let again = watch.clone();
    let check = wasm_bindgen::closure::Closure::once_into_js(move || {
        if again.finished.get() {
            return;
        }
        let now = perf_now();
        let deadline = again.deadline.get();
        if now + 1.0 < deadline {
            arm(again, deadline - now);
        } else if again.got_bytes.get() {
            again.abort_with(ServeError::idle_timeout(again.status.get(), again.idle_ms));
        } else {
            again.abort_with(ServeError::first_token_timeout(again.first_token_ms));
        }
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(check.unchecked_ref(), delay_ms.ceil() as i32);
}

/// Takes each piece of a body as it arrives, with the time it was read (`performance.now()`);
/// `Err` stops the reading.
pub type PieceSink<'a> = &'a mut dyn FnMut(&[u8], f64) -> Result<(), ServeError>;

/// What happens to the body of a 2xx answer.
pub enum Body<'a> {
    /// Read whole, returned.
    Whole,
    /// Handed over piece by piece as it arrives.
    Pieces(PieceSink<'a>),
}

impl ApiClient {
    /// The one serve function: POST `body` (JSON text) to `{serveBaseUrl}{path}`. Answers the
    /// status and, for [`Body::Whole`], the body; every other outcome is a `ServeError`.
    pub async fn serve_post(
        &self,
        path: &str,
        body: &str,
        stop: &StopHandle,
        on_status: &mut dyn FnMut(u16),
        mut sink: Body<'_>,
    ) -> Result<(u16, Vec<u8>), ServeError> {
        let token = self.session.token();
        if let Some(token) = &token {
            lisa_console::try_model::token::check_expiry(token, crate::time::now_ms() / 1000.0).map_err(ServeError::not_sent)?;
        }
        let url = self.serve_url(path);
        let timeouts = self.config.serve_timeouts;
        let controller = web_sys::AbortController::new().map_err(|_| ServeError::network())?;
        let watch = Rc::new(Watch {
            controller: controller.clone(),
            reason: RefCell::new(None),
            status: Cell::new(None),
            deadline: Cell::new(perf_now() + f64::from(timeouts.first_token_ms)),
            got_bytes: Cell::new(false),
            first_token_ms: timeouts.first_token_ms,
            idle_ms: timeouts.idle_ms,
            finished: Cell::new(false),
        });
        *stop.0.borrow_mut() = Some(watch.clone());
        // Leaving the page aborts the call (no owner: nothing to tie it to).
        let on_drop = SendWrapper::new(watch.clone());
        Owner::on_cleanup(move || on_drop.abort_with(ServeError::stopped(on_drop.status.get())));
        arm(watch.clone(), f64::from(timeouts.first_token_ms));

        let outcome = async {
            let mut request = gloo_net::http::RequestBuilder::new(&url)
                .method(gloo_net::http::Method::POST)
                .abort_signal(Some(&controller.signal()))
                .header("Content-Type", "application/json");
            if let Some(token) = &token {
                request = request.header("Authorization", &format!("Bearer {token}"));
            }
            let response = request
                .body(body.to_string())
                .map_err(|_| ServeError::network())?
                .send()
                .await
                .map_err(|_| watch.failure())?;
            let status = response.status();
            watch.status.set(Some(status));
            watch.alive();
            on_status(status);
            let ok = (200..300).contains(&status);
            let mut whole = Vec::new();
            read_body(&response, &watch, &mut |bytes, at| match (&mut sink, ok) {
                (Body::Pieces(f), true) => f(bytes, at),
                _ => {
                    whole.extend_from_slice(bytes);
                    Ok(())
                }
            })
            .await?;
            if ok {
                Ok((status, whole))
            } else {
                Err(decode_serve_error(status, &String::from_utf8_lossy(&whole)))
            }
        }
        .await;
        watch.finished.set(true);
        stop.0.borrow_mut().take();
        outcome
    }

    /// A streamed chat call: each chunk goes to `on_chunk` as it is read, with the time it was
    /// read. `Ok(Some(_))` when the server answered a whole completion instead of a stream.
    pub async fn chat_stream(
        &self,
        body: &str,
        stop: &StopHandle,
        on_status: &mut dyn FnMut(u16),
        on_chunk: &mut dyn FnMut(&ChatChunk, f64),
    ) -> Result<Option<ChatCompletion>, ServeError> {
        let mut reader: Option<StreamReader> = None;
        let mut chunks = Vec::new();
        let mut last_at = 0.0;
        let mut pieces = |bytes: &[u8], at: f64| {
            let reader = reader.get_or_insert_with(|| StreamReader::new(200));
            last_at = at;
            let fed = reader.feed(bytes, &mut chunks);
            for chunk in chunks.drain(..) {
                on_chunk(&chunk, at);
            }
            fed
        };
        let path = lisa_console::try_model::TryKind::Chat.path();
        self.serve_post(path, body, stop, on_status, Body::Pieces(&mut pieces)).await?;
        let mut reader = reader.unwrap_or_else(|| StreamReader::new(200));
        let end = reader.finish(&mut chunks);
        for chunk in chunks.drain(..) {
            on_chunk(&chunk, last_at);
        }
        end
    }

    /// A call answered in one piece (chat without streaming, embeddings, images), decoded as `T`.
    pub async fn serve_once<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &str,
        stop: &StopHandle,
        on_status: &mut dyn FnMut(u16),
    ) -> Result<T, ServeError> {
        let (status, bytes) = self.serve_post(path, body, stop, on_status, Body::Whole).await?;
        serde_json::from_slice(&bytes).map_err(|e| ServeError::unreadable(status, format!("the answer is not the expected JSON ({e})")))
    }
}

/// Read the body as it arrives, handing each piece on; a failed read is the watch's reason.
async fn read_body(
    response: &gloo_net::http::Response,
    watch: &Watch,
    on_piece: PieceSink<'_>,
) -> Result<(), ServeError> {
    let Some(stream) = response.body() else { return Ok(()) };
    let reader = web_sys::ReadableStreamDefaultReader::new(&stream).map_err(|_| watch.failure())?;
    let (done_key, value_key) = (JsValue::from_str("done"), JsValue::from_str("value"));
    let mut piece = Vec::new();
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read()).await.map_err(|_| watch.failure())?;
        if js_sys::Reflect::get(&chunk, &done_key).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(());
        }
        watch.alive();
        let at = perf_now();
        let value = js_sys::Reflect::get(&chunk, &value_key).map_err(|_| watch.failure())?;
        let array = value.dyn_into::<js_sys::Uint8Array>().map_err(|_| watch.failure())?;
        piece.resize(array.length() as usize, 0);
        array.copy_to(&mut piece);
        if let Err(e) = on_piece(&piece, at) {
            // The stream cannot go on (an error line): stop reading, close the connection.
            let _ = reader.cancel();
            return Err(e);
        }
    }
}

//! Streamed text into the page: each piece is appended to a text node (never HTML), and the
//! pieces that arrive within one frame are written together in the next animation frame, so a
//! page with four answers streaming at 40 tokens/s each makes one DOM write per answer per frame
//! and never re-renders an answer whole.
//!
//! With `window.__lisaServeProbe` set to an array before the app starts (the benchmark does
//! that), every piece pushes `[read → written, read → its frame's start]` to it, in ms: the
//! second is the wait for the display's next frame, which no writer can shorten.

use std::cell::RefCell;
use std::rc::Rc;

use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::api::serve::perf_now;

struct Pending {
    node: web_sys::Text,
    text: String,
    /// When each piece in `text` was read (probe only).
    reads: Vec<f64>,
}

#[derive(Default)]
struct Writer {
    pending: Vec<Pending>,
    scheduled: bool,
    probe: Option<js_sys::Array>,
}

/// One per page; cheap to clone. (Wrapped to be `Send`, as callbacks must be: the app has one
/// thread.)
#[derive(Clone)]
pub struct FrameWriter(SendWrapper<Rc<RefCell<Writer>>>);

impl FrameWriter {
    pub fn new() -> Self {
        let probe = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"__lisaServeProbe".into()).ok())
            .and_then(|v| v.dyn_into::<js_sys::Array>().ok());
        FrameWriter(SendWrapper::new(Rc::new(RefCell::new(Writer { probe, ..Default::default() }))))
    }

    /// Queue `text` (read at `read_at`, `performance.now()`) for the end of `node`.
    pub fn append(&self, node: &web_sys::Text, text: &str, read_at: f64) {
        if text.is_empty() {
            return;
        }
        let schedule = {
            let mut w = self.0.borrow_mut();
            let probing = w.probe.is_some();
            let entry = match w.pending.iter().position(|p| &p.node == node) {
                Some(i) => &mut w.pending[i],
                None => {
                    w.pending.push(Pending { node: node.clone(), text: String::new(), reads: Vec::new() });
                    let last = w.pending.len() - 1;
                    &mut w.pending[last]
                }
            };
            entry.text.push_str(text);
            if probing {
                entry.reads.push(read_at);
            }
            !std::mem::replace(&mut w.scheduled, true)
        };
        if schedule {
            self.schedule();
        }
    }

    fn schedule(&self) {
        let this = self.clone();
        let frame = wasm_bindgen::closure::Closure::once_into_js(move |frame_start: f64| this.write(Some(frame_start)));
        let requested = web_sys::window().map(|w| w.request_animation_frame(frame.unchecked_ref()).is_ok());
        if requested != Some(true) {
            // No animation frames (no window): write now rather than never.
            self.write(None);
        }
    }

    /// Write everything queued. `frame_start`: the animation frame's time, when called from one
    /// (probe only).
    fn write(&self, frame_start: Option<f64>) {
        let (pending, probe) = {
            let mut w = self.0.borrow_mut();
            w.scheduled = false;
            (std::mem::take(&mut w.pending), w.probe.clone())
        };
        for p in &pending {
            let _ = p.node.append_data(&p.text);
        }
        if let Some(probe) = probe {
            let now = perf_now();
            let start = frame_start.unwrap_or(now);
            for read in pending.iter().flat_map(|p| p.reads.iter()) {
                probe.push(&js_sys::Array::of2(&(now - read).into(), &(start - read).into()));
            }
        }
    }
}

/// Empty `container` and give it a fresh text node to stream into.
pub fn fresh_text(container: &web_sys::Element) -> Option<web_sys::Text> {
    let document = web_sys::window()?.document()?;
    container.set_text_content(None);
    let node = document.create_text_node("");
    container.append_child(&node).ok()?;
    Some(node)
}

//! Chat completion bodies as LISA Serve sends them (lisa-serve.md §7.2, §7.3): the JSON answer,
//! and the SSE frames of a stream, played out over time by [`Scheduled`].

use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use http_body::Frame;
use serde_json::{json, Value};
use tokio::time::Sleep;

use super::text::Plan;
use crate::state::Fault;

/// One piece of a streamed body and how long to wait before sending it.
pub struct Timed {
    pub delay_ms: u64,
    pub bytes: Bytes,
    /// The usage chunk: once it is sent, LISA's metrics event carries token counts.
    pub usage: bool,
}

/// Called once when the stream ends or the client goes away: `true` if the usage chunk went out.
pub type OnEnd = Box<dyn FnOnce(bool) + Send>;

/// A body that sends its frames at their times: a real stream, not a buffered answer.
pub struct Scheduled {
    frames: VecDeque<Timed>,
    sleep: Option<Pin<Box<Sleep>>>,
    usage_sent: bool,
    on_end: Option<OnEnd>,
}

impl Scheduled {
    pub fn new(frames: Vec<Timed>, on_end: OnEnd) -> Scheduled {
        Scheduled { frames: frames.into(), sleep: None, usage_sent: false, on_end: Some(on_end) }
    }

    fn end(&mut self) {
        if let Some(on_end) = self.on_end.take() {
            on_end(self.usage_sent);
        }
    }
}

impl http_body::Body for Scheduled {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        let Some(next) = this.frames.front_mut() else {
            this.end();
            return Poll::Ready(None);
        };
        if next.delay_ms > 0 {
            let wait = next.delay_ms;
            let sleep = this.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(wait))));
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.sleep = None;
            next.delay_ms = 0;
        }
        let Some(frame) = this.frames.pop_front() else { return Poll::Ready(None) };
        this.usage_sent |= frame.usage;
        if this.frames.is_empty() {
            this.end();
        }
        Poll::Ready(Some(Ok(Frame::data(frame.bytes))))
    }

    fn is_end_stream(&self) -> bool {
        self.frames.is_empty()
    }
}

impl Drop for Scheduled {
    fn drop(&mut self) {
        self.end();
    }
}

/// What every chunk of one completion shares.
pub struct Completion {
    pub id: String,
    pub created: u64,
    pub model: String,
    pub prompt_tokens: u64,
}

impl Completion {
    pub fn usage(&self, plan: &Plan, details: bool) -> Value {
        let completion = plan.completion_tokens();
        let mut usage = json!({
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": completion,
            "total_tokens": self.prompt_tokens + completion,
        });
        if details || !plan.reasoning.is_empty() {
            usage["completion_tokens_details"] = json!({ "reasoning_tokens": plan.reasoning.len() });
        }
        usage
    }

    /// The non-streaming answer (§7.2).
    pub fn answer(&self, plan: &Plan) -> Value {
        let mut message = json!({ "role": "assistant", "content": plan.content.concat() });
        if !plan.reasoning.is_empty() {
            message["reasoning_content"] = json!(plan.reasoning.concat());
        }
        json!({
            "id": self.id, "object": "chat.completion", "created": self.created, "model": self.model,
            "choices": [{ "index": 0, "finish_reason": plan.finish_reason, "message": message }],
            "usage": self.usage(plan, false),
        })
    }

    fn chunk(&self, choice: Value, usage: Option<Value>) -> Bytes {
        let mut chunk = json!({
            "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
            "choices": [choice],
        });
        if let Some(usage) = usage {
            chunk["usage"] = usage;
        }
        sse(&chunk)
    }

    /// The frames of a stream (§7.3): one chunk per token (the first with the role; reasoning
    /// before content; middle chunks without a `finish_reason` key), the `finish_reason` chunk
    /// with an empty delta, the usage chunk only if asked for (one choice, empty delta), then
    /// `[DONE]`. A `fault` after `after` token chunks ends the stream early: with an error line
    /// (`MidStreamError`) or silently (`Cut`).
    pub fn frames(&self, plan: &Plan, include_usage: bool, fault: Option<(Fault, u64, &str)>, token_ms: u64) -> Vec<Timed> {
        let mut deltas: Vec<Value> = plan
            .reasoning
            .iter()
            .map(|t| json!({ "reasoning_content": t }))
            .chain(plan.content.iter().map(|t| json!({ "content": t })))
            .collect();
        if deltas.is_empty() {
            deltas.push(json!({ "content": "" }));
        }
        deltas[0]["role"] = json!("assistant");
        let mut frames = Vec::new();
        let push = |frames: &mut Vec<Timed>, bytes: Bytes, usage: bool| {
            let delay_ms = if frames.is_empty() { 0 } else { token_ms };
            frames.push(Timed { delay_ms, bytes, usage });
        };
        let stop_after = match fault {
            Some((Fault::MidStreamError | Fault::Cut, after, _)) => after as usize,
            _ => usize::MAX,
        };
        for delta in deltas.into_iter().take(stop_after) {
            push(&mut frames, self.chunk(json!({ "index": 0, "delta": delta }), None), false);
        }
        match fault {
            Some((Fault::MidStreamError, _, message)) => {
                push(&mut frames, sse(&litellm_error(message, "500")), false);
                return frames;
            }
            Some((Fault::Cut, _, _)) => return frames,
            _ => {}
        }
        let finish = self.chunk(json!({ "index": 0, "finish_reason": plan.finish_reason, "delta": {} }), None);
        frames.push(Timed { delay_ms: 0, bytes: finish, usage: false });
        if include_usage {
            let usage = self.chunk(json!({ "index": 0, "delta": {} }), Some(self.usage(plan, true)));
            frames.push(Timed { delay_ms: 0, bytes: usage, usage: true });
        }
        frames.push(Timed { delay_ms: 0, bytes: Bytes::from_static(b"data: [DONE]\n\n"), usage: false });
        frames
    }
}

/// `data: <json>\n\n`, LISA's re-framing of each upstream line.
pub fn sse(value: &Value) -> Bytes {
    let mut line = b"data: ".to_vec();
    line.extend(serde_json::to_vec(value).unwrap_or_default());
    line.extend_from_slice(b"\n\n");
    Bytes::from(line)
}

/// LiteLLM's error body (`code` is the status as a string; `type`/`param` the string "None").
pub fn litellm_error(message: &str, code: &str) -> Value {
    json!({ "error": { "message": message, "type": "None", "param": "None", "code": code } })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inference::text::tokens;

    fn completion() -> Completion {
        Completion { id: "chatcmpl-x".into(), created: 1, model: "m".into(), prompt_tokens: 2 }
    }

    fn lines(frames: &[Timed]) -> Vec<String> {
        frames.iter().map(|f| String::from_utf8(f.bytes.to_vec()).unwrap()).collect()
    }

    #[test]
    fn stream_shape() {
        let plan = Plan::new(tokens("think"), tokens("Hello world"), None);
        let frames = completion().frames(&plan, true, None, 25);
        let text = lines(&frames);
        assert_eq!(text.len(), 6);
        assert!(text.iter().all(|l| l.starts_with("data: ") && l.ends_with("\n\n")));
        let chunk = |i: usize| -> Value { serde_json::from_str(&text[i][6..]).unwrap() };
        assert_eq!(chunk(0)["choices"][0]["delta"], json!({"role": "assistant", "reasoning_content": "think"}));
        assert_eq!(chunk(2)["choices"][0], json!({"index": 0, "delta": {"content": " world"}}));
        assert_eq!(chunk(3)["choices"][0], json!({"index": 0, "finish_reason": "stop", "delta": {}}));
        assert_eq!(chunk(4)["choices"], json!([{"index": 0, "delta": {}}]));
        assert_eq!(chunk(4)["usage"]["completion_tokens"], json!(3));
        assert_eq!(chunk(4)["usage"]["completion_tokens_details"]["reasoning_tokens"], json!(1));
        assert_eq!(text[5], "data: [DONE]\n\n");
        assert_eq!(frames.iter().map(|f| f.delay_ms).collect::<Vec<_>>(), [0, 25, 25, 0, 0, 0]);
        assert_eq!(completion().frames(&plan, false, None, 0).len(), 5, "no usage chunk without include_usage");
    }

    #[test]
    fn faults_end_early() {
        let plan = Plan::new(Vec::new(), tokens("a b c"), None);
        let text = lines(&completion().frames(&plan, true, Some((Fault::MidStreamError, 2, "<b>x</b>")), 0));
        assert_eq!(text.len(), 3);
        let error: Value = serde_json::from_str(text[2].strip_prefix("data: ").unwrap().trim_end()).unwrap();
        assert_eq!(error, json!({"error": {"message": "<b>x</b>", "type": "None", "param": "None", "code": "500"}}));
        assert_eq!(completion().frames(&plan, true, Some((Fault::Cut, 1, "")), 0).len(), 1);
    }
}

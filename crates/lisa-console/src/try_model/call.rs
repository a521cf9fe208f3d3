//! One chat call from send to end, and its figures (issue 13, "Figures for every call").
//!
//! * Time to first token: from the request start to the first chunk with non-empty `content`
//!   or `reasoning_content` (reasoning counts: it is the model answering). Without streaming
//!   the whole answer arrives at once, so it is the time to the answer.
//! * Prompt and completion tokens: from `usage` (the stream's usage chunk, which the request
//!   always asks for), else estimated on the client and labelled so.
//! * Completion tokens per second after the first token: the tokens after the first, over the
//!   time from the first token to the last (streaming only).
//!
//! Times are milliseconds on one clock (the page's `performance.now()`).

use lisa_api::serve::{ChatChunk, ChatCompletion, ChatRequest, ServeError, ServeErrorKind, Usage};
use serde::Serialize;

/// A token count, and whether it was estimated on the client.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TokenCount {
    pub value: u64,
    pub estimated: bool,
}

/// Figures of one call; `None` when not known (yet).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    pub streamed: bool,
    pub http_status: Option<u16>,
    pub time_to_first_token_ms: Option<f64>,
    pub total_ms: Option<f64>,
    pub prompt_tokens: Option<TokenCount>,
    pub completion_tokens: Option<TokenCount>,
    pub tokens_per_second: Option<f64>,
    pub finish_reason: Option<String>,
}

/// How a call ended.
#[derive(Clone, Debug, PartialEq)]
pub enum CallEnd {
    Completed,
    Failed(ServeError),
}

impl CallEnd {
    /// "completed", "stopped" or "failed", for the results file.
    pub fn label(&self) -> &'static str {
        match self {
            CallEnd::Completed => "completed",
            CallEnd::Failed(e) if e.kind == ServeErrorKind::Stopped => "stopped",
            CallEnd::Failed(_) => "failed",
        }
    }
}

/// The estimate used when the server gave no usage: about four characters per token (the
/// usual rule of thumb for English with OpenAI-style tokenizers), at least one for any text.
pub fn estimate_tokens(text: &str) -> u64 {
    let chars = text.chars().count() as u64;
    chars.div_ceil(4)
}

#[derive(Clone, Debug)]
pub struct ChatCall {
    pub model_id: String,
    pub streamed: bool,
    started_at: f64,
    prompt_text: String,
    status: Option<u16>,
    answer: String,
    reasoning: String,
    first_token_at: Option<f64>,
    last_token_at: Option<f64>,
    ended_at: Option<f64>,
    usage: Option<Usage>,
    finish_reason: Option<String>,
    end: Option<CallEnd>,
}

impl ChatCall {
    pub fn new(request: &ChatRequest, started_at: f64) -> Self {
        let prompt_text = request.messages.iter().map(|m| m.content.as_str()).collect::<Vec<_>>().join("\n");
        ChatCall {
            model_id: request.model.clone(),
            streamed: request.stream,
            started_at,
            prompt_text,
            status: None,
            answer: String::new(),
            reasoning: String::new(),
            first_token_at: None,
            last_token_at: None,
            ended_at: None,
            usage: None,
            finish_reason: None,
            end: None,
        }
    }

    pub fn on_status(&mut self, status: u16) {
        self.status = Some(status);
    }

    fn on_text(&mut self, content: &str, reasoning: &str, at: f64) {
        if content.is_empty() && reasoning.is_empty() {
            return;
        }
        self.first_token_at.get_or_insert(at);
        self.last_token_at = Some(at);
        self.answer.push_str(content);
        self.reasoning.push_str(reasoning);
    }

    /// A streamed chunk arrived at `at`.
    pub fn on_chunk(&mut self, chunk: &ChatChunk, at: f64) {
        self.on_text(chunk.content(), chunk.reasoning(), at);
        if let Some(reason) = chunk.finish_reason() {
            self.finish_reason = Some(reason.to_string());
        }
        if let Some(usage) = &chunk.usage {
            self.usage = Some(usage.clone());
        }
    }

    /// The whole answer arrived at `at` (not streamed, or a server that ignored `stream`).
    pub fn on_completion(&mut self, completion: &ChatCompletion, at: f64) {
        self.on_text(completion.content(), completion.reasoning(), at);
        self.finish_reason = completion.finish_reason().map(String::from).or(self.finish_reason.take());
        if completion.usage.is_some() {
            self.usage = completion.usage.clone();
        }
    }

    pub fn finish(&mut self, result: Result<(), ServeError>, at: f64) {
        if self.end.is_some() {
            return;
        }
        self.ended_at = Some(at);
        if let Some(status) = result.as_ref().err().and_then(|e| e.status) {
            self.status.get_or_insert(status);
        }
        self.end = Some(match result {
            Ok(()) => CallEnd::Completed,
            Err(e) => CallEnd::Failed(e),
        });
    }

    pub fn answer(&self) -> &str {
        &self.answer
    }

    pub fn reasoning(&self) -> &str {
        &self.reasoning
    }

    pub fn end(&self) -> Option<&CallEnd> {
        self.end.as_ref()
    }

    pub fn error(&self) -> Option<&ServeError> {
        match &self.end {
            Some(CallEnd::Failed(e)) => Some(e),
            _ => None,
        }
    }

    /// Text received so far (answer and reasoning), in characters.
    pub fn received_chars(&self) -> usize {
        self.answer.chars().count() + self.reasoning.chars().count()
    }

    /// The figures now (`now` stands in for the end while the call runs).
    pub fn figures(&self, now: f64) -> Figures {
        let usage = self.usage.as_ref();
        let received = !self.answer.is_empty() || !self.reasoning.is_empty();
        let prompt_tokens = match usage.and_then(|u| u.prompt_tokens) {
            Some(value) => Some(TokenCount { value, estimated: false }),
            None if self.status.is_some() => Some(TokenCount { value: estimate_tokens(&self.prompt_text), estimated: true }),
            None => None,
        };
        let completion_tokens = match usage.and_then(|u| u.completion_tokens) {
            Some(value) => Some(TokenCount { value, estimated: false }),
            None if received => Some(TokenCount {
                value: estimate_tokens(&self.answer) + estimate_tokens(&self.reasoning),
                estimated: true,
            }),
            None => None,
        };
        let tokens_per_second = match (self.streamed, self.first_token_at, self.last_token_at, completion_tokens) {
            (true, Some(first), Some(last), Some(count)) if last > first && count.value > 1 => {
                Some((count.value - 1) as f64 / ((last - first) / 1000.0))
            }
            _ => None,
        };
        Figures {
            streamed: self.streamed,
            http_status: self.status,
            time_to_first_token_ms: self.first_token_at.map(|t| t - self.started_at),
            total_ms: Some(self.ended_at.unwrap_or(now) - self.started_at),
            prompt_tokens,
            completion_tokens,
            tokens_per_second,
            finish_reason: self.finish_reason.clone(),
        }
    }
}

/// A duration for people: "850 ms", "1.24 s", "12.3 s".
pub fn duration_text(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{} ms", ms.round() as i64)
    } else if ms < 10_000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

fn count_text(count: &Option<TokenCount>) -> String {
    match count {
        Some(TokenCount { value, estimated: false }) => value.to_string(),
        Some(TokenCount { value, estimated: true }) => format!("≈ {value} (estimated)"),
        None => "—".to_string(),
    }
}

impl Figures {
    /// The figures as (label, value) rows, in the order the page shows them.
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let dash = || "—".to_string();
        let ttft = match self.time_to_first_token_ms {
            Some(ms) if self.streamed => duration_text(ms),
            Some(ms) => format!("{} (not streamed: the whole answer)", duration_text(ms)),
            None => dash(),
        };
        let rate = match self.tokens_per_second {
            Some(r) => format!("{r:.1} tokens/s"),
            None if !self.streamed => "— (not streamed)".to_string(),
            None => dash(),
        };
        vec![
            ("Time to first token", ttft),
            ("Total time", self.total_ms.map(duration_text).unwrap_or_else(dash)),
            ("Prompt tokens", count_text(&self.prompt_tokens)),
            ("Completion tokens", count_text(&self.completion_tokens)),
            ("Completion tokens per second", rate),
            ("HTTP status", self.http_status.map(|s| s.to_string()).unwrap_or_else(dash)),
            ("Finish reason", self.finish_reason.clone().unwrap_or_else(dash)),
        ]
    }
}

#[cfg(test)]
#[path = "call_tests.rs"]
mod tests;

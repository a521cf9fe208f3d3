//! A streamed chat answer from bytes to chunks, and how it ended (lisa-serve.md §7.3, §9).
//!
//! * `data: {chunk}` → a [`ChatChunk`]; `data: [DONE]` → the stream completed;
//! * `data: {"error":…}` → the stream broke off ([`ServeErrorKind::MidStream`]); what came
//!   before it stays with the caller, and LISA ends the stream without `[DONE]`;
//! * the body ends with neither → [`ServeErrorKind::Incomplete`] (LISA does not signal a cut);
//! * a 200 body that is not SSE at all is read as an error object or a whole completion
//!   (a server that ignored `stream: true`), since LISA Serve sends no `Content-Type` to tell.

use serde_json::Value;

use super::chat::{ChatChunk, ChatCompletion};
use super::error::{decode_serve_error, stream_error_line, ServeError, ServeErrorKind};
use super::sse::{SseDecoder, SseError};

#[derive(Debug)]
pub struct StreamReader {
    status: u16,
    sse: SseDecoder,
    data: Vec<String>,
    done: bool,
    error: Option<ServeError>,
    events: usize,
    skipped: usize,
}

impl StreamReader {
    /// For a 2xx answer with this status.
    pub fn new(status: u16) -> Self {
        StreamReader { status, sse: SseDecoder::new(), data: Vec::new(), done: false, error: None, events: 0, skipped: 0 }
    }

    /// Feed the next piece of the body; the chunks it completes are pushed to `out`. `Err` when
    /// the stream cannot go on (an error line, or garbage that never ends a line).
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<ChatChunk>) -> Result<(), ServeError> {
        if let Err(SseError::LineTooLong) = self.sse.feed(bytes, &mut self.data) {
            let error = ServeError::unreadable(self.status, "a stream line longer than 8 MiB");
            self.error = Some(error.clone());
            return Err(error);
        }
        self.take_data(out)
    }

    fn take_data(&mut self, out: &mut Vec<ChatChunk>) -> Result<(), ServeError> {
        for data in std::mem::take(&mut self.data) {
            if self.done || self.error.is_some() {
                continue; // nothing counts after the end
            }
            self.events += 1;
            let payload = data.trim();
            if payload == "[DONE]" {
                self.done = true;
                continue;
            }
            let Ok(value) = serde_json::from_str::<Value>(payload) else {
                self.skipped += 1;
                continue;
            };
            if let Some(error) = stream_error_line(&value) {
                self.error = Some(error.clone());
                return Err(error);
            }
            match serde_json::from_value::<ChatChunk>(value) {
                Ok(chunk) => out.push(chunk),
                Err(_) => self.skipped += 1,
            }
        }
        Ok(())
    }

    /// The body ended: the last chunks (an event cut before its blank line), then `Ok` with a
    /// whole completion if the body was one instead of a stream, or how the stream ended.
    pub fn finish(&mut self, out: &mut Vec<ChatChunk>) -> Result<Option<ChatCompletion>, ServeError> {
        self.sse.finish(&mut self.data);
        self.take_data(out)?;
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if self.done {
            return Ok(None);
        }
        if self.events == 0 {
            let stray = self.sse.stray_text().trim();
            if let Ok(value) = serde_json::from_str::<Value>(stray) {
                if let Some(map) = value.as_object() {
                    if map.contains_key("choices") {
                        return serde_json::from_value::<ChatCompletion>(value)
                            .map(Some)
                            .map_err(|e| ServeError::unreadable(self.status, format!("a completion that could not be read: {e}")));
                    }
                    if map.contains_key("error") {
                        let mut error = decode_serve_error(self.status, stray);
                        error.kind = ServeErrorKind::MidStream;
                        return Err(error);
                    }
                }
            }
        }
        Err(ServeError::incomplete(self.status))
    }

    /// `data:` lines that were neither JSON chunks nor `[DONE]` (ignored, counted).
    pub fn skipped(&self) -> usize {
        self.skipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stream of §7.3 exactly, with `[DONE]`.
    const LITELLM: &str = concat!(
        r#"data: {"id":"chatcmpl-x","object":"chat.completion.chunk","created":1796285930,"model":"mistral-7b-instruct","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"}}]}"#,
        "\n\n",
        r#"data: {"id":"chatcmpl-x","object":"chat.completion.chunk","created":1796285930,"model":"mistral-7b-instruct","choices":[{"index":0,"delta":{"content":" world"}}]}"#,
        "\n\n",
        r#"data: {"id":"chatcmpl-x","object":"chat.completion.chunk","created":1796285930,"model":"mistral-7b-instruct","choices":[{"index":0,"finish_reason":"stop","delta":{}}]}"#,
        "\n\n",
        r#"data: {"id":"chatcmpl-x","object":"chat.completion.chunk","created":1796285930,"model":"mistral-7b-instruct","choices":[{"index":0,"delta":{}}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"completion_tokens_details":{"reasoning_tokens":0}}}"#,
        "\n\n",
        "data: [DONE]\n\n",
    );

    type Outcome = (Vec<ChatChunk>, Result<Option<ChatCompletion>, ServeError>);

    fn read(body: &[u8], cuts: &[usize]) -> Outcome {
        let mut reader = StreamReader::new(200);
        let mut chunks = Vec::new();
        let mut from = 0;
        for &cut in cuts.iter().chain(std::iter::once(&body.len())) {
            if let Err(e) = reader.feed(&body[from..cut], &mut chunks) {
                return (chunks, Err(e));
            }
            from = cut;
        }
        let end = reader.finish(&mut chunks);
        (chunks, end)
    }

    fn text(chunks: &[ChatChunk]) -> String {
        chunks.iter().map(ChatChunk::content).collect()
    }

    #[test]
    fn the_litellm_stream_at_every_split() {
        let body = LITELLM.as_bytes();
        for cut in 0..=body.len() {
            let (chunks, end) = read(body, &[cut]);
            assert_eq!(text(&chunks), "Hello world", "split at {cut}");
            assert_eq!(chunks.len(), 4);
            assert_eq!(chunks[2].finish_reason(), Some("stop"));
            assert_eq!(chunks[3].usage.as_ref().and_then(|u| u.completion_tokens), Some(3));
            assert_eq!(end, Ok(None), "split at {cut}");
        }
    }

    #[test]
    fn an_error_line_ends_the_stream_and_keeps_what_came() {
        let body = concat!(
            r#"data: {"choices":[{"index":0,"delta":{"content":"Partial"}}]}"#,
            "\n\n",
            r#"data: {"error":{"message":"boom","type":"None","param":"None","code":"500"}}"#,
            "\n\n"
        );
        for cut in 0..=body.len() {
            let (chunks, end) = read(body.as_bytes(), &[cut]);
            assert_eq!(text(&chunks), "Partial");
            let e = end.unwrap_err();
            assert_eq!((e.kind, e.code.as_deref(), e.message.as_deref()), (ServeErrorKind::MidStream, Some("500"), Some("boom")));
        }
    }

    #[test]
    fn no_done_and_no_error_is_incomplete() {
        let body = concat!(r#"data: {"choices":[{"index":0,"delta":{"content":"Cut"}}]}"#, "\n\n");
        let (chunks, end) = read(body.as_bytes(), &[]);
        assert_eq!(text(&chunks), "Cut");
        assert_eq!(end.unwrap_err().kind, ServeErrorKind::Incomplete);
        assert_eq!(read(b"", &[]).1.unwrap_err().kind, ServeErrorKind::Incomplete);
    }

    #[test]
    fn a_200_body_that_is_not_a_stream() {
        let completion = r#"{"id":"x","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Whole"}}],"usage":{"prompt_tokens":1,"completion_tokens":1}}"#;
        let (chunks, end) = read(completion.as_bytes(), &[5]);
        assert!(chunks.is_empty());
        assert_eq!(end.unwrap().unwrap().content(), "Whole");
        let error = "{\"error\": {\"message\": \"Violated guardrail policy\", \"type\": \"None\", \"param\": \"None\", \"code\": \"400\"}}\n\n";
        let e = read(error.as_bytes(), &[]).1.unwrap_err();
        assert_eq!((e.kind, e.code.as_deref()), (ServeErrorKind::MidStream, Some("400")));
    }

    #[test]
    fn unreadable_lines_are_skipped_and_nothing_counts_after_done() {
        let body = "data: not json\n\ndata: {\"choices\":7}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\ndata: [DONE]\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"late\"}}]}\n\n";
        let mut reader = StreamReader::new(200);
        let mut chunks = Vec::new();
        reader.feed(body.as_bytes(), &mut chunks).unwrap();
        assert_eq!(reader.finish(&mut chunks), Ok(None));
        assert_eq!(text(&chunks), "ok");
        assert_eq!(reader.skipped(), 2);
    }
}

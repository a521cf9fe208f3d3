//! An incremental Server-Sent Events decoder for LISA Serve's streams (lisa-serve.md §7.3).
//!
//! LISA Serve frames the stream as `data: {...}\n\n` but sends **no `Content-Type`**, so nothing
//! here looks at headers. Bytes are fed in whatever pieces the network delivers: a piece may end
//! mid-line, between `\r` and `\n`, or in the middle of a UTF-8 sequence. Lines are cut on bytes
//! (`\n` and `\r` never occur inside a UTF-8 sequence), so a line is only decoded once it is
//! complete, and a character split across pieces comes out whole.
//!
//! Lines that are not SSE at all (a JSON error body sent where a stream was expected, §8 and §9)
//! are kept aside, up to a cap, so that the caller can read them when no event came.

/// The longest line kept. A chunk is a few hundred bytes; a line this long is not a stream.
pub const MAX_LINE_BYTES: usize = 8 << 20;
/// How much non-SSE text is kept for the caller.
const MAX_STRAY_BYTES: usize = 64 << 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SseError {
    /// A line grew past [`MAX_LINE_BYTES`] without an end.
    LineTooLong,
}

#[derive(Debug, Default)]
pub struct SseDecoder {
    /// The bytes of the line being received.
    line: Vec<u8>,
    /// The `data` of the event being received (`None`: no data line yet).
    data: Option<String>,
    /// The last byte fed was `\r`: a `\n` that follows belongs to the same line end.
    after_cr: bool,
    /// A line was taken already (a byte order mark is dropped from the first).
    started: bool,
    /// Lines that are neither fields, comments nor blank: the body was not SSE.
    stray: String,
}

impl SseDecoder {
    pub fn new() -> Self {
        SseDecoder::default()
    }

    /// Feed the next piece of the body; the data of each event it completes is pushed to `out`
    /// (its `data:` lines joined with `\n`, as EventSource does).
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<String>) -> Result<(), SseError> {
        let mut rest = bytes;
        if self.after_cr && rest.first() == Some(&b'\n') {
            rest = &rest[1..];
        }
        if !rest.is_empty() {
            self.after_cr = false;
        }
        while let Some(at) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&rest[..at]);
            let line = std::mem::take(&mut self.line);
            self.take_line(&line, out);
            let skip = match (rest[at], rest.get(at + 1)) {
                (b'\r', Some(b'\n')) => 2,
                (b'\r', None) => {
                    self.after_cr = true;
                    1
                }
                _ => 1,
            };
            rest = &rest[at + skip..];
        }
        self.line.extend_from_slice(rest);
        if self.line.len() > MAX_LINE_BYTES {
            self.line = Vec::new();
            return Err(SseError::LineTooLong);
        }
        Ok(())
    }

    fn take_line(&mut self, line: &[u8], out: &mut Vec<String>) {
        let line = if self.started {
            line
        } else {
            self.started = true;
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
        };
        if line.is_empty() {
            if let Some(data) = self.data.take() {
                out.push(data);
            }
            return;
        }
        if line[0] == b':' {
            return; // a comment (keep-alive)
        }
        let text = String::from_utf8_lossy(line);
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (text.as_ref(), ""),
        };
        match field {
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            },
            "event" | "id" | "retry" => {}
            _ => {
                if self.stray.len() + text.len() < MAX_STRAY_BYTES {
                    if !self.stray.is_empty() {
                        self.stray.push('\n');
                    }
                    self.stray.push_str(&text);
                }
            }
        }
    }

    /// The body ended. An event still open (its data received, the blank line not) is pushed:
    /// the last `data: [DONE]` of a stream cut right before its blank line still counts.
    pub fn finish(&mut self, out: &mut Vec<String>) {
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.take_line(&line, out);
        }
        if let Some(data) = self.data.take() {
            out.push(data);
        }
    }

    /// Text that was not SSE (e.g. a JSON body where a stream was expected), capped.
    pub fn stray_text(&self) -> &str {
        &self.stray
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_in_pieces(body: &[u8], cuts: &[usize]) -> (Vec<String>, String) {
        let mut decoder = SseDecoder::new();
        let mut out = Vec::new();
        let mut from = 0;
        for &cut in cuts.iter().chain(std::iter::once(&body.len())) {
            decoder.feed(&body[from..cut], &mut out).unwrap();
            from = cut;
        }
        decoder.finish(&mut out);
        (out, decoder.stray_text().to_string())
    }

    const STREAM: &str = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße 👋\"}}]}\n\n\
        : keep-alive\n\n\
        data: {\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"prompt_tokens\":1}}\r\n\r\n\
        event: message\ndata: a\ndata: b\n\n\
        data: [DONE]\n\n";

    fn expected() -> Vec<String> {
        vec![
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße 👋\"}}]}".to_string(),
            "{\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"prompt_tokens\":1}}".to_string(),
            "a\nb".to_string(),
            "[DONE]".to_string(),
        ]
    }

    #[test]
    fn every_split_point_gives_the_same_events() {
        let body = STREAM.as_bytes();
        assert_eq!(decode_in_pieces(body, &[]), (expected(), String::new()));
        for cut in 0..=body.len() {
            assert_eq!(decode_in_pieces(body, &[cut]).0, expected(), "split at byte {cut}");
        }
        // Every pair of cuts too: three pieces, mid-UTF-8 and between \r and \n included.
        for a in 0..=body.len() {
            for b in a..=body.len() {
                assert_eq!(decode_in_pieces(body, &[a, b]).0, expected(), "split at {a} and {b}");
            }
        }
    }

    #[test]
    fn one_byte_at_a_time() {
        let body = STREAM.as_bytes();
        let cuts: Vec<usize> = (1..body.len()).collect();
        assert_eq!(decode_in_pieces(body, &cuts).0, expected());
    }

    #[test]
    fn lone_carriage_returns_end_lines_and_a_bom_is_dropped() {
        let body = "\u{feff}data: x\r\rdata: y\r\r".as_bytes();
        for cut in 0..=body.len() {
            assert_eq!(decode_in_pieces(body, &[cut]).0, ["x", "y"], "split at {cut}");
        }
    }

    #[test]
    fn a_json_body_is_not_sse_and_is_kept_aside() {
        // LISA's streaming error before the first chunk: LiteLLM's JSON and a blank line (§9).
        let body = b"{\"error\": {\"message\": \"Violated guardrail policy\", \"type\": \"None\", \"param\": \"None\", \"code\": \"400\"}}\n\n";
        let (events, stray) = decode_in_pieces(body, &[17]);
        assert!(events.is_empty());
        assert!(stray.starts_with("{\"error\""), "{stray}");
    }

    #[test]
    fn an_event_cut_before_its_blank_line_still_counts_at_the_end() {
        assert_eq!(decode_in_pieces(b"data: [DONE]", &[]).0, ["[DONE]"]);
        assert_eq!(decode_in_pieces(b"data: [DONE]\n", &[]).0, ["[DONE]"]);
        assert!(decode_in_pieces(b"", &[]).0.is_empty());
    }

    #[test]
    fn a_line_without_end_is_bounded() {
        let mut decoder = SseDecoder::new();
        let mut out = Vec::new();
        let piece = vec![b'x'; 1 << 20];
        let mut result = Ok(());
        for _ in 0..9 {
            result = decoder.feed(&piece, &mut out);
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(SseError::LineTooLong));
    }
}

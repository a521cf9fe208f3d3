//! V3: reading the request body the way LISA's stack does (Starlette's `request.json()`, i.e.
//! Python 3.13's `json.loads(bytes)` with the C scanner, then FastAPI's error mapping).
//!
//! serde_json cannot be used for this: Python accepts `NaN`, `Infinity` and `-Infinity`, keeps
//! integers of any size, decodes `\ud800` into a lone surrogate, and reports errors with its own
//! wording and a *character* offset that FastAPI puts into `loc`. The parser below follows
//! CPython's `Modules/_json.c` (3.13) step by step, including its error positions.
//!
//! Values serde_json cannot hold are encoded in-band (see [`super::coerce`]):
//! * non-finite floats and integers outside i64/u64 become one-key marker objects;
//! * a lone surrogate inside a string becomes [`LONE_SURROGATE`].
//!
//! Iterative on purpose: a body can nest thousands of levels deep and the browser build must not
//! overflow its stack.

use serde_json::{Map, Number, Value};

use super::coerce::{big_int_marker, non_finite_marker};
use super::json_text::decode;
pub use super::json_text::dumps;

/// Stands in for a lone UTF-16 surrogate (`"\ud800"`), which a Rust string cannot hold. Pydantic
/// rejects such strings (`string_unicode`), so the validators look for this character. U+FDD0 is
/// a Unicode noncharacter, reserved for exactly this kind of internal use.
pub const LONE_SURROGATE: char = '\u{FDD0}';

/// Python raises `RecursionError` a little below 10,000 levels; FastAPI turns that into a 400.
/// This parser stops earlier so that every later recursive walk over the value (serde_json's own
/// `Drop` included) stays far from the stack limit of a WebAssembly build.
pub const MAX_DEPTH: usize = 1000;

/// CPython refuses to convert integer literals longer than this (`sys.int_info.str_digits_check_threshold`
/// default); `json.loads` then raises a plain `ValueError`.
const MAX_INT_DIGITS: usize = 4300;

/// Why the body could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseError {
    /// `json.JSONDecodeError`: FastAPI answers 422 `json_invalid` at `["body", pos]`.
    Decode { msg: &'static str, pos: usize },
    /// Any other exception while decoding (invalid UTF-8, nesting too deep, an integer literal
    /// over 4,300 digits, a UTF-16/32 body): FastAPI answers
    /// 400 `{"detail": "There was an error parsing the body"}`.
    Other(&'static str),
}

fn is_ws(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0x0A | 0x0D)
}

fn is_digit(c: Option<&u32>) -> bool {
    matches!(c, Some(&d) if (b'0' as u32..=b'9' as u32).contains(&d))
}

/// A container being filled while the parser walks down.
enum Frame {
    Array(Vec<Value>),
    Object(Map<String, Value>, String),
}

struct Parser {
    s: Vec<u32>,
}

/// What the value scanner found at a position.
enum Scanned {
    Value(Value, usize),
    OpenArray(usize),
    OpenObject(usize),
}

impl Parser {
    fn at(&self, i: usize) -> Option<u32> {
        self.s.get(i).copied()
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_ws) {
            i += 1;
        }
        i
    }

    fn matches(&self, i: usize, word: &str) -> bool {
        word.chars().enumerate().all(|(k, c)| self.at(i + k) == Some(c as u32))
    }

    /// `scan_once_unicode`: a value starting exactly at `i`. `Err(Decode{"Expecting value"})`
    /// stands for the StopIteration that `raw_decode` turns into that message.
    fn scan(&self, i: usize) -> Result<Scanned, ParseError> {
        let expecting = ParseError::Decode { msg: "Expecting value", pos: i };
        let Some(c) = self.at(i) else { return Err(expecting) };
        match char::from_u32(c) {
            Some('"') => {
                let (text, end) = self.string(i + 1)?;
                return Ok(Scanned::Value(Value::String(text), end));
            }
            Some('{') => return Ok(Scanned::OpenObject(i + 1)),
            Some('[') => return Ok(Scanned::OpenArray(i + 1)),
            Some('n') if self.matches(i, "null") => return Ok(Scanned::Value(Value::Null, i + 4)),
            Some('t') if self.matches(i, "true") => return Ok(Scanned::Value(Value::Bool(true), i + 4)),
            Some('f') if self.matches(i, "false") => return Ok(Scanned::Value(Value::Bool(false), i + 5)),
            Some('N') if self.matches(i, "NaN") => return Ok(Scanned::Value(non_finite_marker("NaN"), i + 3)),
            Some('I') if self.matches(i, "Infinity") => {
                return Ok(Scanned::Value(non_finite_marker("Infinity"), i + 8))
            }
            Some('-') if self.matches(i, "-Infinity") => {
                return Ok(Scanned::Value(non_finite_marker("-Infinity"), i + 9))
            }
            _ => {}
        }
        self.number(i).map(|(v, end)| Scanned::Value(v, end))
    }

    /// `_match_number_unicode`.
    fn number(&self, start: usize) -> Result<(Value, usize), ParseError> {
        let expecting = ParseError::Decode { msg: "Expecting value", pos: start };
        let mut i = start;
        if self.at(i) == Some('-' as u32) {
            i += 1;
        }
        match self.at(i).and_then(char::from_u32) {
            Some('1'..='9') => {
                i += 1;
                while is_digit(self.s.get(i)) {
                    i += 1;
                }
            }
            Some('0') => i += 1,
            _ => return Err(expecting),
        }
        let mut is_float = false;
        if self.at(i) == Some('.' as u32) && is_digit(self.s.get(i + 1)) {
            is_float = true;
            i += 2;
            while is_digit(self.s.get(i)) {
                i += 1;
            }
        }
        if matches!(self.at(i), Some(c) if c == 'e' as u32 || c == 'E' as u32) {
            let e_start = i;
            i += 1;
            if matches!(self.at(i), Some(c) if c == '-' as u32 || c == '+' as u32) {
                i += 1;
            }
            let digits_from = i;
            while is_digit(self.s.get(i)) {
                i += 1;
            }
            if i > digits_from {
                is_float = true;
            } else {
                i = e_start;
            }
        }
        let text: String = self.s[start..i].iter().filter_map(|&c| char::from_u32(c)).collect();
        if is_float {
            let f: f64 = text.parse().map_err(|_| expecting.clone())?;
            let value = match Number::from_f64(f) {
                Some(n) => Value::Number(n),
                None => non_finite_marker(if f > 0.0 { "Infinity" } else { "-Infinity" }),
            };
            return Ok((value, i));
        }
        let digits = text.trim_start_matches('-').len();
        if digits > MAX_INT_DIGITS {
            return Err(ParseError::Other("integer literal over 4300 digits"));
        }
        let value = if let Ok(n) = text.parse::<i64>() {
            Value::Number(n.into())
        } else if let Ok(n) = text.parse::<u64>() {
            Value::Number(n.into())
        } else {
            big_int_marker(&text)
        };
        Ok((value, i))
    }

    /// `scanstring_unicode`: `begin` is just after the opening quote.
    fn string(&self, begin: usize) -> Result<(String, usize), ParseError> {
        let unterminated = ParseError::Decode { msg: "Unterminated string starting at", pos: begin - 1 };
        let len = self.s.len();
        let mut out: Vec<u32> = Vec::new();
        let mut end = begin;
        loop {
            let mut next = end;
            let mut c = 0;
            while next < len {
                c = self.s[next];
                if c == '"' as u32 || c == '\\' as u32 {
                    break;
                }
                if c <= 0x1F {
                    return Err(ParseError::Decode { msg: "Invalid control character at", pos: next });
                }
                next += 1;
            }
            if next == len {
                return Err(unterminated);
            }
            out.extend_from_slice(&self.s[end..next]);
            next += 1;
            if c == '"' as u32 {
                end = next;
                break;
            }
            if next == len {
                return Err(unterminated);
            }
            let esc = self.s[next];
            if esc != 'u' as u32 {
                end = next + 1;
                let decoded = match char::from_u32(esc) {
                    Some('"') => '"',
                    Some('\\') => '\\',
                    Some('/') => '/',
                    Some('b') => '\u{8}',
                    Some('f') => '\u{c}',
                    Some('n') => '\n',
                    Some('r') => '\r',
                    Some('t') => '\t',
                    _ => return Err(ParseError::Decode { msg: "Invalid \\escape", pos: end - 2 }),
                };
                out.push(decoded as u32);
                continue;
            }
            next += 1;
            end = next + 4;
            let bad_u = ParseError::Decode { msg: "Invalid \\uXXXX escape", pos: next - 1 };
            if end >= len {
                return Err(bad_u);
            }
            let mut cp = self.hex4(next).ok_or(bad_u)?;
            next = end;
            // A high surrogate directly followed by `\u` + low surrogate joins into one char.
            if (0xD800..=0xDBFF).contains(&cp)
                && end + 6 < len
                && self.s[next] == '\\' as u32
                && self.s[next + 1] == 'u' as u32
            {
                let second = next + 2;
                let low = self
                    .hex4(second)
                    .ok_or(ParseError::Decode { msg: "Invalid \\uXXXX escape", pos: second - 1 })?;
                if (0xDC00..=0xDFFF).contains(&low) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    end += 6;
                }
            }
            out.push(cp);
        }
        let text = out
            .into_iter()
            .map(|cp| char::from_u32(cp).unwrap_or(LONE_SURROGATE))
            .collect();
        Ok((text, end))
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let mut v = 0u32;
        for k in 0..4 {
            let d = char::from_u32(self.at(at + k)?)?.to_digit(16)?;
            v = (v << 4) | d;
        }
        Some(v)
    }

    /// `JSONDecoder.decode`: one value, surrounded by optional whitespace.
    fn document(&self) -> Result<Value, ParseError> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut i = self.skip_ws(0);
        // Each turn scans one value at `i`, then closes as many containers as it can.
        loop {
            let (mut value, mut end) = match self.scan(i)? {
                Scanned::Value(v, end) => (v, end),
                Scanned::OpenArray(after) => {
                    let j = self.skip_ws(after);
                    if self.at(j) == Some(']' as u32) {
                        (Value::Array(Vec::new()), j + 1)
                    } else {
                        push_frame(&mut stack, Frame::Array(Vec::new()))?;
                        i = j;
                        continue;
                    }
                }
                Scanned::OpenObject(after) => {
                    let j = self.skip_ws(after);
                    if self.at(j) == Some('}' as u32) {
                        (Value::Object(Map::new()), j + 1)
                    } else {
                        let (key, next) = self.object_key(j)?;
                        push_frame(&mut stack, Frame::Object(Map::new(), key))?;
                        i = next;
                        continue;
                    }
                }
            };
            // Attach `value` to its parent; close parents that end here.
            loop {
                let Some(frame) = stack.last_mut() else {
                    let tail = self.skip_ws(end);
                    if tail != self.s.len() {
                        return Err(ParseError::Decode { msg: "Extra data", pos: tail });
                    }
                    return Ok(value);
                };
                let j = self.skip_ws(end);
                match frame {
                    Frame::Array(items) => {
                        items.push(value);
                        match self.at(j).and_then(char::from_u32) {
                            Some(']') => {}
                            Some(',') => {
                                let k = self.skip_ws(j + 1);
                                if self.at(k) == Some(']' as u32) {
                                    return Err(ParseError::Decode {
                                        msg: "Illegal trailing comma before end of array",
                                        pos: j,
                                    });
                                }
                                i = k;
                                break;
                            }
                            _ => return Err(ParseError::Decode { msg: "Expecting ',' delimiter", pos: j }),
                        }
                    }
                    Frame::Object(map, key) => {
                        // Python dicts keep the last value of a repeated key.
                        map.insert(std::mem::take(key), value);
                        match self.at(j).and_then(char::from_u32) {
                            Some('}') => {}
                            Some(',') => {
                                let k = self.skip_ws(j + 1);
                                if self.at(k) == Some('}' as u32) {
                                    return Err(ParseError::Decode {
                                        msg: "Illegal trailing comma before end of object",
                                        pos: j,
                                    });
                                }
                                let (next_key, next) = self.object_key(k)?;
                                *key = next_key;
                                i = next;
                                break;
                            }
                            _ => return Err(ParseError::Decode { msg: "Expecting ',' delimiter", pos: j }),
                        }
                    }
                }
                // The container closed at `j`.
                end = j + 1;
                value = match stack.pop() {
                    Some(Frame::Array(items)) => Value::Array(items),
                    Some(Frame::Object(map, _)) => Value::Object(map),
                    None => return Err(ParseError::Other("parser state")),
                };
            }
        }
    }

    /// A key, the `:` and the whitespace after it; returns the key and where its value starts.
    fn object_key(&self, j: usize) -> Result<(String, usize), ParseError> {
        if self.at(j) != Some('"' as u32) {
            return Err(ParseError::Decode { msg: "Expecting property name enclosed in double quotes", pos: j });
        }
        let (key, after) = self.string(j + 1)?;
        let colon = self.skip_ws(after);
        if self.at(colon) != Some(':' as u32) {
            return Err(ParseError::Decode { msg: "Expecting ':' delimiter", pos: colon });
        }
        Ok((key, self.skip_ws(colon + 1)))
    }
}

fn push_frame(stack: &mut Vec<Frame>, frame: Frame) -> Result<(), ParseError> {
    if stack.len() + 1 >= MAX_DEPTH {
        return Err(ParseError::Other("nesting too deep"));
    }
    stack.push(frame);
    Ok(())
}

/// `json.loads(raw)` as Python 3.13 does it (see the module docs for the in-band markers).
pub fn loads(raw: &[u8]) -> Result<Value, ParseError> {
    let s = decode(raw)?;
    Parser { s }.document()
}


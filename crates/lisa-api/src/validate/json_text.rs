//! The text side of [`super::json`]: turning request bytes into characters the way
//! `json.loads(bytes)` does, and writing values back with Python's spellings.

use serde_json::Value;

use super::json::ParseError;

/// Decode raw bytes into code points, as `bytes.decode(json.detect_encoding(b), "surrogatepass")`.
pub(crate) fn decode(raw: &[u8]) -> Result<Vec<u32>, ParseError> {
    let bytes = match raw {
        [0xEF, 0xBB, 0xBF, rest @ ..] => rest,
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] | [0, 0, 0xFE, 0xFF, ..] => {
            return Err(ParseError::Other("UTF-16/UTF-32 body"))
        }
        [0, _, _, _, ..] | [_, 0, _, _, ..] | [0, _] | [_, 0] => {
            return Err(ParseError::Other("UTF-16/UTF-32 body"))
        }
        other => other,
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b0 = bytes[i];
        let (len, min, init) = match b0 {
            0x00..=0x7F => {
                out.push(b0 as u32);
                i += 1;
                continue;
            }
            0xC2..=0xDF => (2, 0x80, (b0 & 0x1F) as u32),
            0xE0..=0xEF => (3, 0x800, (b0 & 0x0F) as u32),
            0xF0..=0xF4 => (4, 0x10000, (b0 & 0x07) as u32),
            _ => return Err(ParseError::Other("invalid UTF-8")),
        };
        let mut cp = init;
        for k in 1..len {
            match bytes.get(i + k) {
                Some(&b) if b & 0xC0 == 0x80 => cp = (cp << 6) | (b & 0x3F) as u32,
                _ => return Err(ParseError::Other("invalid UTF-8")),
            }
        }
        // "surrogatepass" lets encoded surrogates (ED A0 80 … ED BF BF) through.
        if cp < min || cp > 0x10FFFF {
            return Err(ParseError::Other("invalid UTF-8"));
        }
        out.push(cp);
        i += len;
    }
    Ok(out)
}


/// The JSON text of a value from [`super::json::loads`], with the in-band markers written back as Python's
/// `json.dumps` would (`NaN`, `Infinity`, integers of any size). Used to replay bodies exactly.
pub fn dumps(v: &Value) -> String {
    let mut out = String::new();
    write_value(v, &mut out);
    out
}

fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            if let Some(literal) = super::coerce::marker_literal(map) {
                out.push_str(literal);
                return;
            }
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

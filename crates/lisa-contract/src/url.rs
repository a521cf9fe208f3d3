//! URL pieces built in plain Rust: path segments and query strings.
//!
//! Model ids and user ids (`john.doe@company.com`) go into paths both for LISA's API and for the
//! app's own routes, so they are percent-encoded the same way `encodeURIComponent` does.

/// Percent-encode one path segment or query value (everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )`).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// Decode `%XX` sequences (and `+` as space when `plus_is_space`). Invalid sequences are kept
/// literally and invalid UTF-8 is replaced, so any input gives some string.
pub fn decode_component(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `a=1&b=x%20y` from pairs, skipping empty values.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_round_trip() {
        for id in ["john.doe@company.com", "a/b", "50% off", "模型", "a+b c", "%2F", ""] {
            assert_eq!(decode_component(&encode_component(id), false), id);
        }
        assert_eq!(encode_component("john.doe@company.com"), "john.doe%40company.com");
        assert_eq!(encode_component("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn decoding_tolerates_garbage() {
        assert_eq!(decode_component("%", false), "%");
        assert_eq!(decode_component("%zz", false), "%zz");
        assert_eq!(decode_component("a+b", true), "a b");
        assert_eq!(decode_component("%FF", false), "\u{FFFD}");
    }
}

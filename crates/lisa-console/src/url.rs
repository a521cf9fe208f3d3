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

/// The value of `name` in a raw query string (`a=1&b=x%20y`, with or without `?`), decoded once.
/// (The router's query map decodes twice: a search for `%41` would come back as `A`.)
pub fn query_value(raw: &str, name: &str) -> Option<String> {
    raw.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_component(k, true) == name).then(|| decode_component(v, true))
    })
}

/// Whether the router would open another page for a link to this (encoded) path: it navigates
/// to `decodeURI(path)`, where a decoded `%25` reads as an escape again, a tab or line break is
/// dropped and a backslash turns into a slash. A model id `a%41` would open model `aA`.
pub fn decode_uri_changes_meaning(path: &str) -> bool {
    let upper = path.to_ascii_uppercase();
    ["%25", "%09", "%0A", "%0D", "%5C"].iter().any(|escape| upper.contains(escape))
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

    #[test]
    fn query_values_are_decoded_once() {
        assert_eq!(query_value("?copy=a%2541&x=1", "copy").as_deref(), Some("a%41"));
        assert_eq!(query_value("q=a+b&q=c", "q").as_deref(), Some("a b"));
        assert_eq!(query_value("return=%2Fmodels%3Fq%3D%2525", "return").as_deref(), Some("/models?q=%25"));
        assert_eq!(query_value("flag&x=1", "flag").as_deref(), Some(""));
        assert_eq!(query_value("", "copy"), None);
    }

    #[test]
    fn links_the_router_would_misread() {
        for id in ["a%41", "tab\t", "line\nbreak", "cr\r", "back\\slash"] {
            assert!(decode_uri_changes_meaning(&format!("/admin/models/{}", encode_component(id))), "{id:?}");
        }
        for id in ["john.doe@company.com", "<script>", "a b", "q?x#y", "模型"] {
            assert!(!decode_uri_changes_meaning(&format!("/admin/models/{}", encode_component(id))), "{id:?}");
        }
    }
}

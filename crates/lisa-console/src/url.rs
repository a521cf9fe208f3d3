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

/// One path segment of an app link that names an id (`/models/{segment}/edit`): the id as
/// [`encode_component`] writes it, except the ids a browser would not keep as that segment. `.`
/// and `..` are dot segments, removed from every URL even when written `%2E`, so a link to model
/// `.`'s edit form would open model `edit`; the empty id leaves no segment; `new` is the create
/// form's path. Those are written `$` + id (`$..`): `encode_component` always escapes `$`, so no
/// other id is written that way. [`id_from_segment`] reads it back.
pub fn path_segment(id: &str) -> String {
    match id {
        "" | "." | ".." | "new" => format!("${id}"),
        _ => encode_component(id),
    }
}

/// The id in a path segment written by [`path_segment`] (or typed by hand), decoded once.
pub fn id_from_segment(raw: &str) -> String {
    match raw.strip_prefix('$') {
        Some(id @ ("" | "." | ".." | "new")) => id.to_string(),
        _ => decode_component(raw, false),
    }
}

/// Whether a browser-resolved pathname is one of the app's: the base itself or under it, and
/// never starting with `//` (which `history.replaceState` reads as another host, and refuses).
pub fn is_app_pathname(pathname: &str, base: &str) -> bool {
    !pathname.starts_with("//") && (pathname == base || pathname.starts_with(&format!("{base}/")))
}

/// Where sign-in may send the admin afterwards. `candidate` is an app path with its query
/// (`/models?q=x`, base not included) from an untrusted place: the `return` parameter of a link
/// anyone can send, or the pending sign-in in sessionStorage. `base` is the path the app is
/// served under (`/admin`, or `""` at the root). Returns the full path to navigate to
/// (`/admin/models?q=x`), or `None` when the candidate could resolve anywhere but under
/// `origin + base + "/"`:
/// - it must start with one `/` (`//x`, `https://x`, `javascript:` are other origins or schemes);
/// - no control character, whitespace or backslash anywhere (browsers drop tab, LF and CR from a
///   URL and read `\` as `/`, so `/\t/evil.com` becomes `//evil.com`);
/// - in the path, also none once percent-decoded (the router decodes link paths), and no empty
///   or dot segment, raw or encoded (`/..//x` and `/%2e%2e//x` resolve to `//x`: another host at
///   the root, and a path `replaceState` refuses under `/admin`).
///
/// The query and fragment only need the raw check: their escapes stay escapes.
pub fn safe_return_path(candidate: &str, base: &str) -> Option<String> {
    let unsafe_char = |c: char| c.is_control() || c.is_whitespace() || c == '\\';
    if !candidate.starts_with('/') || candidate.chars().any(unsafe_char) {
        return None;
    }
    let path = candidate.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path[1..].split('/').peekable();
    while let Some(raw) = segments.next() {
        let decoded = decode_component(raw, false);
        // An empty last segment is a trailing slash (`/models/`), which stays on that page.
        if (raw.is_empty() && segments.peek().is_some()) || decoded == "." || decoded == ".." || decoded.chars().any(unsafe_char) {
            return None;
        }
    }
    let full = format!("{base}{candidate}");
    is_app_pathname(full.split(['?', '#']).next().unwrap_or_default(), base).then_some(full)
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
    #[test]
    fn return_paths_stay_under_the_base() {
        for base in ["/admin", ""] {
            for good in ["/models", "/models?q=a%20b&sort=name", "/metrics/users/john.doe%40company.com", "/", "/models/", "/models#top",
                "/models?return=%2F%2Fx", "/models/%24..", "/models/a%2541"] {
                assert_eq!(safe_return_path(good, base), Some(format!("{base}{good}")), "{base} {good:?}");
            }
            for bad in [
                "", "models", "//x", "///x", "/\\x", "\\\\x", "https://x", "javascript:alert(1)", "JaVaScRiPt:alert(1)", " /models",
                "/\t/x", "/\n/x", "/\r/x", "/models\u{7f}", "/%09/x", "/%0A/x", "/%0d/x", "/%5C/x", "/%5c%5cx", "/a b", "/\u{a0}x", "/\u{2028}x",
                "/..//x", "/../x", "/./x", "/.", "/..", "/models/..", "/%2e%2e//x", "/%2E%2E/x", "/.%2e/x", "/%2e./x", "/%2e/x",
                "/models//x", "/models?x=\t", "/models#\n",
            ] {
                assert_eq!(safe_return_path(bad, base), None, "{base} {bad:?}");
            }
        }
        // Not dot segments once decoded once: they stay escapes in the URL.
        assert_eq!(safe_return_path("/%252e%252e/x", "/admin").as_deref(), Some("/admin/%252e%252e/x"));
        assert_eq!(safe_return_path("/models/..x", "").as_deref(), Some("/models/..x"));
    }

    #[test]
    fn app_pathnames() {
        assert!(is_app_pathname("/admin/models", "/admin"));
        assert!(is_app_pathname("/admin", "/admin"));
        assert!(is_app_pathname("/admin/", "/admin"));
        assert!(!is_app_pathname("/administrator", "/admin"));
        assert!(!is_app_pathname("//x", ""));
        assert!(!is_app_pathname("//x", "/admin"));
        assert!(is_app_pathname("/models", ""));
        assert!(!is_app_pathname("models", ""));
    }

    #[test]
    fn ids_the_browser_would_not_keep_as_a_segment() {
        for id in ["", ".", "..", "new", "...", "$", "$.", "$..", "%2E", "%2F..", "//", "a/../b", "x", "news"] {
            let segment = path_segment(id);
            assert_eq!(id_from_segment(&segment), id, "{id:?} as {segment:?}");
            assert!(!segment.is_empty() && segment != "." && segment != ".." && segment != "new" && !segment.contains('/'), "{id:?} as {segment:?}");
            assert_ne!(decode_component(&segment, false).to_ascii_lowercase(), "..");
        }
        assert_eq!(path_segment(".."), "$..");
        assert_eq!(path_segment("$.."), "%24..");
        assert_eq!(id_from_segment("john.doe%40company.com"), "john.doe@company.com");
    }
}

//! "Copy as curl": the exact request, with `$LISA_TOKEN` where the token goes. The token itself
//! is never an input here, so it cannot end up in the clipboard.

use crate::shell::shell_quote;

/// A curl command sending `body` (the JSON text exactly as the console sends it) to `url`.
/// `-N` turns off curl's buffering so a stream prints as it arrives.
pub fn curl_command(url: &str, body: &str, streaming: bool) -> String {
    let mut lines = vec![format!("curl{} -X POST {}", if streaming { " -N" } else { "" }, shell_quote(url))];
    // Double quotes: the shell expands the variable; nothing else in this line is special.
    lines.push("-H \"Authorization: Bearer $LISA_TOKEN\"".to_string());
    lines.push("-H 'Content-Type: application/json'".to_string());
    lines.push(format!("--data-raw {}", shell_quote(body)));
    lines.join(" \\\n  ")
}

/// The request body as shown on the page: the same JSON, indented, keys in the order sent
/// (re-serialising a parsed value would sort them). Not JSON: shown as it is.
pub fn pretty_body(body: &str) -> String {
    if serde_json::from_str::<serde::de::IgnoredAny>(body).is_err() {
        return body.to_string();
    }
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    let mut out = String::with_capacity(body.len() * 2);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                out.push(c);
                if let Some(close) = chars.next_if(|n| *n == '}' || *n == ']') {
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_names_the_variable_and_quotes_the_body() {
        let body = r#"{"model":"m","messages":[{"role":"user","content":"it's $HOME `x`"}],"stream":true}"#;
        let cmd = curl_command("https://serve.example.com/v2/serve/chat/completions", body, true);
        assert_eq!(
            cmd,
            "curl -N -X POST 'https://serve.example.com/v2/serve/chat/completions' \\\n  \
             -H \"Authorization: Bearer $LISA_TOKEN\" \\\n  \
             -H 'Content-Type: application/json' \\\n  \
             --data-raw '{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"it'\\''s $HOME `x`\"}],\"stream\":true}'"
        );
        assert!(!curl_command("http://x", "{}", false).contains(" -N"));
    }

    #[test]
    fn the_shown_body_is_indented_json_in_the_order_sent() {
        assert_eq!(pretty_body(r#"{"a":1}"#), "{\n  \"a\": 1\n}");
        let body = r#"{"model":"m","messages":[{"role":"user","content":"a, {b}: [c] \"q\" \\"}],"stop":[],"opts":{},"n":1.5}"#;
        let pretty = pretty_body(body);
        assert_eq!(
            pretty,
            "{\n  \"model\": \"m\",\n  \"messages\": [\n    {\n      \"role\": \"user\",\n      \"content\": \"a, {b}: [c] \\\"q\\\" \\\\\"\n    }\n  ],\n  \"stop\": [],\n  \"opts\": {},\n  \"n\": 1.5\n}"
        );
        let reparsed: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(reparsed, serde_json::from_str::<serde_json::Value>(body).unwrap());
        assert_eq!(pretty_body("not json"), "not json");
    }
}

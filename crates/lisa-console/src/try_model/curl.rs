//! "Copy as curl": the exact request, with `$LISA_TOKEN` where the token goes. The token itself
//! is never an input here, so it cannot end up in the clipboard.

/// `text` as one POSIX shell word in single quotes (`'` becomes `'\''`).
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

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

/// The request body as shown on the page: the same JSON, indented.
pub fn pretty_body(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_string())
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
    fn the_quoted_body_is_the_body_for_a_real_shell() {
        let body = r#"{"content":"a'b\"c $X `y` \\ \n"}"#;
        let out = std::process::Command::new("sh").arg("-c").arg(format!("printf %s {}", shell_quote(body))).output();
        if let Ok(out) = out {
            assert_eq!(String::from_utf8_lossy(&out.stdout), body);
        }
    }

    #[test]
    fn the_shown_body_is_indented_json() {
        assert_eq!(pretty_body(r#"{"a":1}"#), "{\n  \"a\": 1\n}");
        assert_eq!(pretty_body("not json"), "not json");
    }
}

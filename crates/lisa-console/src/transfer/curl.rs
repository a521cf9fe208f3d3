//! "Copy as curl": the create request as a shell command, with `$LISA_TOKEN` where the token
//! goes (the admin's token never leaves the page in a copied text).

use serde_json::Value;

use crate::shell::shell_quote;

/// `curl` sending `body` to `POST <api_base_url>/models`. The body goes in a quoted here-document,
/// so nothing in it is expanded by the shell: pretty-printed JSON never has a line that is just
/// the delimiter (every line but the braces is indented).
pub fn create_command(api_base_url: &str, body: &Value) -> String {
    let url = format!("{}/models", api_base_url.trim_end_matches('/'));
    let json = serde_json::to_string_pretty(body).unwrap_or_default();
    format!(
        "curl -sS -X POST {} \\\n  -H \"Authorization: Bearer $LISA_TOKEN\" \\\n  -H 'Content-Type: application/json' \\\n  --data-binary @- <<'LISA_JSON'\n{json}\nLISA_JSON\n",
        shell_quote(&url)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_token_is_a_variable_and_the_body_is_not_expanded() {
        let body = json!({"modelId": "m", "modelName": "it's $HOME `x`"});
        let cmd = create_command("https://api.example.com/prod/", &body);
        assert!(cmd.starts_with("curl -sS -X POST 'https://api.example.com/prod/models'"), "{cmd}");
        assert!(cmd.contains("Bearer $LISA_TOKEN"));
        assert!(cmd.contains("<<'LISA_JSON'\n{"));
        assert!(cmd.contains("\"it's $HOME `x`\""), "the body verbatim inside the quoted here-document");
        assert!(cmd.ends_with("}\nLISA_JSON\n"));
    }
}

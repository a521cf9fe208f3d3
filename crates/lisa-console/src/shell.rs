//! Shell words for the "Copy as curl" commands (the try page's chat request, the detail page's
//! create request).

/// `text` as one POSIX shell word in single quotes (`'` becomes `'\''`).
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quoted_body_is_the_body_for_a_real_shell() {
        let body = r#"{"content":"a'b\"c $X `y` \\ \n"}"#;
        let out = std::process::Command::new("sh").arg("-c").arg(format!("printf %s {}", shell_quote(body))).output();
        if let Ok(out) = out {
            assert_eq!(String::from_utf8_lossy(&out.stdout), body);
        }
    }
}

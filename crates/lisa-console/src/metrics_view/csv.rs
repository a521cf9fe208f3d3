//! CSV exports (RFC 4180), safe to open in a spreadsheet.
//!
//! Text cells come from LISA's data (user ids, tool names, group names, model ids), which anyone
//! who can name a tool or a group controls. A spreadsheet treats a cell starting with `=`, `+`,
//! `-` or `@` (and, in some, a tab or carriage return) as a formula, so such text gets a leading
//! `'` (OWASP's advice) and is quoted. Numbers are written by this code and never prefixed.

/// One cell of an export.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// No value (a session without token counts).
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Cell::Number(n)
    }
}

impl From<Option<f64>> for Cell {
    fn from(n: Option<f64>) -> Self {
        n.map_or(Cell::Empty, Cell::Number)
    }
}

/// One text field, escaped.
pub fn text_field(value: &str) -> String {
    let risky = matches!(value.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let value = if risky { format!("'{value}") } else { value.to_string() };
    if risky || value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A number as plain digits: integers without a fraction, at most six decimals, no grouping,
/// no exponent.
pub fn number_field(value: f64) -> String {
    if value.is_finite() {
        super::fmt::trimmed(value, 6)
    } else {
        String::new()
    }
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => text_field(t),
        Cell::Number(n) => number_field(*n),
        Cell::Empty => String::new(),
    }
}

/// A whole document: the header line, then one line per row, CRLF line ends.
pub fn document(headers: &[&str], rows: impl IntoIterator<Item = Vec<Cell>>) -> String {
    let mut out = String::new();
    out.push_str(&headers.iter().map(|h| text_field(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(field).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// A download file name from a user id: keeps letters, digits, `.`, `-`, `_` and `@`; anything
/// else (path separators, quotes, control characters) becomes `_`.
pub fn file_name(prefix: &str, user_id: Option<&str>) -> String {
    match user_id {
        None => format!("{prefix}.csv"),
        Some(id) => {
            let safe: String = id
                .chars()
                .take(80)
                .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@') { c } else { '_' })
                .collect();
            let safe = safe.trim_start_matches('.');
            format!("{prefix}-{}.csv", if safe.is_empty() { "user" } else { safe })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unquoted() {
        assert_eq!(text_field("GMAIL-SEND-EMAIL"), "GMAIL-SEND-EMAIL");
        assert_eq!(text_field(""), "");
        assert_eq!(text_field("john.doe@company.com"), "john.doe@company.com");
    }

    #[test]
    fn commas_quotes_and_newlines_are_quoted() {
        assert_eq!(text_field("a,b"), "\"a,b\"");
        assert_eq!(text_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(text_field("cr\rhere"), "\"cr\rhere\"");
    }

    #[test]
    fn formula_starts_are_neutralised() {
        assert_eq!(text_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(text_field("+1"), "\"'+1\"");
        assert_eq!(text_field("-1+2"), "\"'-1+2\"");
        assert_eq!(text_field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(text_field("\tcmd"), "\"'\tcmd\"");
        // Only the start matters.
        assert_eq!(text_field("a=b"), "a=b");
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(number_field(20.0), "20");
        assert_eq!(number_field(2.5), "2.5");
        assert_eq!(number_field(1234567.0), "1234567");
        assert_eq!(number_field(f64::NAN), "");
        assert_eq!(number_field(-3.0), "-3");
    }

    #[test]
    fn documents_use_crlf() {
        let doc = document(&["tool", "calls"], vec![vec!["a,b".into(), 3.0.into()], vec!["=x".into(), Cell::Empty]]);
        assert_eq!(doc, "tool,calls\r\n\"a,b\",3\r\n\"'=x\",\r\n");
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name("lisa-tools", None), "lisa-tools.csv");
        assert_eq!(file_name("lisa-sessions", Some("john.doe@company.com")), "lisa-sessions-john.doe@company.com.csv");
        assert_eq!(file_name("s", Some("../etc/passwd")), "s-_etc_passwd.csv");
        assert_eq!(file_name("s", Some("")), "s-user.csv");
    }
}

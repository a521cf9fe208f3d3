//! Pydantic 2.12's lax number and boolean coercion for Python input (pydantic-core
//! `input_python.rs` / `shared.rs`): `"5"`, `5.0` and `true` are ints, `"yes"` is a boolean.

use serde_json::{Number, Value};

use super::coerce::{kind, Kind};

/// An integer as LISA holds it. Anything with more than 38 digits cannot be stored in DynamoDB,
/// so its exact value never matters: only its sign does (for Pydantic's bounds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Int {
    Exact(i128),
    Huge { negative: bool },
}

/// 10^38: the first integer DynamoDB's 38-digit precision cannot store.
const DYNAMO_LIMIT: i128 = 100_000_000_000_000_000_000_000_000_000_000_000_000;

impl Int {
    pub(crate) fn from_i128(v: i128) -> Int {
        if v.unsigned_abs() >= DYNAMO_LIMIT as u128 {
            Int::Huge { negative: v < 0 }
        } else {
            Int::Exact(v)
        }
    }

    pub(crate) fn from_digits(text: &str) -> Option<Int> {
        let negative = text.starts_with('-');
        let digits = text.trim_start_matches('-').trim_start_matches('0');
        if digits.is_empty() {
            return Some(Int::Exact(0));
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if digits.len() > 38 {
            return Some(Int::Huge { negative });
        }
        let magnitude: i128 = digits.parse().ok()?;
        Some(Int::Exact(if negative { -magnitude } else { magnitude }))
    }

    /// Compare with a small bound (Pydantic's `gt`/`ge`/`le`).
    pub fn cmp_small(self, bound: i64) -> std::cmp::Ordering {
        match self {
            Int::Exact(v) => v.cmp(&(bound as i128)),
            Int::Huge { negative: true } => std::cmp::Ordering::Less,
            Int::Huge { negative: false } => std::cmp::Ordering::Greater,
        }
    }

    /// As a JSON number. Values beyond i64/u64 become the nearest f64 (serde_json has no big
    /// integers); huge ones never reach a response because DynamoDB refuses them.
    pub fn to_value(self) -> Value {
        match self {
            Int::Exact(v) => {
                if let Ok(small) = i64::try_from(v) {
                    Value::Number(small.into())
                } else if let Ok(big) = u64::try_from(v) {
                    Value::Number(big.into())
                } else {
                    Number::from_f64(v as f64).map(Value::Number).unwrap_or(Value::Null)
                }
            }
            Int::Huge { negative } => {
                let f = if negative { -1e38 } else { 1e38 };
                Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
            }
        }
    }
}

/// `int_parsing` for strings: jiter's integer grammar, then Pydantic's clean-up (whitespace,
/// `+`, leading zeros, `.0…`, single underscores between digits).
fn str_as_int(s: &str) -> Result<Int, &'static str> {
    fn strict(s: &str) -> Option<Result<Int, &'static str>> {
        let digits = s.strip_prefix('-').unwrap_or(s);
        let ok = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        if !ok {
            return None;
        }
        if digits.len() > 4300 {
            return Some(Err("int_parsing_size"));
        }
        Int::from_digits(s).map(Ok)
    }
    if let Some(r) = strict(s) {
        return r;
    }
    clean_int_str(s).and_then(|c| strict(&c)).unwrap_or(Err("int_parsing"))
}

/// pydantic-core's `clean_int_str`: returns the cleaned text only if something changed.
fn clean_int_str(original: &str) -> Option<String> {
    let mut s = original.trim();
    if let Some(rest) = s.strip_prefix('+') {
        if rest.starts_with('-') {
            return None;
        }
        s = rest;
    }
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        if rest.starts_with('-') || rest.starts_with('+') {
            return None;
        }
        negative = true;
        s = rest;
    }
    s = strip_leading_zeros(s)?;
    if let Some(dot) = s.find('.') {
        let decimals = &s[dot + 1..];
        if !decimals.is_empty() && decimals.bytes().all(|b| b == b'0') {
            s = &s[..dot];
        }
    }
    let sign = if negative { "-" } else { "" };
    if !(s.starts_with('_') || s.ends_with('_') || !s.contains('_') || s.contains("__")) {
        return Some(format!("{sign}{}", s.replace('_', "")));
    }
    if original.len() == s.len() {
        return None;
    }
    Some(format!("{sign}{s}"))
}

fn strip_leading_zeros(s: &str) -> Option<&str> {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, '0')) => {}
        Some((_, c)) if c.is_ascii_digit() || c == '-' => return Some(s),
        _ => return None,
    }
    for (i, c) in chars {
        match c {
            '0' | '_' => {}
            '1'..='9' | '-' => return Some(&s[i..]),
            '.' => return Some(&s[i - 1..]),
            _ => return None,
        }
    }
    Some(&s[s.len() - 1..])
}

pub(crate) fn float_as_int(f: f64) -> Result<Int, &'static str> {
    if !f.is_finite() {
        Err("finite_number")
    } else if f % 1.0 != 0.0 {
        Err("int_from_float")
    } else if (i64::MIN as f64) < f && f < (i64::MAX as f64) {
        Ok(Int::Exact(f as i128))
    } else {
        Err("int_parsing_size")
    }
}

pub(crate) fn int_error_msg(kind: &str) -> &'static str {
    match kind {
        "int_parsing" => "Input should be a valid integer, unable to parse string as an integer",
        "int_from_float" => "Input should be a valid integer, got a number with a fractional part",
        "int_parsing_size" => "Unable to parse input string as an integer, exceeded maximum size",
        "finite_number" => "Input should be a finite number",
        _ => "Input should be a valid integer",
    }
}

/// Pydantic's lax `int`: no bounds.
pub fn lax_int(v: &Value) -> Result<Int, &'static str> {
    match kind(v) {
        Kind::Int(i) => Ok(i),
        Kind::Bool(b) => Ok(Int::Exact(b as i128)),
        Kind::Float(f) => float_as_int(f),
        Kind::Str(s) => str_as_int(s),
        _ => Err("int_type"),
    }
}

/// An integer read back from a normalised body, where values beyond u64 are f64 (see
/// [`Int::to_value`]); anything else goes through [`lax_int`].
pub fn int_value(v: &Value) -> Option<Int> {
    match v {
        Value::Number(n) if n.as_i64().is_none() && n.as_u64().is_none() => {
            let f = n.as_f64()?;
            if f.abs() >= 1e38 {
                Some(Int::Huge { negative: f < 0.0 })
            } else if f.fract() == 0.0 {
                Some(Int::Exact(f as i128))
            } else {
                None
            }
        }
        Value::Null => None,
        other => lax_int(other).ok(),
    }
}

/// Pydantic's lax `bool`: `"yes"`/`"on"`/`"t"`/`"1"`…, 0 and 1, 0.0 and 1.0.
pub fn lax_bool(v: &Value) -> Result<bool, &'static str> {
    const TRUE: [&str; 5] = ["t", "y", "on", "yes", "true"];
    const FALSE: [&str; 5] = ["f", "n", "no", "off", "false"];
    match kind(v) {
        Kind::Bool(b) => Ok(b),
        Kind::Str(s) => {
            if s == "1" || TRUE.iter().any(|t| s.eq_ignore_ascii_case(t)) {
                Ok(true)
            } else if s == "0" || FALSE.iter().any(|f| s.eq_ignore_ascii_case(f)) {
                Ok(false)
            } else {
                Err("bool_parsing")
            }
        }
        Kind::Int(Int::Exact(0)) => Ok(false),
        Kind::Int(Int::Exact(1)) => Ok(true),
        // Ints beyond i64 fall through to the float path in pydantic-core; those beyond the
        // float→int range end as `bool_type`.
        Kind::Int(Int::Exact(i)) if i64::try_from(i).is_ok() => Err("bool_parsing"),
        Kind::Int(Int::Exact(i)) => match float_as_int(i as f64) {
            Ok(_) => Err("bool_parsing"),
            Err(_) => Err("bool_type"),
        },
        Kind::Float(f) => match float_as_int(f) {
            Ok(Int::Exact(0)) => Ok(false),
            Ok(Int::Exact(1)) => Ok(true),
            Ok(_) => Err("bool_parsing"),
            Err(_) => Err("bool_type"),
        },
        _ => Err("bool_type"),
    }
}


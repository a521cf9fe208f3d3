//! Numbers as the metrics pages show them, formatted with integer arithmetic.
//!
//! Rust's float formatting (`{:.1}`, `{}` on an `f64`) adds about 11 KB of code to the wasm
//! bundle. These few cases do not need it.

/// `value` rounded to `decimals` (at most 6) places: `fixed(3.14159, 2)` → `3.14`. Non-finite
/// values show as a dash; magnitudes beyond 1e15 (never a counter) lose their fraction.
pub fn fixed(value: f64, decimals: u32) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let decimals = decimals.min(6);
    if value.abs() >= 1e15 {
        return (value.round() as i64).to_string();
    }
    let scale = 10u64.pow(decimals);
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
    let whole = scaled / scale;
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = scaled % scale;
    format!("{sign}{whole}.{fraction:0width$}", width = decimals as usize)
}

/// [`fixed`] without trailing zeros or a trailing dot: `2.50` → `2.5`, `20.00` → `20`.
pub fn trimmed(value: f64, decimals: u32) -> String {
    let text = fixed(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A counter: whole numbers without a fraction (`20.0` → `20`), others with at most two
/// decimals. Same output as float formatting (the tests compare).
pub fn count(value: f64) -> String {
    trimmed(value, 2)
}

/// A percentage with one decimal: `3.2%`. Same output as float formatting (the tests compare).
pub fn percent(value: f64) -> String {
    if value.is_finite() {
        format!("{}%", fixed(value, 1))
    } else {
        "—".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The float-formatting reference the integer versions must match.
    /// Display a counter: whole numbers without a fraction (`20.0` → `20`), others with at most two
    /// decimals. Non-finite values (never sent by LISA) show as a dash rather than "NaN".
    fn format_count(value: f64) -> String {
        if !value.is_finite() {
            return "—".to_string();
        }
        if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{}", value as i64)
        } else {
            let s = format!("{value:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }

    /// A percentage with one decimal, e.g. `3.2%`.
    fn format_percent(value: f64) -> String {
        if !value.is_finite() {
            return "—".to_string();
        }
        format!("{value:.1}%")
    }

    #[test]
    fn fixed_points() {
        assert_eq!(fixed(3.14159, 2), "3.14");
        assert_eq!(fixed(2.5, 0), "3");
        assert_eq!(fixed(0.05, 1), "0.1");
        assert_eq!(fixed(-1.25, 1), "-1.3");
        assert_eq!(fixed(-0.001, 1), "0.0");
        assert_eq!(fixed(82.0, 3), "82.000");
        assert_eq!(fixed(f64::NAN, 2), "—");
        assert_eq!(fixed(2e15, 2), "2000000000000000");
        assert_eq!(trimmed(2.5, 6), "2.5");
        assert_eq!(trimmed(20.0, 6), "20");
    }

    #[test]
    fn same_as_float_formatting() {
        for v in [0.0, 20.0, 2.5, 1.0 / 3.0, 3.225806451612903, 38.70967741935484, 99.95, 1234567.0, 0.004] {
            assert_eq!(count(v), format_count(v), "{v}");
            assert_eq!(percent(v), format_percent(v), "{v}");
        }
        assert_eq!(count(f64::INFINITY), "—");
        assert_eq!(percent(f64::NAN), "—");
        assert_eq!((count(20.0), count(0.0), count(2.5), count(1.0 / 3.0)), ("20".into(), "0".into(), "2.5".into(), "0.33".into()));
        assert_eq!(percent(3.225806451612903), "3.2%");
    }
}

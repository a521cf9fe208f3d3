//! Timestamps of the metrics API (`firstSeen`, `lastSeen`): ISO-8601, parsed by hand because the
//! app carries no date crate.
//!
//! LISA writes `2026-03-02T15:04:11.482913+00:00` in newer records and
//! `2025-07-01T16:47:21.171855` (no offset) in older ones. The Lambda runs in UTC, so a missing
//! offset means UTC.

/// Milliseconds since the Unix epoch (UTC), or `None` when `text` is not an ISO-8601 date-time.
/// Accepts `T` or a space between date and time, optional seconds and fraction, and `Z`,
/// `±HH:MM`, `±HHMM` or `±HH` offsets.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 16 {
        return None;
    }
    let year = digits(bytes, 0, 4)?;
    expect(bytes, 4, b'-')?;
    let month = digits(bytes, 5, 2)?;
    expect(bytes, 7, b'-')?;
    let day = digits(bytes, 8, 2)?;
    if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(bytes, 11, 2)?;
    expect(bytes, 13, b':')?;
    let minute = digits(bytes, 14, 2)?;
    let mut i = 16;
    let mut second = 0;
    let mut millis = 0;
    if bytes.get(i) == Some(&b':') {
        second = digits(bytes, i + 1, 2)?;
        i += 3;
        if matches!(bytes.get(i), Some(b'.' | b',')) {
            i += 1;
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
            // Only the first three fraction digits matter for milliseconds.
            let mut ms = 0;
            for k in 0..3 {
                ms = ms * 10 + bytes.get(start + k).filter(|_| start + k < i).map_or(0, |d| i64::from(d - b'0'));
            }
            millis = ms;
        }
    }
    let offset_minutes = match &bytes[i..] {
        [] => 0,
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest {
                [h1, h2] => (two(*h1, *h2)?, 0),
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => (two(*h1, *h2)?, two(*m1, *m2)?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let total = h * 60 + m;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

fn digits(bytes: &[u8], start: usize, len: usize) -> Option<i64> {
    let slice = bytes.get(start..start + len)?;
    slice.iter().try_fold(0i64, |acc, b| b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0')))
}

fn two(a: u8, b: u8) -> Option<i64> {
    digits(&[a, b], 0, 2)
}

fn expect(bytes: &[u8], at: usize, want: u8) -> Option<()> {
    (bytes.get(at) == Some(&want)).then_some(())
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2025-07-01 16:47:21` for an epoch-ms instant shifted by `offset_minutes` east of UTC.
fn format_shifted(epoch_ms: i64, offset_minutes: i64) -> String {
    let seconds = epoch_ms.div_euclid(1000) + offset_minutes * 60;
    let (y, mo, d) = civil_from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!("{y:04}-{mo:02}-{d:02} {:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
}

/// The instant in UTC, for the hover title: `2025-07-01 16:47:21 UTC`.
pub fn format_utc(epoch_ms: i64) -> String {
    format!("{} UTC", format_shifted(epoch_ms, 0))
}

/// The instant in the viewer's zone. `offset_minutes` is minutes east of UTC, i.e. the negated
/// value of JavaScript's `Date.prototype.getTimezoneOffset()`: `2025-07-01 18:47:21 (UTC+02:00)`.
pub fn format_local(epoch_ms: i64, offset_minutes: i64) -> String {
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let abs = offset_minutes.abs();
    format!("{} (UTC{sign}{:02}:{:02})", format_shifted(epoch_ms, offset_minutes), abs / 60, abs % 60)
}

/// How a `firstSeen`/`lastSeen` value is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeenDisplay {
    /// Null: the user was never seen.
    Never,
    /// A timestamp this parser does not understand: shown as LISA sent it.
    Raw(String),
    At { epoch_ms: i64 },
}

pub fn seen_display(value: Option<&str>) -> SeenDisplay {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => SeenDisplay::Never,
        Some(text) => match parse_iso8601(text) {
            Some(epoch_ms) => SeenDisplay::At { epoch_ms },
            None => SeenDisplay::Raw(text.to_string()),
        },
    }
}

/// "updated 5 s ago", coarser as it ages.
pub fn format_age(seconds: f64) -> String {
    let s = if seconds.is_finite() { seconds.max(0.0).floor() as u64 } else { 0 };
    match s {
        0 => "updated just now".to_string(),
        1..=59 => format!("updated {s} s ago"),
        60..=3599 => format!("updated {} min ago", s / 60),
        _ => format!("updated {} h ago", s / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lisa_timestamps_with_and_without_offset() {
        // 2025-07-01T16:47:21.171Z
        assert_eq!(parse_iso8601("2025-07-01T16:47:21.171855"), Some(1_751_388_441_171));
        assert_eq!(parse_iso8601("2025-07-01T16:47:21.171855+00:00"), Some(1_751_388_441_171));
        assert_eq!(parse_iso8601("2025-07-01T16:47:21.171Z"), Some(1_751_388_441_171));
        assert_eq!(parse_iso8601("2025-07-01 18:47:21.171+02:00"), Some(1_751_388_441_171));
        assert_eq!(parse_iso8601("2025-07-01T11:47:21.171-0500"), Some(1_751_388_441_171));
        assert_eq!(parse_iso8601("2025-07-01T16:47:21"), Some(1_751_388_441_000));
        assert_eq!(parse_iso8601("2025-07-01T16:47"), Some(1_751_388_420_000));
        assert_eq!(parse_iso8601("2025-07-01T16:47:21.1"), Some(1_751_388_441_100));
        assert_eq!(parse_iso8601("1970-01-01T00:00:00"), Some(0));
        assert_eq!(parse_iso8601("2024-02-29T00:00:00"), Some(1_709_164_800_000));
    }

    #[test]
    fn rejects_what_is_not_a_timestamp() {
        for bad in [
            "",
            "yesterday",
            "2025-07-01",
            "2025-13-01T00:00:00",
            "2025-02-30T00:00:00",
            "2023-02-29T00:00:00",
            "2025-07-01T24:00:00",
            "2025-07-01T16:47:21.",
            "2025-07-01T16:47:21+25:00",
            "2025-07-01T16:47:21 junk",
            "２０２５-07-01T16:47:21",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn formats_utc_and_local() {
        let t = 1_751_388_441_171;
        assert_eq!(format_utc(t), "2025-07-01 16:47:21 UTC");
        assert_eq!(format_local(t, 120), "2025-07-01 18:47:21 (UTC+02:00)");
        assert_eq!(format_local(t, -570), "2025-07-01 07:17:21 (UTC-09:30)");
        // Crossing midnight and a year boundary.
        assert_eq!(format_local(parse_iso8601("2025-12-31T23:30:00Z").unwrap(), 60), "2026-01-01 00:30:00 (UTC+01:00)");
        assert_eq!(format_utc(-1000), "1969-12-31 23:59:59 UTC");
    }

    #[test]
    fn seen_values() {
        assert_eq!(seen_display(None), SeenDisplay::Never);
        assert_eq!(seen_display(Some("  ")), SeenDisplay::Never);
        assert_eq!(seen_display(Some("soon")), SeenDisplay::Raw("soon".into()));
        assert_eq!(seen_display(Some("1970-01-01T00:00:01")), SeenDisplay::At { epoch_ms: 1000 });
    }

    #[test]
    fn ages() {
        assert_eq!(format_age(0.4), "updated just now");
        assert_eq!(format_age(5.9), "updated 5 s ago");
        assert_eq!(format_age(125.0), "updated 2 min ago");
        assert_eq!(format_age(7300.0), "updated 2 h ago");
        assert_eq!(format_age(-3.0), "updated just now");
        assert_eq!(format_age(f64::NAN), "updated just now");
    }
}

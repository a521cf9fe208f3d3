//! Wall-clock helpers: ISO-8601 timestamps as LISA writes them, and the next start/stop time of
//! a schedule.
//!
//! No date crate: the mock only needs civil-date arithmetic (Howard Hinnant's algorithms) and a
//! handful of time-zone offsets. The offsets are plausible, not a full tz database: the
//! `nextScheduledAction` they feed is informational only (LISA computes it once, at write time).

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds and microseconds since the Unix epoch.
pub fn now() -> (i64, u32) {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, d.subsec_micros()),
        Err(_) => (0, 0),
    }
}

/// `2026-03-02T15:04:11.482913+00:00`: the format of `lastScheduleUpdate` and metrics `lastSeen`.
pub fn iso_micros(secs: i64, micros: u32) -> String {
    let (date, time) = split(secs);
    format!("{date}T{time}.{micros:06}+00:00")
}

/// `2026-03-03T01:00:00+00:00`: the format of `nextScheduledAction.scheduledTime`.
pub fn iso_seconds(secs: i64) -> String {
    let (date, time) = split(secs);
    format!("{date}T{time}+00:00")
}

/// Timestamp without offset and with microseconds, as older metrics records have it.
pub fn iso_naive(secs: i64, micros: u32) -> String {
    let (date, time) = split(secs);
    format!("{date}T{time}.{micros:06}")
}

fn split(secs: i64) -> (String, String) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (format!("{y:04}-{m:02}-{d:02}"), format!("{:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
pub fn weekday(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

/// The day of the month of the `n`-th (1-based) `wd` weekday, or the last one when `n` is 0.
fn nth_weekday(y: i64, m: u32, wd: usize, n: u32) -> i64 {
    if n == 0 {
        let next_month = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) };
        let last = next_month - 1;
        return last - ((weekday(last) + 7 - wd) % 7) as i64;
    }
    let first = days_from_civil(y, m, 1);
    first + ((wd + 7 - weekday(first)) % 7) as i64 + 7 * (n as i64 - 1)
}

#[derive(Clone, Copy)]
enum Dst {
    None,
    /// Second Sunday of March 02:00 local to first Sunday of November 02:00 local.
    Us,
    /// Last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC.
    Eu,
}

/// Standard offset in minutes and DST rule for the zones a demo is likely to use.
fn zone(tz: &str) -> (i64, Dst) {
    match tz {
        "America/New_York" | "US/Eastern" | "EST5EDT" | "America/Detroit" | "America/Toronto" => (-300, Dst::Us),
        "America/Chicago" | "US/Central" | "CST6CDT" => (-360, Dst::Us),
        "America/Denver" | "US/Mountain" | "MST7MDT" => (-420, Dst::Us),
        "America/Phoenix" => (-420, Dst::None),
        "America/Los_Angeles" | "US/Pacific" | "PST8PDT" => (-480, Dst::Us),
        "America/Anchorage" => (-540, Dst::Us),
        "Pacific/Honolulu" => (-600, Dst::None),
        "Europe/London" | "Europe/Dublin" | "Europe/Lisbon" => (0, Dst::Eu),
        "Europe/Berlin" | "Europe/Paris" | "Europe/Madrid" | "Europe/Rome" | "Europe/Amsterdam"
        | "Europe/Brussels" | "Europe/Vienna" | "Europe/Zurich" | "Europe/Stockholm" | "Europe/Oslo"
        | "Europe/Copenhagen" | "Europe/Warsaw" | "Europe/Prague" | "CET" => (60, Dst::Eu),
        "Europe/Helsinki" | "Europe/Athens" | "Europe/Kiev" | "Europe/Kyiv" | "EET" => (120, Dst::Eu),
        "Asia/Kolkata" | "Asia/Calcutta" => (330, Dst::None),
        "Asia/Singapore" | "Asia/Shanghai" | "Asia/Hong_Kong" | "Asia/Taipei" => (480, Dst::None),
        "Asia/Tokyo" | "Asia/Seoul" => (540, Dst::None),
        "Australia/Brisbane" => (600, Dst::None),
        _ => (0, Dst::None),
    }
}

/// The zone's offset from UTC, in seconds, at the instant `utc`.
pub fn offset_seconds(tz: &str, utc: i64) -> i64 {
    let (std_min, rule) = zone(tz);
    let std = std_min * 60;
    let (y, _, _) = civil_from_days(utc.div_euclid(86_400));
    let in_dst = match rule {
        Dst::None => false,
        Dst::Us => {
            let start = nth_weekday(y, 3, 6, 2) * 86_400 + 2 * 3600 - std;
            let end = nth_weekday(y, 11, 6, 1) * 86_400 + 2 * 3600 - (std + 3600);
            utc >= start && utc < end
        }
        Dst::Eu => {
            let start = nth_weekday(y, 3, 6, 0) * 86_400 + 3600;
            let end = nth_weekday(y, 10, 6, 0) * 86_400 + 3600;
            utc >= start && utc < end
        }
    };
    if in_dst {
        std + 3600
    } else {
        std
    }
}

/// `"9:00"` / `"09:00"` → minutes after midnight.
pub fn parse_hhmm(text: &str) -> Option<i64> {
    let (h, m) = text.split_once(':')?;
    let h: i64 = h.parse().ok()?;
    let m: i64 = m.parse().ok()?;
    if (0..24).contains(&h) && (0..60).contains(&m) {
        Some(h * 60 + m)
    } else {
        None
    }
}

/// The first scheduled START or STOP strictly after `now_utc`. `window(weekday)` gives the
/// (start, stop) minutes for a local weekday (0 = Monday), if that day is scheduled.
pub fn next_action(
    tz: &str,
    now_utc: i64,
    window: impl Fn(usize) -> Option<(i64, i64)>,
) -> Option<(&'static str, i64)> {
    let local_today = (now_utc + offset_seconds(tz, now_utc)).div_euclid(86_400);
    let mut best: Option<(&'static str, i64)> = None;
    for day in local_today - 1..=local_today + 8 {
        let Some((start, stop)) = window(weekday(day)) else { continue };
        let stop_day = if stop <= start { day + 1 } else { day };
        for (action, local) in [("START", day * 86_400 + start * 60), ("STOP", stop_day * 86_400 + stop * 60)] {
            // Offset of the local instant: guess with the offset at that local time read as UTC.
            let utc = local - offset_seconds(tz, local - offset_seconds(tz, local));
            if utc > now_utc && best.is_none_or(|(_, t)| utc < t) {
                best = Some((action, utc));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_weekday() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2026, 3, 2)), (2026, 3, 2));
        assert_eq!(weekday(days_from_civil(2026, 3, 2)), 0, "2026-03-02 is a Monday");
        assert_eq!(iso_seconds(days_from_civil(2026, 3, 3) * 86_400 + 3600), "2026-03-03T01:00:00+00:00");
    }

    #[test]
    fn chicago_schedule_matches_fixture() {
        // get-model-hosted.json: 07:30-19:00 America/Chicago, written 2026-03-02T15:04 UTC,
        // next action STOP at 2026-03-03T01:00Z (19:00 CST).
        let now = days_from_civil(2026, 3, 2) * 86_400 + 15 * 3600 + 4 * 60;
        let next = next_action("America/Chicago", now, |_| Some((450, 1140)));
        assert_eq!(next, Some(("STOP", days_from_civil(2026, 3, 3) * 86_400 + 3600)));
    }

    #[test]
    fn dst_applies_in_summer() {
        let july = days_from_civil(2026, 7, 1) * 86_400;
        assert_eq!(offset_seconds("America/New_York", july), -4 * 3600);
        assert_eq!(offset_seconds("Europe/Berlin", july), 2 * 3600);
        assert_eq!(offset_seconds("UTC", july), 0);
    }
}

//! IANA time-zone names accepted by V65 (case-sensitive: `UTC` passes, `utc` fails).
//!
//! The list is Python's `zoneinfo.available_timezones()` on the machine that generated it, the
//! same database LISA's Lambda checks against.

const NAMES: &str = include_str!("timezones.txt");

/// Every accepted name, sorted.
pub fn all() -> impl Iterator<Item = &'static str> {
    NAMES.lines().filter(|l| !l.is_empty())
}

pub fn is_valid(name: &str) -> bool {
    // Sorted list: binary search over the lines.
    let lines: Vec<&str> = all().collect();
    lines.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn case_sensitive_iana_names() {
        for ok in ["UTC", "America/New_York", "Europe/Berlin", "EST5EDT", "US/Eastern"] {
            assert!(super::is_valid(ok), "{ok}");
        }
        for bad in ["utc", "", "Mars/Olympus_Mons", "america/new_york"] {
            assert!(!super::is_valid(bad), "{bad}");
        }
    }
}

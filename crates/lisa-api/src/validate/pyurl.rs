//! The part of Python's `urllib.parse.urlparse(url).hostname` that V31 depends on.
//!
//! LISA checks `hostname.lower().endswith(".elb.amazonaws.com")`, so what counts as the
//! hostname (and when `urlparse` itself raises `ValueError`, which Pydantic reports as a
//! `value_error` of the whole body) has to follow CPython 3.13 exactly.

/// `Ok(None)`: no hostname. `Err`: the `ValueError` text `urlparse` raises.
pub fn hostname(url: &str) -> Result<Option<String>, String> {
    // urlsplit: strip leading C0 controls and spaces, drop tabs and newlines anywhere.
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let mut rest = url.as_str();
    if let Some(colon) = rest.find(':') {
        let scheme = &rest[..colon];
        let first_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let all_ok = scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if colon > 0 && first_ok && all_ok {
            rest = &rest[colon + 1..];
        }
    }
    let Some(after_slashes) = rest.strip_prefix("//") else {
        return Ok(None);
    };
    let end = after_slashes.find(['/', '?', '#']).unwrap_or(after_slashes.len());
    let netloc = &after_slashes[..end];
    let (open, close) = (netloc.contains('['), netloc.contains(']'));
    if open != close {
        return Err("Invalid IPv6 URL".into());
    }
    if open {
        check_bracketed_netloc(netloc)?;
    }
    let hostinfo = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    let host = match hostinfo.split_once('[') {
        Some((_, bracketed)) => bracketed.split_once(']').map_or(bracketed, |(h, _)| h),
        None => hostinfo.split_once(':').map_or(hostinfo, |(h, _)| h),
    };
    if host.is_empty() {
        return Ok(None);
    }
    // A scoped IPv6 zone (after `%`) keeps its case.
    Ok(Some(match host.split_once('%') {
        Some((h, zone)) => format!("{}%{zone}", h.to_lowercase()),
        None => host.to_lowercase(),
    }))
}

fn check_bracketed_netloc(netloc: &str) -> Result<(), String> {
    let host_and_port = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    let host = match host_and_port.split_once('[') {
        Some((before, bracketed)) => {
            if !before.is_empty() {
                return Err("Invalid IPv6 URL".into());
            }
            let (host, port) = bracketed.split_once(']').unwrap_or((bracketed, ""));
            if !port.is_empty() && !port.starts_with(':') {
                return Err("Invalid IPv6 URL".into());
            }
            host
        }
        None => host_and_port.split_once(':').map_or(host_and_port, |(h, _)| h),
    };
    if let Some(future) = host.strip_prefix('v') {
        // \Av[a-fA-F0-9]+\..+\z
        let ok = future
            .split_once('.')
            .is_some_and(|(hex, tail)| !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()) && !tail.is_empty());
        return if ok { Ok(()) } else { Err("IPvFuture address is invalid".into()) };
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(_)) => Ok(()),
        Ok(std::net::IpAddr::V4(_)) => Err("An IPv4 address cannot be in brackets".into()),
        Err(_) => Err(format!("'{host}' does not appear to be an IPv4 or IPv6 address")),
    }
}

#[cfg(test)]
mod tests {
    use super::hostname;

    #[test]
    fn hostnames_as_python_sees_them() {
        let h = |u: &str| hostname(u).ok().flatten();
        assert_eq!(h("https://X.elb.amazonaws.com/v1").as_deref(), Some("x.elb.amazonaws.com"));
        assert_eq!(h("internal-alb.elb.amazonaws.com"), None);
        assert_eq!(h("//a.elb.amazonaws.com").as_deref(), Some("a.elb.amazonaws.com"));
        assert_eq!(h("https://user:pw@host:8080/x").as_deref(), Some("host"));
        assert_eq!(h("https://evil.com#.elb.amazonaws.com").as_deref(), Some("evil.com"));
        assert_eq!(h("https://[::1]/v1").as_deref(), Some("::1"));
        assert!(hostname("https://[::1/v1").is_err());
        assert!(hostname("https://[1.2.3.4]/").is_err());
    }
}

//! Small helpers shared by the provider configuration and the resources:
//! diagnostics at attribute paths, common checks, and RFC 3339 timestamps.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::protocol::provider::{Diagnostic, Diagnostics};
use crate::protocol::value::{AttributePath, Value};

/// Sets an attribute of an object; does nothing when `v` is not an object.
pub fn set_attr(v: &mut Value, name: &str, new: Value) {
    if let Value::Object(m) = v {
        m.insert(name.to_owned(), new);
    }
}

/// An error diagnostic about the attribute at `path`.
pub fn error_at(
    path: AttributePath,
    summary: impl Into<String>,
    detail: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(summary, detail).at(path)
}

/// A warning diagnostic about the attribute at `path`.
pub fn warning_at(
    path: AttributePath,
    summary: impl Into<String>,
    detail: impl Into<String>,
) -> Diagnostic {
    Diagnostic::warning(summary, detail).at(path)
}

/// Quoted, comma-separated: `"warn", "error", "off"`.
pub fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("{s:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks that a known string is one of `allowed`; null and unknown pass.
pub fn check_one_of(
    v: &Value,
    path: AttributePath,
    what: &str,
    allowed: &[&str],
    diags: &mut Diagnostics,
) {
    if let Some(s) = v.as_str() {
        if !allowed.contains(&s) {
            diags.push(error_at(
                path,
                format!("Invalid {what}"),
                format!("{s:?} is not one of {}.", quoted_list(allowed)),
            ));
        }
    }
}

/// Why `s` is not an absolute http(s) URL, if it is not.
pub fn http_url_problem(s: &str) -> Option<String> {
    if s.chars().any(char::is_whitespace) {
        return Some("a URL cannot contain whitespace".to_owned());
    }
    let lower = s.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &s["https://".len()..]
    } else if lower.starts_with("http://") {
        &s["http://".len()..]
    } else {
        return Some("expected an http:// or https:// URL".to_owned());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = if let Some(bracketed) = host_port.strip_prefix('[') {
        // An IPv6 literal: `[::1]:8080`.
        match bracketed.split_once(']') {
            Some((h, after)) => (h, after.strip_prefix(':')),
            None => return Some("unterminated IPv6 address".to_owned()),
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return Some("the URL has no host".to_owned());
    }
    if let Some(port) = port {
        if port.parse::<u16>().is_err() {
            return Some(format!("{port:?} is not a port number"));
        }
    }
    None
}

/// Whether `s` is a GUID (`00000000-0000-0000-0000-000000000000`).
pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `t` as an RFC 3339 UTC timestamp with second precision
/// (`2024-05-01T12:00:00Z`). Times before 1970 print as the epoch.
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (mut days, rem) = (secs / 86_400, secs % 86_400);
    let (hour, minute, second) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let mut year = 1970;
    loop {
        let len = if is_leap(year) { 366 } else { 365 };
        if days < len {
            break;
        }
        days -= len;
        year += 1;
    }
    let february = if is_leap(year) { 29 } else { 28 };
    let mut month = 1;
    for len in [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] {
        if days < len {
            break;
        }
        days -= len;
        month += 1;
    }
    let day = days + 1;
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

fn is_leap(year: u64) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn rfc3339_known_instants() {
        let at = |s: u64| rfc3339(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(at(1_735_689_599), "2024-12-31T23:59:59Z");
        assert_eq!(at(4_107_542_400), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn urls() {
        for ok in [
            "http://127.0.0.1:5000",
            "https://management.azure.com/",
            "HTTPS://[::1]:443/x",
            "http://h",
        ] {
            assert_eq!(http_url_problem(ok), None, "{ok}");
        }
        for bad in [
            "127.0.0.1:5000",
            "ftp://x",
            "http://",
            "http://:80",
            "http://h:99999",
            "http://a b",
            "https://[::1",
        ] {
            assert!(http_url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn guids() {
        assert!(is_guid("00000000-0000-0000-0000-000000000000"));
        assert!(is_guid("8f2aB3c4-1d2e-4f5a-9b8c-7d6e5f4a3b2c"));
        assert!(!is_guid("00000000-0000-0000-0000-00000000000"));
        assert!(!is_guid("contoso.onmicrosoft.com"));
    }

    #[test]
    fn one_of_skips_unknown_and_null() {
        let mut diags = Vec::new();
        let p = AttributePath::new("cloud");
        check_one_of(&Value::Unknown, p.clone(), "cloud", &["aws"], &mut diags);
        check_one_of(&Value::Null, p.clone(), "cloud", &["aws"], &mut diags);
        assert!(diags.is_empty());
        check_one_of(
            &"gcp".into(),
            p.clone(),
            "cloud",
            &["aws", "azure"],
            &mut diags,
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].detail, r#""gcp" is not one of "aws", "azure"."#);
        assert_eq!(diags[0].attribute, Some(p));
    }
}

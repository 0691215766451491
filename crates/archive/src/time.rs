//! Timestamps in the shapes archives write them, parsed into `DateTime<FixedOffset>`.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// X's `created_at`: `Tue Mar 19 14:05:17 +0000 2019`.
pub(crate) fn parse_x(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_str(text.trim(), "%a %b %d %H:%M:%S %z %Y").ok()
}

/// RFC 3339 / ISO 8601 with an offset or `Z`.
pub(crate) fn parse_rfc3339(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text.trim()).ok()
}

/// Seconds (or, from 1e12 on, milliseconds) since the Unix epoch, in UTC.
pub(crate) fn from_unix(value: i64) -> Option<DateTime<FixedOffset>> {
    let utc = if value.unsigned_abs() >= 1_000_000_000_000 {
        Utc.timestamp_millis_opt(value).single()?
    } else {
        Utc.timestamp_opt(value, 0).single()?
    };
    Some(utc.fixed_offset())
}

/// Any of the shapes generic files use, tried in order: RFC 3339, RFC 2822, X's format,
/// `YYYY-MM-DD HH:MM:SS` with an optional offset or ` UTC` (naive times are taken as UTC),
/// ISO without an offset, a date alone (midnight UTC), and Unix seconds or milliseconds.
pub(crate) fn parse_any(text: &str) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(time) = parse_rfc3339(text) {
        return Some(time);
    }
    if let Ok(time) = DateTime::parse_from_rfc2822(text) {
        return Some(time);
    }
    if let Some(time) = parse_x(text) {
        return Some(time);
    }
    if let Ok(time) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z") {
        return Some(time);
    }
    let naive = text
        .strip_suffix(" UTC")
        .or_else(|| text.strip_suffix('Z'))
        .unwrap_or(text);
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(time) = NaiveDateTime::parse_from_str(naive, format) {
            return Some(time.and_utc().fixed_offset());
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(naive, "%Y-%m-%d") {
        return Some(date.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset());
    }
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return from_unix(text.parse().ok()?);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_shape() {
        let expected = "2019-03-19T14:05:17+00:00";
        for text in [
            "Tue Mar 19 14:05:17 +0000 2019",
            "2019-03-19T14:05:17Z",
            "2019-03-19 14:05:17 +0000",
            "2019-03-19 14:05:17",
            "2019-03-19 14:05:17 UTC",
            "Tue, 19 Mar 2019 14:05:17 +0000",
            "1553004317",
            "1553004317000",
        ] {
            let parsed = parse_any(text).map(|t| t.to_rfc3339());
            assert_eq!(parsed.as_deref(), Some(expected), "{text}");
        }
        assert_eq!(
            parse_any("2019-03-19").map(|t| t.to_rfc3339()).as_deref(),
            Some("2019-03-19T00:00:00+00:00")
        );
        assert_eq!(parse_any("yesterday"), None);
    }
}

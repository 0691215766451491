//! IPv4 and IPv6 addresses.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use regex::Regex;

use super::{EntityDetector, EntityEnv, EntityHit};
use crate::finding::Checksum;
use ft_text::TextRange;

pub(crate) struct IpAddress;

/// Four dotted groups of one to three digits; octets are checked in code.
static IPV4: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?-u:\b)").ok()
});

/// Hex groups with at least two colons, perhaps ending in a dotted IPv4 address
/// (`::ffff:192.0.2.1`); std's parser decides.
static IPV6: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.[0-9]{1,3}){0,3}").ok()
});

/// Words that make a dotted quad a version number, not an address.
const VERSION_WORDS: &[&str] = &["version", "ver", "v", "release", "build", "firmware"];

const CONFIDENCE: f32 = 0.7;

/// A dotted quad with every octet 0–255 and no leading zeros.
fn parse_v4(s: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = s.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || (part.len() > 1 && part.starts_with('0')) {
            return None;
        }
        *octet = part.parse().ok()?;
    }
    if parts.next().is_some() {
        return None;
    }
    Some(Ipv4Addr::from(octets))
}

fn private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    // 100.64.0.0/10 is shared address space (carrier-grade NAT).
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || (a == 100 && (b & 0xc0) == 64)
}

fn private_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || ip.to_ipv4_mapped().is_some_and(private_v4)
}

fn detail(private: bool) -> Option<&'static str> {
    Some(if private { "private network" } else { "public" })
}

/// The word just before `start`, if only spaces separate it.
fn previous_word(text: &str, start: usize) -> &str {
    let before = text.get(..start).unwrap_or("").trim_end_matches(' ');
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(i, _)| i);
    before.get(word_start..).unwrap_or("")
}

impl IpAddress {
    fn find_v4(text: &str, out: &mut Vec<EntityHit>) {
        let Some(re) = IPV4.as_ref() else { return };
        for m in re.find_iter(text) {
            let before = text.get(..m.start()).and_then(|s| s.chars().next_back());
            let mut after = text.get(m.end()..).unwrap_or("").chars();
            let next = after.next();
            let next2 = after.next();
            // Part of a longer dotted sequence (`1.2.3.4.5`, `v1.2.3.4`) or a version number.
            if matches!(before, Some('.' | '_')) || before.is_some_and(char::is_alphanumeric) {
                continue;
            }
            if matches!(next, Some('.')) && next2.is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let word = previous_word(text, m.start());
            if VERSION_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                continue;
            }
            let Some(ip) = parse_v4(m.as_str()) else {
                continue;
            };
            out.push(EntityHit {
                span: TextRange::from_usize(m.start(), m.end()),
                confidence: CONFIDENCE,
                checksum: Checksum::NotApplicable,
                detail: detail(private_v4(ip)),
            });
        }
    }

    fn find_v6(text: &str, out: &mut Vec<EntityHit>) {
        if !text.contains(':') {
            return;
        }
        let Some(re) = IPV6.as_ref() else { return };
        for m in re.find_iter(text) {
            let mut candidate = m.as_str();
            let mut start = m.start();
            // A colon after a label (`IP:2001:db8::1`) or ending a sentence (`2001:db8::1: down`).
            if !candidate.starts_with("::")
                && let Some(rest) = candidate.strip_prefix(':')
            {
                candidate = rest;
                start += 1;
            }
            if !candidate.ends_with("::") {
                candidate = candidate.strip_suffix(':').unwrap_or(candidate);
            }
            let end = start + candidate.len();
            let mut before = text.get(..start).unwrap_or("").chars().rev();
            let (prev, prev2) = (before.next(), before.next());
            let mut after = text.get(end..).unwrap_or("").chars();
            let next = after.next();
            let next2 = after.next();
            if prev.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
                || (prev == Some(':') && prev2.is_some_and(|c| c.is_ascii_hexdigit() || c == ':'))
            {
                continue;
            }
            if next.is_some_and(|c| c.is_alphanumeric() || c == '_')
                || (matches!(next, Some(':' | '.')) && next2.is_some_and(|c| c.is_ascii_hexdigit()))
            {
                continue;
            }
            // Rust and C++ paths (`Foo::Bar`) and words with colons have no decimal digit.
            if !candidate.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let Ok(ip) = candidate.parse::<Ipv6Addr>() else {
                continue;
            };
            out.push(EntityHit {
                span: TextRange::from_usize(start, end),
                confidence: CONFIDENCE,
                checksum: Checksum::NotApplicable,
                detail: detail(private_v6(ip)),
            });
        }
    }
}

impl EntityDetector for IpAddress {
    fn description(&self) -> &'static str {
        "An IP address: an IPv4 dotted quad whose four numbers are 0–255 without leading zeros \
         (`192.0.2.14`), or an IPv6 address that the standard parser accepts (`2001:db8::1`). \
         Addresses in private, loopback and link-local ranges are marked as private network \
         addresses. Longer dotted sequences (`1.2.3.4.5`), version numbers (`v1.2.3.4`, \
         `version 1.2.3.4`), times (`10:30:00`), MAC addresses and code paths (`std::io`) are \
         ignored."
    }

    fn context_words(&self) -> &'static [&'static str] {
        &["ip", "address", "server", "host", "vpn", "router", "ssh"]
    }

    fn min_digits(&self) -> usize {
        // IPv6 candidates need one decimal digit; IPv4 ones need four.
        1
    }

    fn find(&self, text: &str, _env: &EntityEnv<'_>, out: &mut Vec<EntityHit>) {
        let start = out.len();
        Self::find_v4(text, out);
        Self::find_v6(text, out);
        // An IPv4-mapped IPv6 address contains a dotted quad: keep the longer match.
        let found = out.split_off(start);
        for hit in &found {
            let inside_longer = found.iter().any(|other| {
                other.span != hit.span
                    && other.span.start() <= hit.span.start()
                    && hit.span.end() <= other.span.end()
            });
            if !inside_longer {
                out.push(*hit);
            }
        }
        if let Some(tail) = out.get_mut(start..) {
            tail.sort_by_key(|h| h.span.start());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octets() {
        for (text, expected) in [
            ("192.0.2.14", true),
            ("0.0.0.0", true),
            ("255.255.255.255", true),
            ("256.1.1.1", false),
            ("192.168.01.1", false),
            ("1.2.3", false),
            ("1.2.3.4.5", false),
            ("1..3.4", false),
        ] {
            assert_eq!(parse_v4(text).is_some(), expected, "{text}");
        }
    }

    #[test]
    fn private_ranges() {
        for (text, expected) in [
            ("10.1.2.3", true),
            ("172.16.0.1", true),
            ("192.168.1.1", true),
            ("127.0.0.1", true),
            ("169.254.10.1", true),
            ("100.64.0.1", true),
            ("0.0.0.0", true),
            ("192.0.2.14", false),
            ("8.8.8.8", false),
        ] {
            assert_eq!(parse_v4(text).map(private_v4), Some(expected), "{text}");
        }
        for (text, expected) in [
            ("::1", true),
            ("fd12:3456:789a::1", true),
            ("fe80::1", true),
            ("::ffff:10.0.0.1", true),
            ("2001:db8::1", false),
        ] {
            assert_eq!(text.parse().ok().map(private_v6), Some(expected), "{text}");
        }
    }
}

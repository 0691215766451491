//! Telephone numbers: UK mobiles and landlines, and international numbers with a country code.

use std::sync::LazyLock;

use regex::Regex;

use super::{EntityDetector, EntityEnv, EntityHit};
use crate::finding::Checksum;
use ft_text::TextRange;

pub(crate) struct Phone;

/// Runs of digit groups (a group may be in parentheses) joined by at most one space, hyphen or
/// dot, with an optional leading `+`. Which groups of a run form a number is decided in code.
static RUN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\+?(?:\([0-9]{1,6}\)|[0-9]+)(?:[ .\-]?(?:\([0-9]{1,6}\)|[0-9]+))*").ok()
});

/// The most groups one number is written in (`+44 (0) 20 7946 0018` has five).
const MAX_GROUPS: usize = 8;
/// The most digits of a number: E.164 allows 15.
const MAX_DIGITS: usize = 15;

const UK_CONFIDENCE: f32 = 0.75;
const INTERNATIONAL_CONFIDENCE: f32 = 0.6;

/// A group of digits in a run.
#[derive(Clone, Copy, Debug)]
struct Group<'t> {
    /// Byte range in the text, parentheses included.
    start: usize,
    end: usize,
    digits: &'t str,
    paren: bool,
    /// What separates it from the previous group (`+` or empty for the first).
    sep: &'t str,
}

/// Split the run `text[start..end]` (ASCII only: digits, `+`, parentheses and separators).
fn split_groups<'t>(text: &'t str, start: usize, end: usize, out: &mut Vec<Group<'t>>) {
    out.clear();
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut i = start;
    let mut sep_start = start;
    while i < end {
        let b = at(i);
        if !(b.is_ascii_digit() || b == b'(') {
            i += 1;
            continue;
        }
        let paren = b == b'(';
        let digits_start = if paren { i + 1 } else { i };
        let mut j = digits_start;
        while j < end && at(j).is_ascii_digit() {
            j += 1;
        }
        let digits_end = j;
        if paren && j < end && at(j) == b')' {
            j += 1;
        }
        out.push(Group {
            start: i,
            end: j,
            digits: text.get(digits_start..digits_end).unwrap_or(""),
            paren,
            sep: text.get(sep_start..i).unwrap_or(""),
        });
        i = j.max(i + 1);
        sep_start = i;
    }
}

/// A UK number in national form (leading `0`), by its digits.
fn uk_kind(d: &[u8]) -> Option<&'static str> {
    match d {
        // Mobiles: 071–075 and 077–079 (070 is personal numbering, 076 pagers).
        [b'0', b'7', b'1'..=b'5' | b'7'..=b'9', ..] if d.len() == 11 => Some("UK mobile"),
        // Geographic numbers: 01 has 10 or 11 digits, 02 always 11 (020, 023, 024, 028, 029).
        [b'0', b'1', b'1'..=b'9', ..] if d.len() == 10 || d.len() == 11 => Some("UK landline"),
        [b'0', b'2', b'0' | b'3' | b'4' | b'8' | b'9', ..] if d.len() == 11 => Some("UK landline"),
        // UK-wide numbers charged as landlines: 030, 033, 034, 037.
        [b'0', b'3', b'0' | b'3' | b'4' | b'7', ..] if d.len() == 11 => Some("UK landline"),
        _ => None,
    }
}

/// An international number by its digits after the `+`.
fn international(d: &[u8]) -> Option<(&'static str, f32)> {
    if !(8..=MAX_DIGITS).contains(&d.len()) {
        return None;
    }
    match d {
        [b'4', b'4', rest @ ..] => {
            // `+44 (0)20…` has had its `(0)` dropped; `+44 020…` is a common slip.
            let rest = rest.strip_prefix(b"0").unwrap_or(rest);
            let mut national = [0u8; MAX_DIGITS];
            let n = rest.len() + 1;
            if n > MAX_DIGITS {
                return None;
            }
            national[0] = b'0';
            national[1..n].copy_from_slice(rest);
            uk_kind(&national[..n]).map(|kind| (kind, UK_CONFIDENCE))
        }
        // No country code starts with 0, 28, 83 or 89.
        [b'0', ..] | [b'2', b'8', ..] | [b'8', b'3' | b'9', ..] => None,
        // North America (+1) and Russia/Kazakhstan (+7) have ten digits after the code.
        [b'1' | b'7', ..] if d.len() != 11 => None,
        _ => Some(("international", INTERNATIONAL_CONFIDENCE)),
    }
}

/// Whether `groups` form a phone number, and of what kind.
fn classify(groups: &[Group<'_>], plus: bool) -> Option<(&'static str, f32)> {
    let first = groups.first()?;
    let mut buf = [0u8; MAX_DIGITS];
    let mut len = 0;
    for (k, g) in groups.iter().enumerate() {
        // The trunk prefix written `(0)` after a country code is not dialled.
        if plus && k > 0 && g.paren && g.digits == "0" {
            continue;
        }
        for b in g.digits.bytes() {
            *buf.get_mut(len)? = b;
            len += 1;
        }
    }
    let digits = buf.get(..len)?;
    if plus {
        // `+2019-2020` is a change between years.
        let year = |g: &Group<'_>| {
            g.digits.len() == 4 && (g.digits.starts_with("19") || g.digits.starts_with("20"))
        };
        if let [a, b] = groups
            && year(a)
            && year(b)
        {
            return None;
        }
        return international(digits);
    }
    // National form: an area code or the whole number first, then groups of three or more.
    if first.digits.len() < 3 || !first.digits.starts_with('0') || groups.len() > 4 {
        return None;
    }
    if groups.iter().skip(1).any(|g| g.paren || g.digits.len() < 3) {
        return None;
    }
    uk_kind(digits).map(|kind| (kind, UK_CONFIDENCE))
}

/// Whether a number may start at `start`: not glued to a word, an amount, a path or a longer
/// number (`ORD-0123…`, `£0123…`, `1,0123…`).
fn start_ok(text: &str, start: usize) -> bool {
    let mut before = text.get(..start).unwrap_or("").chars().rev();
    match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('#' | '£' | '$' | '€' | '_' | '@' | '/' | '\\' | '=' | '&' | '+') => false,
        Some('.' | ',' | '-') => !before.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

/// Whether a number may end at `end`: not followed by a word or by more of a longer number.
fn end_ok(text: &str, end: usize) -> bool {
    let mut after = text.get(end..).unwrap_or("").chars();
    match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some('/' | ',' | '.' | ':' | '-') => !after.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

impl EntityDetector for Phone {
    fn description(&self) -> &'static str {
        "A telephone number: a UK mobile (`07700 900123`, `+44 7700 900123`; 071–075 and \
         077–079 only), a UK landline (01, 02 and 03 numbers of the right length, with area codes \
         in brackets or `+44 (0)` forms allowed), or an international number written with `+`, a \
         country code and 8–15 digits in all. Groups may be separated by spaces, hyphens, dots \
         or brackets. Years and year ranges, prices, times, dates, sort codes, long order numbers \
         and UK numbers with the wrong number of digits are not phone numbers."
    }

    fn context_words(&self) -> &'static [&'static str] {
        &[
            "phone", "call", "ring", "mobile", "tel", "text", "whatsapp", "number", "contact",
            "landline",
        ]
    }

    fn min_digits(&self) -> usize {
        8
    }

    fn find(&self, text: &str, _env: &EntityEnv<'_>, out: &mut Vec<EntityHit>) {
        let Some(re) = RUN.as_ref() else { return };
        let mut groups = Vec::new();
        for m in re.find_iter(text) {
            split_groups(text, m.start(), m.end(), &mut groups);
            let plus = m.as_str().starts_with('+');
            let n = groups.len();
            let mut i = 0;
            while i < n {
                // A number starts the run, or follows a space inside it.
                let starts = if i == 0 {
                    start_ok(text, m.start())
                } else {
                    groups[i].sep == " "
                };
                let mut found = None;
                if starts {
                    let last = n.min(i + MAX_GROUPS);
                    for j in (i + 1..=last).rev() {
                        let ends = if j == n {
                            end_ok(text, m.end())
                        } else {
                            groups[j].sep == " "
                        };
                        if !ends {
                            continue;
                        }
                        if let Some(kind) = classify(&groups[i..j], plus && i == 0) {
                            found = Some((j, kind));
                            break;
                        }
                    }
                }
                match found {
                    Some((j, (kind, confidence))) => {
                        let start = if i == 0 { m.start() } else { groups[i].start };
                        out.push(EntityHit {
                            span: TextRange::from_usize(start, groups[j - 1].end),
                            confidence,
                            checksum: Checksum::NotApplicable,
                            detail: Some(kind),
                        });
                        i = j;
                    }
                    None => i += 1,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<&'static str> {
        let mut out = Vec::new();
        Phone.find(
            text,
            &EntityEnv {
                internal_domains: &[],
                public_domains: &[],
                internal_only: false,
            },
            &mut out,
        );
        match out.as_slice() {
            [hit] if hit.span == TextRange::from_usize(0, text.len()) => hit.detail,
            _ => None,
        }
    }

    #[test]
    fn validation_by_length_and_prefix() {
        for (number, expected) in [
            ("07700 900123", Some("UK mobile")),
            ("07700900123", Some("UK mobile")),
            ("+44 7700 900123", Some("UK mobile")),
            ("+44 (0)7700 900123", Some("UK mobile")),
            ("020 7946 0018", Some("UK landline")),
            ("0161 496 0000", Some("UK landline")),
            ("(01632) 960 001", Some("UK landline")),
            ("+44 (0) 20 7946 0018", Some("UK landline")),
            ("+1 202 555 0143", Some("international")),
            ("+33 1 23 45 67 89", Some("international")),
            ("07000 900123", None),
            ("07600 900123", None),
            ("07700 90012", None),
            ("020 7946 001", None),
            ("+1 202 555 014", None),
            ("+28 1234 5678", None),
            ("12-34-56", None),
            ("2019-2020", None),
            ("+2019-2020", None),
        ] {
            assert_eq!(kind(number), expected, "{number}");
        }
    }
}

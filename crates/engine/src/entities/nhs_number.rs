//! NHS numbers (and Scotland's CHI numbers, which use the same check).

use std::sync::LazyLock;

use regex::Regex;

use super::{EntityDetector, EntityEnv, EntityHit};
use crate::finding::Checksum;
use ft_text::TextRange;

pub(crate) struct NhsNumber;

/// Ten digits as 3-3-4, spaced, hyphenated or run together.
static NHS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[0-9]{3}[ \-]?[0-9]{3}[ \-]?[0-9]{4}(?-u:\b)").ok());

/// Whether ten digits pass the NHS modulus 11 check and are not all the same digit.
fn valid(digits: &[u8]) -> bool {
    let [first_nine @ .., check] = digits else {
        return false;
    };
    if digits.len() != 10 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if digits.iter().all(|&d| d == digits[0]) {
        return false;
    }
    let sum: u32 = first_nine
        .iter()
        .zip((2..=10u32).rev())
        .map(|(&d, weight)| u32::from(d - b'0') * weight)
        .sum();
    let expected = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    u32::from(check - b'0') == expected
}

/// Whether the digits at `start..end` continue a longer number, given the separator the
/// candidate uses itself (a space-separated candidate next to another spaced group).
fn in_longer_number(text: &str, start: usize, end: usize, sep: Option<u8>) -> bool {
    let bytes = text.as_bytes();
    let digit_at = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_digit);
    let glue = |b: u8| matches!(b, b'-' | b'.' | b',' | b'/') || Some(b) == sep;
    let before = start.checked_sub(1).and_then(|i| bytes.get(i)).copied();
    let after = bytes.get(end).copied();
    matches!(before, Some(b'+' | b'#'))
        || text
            .get(..start)
            .is_some_and(|s| s.ends_with(['£', '$', '€']))
        || (before.is_some_and(glue) && digit_at(start.checked_sub(2)))
        || (after.is_some_and(glue) && digit_at(Some(end + 1)))
}

impl EntityDetector for NhsNumber {
    fn description(&self) -> &'static str {
        "An NHS number (or a Scottish CHI number): ten digits written 3-3-4 with spaces or \
         hyphens, or run together, whose last digit is the modulus 11 check digit of the first \
         nine. Numbers of one repeated digit and digits inside a longer number are ignored. About \
         one random ten-digit number in eleven passes the check, so a word such as `NHS`, \
         `patient` or `hospital number` must be near."
    }

    fn context_words(&self) -> &'static [&'static str] {
        &[
            "nhs",
            "nhs number",
            "patient",
            "hospital number",
            "chi",
            "health",
            "ward",
            "gp",
        ]
    }

    fn requires_context(&self) -> bool {
        true
    }

    fn min_digits(&self) -> usize {
        10
    }

    fn find(&self, text: &str, _env: &EntityEnv<'_>, out: &mut Vec<EntityHit>) {
        let Some(re) = NHS.as_ref() else { return };
        for m in re.find_iter(text) {
            let mut digits = [0u8; 10];
            let mut n = 0;
            let mut seps = m.as_str().bytes().filter(|b| !b.is_ascii_digit());
            for b in m.as_str().bytes().filter(u8::is_ascii_digit) {
                if let Some(slot) = digits.get_mut(n) {
                    *slot = b;
                }
                n += 1;
            }
            // Both separators, or neither, and the same one.
            let sep = match (seps.next(), seps.next()) {
                (None, None) => None,
                (Some(a), Some(b)) if a == b => Some(a),
                _ => continue,
            };
            if n != 10 || !valid(&digits) || in_longer_number(text, m.start(), m.end(), sep) {
                continue;
            }
            out.push(EntityHit {
                span: TextRange::from_usize(m.start(), m.end()),
                confidence: 0.6,
                checksum: Checksum::Passed,
                detail: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulus_11() {
        for (number, expected) in [
            // The NHS's published example number.
            ("9434765919", true),
            ("9434765918", false),
            ("4010232137", true),
            ("9990000018", true),
            // Remainder 0 gives 11, read as check digit 0.
            ("9990000050", true),
            ("9990000051", false),
            // 999 123 456: the check digit would be 10, so no number starts like this.
            ("9991234560", false),
            ("3333333333", false),
            ("943476591", false),
            ("94347659190", false),
        ] {
            assert_eq!(valid(number.as_bytes()), expected, "{number}");
        }
    }
}

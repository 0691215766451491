//! Payment card numbers.

use std::sync::LazyLock;

use regex::Regex;

use super::{EntityDetector, EntityEnv, EntityHit};
use crate::finding::Checksum;
use ft_text::TextRange;

pub(crate) struct PaymentCard;

/// Groups of digits separated by single spaces or hyphens (4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3),
/// or 13–19 digits run together.
static CARD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9]{4,6}(?:[ \-][0-9]{3,6}){1,4}(?-u:\b)|(?-u:\b)[0-9]{13,19}(?-u:\b)")
        .ok()
});

/// Whether the digits pass the Luhn check.
fn luhn(digits: &[u8]) -> bool {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let dd = d * 2;
                if dd > 9 { dd - 9 } else { dd }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The card scheme whose issuer range and length fit the digits.
fn issuer(digits: &[u8]) -> Option<&'static str> {
    let len = digits.len();
    let prefix = |n: usize| -> u32 {
        digits
            .iter()
            .take(n)
            .fold(0, |acc, &b| acc * 10 + u32::from(b.wrapping_sub(b'0')))
    };
    let (p1, p2, p3, p4) = (prefix(1), prefix(2), prefix(3), prefix(4));
    if p1 == 4 && matches!(len, 13 | 16 | 19) {
        return Some("Visa");
    }
    if ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16 {
        return Some("Mastercard");
    }
    if (p2 == 34 || p2 == 37) && len == 15 {
        return Some("American Express");
    }
    if (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65) && (16..=19).contains(&len) {
        return Some("Discover");
    }
    if p2 == 62 && (16..=19).contains(&len) {
        return Some("UnionPay");
    }
    if (3528..=3589).contains(&p4) && (16..=19).contains(&len) {
        return Some("JCB");
    }
    if (p2 == 36 || (300..=305).contains(&p3) || p2 == 38 || p2 == 39) && (14..=16).contains(&len) {
        return Some("Diners Club");
    }
    if (p2 == 50 || (56..=69).contains(&p2)) && (13..=19).contains(&len) {
        return Some("Maestro");
    }
    None
}

/// Whether the candidate continues a longer number: more digits after a separator it uses
/// itself, or after a hyphen, dot, comma or slash.
fn in_longer_number(text: &str, start: usize, end: usize, sep: Option<u8>) -> bool {
    let bytes = text.as_bytes();
    let digit_at = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_digit);
    let glue = |b: u8| matches!(b, b'-' | b'.' | b',' | b'/') || Some(b) == sep;
    let before = start.checked_sub(1).and_then(|i| bytes.get(i)).copied();
    let after = bytes.get(end).copied();
    (before.is_some_and(glue) && digit_at(start.checked_sub(2)))
        || (after.is_some_and(glue) && digit_at(Some(end + 1)))
}

impl EntityDetector for PaymentCard {
    fn description(&self) -> &'static str {
        "A payment card number: 13–19 digits, run together or in groups separated by single \
         spaces or hyphens, that pass the Luhn check and fall in a real issuer range with a \
         length that scheme issues (Visa, Mastercard, American Express, Discover, Maestro, JCB, \
         Diners Club, UnionPay). Luhn-valid numbers outside every issuer range, numbers failing \
         the check, and digit runs inside longer numbers are ignored."
    }

    fn context_words(&self) -> &'static [&'static str] {
        &[
            "card",
            "credit",
            "debit",
            "visa",
            "mastercard",
            "amex",
            "payment",
            "cvv",
            "expiry",
        ]
    }

    fn min_digits(&self) -> usize {
        13
    }

    fn find(&self, text: &str, _env: &EntityEnv<'_>, out: &mut Vec<EntityHit>) {
        let Some(re) = CARD.as_ref() else { return };
        for m in re.find_iter(text) {
            let mut digits = [0u8; 19];
            let mut n = 0;
            for b in m.as_str().bytes().filter(u8::is_ascii_digit) {
                if let Some(slot) = digits.get_mut(n) {
                    *slot = b;
                }
                n += 1;
            }
            let mut seps = m.as_str().bytes().filter(|b| !b.is_ascii_digit());
            let sep = seps.next();
            if seps.any(|b| Some(b) != sep) || !(13..=19).contains(&n) {
                continue;
            }
            let digits = &digits[..n];
            if in_longer_number(text, m.start(), m.end(), sep) || !luhn(digits) {
                continue;
            }
            let Some(scheme) = issuer(digits) else {
                continue;
            };
            out.push(EntityHit {
                span: TextRange::from_usize(m.start(), m.end()),
                confidence: 0.85,
                checksum: Checksum::Passed,
                detail: Some(scheme),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_check() {
        for (number, expected) in [
            ("4111111111111111", true),
            ("4111111111111112", false),
            ("378282246310005", true),
            ("79927398713", true),
            ("79927398710", false),
            ("0", true),
            ("", false),
        ] {
            assert_eq!(luhn(number.as_bytes()), expected, "{number}");
        }
    }

    #[test]
    fn issuer_ranges() {
        // Card schemes' and payment processors' published test numbers.
        for (number, expected) in [
            ("4111111111111111", Some("Visa")),
            ("4222222222222", Some("Visa")),
            ("5555555555554444", Some("Mastercard")),
            ("2223003122003222", Some("Mastercard")),
            ("378282246310005", Some("American Express")),
            ("6011111111111117", Some("Discover")),
            ("3530111333300000", Some("JCB")),
            ("30569309025904", Some("Diners Club")),
            ("6200000000000005", Some("UnionPay")),
            ("6759649826438453", Some("Maestro")),
            ("400000000000006", None),
            ("2721000000000004", None),
            ("9000000000000001", None),
            ("3400000000000000", None),
        ] {
            assert_eq!(issuer(number.as_bytes()), expected, "{number}");
        }
    }
}

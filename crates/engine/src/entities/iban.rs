//! International Bank Account Numbers.

use std::sync::LazyLock;

use regex::Regex;

use super::{EntityDetector, EntityEnv, EntityHit};
use crate::finding::Checksum;
use ft_text::TextRange;

pub(crate) struct Iban;

/// Where an IBAN may start: a country code and two check digits. The rest is read in code, as
/// many characters as the country's IBANs have.
static START: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Za-z]{2}[0-9]{2}").ok());

/// IBAN lengths by country (SWIFT's IBAN registry), sorted for binary search. Only countries
/// whose account numbers hold at least five digits are listed (see `min_digits`).
const LENGTHS: &[(&str, usize)] = &[
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("TR", 26),
];

/// The longest IBAN any country uses.
const MAX_LEN: usize = 34;

fn country_length(code: &[u8]) -> Option<usize> {
    let code = std::str::from_utf8(code).ok()?;
    LENGTHS
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| LENGTHS.get(i))
        .map(|&(_, len)| len)
}

/// Whether an IBAN (upper-case letters and digits, no spaces) passes the modulus 97 check: the
/// first four characters moved to the end, letters read as 10–35, the number mod 97 is 1.
fn mod97(iban: &[u8]) -> bool {
    if iban.len() < 5 {
        return false;
    }
    let (head, tail) = iban.split_at(4);
    let mut rem: u32 = 0;
    for &b in tail.iter().chain(head) {
        rem = match b {
            b'0'..=b'9' => (rem * 10 + u32::from(b - b'0')) % 97,
            b'A'..=b'Z' => (rem * 100 + u32::from(b - b'A') + 10) % 97,
            _ => return false,
        };
    }
    rem == 1
}

/// Read an IBAN of `len` characters from `start`: letters and digits, with single spaces
/// allowed between groups of four. Returns the end and the characters in upper case.
fn read(text: &str, start: usize, len: usize) -> Option<(usize, [u8; MAX_LEN])> {
    let bytes = text.as_bytes();
    let mut chars = [0u8; MAX_LEN];
    let mut count = 0;
    let mut i = start;
    while count < len {
        let b = *bytes.get(i)?;
        if b.is_ascii_alphanumeric() {
            *chars.get_mut(count)? = b.to_ascii_uppercase();
            count += 1;
        } else if !(b == b' '
            && count.is_multiple_of(4)
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric))
        {
            return None;
        }
        i += 1;
    }
    // The IBAN must end there, not run on into a longer code.
    let next = text.get(i..).and_then(|s| s.chars().next());
    if next.is_some_and(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    Some((i, chars))
}

impl EntityDetector for Iban {
    fn description(&self) -> &'static str {
        "An International Bank Account Number (`GB82 WEST 1234 5698 7654 32`): a country code, \
         two check digits and the account number, run together or grouped in fours with spaces, \
         exactly as long as that country's IBANs are (33 European countries are known), passing \
         the modulus 97 check. Codes of the wrong length, with a failing check or from unknown \
         countries are ignored."
    }

    fn context_words(&self) -> &'static [&'static str] {
        &["iban", "bank", "account", "transfer", "pay"]
    }

    fn min_digits(&self) -> usize {
        // Luxembourg's IBANs: two check digits and a three-digit bank code, then letters allowed.
        5
    }

    fn find(&self, text: &str, _env: &EntityEnv<'_>, out: &mut Vec<EntityHit>) {
        let Some(re) = START.as_ref() else { return };
        let mut last_end = 0;
        for m in re.find_iter(text) {
            if m.start() < last_end {
                continue;
            }
            let code = m
                .as_str()
                .as_bytes()
                .get(..2)
                .map(<[u8]>::to_ascii_uppercase);
            let Some(len) = code.as_deref().and_then(country_length) else {
                continue;
            };
            let Some((end, chars)) = read(text, m.start(), len) else {
                continue;
            };
            if !chars.get(..len).is_some_and(mod97) {
                continue;
            }
            last_end = end;
            out.push(EntityHit {
                span: TextRange::from_usize(m.start(), end),
                confidence: 0.9,
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
    fn lengths_are_sorted() {
        assert!(LENGTHS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(LENGTHS.iter().all(|&(_, len)| len <= MAX_LEN));
    }

    #[test]
    fn modulus_97() {
        // Example IBANs from the countries' published IBAN formats.
        for (iban, expected) in [
            ("GB82WEST12345698765432", true),
            ("GB82WEST12345698765433", false),
            ("GB28WEST12345698765432", false),
            ("DE89370400440532013000", true),
            ("FR1420041010050500013M02606", true),
            ("NL91ABNA0417164300", true),
            ("NO9386011117947", true),
            ("BE68539007547034", true),
            ("GB82", false),
            ("GB82west12345698765432", false),
        ] {
            assert_eq!(mod97(iban.as_bytes()), expected, "{iban}");
        }
    }
}

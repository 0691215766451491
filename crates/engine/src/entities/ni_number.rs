//! UK National Insurance numbers.

use std::sync::LazyLock;

use regex::Regex;

use super::{EntityDetector, EntityEnv, EntityHit};
use crate::finding::Checksum;
use ft_text::TextRange;

pub(crate) struct NiNumber;

/// Two letters, six digits (optionally spaced in pairs), and a suffix letter A–D.
static NINO: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([A-Za-z])([A-Za-z]) ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Da-d](?-u:\b)").ok()
});

const UPPER_CONFIDENCE: f32 = 0.85;
const LOWER_CONFIDENCE: f32 = 0.65;

/// Whether HMRC allocates NI numbers with this prefix (two upper-case letters).
///
/// D, F, I, Q, U and V are never used; O is not used as the second letter; BG, GB, KN, NK, NT,
/// TN and ZZ are not allocated (so neither is the example prefix QQ).
fn valid_prefix(first: u8, second: u8) -> bool {
    const NEVER: &[u8] = b"DFIQUV";
    if !first.is_ascii_uppercase() || !second.is_ascii_uppercase() {
        return false;
    }
    if NEVER.contains(&first) || NEVER.contains(&second) || second == b'O' {
        return false;
    }
    !matches!(
        &[first, second],
        b"BG" | b"GB" | b"KN" | b"NK" | b"NT" | b"TN" | b"ZZ"
    )
}

impl EntityDetector for NiNumber {
    fn description(&self) -> &'static str {
        "A UK National Insurance number (`AB 12 34 56 C`): two prefix letters, six digits \
         (run together or spaced in pairs) and a suffix A, B, C or D. The prefix must follow \
         HMRC's allocation rules: no D, F, I, Q, U or V, no O as the second letter, and none of \
         BG, GB, KN, NK, NT, TN and ZZ. HMRC's example `QQ 12 34 56 C`, suffixes after D and \
         numbers with too few or too many digits are ignored."
    }

    fn context_words(&self) -> &'static [&'static str] {
        &[
            "ni",
            "national insurance",
            "nino",
            "ni number",
            "insurance number",
        ]
    }

    fn min_digits(&self) -> usize {
        6
    }

    fn find(&self, text: &str, _env: &EntityEnv<'_>, out: &mut Vec<EntityHit>) {
        let Some(re) = NINO.as_ref() else { return };
        for caps in re.captures_iter(text) {
            let (Some(m), Some(a), Some(b)) = (caps.get(0), caps.get(1), caps.get(2)) else {
                continue;
            };
            let first = a.as_str().bytes().next().unwrap_or(0).to_ascii_uppercase();
            let second = b.as_str().bytes().next().unwrap_or(0).to_ascii_uppercase();
            if !valid_prefix(first, second) {
                continue;
            }
            let upper = !m.as_str().bytes().any(|c| c.is_ascii_lowercase());
            out.push(EntityHit {
                span: TextRange::from_usize(m.start(), m.end()),
                confidence: if upper {
                    UPPER_CONFIDENCE
                } else {
                    LOWER_CONFIDENCE
                },
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
    fn hmrc_prefix_rules() {
        for (prefix, expected) in [
            ("AB", true),
            ("CE", true),
            ("OA", true),
            ("ZY", true),
            ("QQ", false),
            ("DA", false),
            ("AF", false),
            ("AO", false),
            ("BG", false),
            ("GB", false),
            ("NK", false),
            ("KN", false),
            ("NT", false),
            ("TN", false),
            ("ZZ", false),
            ("ab", false),
        ] {
            let b = prefix.as_bytes();
            assert_eq!(valid_prefix(b[0], b[1]), expected, "{prefix}");
        }
    }
}

//! Full UK postcodes.

use std::sync::LazyLock;

use regex::Regex;

use super::{EntityDetector, EntityEnv, EntityHit};
use crate::finding::Checksum;
use ft_text::TextRange;

pub(crate) struct UkPostcode;

/// An outward code (area letters, then a district), an optional space, and an inward code; or
/// the special `GIR 0AA`. Areas and letters are checked in code.
static POSTCODE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)([A-Za-z]{1,2})([0-9][A-Za-z0-9]?) ?([0-9][A-Za-z]{2})(?-u:\b)|(?-u:\b)[Gg][Ii][Rr] ?0[Aa][Aa](?-u:\b)",
    )
    .ok()
});

/// The postcode areas (Royal Mail's 121, plus Guernsey, Jersey and the Isle of Man), sorted for
/// binary search.
const AREAS: &[&str] = &[
    "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH",
    "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E",
    "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS",
    "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL",
    "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX",
    "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM",
    "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
    "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];

const UPPER_CONFIDENCE: f32 = 0.85;
/// Lower-case or mixed-case postcodes are rarer in writing and more often something else.
const LOWER_CONFIDENCE: f32 = 0.6;

/// Whether `area`, `district` and `inward` (upper case) make a valid full postcode.
fn valid(area: &str, district: &str, inward: &str) -> bool {
    if AREAS.binary_search(&area).is_err() {
        return false;
    }
    // A letter at the end of the district: A9A allows ABCDEFGHJKPSTUW, AA9A allows ABEHMNPRVWXY.
    if let [b'0'..=b'9', letter @ b'A'..=b'Z'] = district.as_bytes() {
        let allowed: &[u8] = if area.len() == 1 {
            b"ABCDEFGHJKPSTUW"
        } else {
            b"ABEHMNPRVWXY"
        };
        if !allowed.contains(letter) {
            return false;
        }
    }
    // The inward letters never use C, I, K, M, O or V.
    inward
        .bytes()
        .skip(1)
        .all(|b| b.is_ascii_uppercase() && !b"CIKMOV".contains(&b))
}

/// A hyphen or slash glues a code to a longer product or reference code (`SKU-M1 1AE`).
fn glued(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).unwrap_or("").chars().next_back();
    let mut after = text.get(end..).unwrap_or("").chars();
    matches!(before, Some('-' | '/' | '#' | '@'))
        || (matches!(after.next(), Some('-' | '/'))
            && after.next().is_some_and(char::is_alphanumeric))
}

impl EntityDetector for UkPostcode {
    fn description(&self) -> &'static str {
        "A full UK postcode (`SW1A 1AA`, `M1 1AE`, `EC1A1BB`): an outward code in one of the \
         formats A9, A99, AA9, AA99, A9A or AA9A starting with a real postcode area (Channel \
         Islands and Isle of Man included), then an inward code (a digit and two letters other \
         than C, I, K, M, O and V), with or without the space; also `GIR 0AA`. Lower-case \
         postcodes are found with lower confidence. Outward codes on their own, car registrations \
         (`AB12 CDE`) and product codes whose letters are not a postcode area are ignored."
    }

    fn context_words(&self) -> &'static [&'static str] {
        &[
            "live", "lives", "home", "address", "house", "flat", "street", "road", "postcode",
            "near",
        ]
    }

    fn min_digits(&self) -> usize {
        1
    }

    fn find(&self, text: &str, _env: &EntityEnv<'_>, out: &mut Vec<EntityHit>) {
        let Some(re) = POSTCODE.as_ref() else { return };
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            if glued(text, m.start(), m.end()) {
                continue;
            }
            let ok = match (caps.get(1), caps.get(2), caps.get(3)) {
                (Some(area), Some(district), Some(inward)) => valid(
                    &area.as_str().to_ascii_uppercase(),
                    &district.as_str().to_ascii_uppercase(),
                    &inward.as_str().to_ascii_uppercase(),
                ),
                // `GIR 0AA`.
                _ => true,
            };
            if !ok {
                continue;
            }
            let upper = !m.as_str().bytes().any(|b| b.is_ascii_lowercase());
            out.push(EntityHit {
                span: TextRange::from_usize(m.start(), m.end()),
                confidence: if upper {
                    UPPER_CONFIDENCE
                } else {
                    LOWER_CONFIDENCE
                },
                checksum: Checksum::NotApplicable,
                detail: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_sorted() {
        assert!(AREAS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(AREAS.len(), 124);
    }

    #[test]
    fn validation() {
        for (area, district, inward, expected) in [
            ("SW", "1A", "1AA", true),
            ("M", "1", "1AE", true),
            ("EC", "1A", "1BB", true),
            ("W", "1A", "0AX", true),
            ("B", "33", "8TH", true),
            ("CR", "2", "6XH", true),
            ("DN", "55", "1PT", true),
            ("XY", "12", "3AB", false),
            ("QA", "1", "1AA", false),
            ("SW", "1A", "1AC", false),
            ("SW", "1A", "1MA", false),
            ("W", "1I", "1AA", false),
            ("EC", "1C", "1AA", false),
        ] {
            assert_eq!(
                valid(area, district, inward),
                expected,
                "{area}{district} {inward}"
            );
        }
    }
}

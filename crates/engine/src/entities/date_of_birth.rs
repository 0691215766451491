//! Dates that, near words such as "born" or "DOB", are dates of birth.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};

use super::{EntityDetector, EntityEnv, EntityHit};
use crate::finding::Checksum;
use ft_text::TextRange;

pub(crate) struct DateOfBirth;

/// Month names and their usual abbreviations, for the patterns below.
const MONTH: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?\
                     |sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/// The four written forms: `03/12/1987` (also with `-` or `.`), `1987-12-03`, `3rd March 1987`
/// and `March 3, 1987`. Real dates are checked in code.
static DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let space = r"[ \t\x{A0}]+";
    let pattern = format!(
        r"(?i)(?-u:\b)(?:(?P<d1>[0-9]{{1,2}})(?P<s1>[/.\-])(?P<m1>[0-9]{{1,2}})(?P<t1>[/.\-])(?P<y1>[0-9]{{4}})|(?P<y2>[0-9]{{4}})(?P<s2>[/\-])(?P<m2>[0-9]{{1,2}})(?P<t2>[/\-])(?P<d2>[0-9]{{1,2}})|(?P<d3>[0-9]{{1,2}})(?:st|nd|rd|th)?{space}(?:of{space})?(?P<m3>{MONTH})\.?,?{space}(?P<y3>[0-9]{{4}})|(?P<m4>{MONTH})\.?{space}(?P<d4>[0-9]{{1,2}})(?:st|nd|rd|th)?,?{space}(?P<y4>[0-9]{{4}}))(?-u:\b)"
    );
    Regex::new(&pattern).ok()
});

const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2030;

/// The month of a month name or abbreviation, by its first three letters.
fn month_number(name: &str) -> Option<u32> {
    let prefix = name.get(..3)?.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A real calendar date in the accepted years.
fn real_date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The date a match stands for, if it is a real one.
fn date_of(caps: &Captures<'_>) -> Option<NaiveDate> {
    let text = |name: &str| caps.name(name).map(|m| m.as_str());
    let num = |name: &str| text(name).and_then(|s| s.parse::<u32>().ok());
    let year = |name: &str| text(name).and_then(|s| s.parse::<i32>().ok());
    let same = |a: &str, b: &str| text(a) == text(b);
    if caps.name("d1").is_some() {
        if !same("s1", "t1") {
            return None;
        }
        return real_date(year("y1")?, num("m1")?, num("d1")?);
    }
    if caps.name("y2").is_some() {
        if !same("s2", "t2") {
            return None;
        }
        return real_date(year("y2")?, num("m2")?, num("d2")?);
    }
    if caps.name("d3").is_some() {
        return real_date(year("y3")?, month_number(text("m3")?)?, num("d3")?);
    }
    real_date(year("y4")?, month_number(text("m4")?)?, num("d4")?)
}

/// Whether the date continues a longer number or date (`1/12/03/1987`, `12.03.1987.5`).
fn in_longer_number(text: &str, start: usize, end: usize) -> bool {
    let mut before = text.get(..start).unwrap_or("").chars().rev();
    let mut after = text.get(end..).unwrap_or("").chars();
    let glue = |c: Option<char>| matches!(c, Some('/' | '.' | '-' | ':'));
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    (glue(before.next()) && digit(before.next())) || (glue(after.next()) && digit(after.next()))
}

impl EntityDetector for DateOfBirth {
    fn description(&self) -> &'static str {
        "A date of birth: a date written `03/12/1987` (or with `-` or `.`), `1987-12-03`, \
         `3 December 1987`, `3rd Dec 1987` or `December 3, 1987` that is a real calendar date \
         between 1900 and 2030, near a word such as `born`, `DOB` or `date of birth`. Impossible \
         dates (`31/02/1990`), dates inside longer numbers and dates with no such word nearby \
         are ignored."
    }

    fn context_words(&self) -> &'static [&'static str] {
        &[
            "born",
            "dob",
            "d.o.b",
            "date of birth",
            "birthday",
            "birth date",
            "aged",
        ]
    }

    fn requires_context(&self) -> bool {
        true
    }

    fn min_digits(&self) -> usize {
        // `3 March 1987`.
        5
    }

    fn find(&self, text: &str, _env: &EntityEnv<'_>, out: &mut Vec<EntityHit>) {
        let Some(re) = DATE.as_ref() else { return };
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            if date_of(&caps).is_none() || in_longer_number(text, m.start(), m.end()) {
                continue;
            }
            out.push(EntityHit {
                span: TextRange::from_usize(m.start(), m.end()),
                confidence: 0.6,
                checksum: Checksum::NotApplicable,
                detail: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        DateOfBirth.find(
            text,
            &EntityEnv {
                internal_domains: &[],
                public_domains: &[],
                internal_only: false,
            },
            &mut out,
        );
        out.iter().filter_map(|h| h.span.slice(text)).collect()
    }

    #[test]
    fn calendar_validation() {
        for (year, month, day, expected) in [
            (1987, 3, 3, true),
            (2000, 2, 29, true),
            (1900, 2, 29, false),
            (1990, 2, 31, false),
            (1990, 4, 31, false),
            (1990, 13, 1, false),
            (1990, 0, 1, false),
            (1899, 12, 31, false),
            (2031, 1, 1, false),
        ] {
            assert_eq!(
                real_date(year, month, day).is_some(),
                expected,
                "{year}-{month}-{day}"
            );
        }
    }

    #[test]
    fn written_forms() {
        for (text, expected) in [
            ("03/12/1987", vec!["03/12/1987"]),
            ("3.12.1987", vec!["3.12.1987"]),
            ("1987-12-03", vec!["1987-12-03"]),
            ("3rd March 1987", vec!["3rd March 1987"]),
            ("3 Mar. 1987", vec!["3 Mar. 1987"]),
            ("March 3, 1987", vec!["March 3, 1987"]),
            ("03/12-1987", vec![]),
            ("31/02/1990", vec![]),
            ("3 Smarch 1987", vec![]),
        ] {
            assert_eq!(found(text), expected, "{text}");
        }
    }
}

//! Normalised views of a text, each with a map back to the original.
//!
//! Detectors that match words (term lists, context words) look at a *view* of the draft rather
//! than the draft itself, so that `𝐋𝐚𝐛𝐨𝐮𝐫`, `LABOUR`, `Lаbour` (with a Cyrillic `а`) and
//! `La\u{200B}bour` all read as `labour`. Every byte of a view records the original byte range it
//! came from, so a match in the view maps back to exactly the characters the person typed.
//!
//! Two views exist:
//!
//! * [`primary_view`]: compatibility decomposition (NFKD, which covers NFKC's mappings of
//!   full-width, mathematical and ligature forms), diacritics dropped, common confusable letters
//!   from Cyrillic and Greek mapped to Latin, typographic quotes and dashes mapped to ASCII,
//!   zero-width and other invisible format characters removed, `_` read as a space, and case
//!   folded. Inside hashtags and @mentions it also splits camel case (`#VoteLabour` reads as
//!   `#vote labour`), inserting a space that maps to an empty range of the original.
//! * [`evasion_view`], derived from the primary view for rules that opt in: leetspeak digits and
//!   symbols inside words read as letters (`sh1t`, `$hit`) and spaced-out letters are joined
//!   (`f u c k`, `l.a.b.o.u.r`).
//!
//! Terms in a pack go through [`fold_for_matching`], the same character mapping as the primary
//! view without the hashtag splitting, so a term and the text it should match agree.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::TextRange;

/// A normalised view of a text, with the original byte range of every byte of the view.
#[derive(Clone, Debug, Default)]
pub struct NormalisedText {
    text: String,
    /// For each byte of `text`, the first original byte it came from.
    starts: Vec<u32>,
    /// For each byte of `text`, one past the last original byte it came from.
    ends: Vec<u32>,
}

impl NormalisedText {
    /// The normalised text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The length of the view in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether the view is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The original range that the view's bytes `start..end` came from. An empty view range maps
    /// to an empty original range at the corresponding position.
    pub fn to_original(&self, start: usize, end: usize) -> TextRange {
        if start >= end || start >= self.starts.len() {
            let at = self
                .starts
                .get(start)
                .copied()
                .or_else(|| self.ends.last().copied())
                .unwrap_or(0);
            return TextRange::empty(at);
        }
        let end = end.min(self.ends.len());
        TextRange::new(self.starts[start], self.ends[end - 1])
    }

    /// The original byte offset at which view byte `index` starts (the original length when
    /// `index` is past the end of the view).
    pub fn original_offset(&self, index: usize) -> u32 {
        self.starts
            .get(index)
            .copied()
            .or_else(|| self.ends.last().copied())
            .unwrap_or(0)
    }

    fn with_capacity(capacity: usize) -> Self {
        Self {
            text: String::with_capacity(capacity),
            starts: Vec::with_capacity(capacity),
            ends: Vec::with_capacity(capacity),
        }
    }

    #[inline]
    fn push(&mut self, c: char, start: u32, end: u32) {
        let before = self.text.len();
        self.text.push(c);
        for _ in before..self.text.len() {
            self.starts.push(start);
            self.ends.push(end);
        }
    }
}

/// Characters removed before matching: zero-width spaces and joiners, bidirectional controls,
/// the soft hyphen, variation selectors and tag characters. They are invisible, so they only ever
/// appear in a word to break it up.
#[inline]
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{E0000}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Typographic punctuation and confusable letters, mapped to what they imitate.
///
/// The letters are the Cyrillic and Greek forms that look like Latin ones in common fonts (after
/// compatibility decomposition), the ones used to slip a word past a filter.
#[inline]
fn confusable(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{FF07}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        '\u{2028}' | '\u{2029}' => '\n',
        // Cyrillic.
        'а' => 'a',
        'в' => 'b',
        'е' | 'ё' => 'e',
        'к' => 'k',
        'м' => 'm',
        'н' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'һ' => 'h',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'У' => 'Y',
        'Х' => 'X',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        // Greek.
        'α' => 'a',
        'ο' => 'o',
        'ρ' => 'p',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'υ' => 'u',
        'χ' => 'x',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        // Latin look-alikes outside ASCII.
        'ɡ' => 'g',
        'ı' => 'i',
        'ł' => 'l',
        'Ł' => 'L',
        'ø' => 'o',
        'Ø' => 'O',
        'đ' => 'd',
        'Đ' => 'D',
        _ => return None,
    })
}

/// Feed the normalised form of `c` to `emit`. With `fold_case`, the output is lower case.
#[inline]
fn expand(c: char, fold_case: bool, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        let c = if c == '_' { ' ' } else { c };
        emit(if fold_case { c.to_ascii_lowercase() } else { c });
        return;
    }
    if is_invisible(c) {
        return;
    }
    if let Some(m) = confusable(c) {
        emit(if fold_case { m.to_ascii_lowercase() } else { m });
        return;
    }
    for d in std::iter::once(c).nfkd() {
        if is_combining_mark(d) || is_invisible(d) {
            continue;
        }
        let d = confusable(d).unwrap_or(d);
        if !fold_case {
            emit(d);
            continue;
        }
        for lower in d.to_lowercase() {
            match lower {
                'ß' => {
                    emit('s');
                    emit('s');
                }
                l if is_combining_mark(l) => {}
                l => emit(l),
            }
        }
    }
}

/// The normalised form of a term or phrase, as used for matching: the primary view's character
/// mapping, without the hashtag splitting. With `fold_case` false the case is kept (for
/// case-sensitive terms).
pub fn fold_for_matching(text: &str, fold_case: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        expand(c, fold_case, &mut |n| out.push(n));
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Lower,
    Upper,
    Digit,
    Other,
}

#[inline]
fn class(c: char) -> Class {
    if c.is_lowercase() {
        Class::Lower
    } else if c.is_uppercase() {
        Class::Upper
    } else if c.is_numeric() {
        Class::Digit
    } else if c.is_alphabetic() {
        Class::Lower
    } else {
        Class::Other
    }
}

/// The primary view of `text`: see the module documentation.
pub fn primary_view(text: &str) -> NormalisedText {
    if let Some(view) = plain_ascii_view(text) {
        return view;
    }
    let mut view = NormalisedText::with_capacity(text.len() + 8);
    let mut chars = text.char_indices().peekable();
    // Inside a hashtag or mention body, and the class of the previous character there.
    let mut in_tag = false;
    let mut prev_class = Class::Other;
    let mut prev_char: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let start = i as u32;
        let end = (i + c.len_utf8()) as u32;
        let next = chars.peek().map(|&(_, n)| n);
        let this_class = class(c);
        if in_tag {
            if this_class == Class::Other {
                in_tag = false;
            } else {
                let next_class = next.map_or(Class::Other, class);
                let split = matches!(
                    (prev_class, this_class),
                    (Class::Lower, Class::Upper)
                        | (Class::Lower | Class::Upper, Class::Digit)
                        | (Class::Digit, Class::Lower | Class::Upper)
                ) || (prev_class == Class::Upper
                    && this_class == Class::Upper
                    && next_class == Class::Lower);
                if split {
                    view.push(' ', start, start);
                }
            }
        } else if (c == '#' || c == '@')
            && prev_char.is_none_or(|p| !crate::is_word_char(p))
            && next.is_some_and(crate::is_word_char)
        {
            in_tag = true;
            prev_class = Class::Other;
            view.push(c, start, end);
            prev_char = Some(c);
            continue;
        }
        prev_class = this_class;
        prev_char = Some(c);
        expand(c, true, &mut |n| {
            // Runs of spaces and tabs read as one space, so "vote  Labour" matches "vote labour".
            if (n == ' ' || n == '\t') && view.text.ends_with(' ') {
                return;
            }
            view.push(if n == '\t' { ' ' } else { n }, start, end);
        });
    }
    view
}

/// The primary view of plain ASCII text (no tags, underscores, tabs or runs of spaces), where it
/// is the text in lower case, byte for byte: most posts, built without looking at characters one
/// by one.
fn plain_ascii_view(text: &str) -> Option<NormalisedText> {
    let bytes = text.as_bytes();
    let plain = bytes
        .iter()
        .all(|&b| b.is_ascii() && !matches!(b, b'#' | b'@' | b'_' | b'\t'))
        && !bytes.windows(2).any(|w| w == b"  ");
    if !plain {
        return None;
    }
    let n = u32::try_from(bytes.len()).ok()?;
    Some(NormalisedText {
        text: text.to_ascii_lowercase(),
        starts: (0..n).collect(),
        ends: (1..=n).collect(),
    })
}

/// Leetspeak characters and the letters they stand for.
#[inline]
fn leet(c: char) -> Option<(char, bool)> {
    // The flag says whether the character needs a letter on both sides to count (symbols that
    // also end sentences or start mentions), rather than on either side (digits and `$`).
    Some(match c {
        '0' => ('o', false),
        '1' => ('i', false),
        '3' => ('e', false),
        '4' => ('a', false),
        '5' => ('s', false),
        '7' => ('t', false),
        '8' => ('b', false),
        '$' => ('s', false),
        '@' => ('a', true),
        '!' => ('i', true),
        '|' => ('l', true),
        _ => return None,
    })
}

#[inline]
fn is_spacing_separator(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '*' | '+' | '/')
}

/// Whether the primary view may read differently in the evasion view: it has a leetspeak
/// character next to a letter, or three single letters in a row separated by one character. A
/// quick scan of bytes that lets most drafts skip building the evasion views; it may say yes
/// when the views turn out identical, never the reverse.
fn may_be_disguised(text: &str) -> bool {
    let b = text.as_bytes();
    let letterish = |i: usize| {
        b.get(i)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c >= 0x80)
    };
    let alnum = |i: usize| {
        b.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c >= 0x80)
    };
    if !text.is_ascii() && b.iter().any(|&c| c == b' ' || c == b'.' || c == b'-') {
        // Single non-ASCII letters have no fixed width in bytes: let the full scan decide.
        return true;
    }
    for i in 0..b.len() {
        let c = b[i];
        if leet(c as char).is_some() && ((i > 0 && letterish(i - 1)) || letterish(i + 1)) {
            return true;
        }
        if c.is_ascii_alphabetic()
            && (i == 0 || !alnum(i - 1))
            && b.get(i + 1)
                .is_some_and(|&s| is_spacing_separator(s as char))
            && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic)
            && !alnum(i + 3)
        {
            return true;
        }
    }
    false
}

/// The evasion views of a primary view (see the module documentation), or `None` when the draft
/// has no leetspeak and no spaced-out letters, so the views would equal the primary view.
///
/// The second view is there only when a spaced-out run starts with `a` or `i`: it keeps that
/// letter as a word of its own. "what a p r i c k" reads "what aprick" in the first view and
/// "what a prick" in the second, while "i d i o t" reads "idiot" in the first. Rules that opt in
/// to disguised spellings are matched against both.
pub fn evasion_views(primary: &NormalisedText) -> Option<(NormalisedText, Option<NormalisedText>)> {
    let text = primary.as_str();
    if !may_be_disguised(text) {
        return None;
    }
    // Characters of the primary view, with their byte offset there, after leet substitution.
    let raw: Vec<(usize, char)> = text.char_indices().collect();
    let is_letter = |k: usize| raw.get(k).is_some_and(|&(_, c)| c.is_alphabetic());
    let mut changed = false;
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(raw.len());
    for (k, &(i, c)) in raw.iter().enumerate() {
        let before = k > 0 && is_letter(k - 1);
        let after = is_letter(k + 1);
        let mapped = match leet(c) {
            Some((letter, both)) if (both && before && after) || (!both && (before || after)) => {
                changed = true;
                letter
            }
            _ => c,
        };
        chars.push((i, mapped));
    }

    // Runs of three or more single letters separated by one separator: `f u c k`. `drop` marks
    // the separators to remove; `keep` marks the separator after a leading `a` or `i`, which the
    // second view keeps.
    let mut drop = vec![false; chars.len()];
    let mut keep: Vec<usize> = Vec::new();
    let single_letter = |k: usize| -> bool {
        chars.get(k).is_some_and(|&(_, c)| c.is_alphabetic())
            && (k == 0 || !crate::is_word_char(chars[k - 1].1))
            && chars
                .get(k + 1)
                .is_none_or(|&(_, n)| !crate::is_word_char(n))
    };
    let mut k = 0;
    while k < chars.len() {
        if !single_letter(k) {
            k += 1;
            continue;
        }
        let mut at = k;
        let mut letters = 1;
        while chars
            .get(at + 1)
            .is_some_and(|&(_, s)| is_spacing_separator(s))
            && single_letter(at + 2)
        {
            drop[at + 1] = true;
            at += 2;
            letters += 1;
        }
        if letters < 3 {
            for sep in (k + 1..at).step_by(2) {
                drop[sep] = false;
            }
        } else {
            changed = true;
            if letters >= 4 && matches!(chars[k].1, 'a' | 'i') {
                keep.push(k + 1);
            }
        }
        k = at + 1;
    }
    if !changed {
        return None;
    }

    let build = |kept: &[usize]| {
        let mut view = NormalisedText::with_capacity(text.len());
        for (k, &(i, c)) in chars.iter().enumerate() {
            if drop[k] && !kept.contains(&k) {
                continue;
            }
            let range = primary.to_original(i, i + raw[k].1.len_utf8());
            view.push(c, range.start(), range.end());
        }
        view
    };
    let first = build(&[]);
    let second = (!keep.is_empty()).then(|| build(&keep));
    Some((first, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped<'t>(original: &'t str, view: &NormalisedText, needle: &str) -> Option<&'t str> {
        let at = view.as_str().find(needle)?;
        view.to_original(at, at + needle.len()).slice(original)
    }

    #[test]
    fn primary_view_folds_disguises() {
        for (text, needle, original) in [
            ("Vote 𝐋𝐚𝐛𝐨𝐮𝐫!", "labour", "𝐋𝐚𝐛𝐨𝐮𝐫"),
            ("VOTE LABOUR", "labour", "LABOUR"),
            ("vote Lаbour", "labour", "Lаbour"),
            ("vote La\u{200B}bour now", "labour", "La\u{200B}bour"),
            ("Ｌａｂｏｕｒ", "labour", "Ｌａｂｏｕｒ"),
            ("café culture", "cafe", "café"),
            ("don’t", "don't", "don’t"),
            ("Straße", "strasse", "Straße"),
        ] {
            let view = primary_view(text);
            assert_eq!(mapped(text, &view, needle), Some(original), "{text}");
        }
    }

    #[test]
    fn hashtags_split_on_camel_case() {
        let text = "Go #VoteLabour and #NHSStrike #GE2024 @Keir_Starmer";
        let view = primary_view(text);
        assert_eq!(
            view.as_str(),
            "go #vote labour and #nhs strike #ge 2024 @keir starmer"
        );
        assert_eq!(mapped(text, &view, "vote labour"), Some("VoteLabour"));
        assert_eq!(mapped(text, &view, "keir starmer"), Some("Keir_Starmer"));
    }

    #[test]
    fn the_plain_ascii_path_agrees_with_the_general_one() {
        for text in [
            "Proud to vote Labour, call 07700 900123!",
            "a",
            "",
            "Two. Sentences?\nYes",
        ] {
            let fast = primary_view(text);
            let mut slow = NormalisedText::with_capacity(text.len());
            for (i, c) in text.char_indices() {
                expand(c, true, &mut |n| slow.push(n, i as u32, (i + 1) as u32));
            }
            assert_eq!(fast.as_str(), slow.as_str());
            assert_eq!((fast.starts, fast.ends), (slow.starts, slow.ends), "{text}");
        }
    }

    #[test]
    fn whitespace_runs_read_as_one_space() {
        let text = "vote \t  Labour";
        let view = primary_view(text);
        assert_eq!(view.as_str(), "vote labour");
        assert_eq!(mapped(text, &view, "vote labour"), Some(text));
    }

    #[test]
    fn camel_case_outside_hashtags_is_left_alone() {
        assert_eq!(primary_view("iPhone McDonald").as_str(), "iphone mcdonald");
    }

    #[test]
    fn evasion_views_read_leet_and_spacing() {
        for (text, needle, original) in [
            ("you are sh1t", "shit", "sh1t"),
            ("$hit happens", "shit", "$hit"),
            ("what a f u c k up", "fuck", "f u c k"),
            ("l.a.b.o.u.r", "labour", "l.a.b.o.u.r"),
            ("i d i o t", "idiot", "i d i o t"),
            ("c@t!", "cat", "c@t"),
        ] {
            let views = evasion_views(&primary_view(text));
            let view = views.map(|v| v.0).unwrap_or_default();
            assert_eq!(mapped(text, &view, needle), Some(original), "{text}");
        }
        let text = "what a p r i c k";
        let view = evasion_views(&primary_view(text))
            .and_then(|v| v.1)
            .unwrap_or_default();
        assert_eq!(mapped(text, &view, "a prick"), Some("a p r i c k"));
        // Ordinary numbers, punctuation and prose have no evasion view.
        for text in [
            "Meet at 10, room 4! Email @bob.",
            "A day out. I went. a b",
            "Café au lait",
        ] {
            assert!(evasion_views(&primary_view(text)).is_none(), "{text}");
        }
    }
}

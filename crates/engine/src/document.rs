//! A draft prepared for the detectors: the original text, its normalised views (built when a
//! rule needs them), and its words and sentences.

use std::cell::OnceCell;

use ft_text::{NormalisedText, TextRange, evasion_views, is_word_char, primary_view};

/// A word of the primary view.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    /// Byte range in the primary view.
    pub(crate) view_start: u32,
    pub(crate) view_end: u32,
    /// Range in the original text.
    pub(crate) original: TextRange,
    /// 0-based sentence number.
    pub(crate) sentence: u32,
}

/// A draft and what the detectors derive from it.
pub(crate) struct Document<'t> {
    pub(crate) text: &'t str,
    primary: OnceCell<NormalisedText>,
    evasion: OnceCell<Option<(NormalisedText, Option<NormalisedText>)>>,
    words: OnceCell<Vec<Word>>,
    /// How many ASCII digits the text has: numeric entities need several.
    pub(crate) digits: usize,
}

impl<'t> Document<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Self {
            text,
            primary: OnceCell::new(),
            evasion: OnceCell::new(),
            words: OnceCell::new(),
            digits: text.bytes().filter(u8::is_ascii_digit).count(),
        }
    }

    pub(crate) fn primary(&self) -> &NormalisedText {
        self.primary.get_or_init(|| primary_view(self.text))
    }

    /// The evasion views, when the draft has disguised spellings (see [`evasion_views`]).
    pub(crate) fn evasion(&self) -> impl Iterator<Item = &NormalisedText> {
        let views = self.evasion.get_or_init(|| evasion_views(self.primary()));
        views
            .iter()
            .flat_map(|(first, second)| std::iter::once(first).chain(second.as_ref()))
    }

    /// Words of the primary view, in order. A word is a run of letters and digits, with
    /// apostrophes between letters kept inside (`don't`). Sentences end at `.`, `!` or `?`
    /// followed by a space, and at line breaks.
    pub(crate) fn words(&self) -> &[Word] {
        self.words.get_or_init(|| {
            let view = self.primary();
            let s = view.as_str();
            let mut words = Vec::new();
            let mut sentence = 0u32;
            let mut start: Option<usize> = None;
            let mut chars = s.char_indices().peekable();
            let mut pending_end = false;
            while let Some((i, c)) = chars.next() {
                let next = chars.peek().map(|&(_, n)| n);
                let inner_apostrophe =
                    c == '\'' && start.is_some() && next.is_some_and(is_word_char);
                if is_word_char(c) || inner_apostrophe {
                    if pending_end {
                        sentence += 1;
                        pending_end = false;
                    }
                    start.get_or_insert(i);
                    continue;
                }
                if let Some(st) = start.take() {
                    words.push(Word {
                        view_start: st as u32,
                        view_end: i as u32,
                        original: view.to_original(st, i),
                        sentence,
                    });
                }
                if c == '\n'
                    || (matches!(c, '.' | '!' | '?') && next.is_none_or(char::is_whitespace))
                {
                    pending_end = !words.is_empty();
                }
            }
            if let Some(st) = start {
                words.push(Word {
                    view_start: st as u32,
                    view_end: s.len() as u32,
                    original: view.to_original(st, s.len()),
                    sentence,
                });
            }
            words
        })
    }

    /// The text of a word, in the primary view.
    pub(crate) fn word_text(&self, word: &Word) -> &str {
        self.primary()
            .as_str()
            .get(word.view_start as usize..word.view_end as usize)
            .unwrap_or("")
    }

    /// The indices of the first and last words overlapping `range` (or, when none overlaps, the
    /// words on either side of it).
    pub(crate) fn word_span(&self, range: TextRange) -> Option<(usize, usize)> {
        let words = self.words();
        if words.is_empty() {
            return None;
        }
        let first = words.partition_point(|w| w.original.end() <= range.start());
        let last =
            words.partition_point(|w| w.original.start() < range.end().max(range.start() + 1));
        if first < last {
            Some((first, last - 1))
        } else {
            // Between words: the word before and the word after.
            Some((first.saturating_sub(1), first.min(words.len() - 1)))
        }
    }

    /// Whether the original text at `start` is inside a hashtag or @mention: the word
    /// characters (and underscores) before it lead back to a `#` or `@`.
    pub(crate) fn in_tag(&self, start: u32) -> bool {
        let Some(before) = self.text.get(..start as usize) else {
            return false;
        };
        let mut chars = before.chars().rev();
        for c in chars.by_ref() {
            if c == '#' || c == '@' {
                return true;
            }
            if !(is_word_char(c) || c == '_') {
                return false;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_sentences() {
        let doc = Document::new("Don't vote. Really!\nNew line here");
        let words: Vec<(&str, u32)> = doc
            .words()
            .iter()
            .map(|w| (doc.word_text(w), w.sentence))
            .collect();
        assert_eq!(
            words,
            vec![
                ("don't", 0),
                ("vote", 0),
                ("really", 1),
                ("new", 2),
                ("line", 2),
                ("here", 2)
            ]
        );
    }

    #[test]
    fn tags_are_recognised() {
        let text = "see #VoteLabour and @keir_starmer, not labour";
        let doc = Document::new(text);
        let at = |needle: &str| text.find(needle).map(|i| i as u32).unwrap_or(0);
        assert!(doc.in_tag(at("Labour")));
        assert!(doc.in_tag(at("starmer")));
        assert!(!doc.in_tag(at("labour")));
    }
}

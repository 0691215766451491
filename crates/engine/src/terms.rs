//! The term matcher: every term of every list of the pack in one Aho-Corasick automaton, run once
//! over the primary view (and once over the evasion view when a rule asks for disguised
//! spellings). A match is mapped back to the lists that contain the term.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use ft_text::{NormalisedText, TextRange, fold_for_matching, is_word_char};

use crate::document::Document;
use crate::finding::TermVariant;

/// How a pattern of the automaton relates to a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RefKind {
    /// A term matched whatever its case.
    Plain,
    /// A case-sensitive term: the original must have the same case (outside tags).
    Cased,
    /// A multi-word term with its spaces removed: counts only inside a hashtag or mention.
    Joined,
    /// An exception phrase of the list.
    Unless,
}

#[derive(Clone, Copy, Debug)]
struct TermRef {
    list: u32,
    term: u32,
    kind: RefKind,
}

/// A list as the matcher sees it.
pub(crate) struct ListInput<'a> {
    pub(crate) terms: &'a [String],
    pub(crate) cased: &'a [String],
    pub(crate) unless: &'a [String],
}

/// A match of a term (or exception) of a list, mapped to the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TermHit {
    pub(crate) list: u32,
    pub(crate) term: u32,
    pub(crate) span: TextRange,
    pub(crate) variant: TermVariant,
    pub(crate) unless: bool,
    /// A case-sensitive term found in another case; kept only for tracing.
    pub(crate) case_mismatch: bool,
}

/// The compiled automaton and the map from its patterns to lists.
pub(crate) struct TermMatcher {
    automaton: Option<AhoCorasick>,
    /// For each pattern of the automaton, its refs: `refs[ranges[p].0..ranges[p].1]`.
    ranges: Vec<(u32, u32)>,
    refs: Vec<TermRef>,
    /// Each term as written in the pack.
    term_text: Vec<Box<str>>,
    /// For case-sensitive terms, the normalised form with case kept (else empty).
    cased_form: Vec<Box<str>>,
}

/// The matching form of a term: normalised, case folded, runs of spaces collapsed.
fn matching_form(term: &str, fold_case: bool) -> String {
    let folded = fold_for_matching(term, fold_case);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl TermMatcher {
    pub(crate) fn new(lists: &[ListInput<'_>]) -> Result<Self, aho_corasick::BuildError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_refs: Vec<Vec<TermRef>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut term_text = Vec::new();
        let mut cased_form = Vec::new();
        let mut add = |pattern: String, r: TermRef| {
            if pattern.is_empty() {
                return;
            }
            let p = *index.entry(pattern.clone()).or_insert_with(|| {
                patterns.push(pattern);
                pattern_refs.push(Vec::new());
                patterns.len() - 1
            });
            pattern_refs[p].push(r);
        };
        for (l, list) in lists.iter().enumerate() {
            let l = l as u32;
            let groups: [(&[String], RefKind); 3] = [
                (list.terms, RefKind::Plain),
                (list.cased, RefKind::Cased),
                (list.unless, RefKind::Unless),
            ];
            for (terms, kind) in groups {
                for term in terms {
                    let t = term_text.len() as u32;
                    term_text.push(term.as_str().into());
                    cased_form.push(if kind == RefKind::Cased {
                        matching_form(term, false).into()
                    } else {
                        "".into()
                    });
                    let form = matching_form(term, true);
                    if kind != RefKind::Unless && form.contains(' ') {
                        add(
                            form.replace(' ', ""),
                            TermRef {
                                list: l,
                                term: t,
                                kind: RefKind::Joined,
                            },
                        );
                    }
                    add(
                        form,
                        TermRef {
                            list: l,
                            term: t,
                            kind,
                        },
                    );
                }
            }
        }
        let mut ranges = Vec::with_capacity(pattern_refs.len());
        let mut refs = Vec::new();
        for r in pattern_refs {
            let start = refs.len() as u32;
            refs.extend(r);
            ranges.push((start, refs.len() as u32));
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)?,
            )
        };
        Ok(Self {
            automaton,
            ranges,
            refs,
            term_text,
            cased_form,
        })
    }

    /// The term with index `term`, as written in the pack.
    pub(crate) fn term_text(&self, term: u32) -> &str {
        self.term_text.get(term as usize).map_or("", |t| t)
    }

    /// Find every whole-word match in `view` and push it to `out`. With `disguised`, the view is
    /// the evasion view: only lists in `wanted` count, and case is not checked.
    pub(crate) fn scan(
        &self,
        doc: &Document<'_>,
        view: &NormalisedText,
        disguised: bool,
        wanted: &[bool],
        trace: bool,
        out: &mut Vec<TermHit>,
    ) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let text = view.as_str();
        for m in automaton.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            if !whole_word(text, start, end) {
                continue;
            }
            let span = view.to_original(start, end);
            if span.is_empty() {
                continue;
            }
            // In an evasion view, a match that reads the same in the original was not disguised:
            // the primary view has it, with its case and exceptions checked.
            if disguised
                && matching_form(span.slice(doc.text).unwrap_or(""), true) == text[start..end]
            {
                continue;
            }
            let mut in_tag: Option<bool> = None;
            let (a, b) = self.ranges[m.pattern().as_usize()];
            for r in &self.refs[a as usize..b as usize] {
                if !wanted.get(r.list as usize).copied().unwrap_or(false) {
                    continue;
                }
                let tagged = *in_tag.get_or_insert_with(|| doc.in_tag(span.start()));
                let mut case_mismatch = false;
                let variant = match r.kind {
                    RefKind::Joined if !tagged => continue,
                    RefKind::Joined => TermVariant::Hashtag,
                    _ if disguised => TermVariant::Disguised,
                    RefKind::Cased if tagged => TermVariant::Hashtag,
                    RefKind::Cased => {
                        let original = span.slice(doc.text).unwrap_or("");
                        if matching_form(original, false) != *self.cased_form[r.term as usize] {
                            if !trace {
                                continue;
                            }
                            case_mismatch = true;
                        }
                        TermVariant::Cased
                    }
                    RefKind::Plain | RefKind::Unless => TermVariant::Plain,
                };
                out.push(TermHit {
                    list: r.list,
                    term: r.term,
                    span,
                    variant,
                    unless: r.kind == RefKind::Unless,
                    case_mismatch,
                });
            }
        }
    }
}

/// Whether `text[start..end]` stands as whole words: a word character at either edge of the
/// match must not continue into a word character outside it.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let inner_first = text[start..].chars().next();
    let inner_last = text[..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let edge_ok = |inner: Option<char>, outer: Option<char>| {
        !(inner.is_some_and(is_word_char) && outer.is_some_and(is_word_char))
    };
    edge_ok(inner_first, before) && edge_ok(inner_last, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert!(whole_word("vote labour now", 5, 11));
        assert!(!whole_word("labourer", 0, 6));
        assert!(!whole_word("scunthorpe", 1, 5));
        assert!(whole_word("(labour)", 1, 7));
    }
}

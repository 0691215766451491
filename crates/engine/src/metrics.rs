//! Detectors that measure the form of a draft (shouting, runs of `!!!`, length over the
//! platform's limit) and rules that fire from the context alone.

use std::sync::LazyLock;

use ft_pack::{ContextSpec, LengthUnit, Metric, MetricSpec, Rule, Severity};
use ft_text::TextRange;
use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use crate::context::ResolvedContext;
use crate::document::Document;
use crate::finding::{Evidence, Finding};

pub(crate) fn detect(
    doc: &Document<'_>,
    rule: usize,
    spec: &MetricSpec,
    context: &ResolvedContext,
    out: &mut Vec<Finding>,
) {
    let mut push = |span: TextRange, value: f64, threshold: f64| {
        out.push(Finding {
            rule,
            span,
            severity: Severity::Note,
            confidence: 0.9,
            evidence: Evidence::Metric {
                measure: spec.measure,
                value,
                threshold,
            },
        });
    };
    match spec.measure {
        Metric::Shouting => {
            // A shouted sentence needs this many capitals; most drafts have far fewer.
            let needed = (f64::from(spec.min_letters) * spec.threshold).ceil() as usize;
            let capitals = if doc.text.is_ascii() {
                doc.text.bytes().filter(u8::is_ascii_uppercase).count()
            } else {
                doc.text.chars().filter(|c| c.is_uppercase()).count()
            };
            if capitals < needed {
                return;
            }
            for (span, letters, upper) in sentences(doc.text) {
                if letters >= spec.min_letters as usize {
                    let share = upper as f64 / letters as f64;
                    if share >= spec.threshold {
                        push(span, (share * 100.0).round() / 100.0, spec.threshold);
                    }
                }
            }
        }
        Metric::PunctuationRun => {
            let bytes = doc.text.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if matches!(bytes[i], b'!' | b'?') {
                    let start = i;
                    while i < bytes.len() && matches!(bytes[i], b'!' | b'?') {
                        i += 1;
                    }
                    let run = (i - start) as u32;
                    if run >= spec.min_run {
                        push(
                            TextRange::from_usize(start, i),
                            f64::from(run),
                            f64::from(spec.min_run),
                        );
                    }
                } else {
                    i += 1;
                }
            }
        }
        Metric::OverLength => {
            let Some(platform) = context.platform() else {
                return;
            };
            let limit = platform.length_limit();
            let (length, over_at) = match platform.length_unit() {
                LengthUnit::XWeighted => weighted_length(doc.text, limit, true),
                LengthUnit::CharactersLinks23 => weighted_length(doc.text, limit, false),
                LengthUnit::Characters => char_length(doc.text, limit),
                LengthUnit::Graphemes => grapheme_length(doc.text, limit),
            };
            if let Some(at) = over_at {
                push(
                    TextRange::from_usize(at, doc.text.len()),
                    f64::from(length),
                    f64::from(limit),
                );
            }
        }
    }
}

/// Sentences of the original text with their letter and capital counts. Hashtags, mentions and
/// links are left out of the counts (`#NHS` is not shouting).
fn sentences(text: &str) -> Vec<(TextRange, usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        let end_here = i == bytes.len()
            || bytes[i] == b'\n'
            || (matches!(bytes[i], b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()));
        if end_here {
            let end = if i < bytes.len() && bytes[i] != b'\n' {
                i + 1
            } else {
                i
            };
            let sentence = &text[start..end];
            let (mut letters, mut upper) = (0usize, 0usize);
            for token in sentence.split_whitespace() {
                if token.starts_with(['#', '@']) || token.contains("://") {
                    continue;
                }
                for c in token.chars().filter(|c| c.is_alphabetic()) {
                    letters += 1;
                    upper += usize::from(c.is_uppercase());
                }
            }
            let lead = sentence.len() - sentence.trim_start().len();
            let trimmed = sentence.trim();
            if !trimmed.is_empty() {
                out.push((
                    TextRange::from_usize(start + lead, start + lead + trimmed.len()),
                    letters,
                    upper,
                ));
            }
            start = end;
        }
        i += 1;
    }
    out
}

/// Length in characters, and the byte offset of the first character past `limit`.
fn char_length(text: &str, limit: u32) -> (u32, Option<usize>) {
    let mut count = 0u32;
    let mut over = None;
    for (i, _) in text.char_indices() {
        count += 1;
        if count > limit && over.is_none() {
            over = Some(i);
        }
    }
    (count, over)
}

/// Length in grapheme clusters, and the byte offset of the first one past `limit`.
fn grapheme_length(text: &str, limit: u32) -> (u32, Option<usize>) {
    let mut count = 0u32;
    let mut over = None;
    for (i, _) in text.grapheme_indices(true) {
        count += 1;
        if count > limit && over.is_none() {
            over = Some(i);
        }
    }
    (count, over)
}

static LINK: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?i)\bhttps?://[^\s]+").ok());

/// Length with every link counting 23. With `x_weights`, X's weighting of characters too:
/// characters in the Latin and common punctuation ranges count 1, all others 2. Returns the
/// length and the byte offset where it first exceeds `limit`.
fn weighted_length(text: &str, limit: u32, x_weights: bool) -> (u32, Option<usize>) {
    let links: Vec<(usize, usize)> = LINK
        .as_ref()
        .map(|re| re.find_iter(text).map(|m| (m.start(), m.end())).collect())
        .unwrap_or_default();
    let mut count = 0u32;
    let mut over = None;
    let mut chars = text.char_indices();
    let mut link = links.iter().peekable();
    while let Some((i, c)) = chars.next() {
        let weight = if let Some(&&(_, e)) = link.peek().filter(|&&&(s, _)| s == i) {
            link.next();
            // Skip the rest of the link.
            while chars.clone().next().is_some_and(|(j, _)| j < e) {
                chars.next();
            }
            23
        } else {
            let cp = c as u32;
            let light = !x_weights
                || cp <= 4351
                || (8192..=8205).contains(&cp)
                || (8208..=8223).contains(&cp)
                || (8242..=8247).contains(&cp);
            if light { 1 } else { 2 }
        };
        count += weight;
        if count > limit && over.is_none() {
            over = Some(i);
        }
    }
    (count, over)
}

pub(crate) fn context_rule(
    rule_index: usize,
    rule: &Rule,
    spec: &ContextSpec,
    context: &ResolvedContext,
    out: &mut Vec<Finding>,
) {
    let local = context.local_time();
    if let Some((from, to)) = spec.hours {
        let inside = if from < to {
            from <= local && local < to
        } else {
            local >= from || local < to
        };
        if !inside {
            return;
        }
    }
    let periods = rule
        .when
        .periods
        .as_ref()
        .map(|ps| {
            ps.iter()
                .copied()
                .filter(|&p| context.in_period(p))
                .collect()
        })
        .unwrap_or_default();
    out.push(Finding {
        rule: rule_index,
        span: TextRange::empty(0),
        severity: Severity::Note,
        confidence: 1.0,
        evidence: Evidence::Context {
            local_time: spec.hours.map(|_| local),
            periods,
        },
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_length_counts_links_as_23() {
        let text = format!(
            "{} https://example.org/a/very/long/path/indeed",
            "a".repeat(10)
        );
        assert_eq!(weighted_length(&text, 280, true).0, 10 + 1 + 23);
        assert_eq!(weighted_length("日本", 280, true).0, 4);
        assert_eq!(weighted_length("日本", 280, false).0, 2);
        assert_eq!(grapheme_length("👩‍⚕️ok", 300).0, 3);
    }

    #[test]
    fn sentences_skip_tags() {
        let s = sentences("I LOVE THIS. #NHS rocks");
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].1, s[0].2), (9, 9));
        assert_eq!((s[1].1, s[1].2), (5, 0));
    }
}

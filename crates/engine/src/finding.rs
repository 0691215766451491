//! Findings and reports: what the engine returns. A finding refers to its rule by index into the
//! pack; texts (message, why, suggestion) are filled in at the edge by [`crate::Engine::render`],
//! so checking a draft does not format strings.

use ft_pack::{Entity, Metric, Severity};
use ft_text::TextRange;

/// How sure the engine is that a finding is real, from 0 to 1. Separate from severity (how much
/// it would matter) and from selection (whether the rule runs at all).
pub type Confidence = f32;

/// One thing that might read badly.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Index of the rule in the pack.
    pub rule: usize,
    /// Where, in UTF-8 bytes of the original text. Empty for findings about the whole post (a
    /// context rule such as a late-night reminder), at offset 0.
    pub span: TextRange,
    /// How much it matters, in this context.
    pub severity: Severity,
    /// How sure the engine is.
    pub confidence: Confidence,
    /// Why the detector matched.
    pub evidence: Evidence,
}

/// Which variant of a term matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermVariant {
    /// The term as written, whatever the case.
    Plain,
    /// A case-sensitive term, in its case.
    Cased,
    /// A multi-word term written as one word in a hashtag or mention (`#votelabour`).
    Hashtag,
    /// A disguised spelling: leetspeak or spaced letters.
    Disguised,
}

impl TermVariant {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TermVariant::Plain => "plain",
            TermVariant::Cased => "cased",
            TermVariant::Hashtag => "hashtag",
            TermVariant::Disguised => "disguised",
        }
    }
}

/// A term of a `near` list found close to the match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearEvidence {
    /// Index of the list (in [`crate::Engine::list_name`]).
    pub list: u32,
    /// The term, as written in the pack.
    pub term: u32,
    /// Where it is.
    pub span: TextRange,
}

/// Whether a checksum or allocation rule was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checksum {
    /// The detector has no checksum for this kind of value.
    NotApplicable,
    /// It passed (Luhn, modulus 11, modulus 97, allocation rules).
    Passed,
}

/// The evidence behind a finding: which term, pattern or detector matched, and how.
#[derive(Clone, Debug, PartialEq)]
pub enum Evidence {
    /// A term from a list.
    Term {
        /// Index of the list.
        list: u32,
        /// Index of the term (in [`crate::Engine::term_text`]).
        term: u32,
        /// Which variant matched.
        variant: TermVariant,
        /// The nearby terms that the rule's `near` (and `and_near`) conditions needed.
        near: Vec<NearEvidence>,
    },
    /// The rule's regular expression.
    Pattern,
    /// A built-in entity detector.
    Entity {
        /// Which entity.
        entity: Entity,
        /// Whether a checksum passed.
        checksum: Checksum,
        /// What kind of value it is (`UK mobile`, `Mastercard`, `internal host`).
        detail: Option<&'static str>,
        /// Context words that raised the confidence, in the original text.
        context: Vec<TextRange>,
    },
    /// A metric over the text.
    Metric {
        /// What was measured.
        measure: Metric,
        /// The value.
        value: f64,
        /// The threshold it crossed.
        threshold: f64,
    },
    /// Something missing: none of the terms of `missing` is in the text.
    Absent {
        /// Indices of the lists none of whose terms was found.
        missing: Vec<u32>,
        /// The term whose presence made the absence matter (`if_present`), if the rule has one.
        present: Option<NearEvidence>,
    },
    /// The context alone.
    Context {
        /// The local time, when the rule has an hours window.
        local_time: Option<chrono::NaiveTime>,
        /// Indices of the active periods the rule names.
        periods: Vec<usize>,
    },
}

/// The overall verdict of a report: the highest severity found, or clear.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Nothing found.
    Clear,
    /// The highest severity among the findings.
    At(Severity),
}

impl Verdict {
    /// The name used in JSON: `clear` or a severity.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Clear => "clear",
            Verdict::At(s) => s.as_str(),
        }
    }
}

/// Why a candidate did not become a finding (for `forethought explain`).
#[derive(Clone, Debug, PartialEq)]
pub enum DropReason {
    /// Less confident than the rule's `min_confidence`.
    LowConfidence {
        /// Its confidence.
        confidence: Confidence,
        /// The rule's minimum.
        min: f64,
    },
    /// An exception phrase of the list or rule overlapped it.
    Exception {
        /// Where the exception matched.
        span: TextRange,
    },
    /// A case-sensitive term matched in another case.
    CaseMismatch,
    /// The rule's `near` condition found nothing close enough.
    NothingNear,
    /// A finding of the same principle on an overlapping span ranked higher.
    Overlapped {
        /// Index of the rule whose finding was kept.
        by_rule: usize,
    },
    /// Another match of the same rule overlapped it and was longer or earlier.
    Shadowed,
}

/// A candidate that was dropped, with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Dropped {
    /// Index of the rule.
    pub rule: usize,
    /// Where.
    pub span: TextRange,
    /// Why.
    pub reason: DropReason,
}

/// The result of checking one draft.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Findings, ordered by span start, then span end, then severity (highest first), then rule
    /// id.
    pub findings: Vec<Finding>,
    /// Candidates that were dropped, when tracing was asked for.
    pub dropped: Vec<Dropped>,
    /// Rules that did not run because their `when` did not match the context, when tracing was
    /// asked for.
    pub inactive_rules: Vec<usize>,
}

impl Report {
    /// The overall verdict.
    pub fn verdict(&self) -> Verdict {
        self.findings
            .iter()
            .map(|f| f.severity)
            .max()
            .map_or(Verdict::Clear, Verdict::At)
    }
}

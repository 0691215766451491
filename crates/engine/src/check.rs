//! Checking one draft: run the detectors the active rules need, turn hits into candidate
//! findings, drop the weak and the cancelled, and resolve overlaps.
//!
//! ## Overlaps
//!
//! Within one rule, overlapping matches keep the leftmost, then the longest. Across rules,
//! findings of the **same principle** whose spans overlap compete: the one ranked first by
//! (severity, highest first; confidence, highest first; specificity, most conditions first (a
//! rule's `when` conditions plus a confirming `near` term); span length, longest first; span
//! start; rule id) is kept and the others are dropped. The ranking is a total order on findings, so the
//! result never depends on the order rules are written in. Findings of different principles never
//! suppress each other: a word can be both abusive and partisan. Findings with an empty span
//! (about the whole post) never overlap anything.

use ft_pack::{AbsentSpec, Detector, EntitySpec, PatternSpec, Rule, Target, TermsSpec};
use ft_text::TextRange;

use crate::Engine;
use crate::context::ResolvedContext;
use crate::document::Document;
use crate::entities::{self, EntityEnv, EntityHit};
use crate::finding::{DropReason, Dropped, Evidence, Finding, NearEvidence, Report, TermVariant};
use crate::metrics;
use crate::terms::TermHit;

/// Words before and after an entity in which context words count.
const CONTEXT_BEFORE: usize = 6;
const CONTEXT_AFTER: usize = 4;
/// How much a context word raises an entity's confidence.
const CONTEXT_BOOST: f32 = 0.3;
/// The confidence of an entity that needs context and has none: below every sensible minimum.
const NO_CONTEXT_CEILING: f32 = 0.3;

/// Whether `rule` runs on `target` in `context`.
fn active(rule: &Rule, target: Target, context: &ResolvedContext) -> bool {
    rule.applies_to.contains(&target) && context.satisfies(&rule.when)
}

pub(crate) fn run(
    engine: &Engine,
    text: &str,
    target: Target,
    context: &ResolvedContext,
    trace: bool,
) -> Report {
    run_noting(engine, text, target, context, trace, &[]).0
}

/// Check `text`, and also say which of the named lists `watch` have a match in it (bit `i` of
/// the result for `watch[i]`), from the same pass over the text.
pub(crate) fn run_noting(
    engine: &Engine,
    text: &str,
    target: Target,
    context: &ResolvedContext,
    trace: bool,
    watch: &[usize],
) -> (Report, u64) {
    let doc = Document::new(text);
    let pack = &engine.pack;
    let mut report = Report::default();

    let mut needs_terms = !watch.is_empty();
    let mut needs_evasion = false;
    for (r, rule) in pack.rules.iter().enumerate() {
        if !active(rule, target, context) {
            if trace && rule.applies_to.contains(&target) {
                report.inactive_rules.push(r);
            }
            continue;
        }
        match &rule.detector {
            Detector::Terms(t) => {
                needs_terms = true;
                needs_evasion |= t.evasion;
            }
            Detector::Absent(_) => needs_terms = true,
            _ => {}
        }
    }

    let mut hits: Vec<TermHit> = Vec::new();
    if needs_terms {
        engine.terms.scan(
            &doc,
            doc.primary(),
            false,
            &engine.all_lists,
            trace,
            &mut hits,
        );
        if needs_evasion {
            for view in doc.evasion() {
                engine
                    .terms
                    .scan(&doc, view, true, &engine.evasion_lists, trace, &mut hits);
            }
        }
        hits.sort_unstable_by_key(|h| (h.list, h.span.start(), h.span.end(), h.variant as u8));
        hits.dedup_by_key(|h| (h.list, h.term, h.span, h.unless));
    }

    let mut candidates: Vec<Finding> = Vec::new();
    let mut entity_hits: Vec<EntityHit> = Vec::new();
    for (r, rule) in pack.rules.iter().enumerate() {
        if !active(rule, target, context) {
            continue;
        }
        let start = candidates.len();
        match &rule.detector {
            Detector::Terms(spec) => {
                terms_rule(
                    engine,
                    &doc,
                    &hits,
                    r,
                    spec,
                    &mut candidates,
                    &mut report,
                    trace,
                );
            }
            Detector::Pattern(spec) => pattern_rule(&doc, r, spec, &mut candidates),
            Detector::Entity(spec) => {
                entity_rule(engine, &doc, r, spec, &mut entity_hits, &mut candidates);
            }
            Detector::Metric(spec) => metrics::detect(&doc, r, spec, context, &mut candidates),
            Detector::Context(spec) => {
                metrics::context_rule(r, rule, spec, context, &mut candidates);
            }
            Detector::Absent(spec) => absent_rule(&doc, &hits, r, spec, &mut candidates),
        }
        let severity = engine.severity_in(r, context);
        let mut kept = start;
        for i in start..candidates.len() {
            let c = &candidates[i];
            if f64::from(c.confidence) + 1e-9 < rule.min_confidence {
                if trace {
                    report.dropped.push(Dropped {
                        rule: r,
                        span: c.span,
                        reason: DropReason::LowConfidence {
                            confidence: c.confidence,
                            min: rule.min_confidence,
                        },
                    });
                }
                continue;
            }
            candidates.swap(kept, i);
            candidates[kept].severity = severity;
            kept += 1;
        }
        candidates.truncate(kept);
    }

    resolve_overlaps(engine, candidates, &mut report, trace);
    let mut noted = 0u64;
    for (i, &list) in watch.iter().enumerate().take(64) {
        if plain_hits(&hits, list).next().is_some() {
            noted |= 1 << i;
        }
    }
    (report, noted)
}

/// How specific a finding is: one point for each condition of its rule's `when`, and one for a
/// `near` term that confirmed it. Between otherwise equal findings, the more specific rule wins.
fn specificity(engine: &Engine, f: &Finding) -> u32 {
    let when = &engine.pack.rules[f.rule].when;
    let conditions = [
        when.accounts.is_some(),
        when.roles.is_some(),
        when.professions.is_some(),
        when.periods.is_some(),
        when.platforms.is_some(),
    ];
    let near = match &f.evidence {
        Evidence::Term { near, .. } => near.len() as u32,
        _ => 0,
    };
    conditions.iter().filter(|&&c| c).count() as u32 + near
}

/// The ranking used to resolve overlaps: smaller is better.
fn rank<'a>(engine: &'a Engine, f: &Finding) -> impl Ord + 'a {
    (
        std::cmp::Reverse(f.severity),
        std::cmp::Reverse((f.confidence * 1000.0) as i64),
        std::cmp::Reverse(specificity(engine, f)),
        std::cmp::Reverse(f.span.len()),
        f.span.start(),
        engine.pack.rules[f.rule].id.as_str(),
    )
}

fn resolve_overlaps(
    engine: &Engine,
    mut candidates: Vec<Finding>,
    report: &mut Report,
    trace: bool,
) {
    let rules: &[Rule] = &engine.pack.rules;
    candidates.sort_by(|a, b| rank(engine, a).cmp(&rank(engine, b)));
    let mut kept: Vec<Finding> = Vec::with_capacity(candidates.len());
    for c in candidates {
        let principle = rules[c.rule].principle;
        let rival = kept
            .iter()
            .find(|k| rules[k.rule].principle == principle && k.span.overlaps(c.span));
        match rival {
            Some(k) => {
                if trace {
                    report.dropped.push(Dropped {
                        rule: c.rule,
                        span: c.span,
                        reason: DropReason::Overlapped { by_rule: k.rule },
                    });
                }
            }
            None => kept.push(c),
        }
    }
    kept.sort_by(|a, b| {
        (
            a.span.start(),
            a.span.end(),
            std::cmp::Reverse(a.severity),
            rules[a.rule].id.as_str(),
        )
            .cmp(&(
                b.span.start(),
                b.span.end(),
                std::cmp::Reverse(b.severity),
                rules[b.rule].id.as_str(),
            ))
    });
    report.findings = kept;
}

/// The hits of one list, from the sorted hit vector.
fn list_hits(hits: &[TermHit], list: u32) -> &[TermHit] {
    let a = hits.partition_point(|h| h.list < list);
    let b = hits.partition_point(|h| h.list <= list);
    &hits[a..b]
}

#[allow(clippy::too_many_arguments)]
fn terms_rule(
    engine: &Engine,
    doc: &Document<'_>,
    hits: &[TermHit],
    r: usize,
    spec: &TermsSpec,
    out: &mut Vec<Finding>,
    report: &mut Report,
    trace: bool,
) {
    let usable = |h: &TermHit| spec.evasion || h.variant != TermVariant::Disguised;
    let rule_unless = engine.rule_unless[r]
        .map(|u| list_hits(hits, u))
        .unwrap_or(&[]);
    let exception = |list_hits: &[TermHit], h: &TermHit| -> Option<TextRange> {
        list_hits
            .iter()
            .chain(rule_unless)
            .find(|u| u.unless && u.span.overlaps(h.span))
            .map(|u| u.span)
    };

    let mut matches: Vec<(TermHit, Vec<NearEvidence>)> = Vec::new();
    for &list in &spec.lists {
        let lh = list_hits(hits, list as u32);
        for h in lh.iter().filter(|h| !h.unless && usable(h)) {
            if h.case_mismatch {
                if trace {
                    report.dropped.push(Dropped {
                        rule: r,
                        span: h.span,
                        reason: DropReason::CaseMismatch,
                    });
                }
                continue;
            }
            if let Some(span) = exception(lh, h) {
                if trace {
                    report.dropped.push(Dropped {
                        rule: r,
                        span: h.span,
                        reason: DropReason::Exception { span },
                    });
                }
                continue;
            }
            let near: Option<Vec<NearEvidence>> = spec
                .near
                .iter()
                .map(|n| find_near(doc, hits, h, n, spec.evasion))
                .collect();
            let Some(near) = near else {
                if trace {
                    report.dropped.push(Dropped {
                        rule: r,
                        span: h.span,
                        reason: DropReason::NothingNear,
                    });
                }
                continue;
            };
            matches.push((*h, near));
        }
    }
    // Leftmost, then longest, without overlaps.
    matches.sort_by_key(|(h, _)| {
        (
            h.span.start(),
            std::cmp::Reverse(h.span.end()),
            h.variant as u8,
        )
    });
    let mut last_end = 0u32;
    let mut first = true;
    for (h, near) in matches {
        if !first && h.span.start() < last_end {
            if trace {
                report.dropped.push(Dropped {
                    rule: r,
                    span: h.span,
                    reason: DropReason::Shadowed,
                });
            }
            continue;
        }
        first = false;
        last_end = h.span.end();
        let confidence = if h.variant == TermVariant::Disguised {
            (spec.confidence as f32 - 0.1).max(0.0)
        } else {
            spec.confidence as f32
        };
        out.push(Finding {
            rule: r,
            span: h.span,
            severity: engine.pack.rules[r].severity,
            confidence,
            evidence: Evidence::Term {
                list: h.list,
                term: h.term,
                variant: h.variant,
                near,
            },
        });
    }
}

/// A term of the `near` lists close enough to `hit`, in the same sentence.
fn find_near(
    doc: &Document<'_>,
    hits: &[TermHit],
    hit: &TermHit,
    near: &ft_pack::NearSpec,
    evasion: bool,
) -> Option<NearEvidence> {
    let words = doc.words();
    let (a0, a1) = doc.word_span(hit.span)?;
    let mut best: Option<(u32, NearEvidence)> = None;
    for &list in &near.lists {
        let lh = list_hits(hits, list as u32);
        for n in lh.iter().filter(|n| !n.unless && !n.case_mismatch) {
            if (!evasion && n.variant == TermVariant::Disguised) || n.span.overlaps(hit.span) {
                continue;
            }
            if lh.iter().any(|u| u.unless && u.span.overlaps(n.span)) {
                continue;
            }
            let Some((b0, b1)) = doc.word_span(n.span) else {
                continue;
            };
            if words[a0].sentence != words[b0].sentence {
                continue;
            }
            let distance = if b0 > a1 {
                b0 - a1
            } else {
                a0.saturating_sub(b1)
            } as u32;
            if distance <= near.within && best.as_ref().is_none_or(|(d, _)| distance < *d) {
                best = Some((
                    distance,
                    NearEvidence {
                        list: n.list,
                        term: n.term,
                        span: n.span,
                    },
                ));
            }
        }
    }
    best.map(|(_, n)| n)
}

/// A usable match of a list: not an exception, not a case mismatch, not a disguised spelling
/// (absence rules read the text as written).
fn plain_hits(hits: &[TermHit], list: usize) -> impl Iterator<Item = &TermHit> {
    let lh = list_hits(hits, list as u32);
    lh.iter().filter(move |h| {
        !h.unless
            && !h.case_mismatch
            && h.variant != TermVariant::Disguised
            && !lh.iter().any(|u| u.unless && u.span.overlaps(h.span))
    })
}

fn absent_rule(
    doc: &Document<'_>,
    hits: &[TermHit],
    r: usize,
    spec: &AbsentSpec,
    out: &mut Vec<Finding>,
) {
    if spec
        .lists
        .iter()
        .any(|&l| plain_hits(hits, l).next().is_some())
    {
        return;
    }
    let present = if spec.if_present.is_empty() {
        if doc.text.trim().is_empty() {
            return;
        }
        None
    } else {
        let first = spec
            .if_present
            .iter()
            .filter_map(|&l| plain_hits(hits, l).min_by_key(|h| h.span.start()))
            .min_by_key(|h| h.span.start());
        match first {
            Some(h) => Some(NearEvidence {
                list: h.list,
                term: h.term,
                span: h.span,
            }),
            None => return,
        }
    };
    out.push(Finding {
        rule: r,
        span: present.as_ref().map_or(TextRange::empty(0), |p| p.span),
        severity: ft_pack::Severity::Note,
        confidence: 0.9,
        evidence: Evidence::Absent {
            missing: spec.lists.iter().map(|&l| l as u32).collect(),
            present,
        },
    });
}

fn pattern_rule(doc: &Document<'_>, r: usize, spec: &PatternSpec, out: &mut Vec<Finding>) {
    let push = |span: TextRange, out: &mut Vec<Finding>| {
        out.push(Finding {
            rule: r,
            span,
            severity: ft_pack::Severity::Note,
            confidence: spec.confidence as f32,
            evidence: Evidence::Pattern,
        });
    };
    if spec.normalised {
        let view = doc.primary();
        for m in spec.regex.find_iter(view.as_str()) {
            if m.start() < m.end() {
                let span = view.to_original(m.start(), m.end());
                if !span.is_empty() {
                    push(span, out);
                }
            }
        }
    } else {
        for m in spec.regex.find_iter(doc.text) {
            if m.start() < m.end() {
                push(TextRange::from_usize(m.start(), m.end()), out);
            }
        }
    }
}

fn entity_rule(
    engine: &Engine,
    doc: &Document<'_>,
    r: usize,
    spec: &EntitySpec,
    scratch: &mut Vec<EntityHit>,
    out: &mut Vec<Finding>,
) {
    let Some(detector) = entities::detector(spec.entity) else {
        return;
    };
    if doc.digits < detector.min_digits() {
        return;
    }
    let org = engine.pack.organisation.as_ref();
    let env = EntityEnv {
        internal_domains: org.map_or(&[][..], |o| o.internal_domains.as_slice()),
        public_domains: org.map_or(&[][..], |o| o.domains.as_slice()),
        internal_only: spec.internal_only,
    };
    scratch.clear();
    detector.find(doc.text, &env, scratch);
    let requires = spec
        .require_context
        .unwrap_or_else(|| detector.requires_context());
    for hit in scratch.iter() {
        let context = context_words(doc, hit.span, detector.context_words(), &spec.context);
        let confidence = if !context.is_empty() {
            (hit.confidence + CONTEXT_BOOST).min(1.0)
        } else if requires {
            hit.confidence.min(NO_CONTEXT_CEILING)
        } else {
            hit.confidence
        };
        out.push(Finding {
            rule: r,
            span: hit.span,
            severity: ft_pack::Severity::Note,
            confidence,
            evidence: Evidence::Entity {
                entity: spec.entity,
                checksum: hit.checksum,
                detail: hit.detail,
                context,
            },
        });
    }
}

/// Context words (single words or phrases) within the window around `span`, whole words only,
/// compared on the primary view.
fn context_words(
    doc: &Document<'_>,
    span: TextRange,
    builtin: &[&str],
    extra: &[String],
) -> Vec<TextRange> {
    let words = doc.words();
    let Some((first, last)) = doc.word_span(span) else {
        return Vec::new();
    };
    let lo = first.saturating_sub(CONTEXT_BEFORE);
    let hi = (last + CONTEXT_AFTER).min(words.len().saturating_sub(1));
    let mut found = Vec::new();
    let phrases = builtin
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str));
    for phrase in phrases {
        let parts: Vec<&str> = phrase
            .split(|c: char| !ft_text::is_word_char(c) && c != '\'')
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            continue;
        }
        for start in lo..=hi {
            let end = start + parts.len() - 1;
            if end > hi || end >= words.len() {
                break;
            }
            let candidate =
                TextRange::new(words[start].original.start(), words[end].original.end());
            if candidate.overlaps(span) {
                continue;
            }
            // A possessive counts as the word: "patient's" is context for "patient".
            let same = parts.iter().enumerate().all(|(k, p)| {
                let w = doc.word_text(&words[start + k]);
                w == *p || w.strip_suffix("'s") == Some(p)
            });
            if same {
                found.push(candidate);
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

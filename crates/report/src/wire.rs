//! The JSON wire format, version [`SCHEMA_VERSION`]. Documented in `docs/json-output.md`; the
//! field names are a contract shared by `forethought check --format json` and the web app's API.

use ft_engine::{Checksum, Engine, Evidence, Finding};
use ft_text::{LineIndex, byte_to_utf16};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::Checked;

/// The version of the wire format. It changes when a field is removed or changes meaning; new
/// fields may be added without a change.
pub const SCHEMA_VERSION: u32 = 1;

/// A report on one draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The draft's id, or `null`.
    pub id: Option<String>,
    /// `clear`, or the highest severity found.
    pub verdict: String,
    /// The findings, in order of position.
    pub findings: Vec<WireFinding>,
}

/// A report on a profile: one entry per field that was checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireProfileReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The profile's id, or `null`.
    pub id: Option<String>,
    /// `clear`, or the highest severity over all fields.
    pub verdict: String,
    /// The fields checked, in display order.
    pub fields: Vec<WireField>,
}

/// One profile field and its findings (offsets are within the field's text).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireField {
    /// `name`, `handle`, `bio`, `location` or `website`.
    pub field: String,
    /// The field's text.
    pub text: String,
    /// `clear`, or the highest severity in this field.
    pub verdict: String,
    /// The findings.
    pub findings: Vec<WireFinding>,
}

/// The wire form of a checked profile.
pub fn wire_profile(
    engine: &Engine,
    id: Option<&str>,
    profile: &ft_engine::Profile,
    report: &ft_engine::ProfileReport,
    context: &ft_engine::ResolvedContext,
) -> WireProfileReport {
    WireProfileReport {
        schema_version: SCHEMA_VERSION,
        id: id.map(str::to_string),
        verdict: report.verdict().as_str().to_string(),
        fields: report
            .fields
            .iter()
            .map(|f| {
                let text = profile.field(f.field).unwrap_or("");
                let checked = Checked {
                    id: None,
                    text,
                    report: &f.report,
                    context,
                    first_line: 1,
                };
                let wire = wire_report(engine, &checked);
                WireField {
                    field: f.field.as_str().to_string(),
                    text: text.to_string(),
                    verdict: wire.verdict,
                    findings: wire.findings,
                }
            })
            .collect(),
    }
}

/// A record of the input that could not be checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireError {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The record's id (its line number when it has none).
    pub id: Option<String>,
    /// What was wrong.
    pub error: String,
}

/// A principle, by id and title.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WirePrinciple {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
}

/// Where a principle comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireSource {
    /// Document title.
    pub title: String,
    /// Clause, or `null`.
    pub clause: Option<String>,
    /// Link, or `null`.
    pub url: Option<String>,
}

/// Someone to ask.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireAsk {
    /// Contact id.
    pub id: String,
    /// Who.
    pub name: String,
    /// How to reach them, or `null`.
    pub reach: Option<String>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireFinding {
    /// Rule id.
    pub rule: String,
    /// The rule's principle.
    pub principle: WirePrinciple,
    /// Tags.
    pub tags: Vec<String>,
    /// `note`, `advice`, `warning` or `serious`.
    pub severity: String,
    /// 0 to 1, two decimals.
    pub confidence: f64,
    /// Start, in UTF-8 bytes of the draft.
    pub byte_start: u32,
    /// End (exclusive), in UTF-8 bytes.
    pub byte_end: u32,
    /// Start, in UTF-16 code units (JavaScript string offsets).
    pub utf16_start: u32,
    /// End (exclusive), in UTF-16 code units.
    pub utf16_end: u32,
    /// 1-based line of the start, within the draft.
    pub line: u32,
    /// 1-based column of the start, in characters.
    pub column: u32,
    /// The flagged text (empty for a finding about the whole post).
    pub matched: String,
    /// What might read badly.
    pub message: String,
    /// Why it matters.
    pub why: String,
    /// What to do instead.
    pub suggestion: String,
    /// Whom to ask.
    pub ask: Vec<WireAsk>,
    /// Where the principle comes from.
    pub source: WireSource,
    /// How the detector matched: an object whose `detector` key names the detector kind.
    pub evidence: Value,
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A span of the draft as the wire carries it: the text and its offsets in both units.
fn span_json(text: &str, r: ft_text::TextRange) -> Value {
    json!({
        "matched": r.slice(text).unwrap_or(""),
        "byte_start": r.start(),
        "byte_end": r.end(),
        "utf16_start": byte_to_utf16(text, r.start()),
        "utf16_end": byte_to_utf16(text, r.end()),
    })
}

fn evidence(engine: &Engine, finding: &Finding, text: &str) -> Value {
    match &finding.evidence {
        Evidence::Term {
            list,
            term,
            variant,
            near,
        } => json!({
            "detector": "terms",
            "list": engine.list_name(*list),
            "term": engine.term_text(*term),
            "variant": variant.as_str(),
            "near": near.iter().map(|n| {
                let mut near = span_json(text, n.span);
                near["list"] = json!(engine.list_name(n.list));
                near["term"] = json!(engine.term_text(n.term));
                near
            }).collect::<Vec<_>>(),
        }),
        Evidence::Pattern => {
            let regex = match &engine.pack().rules[finding.rule].detector {
                ft_pack::Detector::Pattern(p) => p.regex.as_str().to_string(),
                _ => String::new(),
            };
            json!({ "detector": "pattern", "regex": regex })
        }
        Evidence::Entity {
            entity,
            checksum,
            detail,
            context,
        } => json!({
            "detector": "entity",
            "entity": entity.as_str(),
            "checksum": match checksum {
                Checksum::Passed => "passed",
                Checksum::NotApplicable => "not-applicable",
            },
            "detail": detail,
            "context_words": context.iter().map(|&r| span_json(text, r)).collect::<Vec<_>>(),
        }),
        Evidence::Absent { missing, present } => json!({
            "detector": "absent",
            "missing": missing.iter().map(|&l| engine.list_name(l)).collect::<Vec<_>>(),
            "present": present.as_ref().map(|p| {
                let mut present = span_json(text, p.span);
                present["list"] = json!(engine.list_name(p.list));
                present["term"] = json!(engine.term_text(p.term));
                present
            }),
        }),
        Evidence::Metric {
            measure,
            value,
            threshold,
        } => json!({
            "detector": "metric",
            "measure": measure.as_str(),
            "value": value,
            "threshold": threshold,
        }),
        Evidence::Context {
            local_time,
            periods,
        } => json!({
            "detector": "context",
            "local_time": local_time.map(|t| t.format("%H:%M").to_string()),
            "periods": periods
                .iter()
                .filter_map(|&p| engine.pack().periods.get(p).map(|p| p.id.clone()))
                .collect::<Vec<_>>(),
        }),
    }
}

/// The wire form of one finding.
pub fn wire_finding(
    engine: &Engine,
    finding: &Finding,
    checked: &Checked<'_>,
    lines: &LineIndex,
) -> WireFinding {
    let pack = engine.pack();
    let rule = &pack.rules[finding.rule];
    let principle = &pack.principles[rule.principle];
    let text = checked.text;
    let pos = lines.line_col(text, finding.span.start());
    let render = |t: &str| engine.render(t, finding, text, checked.context);
    WireFinding {
        rule: rule.id.clone(),
        principle: WirePrinciple {
            id: principle.id.clone(),
            title: principle.title.clone(),
        },
        tags: rule.tags.iter().map(|t| t.as_str().to_string()).collect(),
        severity: finding.severity.as_str().to_string(),
        confidence: round2(f64::from(finding.confidence)),
        byte_start: finding.span.start(),
        byte_end: finding.span.end(),
        utf16_start: byte_to_utf16(text, finding.span.start()),
        utf16_end: byte_to_utf16(text, finding.span.end()),
        line: pos.line,
        column: pos.column,
        matched: finding.span.slice(text).unwrap_or("").to_string(),
        message: render(&rule.message),
        why: render(&rule.why),
        suggestion: render(&rule.suggest),
        ask: rule
            .ask
            .iter()
            .map(|&c| {
                let c = &pack.contacts[c];
                WireAsk {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    reach: c.reach.clone(),
                }
            })
            .collect(),
        source: WireSource {
            title: principle.source.title.clone(),
            clause: principle.source.clause.clone(),
            url: principle.source.url.clone(),
        },
        evidence: evidence(engine, finding, text),
    }
}

/// The wire form of a checked draft.
pub fn wire_report(engine: &Engine, checked: &Checked<'_>) -> WireReport {
    let lines = LineIndex::new(checked.text);
    WireReport {
        schema_version: SCHEMA_VERSION,
        id: checked.id.map(str::to_string),
        verdict: checked.report.verdict().as_str().to_string(),
        findings: checked
            .report
            .findings
            .iter()
            .map(|f| wire_finding(engine, f, checked, &lines))
            .collect(),
    }
}

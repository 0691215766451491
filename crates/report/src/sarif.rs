//! SARIF 2.1.0 output, for tools that collect findings from many checkers. Columns are in Unicode
//! code points (`columnKind: unicodeCodePoints`); byte offsets are given too.

use ft_engine::Engine;
use ft_pack::Severity;
use ft_text::LineIndex;
use serde_json::{Value, json};

use crate::Checked;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Serious => "error",
        Severity::Warning => "warning",
        Severity::Advice | Severity::Note => "note",
    }
}

/// Render checked drafts as one SARIF log. `artifact` names the input (`draft` for a single
/// draft, or the input file); each draft's lines are numbered from its `first_line`.
pub fn render_sarif(engine: &Engine, drafts: &[Checked<'_>], artifact: &str) -> String {
    let pack = engine.pack();
    let rules: Vec<Value> = pack
        .rules
        .iter()
        .map(|r| {
            let principle = &pack.principles[r.principle];
            let org = |t: &str| t.replace("{org}", pack.org_name());
            json!({
                "id": r.id,
                "name": r.title,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": org(&r.why) },
                "help": { "text": org(&r.suggest) },
                "helpUri": principle.source.url,
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": {
                    "tags": r.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                    "principle": principle.id,
                    "severity": r.severity.as_str(),
                },
            })
        })
        .collect();
    let mut results = Vec::new();
    for checked in drafts {
        let lines = LineIndex::new(checked.text);
        for f in &checked.report.findings {
            let wire = crate::wire::wire_finding(engine, f, checked, &lines);
            let end = lines.line_col(checked.text, f.span.end());
            let offset = checked.first_line - 1;
            results.push(json!({
                "ruleId": wire.rule,
                "ruleIndex": f.rule,
                "level": level(f.severity),
                "message": { "text": wire.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact },
                        "region": {
                            "startLine": wire.line + offset,
                            "startColumn": wire.column,
                            "endLine": end.line + offset,
                            "endColumn": end.column,
                            "byteOffset": f.span.start(),
                            "byteLength": f.span.len(),
                            "snippet": { "text": wire.matched },
                        }
                    }
                }],
                "properties": {
                    "draft": checked.id,
                    "severity": wire.severity,
                    "confidence": wire.confidence,
                    "tags": wire.tags,
                    "why": wire.why,
                    "suggestion": wire.suggestion,
                    "ask": wire.ask.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
                },
            }));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "forethought",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                    "properties": { "pack": pack.meta.id, "packVersion": pack.meta.version },
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

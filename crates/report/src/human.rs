//! The human-readable report: each finding with the draft's line underlined, then what it means,
//! what to do instead and whom to ask, and a calm overall verdict.

use std::fmt::Write as _;

use ft_engine::{Engine, Verdict};
use ft_pack::Severity;
use ft_text::LineIndex;

use crate::Checked;
use crate::wire::wire_finding;

/// Options for [`render_human`].
#[derive(Clone, Debug, Default)]
pub struct HumanOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// What to call the draft in locations (`draft`, `posts.txt`).
    pub name: String,
    /// Whether to end with the overall verdict ("Think again: 1 warning.").
    pub summary: bool,
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Serious => "1;31",
            Severity::Warning => "1;33",
            Severity::Advice => "1;36",
            Severity::Note => "1;34",
        };
        self.wrap(code, text)
    }

    fn dim(&self, text: &str) -> String {
        self.wrap("2", text)
    }

    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
}

/// The overall verdict in plain words: "Looks fine", "Worth a second look" or "Think again".
pub fn verdict_phrase(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Clear => "Looks fine",
        Verdict::At(Severity::Note | Severity::Advice) => "Worth a second look",
        Verdict::At(Severity::Warning | Severity::Serious) => "Think again",
    }
}

/// Render one checked draft for a person.
pub fn render_human(engine: &Engine, checked: &Checked<'_>, options: &HumanOptions) -> String {
    let paint = Paint { on: options.color };
    let text = checked.text;
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for finding in &checked.report.findings {
        let wire = wire_finding(engine, finding, checked, &lines);
        let label = format!("{}[{}]", finding.severity, wire.rule);
        let _ = writeln!(
            out,
            "{}: {}",
            paint.severity(finding.severity, &label),
            paint.bold(&wire.message)
        );
        let line_no = wire.line + checked.first_line - 1;
        if finding.span.is_empty() {
            let _ = writeln!(
                out,
                "  {} {} (the whole post)",
                paint.dim("-->"),
                options.name
            );
        } else {
            let _ = writeln!(
                out,
                "  {} {}:{}:{}",
                paint.dim("-->"),
                options.name,
                line_no,
                wire.column
            );
            let line_text = lines.line_text(text, (wire.line - 1) as usize);
            let number = line_no.to_string();
            let gutter = " ".repeat(number.len());
            let start_col = (wire.column - 1) as usize;
            let line_chars = line_text.chars().count();
            let width = wire
                .matched
                .lines()
                .next()
                .map_or(1, |l| l.chars().count())
                .clamp(1, line_chars.saturating_sub(start_col).max(1));
            let _ = writeln!(out, " {gutter} {}", paint.dim("|"));
            let _ = writeln!(
                out,
                " {} {} {line_text}",
                paint.dim(&number),
                paint.dim("|")
            );
            let _ = writeln!(
                out,
                " {gutter} {} {}{}",
                paint.dim("|"),
                " ".repeat(start_col),
                paint.severity(finding.severity, &"^".repeat(width))
            );
        }
        let _ = writeln!(out, "  {} {}", paint.bold("why:"), wire.why);
        let _ = writeln!(out, "  {} {}", paint.bold("instead:"), wire.suggestion);
        if !wire.ask.is_empty() {
            let who: Vec<String> = wire
                .ask
                .iter()
                .map(|a| match &a.reach {
                    Some(reach) => format!("{} ({reach})", a.name),
                    None => a.name.clone(),
                })
                .collect();
            let _ = writeln!(out, "  {} {}", paint.bold("ask:"), who.join("; "));
        }
        let mut guidance = wire.source.title.clone();
        if let Some(clause) = &wire.source.clause {
            let _ = write!(guidance, ", {clause}");
        }
        if let Some(url) = &wire.source.url {
            let _ = write!(guidance, " <{url}>");
        }
        let _ = writeln!(
            out,
            "  {} {}",
            paint.bold("guidance:"),
            paint.dim(&guidance)
        );
        out.push('\n');
    }
    if !options.summary {
        return out;
    }
    let verdict = checked.report.verdict();
    let mut counts = Vec::new();
    for severity in Severity::ALL.iter().rev() {
        let n = checked
            .report
            .findings
            .iter()
            .filter(|f| f.severity == *severity)
            .count();
        if n > 0 {
            let word = if n == 1 {
                severity.as_str().to_string()
            } else if *severity == Severity::Advice {
                "advice".to_string()
            } else {
                format!("{severity}s")
            };
            counts.push(format!("{n} {word}"));
        }
    }
    let phrase = verdict_phrase(verdict);
    let summary = if counts.is_empty() {
        format!("{phrase}: nothing to flag.")
    } else {
        format!("{phrase}: {}.", counts.join(", "))
    };
    let summary = match verdict {
        Verdict::At(s) => paint.severity(s, &summary),
        Verdict::Clear => paint.bold(&summary),
    };
    let _ = writeln!(out, "{summary}");
    out
}

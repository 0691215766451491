//! The audit as one self-contained HTML page: no scripts, no external assets (its own
//! Content-Security-Policy forbids them), so it opens offline and can be kept or printed. It
//! shows the summary, a timeline of findings by year and severity, the findings across posts,
//! what worked, the profile, and every flagged post with its findings, a link to the original and
//! what to consider doing.

use std::fmt::Write as _;

use ft_pack::Severity;
use ft_report::WireFinding;

use crate::{AuditSummary, CheckedPost, kind_name};

/// Escape text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --serious: #9b1c1c; --warning: #8a4b00; --advice: #0b5e75; --note: #3d4a5c; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); max-width: 62rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; }
.muted { color: var(--muted); } table { border-collapse: collapse; width: 100%; margin: .8rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; } td.n, th.n { text-align: right; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .7rem 1rem; min-width: 9rem; }
.card b { display: block; font-size: 1.6rem; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .8rem; letter-spacing: .04em; }
.serious { color: var(--serious); } .warning { color: var(--warning); } .advice { color: var(--advice); } .note { color: var(--note); }
article.post { border: 1px solid var(--line); border-left: .4rem solid var(--line); border-radius: .4rem; padding: .8rem 1rem; margin: 1rem 0; }
article.post.serious { border-left-color: var(--serious); } article.post.warning { border-left-color: var(--warning); }
article.post.advice { border-left-color: var(--advice); } article.post.note { border-left-color: var(--note); }
blockquote { margin: .5rem 0; padding: .5rem .8rem; background: #f6f8fa; border-radius: .3rem; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #ffe08a; color: inherit; padding: 0 .1rem; }
ul.findings { padding-left: 1.2rem; } ul.findings li { margin: .5rem 0; }
.consider { font-weight: 600; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.legend span { margin-right: 1rem; white-space: nowrap; }
@media print { article.post { break-inside: avoid; } }
"#;

fn severity_of(f: &WireFinding) -> Severity {
    Severity::from_name(&f.severity).unwrap_or(Severity::Note)
}

/// What to consider doing with a post, from its worst finding.
pub fn consider(worst: Severity) -> &'static str {
    match worst {
        Severity::Serious => "Consider deleting it, or making it private, now.",
        Severity::Warning => "Consider deleting or editing it, or making it private.",
        Severity::Advice => "Consider editing it or making it private; keeping it may be fine.",
        Severity::Note => "Probably fine to keep; worth a glance.",
    }
}

/// The post's text with its flagged spans marked.
fn marked_text(text: &str, findings: &[WireFinding]) -> String {
    let mut spans: Vec<(usize, usize)> = findings
        .iter()
        .filter(|f| f.byte_start < f.byte_end)
        .map(|f| (f.byte_start as usize, f.byte_end as usize))
        .filter(|&(s, e)| e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e))
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in merged {
        out.push_str(&escape(&text[at..s]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&escape(&text[at..]));
    out
}

fn finding_item(out: &mut String, f: &WireFinding) {
    let sev = severity_of(f);
    let _ = write!(
        out,
        "<li><span class=\"sev {s}\">{s}</span> <strong>{}</strong><br>{}<br><em>Instead:</em> {}",
        escape(&f.message),
        escape(&f.why),
        escape(&f.suggestion),
        s = sev.as_str(),
    );
    if !f.ask.is_empty() {
        let who: Vec<String> = f.ask.iter().map(|a| escape(&a.name)).collect();
        let _ = write!(out, "<br><em>Ask:</em> {}", who.join("; "));
    }
    let mut guidance = escape(&f.source.title);
    if let Some(c) = &f.source.clause {
        let _ = write!(guidance, ", {}", escape(c));
    }
    let guidance = match &f.source.url {
        Some(u) => format!("<a href=\"{}\">{guidance}</a>", escape(u)),
        None => guidance,
    };
    let _ = write!(
        out,
        "<br><span class=\"muted\">{} · rule <code>{}</code></span></li>",
        guidance,
        escape(&f.rule)
    );
}

/// The timeline: a stacked bar per year, findings by severity, as inline SVG, with a table
/// holding the same numbers for screen readers and copying.
fn timeline(out: &mut String, summary: &AuditSummary) {
    let years = &summary.by_year;
    if years.is_empty() {
        out.push_str("<p class=\"muted\">The archive gives no dates.</p>");
        return;
    }
    let max = years
        .iter()
        .map(|y| y.findings.total())
        .max()
        .unwrap_or(0)
        .max(1);
    let bar = 36;
    let gap = 12;
    let height: usize = 180;
    let width = years.len() * (bar + gap) + gap;
    let _ = write!(
        out,
        "<svg role=\"img\" aria-labelledby=\"tl-title\" viewBox=\"0 0 {width} {}\" width=\"100%\" style=\"max-width:{width}px\"><title id=\"tl-title\">Findings by year and severity</title>",
        height + 24
    );
    for (i, y) in years.iter().enumerate() {
        let x = gap + i * (bar + gap);
        let mut top = height;
        for (severity, count) in [
            ("note", y.findings.note),
            ("advice", y.findings.advice),
            ("warning", y.findings.warning),
            ("serious", y.findings.serious),
        ] {
            if count == 0 {
                continue;
            }
            let h = ((count as f64 / max as f64) * height as f64)
                .round()
                .max(1.0) as usize;
            top = top.saturating_sub(h);
            let _ = write!(
                out,
                "<rect x=\"{x}\" y=\"{top}\" width=\"{bar}\" height=\"{h}\" style=\"fill:var(--{severity})\"><title>{}: {count} {severity}</title></rect>",
                y.year
            );
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + bar / 2,
            height + 16,
            y.year
        );
    }
    out.push_str("</svg><p class=\"legend\">");
    for severity in ["serious", "warning", "advice", "note"] {
        let _ = write!(
            out,
            "<span><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" style=\"fill:var(--{severity})\"/></svg> {severity}</span> "
        );
    }
    out.push_str("</p>");
    out.push_str("<table><caption class=\"muted\">Findings by year</caption><thead><tr><th>Year</th><th class=\"n\">Posts</th><th class=\"n\">Serious</th><th class=\"n\">Warning</th><th class=\"n\">Advice</th><th class=\"n\">Note</th></tr></thead><tbody>");
    for y in years {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            y.year,
            y.posts,
            y.findings.serious,
            y.findings.warning,
            y.findings.advice,
            y.findings.note
        );
    }
    out.push_str("</tbody></table>");
}

/// Render the report. `flagged` holds the posts with findings; `generated` says when (shown as
/// given, so tests can fix it).
pub fn render(summary: &AuditSummary, flagged: &[CheckedPost], generated: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <meta name=\"referrer\" content=\"no-referrer\"><title>Your post history: Forethought audit</title><style>{STYLE}</style></head><body><main>"
    );
    let _ = write!(
        out,
        "<h1>Your post history</h1><p class=\"muted\">Checked against the <strong>{}</strong> pack, version {}, on {}. \
         This report was made on your own machine and has been sent nowhere. It is advice: you decide what to keep.</p>",
        escape(summary.pack.get("id").map_or("", String::as_str)),
        escape(summary.pack.get("version").map_or("", String::as_str)),
        escape(generated)
    );

    out.push_str(
        "<section aria-labelledby=\"summary\"><h2 id=\"summary\">Summary</h2><div class=\"cards\">",
    );
    let cards = [
        ("Posts checked", summary.posts, ""),
        ("With findings", summary.posts_with_findings, ""),
        ("Serious", summary.posts_by_severity.serious, "serious"),
        ("Warning", summary.posts_by_severity.warning, "warning"),
        ("Advice", summary.posts_by_severity.advice, "advice"),
        ("Note", summary.posts_by_severity.note, "note"),
    ];
    for (label, n, class) in cards {
        let _ = write!(
            out,
            "<div class=\"card\"><b class=\"{class}\">{n}</b>{label}</div>"
        );
    }
    out.push_str(
        "</div><p class=\"muted\">Severity counts are of posts, by their most serious finding.</p>",
    );
    if summary.skipped > 0 {
        let _ = write!(
            out,
            "<p>{} records of the archive could not be read and were skipped.</p>",
            summary.skipped
        );
    }
    if !summary.by_principle.is_empty() {
        out.push_str("<table><thead><tr><th>Principle</th><th class=\"n\">Posts</th><th class=\"n\">Findings</th></tr></thead><tbody>");
        for p in &summary.by_principle {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&p.title),
                p.posts,
                p.findings
            );
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");

    out.push_str("<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">Over the years</h2>");
    timeline(&mut out, summary);
    out.push_str("</section>");

    if !summary.across_posts.is_empty() {
        out.push_str("<section aria-labelledby=\"across\"><h2 id=\"across\">Across your posts</h2><ul class=\"findings\">");
        for f in &summary.across_posts {
            finding_item(&mut out, f);
        }
        out.push_str("</ul></section>");
    }

    if let Some(profile) = &summary.profile {
        out.push_str("<section aria-labelledby=\"profile\"><h2 id=\"profile\">Your profile</h2>");
        let any = profile.fields.iter().any(|f| !f.findings.is_empty());
        if !any {
            out.push_str("<p>Nothing to flag in your profile.</p>");
        }
        for field in profile.fields.iter().filter(|f| !f.findings.is_empty()) {
            let _ = write!(
                out,
                "<h3>{}</h3><blockquote>{}</blockquote><ul class=\"findings\">",
                escape(&field.field),
                marked_text(&field.text, &field.findings)
            );
            for f in &field.findings {
                finding_item(&mut out, f);
            }
            out.push_str("</ul>");
        }
        out.push_str("</section>");
    }

    if !summary.what_worked.rows.is_empty() {
        out.push_str("<section aria-labelledby=\"worked\"><h2 id=\"worked\">What worked</h2><p>Average engagement of your own posts, by what was found in them. The posts people valued are rarely the risky ones.</p><table><thead><tr><th>Posts</th><th class=\"n\">Count</th><th class=\"n\">Average likes</th><th class=\"n\">Average reposts</th></tr></thead><tbody>");
        for r in &summary.what_worked.rows {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}</td><td class=\"n\">{:.1}</td></tr>",
                escape(&r.label),
                r.posts,
                r.average_likes,
                r.average_reposts
            );
        }
        out.push_str("</tbody></table></section>");
    }

    out.push_str("<section aria-labelledby=\"posts\"><h2 id=\"posts\">Posts to look at</h2>");
    if flagged.is_empty() {
        out.push_str("<p>No post has a finding. Nothing to do.</p>");
    }
    for severity in [
        Severity::Serious,
        Severity::Warning,
        Severity::Advice,
        Severity::Note,
    ] {
        let group: Vec<&CheckedPost> = flagged
            .iter()
            .filter(|p| p.worst == Some(severity))
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<h3><span class=\"sev {s}\">{s}</span> ({} posts)</h3>",
            group.len(),
            s = severity.as_str()
        );
        for p in group {
            let date = p.post.created_at.map_or_else(
                || "undated".to_string(),
                |t| t.format("%-d %B %Y, %H:%M").to_string(),
            );
            let _ = write!(
                out,
                "<article class=\"post {}\"><p class=\"muted\">{} · {}{}",
                severity.as_str(),
                escape(&date),
                kind_name(p.post.kind),
                if p.post.deleted { " · deleted" } else { "" }
            );
            if let Some(url) = &p.post.url {
                let _ = write!(
                    out,
                    " · <a href=\"{}\" rel=\"noreferrer\">the original post</a>",
                    escape(url)
                );
            }
            let _ = write!(
                out,
                "</p><blockquote>{}</blockquote><ul class=\"findings\">",
                marked_text(&p.post.text, &p.findings)
            );
            for f in &p.findings {
                finding_item(&mut out, f);
            }
            let _ = write!(
                out,
                "</ul><p class=\"consider\">{}</p></article>",
                consider(severity)
            );
        }
    }
    out.push_str("</section></main></body></html>\n");
    out
}

//! `forethought pack test|check`, `packs`, `rules` and `rule`.

use std::fmt::Write as _;
use std::process::ExitCode;

use ft_engine::{Engine, run_examples};
use ft_pack::{Detector, Pack};

use crate::UserError;

pub(crate) fn test(references: &[String]) -> anyhow::Result<ExitCode> {
    let all: Vec<String> = if references.is_empty() {
        ft_packs::SHIPPED
            .iter()
            .map(|p| p.name.to_string())
            .collect()
    } else {
        references.to_vec()
    };
    let mut out = String::new();
    let mut failed_total = 0usize;
    let mut broken = false;
    for reference in &all {
        let engine = match crate::load_engine(reference) {
            Ok(e) => e,
            Err(e) => {
                let _ = writeln!(out, "{e:#}");
                broken = true;
                continue;
            }
        };
        let pack = engine.pack();
        let outcomes = run_examples(&engine);
        let failed: Vec<_> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
        for o in &failed {
            let rule = &pack.rules[o.rule];
            let example = &rule.examples[o.example];
            let Some(f) = &o.failure else { continue };
            let _ = writeln!(
                out,
                "FAIL {}/{} example {} ({}:{})",
                pack.meta.id,
                rule.id,
                o.example + 1,
                rule.origin.file,
                o.line
            );
            let _ = writeln!(out, "  text:     {:?}", example.text);
            let _ = writeln!(
                out,
                "  context:  {}",
                describe_example_context(pack, &example.context)
            );
            let actual: Vec<&str> = f.actual.iter().map(|a| a.0.as_str()).collect();
            for line in diff(&f.expected, &actual) {
                match line {
                    Diff::Both(e, a) => {
                        let (_, span, severity) = &f.actual[a];
                        let _ = writeln!(
                            out,
                            "    {:?} at bytes {}..{} ({severity})",
                            f.expected[e],
                            span.start(),
                            span.end()
                        );
                    }
                    Diff::Expected(e) => {
                        let _ = writeln!(out, "  - {:?}", f.expected[e]);
                    }
                    Diff::Actual(a) => {
                        let (text, span, severity) = &f.actual[a];
                        let _ = writeln!(
                            out,
                            "  + {text:?} at bytes {}..{} ({severity})",
                            span.start(),
                            span.end()
                        );
                    }
                }
            }
            if let Some(s) = f.expected_severity {
                let _ = writeln!(out, "  expected severity: {s}");
            }
            let _ = writeln!(
                out,
                "  (- expected but not flagged, + flagged but not expected)"
            );
        }
        failed_total += failed.len();
        let _ = writeln!(
            out,
            "{}: {} rules, {} examples, {} passed, {} failed",
            pack.meta.id,
            pack.rules.len(),
            outcomes.len(),
            outcomes.len() - failed.len(),
            failed.len()
        );
    }
    crate::write_stdout(&out)?;
    Ok(if broken {
        ExitCode::from(2)
    } else if failed_total > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A line of the diff between expected and actual flags, by index.
enum Diff {
    Both(usize, usize),
    Expected(usize),
    Actual(usize),
}

/// The longest-common-subsequence diff of the expected and actual flagged texts, in order.
fn diff(expected: &[String], actual: &[&str]) -> Vec<Diff> {
    let (n, m) = (expected.len(), actual.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == actual[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && expected[i] == actual[j] {
            out.push(Diff::Both(i, j));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(Diff::Actual(j));
            j += 1;
        } else {
            out.push(Diff::Expected(i));
            i += 1;
        }
    }
    out
}

fn describe_example_context(pack: &Pack, ctx: &ft_pack::ExampleContext) -> String {
    let mut parts = vec![format!(
        "account {}",
        ctx.account.unwrap_or(ft_pack::AccountKind::Personal)
    )];
    for &r in &ctx.roles {
        parts.push(format!("role {}", pack.roles[r].id));
    }
    for &p in &ctx.professions {
        parts.push(format!("profession {}", pack.professions[p].id));
    }
    if let Some(at) = ctx.at {
        parts.push(format!("at {}", at.to_rfc3339()));
    }
    if let Some(p) = ctx.platform {
        parts.push(format!("platform {p}"));
    }
    parts.join(", ")
}

pub(crate) fn check(reference: &str) -> anyhow::Result<ExitCode> {
    let pack = ft_packs::load(reference).map_err(|errors| {
        UserError(format!(
            "the pack `{reference}` has problems:\n{}",
            crate::render_pack_errors(&errors)
        ))
    })?;
    let examples: usize = pack.rules.iter().map(|r| r.examples.len()).sum();
    Engine::new(pack.clone())?;
    crate::write_stdout(&format!(
        "{} {} is valid: {} principles, {} rules, {} lists, {} examples{}\n",
        pack.meta.id,
        pack.meta.version,
        pack.principles.len(),
        pack.rules.len(),
        pack.lists.iter().filter(|l| !l.anonymous).count(),
        examples,
        if pack.meta.extends.is_empty() {
            String::new()
        } else {
            format!(" (extends {})", pack.meta.extends.join(", "))
        }
    ))?;
    if !pack.overrides.is_empty() {
        let mut out = String::from(
            "It replaces these definitions of the packs it extends (same id; check each is meant):\n",
        );
        for o in &pack.overrides {
            out.push_str(&format!(
                "  {} `{}` from {} (now {})\n",
                o.kind, o.id, o.replaces, o.by
            ));
        }
        crate::write_stdout(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn doc(reference: &str) -> anyhow::Result<ExitCode> {
    let engine = crate::load_engine(reference)?;
    crate::write_stdout(&ft_report::render_handbook(engine.pack()))?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn list() -> anyhow::Result<ExitCode> {
    let mut out = String::new();
    for shipped in ft_packs::SHIPPED {
        match ft_packs::load(shipped.name) {
            Ok(p) => {
                let first = p
                    .meta
                    .description
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let _ = writeln!(
                    out,
                    "{:<20} {} ({} rules)\n{:<20} {}",
                    p.meta.id,
                    p.meta.name,
                    p.rules.len(),
                    "",
                    first
                );
            }
            Err(_) => {
                let _ = writeln!(
                    out,
                    "{:<20} (does not load; run `forethought pack check {}`)",
                    shipped.name, shipped.name
                );
            }
        }
    }
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn rules(reference: &str) -> anyhow::Result<ExitCode> {
    let engine = crate::load_engine(reference)?;
    let pack = engine.pack();
    let width = pack.rules.iter().map(|r| r.id.len()).max().unwrap_or(10);
    let mut out = String::new();
    for r in &pack.rules {
        let _ = writeln!(
            out,
            "{:<width$}  {:<8} {:<24} {}",
            r.id, r.severity, pack.principles[r.principle].id, r.title
        );
    }
    let _ = writeln!(
        out,
        "\n{} rules in {} {}",
        pack.rules.len(),
        pack.meta.id,
        pack.meta.version
    );
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn rule(reference: &str, id: &str) -> anyhow::Result<ExitCode> {
    let engine = crate::load_engine(reference)?;
    let pack = engine.pack();
    let Some(r) = pack.rule_index(id) else {
        let close: Vec<&str> = pack
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .filter(|r| r.contains(id) || id.contains(*r))
            .collect();
        return Err(UserError(format!(
            "the pack `{}` has no rule `{id}`{}; `forethought rules` lists them",
            pack.meta.id,
            if close.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", close.join(", "))
            }
        ))
        .into());
    };
    let rule = &pack.rules[r];
    let principle = &pack.principles[rule.principle];
    let mut out = String::new();
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(out, "{} ({})\n", rule.title, rule.id);
    let _ = writeln!(out, "Severity:   {}", rule.severity);
    for sw in &rule.severity_when {
        let _ = writeln!(
            out,
            "            {} {}",
            sw.severity,
            ft_report::describe_when(pack, &sw.when)
        );
    }
    let reads: Vec<&str> = rule.applies_to.iter().map(|t| t.as_str()).collect();
    let _ = writeln!(
        out,
        "Applies:    {}; reads {}",
        ft_report::describe_when(pack, &rule.when),
        reads.join(", ")
    );
    let _ = writeln!(
        out,
        "Tags:       {}",
        rule.tags
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let detector = match &rule.detector {
        Detector::Terms(t) => {
            let lists: Vec<&str> = t.lists.iter().map(|&l| pack.lists[l].id.as_str()).collect();
            let mut s = format!("terms from {}", lists.join(", "));
            for n in &t.near {
                let near: Vec<&str> = n.lists.iter().map(|&l| pack.lists[l].id.as_str()).collect();
                let _ = write!(s, ", within {} words of {}", n.within, near.join(", "));
            }
            if t.evasion {
                s.push_str(", including disguised spellings");
            }
            s
        }
        Detector::Pattern(p) => format!("pattern {}", p.regex.as_str()),
        Detector::Entity(e) => format!(
            "entity {}{}",
            e.entity,
            if e.internal_only {
                " (internal only)"
            } else {
                ""
            }
        ),
        Detector::Metric(m) => format!("metric {}", m.measure),
        Detector::Absent(a) => {
            let lists: Vec<&str> = a.lists.iter().map(|&l| pack.lists[l].id.as_str()).collect();
            let mut s = format!("nothing from {}", lists.join(", "));
            if !a.if_present.is_empty() {
                let present: Vec<&str> = a
                    .if_present
                    .iter()
                    .map(|&l| pack.lists[l].id.as_str())
                    .collect();
                let _ = write!(s, ", when something from {} is there", present.join(", "));
            }
            s
        }
        Detector::Context(c) => match c.hours {
            Some((a, b)) => format!(
                "context: between {} and {}",
                a.format("%H:%M"),
                b.format("%H:%M")
            ),
            None => "context".to_string(),
        },
    };
    let _ = writeln!(out, "Looks for:  {detector}");
    let _ = writeln!(
        out,
        "Defined in: {}:{}\n",
        rule.origin.file, rule.origin.line
    );
    let _ = writeln!(
        out,
        "Principle: {} ({})\n  {}",
        principle.title,
        principle.id,
        flat(&principle.summary)
    );
    let mut source = principle.source.title.clone();
    if let Some(c) = &principle.source.clause {
        let _ = write!(source, ", {c}");
    }
    if let Some(u) = &principle.source.url {
        let _ = write!(source, " <{u}>");
    }
    let _ = writeln!(out, "  Source: {source}\n");
    let _ = writeln!(
        out,
        "Message: {}\nWhy:     {}\nInstead: {}",
        flat(&rule.message),
        flat(&rule.why),
        flat(&rule.suggest)
    );
    if !rule.ask.is_empty() {
        let _ = writeln!(
            out,
            "Ask:     {}",
            rule.ask
                .iter()
                .map(|&c| pack.contacts[c].name.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    let _ = writeln!(out, "\nExamples:");
    for e in &rule.examples {
        if e.flags.is_empty() {
            let _ = writeln!(out, "  ok      {:?}", e.text);
        } else {
            let _ = writeln!(out, "  flags   {:?} → {:?}", e.text, e.flags);
        }
    }
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

//! A pack rendered as a handbook staff can read: what the guidance asks and why, rule by rule,
//! with its examples. The pages in `docs/packs/` are generated from this, so the guidance people
//! read and the checks the tool makes never disagree.

use std::fmt::Write as _;

use ft_pack::{Detector, Pack, Rule, Severity, Target, When};

fn join<T: AsRef<str>>(items: &[T], sep: &str) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(sep)
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A context condition in words: "on official accounts, for politically restricted staff".
pub fn describe_when(pack: &Pack, when: &When) -> String {
    let mut parts = Vec::new();
    if let Some(a) = &when.accounts {
        let kinds: Vec<&str> = a.iter().map(|a| a.as_str()).collect();
        parts.push(format!("on {} accounts", join(&kinds, " or ")));
    }
    if let Some(r) = &when.roles {
        let roles: Vec<&str> = r.iter().map(|&i| pack.roles[i].title.as_str()).collect();
        parts.push(format!("for {}", join(&roles, " or ")));
    }
    if let Some(p) = &when.professions {
        let ps: Vec<&str> = p
            .iter()
            .map(|&i| pack.professions[i].title.as_str())
            .collect();
        parts.push(format!("for {}", join(&ps, " or ")));
    }
    if let Some(p) = &when.periods {
        let ps: Vec<&str> = p.iter().map(|&i| pack.periods[i].title.as_str()).collect();
        parts.push(format!("during {}", join(&ps, " or ")));
    }
    if let Some(p) = &when.platforms {
        let ps: Vec<&str> = p.iter().map(|p| p.display_name()).collect();
        parts.push(format!("on {}", join(&ps, " or ")));
    }
    if parts.is_empty() {
        "always".to_string()
    } else {
        parts.join(", ")
    }
}

fn looks_for(pack: &Pack, rule: &Rule) -> String {
    let list_names = |ids: &[usize]| -> String {
        let names: Vec<String> = ids
            .iter()
            .map(|&l| {
                let list = &pack.lists[l];
                if list.anonymous {
                    let mut words: Vec<&str> = list
                        .terms
                        .iter()
                        .chain(&list.cased)
                        .map(String::as_str)
                        .take(6)
                        .collect();
                    if list.terms.len() + list.cased.len() > 6 {
                        words.push("…");
                    }
                    format!("“{}”", words.join("”, “"))
                } else {
                    format!("the `{}` list", list.id)
                }
            })
            .collect();
        names.join(", ")
    };
    match &rule.detector {
        Detector::Terms(t) => {
            let mut s = format!("words from {}", list_names(&t.lists));
            for n in &t.near {
                let _ = write!(
                    s,
                    ", within {} words of words from {}",
                    n.within,
                    list_names(&n.lists)
                );
            }
            if t.evasion {
                s.push_str(", including disguised spellings");
            }
            s
        }
        Detector::Pattern(_) => "a pattern of characters".to_string(),
        Detector::Entity(e) => format!(
            "{}{}",
            e.entity,
            if e.internal_only {
                " (internal systems only)"
            } else {
                ""
            }
        ),
        Detector::Metric(m) => m.measure.to_string(),
        Detector::Context(c) => match c.hours {
            Some((a, b)) => format!(
                "posting between {} and {}",
                a.format("%H:%M"),
                b.format("%H:%M")
            ),
            None => "the context alone".to_string(),
        },
        Detector::Absent(a) => {
            let mut s = format!("nothing from {}", list_names(&a.lists));
            if !a.if_present.is_empty() {
                let _ = write!(
                    s,
                    " when there are words from {}",
                    list_names(&a.if_present)
                );
            }
            s
        }
    }
}

fn severity_line(pack: &Pack, rule: &Rule) -> String {
    let mut s = format!("**{}**", rule.severity);
    for sw in &rule.severity_when {
        let _ = write!(s, "; **{}** {}", sw.severity, describe_when(pack, &sw.when));
    }
    s
}

/// The handbook page of a pack, as Markdown.
pub fn render_handbook(pack: &Pack) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", pack.meta.name);
    let _ = writeln!(
        out,
        "<!-- Generated from the `{}` pack ({}) by `forethought pack doc {}`; edit the pack, not this page. -->\n",
        pack.meta.id, pack.meta.version, pack.meta.id
    );
    let _ = writeln!(out, "{}\n", flat(&pack.meta.description));
    if !pack.meta.extends.is_empty() {
        let _ = writeln!(
            out,
            "Builds on: {}. Their rules are listed here too.\n",
            join(&pack.meta.extends, ", ")
        );
    }
    let _ = writeln!(
        out,
        "This is advice, not a rulebook: Forethought points out what might read badly and why; you \
         decide. Severity runs note, advice, warning, serious.\n"
    );

    if !pack.roles.is_empty() || !pack.professions.is_empty() || !pack.periods.is_empty() {
        let _ = writeln!(out, "## Who and when\n");
        for role in &pack.roles {
            let _ = write!(out, "- Role **{}** (`{}`)", role.title, role.id);
            if let Some(d) = &role.description {
                let _ = write!(out, ": {}", flat(d));
            }
            let included: Vec<&str> = role
                .includes
                .iter()
                .map(|&i| pack.roles[i].title.as_str())
                .collect();
            if !included.is_empty() {
                let _ = write!(
                    out,
                    " Also covers what applies to: {}.",
                    join(&included, ", ")
                );
            }
            out.push('\n');
        }
        for p in &pack.professions {
            let _ = write!(out, "- Profession **{}** (`{}`)", p.title, p.id);
            if let Some(d) = &p.description {
                let _ = write!(out, ": {}", flat(d));
            }
            out.push('\n');
        }
        for p in &pack.periods {
            let _ = write!(out, "- Period **{}** (`{}`)", p.title, p.id);
            if let Some(d) = &p.description {
                let _ = write!(out, ": {}", flat(d));
            }
            let windows: Vec<String> = p
                .windows
                .iter()
                .map(|w| format!("{} to {}", bound(w.from), bound(w.to)))
                .collect();
            let _ = writeln!(out, " ({})", windows.join("; "));
        }
        out.push('\n');
    }

    if !pack.contacts.is_empty() {
        let _ = writeln!(out, "## Whom to ask\n");
        for c in &pack.contacts {
            match &c.reach {
                Some(r) => {
                    let _ = writeln!(out, "- {} ({r})", c.name);
                }
                None => {
                    let _ = writeln!(out, "- {}", c.name);
                }
            }
        }
        out.push('\n');
    }

    for (p, principle) in pack.principles.iter().enumerate() {
        let rules: Vec<&Rule> = pack.rules.iter().filter(|r| r.principle == p).collect();
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {}\n", principle.title);
        let _ = writeln!(out, "{}\n", flat(&principle.summary));
        let mut source = format!("Source: {}", principle.source.title);
        if let Some(c) = &principle.source.clause {
            let _ = write!(source, ", {c}");
        }
        if let Some(u) = &principle.source.url {
            let _ = write!(source, " <{u}>");
        }
        let _ = writeln!(out, "{source}\n");
        for rule in rules {
            render_rule(pack, rule, &mut out);
        }
    }
    out
}

fn bound(b: ft_pack::Bound) -> String {
    match b {
        ft_pack::Bound::Date(d) => d.to_string(),
        ft_pack::Bound::Local(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        ft_pack::Bound::Instant(i) => i.to_rfc3339(),
    }
}

fn render_rule(pack: &Pack, rule: &Rule, out: &mut String) {
    let _ = writeln!(out, "### {} (`{}`)\n", rule.title, rule.id);
    let org = pack.org_name();
    let fill = |t: &str| t.replace("{org}", org);
    let _ = writeln!(out, "{}\n", fill(&rule.why));
    let _ = writeln!(out, "**Instead:** {}\n", fill(&rule.suggest));
    let _ = writeln!(out, "- Severity: {}", severity_line(pack, rule));
    let applies = describe_when(pack, &rule.when);
    let reads: Vec<&str> = rule.applies_to.iter().map(|t| t.as_str()).collect();
    let reads = if rule.applies_to == [Target::Post] {
        "posts".to_string()
    } else {
        join(&reads, ", ")
    };
    let _ = writeln!(out, "- Applies: {applies}; reads {reads}");
    let _ = writeln!(out, "- Looks for: {}", looks_for(pack, rule));
    let tags: Vec<&str> = rule.tags.iter().map(|t| t.as_str()).collect();
    let _ = writeln!(out, "- Tags: {}", join(&tags, ", "));
    if !rule.ask.is_empty() {
        let who: Vec<&str> = rule
            .ask
            .iter()
            .map(|&c| pack.contacts[c].name.as_str())
            .collect();
        let _ = writeln!(out, "- Ask: {}", join(&who, "; "));
    }
    if !rule.examples.is_empty() {
        let _ = writeln!(out, "\nExamples:\n");
        for e in &rule.examples {
            let mut ctx = Vec::new();
            if let Some(a) = e.context.account {
                ctx.push(format!("{a} account"));
            }
            for &r in &e.context.roles {
                ctx.push(pack.roles[r].title.clone());
            }
            for &p in &e.context.professions {
                ctx.push(pack.professions[p].title.clone());
            }
            if let Some(at) = e.context.at {
                ctx.push(format!("at {}", at.format("%H:%M")));
            }
            if let Some(p) = e.context.platform {
                ctx.push(format!("on {}", p.display_name()));
            }
            if e.field != Target::Post {
                ctx.push(format!("as a {}", e.field));
            }
            let ctx = if ctx.is_empty() {
                String::new()
            } else {
                format!(" ({})", ctx.join(", "))
            };
            let text = e.text.replace('\n', " ");
            if e.flags.is_empty() {
                let _ = writeln!(out, "- Fine{ctx}: “{text}”");
            } else {
                let flagged: Vec<String> = e
                    .flags
                    .iter()
                    .map(|f| {
                        if f.is_empty() {
                            "the whole post".to_string()
                        } else {
                            format!("“{f}”")
                        }
                    })
                    .collect();
                let severity = e
                    .severity
                    .map(|s: Severity| format!(", {s}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "- Flags {}{ctx}{severity}: “{text}”",
                    flagged.join(", ")
                );
            }
        }
    }
    out.push('\n');
}

//! The pack as the pages need it: the context pickers' choices (`/api/v1/pack`), the rules
//! (`/api/v1/rules`), the handbook (`/api/v1/handbook`) and the shipped packs
//! (`/api/v1/packs`). All of it comes from the compiled pack, so the guidance people read and the
//! checks the tool makes never disagree; it is serialised once, when the server starts.

use axum::body::Bytes;
use ft_engine::Verdict;
use ft_pack::{AccountKind, Bound, LengthUnit, Pack, Platform, Rule, Severity, Target};
use ft_report::{describe_when, verdict_phrase};
use serde::Serialize;

/// The pack's JSON documents, serialised once.
pub(crate) struct Catalogue {
    pub(crate) pack: Bytes,
    pub(crate) rules: Bytes,
    pub(crate) handbook: Bytes,
    pub(crate) handbook_markdown: Bytes,
}

impl Catalogue {
    pub(crate) fn new(pack: &Pack, reference: &str) -> Self {
        let to_bytes = |v: serde_json::Value| Bytes::from(v.to_string());
        Self {
            pack: to_bytes(pack_json(pack, reference)),
            rules: to_bytes(serde_json::json!({
                "pack": pack.meta.id,
                "rules": pack.rules.iter().map(|r| rule_summary(pack, r)).collect::<Vec<_>>(),
            })),
            handbook: to_bytes(handbook_json(pack)),
            handbook_markdown: Bytes::from(ft_report::render_handbook(pack)),
        }
    }
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with the pack's hard line breaks undone, keeping blank lines as paragraph breaks.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(flat)
        .filter(|p| !p.is_empty())
        .collect()
}

fn account_description(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Personal => "Your own account, as a private citizen.",
        AccountKind::Professional => {
            "Your own account, used in your professional capacity: your job is in the bio, or you \
             post about your field."
        }
        AccountKind::Official => "An account of the organisation, or one that speaks for it.",
    }
}

fn account_title(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Personal => "Personal",
        AccountKind::Professional => "Professional",
        AccountKind::Official => "Official",
    }
}

fn length_unit(unit: LengthUnit) -> &'static str {
    match unit {
        LengthUnit::Characters => "characters",
        LengthUnit::CharactersLinks23 => "characters-links-23",
        LengthUnit::Graphemes => "graphemes",
        LengthUnit::XWeighted => "x-weighted",
    }
}

fn bound(b: Bound) -> String {
    match b {
        Bound::Date(d) => d.to_string(),
        Bound::Local(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        Bound::Instant(i) => i.to_rfc3339(),
    }
}

/// `/api/v1/pack`: what the context pickers offer.
fn pack_json(pack: &Pack, reference: &str) -> serde_json::Value {
    let verdicts: serde_json::Map<String, serde_json::Value> = std::iter::once(Verdict::Clear)
        .chain(Severity::ALL.iter().map(|&s| Verdict::At(s)))
        .map(|v| (v.as_str().to_string(), verdict_phrase(v).into()))
        .collect();
    serde_json::json!({
        "reference": reference,
        "id": pack.meta.id,
        "name": pack.meta.name,
        "version": pack.meta.version,
        "language": pack.meta.language,
        "description": flat(&pack.meta.description),
        "extends": pack.meta.extends,
        "organisation": pack.organisation.as_ref().and_then(|o| o.name.clone()),
        "account_kinds": AccountKind::ALL.iter().map(|&k| serde_json::json!({
            "id": k.as_str(),
            "title": account_title(k),
            "description": account_description(k),
        })).collect::<Vec<_>>(),
        "roles": pack.roles.iter().map(|r| serde_json::json!({
            "id": r.id,
            "title": r.title,
            "description": r.description.as_deref().map(flat),
            "includes": r.includes.iter().map(|&i| pack.roles[i].id.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "professions": pack.professions.iter().map(|p| serde_json::json!({
            "id": p.id,
            "title": p.title,
            "description": p.description.as_deref().map(flat),
        })).collect::<Vec<_>>(),
        "periods": pack.periods.iter().map(|p| serde_json::json!({
            "id": p.id,
            "title": p.title,
            "description": p.description.as_deref().map(flat),
            "windows": p.windows.iter().map(|w| serde_json::json!({
                "from": bound(w.from),
                "to": bound(w.to),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "platforms": Platform::ALL.iter().map(|&p| serde_json::json!({
            "id": p.as_str(),
            "name": p.display_name(),
            "limit": p.length_limit(),
            "unit": length_unit(p.length_unit()),
        })).collect::<Vec<_>>(),
        "severities": Severity::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "verdicts": verdicts,
        "defaults": {"account": AccountKind::Personal.as_str()},
    })
}

#[derive(Serialize)]
struct SourceJson<'a> {
    title: &'a str,
    clause: Option<&'a str>,
    url: Option<&'a str>,
}

fn source(pack: &Pack, principle: usize) -> SourceJson<'_> {
    let s = &pack.principles[principle].source;
    SourceJson {
        title: &s.title,
        clause: s.clause.as_deref(),
        url: s.url.as_deref(),
    }
}

fn reads(rule: &Rule) -> Vec<&'static str> {
    rule.applies_to.iter().map(|t| t.as_str()).collect()
}

/// One rule, as `/api/v1/rules` lists it.
fn rule_summary(pack: &Pack, rule: &Rule) -> serde_json::Value {
    let principle = &pack.principles[rule.principle];
    serde_json::json!({
        "id": rule.id,
        "title": rule.title,
        "principle": {"id": principle.id, "title": principle.title},
        "severity": rule.severity.as_str(),
        "severity_when": rule.severity_when.iter().map(|sw| serde_json::json!({
            "severity": sw.severity.as_str(),
            "when": describe_when(pack, &sw.when),
        })).collect::<Vec<_>>(),
        "applies": describe_when(pack, &rule.when),
        "reads": reads(rule),
        "tags": rule.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "source": source(pack, rule.principle),
    })
}

/// The context of a rule's example, in words ("professional account, Politically restricted").
fn example_context(pack: &Pack, e: &ft_pack::Example) -> Vec<String> {
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
    ctx
}

/// One rule, as the handbook shows it.
fn handbook_rule(pack: &Pack, rule: &Rule) -> serde_json::Value {
    let org = pack.org_name();
    let fill = |t: &str| t.replace("{org}", org);
    serde_json::json!({
        "id": rule.id,
        "title": rule.title,
        "why": paragraphs(&fill(&rule.why)),
        "suggestion": flat(&fill(&rule.suggest)),
        "severity": rule.severity.as_str(),
        "severity_when": rule.severity_when.iter().map(|sw| serde_json::json!({
            "severity": sw.severity.as_str(),
            "when": describe_when(pack, &sw.when),
        })).collect::<Vec<_>>(),
        "applies": describe_when(pack, &rule.when),
        "reads": reads(rule),
        "tags": rule.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "ask": rule.ask.iter().map(|&c| pack.contacts[c].name.as_str()).collect::<Vec<_>>(),
        "examples": rule.examples.iter().map(|e| serde_json::json!({
            "text": e.text,
            "context": example_context(pack, e),
            "flags": e.flags,
            "severity": e.severity.map(|s| s.as_str()),
        })).collect::<Vec<_>>(),
    })
}

/// `/api/v1/handbook`: the pack as a handbook, principle by principle.
fn handbook_json(pack: &Pack) -> serde_json::Value {
    let principles: Vec<serde_json::Value> = pack
        .principles
        .iter()
        .enumerate()
        .filter_map(|(p, principle)| {
            let rules: Vec<serde_json::Value> = pack
                .rules
                .iter()
                .filter(|r| r.principle == p)
                .map(|r| handbook_rule(pack, r))
                .collect();
            if rules.is_empty() {
                return None;
            }
            Some(serde_json::json!({
                "id": principle.id,
                "title": principle.title,
                "summary": paragraphs(&principle.summary),
                "source": source(pack, p),
                "rules": rules,
            }))
        })
        .collect();
    serde_json::json!({
        "pack": {
            "id": pack.meta.id,
            "name": pack.meta.name,
            "version": pack.meta.version,
            "description": paragraphs(&pack.meta.description),
            "extends": pack.meta.extends,
        },
        "organisation": pack.organisation.as_ref().and_then(|o| o.name.clone()),
        "roles": pack.roles.iter().map(|r| serde_json::json!({
            "id": r.id,
            "title": r.title,
            "description": r.description.as_deref().map(flat),
            "includes": r.includes.iter().map(|&i| pack.roles[i].title.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "professions": pack.professions.iter().map(|p| serde_json::json!({
            "id": p.id,
            "title": p.title,
            "description": p.description.as_deref().map(flat),
        })).collect::<Vec<_>>(),
        "periods": pack.periods.iter().map(|p| serde_json::json!({
            "id": p.id,
            "title": p.title,
            "description": p.description.as_deref().map(flat),
            "windows": p.windows.iter().map(|w| format!("{} to {}", bound(w.from), bound(w.to))).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "contacts": pack.contacts.iter().map(|c| serde_json::json!({
            "id": c.id,
            "name": c.name,
            "reach": c.reach,
        })).collect::<Vec<_>>(),
        "principles": principles,
    })
}

/// `/api/v1/packs`: the packs that ship with Forethought, and the one in use.
pub(crate) fn packs_json(current: &Pack, reference: &str) -> Bytes {
    let shipped: Vec<serde_json::Value> = ft_packs::SHIPPED
        .iter()
        .map(|shipped| match ft_packs::load(shipped.name) {
            Ok(p) => serde_json::json!({
                "name": shipped.name,
                "id": p.meta.id,
                "title": p.meta.name,
                "version": p.meta.version,
                "description": flat(&p.meta.description),
                "rules": p.rules.len(),
                "current": p.meta.id == current.meta.id,
            }),
            Err(_) => serde_json::json!({
                "name": shipped.name,
                "id": shipped.name,
                "title": shipped.name,
                "version": null,
                "description": "This pack does not load; run `forethought pack check` on it.",
                "rules": 0,
                "current": false,
            }),
        })
        .collect();
    let value = serde_json::json!({
        "current": {
            "reference": reference,
            "id": current.meta.id,
            "name": current.meta.name,
            "version": current.meta.version,
        },
        "default": ft_packs::DEFAULT_PACK,
        "shipped": shipped,
    });
    Bytes::from(value.to_string())
}

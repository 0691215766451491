//! The entity detector tables: `testdata/entities/<entity>.toml`, one per built-in entity, each
//! a list of texts with the substrings the entity's detector must find (none, for look-alikes).
//!
//! Every table is checked through a one-rule pack and the whole engine (context words and the
//! default minimum confidence included), and all failures are reported together.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ft_engine::{Context, Engine, default_example_time, entity_docs};
use ft_pack::Entity;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde::Deserialize;

/// One table file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    entity: String,
    /// The organisation's internal domains (for `url`).
    #[serde(default)]
    internal_domains: Vec<String>,
    #[serde(default, rename = "case")]
    cases: Vec<Case>,
}

/// One text and what must be found in it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    /// The matched substrings, in order; empty for a look-alike.
    matches: Vec<String>,
    /// Set `internal_only` on the rule (for `url`).
    #[serde(default)]
    internal_only: bool,
}

fn tables_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/entities")
}

fn table_path(entity: Entity) -> PathBuf {
    tables_dir().join(format!("{}.toml", entity.as_str()))
}

fn load_table(entity: Entity) -> Result<Table, String> {
    let path = table_path(entity);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let table: Table =
        toml::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    if table.entity != entity.as_str() {
        return Err(format!(
            "{} says `entity = \"{}\"`, expected \"{}\"",
            path.display(),
            table.entity,
            entity.as_str()
        ));
    }
    Ok(table)
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A pack with one rule detecting `entity`.
fn pack_text(entity: Entity, internal_domains: &[String], internal_only: bool) -> String {
    let domains: Vec<String> = internal_domains.iter().map(|d| quoted(d)).collect();
    let mut text = pack_header(&domains.join(", "));
    text.push_str(&rule_text("found-entity", entity, internal_only));
    text
}

/// The pack, organisation and principle tables of a test pack.
fn pack_header(domains: &str) -> String {
    format!(
        r#"[pack]
id = "entity-test"
name = "Entity test"
version = "0.0.0"
language = "en-GB"
description = "One rule per entity."

[organisation]
name = "Example"
internal_domains = [{domains}]

[[principle]]
id = "privacy"
title = "Privacy"
summary = "Keep personal data private."
source = {{ title = "Test" }}
"#
    )
}

/// A rule detecting `entity`.
fn rule_text(id: &str, entity: Entity, internal_only: bool) -> String {
    format!(
        r#"
[[rule]]
id = "{id}"
title = "Entity found"
principle = "privacy"
tags = ["personal-data"]
severity = "warning"
message = "Found {{matched}}."
why = "Test."
suggest = "Remove it."

[rule.detect.entity]
name = "{entity}"
{only}"#,
        entity = entity.as_str(),
        only = if internal_only {
            "internal_only = true\n"
        } else {
            ""
        },
    )
}

fn engine_for(
    entity: Entity,
    internal_domains: &[String],
    internal_only: bool,
) -> Result<Engine, String> {
    let text = pack_text(entity, internal_domains, internal_only);
    let pack = ft_pack::load_pack_str("test.toml", &text)
        .map_err(|e| format!("the test pack for {entity} does not load: {e:?}"))?;
    Engine::new(pack).map_err(|e| format!("the test pack for {entity} does not compile: {e}"))
}

/// Run every case of `entity`'s table; push a description of each failure.
fn run_table(entity: Entity, failures: &mut Vec<String>) {
    let table = match load_table(entity) {
        Ok(t) => t,
        Err(e) => {
            failures.push(e);
            return;
        }
    };
    // One engine per setting of `internal_only`, built when first needed.
    let mut engines: [Option<Engine>; 2] = [None, None];
    for case in &table.cases {
        let slot = &mut engines[usize::from(case.internal_only)];
        if slot.is_none() {
            match engine_for(entity, &table.internal_domains, case.internal_only) {
                Ok(engine) => *slot = Some(engine),
                Err(e) => {
                    failures.push(e);
                    return;
                }
            }
        }
        let Some(engine) = slot.as_ref() else { return };
        let context = match engine.resolve(&Context::personal_at(default_example_time())) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{entity}: cannot resolve the context: {e}"));
                return;
            }
        };
        let report = engine.check(&case.text, &context);
        let actual: Vec<&str> = report
            .findings
            .iter()
            .map(|f| {
                f.span
                    .slice(&case.text)
                    .unwrap_or("<span not on a char boundary>")
            })
            .collect();
        if actual != case.matches {
            failures.push(format!(
                "{entity}.toml, case {:?}\n      text:     {:?}\n      expected: {:?}\n      actual:   {:?}",
                case.name, case.text, case.matches, actual
            ));
        }
    }
}

#[test]
fn entity_tables() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for &entity in Entity::ALL {
        cases += load_table(entity).map_or(0, |t| t.cases.len());
        run_table(entity, &mut failures);
    }
    let mut message = String::new();
    for f in &failures {
        let _ = writeln!(message, "  - {f}");
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} entity table cases failed:\n{message}",
        failures.len()
    );
}

#[test]
fn every_entity_has_a_table_and_docs() {
    let mut problems = Vec::new();
    for &entity in Entity::ALL {
        match load_table(entity) {
            Err(e) => problems.push(e),
            Ok(table) => {
                let positive = table.cases.iter().filter(|c| !c.matches.is_empty()).count();
                let negative = table.cases.len() - positive;
                if table.cases.len() < 12 || positive < 1 || negative < 5 {
                    problems.push(format!(
                        "{entity}.toml has {} cases ({positive} that match, {negative} look-alikes); \
                         it needs at least 12, with at least 1 match and 5 look-alikes",
                        table.cases.len()
                    ));
                }
                let mut names: Vec<&str> = table.cases.iter().map(|c| c.name.as_str()).collect();
                names.sort_unstable();
                if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
                    problems.push(format!("{entity}.toml has two cases named {:?}", w[0]));
                }
                if table.cases.iter().any(|c| c.name.trim().is_empty()) {
                    problems.push(format!("{entity}.toml has a case without a name"));
                }
            }
        }
    }

    let docs = entity_docs();
    let documented: Vec<Entity> = docs.iter().map(|d| d.entity).collect();
    if documented != Entity::ALL {
        problems.push(format!(
            "entity_docs() covers {documented:?}, expected {:?}",
            Entity::ALL
        ));
    }
    for doc in &docs {
        if doc.description.trim().is_empty() {
            problems.push(format!("{} has no description", doc.entity));
        }
        if doc.context_words.is_empty() || doc.context_words.iter().any(|w| w.trim().is_empty()) {
            problems.push(format!(
                "{} has no context words, or an empty one",
                doc.entity
            ));
        }
        if doc.context_words.iter().any(|w| *w != w.to_lowercase()) {
            problems.push(format!("{}: context words must be lower case", doc.entity));
        }
    }
    assert!(
        problems.is_empty(),
        "problems:\n  - {}",
        problems.join("\n  - ")
    );
}

/// An engine with one rule per entity, all at the default minimum confidence.
fn all_entities_engine() -> Result<Engine, String> {
    let mut text = pack_header("\"intranet.example.org\"");
    for &entity in Entity::ALL {
        text.push_str(&rule_text(&format!("found-{entity}"), entity, false));
    }
    let pack = ft_pack::load_pack_str("test.toml", &text)
        .map_err(|e| format!("the all-entities pack does not load: {e:?}"))?;
    Engine::new(pack).map_err(|e| format!("the all-entities pack does not compile: {e}"))
}

#[test]
fn detectors_never_panic_and_spans_are_char_boundaries() {
    let engine = match all_entities_engine() {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    let context = match engine.resolve(&Context::personal_at(default_example_time())) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    // Text made mostly of the characters identifiers are written with, and any text at all.
    let strategy = prop_oneof![
        "[0-9A-Fa-fGIMNOQRSWZ +().,:/£@#é\\-]{0,80}",
        "([0-9]{1,5}[ .:/\\-]?){0,12}",
        any::<String>(),
    ];
    let mut runner = TestRunner::default();
    let result = runner.run(&strategy, |text| {
        let report = engine.check(&text, &context);
        for f in &report.findings {
            prop_assert!(f.span.slice(&text).is_some(), "{:?} in {text:?}", f.span);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // Long runs of digits and separators stay fast and find nothing odd.
    for text in [
        "1 ".repeat(20_000),
        "0".repeat(50_000),
        "07700 900123 ".repeat(2_000),
        "1.".repeat(20_000),
        "a:".repeat(20_000),
        "GB82 ".repeat(10_000),
        "(0)".repeat(10_000),
    ] {
        let report = engine.check(&text, &context);
        for f in &report.findings {
            assert!(f.span.slice(&text).is_some());
        }
        if text.starts_with("07700") {
            assert_eq!(report.findings.len(), 2_000, "one phone number per repeat");
        }
    }
}

//! Loading packs: what a good pack resolves to, and every kind of mistake reported with its
//! position, all at once.

use ft_pack::{Detector, MemorySource, Severity, load_pack, load_pack_str};

const HEAD: &str = r#"
[pack]
id = "test"
name = "Test"
version = "1.0.0"
language = "en-GB"
description = "A test pack."

[[principle]]
id = "privacy"
title = "Privacy"
summary = "Keep data private."
source = { title = "Guide", clause = "1.2", url = "https://example.org/guide" }

[[contact]]
id = "dpo"
name = "the data protection officer"

[[role]]
id = "staff"
title = "Staff"

[[role]]
id = "senior"
title = "Senior staff"
includes = ["staff"]

[[list]]
id = "words"
terms = ["secret plan"]
"#;

fn rule(extra: &str) -> String {
    format!(
        r#"{HEAD}
[[rule]]
id = "a-rule"
title = "A rule"
principle = "privacy"
tags = ["confidentiality"]
severity = "warning"
message = "Found {{matched}}."
why = "Because."
suggest = "Don't."
ask = ["dpo"]
{extra}
"#
    )
}

fn errors(text: &str) -> Vec<String> {
    match load_pack_str("test.toml", text) {
        Ok(_) => Vec::new(),
        Err(e) => e.errors().iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_good_pack_resolves() {
    let text = rule("detect.terms = { lists = [\"words\"] }\nwhen = { role = [\"staff\"] }");
    let pack = load_pack_str("test.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pack.rules.len(), 1);
    let r = &pack.rules[0];
    assert_eq!(r.severity, Severity::Warning);
    assert_eq!(r.when.roles, Some(vec![0]));
    assert_eq!(r.ask, vec![0]);
    assert_eq!(r.origin.line, 33);
    assert!(matches!(&r.detector, Detector::Terms(t) if t.lists == vec![0]));
    // A senior role implies the staff role.
    assert_eq!(pack.roles[1].implied, vec![0, 1]);
}

#[test]
fn every_error_is_reported_with_position_and_item() {
    let text = format!(
        "{}\n{}",
        rule("sevrity = \"warning\"\ndetect.terms = { lists = [\"wrods\"] }"),
        r#"
[[rule]]
id = "Bad_Id"
title = "Another"
principle = "nope"
tags = ["political"]
severity = "warning"
message = "A {placeholder}."
why = "Because."
suggest = "Don't."
detect.pattern = { regex = "(unclosed" }

[[rule]]
id = "third"
title = "Third"
principle = "privacy"
tags = ["political"]
severity = "loud"
message = "m"
why = "w"
suggest = "s"
detect.context = {}
"#
    );
    insta::assert_snapshot!(errors(&text).join("\n"), @r"
    test.toml:42:1: rule `a-rule`: unknown field `sevrity`, expected one of `id`, `title`, `principle`, `tags`, `severity`, `applies_to`, `severity_when`, `when`, `min_confidence`, `detect`, `message`, `why`, `suggest`, `ask`, `example`
    test.toml:62:12: rule `third`: unknown variant `loud`, expected one of `note`, `advice`, `warning`, `serious`
    ");
}

#[test]
fn reference_and_semantic_errors_are_reported_together() {
    let text = format!(
        "{}\n{}",
        rule("detect.terms = { lists = [\"wrods\"] }\nwhen = { role = [\"boss\"] }"),
        r#"
[[rule]]
id = "Bad_Id"
title = "Another"
principle = "nope"
tags = ["political"]
severity = "warning"
message = "A {placeholder}."
why = "Because."
suggest = "Don't."
detect.pattern = { regex = "(unclosed" }

[[rule]]
id = "a-rule"
title = "Duplicate"
principle = "privacy"
tags = ["political"]
severity = "note"
message = "m"
why = "w"
suggest = "s"
detect.pattern = { regex = "x*" }
  [[rule.example]]
  text = "abc"
  flags = ["zzz"]
"#
    );
    insta::assert_snapshot!(errors(&text).join("\n"), @r"
    test.toml:42:27: rule `a-rule`: unknown list `wrods`
    test.toml:43:18: rule `a-rule`: unknown role `boss`
    test.toml:47:6: rule `Bad_Id`: ids must be kebab-case: lower-case letters and digits joined by single hyphens, at most 64 characters
    test.toml:47:6: rule `Bad_Id`: `message` has an unknown placeholder `{placeholder}`; the placeholders are {matched}, {org}, {platform}, {limit}, {period}
    test.toml:49:13: rule `Bad_Id`: unknown principle `nope`
    test.toml:55:28: rule `Bad_Id`: invalid regex: error: unclosed group
    test.toml:58:6: rule `a-rule`: duplicate rule id `a-rule` in this file
    ");
}

#[test]
fn invalid_regex_and_unknown_principle_and_placeholder() {
    let text = format!(
        "{HEAD}\n{}",
        r#"
[[rule]]
id = "bad-regex"
title = "Another"
principle = "nope"
tags = ["political"]
severity = "warning"
message = "A {placeholder}."
why = "Because."
suggest = "Don't."
detect.pattern = { regex = "(unclosed" }
"#
    );
    insta::assert_snapshot!(errors(&text).join("\n"), @r"
    test.toml:34:6: rule `bad-regex`: `message` has an unknown placeholder `{placeholder}`; the placeholders are {matched}, {org}, {platform}, {limit}, {period}
    test.toml:36:13: rule `bad-regex`: unknown principle `nope`
    test.toml:42:28: rule `bad-regex`: invalid regex: error: unclosed group
    ");
}

#[test]
fn oversized_and_catastrophic_regexes_are_refused() {
    let long = format!("detect.pattern = {{ regex = \"{}\" }}", "a".repeat(5000));
    assert!(errors(&rule(&long))[0].contains("longer than 4096 bytes"));
    let huge = r#"detect.pattern = { regex = "\\w{1000}\\w{1000}\\w{1000}" }"#;
    let e = errors(&rule(huge));
    assert!(e[0].contains("compiles to more than"), "{e:?}");
}

#[test]
fn syntax_errors_have_positions() {
    let e = errors("[pack]\nid = \"x\"\nname = \n");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("test.toml:3:"), "{e:?}");
}

#[test]
fn unknown_top_level_tables_are_errors() {
    let e = errors(&format!("{HEAD}\n[[rules]]\nid = \"x\"\n"));
    assert_eq!(
        e,
        vec![
            "test.toml:32:3: unknown table `rules`; a pack has: pack, organisation, contact, principle, role, profession, period, list, rule"
        ]
    );
}

#[test]
fn missing_pack_table_is_an_error() {
    assert_eq!(
        errors(
            "[[principle]]\nid = \"x\"\ntitle = \"t\"\nsummary = \"s\"\nsource = { title = \"t\" }\n"
        ),
        vec!["test.toml:1:1: missing the `[pack]` table"]
    );
}

#[test]
fn extends_merges_overrides_and_disables() {
    let base = rule("detect.terms = { lists = [\"words\"] }");
    let child = r#"
[pack]
id = "child"
name = "Child"
version = "1.0.0"
language = "en-GB"
description = "Extends the test pack."
extends = ["base"]
disable = ["a-rule"]

[organisation]
name = "Example Council"
internal_domains = ["Intranet.Example.gov.uk"]

[[contact]]
id = "dpo"
name = "Jo, our DPO"
reach = "dpo@example.gov.uk"

[[rule]]
id = "second"
title = "Second"
principle = "privacy"
tags = ["security"]
severity = "advice"
message = "m"
why = "w"
suggest = "s"
ask = ["dpo"]
detect.entity = { name = "url", internal_only = true }
"#;
    let source = MemorySource::new().with("base", base).with("child", child);
    let pack = load_pack("child", &source).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pack.meta.id, "child");
    assert_eq!(pack.meta.extends, vec!["test".to_string()]);
    assert_eq!(
        pack.rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["second"]
    );
    assert_eq!(pack.contacts.len(), 1);
    assert_eq!(pack.contacts[0].name, "Jo, our DPO");
    assert_eq!(
        pack.overrides,
        vec![ft_pack::Override {
            kind: "contact".into(),
            id: "dpo".into(),
            by: "child".into(),
            replaces: "test".into(),
        }]
    );
    assert_eq!(pack.org_name(), "Example Council");
    let org = pack
        .organisation
        .as_ref()
        .map(|o| o.internal_domains.clone());
    assert_eq!(org, Some(vec!["intranet.example.gov.uk".to_string()]));
}

#[test]
fn extends_cycles_and_missing_packs_are_errors() {
    let a = "[pack]\nid = \"a\"\nname = \"A\"\nversion = \"1\"\nlanguage = \"en\"\ndescription = \"d\"\nextends = [\"b\"]\n";
    let b = "[pack]\nid = \"b\"\nname = \"B\"\nversion = \"1\"\nlanguage = \"en\"\ndescription = \"d\"\nextends = [\"a\", \"missing\"]\n";
    let source = MemorySource::new().with("a", a).with("b", b);
    let e = load_pack("a", &source)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("b:7:12: `a` extends itself"), "{e}");
    assert!(e.contains("b:7:17: no pack named `missing`"), "{e}");
}

#[test]
fn periods_windows_and_hours() {
    let text = format!(
        "{HEAD}\n{}",
        r#"
[[period]]
id = "pre-election"
title = "Pre-election period"
windows = [ { from = 2026-03-23, to = 2026-05-07 }, { from = 2027-05-01, to = 2027-04-01 } ]

[[rule]]
id = "late"
title = "Late"
principle = "privacy"
tags = ["timing"]
severity = "note"
message = "m"
why = "w"
suggest = "s"
when = { period = ["pre-election"] }
detect.context = { hours = { from = "23:00", to = "5am" } }
"#
    );
    insta::assert_snapshot!(errors(&text).join("\n"), @r"
    test.toml:36:62: period `pre-election`: the window ends before it starts
    test.toml:48:51: rule `late`: expected a time as HH:MM, found `5am`
    ");
}

#[test]
fn terms_must_have_something_to_match() {
    let e = errors(&rule("detect.terms = { terms = [\"  \", \"!!\", \"🌹\"] }"));
    assert_eq!(
        e.len(),
        2,
        "an emoji is a term, blank and punctuation are not: {e:?}"
    );
    assert!(e[0].contains("has no letters, digits or symbols"));
}

#[test]
fn metric_options_must_fit_the_measure() {
    let e = errors(&rule(
        "detect.metric = { measure = \"over-length\", min_run = 2 }",
    ));
    assert_eq!(
        e,
        vec!["test.toml:33:6: rule `a-rule`: `min_run` does not apply to the `over-length` metric"]
    );
}

#[test]
fn the_schema_names_every_table() {
    let schema = ft_pack::json_schema();
    for key in [
        "\"pack\"",
        "\"rule\"",
        "\"severity_when\"",
        "\"near\"",
        "\"internal_only\"",
    ] {
        assert!(schema.contains(key), "schema lacks {key}");
    }
}

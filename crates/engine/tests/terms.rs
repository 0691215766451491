//! Term matching, table-driven: whole words, case, hashtags and mentions, exceptions, nearness,
//! disguised spellings, and overlap resolution.

use ft_engine::{Context, Engine, default_example_time};

const PACK: &str = r#"
[pack]
id = "terms-test"
name = "Terms test"
version = "0"
language = "en-GB"
description = "Term matching semantics."

[[principle]]
id = "p"
title = "P"
summary = "S"
source = { title = "T" }

[[principle]]
id = "q"
title = "Q"
summary = "S"
source = { title = "T" }

[[list]]
id = "parties"
cased = ["Labour", "Reform UK", "Green Party"]
terms = ["tories", "lib dems"]
unless = ["labour ward", "labour market"]

[[list]]
id = "cues"
terms = ["vote", "support"]

[[rule]]
id = "party"
title = "Party"
principle = "p"
tags = ["political"]
severity = "note"
message = "m"
why = "w"
suggest = "s"
detect.terms = { lists = ["parties"] }

[[rule]]
id = "support"
title = "Support"
principle = "p"
tags = ["partisan"]
severity = "warning"
message = "m"
why = "w"
suggest = "s"
detect.terms = { lists = ["parties"], near = { lists = ["cues"], within = 3 } }

[[rule]]
id = "swear"
title = "Swear"
principle = "q"
tags = ["profanity"]
severity = "advice"
message = "m"
why = "w"
suggest = "s"
detect.terms = { terms = ["shit", "bloody hell"], evasion = true, unless = ["holy shit batman"] }
"#;

fn flagged(text: &str) -> Vec<(String, String)> {
    let pack = ft_pack::load_pack_str("terms.toml", PACK).unwrap_or_else(|e| panic!("{e}"));
    let engine = Engine::new(pack).unwrap_or_else(|e| panic!("{e}"));
    let ctx = engine
        .resolve(&Context::personal_at(default_example_time()))
        .unwrap_or_else(|e| panic!("{e}"));
    engine
        .check(text, &ctx)
        .findings
        .iter()
        .map(|f| {
            (
                engine.pack().rules[f.rule].id.clone(),
                f.span.slice(text).unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn table() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        // Case-sensitive terms.
        ("Labour did well", &[("party", "Labour")]),
        ("hard labour", &[]),
        ("LABOUR", &[]),
        // Whole words only.
        ("Labourers and tories", &[("party", "tories")]),
        ("Toriesque", &[]),
        // Exceptions cancel overlapping matches only.
        (
            "Labour ward closed, Labour to blame",
            &[("party", "Labour")],
        ),
        ("The labour market", &[]),
        // Hashtags and mentions: camel case split, joined variants, case relaxed.
        ("#VoteLabour", &[("support", "Labour")]),
        ("#labour", &[("party", "labour")]),
        ("#LibDems rule", &[("party", "LibDems")]),
        ("#libdems", &[("party", "libdems")]),
        ("libdems", &[]),
        ("@ReformUK", &[("party", "ReformUK")]),
        // Nearness: same sentence, within three words, either order; the higher severity wins
        // the overlap because both rules share a principle.
        ("I will vote Labour", &[("support", "Labour")]),
        ("Labour, I will vote for", &[("support", "Labour")]),
        ("Labour. I vote", &[("party", "Labour")]),
        (
            "Labour is, it seems to me, worth a vote",
            &[("party", "Labour")],
        ),
        // Disguised spellings, for rules that opt in.
        ("sh1t", &[("swear", "sh1t")]),
        ("s h i t", &[("swear", "s h i t")]),
        ("$hit happens", &[("swear", "$hit")]),
        ("bl00dy hell", &[("swear", "bl00dy hell")]),
        ("holy shit batman", &[]),
        ("shiitake", &[]),
        // A digit elsewhere makes an evasion view, but a word that is not disguised keeps its
        // case check: "Reform" is not the cased party name "Reform UK", "Labour" in "labour"
        // stays unmatched.
        ("labour costs rose 10x in 2020s", &[]),
        // Different principles never suppress each other.
        ("Tories, shit", &[("party", "Tories"), ("swear", "shit")]),
        // Normalisation: confusables, zero-width characters, full width.
        ("Vote Lаbour", &[("support", "Lаbour")]),
        ("vote La\u{200B}bour", &[("support", "La\u{200B}bour")]),
        ("ｔｏｒｉｅｓ", &[("party", "ｔｏｒｉｅｓ")]),
    ];
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let actual = flagged(text);
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(r, m)| (r.to_string(), m.to_string()))
            .collect();
        if actual != expected {
            failures.push(format!(
                "{text:?}\n  expected {expected:?}\n  actual   {actual:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn and_near_needs_both_conditions() {
    let pack = ft_pack::load_pack_str(
        "and-near.toml",
        r#"
[pack]
id = "and-near"
name = "And near"
version = "0"
language = "en-GB"
description = "Two nearness conditions."

[[principle]]
id = "p"
title = "P"
summary = "S"
source = { title = "T" }

[[rule]]
id = "identifiable-patient"
title = "Identifiable patient"
principle = "p"
tags = ["client-data"]
severity = "warning"
message = "m"
why = "w"
suggest = "s"
detect.terms = { terms = ["patient"], near = { terms = ["dementia", "overdose"], within = 6 }, and_near = { terms = ["bed 4", "bay 2", "ward 7"], within = 6 } }
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let engine = Engine::new(pack).unwrap_or_else(|e| panic!("{e}"));
    let ctx = engine
        .resolve(&Context::personal_at(default_example_time()))
        .unwrap_or_else(|e| panic!("{e}"));
    let count = |t: &str| engine.check(t, &ctx).findings.len();
    assert_eq!(count("The patient in bed 4 with dementia kept us busy"), 1);
    assert_eq!(count("The patient with dementia kept us busy"), 0);
    assert_eq!(count("The patient in bed 4 kept us busy"), 0);
    let report = engine.check("Overdose patient on ward 7 again", &ctx);
    match &report.findings[0].evidence {
        ft_engine::Evidence::Term { near, .. } => assert_eq!(near.len(), 2),
        other => panic!("{other:?}"),
    }
}

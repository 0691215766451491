//! Every example of every shipped pack, run as a test: each rule must flag exactly what its
//! examples say, in the context they give.

use ft_engine::{Engine, run_examples};

#[test]
fn shipped_pack_examples() {
    let mut failures = Vec::new();
    let mut total = 0;
    for shipped in ft_packs::SHIPPED {
        let pack = ft_packs::load(shipped.name).unwrap_or_else(|e| panic!("{}: {e}", shipped.name));
        let engine = Engine::new(pack).unwrap_or_else(|e| panic!("{}: {e}", shipped.name));
        for outcome in run_examples(&engine) {
            total += 1;
            if let Some(f) = outcome.failure {
                let rule = &engine.pack().rules[outcome.rule];
                failures.push(format!(
                    "{}/{} example {} (line {}): {:?}\n  expected {:?}\n  actual   {:?}",
                    shipped.name,
                    rule.id,
                    outcome.example + 1,
                    outcome.line,
                    rule.examples[outcome.example].text,
                    f.expected,
                    f.actual
                        .iter()
                        .map(|a| (&a.0, a.2.as_str()))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(total > 0);
    assert!(
        failures.is_empty(),
        "{} of {total} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_examples_a_contact_and_a_source() {
    for shipped in ft_packs::SHIPPED {
        let pack = ft_packs::load(shipped.name).unwrap_or_else(|e| panic!("{e}"));
        for rule in &pack.rules {
            let flags = rule.examples.iter().filter(|e| !e.flags.is_empty()).count();
            let passes = rule.examples.len() - flags;
            assert!(
                flags >= 4 && passes >= 4,
                "{}/{} needs at least four examples that flag and four that pass ({flags} and {passes})",
                shipped.name,
                rule.id
            );
            assert!(
                !rule.ask.is_empty(),
                "{}/{} names nobody to ask",
                shipped.name,
                rule.id
            );
            let source = &pack.principles[rule.principle].source;
            assert!(
                !source.title.is_empty() && source.url.is_some(),
                "{}/{}: its principle's source needs a title and a link",
                shipped.name,
                rule.id
            );
        }
    }
}

//! Invariants of checking, on arbitrary text: findings point at character boundaries of the
//! original, the result does not depend on the order of the rules, and checking is deterministic.

use ft_engine::{Context, Engine, Finding, default_example_time};
use proptest::prelude::*;

fn core() -> ft_pack::Pack {
    ft_packs::load("core").unwrap_or_else(|e| panic!("{e}"))
}

fn texty() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Labour",
        "labour ward",
        "#VoteLabour",
        " vote ",
        "Tories",
        " idiot",
        "m0r0n",
        "p r i c k",
        "SHOUTING LOUDLY HERE",
        "!!!",
        "?",
        ". ",
        "\n",
        "07700 900123",
        "jo@example.com",
        "SW1A 1AA",
        "943 476 5919",
        "NHS number",
        "born 14/03/1987",
        "4111 1111 1111 1111",
        "http://intranet/x",
        "embargoed",
        "😀",
        "é",
        "\u{200B}",
        "а",
        " ",
        "a",
        "1",
    ]);
    prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
}

/// A finding without its rule index, for comparing engines whose rules are in different orders.
fn key(engine: &Engine, f: &Finding) -> (String, u32, u32, String, u32) {
    (
        engine.pack().rules[f.rule].id.clone(),
        f.span.start(),
        f.span.end(),
        f.severity.to_string(),
        (f.confidence * 100.0).round() as u32,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn findings_lie_on_char_boundaries(text in prop_oneof![texty(), any::<String>()]) {
        let engine = Engine::new(core()).unwrap_or_else(|e| panic!("{e}"));
        let ctx = engine.resolve(&Context::personal_at(default_example_time())).unwrap_or_else(|e| panic!("{e}"));
        let report = engine.check_traced(&text, &ctx);
        for f in &report.findings {
            prop_assert!(f.span.end() as usize <= text.len());
            prop_assert!(f.span.slice(&text).is_some(), "{:?} not on char boundaries of {:?}", f.span, text);
        }
        for d in &report.dropped {
            prop_assert!(d.span.slice(&text).is_some());
        }
        // Deterministic, and tracing does not change the findings.
        prop_assert_eq!(&engine.check(&text, &ctx).findings, &report.findings);
    }

    #[test]
    fn results_do_not_depend_on_rule_order(text in texty(), seed in any::<u64>()) {
        let pack = core();
        let mut shuffled = pack.clone();
        // A deterministic shuffle from the seed.
        let n = shuffled.rules.len();
        let mut state = seed | 1;
        for i in (1..n).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.rules.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let a = Engine::new(pack).unwrap_or_else(|e| panic!("{e}"));
        let b = Engine::new(shuffled).unwrap_or_else(|e| panic!("{e}"));
        let context = Context::personal_at(default_example_time());
        let (ca, cb) = (a.resolve(&context), b.resolve(&context));
        let (Ok(ca), Ok(cb)) = (ca, cb) else { panic!("context") };
        let mut fa: Vec<_> = a.check(&text, &ca).findings.iter().map(|f| key(&a, f)).collect();
        let mut fb: Vec<_> = b.check(&text, &cb).findings.iter().map(|f| key(&b, f)).collect();
        fa.sort();
        fb.sort();
        prop_assert_eq!(fa, fb);
    }
}

//! Any UTF-8 text checked with the core pack: no panic, and every finding lies on character
//! boundaries of the text.
#![no_main]

use std::sync::LazyLock;

use ft_engine::{Context, Engine, ResolvedContext, default_example_time};
use libfuzzer_sys::fuzz_target;

static ENGINE: LazyLock<(Engine, ResolvedContext)> = LazyLock::new(|| {
    let pack = ft_packs::load("core").expect("the core pack loads");
    let engine = Engine::new(pack).expect("the core pack compiles");
    let ctx = engine
        .resolve(&Context::personal_at(default_example_time()))
        .expect("the default context resolves");
    (engine, ctx)
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (engine, ctx) = &*ENGINE;
    let report = engine.check_traced(text, ctx);
    for f in &report.findings {
        assert!(f.span.slice(text).is_some());
    }
    let primary = ft_text::primary_view(text);
    let _ = ft_text::evasion_views(&primary);
});

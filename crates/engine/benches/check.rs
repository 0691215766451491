//! Throughput of `Engine::check` on tweet-length drafts with the default (core) pack, one core.
//!
//! `cargo bench -p ft-engine --bench check`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ft_engine::{Context, Engine, default_example_time};

/// Realistic drafts, most of them benign, about as long as posts are.
const DRAFTS: &[&str] = &[
    "Great turnout at the community fundraiser today, thank you to everyone who baked and donated!",
    "Reading the new report on adult social care funding. Worth your time if you work in the sector.",
    "Proud to vote Labour tomorrow! #VoteLabour",
    "Busy night on the labour ward, three babies before midnight. Exhausted but happy.",
    "Anyone know a good plumber in Leeds? Ours has vanished mid-job again.",
    "What an absolute idiot the referee was today, 3-1 and we were robbed",
    "Slides from my talk at #UKGovCamp are up: https://www.example.org/slides",
    "We're hiring! Two new posts in the data team, closing date 3 March. Link in bio.",
    "Lost dog found on the high street, call me on 07700 900123",
    "It's not official yet but I'm the new head of service",
    "Recipe of the week: slow-cooked lamb with rosemary and garlic. Ten minutes of work, four hours of waiting.",
    "THIS IS AN ABSOLUTE DISGRACE AND SOMEONE SHOULD RESIGN",
    "Policy is on https://contoso.sharepoint.com/sites/hr/policy.docx if anyone wants it",
    "Can't say much, it's embargoed until Thursday, but big news coming!",
    "Lovely walk along the river this morning. The herons are back.",
    "Honest thoughts on the restructure, will delete later",
    "Who signed this off???",
    "Congratulations to our apprentices on finishing their qualifications, a brilliant cohort.",
    "The Tories are useless, kick them out",
    "Our running club did the Great North Run for the hospice. Sponsorship page in the comments.",
];

fn bench(c: &mut Criterion) {
    let pack = ft_packs::load("core").unwrap_or_else(|e| panic!("{e}"));
    let engine = Engine::new(pack).unwrap_or_else(|e| panic!("{e}"));
    let ctx = engine
        .resolve(&Context::personal_at(default_example_time()))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Elements(DRAFTS.len() as u64));
    group.bench_function("core pack, 20 tweet-length drafts", |b| {
        b.iter(|| {
            let mut findings = 0usize;
            for draft in DRAFTS {
                findings += engine
                    .check(std::hint::black_box(draft), &ctx)
                    .findings
                    .len();
            }
            findings
        });
    });
    group.finish();

    c.bench_function("compile core pack", |b| {
        b.iter(|| {
            let pack = ft_packs::load("core").unwrap_or_else(|e| panic!("{e}"));
            Engine::new(pack).map(|e| e.pack().rules.len()).unwrap_or(0)
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

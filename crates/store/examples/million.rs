//! How long a big audit takes to record: a million synthetic posts, about 150,000 findings, in
//! batches of 5,000, then a re-audit of the same archive (the upsert path), and the queries the
//! review starts with. A measurement, not a test:
//!
//! ```text
//! cargo run --release -p ft-store --example million [POSTS [STORE]]
//! ```
//!
//! The store goes in a temporary folder unless a path is given (a new file: it is not removed).
#![allow(clippy::print_stdout)] // The timings are the output.

use std::time::Instant;

use ft_store::{
    FindingInput, PostInput, PostKind, ReviewFilter, Severity, SourceKey, Store, StoreError,
};

const BATCH: usize = 5_000;

const WORDS: &[&str] = &[
    "morning",
    "coffee",
    "team",
    "launch",
    "weekend",
    "train",
    "late",
    "again",
    "great",
    "talk",
    "conference",
    "Labour",
    "Tory",
    "numbers",
    "merger",
    "bloody",
    "customers",
    "release",
    "sea",
    "football",
];

/// A deterministic post of 12 to 40 words; about 15% get a finding (one in ten of those two).
fn synthetic(n: usize, pass: u32) -> (PostInput, Vec<FindingInput>) {
    let mut state = (n as u64)
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1);
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let words = 12 + (next() % 29) as usize;
    let mut text = String::with_capacity(words * 8);
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
    }
    let seconds = 1_262_304_000 + (n as i64) * 300; // From 2010, every five minutes.
    let created = chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default();
    let post = PostInput {
        id: format!("{}", 1_000_000_000_000 + n),
        kind: if n.is_multiple_of(7) {
            PostKind::Reply
        } else {
            PostKind::Post
        },
        url: Some(format!(
            "https://x.example/sam/status/{}",
            1_000_000_000_000 + n
        )),
        created_at: created.to_rfc3339(),
        likes: Some(next() % 500),
        reposts: Some(next() % 50),
        replies: None,
        deleted: false,
        text,
    };
    let mut findings = Vec::new();
    let flagged = n % 20 < 3; // 15%
    if flagged {
        let count = if n % 200 < 3 { 2 } else { 1 };
        for k in 0..count {
            let word = post.text.split(' ').nth(k).unwrap_or_default();
            let start = post.text.find(word).unwrap_or_default();
            findings.push(FindingInput {
                post_id: post.id.clone(),
                // The second pass renames one rule in ten, as a pack update might.
                rule_id: if pass == 2 && n.is_multiple_of(10) {
                    "rule.renamed"
                } else {
                    "rule.a"
                }
                .into(),
                principle_id: ["impartiality", "confidentiality", "courtesy"][n % 3].into(),
                severity: Severity::ALL[n % 4],
                confidence: 0.8,
                byte_start: start,
                byte_end: start + word.len(),
                matched_text: word.to_owned(),
                message: format!("{word} may read as a breach of the guidance"),
            });
        }
    }
    (post, findings)
}

fn audit(store: &mut Store, total: usize, pass: u32) -> Result<ft_store::RunId, StoreError> {
    let source = SourceKey::new("x", "sam");
    let run = store.begin_audit(&source, "core", &format!("1.{pass}"), "employee")?;
    let started = Instant::now();
    let mut posts = Vec::with_capacity(BATCH);
    let mut findings = Vec::new();
    let mut generating = std::time::Duration::ZERO;
    for n in 0..total {
        let made = Instant::now();
        let (post, mut found) = synthetic(n, pass);
        generating += made.elapsed();
        posts.push(post);
        findings.append(&mut found);
        if posts.len() == BATCH || n + 1 == total {
            store.record_batch(run, &posts, &findings)?;
            posts.clear();
            findings.clear();
        }
    }
    let recorded = started.elapsed();
    let finishing = Instant::now();
    let info = store.finish_audit(run)?;
    println!(
        "pass {pass}: recorded {} posts, {} findings in {:.2?} ({:.2?} of it making the posts; \
         {:.0} posts/s); finish_audit {:.2?}",
        info.posts_checked,
        info.findings,
        recorded,
        generating,
        info.posts_checked as f64 / (recorded - generating).as_secs_f64(),
        finishing.elapsed()
    );
    Ok(run)
}

fn timed<T>(label: &str, f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let started = Instant::now();
    let value = f()?;
    println!("{label}: {:.2?}", started.elapsed());
    Ok(value)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let total = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 1_000_000,
    };
    let dir = tempfile::tempdir()?;
    let path = match std::env::args().nth(2) {
        Some(path) => path.into(),
        None => dir.path().join("audit.sqlite"),
    };
    let mut store = Store::open(&path)?;

    audit(&mut store, total, 1)?;
    let run = audit(&mut store, total, 2)?;

    let source = store
        .source(&SourceKey::new("x", "sam"))?
        .ok_or("no source")?
        .id;
    let page = ReviewFilter::all().page(0, 50);
    timed("open_items, first page of 50", || {
        store.open_items(source, &page)
    })?;
    let serious = ReviewFilter::all()
        .min_severity(Severity::Serious)
        .year(2012)
        .page(0, 50);
    timed("open_items, serious in 2012", || {
        store.open_items(source, &serious)
    })?;
    let open = timed("open_item_count", || {
        store.open_item_count(source, &ReviewFilter::all())
    })?;
    let new = timed("new_since_previous_run", || {
        store.new_since_previous_run(run)
    })?;
    timed("summary", || store.summary(run))?;
    timed("engagement", || store.engagement(source))?;
    timed("stats", || store.stats())?;
    let size = std::fs::metadata(&path)?.len();
    println!(
        "{open} open items; {} findings new in pass 2; file {:.0} MiB",
        new.len(),
        size as f64 / 1_048_576.0
    );
    Ok(())
}

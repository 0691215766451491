//! Audits of generated archives: every post checked in the context of its own date, findings
//! across posts, the store kept across re-audits, and the HTML report.

use std::io::Cursor;

use chrono::{FixedOffset, TimeZone};
use ft_archive::Format;
use ft_archive::generate::{Options, generate};
use ft_audit::{AuditConfig, CheckedPost, Observer, audit, audit_engine};
use ft_engine::Context;

fn archive(format: Format, posts: usize, seed: u64) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    generate(
        format,
        &Options {
            seed,
            posts,
            ..Options::default()
        },
        &mut out,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    out.into_inner()
}

fn config(roles: &[&str]) -> AuditConfig {
    let at = FixedOffset::east_opt(0)
        .and_then(|z| z.with_ymd_and_hms(2026, 1, 14, 12, 0, 0).single())
        .unwrap_or_else(|| panic!("time"));
    let mut context = Context::personal_at(at);
    context.roles = roles.iter().map(|r| r.to_string()).collect();
    AuditConfig {
        context,
        format: None,
        file_name: Some("archive.zip".into()),
        limits: ft_archive::Limits::default(),
    }
}

#[derive(Default)]
struct Collect {
    posts: Vec<CheckedPost>,
    progress_calls: usize,
}

impl Observer for Collect {
    fn post(&mut self, post: &CheckedPost) {
        self.posts.push(post.clone());
    }
    fn progress(&mut self, _posts: u64, _read: u64, _total: u64) {
        self.progress_calls += 1;
    }
}

#[test]
fn every_post_is_checked_in_order_with_its_own_date() {
    let bytes = archive(Format::X, 400, 7);
    let engine = audit_engine(ft_packs::load("core").unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut seen = Collect::default();
    let summary = audit(
        Cursor::new(bytes.clone()),
        &engine,
        &config(&[]),
        None,
        &mut seen,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summary.format, "x");
    assert_eq!(summary.posts as usize, seen.posts.len());
    assert!(summary.posts >= 400);
    assert!(seen.progress_calls >= 1);
    // The summary agrees with the posts.
    let flagged = seen.posts.iter().filter(|p| !p.findings.is_empty()).count();
    assert_eq!(summary.posts_with_findings as usize, flagged);
    let findings: usize = seen.posts.iter().map(|p| p.findings.len()).sum();
    assert_eq!(summary.findings.total() as usize, findings);
    assert!(flagged > 0, "the generator writes risky posts");
    // The same archive, audited again, gives the same posts in the same order.
    let mut again = Collect::default();
    audit(Cursor::new(bytes), &engine, &config(&[]), None, &mut again)
        .unwrap_or_else(|e| panic!("{e}"));
    let ids = |c: &Collect| {
        c.posts
            .iter()
            .map(|p| p.post.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&seen), ids(&again));
    // Reposts and likes are labelled, and checked too.
    assert!(summary.by_kind.contains_key("repost") || summary.by_kind.contains_key("like"));
    // No finding is about the time of day: archives give UTC, and it says little years later.
    assert!(
        seen.posts
            .iter()
            .flat_map(|p| &p.findings)
            .all(|f| f.rule != "late-night-post")
    );
}

#[test]
fn every_format_audits() {
    let engine = audit_engine(ft_packs::load("core").unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    for format in [
        Format::X,
        Format::XClassic,
        Format::Mastodon,
        Format::Bluesky,
        Format::Linkedin,
        Format::Facebook,
        Format::GenericCsv,
        Format::GenericJson,
        Format::GenericJsonl,
    ] {
        let bytes = archive(format, 60, 3);
        let mut seen = Collect::default();
        let mut cfg = config(&[]);
        cfg.file_name = Some(format!("archive.{}", format.as_str()));
        cfg.format = Some(format);
        let summary = audit(Cursor::new(bytes), &engine, &cfg, None, &mut seen)
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert!(summary.posts >= 60, "{format:?}: {}", summary.posts);
    }
}

#[test]
fn the_store_keeps_decisions_across_audits_and_shows_what_is_new() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("audit.sqlite");
    let bytes = archive(Format::X, 300, 11);
    let core = ft_packs::load("core").unwrap_or_else(|e| panic!("{e}"));
    let engine = audit_engine(core.clone()).unwrap_or_else(|e| panic!("{e}"));

    let mut store = ft_store::Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let first = audit(
        Cursor::new(bytes.clone()),
        &engine,
        &config(&[]),
        Some(&mut store),
        &mut ft_audit::Quiet,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let outcome = first
        .store
        .clone()
        .unwrap_or_else(|| panic!("store outcome"));
    let mut seen = Collect::default();
    audit(
        Cursor::new(bytes.clone()),
        &engine,
        &config(&[]),
        None,
        &mut seen,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut flagged_ids: Vec<String> = seen
        .posts
        .iter()
        .filter(|p| !p.findings.is_empty())
        .map(|p| p.post.id.clone())
        .collect();
    flagged_ids.sort();
    flagged_ids.dedup();
    assert_eq!(outcome.recorded as usize, flagged_ids.len());
    assert!(!outcome.compared_with_previous);

    let source = store.sources().unwrap_or_default().remove(0);
    let items = store
        .open_items(source.id, &ft_store::ReviewFilter::all())
        .unwrap_or_else(|e| panic!("{e}"));
    // Deleted posts need no decision.
    let open = seen
        .posts
        .iter()
        .filter(|p| !p.findings.is_empty() && !p.post.deleted)
        .count();
    assert_eq!(items.len(), open);
    let decided = items[0].post.id.clone();
    store
        .set_decision(source.id, &decided, ft_store::Decision::WillDelete, "")
        .unwrap_or_else(|e| panic!("{e}"));

    // The same pack again: nothing new, and the decision is kept.
    let second = audit(
        Cursor::new(bytes.clone()),
        &engine,
        &config(&[]),
        Some(&mut store),
        &mut ft_audit::Quiet,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let outcome = second
        .store
        .clone()
        .unwrap_or_else(|| panic!("store outcome"));
    assert!(outcome.compared_with_previous);
    assert_eq!(outcome.new_findings, 0);
    assert_eq!(
        store.will_delete_links(source.id).unwrap_or_default().len(),
        1
    );

    // A pack update with one more rule: only its findings are new.
    let mut updated = core;
    updated.meta.version = "99".into();
    let extra = ft_pack::load_pack_str(
        "extra.toml",
        r#"
[pack]
id = "extra"
name = "Extra"
version = "1"
language = "en-GB"
description = "d"
[[principle]]
id = "p"
title = "P"
summary = "s"
source = { title = "t" }
[[rule]]
id = "mentions-coffee"
title = "Coffee"
principle = "p"
tags = ["tone"]
severity = "note"
message = "m"
why = "w"
suggest = "s"
detect.terms = { terms = ["coffee"] }
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut rule = extra.rules[0].clone();
    rule.principle = 0;
    updated.rules.push(rule);
    let engine = audit_engine(updated).unwrap_or_else(|e| panic!("{e}"));
    let third = audit(
        Cursor::new(bytes),
        &engine,
        &config(&[]),
        Some(&mut store),
        &mut ft_audit::Quiet,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let outcome = third.store.unwrap_or_else(|| panic!("store outcome"));
    let new = store
        .new_since_previous_run(ft_store::RunId::from_raw(outcome.run))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.new_findings as usize, new.len());
    assert!(
        new.iter().all(|f| f.rule_id == "mentions-coffee"),
        "{new:?}"
    );
    assert_eq!(
        store.will_delete_links(source.id).unwrap_or_default().len(),
        1
    );
}

#[test]
fn files_without_an_account_are_stored_under_their_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut store =
        ft_store::Store::open(&dir.path().join("a.sqlite")).unwrap_or_else(|e| panic!("{e}"));
    let engine = audit_engine(ft_packs::load("core").unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut cfg = config(&[]);
    cfg.format = Some(Format::GenericCsv);
    cfg.file_name = Some("posts.csv".into());
    let csv = "id,text,created_at\n1,what an idiot,2024-01-01T10:00:00Z\n2,lovely day,2024-01-02T10:00:00Z\n";
    for _ in 0..2 {
        audit(
            Cursor::new(csv.as_bytes().to_vec()),
            &engine,
            &cfg,
            Some(&mut store),
            &mut ft_audit::Quiet,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let sources = store.sources().unwrap_or_default();
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0].key.handle, "file:posts.csv");
}

#[test]
fn a_pattern_of_political_posts_is_a_finding_of_its_own() {
    // A generic JSONL archive of 40 posts, a third of them party political.
    let mut jsonl = String::new();
    for i in 0..40 {
        let text = if i % 3 == 0 {
            "Proud to vote Labour again, the Tories are useless"
        } else {
            "Lovely walk along the river this morning"
        };
        jsonl.push_str(&format!(
            "{{\"id\": \"{i}\", \"text\": \"{text}\", \"created_at\": \"20{:02}-05-0{}T10:00:00Z\"}}\n",
            15 + i % 8,
            1 + i % 9
        ));
    }
    let engine = audit_engine(ft_packs::load("core").unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut cfg = config(&[]);
    cfg.format = Some(Format::GenericJsonl);
    let summary = audit(
        Cursor::new(jsonl.into_bytes()),
        &engine,
        &cfg,
        None,
        &mut ft_audit::Quiet,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let pattern: Vec<_> = summary
        .across_posts
        .iter()
        .filter(|f| f.rule == "across-posts/pattern-of-political-posts")
        .collect();
    assert_eq!(pattern.len(), 1, "{:?}", summary.across_posts);
    assert!(
        pattern[0].message.starts_with("14 posts from 2015 to 2022"),
        "{}",
        pattern[0].message
    );
    assert_eq!(
        pattern[0].evidence["posts"].as_array().map(Vec::len),
        Some(14)
    );
}

#[test]
fn details_in_different_posts_that_identify_a_client_are_found() {
    let jsonl = concat!(
        "{\"id\": \"a\", \"text\": \"Long night. The patient in bay 4 kept us all on our toes\", \"created_at\": \"2024-03-01T07:00:00Z\"}\n",
        "{\"id\": \"b\", \"text\": \"Still thinking about that patient with dementia, heartbreaking\", \"created_at\": \"2024-03-03T19:00:00Z\"}\n",
        "{\"id\": \"c\", \"text\": \"Another patient with dementia today, such a gentle man\", \"created_at\": \"2024-06-20T19:00:00Z\"}\n",
    );
    let engine = audit_engine(ft_packs::load("core").unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut cfg = config(&[]);
    cfg.format = Some(Format::GenericJsonl);
    let summary = audit(
        Cursor::new(jsonl.as_bytes().to_vec()),
        &engine,
        &cfg,
        None,
        &mut ft_audit::Quiet,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let across: Vec<_> = summary
        .across_posts
        .iter()
        .filter(|f| f.rule == "across-posts/client-identifiable-across-posts")
        .collect();
    assert_eq!(across.len(), 1, "{:?}", summary.across_posts);
    assert_eq!(across[0].evidence["posts"], serde_json::json!(["a", "b"]));
}

#[test]
fn html_report() {
    let jsonl = concat!(
        "{\"id\": \"1\", \"text\": \"Great turnout at the fundraiser, thank you all!\", \"created_at\": \"2019-05-04T10:00:00Z\", \"likes\": 40}\n",
        "{\"id\": \"2\", \"text\": \"What an idiot the referee was <b>today</b>\", \"created_at\": \"2021-08-14T16:30:00+01:00\", \"likes\": 3, \"url\": \"https://example.org/p/2\"}\n",
        "{\"id\": \"3\", \"text\": \"Policy is on http://intranet/hr/restructure for anyone curious\", \"created_at\": \"2023-02-01T09:00:00Z\", \"likes\": 1}\n",
    );
    let engine = audit_engine(ft_packs::load("core").unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut cfg = config(&[]);
    cfg.format = Some(Format::GenericJsonl);
    let mut seen = Collect::default();
    let summary = audit(
        Cursor::new(jsonl.as_bytes().to_vec()),
        &engine,
        &cfg,
        None,
        &mut seen,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let flagged: Vec<CheckedPost> = seen
        .posts
        .into_iter()
        .filter(|p| !p.findings.is_empty())
        .collect();
    let html = ft_audit::html::render(&summary, &flagged, "14 January 2026");
    assert!(!html.contains("<script"), "no scripts");
    assert!(!html.contains("src=\"http"), "no external assets");
    assert!(
        html.contains("&lt;b&gt;today&lt;/b&gt;"),
        "post text is escaped"
    );
    insta::assert_snapshot!("html_report", html);
}

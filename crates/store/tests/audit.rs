//! Recording audits and reviewing them: upserts, re-audits, decisions, what is new, open items,
//! the delete list and the counts.

mod common;

use common::{TestResult, finding, post, sam};
use ft_store::{
    Decision, DeleteLink, InputProblem, PostKind, ReviewFilter, ReviewItem, RunState, Severity,
    SourceId, SourceKey, Store, StoreError, Tally, fingerprint,
};

fn ids(items: &[ReviewItem]) -> Vec<&str> {
    items.iter().map(|item| item.post.id.as_str()).collect()
}

fn source_id(store: &Store) -> Result<SourceId, Box<dyn std::error::Error>> {
    Ok(store.source(&sam())?.ok_or("no source")?.id)
}

#[test]
fn records_posts_and_their_findings() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let run = store.begin_audit(&sam(), "core", "1.0", "employee of Acme")?;
    let mut p1 = post(
        "1",
        "2019-05-04T21:30:00+01:00",
        "Vote Labour, and Acme's Q3 numbers leak",
    );
    p1.likes = Some(12);
    let p2 = post("2", "2020-02-01T08:00:00Z", "Lovely morning");
    let f1 = finding(
        &p1,
        "politics.party",
        "impartiality",
        Severity::Warning,
        "Labour",
    );
    let f2 = finding(
        &p1,
        "confidential.results",
        "confidentiality",
        Severity::Serious,
        "Q3",
    );
    store.record_batch(run, &[p1.clone(), p2], &[f1.clone(), f2.clone()])?;
    let info = store.finish_audit(run)?;
    assert_eq!(
        (info.posts_checked, info.posts_with_findings, info.findings),
        (2, 1, 2)
    );
    assert_eq!(info.state, RunState::Finished);
    assert_eq!(info.pack_id, "core");
    assert_eq!(info.pack_version, "1.0");
    assert_eq!(info.context, "employee of Acme");

    let source = store.source(&sam())?.ok_or("no source")?;
    assert_eq!(source.last_audit_at, info.finished_at);
    let item = store.item(source.id, "1")?.ok_or("post 1 has findings")?;
    assert_eq!(item.post.text, p1.text);
    assert_eq!(item.post.year, Some(2019));
    assert_eq!(item.post.likes, Some(12));
    assert_eq!(item.post.kind, PostKind::Post);
    assert_eq!(item.top_severity, Severity::Serious);
    let rules: Vec<_> = item.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(rules, ["confidential.results", "politics.party"]);
    let labour = &item.findings[1];
    assert_eq!(
        (labour.byte_start, labour.byte_end),
        (f1.byte_start, f1.byte_end)
    );
    assert_eq!(labour.matched_text, "Labour");
    assert_eq!(labour.principle_id, "impartiality");
    assert_eq!(labour.confidence, 0.9);
    assert_eq!(labour.message, f1.message);
    assert_eq!(labour.run, run);
    assert_eq!(
        labour.fingerprint,
        fingerprint(&sam(), "1", "politics.party", "Labour", 0)
    );
    assert_eq!(
        store.item(source.id, "2")?,
        None,
        "a clean post is no review item"
    );
    store.check_integrity()?;
    Ok(())
}

#[test]
fn a_re_audit_upserts_posts_and_replaces_their_findings() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let run1 = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    let p1 = post("1", "2019-05-04T21:30:00Z", "Vote Labour");
    store.record_batch(
        run1,
        std::slice::from_ref(&p1),
        &[finding(
            &p1,
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        )],
    )?;
    store.finish_audit(run1)?;

    let run2 = store.begin_audit(&sam(), "core", "1.1", "employee")?;
    let mut p1b = post("1", "2019-05-04T21:30:00Z", "Honestly, vote Labour");
    p1b.likes = Some(3);
    let f = finding(
        &p1b,
        "politics.endorse",
        "impartiality",
        Severity::Serious,
        "vote Labour",
    );
    store.record_batch(run2, &[p1b.clone()], std::slice::from_ref(&f))?;
    store.finish_audit(run2)?;

    let stats = store.stats()?;
    assert_eq!((stats.sources, stats.posts, stats.findings), (1, 1, 1));
    let item = store
        .item(source_id(&store)?, "1")?
        .ok_or("post 1 has findings")?;
    assert_eq!(item.post.text, "Honestly, vote Labour");
    assert_eq!(item.post.likes, Some(3));
    assert_eq!(item.findings.len(), 1);
    assert_eq!(item.findings[0].rule_id, "politics.endorse");
    assert_eq!(item.findings[0].run, run2);

    // A post re-checked with no findings loses the ones it had.
    let run3 = store.begin_audit(&sam(), "core", "1.2", "employee")?;
    store.record_batch(
        run3,
        &[post("1", "2019-05-04T21:30:00Z", "Honestly, vote")],
        &[],
    )?;
    assert_eq!(store.item(source_id(&store)?, "1")?, None);
    assert_eq!(store.stats()?.findings, 0);
    Ok(())
}

#[test]
fn decisions_survive_a_re_audit() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let posts = [
        post("1", "2019-01-01T00:00:00Z", "Vote Labour"),
        post("2", "2019-01-02T00:00:00Z", "Vote Tory"),
        post("3", "2019-01-03T00:00:00Z", "Vote Green"),
    ];
    let findings = |posts: &[ft_store::PostInput]| {
        posts
            .iter()
            .map(|p| {
                finding(
                    p,
                    "politics.party",
                    "impartiality",
                    Severity::Warning,
                    "Vote",
                )
            })
            .collect::<Vec<_>>()
    };
    let run1 = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    store.record_batch(run1, &posts, &findings(&posts))?;
    store.finish_audit(run1)?;
    let source = source_id(&store)?;
    store.set_decision(source, "1", Decision::Keep, "it was true then")?;
    store.set_decision(source, "2", Decision::WillDelete, "")?;
    let before = store.decisions(source)?;

    let run2 = store.begin_audit(&sam(), "core", "2.0", "employee")?;
    store.record_batch(run2, &posts, &findings(&posts))?;
    store.finish_audit(run2)?;

    assert_eq!(store.decisions(source)?, before);
    let keep = before
        .iter()
        .find(|d| d.post_id == "1")
        .ok_or("no decision for 1")?;
    assert_eq!(
        (keep.decision, keep.note.as_str()),
        (Decision::Keep, "it was true then")
    );
    assert_eq!(ids(&store.open_items(source, &ReviewFilter::all())?), ["3"]);
    assert_eq!(store.will_delete_links(source)?.len(), 1);

    // A later decision replaces the earlier one; clearing reopens the post.
    store.set_decision(source, "2", Decision::Deleted, "done")?;
    assert!(store.will_delete_links(source)?.is_empty());
    assert!(store.clear_decision(source, "1")?);
    assert!(!store.clear_decision(source, "1")?);
    assert_eq!(
        ids(&store.open_items(source, &ReviewFilter::all())?),
        ["3", "1"]
    );
    Ok(())
}

#[test]
fn new_since_previous_run_shows_only_new_fingerprints() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let p1 = post("1", "2019-01-01T00:00:00Z", "Vote Labour");
    let p2 = post("2", "2019-01-02T00:00:00Z", "Our Q3 numbers are in");
    let run1 = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    let old = [
        finding(
            &p1,
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        ),
        finding(
            &p2,
            "confidential.results",
            "confidentiality",
            Severity::Serious,
            "Q3",
        ),
    ];
    store.record_batch(run1, &[p1.clone(), p2.clone()], &old)?;
    assert_eq!(
        store.new_since_previous_run(run1)?.len(),
        2,
        "no previous run: all is new"
    );
    store.finish_audit(run1)?;

    // The pack update adds a rule; the person edited post 1, which moves the old match; and a
    // new post arrived with the new export.
    let run2 = store.begin_audit(&sam(), "core", "1.1", "employee")?;
    let p1b = post("1", "2019-01-01T00:00:00Z", "Please vote Labour");
    let p3 = post("3", "2021-06-01T00:00:00Z", "Labour all the way");
    let new = [
        finding(
            &p1b,
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        ),
        finding(
            &p1b,
            "politics.endorse",
            "impartiality",
            Severity::Serious,
            "vote Labour",
        ),
        finding(
            &p2,
            "confidential.results",
            "confidentiality",
            Severity::Serious,
            "Q3",
        ),
        finding(
            &p3,
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        ),
    ];
    store.record_batch(run2, &[p1b, p2, p3], &new)?;
    store.finish_audit(run2)?;

    let fresh = store.new_since_previous_run(run2)?;
    let found: Vec<_> = fresh
        .iter()
        .map(|f| (f.post_id.as_str(), f.rule_id.as_str()))
        .collect();
    assert_eq!(found, [("1", "politics.endorse"), ("3", "politics.party")]);
    assert_eq!(store.previous_finished_run(run2)?, Some(run1));

    // An abandoned run in between is not "the previous finished run".
    let run3 = store.begin_audit(&sam(), "core", "1.2", "employee")?;
    let run4 = store.begin_audit(&sam(), "core", "1.2", "employee")?;
    assert_eq!(store.run(run3)?.state, RunState::Abandoned);
    assert_eq!(store.previous_finished_run(run4)?, Some(run2));
    Ok(())
}

#[test]
fn the_same_text_twice_gives_two_findings() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let p = post("1", "2019-01-01T00:00:00Z", "Labour, Labour, Labour");
    let mut findings = Vec::new();
    for (start, _) in p.text.match_indices("Labour") {
        let mut f = finding(
            &p,
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        );
        f.byte_start = start;
        f.byte_end = start + "Labour".len();
        findings.push(f);
    }
    let run = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    store.record_batch(run, std::slice::from_ref(&p), &findings)?;
    let item = store
        .item(source_id(&store)?, "1")?
        .ok_or("post 1 has findings")?;
    let starts: Vec<_> = item.findings.iter().map(|f| f.byte_start).collect();
    assert_eq!(starts, [0, 8, 16]);
    for (n, f) in item.findings.iter().enumerate() {
        let n = u32::try_from(n)?;
        assert_eq!(
            f.fingerprint,
            fingerprint(&sam(), "1", "politics.party", "Labour", n)
        );
    }
    Ok(())
}

/// Five flagged posts over three years, one clean, one deleted on the platform.
fn review_fixture() -> Result<(Store, SourceId), Box<dyn std::error::Error>> {
    let mut store = Store::open_in_memory()?;
    let mut reply = post(
        "r",
        "2020-03-01T10:00:00Z",
        "@ann the merger is off, keep it quiet",
    );
    reply.kind = PostKind::Reply;
    let mut gone = post("gone", "2022-01-01T00:00:00Z", "Vote Labour");
    gone.deleted = true;
    let posts = [
        post(
            "old-serious",
            "2015-06-01T00:00:00Z",
            "Acme's Q3 numbers: down 40%",
        ),
        post("new-warning", "2022-05-01T00:00:00Z", "Vote Labour"),
        post("old-warning", "2016-05-01T00:00:00Z", "Vote Tory"),
        post("new-note", "2022-06-01T00:00:00Z", "Bloody Mondays"),
        reply.clone(),
        post("clean", "2023-01-01T00:00:00Z", "Lovely morning"),
        gone.clone(),
    ];
    let findings = [
        finding(
            &posts[0],
            "confidential.results",
            "confidentiality",
            Severity::Serious,
            "Q3",
        ),
        finding(
            &posts[1],
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        ),
        finding(
            &posts[2],
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Tory",
        ),
        finding(
            &posts[3],
            "tone.swearing",
            "courtesy",
            Severity::Note,
            "Bloody",
        ),
        finding(
            &reply,
            "confidential.deals",
            "confidentiality",
            Severity::Serious,
            "merger",
        ),
        finding(
            &reply,
            "tone.secrecy",
            "courtesy",
            Severity::Advice,
            "keep it quiet",
        ),
        finding(
            &gone,
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        ),
    ];
    let run = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    store.record_batch(run, &posts, &findings)?;
    store.finish_audit(run)?;
    let source = source_id(&store)?;
    Ok((store, source))
}

#[test]
fn open_items_are_most_severe_then_newest_first() -> TestResult {
    let (mut store, source) = review_fixture()?;
    let all = store.open_items(source, &ReviewFilter::all())?;
    assert_eq!(
        ids(&all),
        ["r", "old-serious", "new-warning", "old-warning", "new-note"]
    );
    let tops: Vec<_> = all.iter().map(|item| item.top_severity).collect();
    use Severity::*;
    assert_eq!(tops, [Serious, Serious, Warning, Warning, Note]);
    // An item carries all its post's findings, most severe first.
    let reply_rules: Vec<_> = all[0].findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(reply_rules, ["confidential.deals", "tone.secrecy"]);

    // `reviewed` keeps a post open, with its decision; a final decision closes it.
    store.set_decision(source, "old-serious", Decision::Reviewed, "ask HR")?;
    store.set_decision(source, "r", Decision::MakePrivate, "")?;
    let all = store.open_items(source, &ReviewFilter::all())?;
    assert_eq!(
        ids(&all),
        ["old-serious", "new-warning", "old-warning", "new-note"]
    );
    let decision = all[0]
        .decision
        .as_ref()
        .ok_or("old-serious has a decision")?;
    assert_eq!(
        (decision.decision, decision.note.as_str()),
        (Decision::Reviewed, "ask HR")
    );
    assert_eq!(all[1].decision, None);
    Ok(())
}

#[test]
fn open_items_filter_by_severity_principle_rule_year_and_kind() -> TestResult {
    let (store, source) = review_fixture()?;
    let open = |filter: ReviewFilter| -> Result<Vec<String>, StoreError> {
        let items = store.open_items(source, &filter)?;
        let unpaged = ReviewFilter {
            limit: None,
            offset: 0,
            ..filter.clone()
        };
        let all = store.open_items(source, &unpaged)?.len();
        assert_eq!(
            store.open_item_count(source, &filter)?,
            u64::try_from(all).unwrap_or(0)
        );
        Ok(items.into_iter().map(|item| item.post.id).collect())
    };
    assert_eq!(
        open(ReviewFilter::all().min_severity(Severity::Warning))?,
        ["r", "old-serious", "new-warning", "old-warning"]
    );
    assert_eq!(
        open(ReviewFilter::all().min_severity(Severity::Serious))?,
        ["r", "old-serious"]
    );
    assert_eq!(
        open(ReviewFilter::all().principle("impartiality"))?,
        ["new-warning", "old-warning"]
    );
    // Ranked by the findings that match: the reply's advice-level courtesy finding.
    let courtesy = store.open_items(source, &ReviewFilter::all().principle("courtesy"))?;
    assert_eq!(ids(&courtesy), ["r", "new-note"]);
    assert_eq!(courtesy[0].top_severity, Severity::Advice);
    assert_eq!(
        courtesy[0].findings.len(),
        2,
        "but the item shows all the post's findings"
    );
    assert_eq!(
        open(ReviewFilter::all().rule("politics.party"))?,
        ["new-warning", "old-warning"]
    );
    assert_eq!(
        open(ReviewFilter::all().year(2022))?,
        ["new-warning", "new-note"]
    );
    assert_eq!(open(ReviewFilter::all().year(2010))?, Vec::<String>::new());
    assert_eq!(open(ReviewFilter::all().kind(PostKind::Reply))?, ["r"]);
    assert_eq!(
        open(
            ReviewFilter::all()
                .principle("impartiality")
                .year(2016)
                .kind(PostKind::Post)
        )?,
        ["old-warning"]
    );
    assert_eq!(
        open(ReviewFilter::all().page(1, 2))?,
        ["old-serious", "new-warning"]
    );
    assert_eq!(open(ReviewFilter::all().page(4, 10))?, ["new-note"]);
    assert_eq!(store.open_item_count(source, &ReviewFilter::all())?, 5);
    Ok(())
}

#[test]
fn will_delete_links_list_the_posts_to_delete_newest_first() -> TestResult {
    let (mut store, source) = review_fixture()?;
    store.set_decision(source, "old-serious", Decision::WillDelete, "")?;
    store.set_decision(source, "new-warning", Decision::WillDelete, "embarrassing")?;
    store.set_decision(source, "old-warning", Decision::Keep, "")?;
    assert_eq!(
        store.will_delete_links(source)?,
        [
            DeleteLink {
                post_id: "new-warning".into(),
                url: Some("https://x.example/sam/status/new-warning".into()),
                created_at: "2022-05-01T00:00:00Z".into(),
            },
            DeleteLink {
                post_id: "old-serious".into(),
                url: Some("https://x.example/sam/status/old-serious".into()),
                created_at: "2015-06-01T00:00:00Z".into(),
            },
        ]
    );
    Ok(())
}

#[test]
fn decisions_need_a_known_post() -> TestResult {
    let (mut store, source) = review_fixture()?;
    let err = store
        .set_decision(source, "nope", Decision::Keep, "")
        .expect_err("unknown post");
    assert!(matches!(&err, StoreError::UnknownPost { post_id, .. } if post_id == "nope"));
    assert_eq!(
        err.to_string(),
        "there is no post \"nope\" from source 1 in the audit store"
    );
    let err = store
        .set_decision(SourceId::from_raw(99), "1", Decision::Keep, "")
        .expect_err("unknown source");
    assert!(matches!(err, StoreError::UnknownSource(_)), "{err:?}");
    // A clean post can be decided about too (say, deleted for another reason).
    store.set_decision(source, "clean", Decision::Deleted, "")?;
    Ok(())
}

#[test]
fn summary_counts_by_severity_principle_and_year() -> TestResult {
    let (store, source) = review_fixture()?;
    let run = store.runs(source)?[0].id;
    let summary = store.summary(run)?;
    let tally = |findings, posts| Tally { findings, posts };
    assert_eq!(
        summary.by_severity,
        [
            (Severity::Serious, tally(2, 2)),
            (Severity::Warning, tally(3, 3)),
            (Severity::Advice, tally(1, 1)),
            (Severity::Note, tally(1, 1)),
        ]
    );
    assert_eq!(
        summary.by_principle,
        [
            ("impartiality".to_owned(), tally(3, 3)),
            ("confidentiality".to_owned(), tally(2, 2)),
            ("courtesy".to_owned(), tally(2, 2)),
        ]
    );
    assert_eq!(
        summary.by_year,
        [
            (2015, tally(1, 1)),
            (2016, tally(1, 1)),
            (2020, tally(2, 1)),
            (2022, tally(3, 3)),
        ]
    );
    assert_eq!(summary.run.posts_checked, 7);
    assert_eq!(summary.run.posts_with_findings, 6);
    assert_eq!(summary.run.findings, 7);
    Ok(())
}

#[test]
fn engagement_compares_clean_and_flagged_posts() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let with = |mut p: ft_store::PostInput, likes, reposts, kind| {
        p.likes = likes;
        p.reposts = reposts;
        p.kind = kind;
        p
    };
    let posts = [
        with(
            post("1", "2020-01-01T00:00:00Z", "Lovely morning"),
            Some(10),
            Some(1),
            PostKind::Post,
        ),
        with(
            post("2", "2020-01-02T00:00:00Z", "Nice lunch"),
            Some(20),
            None,
            PostKind::Post,
        ),
        with(
            post("3", "2020-01-03T00:00:00Z", "Vote Labour"),
            Some(100),
            Some(30),
            PostKind::Post,
        ),
        with(
            post("4", "2020-01-04T00:00:00Z", "Bloody Labour"),
            Some(50),
            Some(10),
            PostKind::Quote,
        ),
        // Someone else's post, reposted: its numbers are not the person's.
        with(
            post("5", "2020-01-05T00:00:00Z", "Vote Labour"),
            Some(9999),
            None,
            PostKind::Repost,
        ),
    ];
    let findings = [
        finding(
            &posts[2],
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        ),
        finding(
            &posts[3],
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        ),
        finding(
            &posts[3],
            "tone.swearing",
            "courtesy",
            Severity::Note,
            "Bloody",
        ),
        finding(
            &posts[4],
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        ),
    ];
    let run = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    store.record_batch(run, &posts, &findings)?;
    let engagement = store.engagement(source_id(&store)?)?;
    let clean = engagement.without_findings;
    assert_eq!(
        (clean.posts, clean.avg_likes, clean.avg_reposts),
        (2, Some(15.0), Some(1.0))
    );
    assert_eq!(clean.avg_replies, None);
    let flagged = engagement.with_findings;
    assert_eq!(
        (flagged.posts, flagged.avg_likes, flagged.avg_reposts),
        (2, Some(75.0), Some(20.0))
    );
    let by: Vec<_> = engagement
        .by_principle
        .iter()
        .map(|(p, s)| (p.as_str(), s.posts, s.avg_likes))
        .collect();
    assert_eq!(
        by,
        [("courtesy", 1, Some(50.0)), ("impartiality", 2, Some(75.0))]
    );
    Ok(())
}

#[test]
fn stats_count_the_whole_store() -> TestResult {
    let (mut store, source) = review_fixture()?;
    store.set_decision(source, "r", Decision::Keep, "")?;
    store.set_decision(source, "new-note", Decision::Reviewed, "")?;
    store.begin_audit(
        &SourceKey::new("mastodon", "sam@example.social"),
        "core",
        "1.0",
        "",
    )?;
    let stats = store.stats()?;
    assert_eq!(
        (
            stats.sources,
            stats.posts,
            stats.findings,
            stats.posts_with_findings
        ),
        (2, 7, 7, 6)
    );
    assert_eq!(
        stats.runs,
        [(RunState::Finished, 1), (RunState::Running, 1)]
    );
    assert_eq!(
        stats.decisions,
        [(Decision::Keep, 1), (Decision::Reviewed, 1)]
    );
    assert_eq!(stats.open_items, 4);
    assert_eq!(store.sources()?.len(), 2);
    Ok(())
}

#[test]
fn a_bad_batch_records_nothing() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let run = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    let good = post("1", "2020-01-01T00:00:00Z", "héllo Labour");
    let ok = finding(
        &good,
        "politics.party",
        "impartiality",
        Severity::Warning,
        "Labour",
    );

    let problem =
        |store: &mut Store, posts: &[ft_store::PostInput], findings: &[ft_store::FindingInput]| {
            match store.record_batch(run, posts, findings) {
                Err(StoreError::InvalidInput { problem, .. }) => Ok(problem),
                other => Err(format!("expected invalid input, got {other:?}")),
            }
        };
    let mut split = ok.clone();
    split.byte_start = 2; // inside "é"
    assert!(matches!(
        problem(
            &mut store,
            std::slice::from_ref(&good),
            &[ok.clone(), split]
        )?,
        InputProblem::BadRange { start: 2, .. }
    ));
    let mut past_end = ok.clone();
    past_end.byte_end = 100;
    assert!(matches!(
        problem(&mut store, std::slice::from_ref(&good), &[past_end])?,
        InputProblem::BadRange { .. }
    ));
    let mut nan = ok.clone();
    nan.confidence = f32::NAN;
    assert!(matches!(
        problem(&mut store, std::slice::from_ref(&good), &[nan])?,
        InputProblem::BadConfidence { .. }
    ));
    let mut orphan = ok.clone();
    orphan.post_id = "2".into();
    assert!(matches!(
        problem(&mut store, std::slice::from_ref(&good), &[orphan])?,
        InputProblem::FindingWithoutPost { .. }
    ));
    assert_eq!(
        problem(&mut store, &[good.clone(), good.clone()], &[])?,
        InputProblem::DuplicatePost
    );
    let mut undated = good.clone();
    undated.created_at = "last Tuesday".into();
    let err = store
        .record_batch(run, &[undated], &[])
        .expect_err("bad timestamp");
    assert_eq!(
        err.to_string(),
        "cannot record post \"1\": created_at \"last Tuesday\" is not an RFC 3339 timestamp"
    );
    let mut huge = good.clone();
    huge.likes = Some(u64::MAX);
    assert!(matches!(
        problem(&mut store, &[huge], &[])?,
        InputProblem::CountTooLarge { field: "likes", .. }
    ));
    assert_eq!(
        store.stats()?.posts,
        0,
        "nothing of a bad batch is recorded"
    );

    store.record_batch(run, &[good], &[ok])?;
    assert_eq!(store.stats()?.findings, 1);
    Ok(())
}

#[test]
fn years_are_the_posts_own() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let run = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    // New Year's Eve in New York, already 2020 in UTC.
    let p = post("1", "2019-12-31T23:30:00-05:00", "Vote Labour");
    let f = finding(
        &p,
        "politics.party",
        "impartiality",
        Severity::Warning,
        "Labour",
    );
    store.record_batch(run, &[p], &[f])?;
    let source = source_id(&store)?;
    assert_eq!(
        ids(&store.open_items(source, &ReviewFilter::all().year(2019))?),
        ["1"]
    );
    assert_eq!(
        store.summary(run)?.by_year,
        [(
            2019,
            Tally {
                findings: 1,
                posts: 1
            }
        )]
    );
    Ok(())
}

#[test]
fn only_a_running_audit_records() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let run = store.begin_audit(&sam(), "core", "1.0", "employee")?;
    store.finish_audit(run)?;
    let p = post("1", "2020-01-01T00:00:00Z", "hello");
    let err = store.record_batch(run, &[p], &[]).expect_err("finished");
    assert!(matches!(
        err,
        StoreError::RunNotRunning {
            state: RunState::Finished,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        format!("audit run {run} is finished; only a running audit can record posts or finish")
    );
    assert!(matches!(
        store.finish_audit(run),
        Err(StoreError::RunNotRunning { .. })
    ));
    let missing = ft_store::RunId::from_raw(42);
    assert!(matches!(store.run(missing), Err(StoreError::UnknownRun(_))));
    let err = store
        .begin_audit(&SourceKey::new("x", ""), "core", "1.0", "")
        .expect_err("no handle");
    assert!(matches!(err, StoreError::InvalidSource { .. }));
    Ok(())
}

#[test]
fn resuming_needs_the_same_pack_and_context() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let start = store.begin_or_resume_audit(&sam(), "core", "1.0", "employee")?;
    assert!(!start.resumed);
    let posts = [
        post("1", "2020-01-01T00:00:00Z", "a"),
        post("2", "2020-01-02T00:00:00Z", "b"),
    ];
    store.record_batch(start.run, &posts, &[])?;

    let again = store.begin_or_resume_audit(&sam(), "core", "1.0", "employee")?;
    assert!(again.resumed);
    assert_eq!(again.run, start.run);
    let mut checked: Vec<_> = again.already_checked.into_iter().collect();
    checked.sort();
    assert_eq!(checked, ["1", "2"]);

    assert_eq!(store.resumable_run(&sam(), "core", "1.0", "manager")?, None);
    assert_eq!(
        store.resumable_run(&sam(), "core", "1.1", "employee")?,
        None
    );
    // A new pack version starts afresh and abandons the unfinished run.
    let fresh = store.begin_or_resume_audit(&sam(), "core", "1.1", "employee")?;
    assert!(!fresh.resumed);
    assert!(fresh.already_checked.is_empty());
    assert_eq!(store.run(start.run)?.state, RunState::Abandoned);
    assert_eq!(
        store.resumable_run(&sam(), "core", "1.0", "employee")?,
        None
    );
    Ok(())
}

#[test]
fn undated_posts_are_kept_without_a_year() {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    let key = ft_store::SourceKey::new("x", "someone");
    let run = store
        .begin_audit(&key, "core", "1", "account=personal")
        .unwrap_or_else(|e| panic!("{e}"));
    let post = ft_store::PostInput {
        id: "liked-1".into(),
        kind: ft_store::PostKind::Like,
        text: "what an idiot".into(),
        url: None,
        created_at: String::new(),
        likes: None,
        reposts: None,
        replies: None,
        deleted: false,
    };
    let finding = ft_store::FindingInput {
        post_id: "liked-1".into(),
        rule_id: "abusive-language".into(),
        principle_id: "courtesy".into(),
        severity: ft_store::Severity::Warning,
        confidence: 0.8,
        byte_start: 8,
        byte_end: 13,
        matched_text: "idiot".into(),
        message: "m".into(),
    };
    store
        .record_batch(run, &[post], &[finding])
        .unwrap_or_else(|e| panic!("{e}"));
    store.finish_audit(run).unwrap_or_else(|e| panic!("{e}"));
    let source = store
        .source(&key)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("source"));
    let items = store
        .open_items(source.id, &ft_store::ReviewFilter::all())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].post.created_at.as_str(), items[0].post.year),
        ("", None)
    );
    let summary = store.summary(run).unwrap_or_else(|e| panic!("{e}"));
    assert!(summary.by_year.is_empty());
}

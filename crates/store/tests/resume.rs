//! Crash safety: a process recording an audit is killed with SIGKILL mid-way; every batch it
//! committed is there, the store is sound, and the resumed run skips what was checked.
//!
//! The writer is this test binary itself, run again with `FT_STORE_WRITER_DB` set: it runs the
//! ignored test `writer`, which records batches as fast as it can and prints a line after each
//! commit.

#![cfg(unix)]

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use common::{TestResult, finding, post, sam};
use ft_store::{FindingInput, PostInput, RunState, Severity, Store};

const WRITER_ENV: &str = "FT_STORE_WRITER_DB";
const BATCH: usize = 100;
/// More batches than the writer can record before it is killed.
const WRITER_BATCHES: usize = 100_000;

/// Post `n` of the synthetic archive: every tenth has one finding.
fn archive_post(n: usize) -> (PostInput, Option<FindingInput>) {
    let text = if n.is_multiple_of(10) {
        format!("Post {n}: vote Labour, obviously")
    } else {
        format!("Post {n}: a lovely morning by the sea")
    };
    let day = n % 28 + 1;
    let p = post(
        &format!("p{n}"),
        &format!("2018-02-{day:02}T12:00:00Z"),
        &text,
    );
    let f = n.is_multiple_of(10).then(|| {
        finding(
            &p,
            "politics.party",
            "impartiality",
            Severity::Warning,
            "Labour",
        )
    });
    (p, f)
}

fn archive_batch(batch: usize, skip: &HashSet<String>) -> (Vec<PostInput>, Vec<FindingInput>) {
    let mut posts = Vec::new();
    let mut findings = Vec::new();
    for n in batch * BATCH..(batch + 1) * BATCH {
        let (p, f) = archive_post(n);
        if skip.contains(&p.id) {
            continue;
        }
        posts.push(p);
        findings.extend(f);
    }
    (posts, findings)
}

/// The child process: records batches until killed.
#[test]
#[ignore = "run by `killed_mid_audit_loses_nothing_committed` in a child process"]
fn writer() -> TestResult {
    let Some(path) = std::env::var_os(WRITER_ENV) else {
        return Ok(());
    };
    let mut store = Store::open(std::path::Path::new(&path))?;
    let start = store.begin_or_resume_audit(&sam(), "core", "1.0", "employee")?;
    let mut out = std::io::stdout().lock();
    for batch in 0..WRITER_BATCHES {
        let (posts, findings) = archive_batch(batch, &HashSet::new());
        store.record_batch(start.run, &posts, &findings)?;
        writeln!(out, "committed {batch}")?;
        out.flush()?;
    }
    Ok(())
}

#[test]
fn killed_mid_audit_loses_nothing_committed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("audit.sqlite");
    let mut child = Command::new(std::env::current_exe()?)
        .args([
            "writer",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WRITER_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut reported = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        if let Some(batch) = line.strip_prefix("committed ") {
            reported.push(batch.parse::<usize>()?);
            if reported.len() == 20 {
                // SIGKILL, while the writer is in the middle of its next batches.
                child.kill()?;
                break;
            }
        }
    }
    let status = child.wait()?;
    assert_eq!(reported.len(), 20, "the writer stopped early: {status}");
    assert!(
        !status.success(),
        "the writer must have been killed, not finished"
    );

    let mut store = Store::open(&path)?;
    store.check_integrity()?;
    let run = store
        .resumable_run(&sam(), "core", "1.0", "employee")?
        .ok_or("no run to resume")?;
    assert_eq!(store.run(run)?.state, RunState::Running);
    let checked = store.checked_post_ids(run)?;
    // Whole batches only: the one being written when the kill came is all there or not at all.
    assert_eq!(checked.len() % BATCH, 0, "a partial batch was recorded");
    let committed = checked.len() / BATCH;
    assert!(committed >= reported.len());
    for n in 0..committed * BATCH {
        assert!(
            checked.contains(&format!("p{n}")),
            "post p{n} of a committed batch is missing"
        );
    }
    let stats = store.stats()?;
    assert_eq!(stats.posts, u64::try_from(committed * BATCH)?);
    assert_eq!(stats.findings, u64::try_from(committed * BATCH / 10)?);

    // Resume: a longer archive than the writer got through, skipping what it checked.
    let start = store.begin_or_resume_audit(&sam(), "core", "1.0", "employee")?;
    assert!(start.resumed);
    assert_eq!(start.run, run);
    assert_eq!(start.already_checked, checked);
    let total_batches = committed + 5;
    let mut recorded = 0;
    for batch in 0..total_batches {
        let (posts, findings) = archive_batch(batch, &start.already_checked);
        recorded += posts.len();
        if !posts.is_empty() {
            store.record_batch(run, &posts, &findings)?;
        }
    }
    assert_eq!(
        recorded,
        5 * BATCH,
        "the resumed run re-checked posts it had"
    );
    let info = store.finish_audit(run)?;
    assert_eq!(info.posts_checked, u64::try_from(total_batches * BATCH)?);
    assert_eq!(info.findings, u64::try_from(total_batches * BATCH / 10)?);
    assert_eq!(store.stats()?.posts, info.posts_checked);
    store.check_integrity()?;
    Ok(())
}

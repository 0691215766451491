//! A post-history audit: a platform archive, read as a stream of posts, checked post by post
//! against a guidance pack (each post in the context of its own date), with findings that only
//! show across posts, "what worked" by engagement, and the flagged posts kept in the person's own
//! store so they can work through them over days.
//!
//! The pipeline has three stages, so a million-post archive is never in memory at once: the
//! importer (a thread of its own) hands posts over in batches through a bounded channel; each
//! batch is checked on every core (rayon), in order; then it is summed up, handed to the
//! caller's [`Observer`] (which writes JSON, CSV or a progress bar) and recorded in the store in
//! one transaction. A kill loses at most the batch in flight, and a re-run resumes.
//!
//! Only posts with findings are stored: the store keeps what the person has to act on, nothing
//! more (principle 1: it stores only what the person asks it to keep). Engagement and counts are
//! summed from every post as it streams past.
#![deny(missing_docs)]

mod across;
pub mod html;
mod worked;

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, FixedOffset};
use ft_archive::{Format, Item, Limits, Post, PostKind};
use ft_engine::{Context, Engine, ResolvedContext, default_example_time};
use ft_pack::{Detector, Pack, Severity};
use ft_report::{Checked, WireFinding, WireProfileReport};
use ft_store::{FindingInput, PostInput, SourceKey, Store};
use rayon::prelude::*;
use serde::Serialize;

pub use across::AcrossPosts;
pub use worked::{WhatWorked, WorkedRow};

/// Posts handed from the importer to the checker at a time.
const BATCH: usize = 2048;

/// A failure that stops the audit.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The archive could not be read.
    #[error(transparent)]
    Import(#[from] ft_archive::ImportError),
    /// The context does not fit the pack.
    #[error(transparent)]
    Context(#[from] ft_engine::ContextError),
    /// The store refused something.
    #[error("the audit store: {0}")]
    Store(#[from] ft_store::StoreError),
    /// The archive could not be read at all.
    #[error("cannot read the archive: {0}")]
    Io(#[from] std::io::Error),
}

/// Build the engine an audit uses: the pack without rules about the time of day of posting.
///
/// A reminder that it is late is useful while someone writes; on an archived post it only says
/// when it was posted, and archives give times in UTC rather than the poster's local time.
pub fn audit_engine(mut pack: Pack) -> Result<Engine, ft_engine::CompileError> {
    pack.rules
        .retain(|r| !matches!(&r.detector, Detector::Context(c) if c.hours.is_some()));
    Engine::new(pack)
}

/// What to audit, and how.
#[derive(Clone, Debug)]
pub struct AuditConfig {
    /// The context every post is checked in; each post's own date replaces `at`.
    pub context: Context,
    /// The archive's format, or `None` to detect it.
    pub format: Option<Format>,
    /// The archive's file name, to help detection.
    pub file_name: Option<String>,
    /// Bounds on reading the archive.
    pub limits: Limits,
}

/// A post and its findings, as the audit hands it to the [`Observer`].
#[derive(Clone, Debug)]
pub struct CheckedPost {
    /// The post as imported.
    pub post: Post,
    /// Its findings, in the wire format.
    pub findings: Vec<WireFinding>,
    /// The highest severity among the findings.
    pub worst: Option<Severity>,
    /// Which of the client lists (person, circumstances, setting) the post mentions: bits 0 to 2.
    client_lists: u64,
}

impl CheckedPost {
    /// The post in the audit's JSON form: `id`, `url`, `created_at`, `kind`, `platform`,
    /// `deleted`, `severity` (the worst finding's, or `null`), `text`, `findings`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.post.id,
            "url": self.post.url,
            "created_at": self.post.created_at.map(|t| t.to_rfc3339()),
            "kind": kind_name(self.post.kind),
            "platform": self.post.platform.as_str(),
            "deleted": self.post.deleted,
            "severity": self.worst.map(|s| s.as_str()),
            "text": self.post.text,
            "findings": self.findings,
        })
    }
}

/// The name of a post kind, as in the JSON and the store.
pub fn kind_name(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Post => "post",
        PostKind::Reply => "reply",
        PostKind::Repost => "repost",
        PostKind::Quote => "quote",
        PostKind::Like => "like",
        PostKind::Comment => "comment",
    }
}

/// Receives the audit as it goes. Every method has a default that does nothing.
pub trait Observer {
    /// Each checked post, in archive order.
    fn post(&mut self, _post: &CheckedPost) {}
    /// Progress: posts checked so far, bytes of the archive read so far and its size.
    fn progress(&mut self, _posts: u64, _bytes_read: u64, _bytes_total: u64) {}
}

/// An observer that ignores everything.
pub struct Quiet;

impl Observer for Quiet {}

/// Counts of findings and of posts, by severity.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct SeverityCounts {
    /// Serious.
    pub serious: u64,
    /// Warning.
    pub warning: u64,
    /// Advice.
    pub advice: u64,
    /// Note.
    pub note: u64,
}

impl SeverityCounts {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Serious => self.serious += 1,
            Severity::Warning => self.warning += 1,
            Severity::Advice => self.advice += 1,
            Severity::Note => self.note += 1,
        }
    }

    /// The total.
    pub fn total(&self) -> u64 {
        self.serious + self.warning + self.advice + self.note
    }
}

/// Findings of one principle.
#[derive(Clone, Debug, Serialize)]
pub struct PrincipleCount {
    /// Principle id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Findings.
    pub findings: u64,
    /// Posts with at least one.
    pub posts: u64,
}

/// Findings of one year, by severity.
#[derive(Clone, Debug, Serialize)]
pub struct YearCount {
    /// The year (of the post's own date and offset).
    pub year: i32,
    /// Posts of that year checked.
    pub posts: u64,
    /// Findings by severity.
    #[serde(flatten)]
    pub findings: SeverityCounts,
}

/// What the store did.
#[derive(Clone, Debug, Serialize)]
pub struct StoreOutcome {
    /// The run's id in the store.
    pub run: i64,
    /// Whether an interrupted run was resumed.
    pub resumed: bool,
    /// Posts already recorded by the interrupted run, skipped this time.
    pub already_recorded: u64,
    /// Posts with findings recorded by this run.
    pub recorded: u64,
    /// Findings that were not there in the previous finished audit of this account (all of them
    /// on a first audit).
    pub new_findings: u64,
    /// Whether there was a previous finished audit to compare with.
    pub compared_with_previous: bool,
    /// The first new findings (at most 20): `post_id`, `rule`, `severity`, `message`.
    pub new: Vec<serde_json::Value>,
}

/// The result of an audit: everything but the posts, which went to the [`Observer`].
#[derive(Clone, Debug, Serialize)]
pub struct AuditSummary {
    /// The archive's format.
    pub format: String,
    /// The pack, as `id` and `version`.
    pub pack: BTreeMap<String, String>,
    /// Posts checked (likes and reposts included).
    pub posts: u64,
    /// Records of the archive that could not be read and were skipped.
    pub skipped: u64,
    /// Why the first few skipped records were skipped.
    pub skipped_examples: Vec<String>,
    /// Posts with at least one finding.
    pub posts_with_findings: u64,
    /// Findings by severity.
    pub findings: SeverityCounts,
    /// Posts by their worst severity.
    pub posts_by_severity: SeverityCounts,
    /// Findings by principle, most first.
    pub by_principle: Vec<PrincipleCount>,
    /// Findings by year, oldest first.
    pub by_year: Vec<YearCount>,
    /// Posts by kind.
    pub by_kind: BTreeMap<String, u64>,
    /// Findings that only show across posts.
    pub across_posts: Vec<ft_report::WireFinding>,
    /// The posts most worth a look first.
    pub look_first: Vec<serde_json::Value>,
    /// Engagement by finding category.
    pub what_worked: WhatWorked,
    /// The profile, checked, if the archive has one.
    pub profile: Option<WireProfileReport>,
    /// What the store did, when there is one.
    pub store: Option<StoreOutcome>,
    /// Wall time, in seconds.
    pub seconds: f64,
}

/// Wraps the archive reader to count how far into it the importer is, for progress.
struct Counting<R> {
    inner: R,
    position: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.position.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        let at = self.inner.seek(pos)?;
        self.position.store(at, Ordering::Relaxed);
        Ok(at)
    }
}

enum Message {
    Posts(Vec<Post>),
    Profile(Box<ft_archive::Profile>),
    Skipped(String),
}

/// The time a post is checked at: its own, or a neutral noon when the archive gives none.
fn post_time(post: &Post) -> DateTime<FixedOffset> {
    post.created_at.unwrap_or_else(default_example_time)
}

fn check_post(engine: &Engine, base: &ResolvedContext, watch: &[usize], post: Post) -> CheckedPost {
    let mut context = base.clone();
    context.set_time(engine.pack(), post_time(&post));
    let (report, client_lists) = engine.check_noting(&post.text, &context, watch);
    let worst = report.findings.iter().map(|f| f.severity).max();
    let findings = if report.findings.is_empty() {
        Vec::new()
    } else {
        let checked = Checked {
            id: Some(&post.id),
            text: &post.text,
            report: &report,
            context: &context,
            first_line: 1,
        };
        ft_report::wire_report(engine, &checked).findings
    };
    CheckedPost {
        post,
        findings,
        worst,
        client_lists,
    }
}

/// A severity as the store names it.
pub fn store_severity(s: Severity) -> ft_store::Severity {
    match s {
        Severity::Serious => ft_store::Severity::Serious,
        Severity::Warning => ft_store::Severity::Warning,
        Severity::Advice => ft_store::Severity::Advice,
        Severity::Note => ft_store::Severity::Note,
    }
}

fn store_kind(kind: PostKind) -> ft_store::PostKind {
    match kind {
        PostKind::Post => ft_store::PostKind::Post,
        PostKind::Reply => ft_store::PostKind::Reply,
        PostKind::Repost => ft_store::PostKind::Repost,
        PostKind::Quote => ft_store::PostKind::Quote,
        PostKind::Like => ft_store::PostKind::Like,
        PostKind::Comment => ft_store::PostKind::Comment,
    }
}

/// A short description of the context, stored with each run (a resumed run needs the same).
pub fn describe_context(context: &Context) -> String {
    let mut parts = vec![format!("account={}", context.account)];
    if !context.roles.is_empty() {
        parts.push(format!("roles={}", context.roles.join(",")));
    }
    if !context.professions.is_empty() {
        parts.push(format!("professions={}", context.professions.join(",")));
    }
    if let Some(p) = context.platform {
        parts.push(format!("platform={p}"));
    }
    parts.join("; ")
}

/// Orders posts by how much they are worth a look: worst severity, then most findings, then most
/// engagement (the posts most people saw). Smaller is more worth a look.
type LookFirstKey = std::cmp::Reverse<(Severity, usize, u64)>;

/// What the store writer hands back: the store, the run it recorded into, and how many posts.
type Written<'s> = (&'s mut Store, Option<ft_store::AuditStart>, u64);

/// Everything summed up while posts stream past.
struct Tally {
    posts: u64,
    posts_with_findings: u64,
    findings: SeverityCounts,
    posts_by_severity: SeverityCounts,
    by_principle: BTreeMap<String, PrincipleCount>,
    by_year: BTreeMap<i32, YearCount>,
    by_kind: BTreeMap<String, u64>,
    look_first: Vec<(LookFirstKey, serde_json::Value)>,
    worked: worked::Accumulator,
    across: across::Accumulator,
}

impl Tally {
    fn add(&mut self, post: &CheckedPost, tracks_clients: bool) {
        self.posts += 1;
        *self
            .by_kind
            .entry(kind_name(post.post.kind).to_string())
            .or_default() += 1;
        let year = post.post.created_at.map(|t| t.year());
        if let Some(y) = year {
            let entry = self.by_year.entry(y).or_insert_with(|| YearCount {
                year: y,
                posts: 0,
                findings: SeverityCounts::default(),
            });
            entry.posts += 1;
        }
        self.worked.add(post);
        self.across.add(post, tracks_clients);
        let Some(worst) = post.worst else {
            return;
        };
        self.posts_with_findings += 1;
        self.posts_by_severity.add(worst);
        let mut principles_seen: Vec<&str> = Vec::new();
        for f in &post.findings {
            let severity = Severity::from_name(&f.severity).unwrap_or(Severity::Note);
            self.findings.add(severity);
            if let Some(y) = year
                && let Some(entry) = self.by_year.get_mut(&y)
            {
                entry.findings.add(severity);
            }
            let p = self
                .by_principle
                .entry(f.principle.id.clone())
                .or_insert_with(|| PrincipleCount {
                    id: f.principle.id.clone(),
                    title: f.principle.title.clone(),
                    findings: 0,
                    posts: 0,
                });
            p.findings += 1;
            if !principles_seen.contains(&f.principle.id.as_str()) {
                principles_seen.push(&f.principle.id);
                p.posts += 1;
            }
        }
        // The ten posts most worth a look: worst severity, then most findings, then the most
        // engagement (the posts most people saw).
        let engagement = post.post.likes.unwrap_or(0) + post.post.reposts.unwrap_or(0);
        let key = std::cmp::Reverse((worst, post.findings.len(), engagement));
        if self.look_first.len() < 10 || key < self.look_first[self.look_first.len() - 1].0 {
            self.look_first.push((key, post.to_json()));
            self.look_first.sort_by_key(|(key, _)| *key);
            self.look_first.truncate(10);
        }
    }
}

/// Run an audit of `reader`, an archive, with `engine` (see [`audit_engine`]). Each checked post
/// goes to `observer`; posts with findings are recorded in `store`, if given.
pub fn audit<R: Read + Seek + Send>(
    mut reader: R,
    engine: &Engine,
    config: &AuditConfig,
    mut store: Option<&mut Store>,
    observer: &mut dyn Observer,
) -> Result<AuditSummary, AuditError> {
    let started = Instant::now();
    let total = reader.seek(SeekFrom::End(0))?;
    reader.seek(SeekFrom::Start(0))?;
    let format = match config.format {
        Some(f) => f,
        None => ft_archive::detect(&mut reader, config.file_name.as_deref())?,
    };
    let base = engine.resolve(&config.context)?;
    let pack = engine.pack();
    let list = |id: &str| pack.lists.iter().position(|l| l.id == id);
    // The client lists, watched in the same pass as the check; all three or none.
    let watch: Vec<usize> = [
        list(across::CLIENT_PERSON),
        list(across::CLIENT_CIRCUMSTANCES),
        list(across::CLIENT_SETTING),
    ]
    .into_iter()
    .collect::<Option<Vec<usize>>>()
    .unwrap_or_default();
    let tracks_clients = !watch.is_empty();

    let position = Arc::new(AtomicU64::new(0));
    let counting = Counting {
        inner: reader,
        position: Arc::clone(&position),
    };
    let limits = config.limits.clone();
    let (tx, rx) = sync_channel::<Message>(4);

    let mut tally = Tally {
        posts: 0,
        posts_with_findings: 0,
        findings: SeverityCounts::default(),
        posts_by_severity: SeverityCounts::default(),
        by_principle: BTreeMap::new(),
        by_year: BTreeMap::new(),
        by_kind: BTreeMap::new(),
        look_first: Vec::new(),
        worked: worked::Accumulator::default(),
        across: across::Accumulator::default(),
    };
    let mut skipped = 0u64;
    let mut skipped_examples = Vec::new();
    let mut profile: Option<ft_archive::Profile> = None;
    let mut run: Option<ft_store::AuditStart> = None;
    let mut recorded = 0u64;
    let mut last_progress = Instant::now();
    let context_text = describe_context(&config.context);

    let import_result = std::thread::scope(
        |scope| -> Result<Result<ft_archive::Summary, ft_archive::ImportError>, AuditError> {
            let importer = scope.spawn(move || {
                let mut batch: Vec<Post> = Vec::with_capacity(BATCH);
                let tx_items = tx.clone();
                let result = ft_archive::import(counting, format, &limits, &mut |item| {
                    let sent = match item {
                        Item::Post(p) => {
                            batch.push(p);
                            if batch.len() < BATCH {
                                return ControlFlow::Continue(());
                            }
                            tx_items.send(Message::Posts(std::mem::take(&mut batch)))
                        }
                        Item::Profile(p) => tx_items.send(Message::Profile(Box::new(p))),
                        Item::Skipped(e) => tx_items.send(Message::Skipped(e.to_string())),
                    };
                    if sent.is_err() {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                });
                if !batch.is_empty() {
                    let _ = tx.send(Message::Posts(batch));
                }
                result
            });

            // The checker: each batch of posts checked on every core, in order, handed on.
            let (checked_tx, checked_rx) = sync_channel::<Result<Vec<CheckedPost>, Message>>(2);
            let watch = &watch;
            let base = &base;
            let checker = scope.spawn(move || {
                for message in rx {
                    let out = match message {
                        Message::Posts(batch) => Ok(batch
                            .into_par_iter()
                            .map(|post| check_post(engine, base, watch, post))
                            .collect()),
                        other => Err(other),
                    };
                    if checked_tx.send(out).is_err() {
                        break;
                    }
                }
            });

            // The writer: flagged posts recorded in the store, one transaction per batch, while
            // the next batches are checked.
            let (store_tx, writer) = match store.take() {
                Some(store) => {
                    let (tx, rx) = sync_channel::<(SourceKey, Vec<CheckedPost>)>(2);
                    let context_text = &context_text;
                    let writer = scope.spawn(move || -> Result<Written<'_>, AuditError> {
                        let mut run: Option<ft_store::AuditStart> = None;
                        let mut recorded = 0u64;
                        for (key, batch) in rx {
                            let start = match run.take() {
                                Some(start) => start,
                                None => store.begin_or_resume_audit(
                                    &key,
                                    &pack.meta.id,
                                    &pack.meta.version,
                                    context_text,
                                )?,
                            };
                            recorded += record(store, &start, &batch)?;
                            run = Some(start);
                        }
                        Ok((store, run, recorded))
                    });
                    (Some(tx), Some(writer))
                }
                None => (None, None),
            };
            let mut store_key: Option<SourceKey> = None;

            for message in checked_rx {
                match message {
                    Err(Message::Profile(p)) => profile = Some(*p),
                    Err(Message::Skipped(e)) => {
                        skipped += 1;
                        if skipped_examples.len() < 5 {
                            skipped_examples.push(e);
                        }
                    }
                    Err(Message::Posts(_)) => {}
                    Ok(checked) => {
                        for post in &checked {
                            tally.add(post, tracks_clients);
                            observer.post(post);
                        }
                        if let Some(tx) = &store_tx {
                            let key = store_key.get_or_insert_with(|| {
                                source_key(format, profile.as_ref(), config.file_name.as_deref())
                            });
                            let flagged: Vec<CheckedPost> = checked
                                .into_iter()
                                .filter(|c| !c.findings.is_empty())
                                .collect();
                            if tx.send((key.clone(), flagged)).is_err() {
                                break; // The writer failed; its error is reported below.
                            }
                        }
                        if last_progress.elapsed() >= Duration::from_millis(100) {
                            observer.progress(tally.posts, position.load(Ordering::Relaxed), total);
                            last_progress = Instant::now();
                        }
                    }
                }
            }
            drop(store_tx);
            let _ = checker.join();
            if let Some(writer) = writer {
                let (returned, started, count) = writer.join().unwrap_or_else(|_| {
                    Err(AuditError::Io(std::io::Error::other(
                        "the store writer stopped unexpectedly",
                    )))
                })?;
                store = Some(returned);
                run = started;
                recorded = count;
            }
            Ok(importer.join().unwrap_or_else(|_| {
                Err(ft_archive::ImportError::Io(std::io::Error::other(
                    "the archive reader stopped unexpectedly",
                )))
            }))
        },
    )?;
    // The importer's own counts are the ones summed up above, record by record.
    import_result?;
    observer.progress(tally.posts, total, total);

    let mut store_outcome = None;
    if let Some(store) = store {
        let start = match run.take() {
            Some(start) => start,
            None => store.begin_or_resume_audit(
                &source_key(format, profile.as_ref(), config.file_name.as_deref()),
                &pack.meta.id,
                &pack.meta.version,
                &context_text,
            )?,
        };
        store.finish_audit(start.run)?;
        let compared = store.previous_finished_run(start.run)?.is_some();
        let new_list = store.new_since_previous_run(start.run)?;
        let new_findings = new_list.len() as u64;
        let new = new_list
            .iter()
            .take(20)
            .map(|f| {
                serde_json::json!({
                    "post_id": f.post_id,
                    "rule": f.rule_id,
                    "severity": f.severity.as_str(),
                    "message": f.message,
                })
            })
            .collect();
        store_outcome = Some(StoreOutcome {
            run: start.run.get(),
            resumed: start.resumed,
            already_recorded: start.already_checked.len() as u64,
            recorded,
            new_findings,
            compared_with_previous: compared,
            new,
        });
    }

    let profile_report = profile.as_ref().map(|p| check_profile(engine, &base, p));
    let across_posts = tally.across.finish(engine, &base, tally.posts);
    let mut by_principle: Vec<PrincipleCount> = tally.by_principle.into_values().collect();
    by_principle.sort_by(|a, b| b.findings.cmp(&a.findings).then(a.id.cmp(&b.id)));
    let mut pack_meta = BTreeMap::new();
    pack_meta.insert("id".to_string(), pack.meta.id.clone());
    pack_meta.insert("version".to_string(), pack.meta.version.clone());
    Ok(AuditSummary {
        format: format.as_str().to_string(),
        pack: pack_meta,
        posts: tally.posts,
        skipped,
        skipped_examples,
        posts_with_findings: tally.posts_with_findings,
        findings: tally.findings,
        posts_by_severity: tally.posts_by_severity,
        by_principle,
        by_year: tally.by_year.into_values().collect(),
        by_kind: tally.by_kind,
        across_posts,
        look_first: tally.look_first.into_iter().map(|(_, v)| v).collect(),
        what_worked: tally.worked.finish(),
        profile: profile_report,
        store: store_outcome,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The store's key for the archive's account: its platform and handle; else the profile's id;
/// else (a CSV or JSON file of posts names no account) the archive's file name, so auditing the
/// same file again finds the same account.
fn source_key(
    format: Format,
    profile: Option<&ft_archive::Profile>,
    file_name: Option<&str>,
) -> SourceKey {
    let handle = profile
        .and_then(|p| p.handle.clone().or_else(|| p.id.clone()))
        .filter(|h| !h.trim().is_empty())
        .or_else(|| file_name.map(|f| format!("file:{f}")))
        .unwrap_or_else(|| "file:archive".to_string());
    SourceKey::new(format.platform().as_str(), handle)
}

fn record(
    store: &mut Store,
    start: &ft_store::AuditStart,
    checked: &[CheckedPost],
) -> Result<u64, AuditError> {
    let mut posts = Vec::new();
    let mut findings = Vec::new();
    for c in checked {
        if c.findings.is_empty() || start.already_checked.contains(&c.post.id) {
            continue;
        }
        posts.push(PostInput {
            id: c.post.id.clone(),
            kind: store_kind(c.post.kind),
            text: c.post.text.clone(),
            url: c.post.url.clone(),
            created_at: c
                .post
                .created_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            likes: c.post.likes,
            reposts: c.post.reposts,
            replies: c.post.replies,
            deleted: c.post.deleted,
        });
        for f in &c.findings {
            findings.push(FindingInput {
                post_id: c.post.id.clone(),
                rule_id: f.rule.clone(),
                principle_id: f.principle.id.clone(),
                severity: store_severity(
                    Severity::from_name(&f.severity).unwrap_or(Severity::Note),
                ),
                confidence: f.confidence as f32,
                byte_start: f.byte_start as usize,
                byte_end: f.byte_end as usize,
                matched_text: f.matched.clone(),
                message: f.message.clone(),
            });
        }
    }
    if posts.is_empty() {
        return Ok(0);
    }
    store.record_batch(start.run, &posts, &findings)?;
    Ok(posts.len() as u64)
}

fn check_profile(
    engine: &Engine,
    base: &ResolvedContext,
    p: &ft_archive::Profile,
) -> WireProfileReport {
    let profile = ft_engine::Profile {
        name: p.display_name.clone(),
        handle: p.handle.clone(),
        bio: p.bio.clone(),
        location: p.location.clone(),
        website: p.website.clone(),
    };
    let report = engine.check_profile(&profile, base);
    ft_report::wire_profile(engine, p.handle.as_deref(), &profile, &report, base)
}

//! Recording audits: sources, runs, and batches of checked posts with their findings.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::error::InputProblem;
use crate::model::{
    AuditStart, FindingInput, Fingerprint, PostInput, RunId, RunInfo, RunState, SourceId,
    SourceInfo, SourceKey,
};
use crate::{Store, StoreError, count, fingerprint, named_column, now};

const UPSERT_POST: &str = "
    INSERT INTO posts (source_id, platform_post_id, kind, text, url, created_at, created_unix,
                       year, likes, reposts, replies, deleted, checked_run)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
    ON CONFLICT (source_id, platform_post_id) DO UPDATE SET
        kind = excluded.kind, text = excluded.text, url = excluded.url,
        created_at = excluded.created_at, created_unix = excluded.created_unix,
        year = excluded.year, likes = excluded.likes, reposts = excluded.reposts,
        replies = excluded.replies, deleted = excluded.deleted, checked_run = excluded.checked_run
    RETURNING id";

const INSERT_FINDING: &str = "
    INSERT INTO findings (post_id, run_id, rule_id, principle_id, severity, confidence,
                          byte_start, byte_end, matched_text, message, fingerprint)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

const RUN_COLUMNS: &str = "id, source_id, pack_id, pack_version, context, state, started_at,
     finished_at, posts_checked, posts_with_findings, findings";

impl Store {
    /// Starts a new audit run of `source` (created on first use) with a pack and a context
    /// description. An unfinished run of the same source is abandoned: its findings stay until
    /// the new run replaces them, but it can no longer be resumed.
    pub fn begin_audit(
        &mut self,
        source: &SourceKey,
        pack_id: &str,
        pack_version: &str,
        context: &str,
    ) -> Result<RunId, StoreError> {
        if source.platform.is_empty() || source.handle.is_empty() {
            return Err(StoreError::InvalidSource {
                platform: source.platform.clone(),
                handle: source.handle.clone(),
            });
        }
        let now = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO sources (platform, handle, first_imported_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (platform, handle) DO NOTHING",
            params![source.platform, source.handle, now],
        )?;
        let source_id: i64 = tx.query_row(
            "SELECT id FROM sources WHERE platform = ?1 AND handle = ?2",
            params![source.platform, source.handle],
            |row| row.get(0),
        )?;
        tx.execute(
            "UPDATE audit_runs SET state = 'abandoned' WHERE source_id = ?1 AND state = 'running'",
            [source_id],
        )?;
        tx.execute(
            "INSERT INTO audit_runs (source_id, pack_id, pack_version, context, started_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![source_id, pack_id, pack_version, context, now],
        )?;
        let run = RunId(tx.last_insert_rowid());
        tx.commit()?;
        Ok(run)
    }

    /// The newest unfinished run of `source` with this pack id, pack version and context, if
    /// any: the run to resume after a crash or a kill.
    pub fn resumable_run(
        &self,
        source: &SourceKey,
        pack_id: &str,
        pack_version: &str,
        context: &str,
    ) -> Result<Option<RunId>, StoreError> {
        let run = self
            .conn
            .prepare_cached(
                "SELECT r.id FROM audit_runs r JOIN sources s ON s.id = r.source_id
                 WHERE s.platform = ?1 AND s.handle = ?2 AND r.state = 'running'
                   AND r.pack_id = ?3 AND r.pack_version = ?4 AND r.context = ?5
                 ORDER BY r.id DESC LIMIT 1",
            )?
            .query_row(
                params![
                    source.platform,
                    source.handle,
                    pack_id,
                    pack_version,
                    context
                ],
                |row| row.get(0),
            )
            .optional()?;
        Ok(run.map(RunId))
    }

    /// The platform ids of the posts `run` has recorded so far.
    pub fn checked_post_ids(&self, run: RunId) -> Result<HashSet<String>, StoreError> {
        self.run(run)?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT platform_post_id FROM posts WHERE checked_run = ?1")?;
        let ids = stmt
            .query_map([run.0], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Resumes the unfinished run of `source` with this pack and context (see
    /// [`resumable_run`](Store::resumable_run)), or begins a new one. Skip the posts in
    /// [`AuditStart::already_checked`].
    pub fn begin_or_resume_audit(
        &mut self,
        source: &SourceKey,
        pack_id: &str,
        pack_version: &str,
        context: &str,
    ) -> Result<AuditStart, StoreError> {
        if let Some(run) = self.resumable_run(source, pack_id, pack_version, context)? {
            let already_checked = self.checked_post_ids(run)?;
            return Ok(AuditStart {
                run,
                resumed: true,
                already_checked,
            });
        }
        let run = self.begin_audit(source, pack_id, pack_version, context)?;
        Ok(AuditStart {
            run,
            resumed: false,
            already_checked: HashSet::new(),
        })
    }

    /// Records a batch of checked posts and their findings, in one transaction: all of it or,
    /// on any error, none of it. Every post is upserted (a post recorded before is updated in
    /// place, keeping its decision) and its findings replace the ones it had. Every finding
    /// must be about a post in the batch; a post without findings was checked and is clean.
    pub fn record_batch(
        &mut self,
        run: RunId,
        posts: &[PostInput],
        findings: &[FindingInput],
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let info = run_info(&tx, run)?;
        if info.state != RunState::Running {
            return Err(StoreError::RunNotRunning {
                run,
                state: info.state,
            });
        }
        let source = source_info(&tx, info.source)?;
        let batch = Batch::validate(&source.key, posts, findings)?;
        {
            let mut upsert = tx.prepare_cached(UPSERT_POST)?;
            let mut clear = tx.prepare_cached("DELETE FROM findings WHERE post_id = ?1")?;
            let mut insert = tx.prepare_cached(INSERT_FINDING)?;
            let mut remember = tx.prepare_cached(
                "INSERT OR IGNORE INTO run_fingerprints (run_id, fingerprint) VALUES (?1, ?2)",
            )?;
            for (post, checked) in posts.iter().zip(&batch.posts) {
                let row_id: i64 = upsert.query_row(
                    params![
                        source.id.0,
                        post.id,
                        post.kind.as_str(),
                        post.text,
                        post.url,
                        checked.created_at,
                        checked.created_unix,
                        checked.year,
                        checked.likes,
                        checked.reposts,
                        checked.replies,
                        post.deleted,
                        run.0,
                    ],
                    |row| row.get(0),
                )?;
                clear.execute([row_id])?;
                for (index, fingerprint) in &checked.findings {
                    let finding = &findings[*index];
                    insert.execute(params![
                        row_id,
                        run.0,
                        finding.rule_id,
                        finding.principle_id,
                        finding.severity.as_str(),
                        f64::from(finding.confidence),
                        to_i64(finding.byte_start),
                        to_i64(finding.byte_end),
                        finding.matched_text,
                        finding.message,
                        fingerprint.as_str(),
                    ])?;
                    remember.execute(params![run.0, fingerprint.as_str()])?;
                }
            }
            let flagged = batch
                .posts
                .iter()
                .filter(|p| !p.findings.is_empty())
                .count();
            tx.execute(
                "UPDATE audit_runs SET posts_checked = posts_checked + ?2,
                     posts_with_findings = posts_with_findings + ?3, findings = findings + ?4
                 WHERE id = ?1",
                params![
                    run.0,
                    to_i64(posts.len()),
                    to_i64(flagged),
                    to_i64(findings.len())
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Closes a run: its counts are recomputed exactly, and the source's last audit time set.
    pub fn finish_audit(&mut self, run: RunId) -> Result<RunInfo, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let info = run_info(&tx, run)?;
        if info.state != RunState::Running {
            return Err(StoreError::RunNotRunning {
                run,
                state: info.state,
            });
        }
        let now = now();
        tx.execute(
            "UPDATE audit_runs SET state = 'finished', finished_at = ?2,
                 posts_checked = (SELECT count(*) FROM posts WHERE checked_run = ?1),
                 posts_with_findings =
                     (SELECT count(DISTINCT post_id) FROM findings WHERE run_id = ?1),
                 findings = (SELECT count(*) FROM findings WHERE run_id = ?1)
             WHERE id = ?1",
            params![run.0, now],
        )?;
        tx.execute(
            "UPDATE sources SET last_audit_at = ?2 WHERE id = ?1",
            params![info.source.0, now],
        )?;
        let info = run_info(&tx, run)?;
        tx.commit()?;
        Ok(info)
    }

    /// A run.
    pub fn run(&self, run: RunId) -> Result<RunInfo, StoreError> {
        run_info(&self.conn, run)
    }

    /// The runs of a source, newest first.
    pub fn runs(&self, source: SourceId) -> Result<Vec<RunInfo>, StoreError> {
        source_info(&self.conn, source)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RUN_COLUMNS} FROM audit_runs WHERE source_id = ?1 ORDER BY id DESC"
        ))?;
        let runs = stmt
            .query_map([source.0], run_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(runs)
    }

    /// Every source, by platform and handle.
    pub fn sources(&self) -> Result<Vec<SourceInfo>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, platform, handle, first_imported_at, last_audit_at FROM sources
             ORDER BY platform, handle",
        )?;
        let sources = stmt
            .query_map([], source_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(sources)
    }

    /// The source with this platform and handle, if it was ever imported.
    pub fn source(&self, key: &SourceKey) -> Result<Option<SourceInfo>, StoreError> {
        let source = self
            .conn
            .prepare_cached(
                "SELECT id, platform, handle, first_imported_at, last_audit_at FROM sources
                 WHERE platform = ?1 AND handle = ?2",
            )?
            .query_row(params![key.platform, key.handle], source_from_row)
            .optional()?;
        Ok(source)
    }
}

/// A run, or [`StoreError::UnknownRun`].
pub(crate) fn run_info(conn: &Connection, run: RunId) -> Result<RunInfo, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT {RUN_COLUMNS} FROM audit_runs WHERE id = ?1"
    ))?
    .query_row([run.0], run_from_row)
    .optional()?
    .ok_or(StoreError::UnknownRun(run))
}

/// A source, or [`StoreError::UnknownSource`].
pub(crate) fn source_info(conn: &Connection, source: SourceId) -> Result<SourceInfo, StoreError> {
    conn.prepare_cached(
        "SELECT id, platform, handle, first_imported_at, last_audit_at FROM sources
         WHERE id = ?1",
    )?
    .query_row([source.0], source_from_row)
    .optional()?
    .ok_or(StoreError::UnknownSource(source))
}

fn run_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RunInfo> {
    Ok(RunInfo {
        id: RunId(row.get(0)?),
        source: SourceId(row.get(1)?),
        pack_id: row.get(2)?,
        pack_version: row.get(3)?,
        context: row.get(4)?,
        state: named_column(row, 5)?,
        started_at: row.get(6)?,
        finished_at: row.get(7)?,
        posts_checked: count(row.get(8)?),
        posts_with_findings: count(row.get(9)?),
        findings: count(row.get(10)?),
    })
}

fn source_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SourceInfo> {
    Ok(SourceInfo {
        id: SourceId(row.get(0)?),
        key: SourceKey {
            platform: row.get(1)?,
            handle: row.get(2)?,
        },
        first_imported_at: row.get(3)?,
        last_audit_at: row.get(4)?,
    })
}

/// Offsets and lengths fit an `i64` on every platform Rust supports.
fn to_i64(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A batch, checked before anything is written: what the database needs beyond the inputs.
struct Batch {
    /// One per post, in input order.
    posts: Vec<CheckedPost>,
}

struct CheckedPost {
    created_at: Option<String>,
    created_unix: Option<i64>,
    year: Option<i32>,
    likes: Option<i64>,
    reposts: Option<i64>,
    replies: Option<i64>,
    /// The post's findings, as indices into the batch's findings, with their fingerprints.
    findings: Vec<(usize, Fingerprint)>,
}

impl Batch {
    fn validate(
        source: &SourceKey,
        posts: &[PostInput],
        findings: &[FindingInput],
    ) -> Result<Batch, StoreError> {
        let mut index_of = HashMap::with_capacity(posts.len());
        let mut checked = Vec::with_capacity(posts.len());
        for (index, post) in posts.iter().enumerate() {
            let invalid = |problem| StoreError::InvalidInput {
                post_id: post.id.clone(),
                problem,
            };
            if post.id.is_empty() {
                return Err(invalid(InputProblem::EmptyPostId));
            }
            if index_of.insert(post.id.as_str(), index).is_some() {
                return Err(invalid(InputProblem::DuplicatePost));
            }
            // An empty `created_at` is an undated post (a like in an X archive has no date).
            let created = if post.created_at.is_empty() {
                None
            } else {
                Some(DateTime::parse_from_rfc3339(&post.created_at).map_err(|_| {
                    invalid(InputProblem::BadTimestamp {
                        value: post.created_at.clone(),
                    })
                })?)
            };
            let engagement = |field, value: Option<u64>| {
                value
                    .map(|value| {
                        i64::try_from(value)
                            .map_err(|_| invalid(InputProblem::CountTooLarge { field, value }))
                    })
                    .transpose()
            };
            checked.push(CheckedPost {
                created_at: created.map(|_| post.created_at.clone()),
                created_unix: created.map(|c| c.timestamp()),
                year: created.map(|c| c.year()),
                likes: engagement("likes", post.likes)?,
                reposts: engagement("reposts", post.reposts)?,
                replies: engagement("replies", post.replies)?,
                findings: Vec::new(),
            });
        }
        let mut by_post: Vec<Vec<usize>> = vec![Vec::new(); posts.len()];
        for (index, finding) in findings.iter().enumerate() {
            let invalid = |problem| StoreError::InvalidInput {
                post_id: finding.post_id.clone(),
                problem,
            };
            let Some(&post) = index_of.get(finding.post_id.as_str()) else {
                return Err(invalid(InputProblem::FindingWithoutPost {
                    rule_id: finding.rule_id.clone(),
                }));
            };
            check_finding(finding, &posts[post].text).map_err(invalid)?;
            by_post[post].push(index);
        }
        for ((post, checked), mut indices) in posts.iter().zip(&mut checked).zip(by_post) {
            checked.findings = fingerprints(source, &post.id, findings, &mut indices);
        }
        Ok(Batch { posts: checked })
    }
}

fn check_finding(finding: &FindingInput, text: &str) -> Result<(), InputProblem> {
    if finding.rule_id.is_empty() || finding.principle_id.is_empty() {
        return Err(InputProblem::EmptyRuleOrPrinciple);
    }
    let (start, end) = (finding.byte_start, finding.byte_end);
    if text.get(start..end).is_none() {
        return Err(InputProblem::BadRange {
            rule_id: finding.rule_id.clone(),
            start,
            end,
            len: text.len(),
        });
    }
    if !(0.0..=1.0).contains(&finding.confidence) {
        return Err(InputProblem::BadConfidence {
            rule_id: finding.rule_id.clone(),
            confidence: finding.confidence.to_string(),
        });
    }
    Ok(())
}

/// Fingerprints for one post's findings: the n-th match (in text order) of the same text by
/// the same rule is occurrence n.
fn fingerprints(
    source: &SourceKey,
    post_id: &str,
    findings: &[FindingInput],
    indices: &mut [usize],
) -> Vec<(usize, Fingerprint)> {
    indices.sort_by(|&a, &b| {
        let (a, b) = (&findings[a], &findings[b]);
        (a.byte_start, a.byte_end, &a.rule_id).cmp(&(b.byte_start, b.byte_end, &b.rule_id))
    });
    let mut seen: HashMap<(&str, &str), u32> = HashMap::new();
    indices
        .iter()
        .map(|&index| {
            let finding = &findings[index];
            let occurrence = seen
                .entry((finding.rule_id.as_str(), finding.matched_text.as_str()))
                .or_insert(0);
            let print = fingerprint(
                source,
                post_id,
                &finding.rule_id,
                &finding.matched_text,
                *occurrence,
            );
            *occurrence += 1;
            (index, print)
        })
        .collect()
}

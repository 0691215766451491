//! Reviewing: the open items, decisions, what is new since the previous audit, and the list of
//! posts to delete.

use rusqlite::{OptionalExtension, params};

use crate::model::{
    Decision, DecisionRecord, DeleteLink, Fingerprint, ReviewFilter, ReviewItem, RunId, SourceId,
    StoredFinding, StoredPost,
};
use crate::record::{run_info, source_info};
use crate::{Severity, Store, StoreError, named_column, now};

/// The conditions of a [`ReviewFilter`], over `posts p`, `findings f` and `decisions d`, with
/// the source as `?1`. Open: not deleted, and no decision or only `reviewed`.
const OPEN_ITEMS_WHERE: &str = "
    p.source_id = ?1 AND p.deleted = 0
    AND (d.decision IS NULL OR d.decision = 'reviewed')
    AND (?2 IS NULL OR f.severity_rank >= ?2)
    AND (?3 IS NULL OR f.principle_id = ?3)
    AND (?4 IS NULL OR f.rule_id = ?4)
    AND (?5 IS NULL OR p.year = ?5)
    AND (?6 IS NULL OR p.kind = ?6)";

const FINDING_COLUMNS: &str = "p.platform_post_id, f.run_id, f.rule_id, f.principle_id,
    f.severity, f.confidence, f.byte_start, f.byte_end, f.matched_text, f.message, f.fingerprint";

const POST_COLUMNS: &str = "p.platform_post_id, p.kind, p.text, p.url, p.created_at, p.year,
    p.likes, p.reposts, p.replies, p.deleted";

impl Store {
    /// Flagged posts of `source` still to review: not deleted, with at least one finding that
    /// meets the filter, and without a final decision. Most severe first (by the most severe
    /// finding that meets the filter), then newest first. Each item carries all the post's
    /// findings, so the person sees the whole post they are deciding about.
    pub fn open_items(
        &self,
        source: SourceId,
        filter: &ReviewFilter,
    ) -> Result<Vec<ReviewItem>, StoreError> {
        source_info(&self.conn, source)?;
        // Findings drive the join: there are far fewer of them than posts.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT p.id, max(f.severity_rank) AS top
             FROM findings f CROSS JOIN posts p ON p.id = f.post_id
             LEFT JOIN decisions d ON d.post_id = p.id
             WHERE {OPEN_ITEMS_WHERE}
             GROUP BY p.id
             ORDER BY top DESC, p.created_unix DESC, p.id DESC
             LIMIT ?7 OFFSET ?8"
        ))?;
        let limit = filter.limit.map_or(-1, i64::from);
        let mut args = filter_params(source, filter);
        args.push(limit.into());
        args.push(i64::from(filter.offset).into());
        let rows: Vec<(i64, i64)> = stmt
            .query_map(rusqlite::params_from_iter(args), |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(post, top)| {
                let top = Severity::from_rank(top).unwrap_or(Severity::Note);
                self.load_item(post, top)
            })
            .collect()
    }

    /// How many items [`open_items`](Store::open_items) would list without a limit.
    pub fn open_item_count(
        &self,
        source: SourceId,
        filter: &ReviewFilter,
    ) -> Result<u64, StoreError> {
        source_info(&self.conn, source)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT count(DISTINCT p.id)
             FROM findings f CROSS JOIN posts p ON p.id = f.post_id
             LEFT JOIN decisions d ON d.post_id = p.id
             WHERE {OPEN_ITEMS_WHERE}"
        ))?;
        let n: i64 = stmt.query_row(
            rusqlite::params_from_iter(filter_params(source, filter)),
            |row| row.get(0),
        )?;
        Ok(crate::count(n))
    }

    /// One post of `source` as a review item, whatever its decision; `None` if it has no
    /// findings.
    pub fn item(&self, source: SourceId, post_id: &str) -> Result<Option<ReviewItem>, StoreError> {
        let row_id = self.post_row(source, post_id)?;
        let top: Option<i64> = self.conn.query_row(
            "SELECT max(severity_rank) FROM findings WHERE post_id = ?1",
            [row_id],
            |row| row.get(0),
        )?;
        top.and_then(Severity::from_rank)
            .map(|top| self.load_item(row_id, top))
            .transpose()
    }

    /// Records the person's decision about a post of `source`, replacing any earlier one.
    pub fn set_decision(
        &mut self,
        source: SourceId,
        post_id: &str,
        decision: Decision,
        note: &str,
    ) -> Result<DecisionRecord, StoreError> {
        let row_id = self.post_row(source, post_id)?;
        let decided_at = now();
        self.conn.execute(
            "INSERT INTO decisions (post_id, decision, note, decided_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (post_id) DO UPDATE SET decision = excluded.decision,
                 note = excluded.note, decided_at = excluded.decided_at",
            params![row_id, decision.as_str(), note, decided_at],
        )?;
        Ok(DecisionRecord {
            post_id: post_id.to_owned(),
            decision,
            note: note.to_owned(),
            decided_at,
        })
    }

    /// Removes the decision about a post (an undo); whether there was one.
    pub fn clear_decision(&mut self, source: SourceId, post_id: &str) -> Result<bool, StoreError> {
        let row_id = self.post_row(source, post_id)?;
        let removed = self
            .conn
            .execute("DELETE FROM decisions WHERE post_id = ?1", [row_id])?;
        Ok(removed > 0)
    }

    /// Every decision about posts of `source`, latest first.
    pub fn decisions(&self, source: SourceId) -> Result<Vec<DecisionRecord>, StoreError> {
        source_info(&self.conn, source)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.platform_post_id, d.decision, d.note, d.decided_at
             FROM decisions d JOIN posts p ON p.id = d.post_id
             WHERE p.source_id = ?1
             ORDER BY d.decided_at DESC, p.platform_post_id",
        )?;
        let decisions = stmt
            .query_map([source.0], decision_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(decisions)
    }

    /// The posts of `source` the person decided to delete, newest first, as links to open.
    pub fn will_delete_links(&self, source: SourceId) -> Result<Vec<DeleteLink>, StoreError> {
        source_info(&self.conn, source)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.platform_post_id, p.url, p.created_at
             FROM decisions d JOIN posts p ON p.id = d.post_id
             WHERE p.source_id = ?1 AND d.decision = 'will-delete'
             ORDER BY p.created_unix DESC, p.id DESC",
        )?;
        let links = stmt
            .query_map([source.0], |row| {
                Ok(DeleteLink {
                    post_id: row.get(0)?,
                    url: row.get(1)?,
                    created_at: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(links)
    }

    /// The finished run of the same source before `run`, if any.
    pub fn previous_finished_run(&self, run: RunId) -> Result<Option<RunId>, StoreError> {
        let info = run_info(&self.conn, run)?;
        let previous = self
            .conn
            .prepare_cached(
                "SELECT id FROM audit_runs
                 WHERE source_id = ?1 AND state = 'finished' AND id < ?2
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![info.source.0, run.0], |row| row.get(0))
            .optional()?;
        Ok(previous.map(RunId))
    }

    /// The current findings `run` recorded whose fingerprint the previous finished run of the
    /// same source did not find: what is new after a pack update (or in newly imported posts).
    /// Every finding of the run if there is no previous finished run. Most severe first, then
    /// newest post first. Includes findings in posts already decided, which the open items
    /// leave out.
    pub fn new_since_previous_run(&self, run: RunId) -> Result<Vec<StoredFinding>, StoreError> {
        let previous = self.previous_finished_run(run)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FINDING_COLUMNS}
             FROM findings f JOIN posts p ON p.id = f.post_id
             WHERE f.run_id = ?1 AND NOT EXISTS (
                 SELECT 1 FROM run_fingerprints r
                 WHERE r.run_id = ?2 AND r.fingerprint = f.fingerprint)
             ORDER BY f.severity_rank DESC, p.created_unix DESC, p.id DESC, f.byte_start, f.id"
        ))?;
        let findings = stmt
            .query_map(params![run.0, previous.map(|r| r.0)], finding_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(findings)
    }

    /// The row id of a post of `source`, or the error that says which of the two is missing.
    fn post_row(&self, source: SourceId, post_id: &str) -> Result<i64, StoreError> {
        let row = self
            .conn
            .prepare_cached("SELECT id FROM posts WHERE source_id = ?1 AND platform_post_id = ?2")?
            .query_row(params![source.0, post_id], |row| row.get(0))
            .optional()?;
        match row {
            Some(row) => Ok(row),
            None => {
                source_info(&self.conn, source)?;
                Err(StoreError::UnknownPost {
                    source_id: source,
                    post_id: post_id.to_owned(),
                })
            }
        }
    }

    fn load_item(&self, row_id: i64, top_severity: Severity) -> Result<ReviewItem, StoreError> {
        let post = self
            .conn
            .prepare_cached(&format!(
                "SELECT {POST_COLUMNS} FROM posts p WHERE p.id = ?1"
            ))?
            .query_row([row_id], post_from_row)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FINDING_COLUMNS} FROM findings f JOIN posts p ON p.id = f.post_id
             WHERE f.post_id = ?1
             ORDER BY f.severity_rank DESC, f.byte_start, f.byte_end, f.rule_id"
        ))?;
        let findings = stmt
            .query_map([row_id], finding_from_row)?
            .collect::<Result<_, _>>()?;
        let decision = self
            .conn
            .prepare_cached(
                "SELECT p.platform_post_id, d.decision, d.note, d.decided_at
                 FROM decisions d JOIN posts p ON p.id = d.post_id WHERE d.post_id = ?1",
            )?
            .query_row([row_id], decision_from_row)
            .optional()?;
        Ok(ReviewItem {
            post,
            top_severity,
            findings,
            decision,
        })
    }
}

/// `?1` to `?6` of [`OPEN_ITEMS_WHERE`].
fn filter_params(source: SourceId, filter: &ReviewFilter) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value;
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| Value::Text(s.to_owned()));
    vec![
        Value::Integer(source.0),
        filter
            .min_severity
            .map_or(Value::Null, |s| Value::Integer(s.rank())),
        text(filter.principle.as_deref()),
        text(filter.rule.as_deref()),
        filter
            .year
            .map_or(Value::Null, |y| Value::Integer(i64::from(y))),
        text(filter.kind.map(|k| k.as_str())),
    ]
}

fn post_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredPost> {
    Ok(StoredPost {
        id: row.get(0)?,
        kind: named_column(row, 1)?,
        text: row.get(2)?,
        url: row.get(3)?,
        created_at: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
        year: row.get(5)?,
        likes: row.get::<_, Option<i64>>(6)?.map(crate::count),
        reposts: row.get::<_, Option<i64>>(7)?.map(crate::count),
        replies: row.get::<_, Option<i64>>(8)?.map(crate::count),
        deleted: row.get(9)?,
    })
}

fn finding_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredFinding> {
    let offset = |index| {
        row.get::<_, i64>(index)
            .map(|v| usize::try_from(v).unwrap_or_default())
    };
    Ok(StoredFinding {
        post_id: row.get(0)?,
        run: RunId(row.get(1)?),
        rule_id: row.get(2)?,
        principle_id: row.get(3)?,
        severity: named_column(row, 4)?,
        // Stored as a double from an `f32`, so the narrowing gives the value back exactly.
        confidence: row.get::<_, f64>(5)? as f32,
        byte_start: offset(6)?,
        byte_end: offset(7)?,
        matched_text: row.get(8)?,
        message: row.get(9)?,
        fingerprint: Fingerprint(row.get(10)?),
    })
}

fn decision_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<DecisionRecord> {
    Ok(DecisionRecord {
        post_id: row.get(0)?,
        decision: named_column(row, 1)?,
        note: row.get(2)?,
        decided_at: row.get(3)?,
    })
}

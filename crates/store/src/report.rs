//! Counting: what a run found, what engagement flagged posts got, and the store as a whole.

use rusqlite::{Connection, params};

use crate::model::{
    Engagement, EngagementStats, RunId, RunSummary, Severity, SourceId, StoreStats, Tally,
};
use crate::record::{run_info, source_info};
use crate::{Store, StoreError, count, named_column};

impl Store {
    /// What `run` found, by severity, principle and year of post. Counts the run's current
    /// findings: after a later run re-checks the same posts, they belong to that run instead
    /// (the run's own totals stay in [`RunInfo`](crate::RunInfo)).
    pub fn summary(&self, run: RunId) -> Result<RunSummary, StoreError> {
        let info = run_info(&self.conn, run)?;
        let by_severity = tallies(
            &self.conn,
            "SELECT f.severity_rank, count(*), count(DISTINCT f.post_id) FROM findings f
             WHERE f.run_id = ?1 GROUP BY f.severity_rank ORDER BY f.severity_rank DESC",
            run.0,
            |row| row.get::<_, i64>(0),
        )?
        .into_iter()
        .filter_map(|(rank, tally)| Severity::from_rank(rank).map(|s| (s, tally)))
        .collect();
        let by_principle = tallies(
            &self.conn,
            "SELECT f.principle_id, count(*) AS n, count(DISTINCT f.post_id) FROM findings f
             WHERE f.run_id = ?1 GROUP BY f.principle_id ORDER BY n DESC, f.principle_id",
            run.0,
            |row| row.get::<_, String>(0),
        )?;
        let by_year = tallies(
            &self.conn,
            "SELECT p.year, count(*), count(DISTINCT f.post_id)
             FROM findings f JOIN posts p ON p.id = f.post_id
             WHERE f.run_id = ?1 AND p.year IS NOT NULL GROUP BY p.year ORDER BY p.year",
            run.0,
            |row| row.get::<_, i32>(0),
        )?;
        Ok(RunSummary {
            run: info,
            by_severity,
            by_principle,
            by_year,
        })
    }

    /// "What worked": average engagement of the person's own posts (reposts and likes left
    /// out) of `source`, without findings, with findings, and by principle of their findings.
    pub fn engagement(&self, source: SourceId) -> Result<Engagement, StoreError> {
        source_info(&self.conn, source)?;
        let group = |flagged: &str| -> Result<EngagementStats, StoreError> {
            let stats = self
                .conn
                .prepare_cached(&format!(
                    "SELECT count(*), avg(p.likes), avg(p.reposts), avg(p.replies) FROM posts p
                 WHERE p.source_id = ?1 AND p.kind NOT IN ('repost', 'like')
                   AND {flagged} EXISTS (SELECT 1 FROM findings f WHERE f.post_id = p.id)"
                ))?
                .query_row([source.0], engagement_from_row)?;
            Ok(stats)
        };
        let without_findings = group("NOT")?;
        let with_findings = group("")?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT count(*), avg(p.likes), avg(p.reposts), avg(p.replies), f.principle_id
             FROM (SELECT DISTINCT post_id, principle_id FROM findings) f
             JOIN posts p ON p.id = f.post_id
             WHERE p.source_id = ?1 AND p.kind NOT IN ('repost', 'like')
             GROUP BY f.principle_id ORDER BY f.principle_id",
        )?;
        let by_principle = stmt
            .query_map([source.0], |row| {
                Ok((row.get(4)?, engagement_from_row(row)?))
            })?
            .collect::<Result<_, _>>()?;
        Ok(Engagement {
            without_findings,
            with_findings,
            by_principle,
        })
    }

    /// Counts over the whole store.
    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let single = |sql: &str| -> Result<u64, StoreError> {
            Ok(count(self.conn.query_row(sql, [], |row| row.get(0))?))
        };
        let mut runs = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT state, count(*) FROM audit_runs GROUP BY state ORDER BY state",
        )?;
        for row in stmt.query_map([], |row| Ok((named_column(row, 0)?, row.get(1)?)))? {
            let (state, n): (_, i64) = row?;
            runs.push((state, count(n)));
        }
        let mut decisions = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT decision, count(*) FROM decisions GROUP BY decision ORDER BY decision",
        )?;
        for row in stmt.query_map([], |row| Ok((named_column(row, 0)?, row.get(1)?)))? {
            let (decision, n): (_, i64) = row?;
            decisions.push((decision, count(n)));
        }
        Ok(StoreStats {
            sources: single("SELECT count(*) FROM sources")?,
            posts: single("SELECT count(*) FROM posts")?,
            posts_with_findings: single("SELECT count(DISTINCT post_id) FROM findings")?,
            findings: single("SELECT count(*) FROM findings")?,
            runs,
            decisions,
            open_items: single(
                "SELECT count(DISTINCT p.id) FROM findings f CROSS JOIN posts p ON p.id = f.post_id
                 LEFT JOIN decisions d ON d.post_id = p.id
                 WHERE p.deleted = 0 AND (d.decision IS NULL OR d.decision = 'reviewed')",
            )?,
        })
    }
}

/// Rows of (key, findings, distinct posts) for one run.
fn tallies<K>(
    conn: &Connection,
    sql: &str,
    run: i64,
    key: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<K>,
) -> Result<Vec<(K, Tally)>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params![run], |row| {
            let tally = Tally {
                findings: count(row.get(1)?),
                posts: count(row.get(2)?),
            };
            Ok((key(row)?, tally))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

fn engagement_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<EngagementStats> {
    Ok(EngagementStats {
        posts: count(row.get(0)?),
        avg_likes: row.get(1)?,
        avg_reposts: row.get(2)?,
        avg_replies: row.get(3)?,
    })
}

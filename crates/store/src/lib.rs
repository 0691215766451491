//! The person's own audit store: an SQLite file on their machine that holds the posts of the
//! accounts they imported, what each audit found in them, and what they decided to do about
//! each flagged post.
//!
//! `forethought audit ARCHIVE` imports a decade of posts, checks each against a guidance pack
//! and records the results here in batches; the person then works through the flagged posts
//! over days, in the terminal or the local web app. Nothing here leaves the machine: the file
//! is created readable by its owner only (mode 0600 on Unix).
//!
//! The crate depends on no other Forethought crate: it takes plain inputs ([`PostInput`],
//! [`FindingInput`]) and the binary converts the engine's findings and the importers' posts.
//!
//! # How an audit is recorded
//!
//! 1. [`Store::begin_or_resume_audit`] (or [`Store::begin_audit`]) starts a run for a source
//!    (platform and handle) with a pack id, pack version and context description. If an
//!    unfinished run of the same source with the same pack id, version and context exists, it
//!    is resumed, and the ids of the posts it already checked come back to be skipped.
//! 2. [`Store::record_batch`] records checked posts and their findings, one transaction per
//!    batch: a killed process loses at most the batch it was writing. Posts are upserted by
//!    (source, platform post id), and a recorded post's findings replace its old ones.
//! 3. [`Store::finish_audit`] closes the run.
//!
//! Then [`Store::open_items`] lists flagged posts without a final decision, most severe first
//! and newest first; [`Store::set_decision`] records what the person decided;
//! [`Store::new_since_previous_run`] shows what a re-audit (say, after a pack update) found
//! that the previous finished audit did not; [`Store::will_delete_links`] exports the posts to
//! delete as links; [`Store::summary`], [`Store::engagement`] and [`Store::stats`] count.
//!
//! # Decisions
//!
//! Decisions are per post, not per finding: a post is what people keep, delete, edit or make
//! private. A decision is kept across re-audits, because a re-import updates the post's row in
//! place. Every decision but [`Decision::Reviewed`] is final and takes the post out of the open
//! items; a re-audit that finds something new in a decided post shows it in
//! [`Store::new_since_previous_run`], not in the open items.
//!
//! # Fingerprints
//!
//! Each finding has a [`Fingerprint`]: a hash of the source, the post id, the rule id, the
//! matched text and its occurrence number in the post, not of byte offsets, so a re-audit
//! recognises the same finding after a pack update. See [`fingerprint`].
//!
//! # Schema
//!
//! The version lives in a one-row table, `schema_version (version INTEGER NOT NULL)`, and the
//! file's `application_id` is `0x46544153` ("FTAS"). [`SCHEMA_VERSION`] is the newest version
//! this build knows; an older store is migrated when opened, and a newer one is refused with
//! [`StoreError::SchemaTooNew`]. Times the store sets are RFC 3339 in UTC with milliseconds.
//! Version 1:
//!
//! ```sql
#![doc = include_str!("migrations/0001_initial.sql")]
//! ```
#![deny(missing_docs)]

mod error;
mod fingerprint;
mod model;
mod open;
mod record;
mod report;
mod review;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rusqlite::Connection;

pub use error::{InputProblem, StoreError};
pub use fingerprint::fingerprint;
pub use model::{
    AuditStart, Decision, DecisionRecord, DeleteLink, Engagement, EngagementStats, FindingInput,
    Fingerprint, PostInput, PostKind, ReviewFilter, ReviewItem, RunId, RunInfo, RunState,
    RunSummary, Severity, SourceId, SourceInfo, SourceKey, StoreStats, StoredFinding, StoredPost,
    Tally, UnknownName,
};
pub use open::SCHEMA_VERSION;

/// An open audit store. Writing takes `&mut self`; a server shares one behind a mutex, or
/// opens one per task (SQLite serialises writers across connections and processes).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// The file the store lives in (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs SQLite's integrity and foreign-key checks.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for line in stmt.query_map([], |row| row.get::<_, String>(0))? {
            let line = line?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        for row in stmt.query_map([], |row| {
            Ok(format!(
                "row {} of {} points to a missing row of {}",
                row.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                row.get::<_, String>(0)?,
                row.get::<_, String>(2)?
            ))
        })? {
            problems.push(row?);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.path.clone(),
                details: problems.join("; "),
            })
        }
    }
}

/// Now, as the store writes times: RFC 3339 in UTC with milliseconds.
fn now() -> String {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A count from SQLite, which are never negative.
fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// A column holding a name from a closed vocabulary.
fn named_column<T: FromStr<Err = UnknownName>>(
    row: &rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<T> {
    let name: String = row.get(index)?;
    name.parse().map_err(|e: UnknownName| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Severity {
    /// The rank stored in `findings.severity_rank`: 1 for note up to 4 for serious.
    fn rank(self) -> i64 {
        match self {
            Severity::Note => 1,
            Severity::Advice => 2,
            Severity::Warning => 3,
            Severity::Serious => 4,
        }
    }

    fn from_rank(rank: i64) -> Option<Severity> {
        Severity::ALL.iter().copied().find(|s| s.rank() == rank)
    }
}

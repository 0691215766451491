//! The store's errors: where the file is and what went wrong, in words a person can act on.

use std::io;
use std::path::PathBuf;

use crate::model::{RunId, RunState, SourceId};

/// What went wrong with the audit store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file or its folder could not be created, or its permissions set.
    #[error("could not create the audit store at {}: {source}", path.display())]
    Create {
        /// The store's path.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// SQLite could not open the file.
    #[error("could not open the audit store at {}: {source}", path.display())]
    Open {
        /// The store's path.
        path: PathBuf,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
    /// The file is not a Forethought audit store (another SQLite database, or not a database).
    #[error("{} is not a Forethought audit store", path.display())]
    NotAStore {
        /// The file's path.
        path: PathBuf,
    },
    /// The store was written by a newer Forethought, with a schema this one does not know.
    #[error(
        "the audit store at {} was written by a newer Forethought (schema {found}; this one knows {known})",
        path.display()
    )]
    SchemaTooNew {
        /// The store's path.
        path: PathBuf,
        /// The schema version in the file.
        found: i64,
        /// The newest schema version this build knows.
        known: i64,
    },
    /// SQLite's integrity or foreign-key check failed.
    #[error("the audit store at {} is damaged: {details}", path.display())]
    Corrupt {
        /// The store's path.
        path: PathBuf,
        /// What the checks reported.
        details: String,
    },
    /// No source has this id.
    #[error("there is no source {0} in the audit store")]
    UnknownSource(SourceId),
    /// No run has this id.
    #[error("there is no audit run {0} in the audit store")]
    UnknownRun(RunId),
    /// The run is finished or abandoned, so it cannot record posts or finish again.
    #[error("audit run {run} is {state}; only a running audit can record posts or finish")]
    RunNotRunning {
        /// The run.
        run: RunId,
        /// Where it stands.
        state: RunState,
    },
    /// The source has no post with this id.
    #[error("there is no post {post_id:?} from source {source_id} in the audit store")]
    UnknownPost {
        /// The source.
        source_id: SourceId,
        /// The platform's post id.
        post_id: String,
    },
    /// A post or finding in a batch is not valid; nothing of the batch was recorded.
    #[error("cannot record post {post_id:?}: {problem}")]
    InvalidInput {
        /// The platform's post id (of the finding's post, for a finding).
        post_id: String,
        /// What is wrong.
        problem: InputProblem,
    },
    /// A source key with an empty platform or handle.
    #[error("a source needs a platform and a handle (got {platform:?}, {handle:?})")]
    InvalidSource {
        /// The platform given.
        platform: String,
        /// The handle given.
        handle: String,
    },
    /// SQLite failed (disk full, file locked by another program for too long, ...).
    #[error("the audit store failed: {0}")]
    Database(#[from] rusqlite::Error),
}

/// What is wrong with a post or finding given to [`Store::record_batch`](crate::Store::record_batch).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputProblem {
    /// The post id is empty.
    #[error("the post id is empty")]
    EmptyPostId,
    /// The same post id appears twice in one batch.
    #[error("the post appears twice in the batch")]
    DuplicatePost,
    /// `created_at` is not an RFC 3339 timestamp.
    #[error("created_at {value:?} is not an RFC 3339 timestamp")]
    BadTimestamp {
        /// The value given.
        value: String,
    },
    /// An engagement count does not fit the database.
    #[error("the {field} count {value} is too large")]
    CountTooLarge {
        /// Which count.
        field: &'static str,
        /// The value given.
        value: u64,
    },
    /// A finding is about a post that is not in the batch.
    #[error("a finding of rule {rule_id:?} is about a post that is not in the batch")]
    FindingWithoutPost {
        /// The finding's rule.
        rule_id: String,
    },
    /// A finding's rule or principle id is empty.
    #[error("a finding has an empty rule or principle id")]
    EmptyRuleOrPrinciple,
    /// A finding's byte range is not inside the post's text, or not on character boundaries.
    #[error(
        "a finding of rule {rule_id:?} has bytes {start}..{end}, not a range on character boundaries of the {len}-byte text"
    )]
    BadRange {
        /// The finding's rule.
        rule_id: String,
        /// Its start.
        start: usize,
        /// Its end.
        end: usize,
        /// The text's length in bytes.
        len: usize,
    },
    /// A finding's confidence is not a number from 0 to 1.
    #[error("a finding of rule {rule_id:?} has confidence {confidence}, not a number from 0 to 1")]
    BadConfidence {
        /// The finding's rule.
        rule_id: String,
        /// The value given.
        confidence: String,
    },
}

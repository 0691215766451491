//! Errors: [`ImportError`] stops a whole import; [`RecordError`] skips one record.

use std::fmt;

use serde::Serialize;

use crate::Format;

/// A failure that stops the whole import.
///
/// Problems with single records are never this: they become [`Item::Skipped`](crate::Item)
/// and the import goes on. Posts handed to the sink before an `ImportError` stay handed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Reading the input failed.
    #[error("cannot read the archive: {0}")]
    Io(#[from] std::io::Error),
    /// The input is not in any format Forethought reads.
    #[error("not a recognised archive: {reason}")]
    UnknownFormat {
        /// What was seen instead.
        reason: String,
    },
    /// The input is readable but is not the format the import was asked for.
    #[error("this is not a {} archive: {reason}", format.as_str())]
    WrongFormat {
        /// The format the import expected.
        format: Format,
        /// What is missing or unexpected.
        reason: String,
    },
    /// The container (zip, gzip, tar, CAR) is damaged or uses a feature that is not supported.
    #[error("damaged or unsupported {container} container: {reason}")]
    Container {
        /// `zip`, `gzip`, `tar` or `car`.
        container: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The input ends in the middle of a file or record: the archive was probably cut short.
    #[error("the archive is truncated: {entry} ends unexpectedly")]
    Truncated {
        /// The entry that ends early.
        entry: String,
    },
    /// A safety limit was exceeded (a zip bomb, too many entries, a file too large).
    #[error("refused: {detail} (limit `{}`)", limit.as_str())]
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// What exceeded it, in words.
        detail: String,
    },
}

/// The safety limits of [`Limits`](crate::Limits), named in [`ImportError::LimitExceeded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_entries`](crate::Limits::max_entries).
    Entries,
    /// [`Limits::max_total_uncompressed`](crate::Limits::max_total_uncompressed).
    TotalUncompressed,
    /// [`Limits::max_entry_uncompressed`](crate::Limits::max_entry_uncompressed).
    EntryUncompressed,
    /// [`Limits::max_compression_ratio`](crate::Limits::max_compression_ratio).
    CompressionRatio,
    /// An entry decompressed to more than its header declared: the header lied.
    DeclaredSize,
    /// [`Limits::max_index_bytes`](crate::Limits::max_index_bytes).
    IndexBytes,
}

impl Limit {
    /// The name of the limit's field in [`Limits`](crate::Limits).
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::Entries => "max_entries",
            Limit::TotalUncompressed => "max_total_uncompressed",
            Limit::EntryUncompressed => "max_entry_uncompressed",
            Limit::CompressionRatio => "max_compression_ratio",
            Limit::DeclaredSize => "declared_size",
            Limit::IndexBytes => "max_index_bytes",
        }
    }
}

/// A record that was skipped, and why: the import goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordError {
    /// The archive entry (or `-` for a loose file) the record is in.
    pub entry: String,
    /// The record's position in that entry, from 0 (array element, CSV row after the header,
    /// line, CAR block).
    pub index: u64,
    /// What was wrong.
    pub problem: RecordProblem,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} record {}: {}", self.entry, self.index, self.problem)
    }
}

impl std::error::Error for RecordError {}

/// Why a record was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecordProblem {
    /// The record is not valid JSON, CSV or CBOR, or lacks a field it needs.
    Malformed {
        /// The parser's message.
        message: String,
    },
    /// The record holds bytes that are not UTF-8.
    InvalidUtf8,
    /// The record is larger than [`Limits::max_record_bytes`](crate::Limits::max_record_bytes).
    TooLarge {
        /// The limit it exceeded, in bytes.
        limit: usize,
    },
    /// The record nests deeper than [`Limits::max_json_depth`](crate::Limits::max_json_depth).
    TooDeep {
        /// The limit it exceeded.
        limit: usize,
    },
}

impl fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordProblem::Malformed { message } => write!(f, "malformed: {message}"),
            RecordProblem::InvalidUtf8 => f.write_str("not valid UTF-8"),
            RecordProblem::TooLarge { limit } => write!(f, "larger than {limit} bytes"),
            RecordProblem::TooDeep { limit } => write!(f, "nested deeper than {limit} levels"),
        }
    }
}

impl RecordProblem {
    /// A malformed-record problem with the given message.
    pub(crate) fn malformed(message: impl fmt::Display) -> RecordProblem {
        RecordProblem::Malformed {
            message: message.to_string(),
        }
    }

    /// Classifies a JSON parse error of one record: invalid UTF-8 is told apart.
    pub(crate) fn from_json(error: &serde_json::Error) -> RecordProblem {
        let message = error.to_string();
        if message.contains("invalid unicode") || message.contains("UTF-8") {
            RecordProblem::InvalidUtf8
        } else {
            RecordProblem::Malformed { message }
        }
    }
}

//! Safety limits, so that a hostile or broken archive cannot exhaust memory or disk.

/// Safety limits for one import. Every limit is checked before reading where a header makes
/// that possible, and again on the bytes actually read, so a lying header does not help.
///
/// Breaching a limit on the archive as a whole stops the import with
/// [`ImportError::LimitExceeded`](crate::ImportError::LimitExceeded); a single record that is
/// too large or too deep is skipped and reported instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Most entries a zip or tar archive may list (default 100,000). X archives hold a few
    /// thousand files, media included.
    pub max_entries: u64,
    /// Most bytes decompressed across the whole import (default 8 GiB).
    pub max_total_uncompressed: u64,
    /// Most bytes one entry (or a loose file) may decompress to (default 4 GiB).
    pub max_entry_uncompressed: u64,
    /// Highest ratio of decompressed to compressed size for one entry, or for a gzip stream
    /// (default 200; JSON and CSV rarely pass 20). Entries that decompress to less than
    /// [`Limits::ratio_grace_bytes`] are never refused for their ratio.
    pub max_compression_ratio: u64,
    /// Decompressed size below which the ratio is not checked (default 1 MiB): tiny files of
    /// repeated bytes compress very well without being bombs.
    pub ratio_grace_bytes: u64,
    /// Deepest nesting of arrays and objects (or CBOR maps and arrays) in one record
    /// (default 64; real records nest less than 10). Deeper records are skipped.
    pub max_json_depth: usize,
    /// Largest single record (a JSON array element, a CSV row, a line, a CAR block) in bytes
    /// (default 1 MiB). Larger records are skipped without being held in memory.
    pub max_record_bytes: usize,
    /// Most bytes kept in memory to join records across files (default 512 MiB): X note tweets
    /// waiting for their tweet (past the limit they are handed on as posts of their own), and
    /// a Bluesky repository's tree (past the limit the import stops). Real archives need a few
    /// megabytes.
    pub max_index_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        const GIB: u64 = 1024 * 1024 * 1024;
        Limits {
            max_entries: 100_000,
            max_total_uncompressed: 8 * GIB,
            max_entry_uncompressed: 4 * GIB,
            max_compression_ratio: 200,
            ratio_grace_bytes: 1024 * 1024,
            max_json_depth: 64,
            max_record_bytes: 1024 * 1024,
            max_index_bytes: 512 * 1024 * 1024,
        }
    }
}

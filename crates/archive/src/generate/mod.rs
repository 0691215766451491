//! Synthetic archives for every format, for tests, benchmarks and demonstrations (cargo
//! feature `generate`).
//!
//! Archives are deterministic for a seed and hold no real person's data: the account holder is
//! "Alex Example" of the fictional Example Corp, the people mentioned are placeholders, phone
//! numbers are from ranges reserved for fiction (UK 07700 900xxx, US 555-01xx), and links point
//! at `example.com`-style domains. The content mixes benign posts with the kinds Forethought
//! looks for: party politics, phone numbers, insults, internal links, late-night posting; and
//! the quirks importers must survive: replies, reposts, quotes, likes, long (note) tweets,
//! deleted tweets, HTML entities, mojibake, content warnings, non-ASCII text.
//!
//! The generator writes to a writer it is given; it never opens files.
//!
//! ```
//! use ft_archive::generate::{Options, generate};
//! use ft_archive::Format;
//!
//! let mut zip = std::io::Cursor::new(Vec::new());
//! let made = generate(Format::X, &Options { seed: 7, posts: 50, ..Options::default() }, &mut zip)?;
//! assert!(made.posts >= 50);
//! # Ok::<(), std::io::Error>(())
//! ```

mod bluesky;
mod content;
mod others;
mod x;

use std::collections::HashMap;
use std::io::{self, Seek, Write};

use crate::{Format, PostKind};

pub use content::{Rng, Theme};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The seed: the same seed and options give the same bytes.
    pub seed: u64,
    /// How many of the account's own posts (including replies, reposts and quotes) to write.
    /// Likes, comments and deleted posts come on top, roughly one for every ten posts.
    pub posts: usize,
    /// For Mastodon, write the older `.tar.gz` container instead of a zip.
    pub tar_gz: bool,
    /// Deflate level for zip and gzip output (0–9; default 6).
    pub compression_level: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: 1,
            posts: 100,
            tar_gz: false,
            compression_level: 6,
        }
    }
}

/// What a generated archive holds, for checking an import against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    /// Post items an import should yield (every kind, likes and deleted posts included).
    pub posts: u64,
    /// Profiles an import should yield (0 or 1).
    pub profiles: u64,
    /// Records deliberately written broken, which an import should skip.
    pub skipped: u64,
    /// Post items by kind.
    pub kinds: HashMap<PostKind, u64>,
    /// Deleted posts among the items.
    pub deleted: u64,
}

impl Generated {
    /// How many items of `kind` an import should yield.
    pub fn count(&self, kind: PostKind) -> u64 {
        self.kinds.get(&kind).copied().unwrap_or(0)
    }

    pub(crate) fn add(&mut self, kind: PostKind) {
        self.posts += 1;
        *self.kinds.entry(kind).or_default() += 1;
    }
}

/// Writes a synthetic archive of `format` to `out` (a zip for the platform formats, a
/// `.tar.gz` for Mastodon with [`Options::tar_gz`], a CAR for Bluesky, a plain file for the
/// generic formats).
///
/// # Errors
///
/// Only errors writing to `out`.
pub fn generate<W: Write + Seek>(
    format: Format,
    options: &Options,
    out: W,
) -> io::Result<Generated> {
    match format {
        Format::X => x::current(options, out),
        Format::XClassic => x::classic(options, out),
        Format::Mastodon => others::mastodon(options, out),
        Format::Bluesky => bluesky::car(options, out),
        Format::Linkedin => others::linkedin(options, out),
        Format::Facebook => others::facebook(options, out),
        Format::GenericCsv | Format::GenericJson | Format::GenericJsonl => {
            others::generic(format, options, out)
        }
    }
}

/// Writes `name` into a zip archive with the options' compression.
pub(crate) fn zip_options(options: &Options) -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(i64::from(options.compression_level.min(9))))
        .large_file(false)
}

pub(crate) fn zip_error(error: zip::result::ZipError) -> io::Error {
    match error {
        zip::result::ZipError::Io(error) => error,
        other => io::Error::other(other),
    }
}

/// A JSON string literal with every non-ASCII character escaped (`\u00e9`, surrogate pairs
/// above U+FFFF), as Meta writes them.
pub(crate) fn ascii_json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// A JSON string literal.
pub(crate) fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

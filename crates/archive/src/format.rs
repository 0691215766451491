//! The archive formats Forethought reads.

use crate::model::Platform;

/// An archive format: a platform's export, or a generic file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// X's current archive (2019 on): a zip with `data/tweets.js`, `data/account.js`…, or one of
    /// its `.js` files on its own.
    X,
    /// X's classic archive (about 2012–2018): a zip with `tweets.csv` or
    /// `data/js/tweets/YYYY_MM.js`, or `tweets.csv` on its own.
    XClassic,
    /// A Mastodon export: a zip or `.tar.gz` with `outbox.json` and `actor.json`, or
    /// `outbox.json` on its own.
    Mastodon,
    /// A Bluesky repository export: a CAR file.
    Bluesky,
    /// A LinkedIn export: a zip with `Shares.csv`, `Comments.csv`…, or one of them on its own.
    Linkedin,
    /// A Facebook export (JSON): a zip with `your_posts_1.json`…, or one such file on its own.
    Facebook,
    /// A CSV file with a header row (see the crate docs for the recognised columns).
    GenericCsv,
    /// A JSON array of post objects (or an object holding one under `posts`, `items`, `data`).
    GenericJson,
    /// JSON Lines: one post object per line.
    GenericJsonl,
}

impl Format {
    /// Every format, in a stable order.
    pub const ALL: [Format; 9] = [
        Format::X,
        Format::XClassic,
        Format::Mastodon,
        Format::Bluesky,
        Format::Linkedin,
        Format::Facebook,
        Format::GenericCsv,
        Format::GenericJson,
        Format::GenericJsonl,
    ];

    /// The format's stable name: `x`, `x-classic`, `mastodon`, `bluesky`, `linkedin`,
    /// `facebook`, `csv`, `json`, `jsonl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::X => "x",
            Format::XClassic => "x-classic",
            Format::Mastodon => "mastodon",
            Format::Bluesky => "bluesky",
            Format::Linkedin => "linkedin",
            Format::Facebook => "facebook",
            Format::GenericCsv => "csv",
            Format::GenericJson => "json",
            Format::GenericJsonl => "jsonl",
        }
    }

    /// Parses a format name (as [`Format::as_str`] gives, case-insensitively).
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.trim();
        Format::ALL
            .into_iter()
            .find(|format| format.as_str().eq_ignore_ascii_case(name))
    }

    /// The platform this format's posts come from ([`Platform::Other`] for generic files,
    /// whose records may name their own).
    pub fn platform(self) -> Platform {
        match self {
            Format::X | Format::XClassic => Platform::X,
            Format::Mastodon => Platform::Mastodon,
            Format::Bluesky => Platform::Bluesky,
            Format::Linkedin => Platform::Linkedin,
            Format::Facebook => Platform::Facebook,
            Format::GenericCsv | Format::GenericJson | Format::GenericJsonl => Platform::Other,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

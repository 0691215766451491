//! Platform archives → a bounded stream of normalised posts and a profile.
//!
//! People download their post history from X, Mastodon, Bluesky, LinkedIn or Facebook, or
//! keep it in a spreadsheet. This crate reads those archives on the person's own machine and
//! hands each [`Post`] (and the [`Profile`]) to a sink as soon as it is parsed, so an archive
//! of a million posts never sits in memory:
//!
//! ```
//! use std::ops::ControlFlow;
//! use ft_archive::{Format, Item, Limits, detect, import};
//!
//! let csv = "id,created_at,text\n1,2024-05-01 23:45:00,Late night thoughts\n";
//! let mut reader = std::io::Cursor::new(csv);
//! let format = detect(&mut reader, Some("posts.csv"))?;
//! assert_eq!(format, Format::GenericCsv);
//! let mut texts = Vec::new();
//! let summary = import(reader, format, &Limits::default(), &mut |item| {
//!     if let Item::Post(post) = item {
//!         texts.push(post.text);
//!     }
//!     ControlFlow::Continue(())
//! })?;
//! assert_eq!((summary.posts, texts), (1, vec!["Late night thoughts".to_owned()]));
//! # Ok::<(), ft_archive::ImportError>(())
//! ```
//!
//! # What it reads
//!
//! | [`Format`] | Input | Posts from |
//! |---|---|---|
//! | `x` | zip, or one `.js` file | `data/tweets.js`, `tweets-partN.js` (or `tweet.js`), `note-tweet.js` (full text of long posts), `deleted-tweets.js`, `like.js`; profile from `account.js`, `profile.js` |
//! | `x-classic` | zip, or `tweets.csv` | `tweets.csv`, else `data/js/tweets/YYYY_MM.js`; profile from `data/js/user_details.js` |
//! | `mastodon` | zip, `.tar.gz`, or `outbox.json` | `outbox.json` (`Create` and `Announce`); profile from `actor.json` |
//! | `bluesky` | CAR file | `app.bsky.feed.post`, `.repost`, `.like` records; profile from `app.bsky.actor.profile/self` |
//! | `linkedin` | zip, or one CSV | `Shares.csv`, `Comments.csv`, `Reactions.csv`; profile from `Profile.csv` |
//! | `facebook` | zip, or one JSON file | `your_posts*.json`, `comments.json`; profile from `profile_information.json` |
//! | `csv`, `json`, `jsonl` | a file | one post per row, element or line (columns below) |
//!
//! Generic files name their fields with any of these (case-insensitive; first match wins):
//! text `text|content|body|message|full_text|post`; time `created_at|createdAt|date|timestamp|
//! published|time`; id `id|id_str|uri|url`; and optionally `url|link`, `kind|type`, `platform`,
//! `in_reply_to|reply_to`, `quoted|quote_of`, `reposted|repost_of`, `visibility`,
//! `content_warning|cw|spoiler_text|summary`, `likes`, `reposts|retweets`, `replies`, `deleted`.
//! JSON Lines written from [`Post`]'s own serialisation round-trips.
//!
//! # Safety
//!
//! Archives are untrusted. The crate reads only from the reader it is given: it opens no
//! paths, writes no files and prints nothing. Zip entries are decompressed in memory through
//! metered readers, checked against [`Limits`] before reading (declared sizes, ratio, entry
//! count) and while reading (bytes actually produced), so neither a zip bomb nor a forged size
//! header gets through. Entry names are compared, never used as paths; names
//! with `..` or absolute paths are ignored. Big JSON files are split element by element and
//! no record over [`Limits::max_record_bytes`] or deeper than [`Limits::max_json_depth`] is
//! kept; X's `.js` files are JavaScript assignments and are never executed. A malformed
//! record, invalid UTF-8 or an oversized record is reported as [`Item::Skipped`] and the
//! import goes on.
#![deny(missing_docs)]

mod bluesky;
mod cbor;
mod container;
mod detect;
mod error;
mod facebook;
mod format;
mod generic;
mod import;
mod json;
mod limits;
mod linkedin;
mod mastodon;
mod meter;
mod model;
mod records;
mod text;
mod time;
mod x;
mod x_classic;

#[cfg(feature = "generate")]
pub mod generate;

use std::io::{Read, Seek};
use std::ops::ControlFlow;

pub use detect::detect;
pub use error::{ImportError, Limit, RecordError, RecordProblem};
pub use format::Format;
pub use limits::Limits;
pub use model::{Item, Platform, Post, PostKind, Profile, Summary, Visibility};
pub use text::{decode_entities, html_to_text, make_mojibake, repair_mojibake};

use import::{Ctx, Halt};
use meter::Budget;

/// Reads an archive in `format` and hands each post, the profile and each skipped record to
/// `sink` as soon as it is parsed. The sink returns [`ControlFlow::Break`] to stop early,
/// which is not an error ([`Summary::stopped_early`] says so).
///
/// The order is: the profile first where the archive allows it, then posts in archive order
/// (for X: tweets, deleted tweets, likes).
///
/// # Errors
///
/// Only failures that stop the whole import: input that is not an archive of `format`
/// ([`ImportError::WrongFormat`]), a damaged or truncated container, a breached limit (a zip
/// bomb), or a read error. Items handed to the sink before the error stay handed.
pub fn import<R: Read + Seek>(
    reader: R,
    format: Format,
    limits: &Limits,
    sink: &mut dyn FnMut(Item) -> ControlFlow<()>,
) -> Result<Summary, ImportError> {
    let budget = Budget::new(limits);
    let mut ctx = Ctx::new(&budget, sink);
    let result = match format {
        Format::X => x::import(reader, &mut ctx),
        Format::XClassic => x_classic::import(reader, &mut ctx),
        Format::Mastodon => mastodon::import(reader, &mut ctx),
        Format::Bluesky => bluesky::import(reader, &mut ctx),
        Format::Linkedin => linkedin::import(reader, &mut ctx),
        Format::Facebook => facebook::import(reader, &mut ctx),
        Format::GenericCsv | Format::GenericJson | Format::GenericJsonl => {
            generic::import(reader, format, &mut ctx)
        }
    };
    let mut summary = ctx.summary;
    summary.entries_read = budget.entries_read();
    summary.bytes_read = budget.total();
    match result {
        Ok(()) | Err(Halt::Stopped) => match budget.take_breach() {
            // A parser may have swallowed the meter's error; a breach still stops the import.
            Some(breach) if !summary.stopped_early => Err(breach),
            _ => Ok(summary),
        },
        Err(Halt::Failed(error)) => Err(error),
    }
}

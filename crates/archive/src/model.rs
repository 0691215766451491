//! The normalised records every importer produces: [`Post`], [`Profile`] and the [`Item`]s that
//! carry them to the caller's sink.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::error::RecordError;

/// The platform a post or profile comes from.
///
/// Several [`Format`](crate::Format)s map to one platform (the current and the classic X archive
/// are both [`Platform::X`]); generic files give [`Platform::Other`] unless a record names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// X, formerly Twitter.
    X,
    /// Mastodon or another ActivityPub server.
    Mastodon,
    /// Bluesky (the AT Protocol).
    Bluesky,
    /// LinkedIn.
    Linkedin,
    /// Facebook.
    Facebook,
    /// Anything else: a generic CSV, JSON or JSON Lines file.
    Other,
}

impl Platform {
    /// The platform's stable lower-case name (`x`, `mastodon`, `bluesky`, `linkedin`,
    /// `facebook`, `other`).
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::X => "x",
            Platform::Mastodon => "mastodon",
            Platform::Bluesky => "bluesky",
            Platform::Linkedin => "linkedin",
            Platform::Facebook => "facebook",
            Platform::Other => "other",
        }
    }

    /// Parses a platform name, case-insensitively; `twitter` is accepted for X.
    pub fn from_name(name: &str) -> Option<Platform> {
        let name = name.trim();
        [
            ("x", Platform::X),
            ("twitter", Platform::X),
            ("mastodon", Platform::Mastodon),
            ("bluesky", Platform::Bluesky),
            ("linkedin", Platform::Linkedin),
            ("facebook", Platform::Facebook),
            ("other", Platform::Other),
        ]
        .into_iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map(|(_, platform)| platform)
    }
}

/// What kind of record a [`Post`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    /// An original post.
    Post,
    /// A reply to another post ([`Post::in_reply_to`] names it when the archive does).
    Reply,
    /// A repost (retweet, boost) of someone's post; the text is often truncated or empty.
    Repost,
    /// A post that quotes another ([`Post::quoted`] names it).
    Quote,
    /// A like of someone else's post; `id`, `url` and `text` are the liked post's, where the
    /// archive has them.
    Like,
    /// A comment on a post (LinkedIn `Comments.csv`, Facebook comments).
    Comment,
}

impl PostKind {
    /// The kind's stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Post => "post",
            PostKind::Reply => "reply",
            PostKind::Repost => "repost",
            PostKind::Quote => "quote",
            PostKind::Like => "like",
            PostKind::Comment => "comment",
        }
    }

    /// Parses a kind name, case-insensitively, with common synonyms (`retweet`, `boost`,
    /// `share` for a repost; `favorite` for a like; `original` for a post).
    pub fn from_name(name: &str) -> Option<PostKind> {
        let name = name.trim().to_ascii_lowercase();
        Some(match name.as_str() {
            "post" | "original" | "status" | "tweet" | "note" => PostKind::Post,
            "reply" => PostKind::Reply,
            "repost" | "retweet" | "boost" | "reblog" | "share" | "announce" => PostKind::Repost,
            "quote" => PostKind::Quote,
            "like" | "favorite" | "favourite" => PostKind::Like,
            "comment" => PostKind::Comment,
            _ => return None,
        })
    }
}

/// Who could see a post, where the archive says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone, and listed in public timelines.
    Public,
    /// Anyone with the link, but kept out of public timelines (Mastodon "unlisted").
    Unlisted,
    /// Followers only (Mastodon "private", X while the account was protected).
    Followers,
    /// The poster's connections (LinkedIn `MEMBER_NETWORK`).
    Connections,
    /// Only the people mentioned (Mastodon "direct").
    Direct,
}

impl Visibility {
    /// The visibility's stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Unlisted => "unlisted",
            Visibility::Followers => "followers",
            Visibility::Connections => "connections",
            Visibility::Direct => "direct",
        }
    }

    /// Parses a visibility, case-insensitively, with the platforms' own words (`private` and
    /// `followers_only` for followers, `member_network` for connections, `anyone` for public).
    pub fn from_name(name: &str) -> Option<Visibility> {
        let name = name.trim().to_ascii_lowercase();
        Some(match name.as_str() {
            "public" | "anyone" | "everyone" => Visibility::Public,
            "unlisted" | "quiet_public" => Visibility::Unlisted,
            "followers" | "private" | "followers_only" | "protected" => Visibility::Followers,
            "connections" | "member_network" | "connections_only" => Visibility::Connections,
            "direct" | "limited" | "mentioned" => Visibility::Direct,
            _ => return None,
        })
    }
}

/// One post, normalised from any platform.
///
/// Every field but `id`, `kind`, `text`, `platform` and `deleted` is optional, because most
/// archives leave most of them out: engagement counts exist only in X archives, visibility only
/// in Mastodon and LinkedIn ones. `None` means "the archive does not say", never zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// The platform's own id for the post (an X `id_str`, a Mastodon object URI, an `at://`
    /// URI, a LinkedIn URN). Archives without ids (Facebook, some generic files) get a stable
    /// synthetic one, `h:` followed by 16 hex digits of a hash of the record's time and text.
    pub id: String,
    /// A link to the post, built the way the platform links posts, when one can be built.
    pub url: Option<String>,
    /// When the post was made, with the offset the archive gave (usually UTC).
    pub created_at: Option<DateTime<FixedOffset>>,
    /// What kind of record this is.
    pub kind: PostKind,
    /// The text to analyse: HTML turned into text, entities decoded, `t.co` links expanded,
    /// mojibake repaired. Empty for a repost or like whose text the archive lacks.
    pub text: String,
    /// The platform the post was made on.
    pub platform: Platform,
    /// The id (or, failing that, the URL) of the post this one replies to.
    pub in_reply_to: Option<String>,
    /// The id (or URL) of the post this one quotes.
    pub quoted: Option<String>,
    /// The id (or URL) of the post this one reposts, where the archive records it.
    pub reposted: Option<String>,
    /// Who could see the post, where the archive says.
    pub visibility: Option<Visibility>,
    /// A content warning (Mastodon's `summary`, Bluesky self-labels).
    pub content_warning: Option<String>,
    /// Likes received, as of the export.
    pub likes: Option<u64>,
    /// Reposts received, as of the export.
    pub reposts: Option<u64>,
    /// Replies received, as of the export.
    pub replies: Option<u64>,
    /// The post was deleted but the archive still holds it (X `deleted-tweets.js`).
    pub deleted: bool,
}

impl Post {
    /// A post with the given id, kind, text and platform, and every optional field empty.
    pub fn new(
        id: impl Into<String>,
        kind: PostKind,
        text: impl Into<String>,
        platform: Platform,
    ) -> Post {
        Post {
            id: id.into(),
            url: None,
            created_at: None,
            kind,
            text: text.into(),
            platform,
            in_reply_to: None,
            quoted: None,
            reposted: None,
            visibility: None,
            content_warning: None,
            likes: None,
            reposts: None,
            replies: None,
            deleted: false,
        }
    }
}

/// The account holder's profile, as far as the archive has one.
///
/// Archives hold private data too (X's `account.js` has the e-mail address); only these public
/// fields are read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The platform the profile belongs to.
    pub platform: Option<Platform>,
    /// The platform's id for the account (X account id, ActivityPub actor URI, DID).
    pub id: Option<String>,
    /// The handle, without a leading `@` (`alice`, `alice@example.social` for Mastodon).
    pub handle: Option<String>,
    /// The display name.
    pub display_name: Option<String>,
    /// The bio, as plain text.
    pub bio: Option<String>,
    /// The location the person gave.
    pub location: Option<String>,
    /// The person's website.
    pub website: Option<String>,
    /// When the account was made.
    pub created_at: Option<DateTime<FixedOffset>>,
}

impl Profile {
    /// Whether no field besides the platform is known.
    pub fn is_empty(&self) -> bool {
        self.id.is_none()
            && self.handle.is_none()
            && self.display_name.is_none()
            && self.bio.is_none()
            && self.location.is_none()
            && self.website.is_none()
            && self.created_at.is_none()
    }
}

/// What [`import`](crate::import) hands to the sink, one at a time.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A post, reply, repost, quote, like or comment.
    Post(Post),
    /// The account holder's profile (at most one per import, usually first).
    Profile(Profile),
    /// A record that could not be read and was skipped; the import goes on.
    Skipped(RecordError),
}

/// Counts of what an import read and handed on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Posts handed to the sink (every kind, likes included).
    pub posts: u64,
    /// Profiles handed to the sink (0 or 1).
    pub profiles: u64,
    /// Records skipped and reported as [`Item::Skipped`].
    pub skipped: u64,
    /// Files read: archive entries, or 1 for a loose file.
    pub entries_read: u64,
    /// Uncompressed bytes read from those files.
    pub bytes_read: u64,
    /// The sink asked to stop before the archive was exhausted.
    pub stopped_early: bool,
}

//! The store's own plain types: what callers put in (sources, posts, findings), what they get
//! back (stored posts and findings, review items, decisions), and the closed vocabularies
//! (severity, post kind, decision, run state) with the names the database stores.
//!
//! The store depends on no other Forethought crate, so these mirror, rather than reuse, the
//! engine's and the archive importers' types; the binary converts at the edge.

use std::fmt;
use std::str::FromStr;

/// Defines a closed vocabulary stored in the database by name: `as_str`, `ALL`, `Display` and
/// `FromStr`, so the names live in one place.
macro_rules! named {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name stored in the database and used in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;

            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName {
                        vocabulary: stringify!($name),
                        name: s.to_owned(),
                    }),
                }
            }
        }
    };
}

/// A name that is not in a closed vocabulary (`"warnnig"` as a severity).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name:?} is not a known {vocabulary}")]
pub struct UnknownName {
    /// Which vocabulary: `Severity`, `PostKind`, `Decision` or `RunState`.
    pub vocabulary: &'static str,
    /// The name that was given.
    pub name: String,
}

named! {
    /// How much a finding matters, least to most. Ordered, so `max()` is the most severe.
    Severity {
        /// Worth knowing; rarely a reason to change the post.
        Note => "note",
        /// Worth a second look.
        Advice => "advice",
        /// Likely to cause trouble under the guidance.
        Warning => "warning",
        /// A clear breach of the guidance.
        Serious => "serious",
    }
}

named! {
    /// What a post is, as the platform's export says.
    PostKind {
        /// An original post.
        Post => "post",
        /// A reply to someone.
        Reply => "reply",
        /// A repost (retweet, boost) of someone else's post, without comment.
        Repost => "repost",
        /// A quote post: someone else's post with the person's own comment.
        Quote => "quote",
        /// A like (favourite) of someone else's post.
        Like => "like",
        /// A comment (on a platform that calls replies comments, such as LinkedIn or Facebook).
        Comment => "comment",
    }
}

impl PostKind {
    /// Whether the post is the person's own words, so its engagement says something about what
    /// they wrote. Reposts and likes carry someone else's text and someone else's numbers.
    pub fn is_own_words(self) -> bool {
        !matches!(self, PostKind::Repost | PostKind::Like)
    }
}

named! {
    /// What the person decided to do about a flagged post. Decisions are per post, because a
    /// post is what people keep, delete, edit or hide, whatever number of findings it has.
    Decision {
        /// Looked at, not yet decided. The post stays in the open items.
        Reviewed => "reviewed",
        /// Keep it as it is.
        Keep => "keep",
        /// Delete it (not done yet): it goes on the list of links to delete.
        WillDelete => "will-delete",
        /// Deleted on the platform.
        Deleted => "deleted",
        /// Edited on the platform.
        Edited => "edited",
        /// Made private, or limited to followers, on the platform.
        MakePrivate => "make-private",
    }
}

impl Decision {
    /// Whether the decision closes the post's review: every decision but `reviewed`.
    pub fn is_final(self) -> bool {
        self != Decision::Reviewed
    }
}

named! {
    /// Where an audit run stands.
    RunState {
        /// Started and not finished: it can record more batches and be resumed.
        Running => "running",
        /// Finished: every post was checked.
        Finished => "finished",
        /// Left unfinished and replaced by a newer run of the same source.
        Abandoned => "abandoned",
    }
}

/// Which account an archive belongs to: one source per imported account.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SourceKey {
    /// The platform's name, as the importer names it (`x`, `mastodon`, `bluesky`, ...).
    pub platform: String,
    /// The account's handle on that platform.
    pub handle: String,
}

impl SourceKey {
    /// A source key.
    pub fn new(platform: impl Into<String>, handle: impl Into<String>) -> SourceKey {
        SourceKey {
            platform: platform.into(),
            handle: handle.into(),
        }
    }
}

/// The database id of a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(pub(crate) i64);

impl SourceId {
    /// The id as a number (for URLs and JSON).
    pub fn get(self) -> i64 {
        self.0
    }

    /// A source id from a number (from a URL or JSON); the store checks it when used.
    pub fn from_raw(id: i64) -> SourceId {
        SourceId(id)
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The database id of an audit run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RunId(pub(crate) i64);

impl RunId {
    /// The id as a number (for URLs and JSON).
    pub fn get(self) -> i64 {
        self.0
    }

    /// A run id from a number (from a URL or JSON); the store checks it when used.
    pub fn from_raw(id: i64) -> RunId {
        RunId(id)
    }
}

impl fmt::Display for RunId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A post to record, as the archive importer read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostInput {
    /// The platform's id of the post, unique within the source.
    pub id: String,
    /// What it is.
    pub kind: PostKind,
    /// The text the person wrote (or reposted).
    pub text: String,
    /// A link to the post, if the export has one.
    pub url: Option<String>,
    /// When it was posted, in RFC 3339 with the offset the export gives
    /// (`2019-05-04T21:30:00+01:00`). The year filters and summaries use that offset's year.
    /// Empty for a post the export gives no date (it then has no year, and sorts as oldest).
    pub created_at: String,
    /// Likes (favourites), if the export has them.
    pub likes: Option<u64>,
    /// Reposts (retweets, boosts), if the export has them.
    pub reposts: Option<u64>,
    /// Replies, if the export has them.
    pub replies: Option<u64>,
    /// Whether the export marks the post as deleted.
    pub deleted: bool,
}

/// A finding to record, for a post in the same batch.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingInput {
    /// The platform's id of the post it is about.
    pub post_id: String,
    /// The rule's id in the pack.
    pub rule_id: String,
    /// The id of the rule's principle in the pack.
    pub principle_id: String,
    /// How much it matters.
    pub severity: Severity,
    /// How sure the engine is, from 0 to 1.
    pub confidence: f32,
    /// Start of the matched span, in UTF-8 bytes of the post's text.
    pub byte_start: usize,
    /// End (exclusive) of the matched span, in UTF-8 bytes of the post's text.
    pub byte_end: usize,
    /// The matched text.
    pub matched_text: String,
    /// The rule's message, filled in.
    pub message: String,
}

/// A stable identity for a finding, the same across audits of the same archive for the same
/// rule matching the same text in the same post, whatever the pack version or byte offsets.
/// See [`fingerprint`](crate::fingerprint).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub(crate) String);

impl Fingerprint {
    /// The fingerprint as 32 lowercase hexadecimal digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A source as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceInfo {
    /// Its id.
    pub id: SourceId,
    /// Platform and handle.
    pub key: SourceKey,
    /// When the account was first imported (RFC 3339, UTC).
    pub first_imported_at: String,
    /// When an audit of it last finished (RFC 3339, UTC).
    pub last_audit_at: Option<String>,
}

/// An audit run as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunInfo {
    /// Its id.
    pub id: RunId,
    /// The source it audits.
    pub source: SourceId,
    /// The pack's id.
    pub pack_id: String,
    /// The pack's version.
    pub pack_version: String,
    /// A description of the context the posts were checked in (account, roles, ...).
    pub context: String,
    /// Where it stands.
    pub state: RunState,
    /// When it started (RFC 3339, UTC).
    pub started_at: String,
    /// When it finished (RFC 3339, UTC).
    pub finished_at: Option<String>,
    /// Posts checked (exact once finished; while running, the posts of the batches recorded).
    pub posts_checked: u64,
    /// Posts with at least one finding.
    pub posts_with_findings: u64,
    /// Findings recorded.
    pub findings: u64,
}

/// How an audit starts: a new run, or an unfinished one picked up where it stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditStart {
    /// The run to record into.
    pub run: RunId,
    /// Whether it is an unfinished run being resumed.
    pub resumed: bool,
    /// The platform ids of the posts the run has already checked, to skip.
    pub already_checked: std::collections::HashSet<String>,
}

/// A post as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPost {
    /// The platform's id of the post.
    pub id: String,
    /// What it is.
    pub kind: PostKind,
    /// Its text.
    pub text: String,
    /// A link to it.
    pub url: Option<String>,
    /// When it was posted (RFC 3339, as imported); empty when the export gives no date.
    pub created_at: String,
    /// The year it was posted, in its own offset, if it has a date.
    pub year: Option<i32>,
    /// Likes.
    pub likes: Option<u64>,
    /// Reposts.
    pub reposts: Option<u64>,
    /// Replies.
    pub replies: Option<u64>,
    /// Whether the export marks it deleted.
    pub deleted: bool,
}

/// A finding as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredFinding {
    /// The platform's id of the post it is about.
    pub post_id: String,
    /// The run that recorded it.
    pub run: RunId,
    /// The rule's id.
    pub rule_id: String,
    /// The principle's id.
    pub principle_id: String,
    /// How much it matters.
    pub severity: Severity,
    /// How sure the engine was.
    pub confidence: f32,
    /// Start of the matched span, in UTF-8 bytes of the post's text.
    pub byte_start: usize,
    /// End (exclusive) of the matched span, in UTF-8 bytes.
    pub byte_end: usize,
    /// The matched text.
    pub matched_text: String,
    /// The message.
    pub message: String,
    /// Its stable identity across audits.
    pub fingerprint: Fingerprint,
}

/// A decision as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionRecord {
    /// The platform's id of the post.
    pub post_id: String,
    /// What the person decided.
    pub decision: Decision,
    /// Their note (empty if none).
    pub note: String,
    /// When they decided (RFC 3339, UTC).
    pub decided_at: String,
}

/// A flagged post to review: the post, all its findings (most severe first), and the
/// decision so far, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewItem {
    /// The post.
    pub post: StoredPost,
    /// The most severe finding among those that matched the filter.
    pub top_severity: Severity,
    /// All the post's current findings, most severe first, then in text order.
    pub findings: Vec<StoredFinding>,
    /// The decision so far (only `reviewed` for an open item).
    pub decision: Option<DecisionRecord>,
}

/// Which open items to list. Every condition applies to findings: a post is listed if at least
/// one of its findings meets them all, and ranked by the most severe such finding.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewFilter {
    /// Only findings at least this severe.
    pub min_severity: Option<Severity>,
    /// Only findings under this principle.
    pub principle: Option<String>,
    /// Only findings of this rule.
    pub rule: Option<String>,
    /// Only posts from this year (in the post's own offset).
    pub year: Option<i32>,
    /// Only posts of this kind.
    pub kind: Option<PostKind>,
    /// At most this many items (all if `None`).
    pub limit: Option<u32>,
    /// Skip this many items first (for paging).
    pub offset: u32,
}

impl ReviewFilter {
    /// Every open item.
    pub fn all() -> ReviewFilter {
        ReviewFilter::default()
    }

    /// Only findings at least this severe.
    pub fn min_severity(mut self, severity: Severity) -> ReviewFilter {
        self.min_severity = Some(severity);
        self
    }

    /// Only findings under this principle.
    pub fn principle(mut self, principle: impl Into<String>) -> ReviewFilter {
        self.principle = Some(principle.into());
        self
    }

    /// Only findings of this rule.
    pub fn rule(mut self, rule: impl Into<String>) -> ReviewFilter {
        self.rule = Some(rule.into());
        self
    }

    /// Only posts from this year.
    pub fn year(mut self, year: i32) -> ReviewFilter {
        self.year = Some(year);
        self
    }

    /// Only posts of this kind.
    pub fn kind(mut self, kind: PostKind) -> ReviewFilter {
        self.kind = Some(kind);
        self
    }

    /// One page: `limit` items after skipping `offset`.
    pub fn page(mut self, offset: u32, limit: u32) -> ReviewFilter {
        self.offset = offset;
        self.limit = Some(limit);
        self
    }
}

/// A post the person decided to delete, as a link to open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteLink {
    /// The platform's id of the post.
    pub post_id: String,
    /// The link, if the export had one.
    pub url: Option<String>,
    /// When it was posted (RFC 3339, as imported).
    pub created_at: String,
}

/// How many findings, and how many distinct posts they are in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Findings.
    pub findings: u64,
    /// Distinct posts with at least one of them.
    pub posts: u64,
}

/// What a run found, counted three ways.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunSummary {
    /// The run.
    pub run: RunInfo,
    /// By severity, most severe first; only severities that occur.
    pub by_severity: Vec<(Severity, Tally)>,
    /// By principle id, most findings first, then by id.
    pub by_principle: Vec<(String, Tally)>,
    /// By the year of the post, oldest first.
    pub by_year: Vec<(i32, Tally)>,
}

/// Average engagement of a group of posts. Averages skip posts whose export has no count;
/// `None` when no post in the group has one.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EngagementStats {
    /// Posts in the group.
    pub posts: u64,
    /// Average likes.
    pub avg_likes: Option<f64>,
    /// Average reposts.
    pub avg_reposts: Option<f64>,
    /// Average replies.
    pub avg_replies: Option<f64>,
}

/// "What worked": engagement of the person's own posts (not reposts or likes) with no
/// findings, with findings, and with findings under each principle.
#[derive(Clone, Debug, PartialEq)]
pub struct Engagement {
    /// Posts with no current findings.
    pub without_findings: EngagementStats,
    /// Posts with at least one current finding.
    pub with_findings: EngagementStats,
    /// Posts with at least one finding under each principle, by principle id.
    pub by_principle: Vec<(String, EngagementStats)>,
}

/// Counts over the whole store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoreStats {
    /// Sources (imported accounts).
    pub sources: u64,
    /// Posts.
    pub posts: u64,
    /// Posts with at least one current finding.
    pub posts_with_findings: u64,
    /// Current findings.
    pub findings: u64,
    /// Audit runs, by state (only states that occur).
    pub runs: Vec<(RunState, u64)>,
    /// Decisions, by decision (only decisions that occur).
    pub decisions: Vec<(Decision, u64)>,
    /// Posts with findings, not deleted, and without a final decision.
    pub open_items: u64,
}

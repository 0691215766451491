//! X's current archive (2019 on): a zip whose `data/*.js` files are JavaScript assignments of
//! JSON arrays (`window.YTD.tweets.part0 = [ … ]`).
//!
//! Order of reading: the profile (`account.js`, `profile.js`, else `manifest.js`), the
//! protected-account history, the note tweets (indexed by second, to restore the full text of
//! long posts), then the tweet parts, deleted tweets and likes, streamed element by element.
//! Notes that match no tweet come last, as posts of their own.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, Read, Seek};

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::Format;
use crate::container::{self, Container, LOOSE, ZipSource};
use crate::error::{ImportError, RecordProblem};
use crate::import::{ArrayShape, Ctx, Halt, for_each_element, parse_json, read_small};
use crate::model::{Platform, Post, PostKind, Profile, Visibility};
use crate::text::{decode_entities, squash_whitespace};
use crate::time::{parse_rfc3339, parse_x};

/// Whether a zip entry name marks an X archive.
pub(crate) fn is_x_entry(name: &str) -> bool {
    name == "data/manifest.js" || tweet_part(name).is_some()
}

/// The kinds of `data/*.js` file this importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum FileKind {
    Tweets,
    CommunityTweets,
    Deleted,
    Likes,
}

/// `(kind, part)` of a tweet-bearing entry such as `data/tweets-part2.js`.
fn tweet_part(name: &str) -> Option<(FileKind, u32)> {
    let file = name.strip_prefix("data/")?.strip_suffix(".js")?;
    let (base, part) = match file.split_once("-part") {
        Some((base, part)) => (base, part.parse().ok()?),
        None => (file, 0),
    };
    let kind = match base {
        "tweets" | "tweet" => FileKind::Tweets,
        "community-tweet" | "community-tweets" => FileKind::CommunityTweets,
        "deleted-tweets" | "deleted-tweet" => FileKind::Deleted,
        "like" | "likes" => FileKind::Likes,
        _ => return None,
    };
    Some((kind, part))
}

pub(crate) fn import<R: Read + Seek>(mut reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    match container::sniff(&mut reader).map_err(ImportError::Io)? {
        Container::Zip => import_zip(reader, ctx),
        Container::Gzip => Err(wrong("a gzip file, not a zip").into()),
        Container::Plain => import_loose(reader, ctx),
    }
}

fn wrong(reason: impl Into<String>) -> ImportError {
    ImportError::WrongFormat {
        format: Format::X,
        reason: reason.into(),
    }
}

/// What the whole archive tells about each tweet: who posted it, and when the account was
/// protected.
#[derive(Default)]
struct Account {
    handle: Option<String>,
    /// Intervals `[from, to)` in Unix seconds during which the account was protected.
    protected: Vec<(i64, i64)>,
}

impl Account {
    fn url(&self, id: &str) -> String {
        match &self.handle {
            Some(handle) => format!("https://x.com/{handle}/status/{id}"),
            None => format!("https://x.com/i/web/status/{id}"),
        }
    }

    fn visibility(&self, at: Option<DateTime<FixedOffset>>) -> Visibility {
        let protected = at.is_some_and(|at| {
            let at = at.timestamp();
            self.protected
                .iter()
                .any(|&(from, to)| from <= at && at < to)
        });
        if protected {
            Visibility::Followers
        } else {
            Visibility::Public
        }
    }
}

fn import_zip<R: Read + Seek>(reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    let mut zip = ZipSource::open(reader, ctx)?;
    let mut parts: Vec<((FileKind, u32), String, usize)> = zip
        .names()
        .filter_map(|name| {
            container::relative(name)
                .into_iter()
                .find_map(tweet_part)
                .map(|key| (key, name.to_owned()))
        })
        .filter_map(|(key, name)| zip.find(&name).map(|(name, index)| (key, name, index)))
        .collect();
    // The same part under two names (at the root and in a folder): the first listed wins.
    let mut seen = std::collections::HashSet::new();
    parts.retain(|(key, _, _)| seen.insert(*key));
    if parts.is_empty()
        && zip.find("data/manifest.js").is_none()
        && zip.find("data/account.js").is_none()
    {
        return Err(
            wrong("no data/tweets.js, data/account.js or data/manifest.js in the zip").into(),
        );
    }
    parts.sort();

    let mut account = Account::default();
    let mut profile = Profile {
        platform: Some(Platform::X),
        ..Profile::default()
    };
    if let Some((name, index)) = zip.find("data/account.js") {
        zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_account(reader, &name, ctx, &mut profile)
        })?;
    }
    if let Some((name, index)) = zip.find("data/profile.js") {
        zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_profile(reader, &name, ctx, &mut profile)
        })?;
    }
    if profile.handle.is_none()
        && let Some((name, index)) = zip.find("data/manifest.js")
    {
        zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_manifest(reader, &name, ctx, &mut profile)
        })?;
    }
    account.handle = profile.handle.clone();
    ctx.profile(profile)?;
    if let Some((name, index)) = zip.find("data/protected-history.js") {
        account.protected = zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_protected(reader, &name, ctx)
        })?;
    }
    let mut notes = Notes::default();
    for (name, index) in zip.find_all(is_note_file) {
        zip.read_entry(index, &name, ctx, |reader, ctx| {
            notes.read(reader, &name, ctx)
        })?;
    }
    for ((kind, _), name, index) in parts {
        zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_tweet_file(reader, &name, kind, ctx, &account, &mut notes)
        })?;
    }
    notes.emit_rest(ctx, &account)
}

fn is_note_file(name: &str) -> bool {
    name.strip_prefix("data/note-tweet")
        .and_then(|rest| rest.strip_suffix(".js"))
        .is_some_and(|rest| {
            rest.is_empty()
                || rest
                    .strip_prefix("-part")
                    .is_some_and(|n| n.parse::<u32>().is_ok())
        })
}

/// A lone `.js` file from the archive, read according to the global name it assigns.
fn import_loose<R: Read + Seek>(mut reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    let head = container::head(&mut reader, 256).map_err(ImportError::Io)?;
    let head =
        String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head)).into_owned();
    let global = head
        .trim_start()
        .strip_prefix("window.YTD.")
        .and_then(|rest| rest.split('.').next())
        .map(str::to_owned)
        .ok_or_else(|| wrong("a loose file must be one of the archive's window.YTD files"))?;
    let account = Account::default();
    let mut notes = Notes::default();
    container::read_loose(reader, ctx, |reader, ctx| {
        let kind = match global.as_str() {
            "tweets" | "tweet" => FileKind::Tweets,
            "community_tweet" => FileKind::CommunityTweets,
            "deleted_tweets" | "deleted_tweet" => FileKind::Deleted,
            "like" => FileKind::Likes,
            "note_tweet" => {
                notes.read(reader, LOOSE, ctx)?;
                return notes.emit_rest(ctx, &account);
            }
            "account" => {
                let mut profile = Profile {
                    platform: Some(Platform::X),
                    ..Profile::default()
                };
                read_account(reader, LOOSE, ctx, &mut profile)?;
                return ctx.profile(profile);
            }
            other => return Err(wrong(format!("window.YTD.{other} holds no posts")).into()),
        };
        read_tweet_file(reader, LOOSE, kind, ctx, &account, &mut notes)
    })
}

/// A string, or a number written as one (archives store every number as a string, but
/// hand-made files do not).
#[derive(Debug, Default)]
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text<'a>, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl Text<'_> {
    fn as_str(&self) -> &str {
        &self.0
    }
}

/// `Some` text only if not empty.
fn present<'t>(text: &'t Option<Text<'_>>) -> Option<&'t str> {
    text.as_ref()
        .map(Text::as_str)
        .filter(|text| !text.is_empty())
}

fn count(text: &Option<Text<'_>>) -> Option<u64> {
    present(text).and_then(|text| text.parse().ok())
}

/// A tweet's fields that matter. Archives write both `id` and `id_str` (and both reply ids),
/// so each is its own field rather than a serde alias, which would reject the pair.
#[derive(Deserialize)]
struct TweetRecord<'a> {
    #[serde(borrow)]
    id_str: Option<Text<'a>>,
    #[serde(borrow)]
    id: Option<Text<'a>>,
    #[serde(borrow)]
    created_at: Option<Text<'a>>,
    #[serde(borrow)]
    full_text: Option<Text<'a>>,
    #[serde(borrow)]
    text: Option<Text<'a>>,
    #[serde(borrow)]
    in_reply_to_status_id_str: Option<Text<'a>>,
    #[serde(borrow)]
    in_reply_to_status_id: Option<Text<'a>>,
    #[serde(borrow)]
    favorite_count: Option<Text<'a>>,
    #[serde(borrow)]
    retweet_count: Option<Text<'a>>,
    #[serde(borrow)]
    entities: Option<Entities<'a>>,
    #[serde(borrow)]
    extended_entities: Option<Entities<'a>>,
}

#[derive(Deserialize, Default)]
struct Entities<'a> {
    #[serde(borrow, default)]
    urls: Option<Vec<UrlEntity<'a>>>,
    #[serde(borrow, default)]
    media: Option<Vec<UrlEntity<'a>>>,
}

#[derive(Deserialize)]
struct UrlEntity<'a> {
    #[serde(borrow)]
    url: Option<Text<'a>>,
    #[serde(borrow)]
    expanded_url: Option<Text<'a>>,
}

/// `{"tweet": {…}}` in current archives, a bare tweet in some older ones.
#[derive(Deserialize)]
struct Wrapped<T> {
    #[serde(
        alias = "like",
        alias = "noteTweet",
        alias = "account",
        alias = "profile",
        alias = "protectedHistory"
    )]
    tweet: T,
}

/// Parses an element that may or may not be wrapped in a one-key object.
fn parse_element<'a, T: Deserialize<'a>>(
    bytes: &'a [u8],
    wrapper: &str,
) -> Result<T, RecordProblem> {
    if first_key_is(bytes, wrapper) {
        parse_json::<Wrapped<T>>(bytes).map(|wrapped| wrapped.tweet)
    } else {
        parse_json::<T>(bytes)
    }
}

/// Whether the first key of the JSON object in `bytes` is `key`.
fn first_key_is(bytes: &[u8], key: &str) -> bool {
    let Some(open) = bytes.iter().position(|&b| b == b'{') else {
        return false;
    };
    let rest = &bytes[open + 1..];
    let Some(quote) = rest.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    let rest = &rest[quote..];
    rest.first() == Some(&b'"')
        && rest[1..].starts_with(key.as_bytes())
        && rest.get(1 + key.len()) == Some(&b'"')
}

fn read_tweet_file(
    reader: &mut dyn BufRead,
    entry: &str,
    kind: FileKind,
    ctx: &mut Ctx<'_, '_>,
    account: &Account,
    notes: &mut Notes,
) -> Result<(), Halt> {
    for_each_element(
        ctx,
        reader,
        entry,
        ArrayShape::Assignment,
        |ctx, bytes, index| {
            let post = match kind {
                FileKind::Likes => {
                    parse_element::<LikeRecord<'_>>(bytes, "like").and_then(like_post)
                }
                _ => parse_element::<TweetRecord<'_>>(bytes, "tweet")
                    .and_then(|tweet| tweet_post(tweet, account, notes, kind == FileKind::Deleted)),
            };
            match post {
                Ok(post) => ctx.post(post),
                Err(problem) => ctx.skip(entry, index, problem),
            }
        },
    )
}

fn tweet_post(
    tweet: TweetRecord<'_>,
    account: &Account,
    notes: &mut Notes,
    deleted: bool,
) -> Result<Post, RecordProblem> {
    let id = present(&tweet.id_str)
        .or_else(|| present(&tweet.id))
        .ok_or_else(|| RecordProblem::malformed("a tweet without id_str"))?;
    let created_at =
        present(&tweet.created_at).and_then(|at| parse_x(at).or_else(|| parse_rfc3339(at)));
    let raw = present(&tweet.full_text)
        .or_else(|| present(&tweet.text))
        .unwrap_or_default();
    let mut text = decode_entities(raw).into_owned();
    let mut quoted = None;
    for url in tweet
        .entities
        .iter()
        .flat_map(|entities| entities.urls.iter().flatten())
    {
        let (Some(short), Some(long)) = (present(&url.url), present(&url.expanded_url)) else {
            continue;
        };
        // A link to another post makes a quote; a long post's own "read more" link does not.
        if quoted.is_none()
            && let Some(target) = status_id(long)
            && target != id
        {
            quoted = Some(target.to_owned());
        }
        if text.contains(short) {
            text = text.replace(short, long);
        }
    }
    let media = [&tweet.entities, &tweet.extended_entities];
    for url in media
        .into_iter()
        .flatten()
        .flat_map(|entities| entities.media.iter().flatten())
    {
        if let Some(short) = present(&url.url)
            && text.contains(short)
        {
            text = text.replace(short, "");
        }
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    let in_reply_to = present(&tweet.in_reply_to_status_id_str)
        .or_else(|| present(&tweet.in_reply_to_status_id))
        .map(str::to_owned);
    let kind = if text.starts_with("RT @") {
        PostKind::Repost
    } else if in_reply_to.is_some() {
        PostKind::Reply
    } else if quoted.is_some() {
        PostKind::Quote
    } else {
        PostKind::Post
    };
    if kind != PostKind::Repost
        && let Some(second) = created_at.map(|at| at.timestamp())
        && let Some(full) = notes.take(second, &text, id)
    {
        text = full;
    }
    let mut post = Post::new(id, kind, text, Platform::X);
    post.url = Some(account.url(id));
    post.created_at = created_at;
    post.in_reply_to = in_reply_to;
    post.quoted = if kind == PostKind::Repost {
        None
    } else {
        quoted
    };
    post.visibility = Some(account.visibility(created_at));
    post.likes = count(&tweet.favorite_count);
    post.reposts = count(&tweet.retweet_count);
    post.deleted = deleted;
    Ok(post)
}

/// The status id of an X post link (`https://twitter.com/user/status/123`, `x.com`,
/// `mobile.twitter.com`, `/i/web/status/123`).
pub(crate) fn status_id(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("mobile."))
        .unwrap_or(host);
    if !matches!(host, "twitter.com" | "x.com") {
        return None;
    }
    let (_, after) = path
        .split_once("/status/")
        .or_else(|| path.split_once("/statuses/"))?;
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (id, rest) = after.split_at(end);
    // `/status/1/photo/1` is a media link, not a post link.
    let bare = rest.is_empty() || rest == "/" || rest.starts_with(['?', '#']);
    (bare && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

#[derive(Deserialize)]
struct LikeRecord<'a> {
    #[serde(borrow, rename = "tweetId")]
    tweet_id: Option<Text<'a>>,
    #[serde(borrow, rename = "fullText")]
    full_text: Option<Text<'a>>,
    #[serde(borrow, rename = "expandedUrl")]
    expanded_url: Option<Text<'a>>,
}

/// A like: `id`, `url` and `text` are the liked post's.
fn like_post(like: LikeRecord<'_>) -> Result<Post, RecordProblem> {
    let id = present(&like.tweet_id)
        .ok_or_else(|| RecordProblem::malformed("a like without tweetId"))?;
    let text = present(&like.full_text)
        .map(|text| decode_entities(text).into_owned())
        .unwrap_or_default();
    let mut post = Post::new(id, PostKind::Like, text, Platform::X);
    post.url = Some(
        present(&like.expanded_url)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("https://x.com/i/web/status/{id}")),
    );
    Ok(post)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccountRecord {
    username: Option<String>,
    account_id: Option<String>,
    account_display_name: Option<String>,
    created_at: Option<String>,
}

fn read_account(
    reader: &mut dyn BufRead,
    entry: &str,
    ctx: &mut Ctx<'_, '_>,
    profile: &mut Profile,
) -> Result<(), Halt> {
    for_each_element(
        ctx,
        reader,
        entry,
        ArrayShape::Assignment,
        |ctx, bytes, index| match parse_element::<AccountRecord>(bytes, "account") {
            Ok(account) => {
                profile.handle = account
                    .username
                    .filter(|s| !s.is_empty())
                    .or(profile.handle.take());
                profile.id = account.account_id.or(profile.id.take());
                profile.display_name = account.account_display_name.or(profile.display_name.take());
                profile.created_at = account
                    .created_at
                    .as_deref()
                    .and_then(parse_rfc3339)
                    .or(profile.created_at);
                Ok(())
            }
            Err(problem) => ctx.skip(entry, index, problem),
        },
    )
}

#[derive(Deserialize)]
struct ProfileRecord {
    description: Option<Description>,
}

#[derive(Deserialize)]
struct Description {
    bio: Option<String>,
    website: Option<String>,
    location: Option<String>,
}

fn nonempty(text: Option<String>) -> Option<String> {
    text.map(|text| decode_entities(text.trim()).into_owned())
        .filter(|text| !text.is_empty())
}

fn read_profile(
    reader: &mut dyn BufRead,
    entry: &str,
    ctx: &mut Ctx<'_, '_>,
    profile: &mut Profile,
) -> Result<(), Halt> {
    for_each_element(
        ctx,
        reader,
        entry,
        ArrayShape::Assignment,
        |ctx, bytes, index| match parse_element::<ProfileRecord>(bytes, "profile") {
            Ok(ProfileRecord {
                description: Some(description),
            }) => {
                profile.bio = nonempty(description.bio);
                profile.website = nonempty(description.website);
                profile.location = nonempty(description.location);
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(problem) => ctx.skip(entry, index, problem),
        },
    )
}

#[derive(Deserialize)]
struct Manifest {
    #[serde(rename = "userInfo")]
    user_info: Option<UserInfo>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserInfo {
    account_id: Option<String>,
    user_name: Option<String>,
    display_name: Option<String>,
}

fn read_manifest(
    reader: &mut dyn BufRead,
    entry: &str,
    ctx: &mut Ctx<'_, '_>,
    profile: &mut Profile,
) -> Result<(), Halt> {
    if let Some(Manifest {
        user_info: Some(info),
    }) = read_small::<Manifest>(ctx, reader, entry, true)?
    {
        profile.handle = info.user_name.or(profile.handle.take());
        profile.id = info.account_id.or(profile.id.take());
        profile.display_name = info.display_name.or(profile.display_name.take());
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProtectedRecord {
    protected_at: Option<String>,
    action: Option<String>,
}

/// Intervals during which the account was protected, from `protected-history.js`.
fn read_protected(
    reader: &mut dyn BufRead,
    entry: &str,
    ctx: &mut Ctx<'_, '_>,
) -> Result<Vec<(i64, i64)>, Halt> {
    let mut changes = Vec::new();
    for_each_element(
        ctx,
        reader,
        entry,
        ArrayShape::Assignment,
        |ctx, bytes, index| match parse_element::<ProtectedRecord>(bytes, "protectedHistory") {
            Ok(record) => {
                if let (Some(at), Some(action)) = (
                    record.protected_at.as_deref().and_then(parse_rfc3339),
                    record.action,
                ) {
                    changes.push((at.timestamp(), action.eq_ignore_ascii_case("protect")));
                }
                Ok(())
            }
            Err(problem) => ctx.skip(entry, index, problem),
        },
    )?;
    changes.sort();
    let mut intervals = Vec::new();
    let mut since = None;
    for (at, protect) in changes {
        match (protect, since) {
            (true, None) => since = Some(at),
            (false, Some(from)) => {
                intervals.push((from, at));
                since = None;
            }
            _ => {}
        }
    }
    if let Some(from) = since {
        intervals.push((from, i64::MAX));
    }
    Ok(intervals)
}

/// Long posts' full texts from `note-tweet.js`, by the second they were made. The note does
/// not name its tweet, so a tweet takes the note of the same second whose text starts like
/// its own (or, failing that, the only or nearest-id note if the tweet looks truncated).
#[derive(Default)]
struct Notes {
    by_second: HashMap<i64, Vec<Note>>,
    /// Text bytes held, against [`Limits::max_index_bytes`](crate::Limits::max_index_bytes).
    held: u64,
}

struct Note {
    id: String,
    text: String,
    created_at: Option<DateTime<FixedOffset>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NoteRecord {
    note_tweet_id: Option<String>,
    created_at: Option<String>,
    core: Option<NoteCore>,
}

#[derive(Deserialize)]
struct NoteCore {
    text: Option<String>,
}

impl Notes {
    fn read(
        &mut self,
        reader: &mut dyn BufRead,
        entry: &str,
        ctx: &mut Ctx<'_, '_>,
    ) -> Result<(), Halt> {
        for_each_element(
            ctx,
            reader,
            entry,
            ArrayShape::Assignment,
            |ctx, bytes, index| match parse_element::<NoteRecord>(bytes, "noteTweet") {
                Ok(note) => {
                    let created_at = note.created_at.as_deref().and_then(parse_rfc3339);
                    let text = note.core.and_then(|core| core.text).unwrap_or_default();
                    let id = note.note_tweet_id.unwrap_or_default();
                    let second = created_at.map_or(i64::MIN, |at| at.timestamp());
                    let note = Note {
                        id,
                        text: decode_entities(&text).into_owned(),
                        created_at,
                    };
                    self.held += note.text.len() as u64;
                    if self.held > ctx.budget.limits.max_index_bytes {
                        // Too many to hold for joining: hand it on as it is.
                        return ctx.post(note_post(note, &Account::default()));
                    }
                    self.by_second.entry(second).or_default().push(note);
                    Ok(())
                }
                Err(problem) => ctx.skip(entry, index, problem),
            },
        )
    }

    /// The full text for a tweet made at `second` whose (truncated) text is `text`.
    fn take(&mut self, second: i64, text: &str, id: &str) -> Option<String> {
        if self.by_second.is_empty() {
            return None;
        }
        let candidates = self.by_second.get_mut(&second)?;
        let stem = truncated_stem(text);
        let looks_truncated = stem.len() < text.trim_end().len() || text.trim_end().ends_with('…');
        let prefix: String = squash_whitespace(stem).chars().take(40).collect();
        let chosen = if !prefix.is_empty()
            && let Some(at) = candidates
                .iter()
                .position(|note| squash_whitespace(&note.text).starts_with(&prefix))
        {
            Some(at)
        } else if looks_truncated {
            let id: u64 = id.parse().unwrap_or(0);
            (0..candidates.len()).min_by_key(|&at| {
                candidates[at]
                    .id
                    .parse::<u64>()
                    .unwrap_or(u64::MAX)
                    .abs_diff(id)
            })
        } else {
            None
        };
        let note = candidates.swap_remove(chosen?);
        if candidates.is_empty() {
            self.by_second.remove(&second);
        }
        Some(note.text)
    }

    /// Notes that matched no tweet, as posts of their own (their id is the note's).
    fn emit_rest(&mut self, ctx: &mut Ctx<'_, '_>, account: &Account) -> Result<(), Halt> {
        let mut rest: Vec<Note> = self
            .by_second
            .drain()
            .flat_map(|(_, notes)| notes)
            .collect();
        rest.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        for note in rest {
            if note.id.is_empty() && note.text.is_empty() {
                continue;
            }
            ctx.post(note_post(note, account))?;
        }
        Ok(())
    }
}

/// A note that joined no tweet, as a post of its own (with the note's id).
fn note_post(note: Note, account: &Account) -> Post {
    let mut post = Post::new(note.id, PostKind::Post, note.text, Platform::X);
    post.created_at = note.created_at;
    post.visibility = Some(account.visibility(note.created_at));
    post
}

/// A truncated tweet's text without the trailing link and ellipsis.
fn truncated_stem(text: &str) -> &str {
    let mut stem = text.trim_end();
    if let Some(at) = stem.rfind(" https://")
        && !stem[at + 1..].contains(' ')
    {
        stem = stem[..at].trim_end();
    }
    stem.strip_suffix('…').unwrap_or(stem).trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_tweet_parts() {
        assert_eq!(tweet_part("data/tweets.js"), Some((FileKind::Tweets, 0)));
        assert_eq!(
            tweet_part("data/tweet-part3.js"),
            Some((FileKind::Tweets, 3))
        );
        assert_eq!(
            tweet_part("data/deleted-tweets.js"),
            Some((FileKind::Deleted, 0))
        );
        assert_eq!(tweet_part("data/like.js"), Some((FileKind::Likes, 0)));
        assert_eq!(tweet_part("data/tweets-headers.js"), None);
        assert_eq!(tweet_part("data/tweets-partx.js"), None);
    }

    #[test]
    fn finds_status_ids() {
        assert_eq!(
            status_id("https://twitter.com/someone/status/123?s=20"),
            Some("123")
        );
        assert_eq!(status_id("https://x.com/i/web/status/42"), Some("42"));
        assert_eq!(status_id("https://example.com/someone/status/123"), None);
        assert_eq!(
            status_id("https://twitter.com/someone/status/123/photo/1"),
            None
        );
    }

    #[test]
    fn sees_wrappers() {
        assert!(first_key_is(br#" { "tweet" : {}}"#, "tweet"));
        assert!(!first_key_is(br#"{"tweets": {}}"#, "tweet"));
        assert!(!first_key_is(br#"{"id_str": "1"}"#, "tweet"));
    }
}

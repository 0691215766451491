//! X's classic archive (about 2012–2018): `tweets.csv` at the root, or the monthly
//! `data/js/tweets/YYYY_MM.js` files (`Grailbird.data.tweets_2015_01 = [ … ]`), with the
//! profile in `data/js/user_details.js` (`var user_details = { … }`).

use std::io::{BufRead, Read, Seek};

use serde::Deserialize;

use crate::Format;
use crate::container::{self, Container, LOOSE, ZipSource};
use crate::error::{ImportError, RecordProblem};
use crate::import::{
    ArrayShape, Columns, Ctx, Halt, cell, for_each_csv_row, for_each_element, parse_json,
    read_small,
};
use crate::model::{Platform, Post, PostKind, Profile, Visibility};
use crate::text::decode_entities;
use crate::time::parse_any;
use crate::x::status_id;

/// The header of `tweets.csv`.
const HEADER: [&str; 10] = [
    "tweet_id",
    "in_reply_to_status_id",
    "in_reply_to_user_id",
    "timestamp",
    "source",
    "text",
    "retweeted_status_id",
    "retweeted_status_user_id",
    "retweeted_status_timestamp",
    "expanded_urls",
];

/// Whether a zip entry name marks a classic X archive.
pub(crate) fn is_classic_entry(name: &str) -> bool {
    name == "tweets.csv" || is_monthly(name)
}

fn is_monthly(name: &str) -> bool {
    name.strip_prefix("data/js/tweets/")
        .and_then(|file| file.strip_suffix(".js"))
        .is_some_and(|month| month.len() == 7 && month.as_bytes()[4] == b'_')
}

/// Whether a CSV header line is `tweets.csv`'s.
pub(crate) fn is_classic_header(line: &str) -> bool {
    let names: Vec<String> = line
        .split(',')
        .map(|name| name.trim().trim_matches('"').to_owned())
        .collect();
    names.len() >= 6
        && names
            .iter()
            .take(4)
            .map(String::as_str)
            .eq(HEADER.iter().take(4).copied())
}

fn wrong(reason: impl Into<String>) -> ImportError {
    ImportError::WrongFormat {
        format: Format::XClassic,
        reason: reason.into(),
    }
}

pub(crate) fn import<R: Read + Seek>(mut reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    match container::sniff(&mut reader).map_err(ImportError::Io)? {
        Container::Zip => import_zip(reader, ctx),
        Container::Gzip => Err(wrong("a gzip file, not a zip").into()),
        Container::Plain => {
            let head = container::head(&mut reader, 4096).map_err(ImportError::Io)?;
            let text = String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head))
                .into_owned();
            let text = text.trim_start();
            let handle = None;
            if text.starts_with("Grailbird.") {
                container::read_loose(reader, ctx, |reader, ctx| {
                    read_monthly(reader, LOOSE, ctx, &handle)
                })
            } else if is_classic_header(text.lines().next().unwrap_or_default()) {
                container::read_loose(reader, ctx, |reader, ctx| {
                    read_csv(reader, LOOSE, ctx, &handle)
                })
            } else {
                Err(wrong("neither tweets.csv nor a Grailbird monthly file").into())
            }
        }
    }
}

fn import_zip<R: Read + Seek>(reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    let mut zip = ZipSource::open(reader, ctx)?;
    let mut handle = None;
    if let Some((name, index)) = zip.find("data/js/user_details.js") {
        let profile = zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_small::<UserDetails>(ctx, reader, &name, true)
        })?;
        if let Some(details) = profile {
            handle = details.screen_name.clone();
            ctx.profile(Profile {
                platform: Some(Platform::X),
                id: details.id,
                handle: details.screen_name,
                display_name: details.full_name,
                bio: details.bio.filter(|bio| !bio.is_empty()),
                location: details.location.filter(|location| !location.is_empty()),
                website: None,
                created_at: details.created_at.as_deref().and_then(parse_any),
            })?;
        }
    }
    if let Some((name, index)) = zip.find("tweets.csv") {
        return zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_csv(reader, &name, ctx, &handle)
        });
    }
    let mut months = zip.find_all(is_monthly);
    if months.is_empty() {
        return Err(wrong("no tweets.csv or data/js/tweets/ in the zip").into());
    }
    months.sort();
    for (name, index) in months {
        zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_monthly(reader, &name, ctx, &handle)
        })?;
    }
    Ok(())
}

#[derive(Deserialize)]
struct UserDetails {
    screen_name: Option<String>,
    full_name: Option<String>,
    bio: Option<String>,
    location: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    id: Option<String>,
    created_at: Option<String>,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(text) => Some(text),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

fn url(handle: &Option<String>, id: &str) -> String {
    match handle {
        Some(handle) => format!("https://x.com/{handle}/status/{id}"),
        None => format!("https://x.com/i/web/status/{id}"),
    }
}

struct CsvColumns {
    id: Option<usize>,
    reply_to: Option<usize>,
    timestamp: Option<usize>,
    text: Option<usize>,
    retweeted: Option<usize>,
    expanded: Option<usize>,
}

fn read_csv(
    reader: &mut dyn BufRead,
    entry: &str,
    ctx: &mut Ctx<'_, '_>,
    handle: &Option<String>,
) -> Result<(), Halt> {
    let header = |row: &[&str]| {
        let columns = Columns::new(row);
        if !columns.has_all(&["tweet_id", "timestamp", "text"]) {
            return Err(wrong(
                "tweets.csv lacks the tweet_id, timestamp and text columns",
            ));
        }
        Ok(CsvColumns {
            id: columns.find(&["tweet_id"]),
            reply_to: columns.find(&["in_reply_to_status_id"]),
            timestamp: columns.find(&["timestamp"]),
            text: columns.find(&["text"]),
            retweeted: columns.find(&["retweeted_status_id"]),
            expanded: columns.find(&["expanded_urls"]),
        })
    };
    for_each_csv_row(ctx, reader, entry, header, |ctx, columns, row, index| {
        let Some(id) = cell(row, columns.id) else {
            return ctx.skip(
                entry,
                index,
                RecordProblem::malformed("a row without tweet_id"),
            );
        };
        let mut text = decode_entities(cell(row, columns.text).unwrap_or_default()).into_owned();
        // `expanded_urls` lists the links' targets in order, without saying which t.co link
        // each belongs to: expand in order when the counts agree.
        let expanded: Vec<&str> = cell(row, columns.expanded)
            .map(|urls| {
                urls.split(',')
                    .map(str::trim)
                    .filter(|url| !url.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let short: Vec<String> = text
            .split_whitespace()
            .filter(|word| word.starts_with("https://t.co/") || word.starts_with("http://t.co/"))
            .map(str::to_owned)
            .collect();
        if short.len() == expanded.len() {
            for (short, long) in short.iter().zip(&expanded) {
                text = text.replacen(short.as_str(), long, 1);
            }
        }
        let reposted = cell(row, columns.retweeted).map(str::to_owned);
        let in_reply_to = cell(row, columns.reply_to).map(str::to_owned);
        let quoted = expanded
            .iter()
            .find_map(|url| status_id(url))
            .map(str::to_owned);
        let kind = if reposted.is_some() || text.starts_with("RT @") {
            PostKind::Repost
        } else if in_reply_to.is_some() {
            PostKind::Reply
        } else if quoted.is_some() {
            PostKind::Quote
        } else {
            PostKind::Post
        };
        let mut post = Post::new(id, kind, text, Platform::X);
        post.url = Some(url(handle, id));
        post.created_at = cell(row, columns.timestamp).and_then(parse_any);
        post.in_reply_to = in_reply_to;
        post.quoted = if kind == PostKind::Repost {
            None
        } else {
            quoted
        };
        post.reposted = reposted;
        post.visibility = Some(Visibility::Public);
        ctx.post(post)
    })
}

/// A tweet of a monthly file; `id` and `id_str` both appear, so neither is an alias.
#[derive(Deserialize)]
struct MonthlyTweet {
    #[serde(default, deserialize_with = "string_or_number")]
    id_str: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    id: Option<String>,
    text: Option<String>,
    created_at: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    in_reply_to_status_id_str: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    in_reply_to_status_id: Option<String>,
    entities: Option<MonthlyEntities>,
    retweeted_status: Option<Box<MonthlyTweet>>,
    user: Option<MonthlyUser>,
}

#[derive(Deserialize)]
struct MonthlyEntities {
    #[serde(default)]
    urls: Vec<MonthlyUrl>,
    #[serde(default)]
    media: Vec<MonthlyUrl>,
}

#[derive(Deserialize)]
struct MonthlyUrl {
    url: Option<String>,
    expanded_url: Option<String>,
}

#[derive(Deserialize)]
struct MonthlyUser {
    screen_name: Option<String>,
}

fn reply_to(tweet: &MonthlyTweet) -> Option<String> {
    tweet
        .in_reply_to_status_id_str
        .clone()
        .or_else(|| tweet.in_reply_to_status_id.clone())
}

/// A tweet's text with entities decoded and links expanded.
fn expand(tweet: &MonthlyTweet) -> (String, Option<String>) {
    let mut text = decode_entities(tweet.text.as_deref().unwrap_or_default()).into_owned();
    let mut quoted = None;
    if let Some(entities) = &tweet.entities {
        for url in &entities.urls {
            if let (Some(short), Some(long)) = (&url.url, &url.expanded_url) {
                quoted = quoted.or_else(|| status_id(long).map(str::to_owned));
                text = text.replace(short.as_str(), long);
            }
        }
        for media in &entities.media {
            if let Some(short) = &media.url {
                text = text.replace(short.as_str(), "");
            }
        }
    }
    (text.trim_end().to_owned(), quoted)
}

fn read_monthly(
    reader: &mut dyn BufRead,
    entry: &str,
    ctx: &mut Ctx<'_, '_>,
    handle: &Option<String>,
) -> Result<(), Halt> {
    for_each_element(
        ctx,
        reader,
        entry,
        ArrayShape::Assignment,
        |ctx, bytes, index| {
            let tweet = match parse_json::<MonthlyTweet>(bytes) {
                Ok(tweet) => tweet,
                Err(problem) => return ctx.skip(entry, index, problem),
            };
            let Some(id) = tweet.id_str.clone().or_else(|| tweet.id.clone()) else {
                return ctx.skip(
                    entry,
                    index,
                    RecordProblem::malformed("a tweet without id_str"),
                );
            };
            let poster = tweet
                .user
                .as_ref()
                .and_then(|user| user.screen_name.clone())
                .or_else(|| handle.clone());
            let (kind, text, quoted, reposted) = match &tweet.retweeted_status {
                // Unlike the current archive, the classic one keeps the original's whole text.
                Some(original) => {
                    let (text, _) = expand(original);
                    let author = original
                        .user
                        .as_ref()
                        .and_then(|user| user.screen_name.as_deref())
                        .unwrap_or("?");
                    (
                        PostKind::Repost,
                        format!("RT @{author}: {text}"),
                        None,
                        original.id_str.clone().or_else(|| original.id.clone()),
                    )
                }
                None => {
                    let (text, quoted) = expand(&tweet);
                    let kind = if text.starts_with("RT @") {
                        PostKind::Repost
                    } else if reply_to(&tweet).is_some() {
                        PostKind::Reply
                    } else if quoted.is_some() {
                        PostKind::Quote
                    } else {
                        PostKind::Post
                    };
                    (kind, text, quoted, None)
                }
            };
            let mut post = Post::new(id.clone(), kind, text, Platform::X);
            post.url = Some(url(&poster, &id));
            post.created_at = tweet.created_at.as_deref().and_then(parse_any);
            post.in_reply_to = reply_to(&tweet);
            post.quoted = quoted;
            post.reposted = reposted;
            post.visibility = Some(Visibility::Public);
            ctx.post(post)
        },
    )
}

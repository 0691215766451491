//! Synthetic X archives: the current zip (`data/tweets.js` and friends) and the classic one
//! (`tweets.csv`).

use std::fmt::Write as _;
use std::io::{self, Seek, Write};

use chrono::{DateTime, TimeZone, Utc};
use zip::ZipWriter;

use super::content::{Clock, Rng};
use super::{Generated, Options, json_string, zip_error, zip_options};
use crate::PostKind;

/// Tweets per `tweets-partN.js` file, as X splits large archives.
const PART_SIZE: usize = 250_000;
/// The account holder.
const HANDLE: &str = "alex_example";
const ACCOUNT_ID: &str = "1234567890";

/// A snowflake id for a time, as X makes them.
fn snowflake(time: DateTime<Utc>, sequence: u64) -> u64 {
    let ms = (time.timestamp_millis() - 1_288_834_974_657).max(0) as u64;
    (ms << 22) | (sequence & 0x3f_ffff)
}

/// X's `created_at` format.
fn x_time(time: DateTime<Utc>) -> String {
    time.format("%a %b %d %H:%M:%S +0000 %Y").to_string()
}

/// `&`, `<` and `>` escaped, as X writes `full_text`.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Replaces each `https://` word of `text` with a t.co link, returning the links.
fn shorten(rng: &mut Rng, text: &str) -> (String, Vec<(String, String)>) {
    let mut urls = Vec::new();
    let words: Vec<String> = text
        .split(' ')
        .map(|word| {
            if word.starts_with("https://") {
                let short = format!("https://t.co/{}", rng.token(10));
                urls.push((short.clone(), word.to_owned()));
                short
            } else {
                word.to_owned()
            }
        })
        .collect();
    (words.join(" "), urls)
}

struct Tweet {
    id: u64,
    created: DateTime<Utc>,
    /// Unescaped; escaped when written.
    text: String,
    urls: Vec<(String, String)>,
    media: Option<String>,
    reply_to: Option<(u64, &'static str)>,
    likes: u64,
    retweets: u64,
    deleted: bool,
}

fn write_tweet(buf: &mut String, tweet: &Tweet) {
    let id = tweet.id;
    let _ = write!(buf, "  {{\n    \"tweet\" : {{\n");
    let _ = write!(
        buf,
        "      \"edit_info\" : {{\n        \"initial\" : {{\n          \"editTweetIds\" : [\n            \"{id}\"\n          ],\n          \"editableUntil\" : \"{}\",\n          \"editsRemaining\" : \"5\",\n          \"isEditEligible\" : true\n        }}\n      }},\n",
        (tweet.created + chrono::Duration::hours(1)).format("%Y-%m-%dT%H:%M:%S%.3fZ")
    );
    buf.push_str("      \"retweeted\" : false,\n      \"source\" : \"<a href=\\\"https://mobile.twitter.com\\\" rel=\\\"nofollow\\\">Twitter Web App</a>\",\n");
    buf.push_str(
        "      \"entities\" : {\n        \"hashtags\" : [ ],\n        \"symbols\" : [ ],\n",
    );
    match tweet.reply_to {
        Some((_, handle)) => {
            let _ = write!(
                buf,
                "        \"user_mentions\" : [\n          {{\n            \"name\" : \"Placeholder Person\",\n            \"screen_name\" : \"{handle}\",\n            \"indices\" : [\n              \"0\",\n              \"{}\"\n            ],\n            \"id_str\" : \"987654321\",\n            \"id\" : \"987654321\"\n          }}\n        ],\n",
                handle.len() + 1
            );
        }
        None => buf.push_str("        \"user_mentions\" : [ ],\n"),
    }
    buf.push_str("        \"urls\" : [");
    for (at, (short, long)) in tweet.urls.iter().enumerate() {
        let display: String = long
            .trim_start_matches("https://")
            .chars()
            .take(24)
            .collect();
        let _ = write!(
            buf,
            "{}\n          {{\n            \"url\" : {},\n            \"expanded_url\" : {},\n            \"display_url\" : {},\n            \"indices\" : [\n              \"0\",\n              \"23\"\n            ]\n          }}",
            if at == 0 { "" } else { "," },
            json_string(short),
            json_string(long),
            json_string(&display),
        );
    }
    buf.push_str(if tweet.urls.is_empty() {
        " ]"
    } else {
        "\n        ]"
    });
    if let Some(media) = &tweet.media {
        let _ = write!(
            buf,
            ",\n        \"media\" : [\n          {{\n            \"expanded_url\" : \"https://twitter.com/{HANDLE}/status/{id}/photo/1\",\n            \"url\" : \"{media}\",\n            \"media_url_https\" : \"https://pbs.twimg.com/media/{id}.jpg\",\n            \"type\" : \"photo\"\n          }}\n        ]"
        );
    }
    buf.push_str("\n      },\n");
    let text = escape(&tweet.text);
    let _ = write!(
        buf,
        "      \"display_text_range\" : [\n        \"0\",\n        \"{}\"\n      ],\n      \"favorite_count\" : \"{}\",\n",
        tweet.text.chars().count(),
        tweet.likes
    );
    if let Some((reply, handle)) = tweet.reply_to {
        let _ = write!(
            buf,
            "      \"in_reply_to_status_id_str\" : \"{reply}\",\n      \"in_reply_to_user_id\" : \"987654321\",\n      \"in_reply_to_status_id\" : \"{reply}\",\n      \"in_reply_to_screen_name\" : \"{handle}\",\n      \"in_reply_to_user_id_str\" : \"987654321\",\n"
        );
    }
    let _ = write!(
        buf,
        "      \"id_str\" : \"{id}\",\n      \"truncated\" : false,\n      \"retweet_count\" : \"{}\",\n      \"id\" : \"{id}\",\n      \"created_at\" : \"{}\",\n      \"favorited\" : false,\n      \"full_text\" : {},\n      \"lang\" : \"en\"",
        tweet.retweets,
        x_time(tweet.created),
        json_string(&text)
    );
    if tweet.deleted {
        let _ = write!(
            buf,
            ",\n      \"deleted_at\" : \"{}\"",
            x_time(tweet.created + chrono::Duration::days(2))
        );
    }
    buf.push_str("\n    }\n  }");
}

/// A note tweet kept to write `note-tweet.js` after the tweets.
struct Note {
    id: u64,
    created: DateTime<Utc>,
    text: String,
}

/// Makes one of the account's tweets, with its kind.
fn make_tweet(
    rng: &mut Rng,
    clock: &mut Clock,
    sequence: u64,
    notes: Option<&mut Vec<Note>>,
) -> (Tweet, PostKind) {
    let created = clock.tick(rng);
    let id = snowflake(created, sequence);
    let (text, _) = rng.post_text();
    let roll = rng.below(100);
    let mut tweet = Tweet {
        id,
        created,
        text: String::new(),
        urls: Vec::new(),
        media: None,
        reply_to: None,
        likes: rng.below(40),
        retweets: rng.below(8),
        deleted: false,
    };
    let kind = match roll {
        0..=9 => {
            let mut original: String = text.chars().take(110).collect();
            if original.len() < text.len() {
                original.push('…');
            }
            tweet.text = format!("RT @{}: {original}", rng.handle());
            tweet.likes = 0;
            PostKind::Repost
        }
        10..=24 => {
            let handle = rng.handle();
            let (short, urls) = shorten(rng, &text);
            tweet.text = format!("@{handle} {short}");
            tweet.urls = urls;
            tweet.reply_to = Some((id.saturating_sub(1 + rng.below(1 << 40)), handle));
            PostKind::Reply
        }
        25..=32 => {
            let (short, mut urls) = shorten(rng, &text);
            let link = format!("https://t.co/{}", rng.token(10));
            let target = id.saturating_sub(1 + rng.below(1 << 40));
            urls.push((
                link.clone(),
                format!("https://twitter.com/{}/status/{target}", rng.handle()),
            ));
            tweet.text = format!("{short} {link}");
            tweet.urls = urls;
            PostKind::Quote
        }
        33..=34 if notes.is_some() => {
            let long = rng.long_text();
            let stem: String = long.chars().take(250).collect();
            let link = format!("https://t.co/{}", rng.token(10));
            tweet.text = format!("{}… {link}", stem.trim_end());
            tweet.urls = vec![(link, format!("https://twitter.com/i/web/status/{id}"))];
            if let Some(notes) = notes {
                notes.push(Note {
                    id: id + 7,
                    created,
                    text: long,
                });
            }
            PostKind::Post
        }
        _ => {
            let (short, mut urls) = shorten(rng, &text);
            tweet.text = short;
            if rng.chance(15) {
                let link = format!("https://t.co/{}", rng.token(10));
                urls.push((
                    link.clone(),
                    format!("https://example.com/articles/{}", rng.token(8)),
                ));
                tweet.text = format!("{} {link}", tweet.text);
            }
            tweet.urls = urls;
            if rng.chance(10) {
                let media = format!("https://t.co/{}", rng.token(10));
                tweet.text = format!("{} {media}", tweet.text);
                tweet.media = Some(media);
            }
            PostKind::Post
        }
    };
    (tweet, kind)
}

fn js_array_open(global: &str) -> String {
    format!("window.YTD.{global} = [\n")
}

/// The current X archive.
pub(super) fn current<W: Write + Seek>(options: &Options, out: W) -> io::Result<Generated> {
    let mut rng = Rng::new(options.seed);
    let mut clock = Clock::new();
    let mut zip = ZipWriter::new(out);
    let file = zip_options(options);
    let mut made = Generated::default();

    zip.start_file("Your archive.html", file)
        .map_err(zip_error)?;
    zip.write_all(b"<!DOCTYPE html><title>Your archive</title><p>A synthetic archive.</p>\n")?;
    zip.start_file("data/manifest.js", file)
        .map_err(zip_error)?;
    write!(
        zip,
        "window.__THAR_CONFIG = {{\n  \"userInfo\" : {{\n    \"accountId\" : \"{ACCOUNT_ID}\",\n    \"userName\" : \"{HANDLE}\",\n    \"displayName\" : \"Alex Example\"\n  }},\n  \"archiveInfo\" : {{\n    \"isArchivePartial\" : false\n  }}\n}}"
    )?;
    zip.start_file("data/account.js", file).map_err(zip_error)?;
    write!(
        zip,
        "window.YTD.account.part0 = [\n  {{\n    \"account\" : {{\n      \"email\" : \"alex@example.com\",\n      \"createdVia\" : \"web\",\n      \"username\" : \"{HANDLE}\",\n      \"accountId\" : \"{ACCOUNT_ID}\",\n      \"createdAt\" : \"2012-05-04T10:11:12.000Z\",\n      \"accountDisplayName\" : \"Alex Example\"\n    }}\n  }}\n]"
    )?;
    zip.start_file("data/profile.js", file).map_err(zip_error)?;
    zip.write_all(
        "window.YTD.profile.part0 = [\n  {\n    \"profile\" : {\n      \"description\" : {\n        \"bio\" : \"Engineer at Example Corp. Views my own. Tea &amp; bikes.\",\n        \"website\" : \"https://t.co/abcdefghij\",\n        \"location\" : \"Exampleton\"\n      },\n      \"avatarMediaUrl\" : \"https://pbs.twimg.com/profile_images/1/avatar.jpg\"\n    }\n  }\n]"
            .as_bytes(),
    )?;
    made.profiles = 1;
    zip.start_file("data/protected-history.js", file)
        .map_err(zip_error)?;
    zip.write_all(
        b"window.YTD.protected_history.part0 = [\n  {\n    \"protectedHistory\" : {\n      \"protectedAt\" : \"2019-02-01T00:00:00.000Z\",\n      \"action\" : \"Protect\"\n    }\n  },\n  {\n    \"protectedHistory\" : {\n      \"protectedAt\" : \"2019-03-01T00:00:00.000Z\",\n      \"action\" : \"Unprotect\"\n    }\n  }\n]",
    )?;

    let mut notes = Vec::new();
    let mut buf = String::with_capacity(64 * 1024);
    let mut written = 0;
    let mut part = 0;
    while written < options.posts || (part == 0 && options.posts == 0) {
        let name = if part == 0 {
            "data/tweets.js".to_owned()
        } else {
            format!("data/tweets-part{part}.js")
        };
        zip.start_file(name, file).map_err(zip_error)?;
        zip.write_all(js_array_open(&format!("tweets.part{part}")).as_bytes())?;
        let end = (written + PART_SIZE).min(options.posts);
        for at in written..end {
            buf.clear();
            if at > written {
                buf.push_str(",\n");
            }
            let (tweet, kind) = make_tweet(&mut rng, &mut clock, at as u64, Some(&mut notes));
            write_tweet(&mut buf, &tweet);
            made.add(kind);
            zip.write_all(buf.as_bytes())?;
        }
        zip.write_all(b"\n]")?;
        written = end;
        part += 1;
    }

    zip.start_file("data/note-tweet.js", file)
        .map_err(zip_error)?;
    zip.write_all(js_array_open("note_tweet.part0").as_bytes())?;
    for (at, note) in notes.iter().enumerate() {
        let created = note.created.format("%Y-%m-%dT%H:%M:%S.000Z");
        write!(
            zip,
            "{}  {{\n    \"noteTweet\" : {{\n      \"noteTweetId\" : \"{}\",\n      \"updatedAt\" : \"{created}\",\n      \"lifecycle\" : {{\n        \"value\" : \"\",\n        \"name\" : \"Unknown\",\n        \"originalName\" : \"\",\n        \"annotations\" : {{ }}\n      }},\n      \"createdAt\" : \"{created}\",\n      \"core\" : {{\n        \"styletags\" : [ ],\n        \"urls\" : [ ],\n        \"text\" : {},\n        \"mentions\" : [ ],\n        \"cashtags\" : [ ],\n        \"hashtags\" : [ ]\n      }}\n    }}\n  }}",
            if at == 0 { "" } else { ",\n" },
            note.id,
            json_string(&escape(&note.text))
        )?;
    }
    zip.write_all(b"\n]")?;

    // Deleted tweets: a separate clock, so they interleave with the others in time.
    zip.start_file("data/deleted-tweets.js", file)
        .map_err(zip_error)?;
    zip.write_all(js_array_open("deleted_tweets.part0").as_bytes())?;
    let mut deleted_clock = Clock::new();
    for at in 0..options.posts / 30 {
        buf.clear();
        if at > 0 {
            buf.push_str(",\n");
        }
        let (mut tweet, kind) =
            make_tweet(&mut rng, &mut deleted_clock, 1_000_000 + at as u64, None);
        tweet.deleted = true;
        write_tweet(&mut buf, &tweet);
        made.add(kind);
        made.deleted += 1;
        zip.write_all(buf.as_bytes())?;
    }
    zip.write_all(b"\n]")?;

    zip.start_file("data/like.js", file).map_err(zip_error)?;
    zip.write_all(js_array_open("like.part0").as_bytes())?;
    for at in 0..options.posts / 10 {
        let (text, _) = rng.post_text();
        let id = snowflake(
            Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default(),
            at as u64,
        ) + rng.below(1 << 30);
        write!(
            zip,
            "{}  {{\n    \"like\" : {{\n      \"tweetId\" : \"{id}\",\n      \"fullText\" : {},\n      \"expandedUrl\" : \"https://twitter.com/i/web/status/{id}\"\n    }}\n  }}",
            if at == 0 { "" } else { ",\n" },
            json_string(&escape(&text))
        )?;
        made.add(PostKind::Like);
    }
    zip.write_all(b"\n]")?;
    zip.finish().map_err(zip_error)?;
    Ok(made)
}

/// A CSV field, always quoted, quotes doubled.
fn csv_field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The classic X archive: `tweets.csv` and `data/js/user_details.js`.
pub(super) fn classic<W: Write + Seek>(options: &Options, out: W) -> io::Result<Generated> {
    let mut rng = Rng::new(options.seed);
    let mut clock = Clock::new();
    let mut zip = ZipWriter::new(out);
    let file = zip_options(options);
    let mut made = Generated::default();
    zip.start_file("data/js/user_details.js", file)
        .map_err(zip_error)?;
    write!(
        zip,
        "var user_details =  {{\n  \"screen_name\" : \"{HANDLE}\",\n  \"location\" : \"Exampleton\",\n  \"full_name\" : \"Alex Example\",\n  \"bio\" : \"Engineer at Example Corp.\",\n  \"id\" : \"{ACCOUNT_ID}\",\n  \"created_at\" : \"2012-05-04 10:11:12 +0000\"\n}}"
    )?;
    made.profiles = 1;
    zip.start_file("tweets.csv", file).map_err(zip_error)?;
    zip.write_all(b"\"tweet_id\",\"in_reply_to_status_id\",\"in_reply_to_user_id\",\"timestamp\",\"source\",\"text\",\"retweeted_status_id\",\"retweeted_status_user_id\",\"retweeted_status_timestamp\",\"expanded_urls\"\n")?;
    for at in 0..options.posts {
        let (tweet, kind) = make_tweet(&mut rng, &mut clock, at as u64, None);
        let (retweeted, retweeted_user, retweeted_time) = if kind == PostKind::Repost {
            (
                tweet.id.saturating_sub(12345).to_string(),
                "987654321".to_owned(),
                tweet.created.format("%Y-%m-%d %H:%M:%S +0000").to_string(),
            )
        } else {
            (String::new(), String::new(), String::new())
        };
        let (reply, reply_user) = match tweet.reply_to {
            Some((reply, _)) => (reply.to_string(), "987654321".to_owned()),
            None => (String::new(), String::new()),
        };
        let mut expanded: Vec<&str> = tweet.urls.iter().map(|(_, long)| long.as_str()).collect();
        if tweet.media.is_some() {
            expanded.push("https://twitter.com/alex_example/status/1/photo/1");
        }
        let row = [
            tweet.id.to_string(),
            reply,
            reply_user,
            tweet.created.format("%Y-%m-%d %H:%M:%S +0000").to_string(),
            "<a href=\"http://twitter.com\" rel=\"nofollow\">Twitter Web Client</a>".to_owned(),
            escape(&tweet.text),
            retweeted,
            retweeted_user,
            retweeted_time,
            expanded.join(","),
        ];
        let line: Vec<String> = row.iter().map(|field| csv_field(field)).collect();
        zip.write_all(line.join(",").as_bytes())?;
        zip.write_all(b"\n")?;
        made.add(kind);
    }
    zip.finish().map_err(zip_error)?;
    Ok(made)
}

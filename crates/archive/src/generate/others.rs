//! Synthetic Mastodon, LinkedIn, Facebook and generic archives.

use std::io::{self, Seek, Write};

use chrono::{DateTime, Utc};
use zip::ZipWriter;

use super::content::{Clock, Rng};
use super::{Generated, Options, ascii_json_string, json_string, zip_error, zip_options};
use crate::text::make_mojibake;
use crate::{Format, PostKind};

const ACTOR: &str = "https://example.social/users/alex";
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// Text escaped as Mastodon escapes it in HTML.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A link as Mastodon renders it: the visible part shortened, the rest in invisible spans.
fn html_link(url: &str) -> String {
    let rest = url.strip_prefix("https://").unwrap_or(url);
    let split = rest.char_indices().nth(30).map_or(rest.len(), |(at, _)| at);
    let (shown, hidden) = rest.split_at(split);
    format!(
        "<a href=\"{url}\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\"><span class=\"invisible\">https://</span><span class=\"{}\">{}</span><span class=\"invisible\">{}</span></a>",
        if hidden.is_empty() { "" } else { "ellipsis" },
        html_escape(shown),
        html_escape(hidden)
    )
}

/// A plain text as Mastodon's HTML: paragraphs, `<br />`, links.
fn to_html(text: &str) -> String {
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|paragraph| {
            let lines: Vec<String> = paragraph
                .split('\n')
                .map(|line| {
                    line.split(' ')
                        .map(|word| {
                            if word.starts_with("https://") {
                                html_link(word)
                            } else {
                                html_escape(word)
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            format!("<p>{}</p>", lines.join("<br />"))
        })
        .collect();
    paragraphs.concat()
}

fn iso(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn json_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|item| json_string(item))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The outbox and actor of a Mastodon export.
fn mastodon_files(options: &Options, made: &mut Generated) -> (Vec<u8>, Vec<u8>) {
    let mut rng = Rng::new(options.seed);
    let mut clock = Clock::new();
    let mut items = Vec::with_capacity(options.posts);
    for at in 0..options.posts {
        let created = clock.tick(&mut rng);
        let status = (created.timestamp_millis() as u64) << 16 | (at as u64 & 0xffff);
        let id = format!("{ACTOR}/statuses/{status}");
        let published = iso(created);
        let followers = format!("{ACTOR}/followers");
        if rng.chance(10) {
            let object = format!(
                "https://other.example/users/{}/statuses/{}",
                rng.handle(),
                rng.below(1 << 50)
            );
            items.push(format!(
                "    {{\n      \"id\": \"{id}/activity\",\n      \"type\": \"Announce\",\n      \"actor\": \"{ACTOR}\",\n      \"published\": \"{published}\",\n      \"to\": [\"{PUBLIC}\"],\n      \"cc\": [\"{followers}\"],\n      \"object\": \"{object}\"\n    }}"
            ));
            made.add(PostKind::Repost);
            continue;
        }
        let (mut text, _) = rng.post_text();
        if rng.chance(15) {
            let (more, _) = rng.post_text();
            text = format!("{text}\n\n{more}");
        } else if rng.chance(10) {
            let (more, _) = rng.post_text();
            text = format!("{text}\n{more}");
        }
        let (to, cc) = match rng.below(20) {
            0..=13 => (vec![PUBLIC.to_owned()], vec![followers.clone()]),
            14..=15 => (vec![followers.clone()], vec![PUBLIC.to_owned()]),
            16..=17 => (vec![followers.clone()], Vec::new()),
            _ => (
                vec!["https://other.example/users/sam".to_owned()],
                Vec::new(),
            ),
        };
        let mut content = to_html(&text);
        let mut reply = "null".to_owned();
        let mut kind = PostKind::Post;
        if rng.chance(15) {
            let handle = rng.handle();
            reply = json_string(&format!(
                "https://other.example/users/{handle}/statuses/{}",
                rng.below(1 << 50)
            ));
            content = content.replacen(
                "<p>",
                &format!("<p><span class=\"h-card\" translate=\"no\"><a href=\"https://other.example/@{handle}\" class=\"u-url mention\">@<span>{handle}</span></a></span> "),
                1,
            );
            kind = PostKind::Reply;
        }
        let mut quote = String::new();
        if kind == PostKind::Post && rng.chance(4) {
            quote = format!(
                ",\n        \"quote\": \"https://other.example/users/{}/statuses/{}\"",
                rng.handle(),
                rng.below(1 << 50)
            );
            kind = PostKind::Quote;
        }
        let summary = if rng.chance(8) {
            json_string(rng.pick(&["politics", "work rant", "food", "mental health"]))
        } else {
            "null".to_owned()
        };
        items.push(format!(
            "    {{\n      \"id\": \"{id}/activity\",\n      \"type\": \"Create\",\n      \"actor\": \"{ACTOR}\",\n      \"published\": \"{published}\",\n      \"to\": {to},\n      \"cc\": {cc},\n      \"object\": {{\n        \"id\": \"{id}\",\n        \"type\": \"Note\",\n        \"summary\": {summary},\n        \"inReplyTo\": {reply},\n        \"published\": \"{published}\",\n        \"url\": \"https://example.social/@alex/{status}\",\n        \"attributedTo\": \"{ACTOR}\",\n        \"to\": {to},\n        \"cc\": {cc},\n        \"sensitive\": {sensitive},\n        \"content\": {content},\n        \"contentMap\": {{\"en\": {content}}},\n        \"attachment\": [],\n        \"tag\": []{quote}\n      }}\n    }}",
            to = json_list(&to),
            cc = json_list(&cc),
            sensitive = summary != "null",
            content = json_string(&content),
        ));
        made.add(kind);
    }
    let outbox = format!(
        "{{\n  \"@context\": \"https://www.w3.org/ns/activitystreams\",\n  \"id\": \"outbox.json\",\n  \"type\": \"OrderedCollection\",\n  \"totalItems\": {},\n  \"orderedItems\": [\n{}\n  ]\n}}\n",
        options.posts,
        items.join(",\n")
    );
    let actor = format!(
        "{{\n  \"@context\": [\"https://www.w3.org/ns/activitystreams\"],\n  \"id\": \"{ACTOR}\",\n  \"type\": \"Person\",\n  \"followers\": \"{ACTOR}/followers\",\n  \"preferredUsername\": \"alex\",\n  \"name\": \"Alex Example\",\n  \"summary\": \"<p>Engineer at Example Corp. Views my own.</p><p>Tea &amp; bikes.</p>\",\n  \"url\": \"https://example.social/@alex\",\n  \"published\": \"2019-01-01T00:00:00Z\",\n  \"attachment\": [\n    {{\"type\": \"PropertyValue\", \"name\": \"Website\", \"value\": \"<a href=\\\"https://alex.example.com\\\" rel=\\\"me nofollow noopener noreferrer\\\" target=\\\"_blank\\\"><span class=\\\"invisible\\\">https://</span><span class=\\\"\\\">alex.example.com</span><span class=\\\"invisible\\\"></span></a>\"}},\n    {{\"type\": \"PropertyValue\", \"name\": \"Location\", \"value\": \"Exampleton\"}}\n  ]\n}}\n"
    );
    made.profiles = 1;
    (outbox.into_bytes(), actor.into_bytes())
}

/// A Mastodon export, as a zip or (with [`Options::tar_gz`]) the older `.tar.gz`.
pub(super) fn mastodon<W: Write + Seek>(options: &Options, out: W) -> io::Result<Generated> {
    let mut made = Generated::default();
    let (outbox, actor) = mastodon_files(options, &mut made);
    let likes = b"{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"likes.json\",\"type\":\"OrderedCollection\",\"orderedItems\":[\"https://other.example/users/sam/statuses/1\"]}".to_vec();
    let media = b"\x89PNG synthetic".to_vec();
    let files: [(&str, &[u8]); 4] = [
        ("media_attachments/files/000/000/001/original/a.png", &media),
        ("outbox.json", &outbox),
        ("likes.json", &likes),
        ("actor.json", &actor),
    ];
    if options.tar_gz {
        let gzip = flate2::write::GzEncoder::new(
            out,
            flate2::Compression::new(options.compression_level.min(9)),
        );
        let mut tar = tar::Builder::new(gzip);
        for (name, bytes) in files {
            let mut header = tar::Header::new_ustar();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_mtime(1_700_000_000);
            header.set_entry_type(tar::EntryType::Regular);
            tar.append_data(&mut header, name, bytes)?;
        }
        tar.into_inner()?.finish()?;
    } else {
        let mut zip = ZipWriter::new(out);
        let file = zip_options(options);
        for (name, bytes) in files {
            zip.start_file(name, file).map_err(zip_error)?;
            zip.write_all(bytes)?;
        }
        zip.finish().map_err(zip_error)?;
    }
    Ok(made)
}

/// A CSV field for LinkedIn: quoted when needed, quotes doubled (or, in `Comments.csv`,
/// backslash-escaped, as LinkedIn does).
fn linkedin_field(text: &str, backslash: bool) -> String {
    if !text.contains([',', '"', '\n']) {
        return text.to_owned();
    }
    let escaped = if backslash {
        text.replace('"', "\\\"")
    } else {
        text.replace('"', "\"\"")
    };
    format!("\"{escaped}\"")
}

/// A LinkedIn export: `Profile.csv`, `Shares.csv`, `Comments.csv`, `Reactions.csv`.
pub(super) fn linkedin<W: Write + Seek>(options: &Options, out: W) -> io::Result<Generated> {
    let mut rng = Rng::new(options.seed);
    let mut clock = Clock::new();
    let mut made = Generated::default();
    let mut zip = ZipWriter::new(out);
    let file = zip_options(options);
    zip.start_file("Profile.csv", file).map_err(zip_error)?;
    zip.write_all(b"First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\nAlex,Example,,,,Engineer at Example Corp,\"Building things, mostly.\",Software,,\"Exampleton, Sampleshire\",[alex_example],[PERSONAL:https://alex.example.com],\n")?;
    made.profiles = 1;

    zip.start_file("Shares.csv", file).map_err(zip_error)?;
    zip.write_all(b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n")?;
    for _ in 0..options.posts {
        let created = clock.tick(&mut rng);
        let urn = 7_000_000_000_000_000_000u64 + rng.below(1 << 60);
        let link = format!("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{urn}");
        let date = if rng.chance(3) {
            String::new()
        } else {
            created.format("%Y-%m-%d %H:%M:%S").to_string()
        };
        let visibility = rng.pick(&["MEMBER_NETWORK", "PUBLIC", "PUBLIC"]);
        let (text, shared, kind) = match rng.below(10) {
            0 => (
                String::new(),
                format!("https://www.example.com/news/{}", rng.token(8)),
                PostKind::Repost,
            ),
            1 => {
                let (text, _) = rng.post_text();
                (
                    text,
                    format!(
                        "https://www.linkedin.com/feed/update/urn:li:activity:{}",
                        rng.below(1 << 60)
                    ),
                    PostKind::Quote,
                )
            }
            2 => {
                let (a, _) = rng.post_text();
                let (b, _) = rng.post_text();
                (format!("\"{a}\"\n\n{b}"), String::new(), PostKind::Post)
            }
            _ => (rng.post_text().0, String::new(), PostKind::Post),
        };
        let row = [
            date,
            link,
            text,
            shared,
            String::new(),
            visibility.to_owned(),
        ];
        let line: Vec<String> = row
            .iter()
            .map(|field| linkedin_field(field, false))
            .collect();
        zip.write_all(line.join(",").as_bytes())?;
        zip.write_all(b"\n")?;
        made.add(kind);
    }

    zip.start_file("Comments.csv", file).map_err(zip_error)?;
    zip.write_all(b"Date,Link,Message\n")?;
    for _ in 0..options.posts / 10 {
        let created = clock.tick(&mut rng);
        let (text, _) = rng.post_text();
        let text = format!("Agreed with \"{}\" here,\n{text}", rng.person());
        let link = format!(
            "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{}",
            rng.below(1 << 60)
        );
        let row = [created.format("%Y-%m-%d %H:%M:%S").to_string(), link, text];
        let line: Vec<String> = row
            .iter()
            .map(|field| linkedin_field(field, true))
            .collect();
        zip.write_all(line.join(",").as_bytes())?;
        zip.write_all(b"\n")?;
        made.add(PostKind::Comment);
    }

    zip.start_file("Reactions.csv", file).map_err(zip_error)?;
    zip.write_all(b"Date,Type,Link\n")?;
    for _ in 0..options.posts / 10 {
        let created = clock.tick(&mut rng);
        writeln!(
            zip,
            "{},LIKE,https://www.linkedin.com/feed/update/urn:li:activity:{}",
            created.format("%Y-%m-%d %H:%M:%S"),
            rng.below(1 << 60)
        )?;
        made.add(PostKind::Like);
    }
    zip.finish().map_err(zip_error)?;
    Ok(made)
}

/// A Facebook JSON export, with Meta's mojibake.
pub(super) fn facebook<W: Write + Seek>(options: &Options, out: W) -> io::Result<Generated> {
    let mut rng = Rng::new(options.seed);
    let mut clock = Clock::new();
    let mut made = Generated::default();
    let meta = |text: &str| ascii_json_string(&make_mojibake(text));
    let mut zip = ZipWriter::new(out);
    let file = zip_options(options);
    zip.start_file(
        "personal_information/profile_information/profile_information.json",
        file,
    )
    .map_err(zip_error)?;
    write!(
        zip,
        "{{\n  \"profile_v2\": {{\n    \"name\": {{\n      \"full_name\": {}\n    }},\n    \"current_city\": {{\n      \"name\": {}\n    }},\n    \"websites\": [\n      {{\n        \"address\": \"https://alex.example.com/\"\n      }}\n    ]\n  }}\n}}",
        meta("Alex Exämple"),
        meta("Exampleton")
    )?;
    made.profiles = 1;

    zip.start_file(
        "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
        file,
    )
    .map_err(zip_error)?;
    zip.write_all(b"[\n")?;
    for at in 0..options.posts {
        let created = clock.tick(&mut rng).timestamp();
        let (text, _) = rng.post_text();
        let (record, kind) = match rng.below(10) {
            0 => (
                format!(
                    "  {{\n    \"timestamp\": {created},\n    \"attachments\": [\n      {{\n        \"data\": [\n          {{\n            \"external_context\": {{\n              \"url\": \"https://www.example.com/story/{}\"\n            }}\n          }}\n        ]\n      }}\n    ],\n    \"data\": [\n\n    ],\n    \"title\": {}\n  }}",
                    rng.token(6),
                    meta("Alex Exämple shared a link.")
                ),
                PostKind::Repost,
            ),
            1 => (
                format!(
                    "  {{\n    \"timestamp\": {created},\n    \"attachments\": [\n      {{\n        \"data\": [\n          {{\n            \"media\": {{\n              \"uri\": \"your_facebook_activity/posts/media/Photos_{}/1_n.jpg\",\n              \"creation_timestamp\": {created},\n              \"description\": {}\n            }}\n          }}\n        ]\n      }}\n    ],\n    \"title\": {}\n  }}",
                    rng.token(6),
                    meta(&text),
                    meta("Alex Exämple added a new photo.")
                ),
                PostKind::Post,
            ),
            _ => (
                format!(
                    "  {{\n    \"timestamp\": {created},\n    \"data\": [\n      {{\n        \"post\": {}\n      }},\n      {{\n        \"update_timestamp\": {created}\n      }}\n    ],\n    \"title\": {}\n  }}",
                    meta(&text),
                    meta("Alex Exämple updated their status.")
                ),
                PostKind::Post,
            ),
        };
        if at > 0 {
            zip.write_all(b",\n")?;
        }
        zip.write_all(record.as_bytes())?;
        made.add(kind);
    }
    zip.write_all(b"\n]\n")?;

    zip.start_file(
        "your_facebook_activity/comments_and_reactions/comments.json",
        file,
    )
    .map_err(zip_error)?;
    zip.write_all(b"{\n  \"comments_v2\": [\n")?;
    for at in 0..options.posts / 10 {
        let created = clock.tick(&mut rng).timestamp();
        let (text, _) = rng.post_text();
        write!(
            zip,
            "{}    {{\n      \"timestamp\": {created},\n      \"data\": [\n        {{\n          \"comment\": {{\n            \"timestamp\": {created},\n            \"comment\": {},\n            \"author\": {}\n          }}\n        }}\n      ],\n      \"title\": {}\n    }}",
            if at == 0 { "" } else { ",\n" },
            meta(&text),
            meta("Alex Exämple"),
            meta(&format!(
                "Alex Exämple commented on {}'s post.",
                rng.person()
            ))
        )?;
        made.add(PostKind::Comment);
    }
    zip.write_all(b"\n  ]\n}\n")?;
    zip.finish().map_err(zip_error)?;
    Ok(made)
}

/// A generic CSV, JSON or JSON Lines file.
pub(super) fn generic<W: Write + Seek>(
    format: Format,
    options: &Options,
    mut out: W,
) -> io::Result<Generated> {
    let mut rng = Rng::new(options.seed);
    let mut clock = Clock::new();
    let mut made = Generated::default();
    match format {
        Format::GenericCsv => out.write_all(b"id,created_at,text,url,in_reply_to,likes\n")?,
        Format::GenericJson => out.write_all(b"[\n")?,
        _ => {}
    }
    for at in 0..options.posts {
        let created = clock.tick(&mut rng);
        let (text, _) = rng.post_text();
        let id = format!("p{at}");
        let reply = if rng.chance(15) {
            Some(format!("p{}", rng.below(at as u64 + 1)))
        } else {
            None
        };
        let likes = rng.below(50);
        made.add(if reply.is_some() {
            PostKind::Reply
        } else {
            PostKind::Post
        });
        match format {
            Format::GenericCsv => {
                let quoted = format!("\"{}\"", text.replace('"', "\"\""));
                writeln!(
                    out,
                    "{id},{},{quoted},https://blog.example.com/{id},{},{likes}",
                    created.format("%Y-%m-%d %H:%M:%S"),
                    reply.unwrap_or_default()
                )?;
            }
            _ => {
                let reply = reply.map_or_else(|| "null".to_owned(), |reply| json_string(&reply));
                let record = format!(
                    "{{\"id\": \"{id}\", \"created_at\": \"{}\", \"text\": {}, \"url\": \"https://blog.example.com/{id}\", \"in_reply_to\": {reply}, \"likes\": {likes}}}",
                    iso(created),
                    json_string(&text)
                );
                if format == Format::GenericJson {
                    out.write_all(if at == 0 { b"  " } else { b",\n  " })?;
                    out.write_all(record.as_bytes())?;
                } else {
                    out.write_all(record.as_bytes())?;
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    if format == Format::GenericJson {
        out.write_all(b"\n]\n")?;
    }
    Ok(made)
}

//! Mastodon exports: `outbox.json` (an ActivityStreams collection of `Create` and `Announce`
//! activities) and `actor.json` (the profile), in a zip, a `.tar.gz`, or `outbox.json` alone.
//!
//! Post text is HTML and becomes plain text; the content warning is `summary`; visibility is
//! read from `to` and `cc` (public, unlisted, followers only, direct).

use std::io::{BufRead, Read, Seek};

use serde_json::{Map, Value};

use crate::Format;
use crate::container::{self, Container, LOOSE, ZipSource};
use crate::error::{ImportError, RecordProblem};
use crate::import::{ArrayShape, Ctx, Halt, for_each_element, parse_json, read_small};
use crate::model::{Platform, Post, PostKind, Profile, Visibility};
use crate::text::html_to_text;
use crate::time::parse_rfc3339;

const PUBLIC: [&str; 3] = [
    "https://www.w3.org/ns/activitystreams#Public",
    "as:Public",
    "Public",
];

fn wrong(reason: impl Into<String>) -> ImportError {
    ImportError::WrongFormat {
        format: Format::Mastodon,
        reason: reason.into(),
    }
}

pub(crate) fn import<R: Read + Seek>(mut reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    match container::sniff(&mut reader).map_err(ImportError::Io)? {
        Container::Zip => import_zip(reader, ctx),
        Container::Gzip => import_tar_gz(reader, ctx),
        Container::Plain => {
            container::read_loose(reader, ctx, |reader, ctx| read_outbox(reader, LOOSE, ctx))
        }
    }
}

fn import_zip<R: Read + Seek>(reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    let mut zip = ZipSource::open(reader, ctx)?;
    let Some((outbox, outbox_index)) = zip.find("outbox.json") else {
        return Err(wrong("no outbox.json in the zip").into());
    };
    if let Some((name, index)) = zip.find("actor.json") {
        zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_actor(reader, &name, ctx)
        })?;
    }
    zip.read_entry(outbox_index, &outbox, ctx, |reader, ctx| {
        read_outbox(reader, &outbox, ctx)
    })
}

/// Old exports are `.tar.gz`, read in one pass in the archive's order (so the profile may
/// come after the posts).
fn import_tar_gz<R: Read + Seek>(reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    let mut saw_outbox = false;
    container::for_each_tar_gz_entry(
        reader,
        ctx,
        |name| container::is_entry(name, "outbox.json") || container::is_entry(name, "actor.json"),
        |name, reader, ctx| {
            if container::base_name(name) == "actor.json" {
                read_actor(reader, name, ctx)
            } else if !saw_outbox {
                saw_outbox = true;
                read_outbox(reader, name, ctx)
            } else {
                Ok(())
            }
        },
    )?;
    if !saw_outbox {
        return Err(wrong("no outbox.json in the tar archive").into());
    }
    Ok(())
}

fn read_outbox(reader: &mut dyn BufRead, entry: &str, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    for_each_element(
        ctx,
        reader,
        entry,
        ArrayShape::Field(&["orderedItems"]),
        |ctx, bytes, index| match parse_json::<Map<String, Value>>(bytes)
            .and_then(|activity| activity_post(&activity))
        {
            Ok(Some(post)) => ctx.post(post),
            Ok(None) => Ok(()),
            Err(problem) => ctx.skip(entry, index, problem),
        },
    )
}

fn string<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    map.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

/// A link that may be written as a string, a `Link` object or a list of either.
fn link(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(url) => Some(url.clone()),
        Value::Object(object) => string(object, "href")
            .or_else(|| string(object, "id"))
            .map(str::to_owned),
        Value::Array(items) => items.iter().find_map(|item| link(Some(item))),
        _ => None,
    }
}

fn audience(map: &Map<String, Value>, key: &str) -> Vec<String> {
    match map.get(key) {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(many)) => many.iter().filter_map(|item| link(Some(item))).collect(),
        _ => Vec::new(),
    }
}

/// Mastodon's visibility from the audience of a post.
fn visibility(map: &Map<String, Value>) -> Option<Visibility> {
    let (to, cc) = (audience(map, "to"), audience(map, "cc"));
    if to.is_empty() && cc.is_empty() {
        return None;
    }
    let public = |list: &[String]| list.iter().any(|item| PUBLIC.contains(&item.as_str()));
    let followers = |list: &[String]| list.iter().any(|item| item.ends_with("/followers"));
    Some(if public(&to) {
        Visibility::Public
    } else if public(&cc) {
        Visibility::Unlisted
    } else if followers(&to) || followers(&cc) {
        Visibility::Followers
    } else {
        Visibility::Direct
    })
}

/// A post for one activity; `None` for activities that are not posts (likes, follows…).
fn activity_post(activity: &Map<String, Value>) -> Result<Option<Post>, RecordProblem> {
    let kind = string(activity, "type").unwrap_or_default();
    let published = string(activity, "published").and_then(parse_rfc3339);
    match kind {
        "Create" => match activity.get("object") {
            Some(Value::Object(object)) => note_post(object, published).map(Some),
            _ => Err(RecordProblem::malformed(
                "a Create activity without an object",
            )),
        },
        "Announce" => {
            let (reposted, inlined) = match activity.get("object") {
                Some(Value::String(uri)) => (uri.clone(), None),
                Some(Value::Object(object)) => (
                    string(object, "id").unwrap_or_default().to_owned(),
                    Some(object),
                ),
                _ => {
                    return Err(RecordProblem::malformed(
                        "an Announce activity without an object",
                    ));
                }
            };
            let activity_id = string(activity, "id")
                .ok_or_else(|| RecordProblem::malformed("an activity without id"))?;
            let id = activity_id.strip_suffix("/activity").unwrap_or(activity_id);
            let text = inlined
                .and_then(|object| string(object, "content"))
                .map(html_to_text)
                .unwrap_or_default();
            let mut post = Post::new(id, PostKind::Repost, text, Platform::Mastodon);
            post.created_at = published;
            post.reposted = Some(reposted);
            post.visibility = visibility(activity);
            Ok(Some(post))
        }
        _ => Ok(None),
    }
}

fn note_post(
    object: &Map<String, Value>,
    published: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> Result<Post, RecordProblem> {
    let id = string(object, "id").ok_or_else(|| RecordProblem::malformed("a post without id"))?;
    let mut text = string(object, "content")
        .map(html_to_text)
        .unwrap_or_default();
    // Polls: the options are part of what was said.
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(options)) = object.get(key) {
            for option in options.iter().filter_map(Value::as_object) {
                if let Some(name) = string(option, "name") {
                    text.push_str(if text.is_empty() { "" } else { "\n" });
                    text.push_str("• ");
                    text.push_str(name);
                }
            }
        }
    }
    let in_reply_to = string(object, "inReplyTo").map(str::to_owned);
    let quoted = ["quote", "quoteUri", "_misskey_quote", "quoteUrl"]
        .iter()
        .find_map(|key| link(object.get(*key)));
    let kind = if in_reply_to.is_some() {
        PostKind::Reply
    } else if quoted.is_some() {
        PostKind::Quote
    } else {
        PostKind::Post
    };
    let mut post = Post::new(id, kind, text, Platform::Mastodon);
    post.url = link(object.get("url")).or_else(|| Some(id.to_owned()));
    post.created_at = string(object, "published")
        .and_then(parse_rfc3339)
        .or(published);
    post.in_reply_to = in_reply_to;
    post.quoted = quoted;
    post.visibility = visibility(object);
    post.content_warning = string(object, "summary")
        .map(html_to_text)
        .filter(|cw| !cw.is_empty());
    Ok(post)
}

fn read_actor(reader: &mut dyn BufRead, entry: &str, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    let Some(actor) = read_small::<Map<String, Value>>(ctx, reader, entry, false)? else {
        return Ok(());
    };
    let id = string(&actor, "id").map(str::to_owned);
    let host = id
        .as_deref()
        .and_then(|id| id.split_once("://"))
        .and_then(|(_, rest)| rest.split('/').next())
        .map(str::to_owned);
    let handle = string(&actor, "preferredUsername").map(|user| match &host {
        Some(host) => format!("{user}@{host}"),
        None => user.to_owned(),
    });
    let mut website = None;
    let mut location = None;
    if let Some(Value::Array(fields)) = actor.get("attachment") {
        for field in fields.iter().filter_map(Value::as_object) {
            let (Some(name), Some(value)) = (string(field, "name"), string(field, "value")) else {
                continue;
            };
            let lower = name.to_ascii_lowercase();
            let plain = html_to_text(value);
            if location.is_none()
                && (lower.contains("location") || lower == "where" || lower == "based in")
            {
                location = Some(plain);
            } else if website.is_none()
                && (plain.starts_with("http://") || plain.starts_with("https://"))
            {
                website = Some(plain);
            }
        }
    }
    ctx.profile(Profile {
        platform: Some(Platform::Mastodon),
        id,
        handle,
        display_name: string(&actor, "name").map(str::to_owned),
        bio: string(&actor, "summary")
            .map(html_to_text)
            .filter(|bio| !bio.is_empty()),
        location,
        website,
        created_at: string(&actor, "published").and_then(parse_rfc3339),
    })
}

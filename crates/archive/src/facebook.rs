//! Facebook exports in JSON ("Download your information"): `your_posts_1.json` (or, since about
//! 2022, `your_posts__check_ins__photos_and_videos_1.json`), `comments.json` and
//! `profile_information.json`, wherever the export's folders put them.
//!
//! Meta writes every non-ASCII character as one `\u00XX` escape per UTF-8 byte; each record's
//! strings are repaired (see [`repair_mojibake`]) unless the record holds a character above
//! U+00FF, which proves it is not mojibake. Posts have no ids: a stable synthetic one is made
//! from the time, the text and the attachments.

use std::io::{BufRead, Read, Seek};

use serde_json::{Map, Value};

use crate::Format;
use crate::container::{self, Container, LOOSE, ZipSource};
use crate::error::{ImportError, RecordProblem};
use crate::import::{
    ArrayShape, Ctx, Halt, for_each_element, parse_json, read_small, synthetic_id,
};
use crate::model::{Platform, Post, PostKind, Profile};
use crate::text::repair_mojibake;
use crate::time::from_unix;

/// The Facebook files this importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum EntryKind {
    Profile,
    Posts,
    Comments,
}

/// Which Facebook file an entry name (relative to the export's root) is.
pub(crate) fn entry_kind(name: &str) -> Option<EntryKind> {
    let base = container::base_name(name);
    let stem = base.strip_suffix(".json")?;
    if let Some(rest) = stem.strip_prefix("your_posts") {
        let number = rest.rsplit('_').next().unwrap_or_default();
        return (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
            .then_some(EntryKind::Posts);
    }
    match stem {
        "comments" if name.contains("comments") && name.contains('/') => Some(EntryKind::Comments),
        "profile_information" => Some(EntryKind::Profile),
        _ => None,
    }
}

/// Whether the start of a JSON file looks like a Facebook posts array.
pub(crate) fn looks_like_posts(head: &str) -> bool {
    head.trim_start().starts_with('[')
        && head.contains("\"timestamp\"")
        && (head.contains("\"data\"") || head.contains("\"attachments\""))
}

fn wrong(reason: impl Into<String>) -> ImportError {
    ImportError::WrongFormat {
        format: Format::Facebook,
        reason: reason.into(),
    }
}

pub(crate) fn import<R: Read + Seek>(mut reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    match container::sniff(&mut reader).map_err(ImportError::Io)? {
        Container::Zip => import_zip(reader, ctx),
        Container::Gzip => Err(wrong("a gzip file, not a zip").into()),
        Container::Plain => {
            let head = container::head(&mut reader, 4096).map_err(ImportError::Io)?;
            let head = String::from_utf8_lossy(&head).into_owned();
            let kind = if head.contains("\"comments_v2\"") {
                EntryKind::Comments
            } else if head.contains("\"profile_v2\"") || head.contains("\"profile\"") {
                EntryKind::Profile
            } else {
                EntryKind::Posts
            };
            container::read_loose(reader, ctx, |reader, ctx| {
                read_file(reader, LOOSE, kind, ctx)
            })
        }
    }
}

fn import_zip<R: Read + Seek>(reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    let mut zip = ZipSource::open(reader, ctx)?;
    let mut files: Vec<(EntryKind, String, usize)> = zip
        .names()
        .filter_map(|name| entry_kind(name).map(|kind| (kind, name.to_owned())))
        .filter_map(|(kind, name)| zip.find(&name).map(|(name, index)| (kind, name, index)))
        .collect();
    if !files.iter().any(|(kind, _, _)| *kind != EntryKind::Profile) {
        return Err(wrong("no your_posts_*.json or comments.json in the zip").into());
    }
    files.sort();
    for (kind, name, index) in files {
        zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_file(reader, &name, kind, ctx)
        })?;
    }
    Ok(())
}

fn read_file(
    reader: &mut dyn BufRead,
    entry: &str,
    kind: EntryKind,
    ctx: &mut Ctx<'_, '_>,
) -> Result<(), Halt> {
    let shape = match kind {
        EntryKind::Profile => return read_profile(reader, entry, ctx),
        EntryKind::Posts => ArrayShape::Plain,
        EntryKind::Comments => ArrayShape::Field(&["comments_v2", "comments"]),
    };
    for_each_element(ctx, reader, entry, shape, |ctx, bytes, index| {
        let record = parse_json::<Value>(bytes).and_then(|mut value| {
            repair_record(&mut value);
            match value {
                Value::Object(map) => Ok(map),
                _ => Err(RecordProblem::malformed("a record that is not an object")),
            }
        });
        let post = record.and_then(|record| match kind {
            EntryKind::Comments => comment_post(&record),
            _ => post(&record),
        });
        match post {
            Ok(Some(post)) => ctx.post(post),
            Ok(None) => Ok(()),
            Err(problem) => ctx.skip(entry, index, problem),
        }
    })
}

/// Repairs every string of a record, unless one of them proves the record is not mojibake.
fn repair_record(value: &mut Value) {
    fn any_wide(value: &Value) -> bool {
        match value {
            Value::String(text) => text.chars().any(|c| u32::from(c) > 0xFF),
            Value::Array(items) => items.iter().any(any_wide),
            Value::Object(map) => map.values().any(any_wide),
            _ => false,
        }
    }
    fn repair(value: &mut Value) {
        match value {
            Value::String(text) => {
                if let std::borrow::Cow::Owned(fixed) = repair_mojibake(text) {
                    *text = fixed;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(repair),
            Value::Object(map) => map.values_mut().for_each(repair),
            _ => {}
        }
    }
    if !any_wide(value) {
        repair(value);
    }
}

fn string<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    map.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

/// The values of `key` in a list of single-key objects (`"data": [{"post": "…"}]`).
fn entries<'v>(list: Option<&'v Value>, key: &'v str) -> impl Iterator<Item = &'v Value> + 'v {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(move |item| item.get(key))
}

fn post(record: &Map<String, Value>) -> Result<Option<Post>, RecordProblem> {
    let timestamp = record
        .get("timestamp")
        .and_then(Value::as_i64)
        .ok_or_else(|| RecordProblem::malformed("a post without timestamp"))?;
    let text = entries(record.get("data"), "post")
        .find_map(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned();
    let attachments: Vec<&Value> = record
        .get("attachments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|attachment| {
            attachment
                .get("data")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .collect();
    let link = attachments
        .iter()
        .filter_map(|item| item.get("external_context"))
        .find_map(|context| context.get("url").and_then(Value::as_str))
        .map(str::to_owned);
    let uris: Vec<&str> = attachments
        .iter()
        .filter_map(|item| item.get("media"))
        .filter_map(|media| media.get("uri").and_then(Value::as_str))
        .collect();
    // A photo-only post's words live in the media description.
    let text = if text.is_empty() {
        attachments
            .iter()
            .filter_map(|item| item.get("media"))
            .find_map(|media| media.get("description").and_then(Value::as_str))
            .unwrap_or_default()
            .trim()
            .to_owned()
    } else {
        text
    };
    let title = string(record, "title").unwrap_or_default();
    if text.is_empty() && link.is_none() && uris.is_empty() && title.is_empty() {
        return Ok(None);
    }
    let shared = title.contains(" shared ");
    let kind = if text.is_empty() && shared {
        PostKind::Repost
    } else {
        PostKind::Post
    };
    let stamp = timestamp.to_string();
    let mut parts = vec![stamp.as_str(), text.as_str()];
    parts.extend(uris.iter().copied());
    if let Some(link) = &link {
        parts.push(link);
    }
    let mut post = Post::new(synthetic_id(&parts), kind, text, Platform::Facebook);
    post.created_at = from_unix(timestamp);
    post.reposted = if kind == PostKind::Repost { link } else { None };
    Ok(Some(post))
}

fn comment_post(record: &Map<String, Value>) -> Result<Option<Post>, RecordProblem> {
    let Some(comment) = entries(record.get("data"), "comment").find_map(Value::as_object) else {
        return Ok(None);
    };
    let text = string(comment, "comment").unwrap_or_default().to_owned();
    let timestamp = comment
        .get("timestamp")
        .or_else(|| record.get("timestamp"))
        .and_then(Value::as_i64)
        .ok_or_else(|| RecordProblem::malformed("a comment without timestamp"))?;
    let stamp = timestamp.to_string();
    let mut post = Post::new(
        synthetic_id(&["comment", &stamp, &text]),
        PostKind::Comment,
        text,
        Platform::Facebook,
    );
    post.created_at = from_unix(timestamp);
    Ok(Some(post))
}

fn read_profile(reader: &mut dyn BufRead, entry: &str, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    let Some(mut value) = read_small::<Value>(ctx, reader, entry, false)? else {
        return Ok(());
    };
    repair_record(&mut value);
    let Some(profile) = value
        .get("profile_v2")
        .or_else(|| value.get("profile"))
        .and_then(Value::as_object)
    else {
        return Ok(());
    };
    let nested = |key: &str, field: &str| {
        profile
            .get(key)
            .and_then(|value| value.get(field))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let website = profile
        .get("websites")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find_map(|site| site.get("address").and_then(Value::as_str))
        .map(str::to_owned);
    ctx.profile(Profile {
        platform: Some(Platform::Facebook),
        id: None,
        handle: string(profile, "username").map(str::to_owned),
        display_name: nested("name", "full_name"),
        bio: string(profile, "intro_bio")
            .or_else(|| string(profile, "about_me"))
            .map(str::to_owned),
        location: nested("current_city", "name"),
        website,
        created_at: profile
            .get("registration_timestamp")
            .and_then(Value::as_i64)
            .and_then(from_unix),
    })
}

//! Generic files: CSV with a header row, a JSON array of objects, or JSON Lines. Fields are
//! found by any of several common names (see the crate docs), so spreadsheets, scraper output
//! and this crate's own serialised [`Post`]s all read.

use std::borrow::Cow;
use std::io::{Read, Seek};

use serde_json::{Map, Value};

use crate::Format;
use crate::container::{self, Container, LOOSE};
use crate::error::{ImportError, RecordProblem};
use crate::import::{
    ArrayShape, Columns, Ctx, Halt, for_each_csv_row, for_each_element, for_each_line, parse_json,
    synthetic_id,
};
use crate::model::{Platform, Post, PostKind, Visibility};
use crate::time::{from_unix, parse_any};

const TEXT: &[&str] = &["text", "content", "body", "message", "full_text", "post"];
const TIME: &[&str] = &[
    "created_at",
    "createdat",
    "date",
    "timestamp",
    "published",
    "time",
];
const ID: &[&str] = &["id", "id_str", "uri", "url"];
const URL: &[&str] = &["url", "link", "permalink"];
const KIND: &[&str] = &["kind", "type"];
const PLATFORM: &[&str] = &["platform", "network", "service"];
const REPLY: &[&str] = &["in_reply_to", "reply_to", "in_reply_to_id", "inreplyto"];
const QUOTED: &[&str] = &["quoted", "quote_of", "quoted_id"];
const REPOSTED: &[&str] = &["reposted", "repost_of", "retweeted_status_id"];
const VISIBILITY: &[&str] = &["visibility", "audience"];
const WARNING: &[&str] = &["content_warning", "cw", "spoiler_text", "summary"];
const LIKES: &[&str] = &["likes", "like_count", "favorite_count", "favourites_count"];
const REPOSTS: &[&str] = &[
    "reposts",
    "retweets",
    "retweet_count",
    "reblogs_count",
    "shares",
];
const REPLIES: &[&str] = &["replies", "reply_count", "replies_count"];
const DELETED: &[&str] = &["deleted", "is_deleted"];

/// Keys of a top-level object that may hold the array of posts.
const ARRAY_FIELDS: &[&str] = &[
    "posts",
    "items",
    "data",
    "records",
    "statuses",
    "tweets",
    "orderedItems",
];

/// Where a generic record's fields come from.
trait Fields {
    /// The first of `names` present and not empty, as text.
    fn get(&self, names: &[&str]) -> Option<Cow<'_, str>>;
    /// A Unix time given as a number, if the time field is one.
    fn unix_time(&self) -> Option<i64> {
        None
    }
}

struct JsonFields<'m>(&'m Map<String, Value>);

impl JsonFields<'_> {
    fn value(&self, names: &[&str]) -> Option<&Value> {
        names.iter().find_map(|name| {
            self.0
                .iter()
                .find(|(key, value)| key.eq_ignore_ascii_case(name) && !value.is_null())
                .map(|(_, value)| value)
        })
    }
}

impl Fields for JsonFields<'_> {
    fn get(&self, names: &[&str]) -> Option<Cow<'_, str>> {
        let text = match self.value(names)? {
            Value::String(text) => Cow::Borrowed(text.trim()),
            Value::Number(number) => Cow::Owned(number.to_string()),
            Value::Bool(flag) => Cow::Owned(flag.to_string()),
            _ => return None,
        };
        (!text.is_empty()).then_some(text)
    }

    fn unix_time(&self) -> Option<i64> {
        self.value(TIME)?.as_i64()
    }
}

struct CsvFields<'r> {
    columns: &'r Columns,
    row: &'r [&'r str],
}

impl Fields for CsvFields<'_> {
    fn get(&self, names: &[&str]) -> Option<Cow<'_, str>> {
        crate::import::cell(self.row, self.columns.find(names)).map(Cow::Borrowed)
    }
}

fn number(fields: &dyn Fields, names: &[&str]) -> Option<u64> {
    fields
        .get(names)
        .and_then(|text| text.replace([',', '_'], "").parse().ok())
}

fn owned(fields: &dyn Fields, names: &[&str]) -> Option<String> {
    fields.get(names).map(Cow::into_owned)
}

/// Builds a post from a generic record.
fn generic_post(fields: &dyn Fields) -> Result<Post, RecordProblem> {
    let named_kind = fields.get(KIND).and_then(|kind| PostKind::from_name(&kind));
    let text = owned(fields, TEXT);
    if text.is_none() && !matches!(named_kind, Some(PostKind::Repost | PostKind::Like)) {
        return Err(RecordProblem::malformed(
            "no text field (text, content, body, message, full_text, post)",
        ));
    }
    let text = text.unwrap_or_default();
    let created_at = fields
        .unix_time()
        .and_then(from_unix)
        .or_else(|| fields.get(TIME).and_then(|time| parse_any(&time)));
    let id = owned(fields, ID).unwrap_or_else(|| {
        let time = created_at.map(|at| at.to_rfc3339()).unwrap_or_default();
        synthetic_id(&[&time, &text])
    });
    let in_reply_to = owned(fields, REPLY);
    let quoted = owned(fields, QUOTED);
    let reposted = owned(fields, REPOSTED);
    let kind = named_kind.unwrap_or(if reposted.is_some() {
        PostKind::Repost
    } else if in_reply_to.is_some() {
        PostKind::Reply
    } else if quoted.is_some() {
        PostKind::Quote
    } else {
        PostKind::Post
    });
    let platform = fields
        .get(PLATFORM)
        .and_then(|name| Platform::from_name(&name))
        .unwrap_or(Platform::Other);
    let mut post = Post::new(id, kind, text, platform);
    post.url = owned(fields, URL).filter(|url| url.starts_with("http"));
    post.created_at = created_at;
    post.in_reply_to = in_reply_to;
    post.quoted = quoted;
    post.reposted = reposted;
    post.visibility = fields
        .get(VISIBILITY)
        .and_then(|name| Visibility::from_name(&name));
    post.content_warning = owned(fields, WARNING);
    post.likes = number(fields, LIKES);
    post.reposts = number(fields, REPOSTS);
    post.replies = number(fields, REPLIES);
    post.deleted = fields
        .get(DELETED)
        .is_some_and(|flag| matches!(flag.to_ascii_lowercase().as_str(), "true" | "1" | "yes"));
    Ok(post)
}

fn json_post(bytes: &[u8]) -> Result<Post, RecordProblem> {
    let map: Map<String, Value> = parse_json(bytes)?;
    generic_post(&JsonFields(&map))
}

pub(crate) fn import<R: Read + Seek>(
    mut reader: R,
    format: Format,
    ctx: &mut Ctx<'_, '_>,
) -> Result<(), Halt> {
    if container::sniff(&mut reader).map_err(ImportError::Io)? != Container::Plain {
        return Err(ImportError::WrongFormat {
            format,
            reason: "a compressed archive, not a loose file".into(),
        }
        .into());
    }
    match format {
        Format::GenericJsonl => container::read_loose(reader, ctx, |reader, ctx| {
            for_each_line(ctx, reader, LOOSE, |ctx, line, index| {
                match json_post(line) {
                    Ok(post) => ctx.post(post),
                    Err(problem) => ctx.skip(LOOSE, index, problem),
                }
            })
        }),
        Format::GenericJson => {
            let head = container::head(&mut reader, 4096).map_err(ImportError::Io)?;
            let first = head
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(&head)
                .iter()
                .find(|byte| !byte.is_ascii_whitespace())
                .copied();
            let shape = match first {
                Some(b'[') => ArrayShape::Plain,
                Some(b'{') => ArrayShape::Field(ARRAY_FIELDS),
                None => return Ok(()),
                Some(_) => {
                    return Err(ImportError::WrongFormat {
                        format,
                        reason: "not a JSON array or object".into(),
                    }
                    .into());
                }
            };
            container::read_loose(reader, ctx, |reader, ctx| {
                for_each_element(
                    ctx,
                    reader,
                    LOOSE,
                    shape,
                    |ctx, bytes, index| match json_post(bytes) {
                        Ok(post) => ctx.post(post),
                        Err(problem) => ctx.skip(LOOSE, index, problem),
                    },
                )
            })
        }
        _ => container::read_loose(reader, ctx, |reader, ctx| {
            let header = |row: &[&str]| {
                let columns = Columns::new(row);
                if columns.find(TEXT).is_none() {
                    return Err(ImportError::WrongFormat {
                        format,
                        reason: format!("no text column in the header ({})", row.join(",")),
                    });
                }
                Ok(columns)
            };
            for_each_csv_row(ctx, reader, LOOSE, header, |ctx, columns, row, index| {
                match generic_post(&CsvFields { columns, row }) {
                    Ok(post) => ctx.post(post),
                    Err(problem) => ctx.skip(LOOSE, index, problem),
                }
            })
        }),
    }
}

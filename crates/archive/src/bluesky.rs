//! Bluesky repository exports: one CAR file (CARv1) of DAG-CBOR blocks. Record keys
//! (`app.bsky.feed.post/<rkey>`) live only in the repository's Merkle search tree, so the file
//! is read twice: first for the commit, the tree's nodes and the profile, then, once the tree
//! has said which blocks are posts, reposts and likes, for those records.
//!
//! Every section is bounded by [`Limits::max_record_bytes`](crate::Limits::max_record_bytes),
//! CBOR nesting by [`Limits::max_json_depth`](crate::Limits::max_json_depth), the nodes held by
//! [`Limits::max_index_bytes`](crate::Limits::max_index_bytes), and the tree walk takes each node
//! out as it visits it, so a crafted file can neither loop nor exhaust memory. Block hashes are
//! not verified: the importer reads the person's own export, and the walk is safe without them.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

use crate::Format;
use crate::cbor::{self, Cbor, cid_len};
use crate::container::{BUFFER, LOOSE};
use crate::error::{ImportError, RecordProblem};
use crate::import::{Ctx, Halt};
use crate::meter::{Compressed, Meter};
use crate::model::{Platform, Post, PostKind, Profile, Visibility};
use crate::time::parse_rfc3339;

const POST: &str = "app.bsky.feed.post";
const REPOST: &str = "app.bsky.feed.repost";
const LIKE: &str = "app.bsky.feed.like";
const PROFILE: &str = "app.bsky.actor.profile";

/// Whether the start of a file is a CAR header: a varint length, then a CBOR map holding
/// `roots` and `version`.
pub(crate) fn looks_like_car(head: &[u8]) -> bool {
    let Some((len, used)) = cbor::varint(head) else {
        return false;
    };
    let Ok(len) = usize::try_from(len) else {
        return false;
    };
    if !(8..=4096).contains(&len) || head.get(used).is_none_or(|&byte| byte & 0xe0 != 0xa0) {
        return false;
    }
    let header = &head[used..head.len().min(used + len)];
    memchr::memmem::find(header, b"roots").is_some()
        && memchr::memmem::find(header, b"version").is_some()
}

fn wrong(reason: impl Into<String>) -> ImportError {
    ImportError::WrongFormat {
        format: Format::Bluesky,
        reason: reason.into(),
    }
}

fn damaged(reason: impl Into<String>) -> ImportError {
    ImportError::Container {
        container: "car",
        reason: reason.into(),
    }
}

/// One section of a CAR file.
enum Section {
    Block { cid: Vec<u8>, data: Vec<u8> },
    TooLarge,
    End,
}

/// Reads CAR sections, each bounded in size.
struct CarReader<R> {
    reader: R,
    max: usize,
}

impl<R: BufRead> CarReader<R> {
    /// A varint, or `None` at a clean end of input.
    fn varint(&mut self) -> io::Result<Option<u64>> {
        let mut value = 0u64;
        for shift in 0..10 {
            let mut byte = [0u8];
            if self.reader.read(&mut byte)? == 0 {
                if shift == 0 {
                    return Ok(None);
                }
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            value |= u64::from(byte[0] & 0x7f) << (7 * shift);
            if byte[0] & 0x80 == 0 {
                return Ok(Some(value));
            }
        }
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a varint longer than 10 bytes",
        ))
    }

    /// The header's bytes.
    fn header(&mut self) -> Result<Vec<u8>, ImportError> {
        let len = self.varint()?.ok_or_else(|| wrong("an empty file"))?;
        if len == 0 || len > 64 * 1024 {
            return Err(wrong(format!("a CAR header of {len} bytes")));
        }
        let mut header = vec![0; len as usize];
        self.reader.read_exact(&mut header)?;
        Ok(header)
    }

    fn next(&mut self) -> io::Result<Section> {
        let Some(len) = self.varint()? else {
            return Ok(Section::End);
        };
        if len > self.max as u64 {
            io::copy(&mut self.reader.by_ref().take(len), &mut io::sink())?;
            return Ok(Section::TooLarge);
        }
        let mut bytes = vec![0; len as usize];
        self.reader.read_exact(&mut bytes)?;
        let cid = cid_len(&bytes).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, "a section without a valid CID")
        })?;
        let data = bytes.split_off(cid);
        Ok(Section::Block { cid: bytes, data })
    }
}

/// What the first pass keeps.
#[derive(Default)]
struct Tree {
    root: Vec<u8>,
    commit: Option<Vec<u8>>,
    nodes: HashMap<Vec<u8>, Vec<u8>>,
    profiles: HashMap<Vec<u8>, Vec<u8>>,
}

pub(crate) fn import<R: Read + Seek>(mut reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    let budget = ctx.budget;
    let depth = budget.limits.max_json_depth;
    reader.seek(SeekFrom::Start(0)).map_err(ImportError::Io)?;
    let head = crate::container::head(&mut reader, 4096).map_err(ImportError::Io)?;
    if !looks_like_car(&head) {
        return Err(wrong("not a CAR file (no CAR header)").into());
    }

    // Pass 1: the commit, the tree's nodes, the profile.
    budget.count_entry();
    let mut tree = Tree::default();
    {
        let meter = Meter::new(&mut reader, budget, LOOSE, None, Compressed::Unknown);
        let mut car = CarReader {
            reader: BufReader::with_capacity(BUFFER, meter),
            max: budget.limits.max_record_bytes,
        };
        let header = car.header().map_err(|error| explain(ctx, error))?;
        let (header, _) = cbor::decode(&header, depth)
            .map_err(|error| wrong(format!("a CAR header that is not CBOR: {error}")))?;
        if header.get("version").and_then(Cbor::as_int) != Some(1) {
            return Err(wrong("only CAR version 1 is read").into());
        }
        tree.root = header
            .get("roots")
            .and_then(|roots| roots.as_array().first())
            .and_then(Cbor::as_link)
            .ok_or_else(|| wrong("a CAR header without a root"))?
            .to_vec();
        let mut held = 0u64;
        loop {
            match car.next().map_err(|error| section_failure(ctx, error))? {
                Section::End => break,
                Section::TooLarge => {}
                Section::Block { cid, data } => {
                    let size = (cid.len() + data.len()) as u64;
                    if cid == tree.root {
                        tree.commit = Some(data);
                    } else if data.starts_with(&[0xa2, 0x61, b'e']) {
                        tree.nodes.insert(cid, data);
                        held += size;
                    } else if memchr::memmem::find(&data, PROFILE.as_bytes()).is_some() {
                        tree.profiles.insert(cid, data);
                        held += size;
                    }
                    if held > budget.limits.max_index_bytes {
                        return Err(ImportError::LimitExceeded {
                            limit: crate::Limit::IndexBytes,
                            detail: format!(
                                "the repository's tree needs more than {} bytes of memory",
                                budget.limits.max_index_bytes
                            ),
                        }
                        .into());
                    }
                }
            }
        }
    }
    let commit = tree
        .commit
        .take()
        .ok_or_else(|| damaged("the root commit block is missing"))?;
    let (commit, _) =
        cbor::decode(&commit, depth).map_err(|error| damaged(format!("the commit: {error}")))?;
    let did = commit
        .get("did")
        .and_then(Cbor::as_str)
        .ok_or_else(|| damaged("the commit has no did"))?
        .to_owned();
    let data = commit
        .get("data")
        .and_then(Cbor::as_link)
        .ok_or_else(|| damaged("the commit has no data"))?
        .to_vec();
    let records = walk(std::mem::take(&mut tree.nodes), data, depth);

    let mut profile = Profile {
        platform: Some(Platform::Bluesky),
        id: Some(did.clone()),
        ..Profile::default()
    };
    for (cid, keys) in &records {
        if keys.iter().any(|key| key == "app.bsky.actor.profile/self")
            && let Some(block) = tree.profiles.get(cid)
            && let Ok((record, _)) = cbor::decode(block, depth)
        {
            let text = |key: &str| {
                record
                    .get(key)
                    .and_then(Cbor::as_str)
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
            };
            profile.display_name = text("displayName");
            profile.bio = text("description");
            profile.created_at = record
                .get("createdAt")
                .and_then(Cbor::as_str)
                .and_then(parse_rfc3339);
        }
    }
    ctx.profile(profile)?;

    // Pass 2: the records, in file order.
    reader.seek(SeekFrom::Start(0)).map_err(ImportError::Io)?;
    let meter = Meter::new(&mut reader, budget, LOOSE, None, Compressed::Unknown);
    let mut car = CarReader {
        reader: BufReader::with_capacity(BUFFER, meter),
        max: budget.limits.max_record_bytes,
    };
    car.header().map_err(|error| explain(ctx, error))?;
    let mut index = 0;
    loop {
        let section = car.next().map_err(|error| section_failure(ctx, error))?;
        match section {
            Section::End => return Ok(()),
            Section::TooLarge => {
                ctx.skip(LOOSE, index, RecordProblem::TooLarge { limit: car.max })?
            }
            Section::Block { cid, data } => {
                if let Some(keys) = records.get(&cid) {
                    for key in keys {
                        match record_post(&did, key, &data, depth) {
                            Ok(Some(post)) => ctx.post(post)?,
                            Ok(None) => {}
                            Err(problem) => ctx.skip(LOOSE, index, problem)?,
                        }
                    }
                }
            }
        }
        index += 1;
    }
}

/// A section that cannot be read: a breached limit, a truncated file, or broken framing.
fn section_failure(ctx: &Ctx<'_, '_>, error: io::Error) -> Halt {
    if error.kind() == io::ErrorKind::InvalidData
        && let Some(breach) = ctx.budget.take_breach()
    {
        return Halt::Failed(breach);
    }
    if error.kind() == io::ErrorKind::InvalidData {
        return Halt::Failed(damaged(error.to_string()));
    }
    ctx.io_failure(error, LOOSE)
}

fn explain(ctx: &Ctx<'_, '_>, error: ImportError) -> Halt {
    match error {
        ImportError::Io(error) => ctx.io_failure(error, LOOSE),
        other => Halt::Failed(other),
    }
}

/// Walks the tree from `root`: which record blocks hold which keys, for the collections read.
/// Each node is taken out of `nodes` as it is walked, which frees it and makes a second visit
/// (a cycle in a crafted file) find nothing.
fn walk(
    mut nodes: HashMap<Vec<u8>, Vec<u8>>,
    root: Vec<u8>,
    depth: usize,
) -> HashMap<Vec<u8>, Vec<String>> {
    let mut records: HashMap<Vec<u8>, Vec<String>> = HashMap::new();
    let mut stack = vec![root];
    while let Some(cid) = stack.pop() {
        let Some(block) = nodes.remove(&cid) else {
            continue;
        };
        let Ok((node, _)) = cbor::decode(&block, depth) else {
            continue;
        };
        if let Some(left) = node.get("l").and_then(Cbor::as_link) {
            stack.push(left.to_vec());
        }
        let mut key: Vec<u8> = Vec::new();
        for entry in node.get("e").map(Cbor::as_array).unwrap_or_default() {
            let prefix = entry
                .get("p")
                .and_then(Cbor::as_int)
                .and_then(|p| usize::try_from(p).ok())
                .unwrap_or(0);
            key.truncate(prefix.min(key.len()));
            key.extend_from_slice(entry.get("k").and_then(Cbor::as_bytes).unwrap_or_default());
            if let Some(right) = entry.get("t").and_then(Cbor::as_link) {
                stack.push(right.to_vec());
            }
            let Some(value) = entry.get("v").and_then(Cbor::as_link) else {
                continue;
            };
            let Ok(name) = std::str::from_utf8(&key) else {
                continue;
            };
            let collection = name.split('/').next().unwrap_or_default();
            if [POST, REPOST, LIKE, PROFILE].contains(&collection) {
                records
                    .entry(value.to_vec())
                    .or_default()
                    .push(name.to_owned());
            }
        }
    }
    records
}

/// `https://bsky.app/profile/<did>/post/<rkey>` for an `at://` post URI.
fn web_url(uri: &str) -> Option<String> {
    let rest = uri.strip_prefix("at://")?;
    let mut parts = rest.split('/');
    let (did, collection, rkey) = (parts.next()?, parts.next()?, parts.next()?);
    (collection == POST).then(|| format!("https://bsky.app/profile/{did}/post/{rkey}"))
}

fn uri_at<'c>(record: &'c Cbor, path: &[&str]) -> Option<&'c str> {
    path.iter()
        .try_fold(record, |value, key| value.get(key))?
        .as_str()
}

fn record_post(
    did: &str,
    key: &str,
    block: &[u8],
    depth: usize,
) -> Result<Option<Post>, RecordProblem> {
    let (collection, rkey) = key.split_once('/').unwrap_or((key, ""));
    if collection == PROFILE {
        return Ok(None);
    }
    let (record, _) = cbor::decode(block, depth).map_err(|error| match error {
        cbor::CborError::TooDeep => RecordProblem::TooDeep { limit: depth },
        other => RecordProblem::malformed(other),
    })?;
    let created_at = record
        .get("createdAt")
        .and_then(Cbor::as_str)
        .and_then(parse_rfc3339);
    let uri = format!("at://{did}/{collection}/{rkey}");
    let post = match collection {
        REPOST => {
            let subject = uri_at(&record, &["subject", "uri"])
                .ok_or_else(|| RecordProblem::malformed("a repost without subject"))?;
            let mut post = Post::new(uri, PostKind::Repost, "", Platform::Bluesky);
            post.reposted = Some(subject.to_owned());
            post
        }
        LIKE => {
            let subject = uri_at(&record, &["subject", "uri"])
                .ok_or_else(|| RecordProblem::malformed("a like without subject"))?;
            let mut post = Post::new(subject, PostKind::Like, "", Platform::Bluesky);
            post.url = web_url(subject);
            post
        }
        _ => {
            let text = record
                .get("text")
                .and_then(Cbor::as_str)
                .ok_or_else(|| RecordProblem::malformed("a post without text"))?;
            let text = expand_links(text, &record);
            let in_reply_to = uri_at(&record, &["reply", "parent", "uri"]).map(str::to_owned);
            let quoted = uri_at(&record, &["embed", "record", "uri"])
                .or_else(|| uri_at(&record, &["embed", "record", "record", "uri"]))
                .map(str::to_owned);
            let kind = if in_reply_to.is_some() {
                PostKind::Reply
            } else if quoted.is_some() {
                PostKind::Quote
            } else {
                PostKind::Post
            };
            let mut post = Post::new(uri, kind, text, Platform::Bluesky);
            post.url = Some(format!("https://bsky.app/profile/{did}/post/{rkey}"));
            post.in_reply_to = in_reply_to;
            post.quoted = quoted;
            let labels: Vec<&str> = record
                .get("labels")
                .and_then(|labels| labels.get("values"))
                .map(Cbor::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(|label| label.get("val").and_then(Cbor::as_str))
                .collect();
            post.content_warning = (!labels.is_empty()).then(|| labels.join(", "));
            post
        }
    };
    let mut post = post;
    post.created_at = created_at;
    post.visibility = Some(Visibility::Public);
    Ok(Some(post))
}

/// The text with each link facet's (possibly shortened) text replaced by its full URI.
/// Facet ranges are UTF-8 byte offsets; ranges off character boundaries are ignored.
fn expand_links(text: &str, record: &Cbor) -> String {
    let mut links: Vec<(usize, usize, &str)> = record
        .get("facets")
        .map(Cbor::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|facet| {
            let index = facet.get("index")?;
            let start = usize::try_from(index.get("byteStart")?.as_int()?).ok()?;
            let end = usize::try_from(index.get("byteEnd")?.as_int()?).ok()?;
            let uri = facet
                .get("features")?
                .as_array()
                .iter()
                .find_map(|feature| {
                    (feature.get("$type")?.as_str()? == "app.bsky.richtext.facet#link")
                        .then(|| feature.get("uri")?.as_str())?
                })?;
            Some((start, end, uri))
        })
        .collect();
    links.sort_by_key(|link| std::cmp::Reverse(link.0));
    let mut out = text.to_owned();
    let mut limit = out.len();
    for (start, end, uri) in links {
        if start < end
            && end <= limit
            && out.is_char_boundary(start)
            && out.is_char_boundary(end)
            && &out[start..end] != uri
        {
            out.replace_range(start..end, uri);
            limit = start;
        }
    }
    out
}

#[cfg(all(test, feature = "generate"))]
mod tests {
    use super::*;
    use crate::cbor::encode;

    fn block(value: &Cbor) -> Vec<u8> {
        let mut bytes = Vec::new();
        encode(value, &mut bytes);
        bytes
    }

    #[test]
    fn a_cyclic_tree_is_walked_once() {
        let root = vec![1, 0x71, 0x12, 0x01, 0xaa];
        let record = vec![1, 0x71, 0x12, 0x01, 0xbb];
        let entry = Cbor::Map(vec![
            ("p".into(), Cbor::Int(0)),
            ("k".into(), Cbor::Bytes(b"app.bsky.feed.post/3k".to_vec())),
            ("v".into(), Cbor::Link(record.clone())),
            ("t".into(), Cbor::Link(root.clone())),
        ]);
        let node = Cbor::Map(vec![
            ("l".into(), Cbor::Link(root.clone())),
            ("e".into(), Cbor::Array(vec![entry])),
        ]);
        let nodes = HashMap::from([(root.clone(), block(&node))]);
        let records = walk(nodes, root, 64);
        assert_eq!(
            records,
            HashMap::from([(record, vec!["app.bsky.feed.post/3k".to_owned()])])
        );
    }

    #[test]
    fn facets_expand_only_on_character_boundaries() {
        let facet = |start: i128, end: i128| {
            Cbor::Map(vec![
                (
                    "index".into(),
                    Cbor::Map(vec![
                        ("byteStart".into(), Cbor::Int(start)),
                        ("byteEnd".into(), Cbor::Int(end)),
                    ]),
                ),
                (
                    "features".into(),
                    Cbor::Array(vec![Cbor::Map(vec![
                        (
                            "$type".into(),
                            Cbor::Text("app.bsky.richtext.facet#link".into()),
                        ),
                        (
                            "uri".into(),
                            Cbor::Text("https://example.com/full/path".into()),
                        ),
                    ])]),
                ),
            ])
        };
        let record = |start, end| {
            Cbor::Map(vec![(
                "facets".into(),
                Cbor::Array(vec![facet(start, end)]),
            )])
        };
        let text = "😀 see example.com/fu...";
        assert_eq!(
            expand_links(text, &record(9, 26)),
            "😀 see https://example.com/full/path"
        );
        assert_eq!(expand_links(text, &record(1, 26)), text, "inside the emoji");
        assert_eq!(expand_links(text, &record(9, 99)), text, "past the end");
    }
}

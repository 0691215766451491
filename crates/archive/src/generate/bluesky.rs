//! A synthetic Bluesky repository: a CARv1 file with a commit, a Merkle search tree and
//! `app.bsky.*` records in DAG-CBOR. The whole repository is built in memory before it is
//! written (the header names the root, which depends on every record).
//!
//! CIDs use a stand-in digest (not SHA-256): the importer walks the tree without verifying
//! hashes, and the generator needs no hashing crate.

use std::io::{self, Seek, Write};

use super::content::{Clock, Rng};
use super::{Generated, Options};
use crate::PostKind;
use crate::cbor::{Cbor, encode};

const DID: &str = "did:plc:alexexample0000000000000";

fn text(value: &str) -> Cbor {
    Cbor::Text(value.to_owned())
}

fn map(entries: Vec<(&str, Cbor)>) -> Cbor {
    Cbor::Map(
        entries
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    )
}

/// A CIDv1 (dag-cbor, "sha2-256" code) over a stand-in 32-byte digest of `bytes`.
fn cid(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![0x01, 0x71, 0x12, 0x20];
    for seed in 0..4u64 {
        let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for &byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        out.extend(hash.to_be_bytes());
    }
    out
}

fn varint(mut value: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A record key (TID): 13 characters of sortable base32 from microseconds and a clock id.
fn tid(micros: u64, clock: u64) -> String {
    const ALPHABET: &[u8] = b"234567abcdefghijklmnopqrstuvwxyz";
    let value = (micros << 10) | (clock & 0x3ff);
    (0..13)
        .rev()
        .map(|at| char::from(ALPHABET[((value >> (5 * at)) & 31) as usize]))
        .collect()
}

/// An entry of a tree node (by position in the sorted entries) and its right subtree.
type Separator = (usize, Option<Vec<u8>>);

/// Builds the tree over sorted `(key, record cid)` entries, pushing node blocks; returns the
/// root's CID, or `None` for no entries.
fn build(entries: &[(String, Vec<u8>)], blocks: &mut Vec<(Vec<u8>, Vec<u8>)>) -> Option<Vec<u8>> {
    if entries.is_empty() {
        return None;
    }
    const FANOUT: usize = 16;
    let (left, separators): (Option<Vec<u8>>, Vec<Separator>) = if entries.len() <= FANOUT {
        (None, (0..entries.len()).map(|at| (at, None)).collect())
    } else {
        let n = entries.len();
        let chunk = (n - FANOUT) / (FANOUT + 1);
        let left = build(&entries[..chunk], blocks);
        let mut at = chunk;
        let mut separators = Vec::new();
        for i in 0..FANOUT {
            let separator = at;
            at += 1;
            let len = if i == FANOUT - 1 { n - at } else { chunk };
            separators.push((separator, build(&entries[at..at + len], blocks)));
            at += len;
        }
        (left, separators)
    };
    let mut previous: &[u8] = &[];
    let mut list = Vec::new();
    for (at, right) in separators {
        let key = entries[at].0.as_bytes();
        let prefix = previous.iter().zip(key).take_while(|(a, b)| a == b).count();
        list.push(map(vec![
            ("p", Cbor::Int(prefix as i128)),
            ("k", Cbor::Bytes(key[prefix..].to_vec())),
            ("v", Cbor::Link(entries[at].1.clone())),
            ("t", right.map_or(Cbor::Null, Cbor::Link)),
        ]));
        previous = key;
    }
    let node = map(vec![
        ("l", left.map_or(Cbor::Null, Cbor::Link)),
        ("e", Cbor::Array(list)),
    ]);
    let mut bytes = Vec::new();
    encode(&node, &mut bytes);
    let id = cid(&bytes);
    blocks.push((id.clone(), bytes));
    Some(id)
}

fn strong_ref(uri: &str) -> Cbor {
    map(vec![
        ("uri", text(uri)),
        ("cid", text("bafyreisyntheticsyntheticsyntheticsynthetic")),
    ])
}

/// A Bluesky repository export.
pub(super) fn car<W: Write + Seek>(options: &Options, mut out: W) -> io::Result<Generated> {
    let mut rng = Rng::new(options.seed);
    let mut clock = Clock::new();
    let mut made = Generated::default();
    let mut records: Vec<(String, Vec<u8>, Vec<u8>)> = Vec::new();
    let mut push = |key: String, record: Cbor| {
        let mut bytes = Vec::new();
        encode(&record, &mut bytes);
        records.push((key, cid(&bytes), bytes));
    };
    push(
        "app.bsky.actor.profile/self".to_owned(),
        map(vec![
            ("$type", text("app.bsky.actor.profile")),
            ("displayName", text("Alex Example")),
            (
                "description",
                text("Engineer at Example Corp. Views my own."),
            ),
            ("createdAt", text("2023-05-01T10:00:00.000Z")),
        ]),
    );
    made.profiles = 1;
    let mut own: Vec<String> = Vec::new();
    for at in 0..options.posts + options.posts / 10 {
        let created = clock.tick(&mut rng);
        let micros = created.timestamp_micros() as u64;
        let rkey = tid(micros, at as u64);
        let created_at = text(&created.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
        let other = format!(
            "at://did:plc:{}/app.bsky.feed.post/{}",
            rng.token(24).to_lowercase(),
            tid(micros - 99_000_000, 7)
        );
        if at >= options.posts {
            push(
                format!("app.bsky.feed.like/{rkey}"),
                map(vec![
                    ("$type", text("app.bsky.feed.like")),
                    ("subject", strong_ref(&other)),
                    ("createdAt", created_at),
                ]),
            );
            made.add(PostKind::Like);
            continue;
        }
        if rng.chance(10) {
            push(
                format!("app.bsky.feed.repost/{rkey}"),
                map(vec![
                    ("$type", text("app.bsky.feed.repost")),
                    ("subject", strong_ref(&other)),
                    ("createdAt", created_at),
                ]),
            );
            made.add(PostKind::Repost);
            continue;
        }
        let (body, _) = rng.post_text();
        let mut fields = vec![
            ("$type", text("app.bsky.feed.post")),
            ("createdAt", created_at),
            ("langs", Cbor::Array(vec![text("en")])),
        ];
        let mut post_text = body.clone();
        // A link facet whose visible text is shortened, as the app writes them.
        if let Some(start) = body.find("https://") {
            let end = body[start..]
                .find(' ')
                .map_or(body.len(), |len| start + len);
            let full = &body[start..end];
            let shown = format!("{}...", &full[8..full.len().min(8 + 20)]);
            post_text = format!("{}{shown}{}", &body[..start], &body[end..]);
            fields.push((
                "facets",
                Cbor::Array(vec![map(vec![
                    (
                        "index",
                        map(vec![
                            ("byteStart", Cbor::Int(start as i128)),
                            ("byteEnd", Cbor::Int((start + shown.len()) as i128)),
                        ]),
                    ),
                    (
                        "features",
                        Cbor::Array(vec![map(vec![
                            ("$type", text("app.bsky.richtext.facet#link")),
                            ("uri", text(full)),
                        ])]),
                    ),
                ])]),
            ));
        }
        fields.push(("text", text(&post_text)));
        let kind = match rng.below(10) {
            0 | 1 if !own.is_empty() => {
                let parent = own[rng.below(own.len() as u64) as usize].clone();
                fields.push((
                    "reply",
                    map(vec![
                        ("root", strong_ref(&parent)),
                        ("parent", strong_ref(&parent)),
                    ]),
                ));
                PostKind::Reply
            }
            2 => {
                fields.push((
                    "embed",
                    map(vec![
                        ("$type", text("app.bsky.embed.record")),
                        ("record", strong_ref(&other)),
                    ]),
                ));
                PostKind::Quote
            }
            _ => PostKind::Post,
        };
        if rng.chance(5) {
            fields.push((
                "labels",
                map(vec![
                    ("$type", text("com.atproto.label.defs#selfLabels")),
                    (
                        "values",
                        Cbor::Array(vec![map(vec![("val", text("graphic-media"))])]),
                    ),
                ]),
            ));
        }
        let uri = format!("at://{DID}/app.bsky.feed.post/{rkey}");
        own.push(uri);
        push(format!("app.bsky.feed.post/{rkey}"), map(fields));
        made.add(kind);
    }
    records.sort_by(|a, b| a.0.cmp(&b.0));
    let entries: Vec<(String, Vec<u8>)> = records
        .iter()
        .map(|(key, id, _)| (key.clone(), id.clone()))
        .collect();
    let mut nodes = Vec::new();
    let data = build(&entries, &mut nodes);
    let commit = map(vec![
        ("did", text(DID)),
        ("version", Cbor::Int(3)),
        ("data", data.map_or(Cbor::Null, Cbor::Link)),
        ("rev", text(&tid(1_700_000_000_000_000, 1))),
        ("prev", Cbor::Null),
        ("sig", Cbor::Bytes(vec![0; 64])),
    ]);
    let mut commit_bytes = Vec::new();
    encode(&commit, &mut commit_bytes);
    let root = cid(&commit_bytes);
    let mut header = Vec::new();
    encode(
        &map(vec![
            ("version", Cbor::Int(1)),
            ("roots", Cbor::Array(vec![Cbor::Link(root.clone())])),
        ]),
        &mut header,
    );
    let mut buf = Vec::new();
    varint(header.len() as u64, &mut buf);
    buf.extend(&header);
    out.write_all(&buf)?;
    let section = |id: &[u8], bytes: &[u8], out: &mut W| -> io::Result<()> {
        let mut prefix = Vec::new();
        varint((id.len() + bytes.len()) as u64, &mut prefix);
        out.write_all(&prefix)?;
        out.write_all(id)?;
        out.write_all(bytes)
    };
    section(&root, &commit_bytes, &mut out)?;
    for (id, bytes) in nodes.iter().rev() {
        section(id, bytes, &mut out)?;
    }
    for (_, id, bytes) in &records {
        section(id, bytes, &mut out)?;
    }
    Ok(made)
}

//! LinkedIn exports: a zip of CSV files, of which `Shares.csv` (posts), `Comments.csv`
//! (comments), `Reactions.csv` (likes) and `Profile.csv` are read. Names may carry a member-id
//! suffix (`Shares_12345.csv`). `Comments.csv` escapes quotes with a backslash, which the CSV
//! reader accepts alongside doubled quotes.

use std::io::{BufRead, Read, Seek};

use crate::Format;
use crate::container::{self, Container, LOOSE, ZipSource};
use crate::error::{ImportError, RecordProblem};
use crate::import::{Columns, Ctx, Halt, cell, for_each_csv_row, synthetic_id};
use crate::model::{Platform, Post, PostKind, Profile, Visibility};
use crate::time::parse_any;

/// The LinkedIn files this importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum EntryKind {
    Profile,
    Shares,
    Comments,
    Reactions,
}

/// Which LinkedIn file a base name is (`Shares.csv`, `Shares_123.csv`…).
pub(crate) fn entry_kind(base: &str) -> Option<EntryKind> {
    let stem = base.strip_suffix(".csv")?;
    let stem = match stem.split_once('_') {
        Some((stem, suffix)) if suffix.bytes().all(|b| b.is_ascii_digit()) => stem,
        _ => stem,
    };
    Some(match stem {
        "Shares" => EntryKind::Shares,
        "Comments" => EntryKind::Comments,
        "Reactions" => EntryKind::Reactions,
        "Profile" => EntryKind::Profile,
        _ => return None,
    })
}

/// Whether a CSV header line is one of LinkedIn's post files.
pub(crate) fn is_linkedin_header(line: &str) -> bool {
    header_kind(&line.split(',').map(str::trim).collect::<Vec<_>>()).is_some()
}

fn header_kind(header: &[&str]) -> Option<EntryKind> {
    let columns = Columns::new(header);
    if columns.has_all(&["date", "sharelink", "sharecommentary"]) {
        Some(EntryKind::Shares)
    } else if columns.has_all(&["date", "link", "message"]) {
        Some(EntryKind::Comments)
    } else if columns.has_all(&["date", "type", "link"]) && header.len() <= 4 {
        Some(EntryKind::Reactions)
    } else if columns.has_all(&["first name", "last name", "headline"]) {
        Some(EntryKind::Profile)
    } else {
        None
    }
}

fn wrong(reason: impl Into<String>) -> ImportError {
    ImportError::WrongFormat {
        format: Format::Linkedin,
        reason: reason.into(),
    }
}

pub(crate) fn import<R: Read + Seek>(mut reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    match container::sniff(&mut reader).map_err(ImportError::Io)? {
        Container::Zip => import_zip(reader, ctx),
        Container::Gzip => Err(wrong("a gzip file, not a zip").into()),
        Container::Plain => container::read_loose(reader, ctx, |reader, ctx| {
            read_csv(reader, LOOSE, None, ctx)
        }),
    }
}

fn import_zip<R: Read + Seek>(reader: R, ctx: &mut Ctx<'_, '_>) -> Result<(), Halt> {
    let mut zip = ZipSource::open(reader, ctx)?;
    let mut files: Vec<(EntryKind, String, usize)> = zip
        .find_all(|name| !name.contains('/') && entry_kind(name).is_some())
        .into_iter()
        .filter_map(|(name, index)| {
            entry_kind(container::base_name(&name)).map(|kind| (kind, name, index))
        })
        .collect();
    if files.is_empty() {
        return Err(
            wrong("no Shares.csv, Comments.csv, Reactions.csv or Profile.csv in the zip").into(),
        );
    }
    files.sort();
    for (kind, name, index) in files {
        zip.read_entry(index, &name, ctx, |reader, ctx| {
            read_csv(reader, &name, Some(kind), ctx)
        })?;
    }
    Ok(())
}

struct Mapping {
    kind: EntryKind,
    date: Option<usize>,
    link: Option<usize>,
    text: Option<usize>,
    shared: Option<usize>,
    visibility: Option<usize>,
    columns: Columns,
}

/// Reads one LinkedIn CSV; its kind comes from its name or, for a loose file, its header.
fn read_csv(
    reader: &mut dyn BufRead,
    entry: &str,
    named: Option<EntryKind>,
    ctx: &mut Ctx<'_, '_>,
) -> Result<(), Halt> {
    let header = |row: &[&str]| {
        let kind = header_kind(row).or(named).ok_or_else(|| {
            wrong(format!(
                "{entry} has no LinkedIn header ({})",
                row.join(",")
            ))
        })?;
        let columns = Columns::new(row);
        Ok(Mapping {
            kind,
            date: columns.find(&["date"]),
            link: columns.find(&["sharelink", "link"]),
            text: columns.find(&["sharecommentary", "message"]),
            shared: columns.find(&["sharedurl"]),
            visibility: columns.find(&["visibility"]),
            columns,
        })
    };
    for_each_csv_row(
        ctx,
        reader,
        entry,
        header,
        |ctx, map, row, index| match map.kind {
            EntryKind::Profile => ctx.profile(profile(map, row)),
            _ => match post(map, row) {
                Ok(post) => ctx.post(post),
                Err(problem) => ctx.skip(entry, index, problem),
            },
        },
    )
}

/// The URN in a LinkedIn link (`urn:li:share:123`, `urn:li:ugcPost:…`, `urn:li:activity:…`),
/// percent-encoded or not.
fn urn(link: &str) -> Option<String> {
    let decoded = link.replace("%3A", ":").replace("%3a", ":");
    for kind in ["share", "ugcPost", "activity", "comment"] {
        let marker = format!("urn:li:{kind}:");
        if let Some(at) = decoded.find(&marker) {
            let digits: String = decoded[at + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if !digits.is_empty() {
                return Some(format!("{marker}{digits}"));
            }
        }
    }
    // `/posts/<slug>-activity-<digits>-<x>`
    let at = decoded.find("-activity-")?;
    let digits: String = decoded[at + 10..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then(|| format!("urn:li:activity:{digits}"))
}

fn post(map: &Mapping, row: &[&str]) -> Result<Post, RecordProblem> {
    let link = cell(row, map.link);
    let date = cell(row, map.date);
    let text = cell(row, map.text).unwrap_or_default().to_owned();
    let shared = cell(row, map.shared).map(str::to_owned);
    let (kind, in_reply_to, quoted, reposted) = match map.kind {
        EntryKind::Comments => (
            PostKind::Comment,
            link.map(|link| urn(link).unwrap_or_else(|| link.to_owned())),
            None,
            None,
        ),
        EntryKind::Reactions => (PostKind::Like, None, None, None),
        _ => match &shared {
            Some(url) if text.is_empty() => (
                PostKind::Repost,
                None,
                None,
                Some(urn(url).unwrap_or_else(|| url.clone())),
            ),
            Some(url)
                if url.contains("linkedin.com/feed/update")
                    || url.contains("linkedin.com/posts/") =>
            {
                (
                    PostKind::Quote,
                    None,
                    Some(urn(url).unwrap_or_else(|| url.clone())),
                    None,
                )
            }
            _ => (PostKind::Post, None, None, None),
        },
    };
    if kind == PostKind::Post && text.is_empty() && link.is_none() {
        return Err(RecordProblem::malformed(
            "a share with neither text nor link",
        ));
    }
    let id = match kind {
        // A comment has no id of its own, and one post can carry several of them.
        PostKind::Comment => {
            synthetic_id(&[link.unwrap_or_default(), date.unwrap_or_default(), &text])
        }
        _ => link
            .and_then(urn)
            .or_else(|| link.map(str::to_owned))
            .unwrap_or_else(|| synthetic_id(&[date.unwrap_or_default(), &text])),
    };
    let mut post = Post::new(id, kind, text, Platform::Linkedin);
    post.url = link
        .filter(|link| link.starts_with("http"))
        .map(str::to_owned);
    post.created_at = date.and_then(parse_any);
    post.in_reply_to = in_reply_to;
    post.quoted = quoted;
    post.reposted = reposted;
    post.visibility = cell(row, map.visibility).and_then(Visibility::from_name);
    Ok(post)
}

fn profile(map: &Mapping, row: &[&str]) -> Profile {
    let get = |names: &[&str]| cell(row, map.columns.find(names)).map(str::to_owned);
    let name = [get(&["first name"]), get(&["last name"])]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let bio = [get(&["headline"]), get(&["summary"])]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n");
    let website = get(&["websites"]).and_then(|sites| {
        sites
            .trim_matches(['[', ']'])
            .split([',', ' '])
            .map(|site| {
                site.trim()
                    .trim_start_matches("PERSONAL:")
                    .trim_start_matches("OTHER:")
            })
            .find(|site| site.contains('.'))
            .map(str::to_owned)
    });
    Profile {
        platform: Some(Platform::Linkedin),
        id: None,
        handle: None,
        display_name: (!name.is_empty()).then_some(name),
        bio: (!bio.is_empty()).then_some(bio),
        location: get(&["geo location", "location"]),
        website,
        created_at: None,
    }
}

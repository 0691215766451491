//! Hostile and broken input: zip bombs, forged headers, path traversal, deep nesting, invalid
//! UTF-8, truncation. Each must end in a clear error or a skipped record, never a panic, an
//! unbounded allocation or a file written.

mod common;

use std::io::{Cursor, Write};

use common::{generated, generated_with, run, run_with, zip_of};
use ft_archive::generate::Options;
use ft_archive::{Format, ImportError, Limit, Limits, RecordProblem};

fn tweets(elements: &[&str]) -> String {
    format!("window.YTD.tweets.part0 = [{}]", elements.join(",\n"))
}

fn tweet(id: u32, text: &str) -> String {
    format!(
        r#"{{"tweet":{{"id_str":"{id}","created_at":"Tue Mar 19 14:05:17 +0000 2019","full_text":"{text}"}}}}"#
    )
}

fn limit_of(error: &ImportError) -> Option<Limit> {
    match error {
        ImportError::LimitExceeded { limit, .. } => Some(*limit),
        _ => None,
    }
}

#[test]
fn a_highly_compressed_entry_is_refused_before_reading() {
    let mut bomb = tweets(&[&tweet(1, "a")]);
    bomb.push_str(&" ".repeat(20 * 1024 * 1024));
    let bytes = zip_of(&[("data/tweets.js", bomb.as_bytes())]);
    assert!(
        bytes.len() < 200 * 1024,
        "the fixture compresses well: {}",
        bytes.len()
    );
    let error = run(&bytes, Format::X).expect_err("a bomb");
    assert_eq!(limit_of(&error), Some(Limit::CompressionRatio), "{error}");
    assert!(error.to_string().contains("data/tweets.js"), "{error}");
    assert!(
        error.to_string().contains("max_compression_ratio"),
        "{error}"
    );
}

/// Rewrites the uncompressed size of every entry, in the local headers and the central
/// directory, as a forger would.
fn forge_sizes(zip: &mut [u8], size: u32) {
    let mut at = 0;
    while at + 4 <= zip.len() {
        match &zip[at..at + 4] {
            b"PK\x03\x04" => zip[at + 22..at + 26].copy_from_slice(&size.to_le_bytes()),
            b"PK\x01\x02" => zip[at + 24..at + 28].copy_from_slice(&size.to_le_bytes()),
            _ => {}
        }
        at += 1;
    }
}

#[test]
fn a_forged_size_header_does_not_let_a_bomb_through() {
    let mut bomb = tweets(&[&tweet(1, "a")]);
    bomb.push_str(&" ".repeat(20 * 1024 * 1024));
    let mut bytes = zip_of(&[("data/tweets.js", bomb.as_bytes())]);
    forge_sizes(&mut bytes, 1000);
    let error = run(&bytes, Format::X).expect_err("a forged bomb");
    // Whichever check sees it first (ours or the zip reader's), the import stops with an
    // error, having read at most a little past the declared size.
    match &error {
        ImportError::LimitExceeded { limit, detail } => {
            assert!(
                matches!(limit, Limit::DeclaredSize | Limit::CompressionRatio),
                "{error}"
            );
            assert!(detail.contains("data/tweets.js"), "{error}");
        }
        ImportError::Container { .. } => {}
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn a_forged_header_is_caught_by_counting_even_with_no_ratio_limit() {
    let mut big = tweets(&[&tweet(1, "a")]);
    big.push_str(&" ".repeat(4 * 1024 * 1024));
    let mut bytes = zip_of(&[("data/tweets.js", big.as_bytes())]);
    forge_sizes(&mut bytes, 1000);
    let limits = Limits {
        max_compression_ratio: u64::MAX / 2,
        ..Limits::default()
    };
    let error = run_with(&bytes, Format::X, &limits).expect_err("a forged header");
    assert!(
        matches!(limit_of(&error), Some(Limit::DeclaredSize))
            || matches!(error, ImportError::Container { .. }),
        "{error}"
    );
}

#[test]
fn entry_count_total_and_entry_size_limits() {
    let names: Vec<String> = (0..20).map(|n| format!("data/file{n}.js")).collect();
    let mut entries: Vec<(&str, &[u8])> = names
        .iter()
        .map(|name| (name.as_str(), &b"x"[..]))
        .collect();
    let body = tweets(&[&tweet(1, "hello")]);
    entries.push(("data/tweets.js", body.as_bytes()));
    let bytes = zip_of(&entries);
    let error = run_with(
        &bytes,
        Format::X,
        &Limits {
            max_entries: 10,
            ..Limits::default()
        },
    )
    .expect_err("too many");
    assert_eq!(limit_of(&error), Some(Limit::Entries), "{error}");

    let (archive, _) = generated(Format::X, 200, 1);
    let error = run_with(
        &archive,
        Format::X,
        &Limits {
            max_total_uncompressed: 10_000,
            ..Limits::default()
        },
    )
    .expect_err("too much");
    assert_eq!(limit_of(&error), Some(Limit::TotalUncompressed), "{error}");
    let error = run_with(
        &archive,
        Format::X,
        &Limits {
            max_entry_uncompressed: 10_000,
            ..Limits::default()
        },
    )
    .expect_err("too big");
    assert_eq!(limit_of(&error), Some(Limit::EntryUncompressed), "{error}");
    // A loose file counts too.
    let error = run_with(
        body.as_bytes(),
        Format::X,
        &Limits {
            max_entry_uncompressed: 10,
            ..Limits::default()
        },
    )
    .expect_err("too big");
    assert_eq!(limit_of(&error), Some(Limit::EntryUncompressed), "{error}");
}

#[test]
fn a_gzip_bomb_is_refused() {
    let mut outbox = String::from(r#"{"orderedItems": []"#);
    outbox.push_str(&" ".repeat(30 * 1024 * 1024));
    outbox.push('}');
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::best(),
    ));
    let mut header = tar::Header::new_ustar();
    header.set_size(outbox.len() as u64);
    header.set_mode(0o644);
    header.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut header, "outbox.json", outbox.as_bytes())
        .expect("appends");
    let bytes = tar
        .into_inner()
        .and_then(|gz| gz.finish())
        .expect("finishes");
    let error = run(&bytes, Format::Mastodon).expect_err("a bomb");
    assert_eq!(limit_of(&error), Some(Limit::CompressionRatio), "{error}");
}

#[test]
fn path_traversal_names_are_never_read() {
    let evil = tweets(&[&tweet(666, "evil")]);
    let good = tweets(&[&tweet(1, "good")]);
    let bytes = zip_of(&[
        ("../../etc/passwd", b"root:x:0:0"),
        ("/etc/shadow", b"nope"),
        ("../data/tweets.js", evil.as_bytes()),
        ("data/../../data/tweets-part1.js", evil.as_bytes()),
        ("data/tweets.js", good.as_bytes()),
    ]);
    let imported = run(&bytes, Format::X).expect("imports");
    let ids: Vec<&str> = imported.posts.iter().map(|post| post.id.as_str()).collect();
    assert_eq!(ids, ["1"]);
    assert_eq!(imported.summary.entries_read, 1);
    assert!(
        !std::path::Path::new("/etc/passwd").exists()
            || std::fs::read("/etc/passwd").is_ok_and(|bytes| bytes != b"root:x:0:0")
    );

    let only_evil = zip_of(&[("../data/tweets.js", evil.as_bytes())]);
    let error = run(&only_evil, Format::X).expect_err("nothing readable");
    assert!(matches!(error, ImportError::WrongFormat { .. }), "{error}");
}

#[test]
fn deep_nesting_is_skipped_per_record() {
    let deep = format!(
        "{{\"tweet\":{{\"id_str\":\"2\",\"x\":{}{}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let body = tweets(&[&tweet(1, "before"), &deep, &tweet(3, "after")]);
    let imported = run(body.as_bytes(), Format::X).expect("imports");
    let ids: Vec<&str> = imported.posts.iter().map(|post| post.id.as_str()).collect();
    assert_eq!(ids, ["1", "3"]);
    assert_eq!(
        imported.skipped[0].problem,
        RecordProblem::TooDeep { limit: 64 }
    );

    // Within a raised limit of ours: an ignored field is skipped over without recursion, and a
    // value past serde_json's own limit (128) makes the record malformed; never an overflow.
    let deep = format!(
        "{{\"tweet\":{{\"id_str\":\"2\",\"x\":{}{}}}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let body = tweets(&[&tweet(1, "before"), &deep, &tweet(3, "after")]);
    let limits = Limits {
        max_json_depth: 10_000,
        ..Limits::default()
    };
    let imported = run_with(body.as_bytes(), Format::X, &limits).expect("imports");
    assert_eq!(imported.posts.len(), 3);
    let jsonl = format!(
        "{{\"text\":\"a\"}}\n{{\"text\":\"b\",\"x\":{}1{}}}\n",
        "[".repeat(500),
        "]".repeat(500)
    );
    let imported = run_with(jsonl.as_bytes(), Format::GenericJsonl, &limits).expect("imports");
    assert_eq!(imported.posts.len(), 1);
    assert!(
        matches!(imported.skipped[0].problem, RecordProblem::Malformed { .. }),
        "{:?}",
        imported.skipped
    );

    let jsonl = format!(
        "{{\"text\":\"a\"}}\n{{\"text\":{}1{}}}\n{{\"text\":\"b\"}}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let imported = run(jsonl.as_bytes(), Format::GenericJsonl).expect("imports");
    assert_eq!(
        imported
            .posts
            .iter()
            .map(|post| post.text.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(imported.skipped.len(), 1);
}

#[test]
fn invalid_utf8_skips_only_its_record() {
    let mut body = tweets(&[
        &tweet(1, "fine"),
        &tweet(2, "BROKEN"),
        &tweet(3, "also fine"),
    ])
    .into_bytes();
    let at = body
        .windows(6)
        .position(|window| window == b"BROKEN")
        .expect("marker");
    body[at..at + 2].copy_from_slice(b"\xff\xfe");
    let imported = run(&body, Format::X).expect("imports");
    assert_eq!(
        imported
            .posts
            .iter()
            .map(|post| post.id.as_str())
            .collect::<Vec<_>>(),
        ["1", "3"]
    );
    assert_eq!(imported.skipped[0].problem, RecordProblem::InvalidUtf8);
    assert_eq!(imported.skipped[0].index, 1);

    let csv = b"id,text\n1,good\n2,bad \xc3\x28 bytes\n3,good again\n";
    let imported = run(csv, Format::GenericCsv).expect("imports");
    assert_eq!(
        imported
            .posts
            .iter()
            .map(|post| post.id.as_str())
            .collect::<Vec<_>>(),
        ["1", "3"]
    );
    assert_eq!(imported.skipped[0].problem, RecordProblem::InvalidUtf8);

    let jsonl = b"{\"text\":\"one\"}\n{\"text\":\"t\xffwo\"}\n{\"text\":\"three\"}\n";
    let imported = run(jsonl, Format::GenericJsonl).expect("imports");
    assert_eq!(imported.posts.len(), 2);
    assert_eq!(imported.skipped[0].problem, RecordProblem::InvalidUtf8);
}

#[test]
fn truncated_archives_fail_clearly_after_what_could_be_read() {
    let (zip, _) = generated(Format::X, 100, 1);
    let error = run(&zip[..zip.len() / 2], Format::X).expect_err("cut in half");
    assert!(
        matches!(
            error,
            ImportError::Container {
                container: "zip",
                ..
            } | ImportError::Truncated { .. }
        ),
        "{error}"
    );

    let body = tweets(&[&tweet(1, "one"), &tweet(2, "two")]);
    let cut = &body.as_bytes()[..body.len() - 30];
    let mut posts = 0;
    let result = ft_archive::import(
        Cursor::new(cut),
        Format::X,
        &Limits::default(),
        &mut |item| {
            posts += usize::from(matches!(item, ft_archive::Item::Post(_)));
            std::ops::ControlFlow::Continue(())
        },
    );
    let error = result.expect_err("truncated");
    assert!(matches!(error, ImportError::Truncated { .. }), "{error}");
    assert_eq!(posts, 1, "the first post was handed on before the error");

    let (tgz, _) = generated_with(
        Format::Mastodon,
        &Options {
            posts: 300,
            tar_gz: true,
            ..Options::default()
        },
    );
    let error = run(&tgz[..tgz.len() * 2 / 3], Format::Mastodon).expect_err("truncated gzip");
    assert!(
        matches!(
            error,
            ImportError::Truncated { .. } | ImportError::Container { .. }
        ),
        "{error}"
    );

    let (car, _) = generated(Format::Bluesky, 100, 1);
    let error = run(&car[..car.len() - 50], Format::Bluesky).expect_err("truncated car");
    assert!(matches!(error, ImportError::Truncated { .. }), "{error}");
}

#[test]
fn garbage_is_refused_by_every_importer() {
    let mut noise = Vec::new();
    let mut state = 0x1234_5678u32;
    for _ in 0..10_000 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        noise.push(state as u8);
    }
    for format in Format::ALL {
        // Any outcome but a panic; platform formats must say it is not theirs.
        match run(&noise, format) {
            Ok(imported) => assert!(imported.posts.is_empty(), "{format}"),
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
    let mut pk = b"PK\x03\x04".to_vec();
    pk.extend(&noise);
    for format in Format::ALL {
        assert!(run(&pk, format).is_err(), "{format}");
    }
}

#[test]
fn nested_archives_are_not_opened() {
    let inner = zip_of(&[("data/tweets.js", tweets(&[&tweet(1, "inner")]).as_bytes())]);
    let outer = zip_of(&[("archive.zip", &inner)]);
    assert!(matches!(
        run(&outer, Format::X),
        Err(ImportError::WrongFormat { .. })
    ));
}

#[test]
fn duplicate_entries_read_once() {
    let first = tweets(&[&tweet(1, "first")]);
    let second = tweets(&[&tweet(2, "second")]);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("data/tweets.js", options).expect("starts");
    zip.write_all(first.as_bytes()).expect("writes");
    // The zip writer refuses duplicate names; a second folder level is the next best thing.
    zip.start_file("x/data/tweets.js", options).expect("starts");
    zip.write_all(second.as_bytes()).expect("writes");
    let bytes = zip.finish().expect("finishes").into_inner();
    let imported = run(&bytes, Format::X).expect("imports");
    assert_eq!(
        imported
            .posts
            .iter()
            .map(|post| post.id.as_str())
            .collect::<Vec<_>>(),
        ["1"]
    );
}

#[test]
fn join_indexes_are_bounded() {
    let limits = Limits {
        max_index_bytes: 100,
        ..Limits::default()
    };
    let (x, made) = generated(Format::X, 3000, 12);
    let imported = run_with(&x, Format::X, &limits).expect("imports");
    // Notes past the bound are handed on as posts of their own rather than held.
    assert!(
        imported.posts.len() as u64 > made.posts,
        "{} vs {}",
        imported.posts.len(),
        made.posts
    );
    assert!(
        imported
            .posts
            .iter()
            .any(|post| post.text.contains("/i/web/status/"))
    );

    let (car, _) = generated(Format::Bluesky, 3000, 12);
    let error = run_with(&car, Format::Bluesky, &limits).expect_err("a big tree");
    assert_eq!(limit_of(&error), Some(Limit::IndexBytes), "{error}");
}

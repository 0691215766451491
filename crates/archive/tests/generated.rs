//! Every format's generator, read back by its importer: the counts by kind match what was
//! written, detection finds the format, nothing is skipped, and the texts are clean.

mod common;

use std::io::Cursor;

use common::{generated, generated_with, run};
use ft_archive::generate::Options;
use ft_archive::{Format, PostKind, detect};

const KINDS: [PostKind; 6] = [
    PostKind::Post,
    PostKind::Reply,
    PostKind::Repost,
    PostKind::Quote,
    PostKind::Like,
    PostKind::Comment,
];

fn round_trip(format: Format, options: &Options) {
    let (bytes, made) = generated_with(format, options);
    let name = match format {
        Format::GenericCsv => "posts.csv",
        Format::GenericJson => "posts.json",
        Format::GenericJsonl => "posts.jsonl",
        _ => "archive",
    };
    assert_eq!(
        detect(&mut Cursor::new(&bytes), Some(name)).ok(),
        Some(format),
        "{format}"
    );
    let imported = run(&bytes, format).unwrap_or_else(|error| panic!("{format}: {error}"));
    let first_skipped: Vec<_> = imported.skipped.iter().take(3).collect();
    assert_eq!(
        first_skipped,
        Vec::<&ft_archive::RecordError>::new(),
        "{format}"
    );
    for kind in KINDS {
        assert_eq!(imported.count(kind), made.count(kind), "{format}: {kind:?}");
    }
    assert_eq!(imported.summary.posts, made.posts, "{format}");
    assert_eq!(imported.profiles.len() as u64, made.profiles, "{format}");
    assert_eq!(
        imported.posts.iter().filter(|post| post.deleted).count() as u64,
        made.deleted,
        "{format}"
    );
    for post in &imported.posts {
        assert!(!post.id.is_empty(), "{format}: {post:?}");
        assert!(
            !post.text.contains("&amp;") && !post.text.contains("&#39;"),
            "{format}: {post:?}"
        );
        assert!(!post.text.contains("https://t.co/"), "{format}: {post:?}");
        assert!(
            !post.text.contains('Ã'),
            "{format}: mojibake left in {post:?}"
        );
        assert!(
            !post.text.contains('<') || post.text.contains("< "),
            "{format}: HTML left in {post:?}"
        );
    }
}

#[test]
fn every_format_round_trips() {
    for format in Format::ALL {
        for seed in [1, 2] {
            round_trip(
                format,
                &Options {
                    seed,
                    posts: 300,
                    ..Options::default()
                },
            );
        }
    }
}

#[test]
fn mastodon_tar_gz_round_trips() {
    round_trip(
        Format::Mastodon,
        &Options {
            seed: 3,
            posts: 200,
            tar_gz: true,
            ..Options::default()
        },
    );
}

#[test]
fn generation_is_deterministic() {
    for format in Format::ALL {
        assert_eq!(
            generated(format, 40, 9).0,
            generated(format, 40, 9).0,
            "{format}"
        );
        assert_ne!(
            generated(format, 40, 9).0,
            generated(format, 40, 10).0,
            "{format}"
        );
    }
}

#[test]
fn empty_archives_import_nothing() {
    for format in Format::ALL {
        let (bytes, made) = generated(format, 0, 1);
        let imported = run(&bytes, format).unwrap_or_else(|error| panic!("{format}: {error}"));
        assert_eq!(imported.posts, Vec::new(), "{format}");
        assert_eq!(imported.profiles.len() as u64, made.profiles, "{format}");
    }
}

//! Format detection: containers by magic bytes and entry names, loose files by content, the
//! file name only for generic ties; the reader is always rewound.

mod common;

use std::io::{Cursor, Seek, SeekFrom};

use common::{generated, generated_with, zip_of};
use ft_archive::generate::Options;
use ft_archive::{Format, ImportError, detect};

fn detected(bytes: &[u8], name: Option<&str>) -> Result<Format, ImportError> {
    let mut reader = Cursor::new(bytes);
    reader.seek(SeekFrom::Start(3)).expect("seeks");
    let result = detect(&mut reader, name);
    assert_eq!(reader.position(), 0, "detect rewinds");
    result
}

#[test]
fn every_generated_archive() {
    for format in Format::ALL {
        let (bytes, _) = generated(format, 20, 1);
        let name = match format {
            Format::GenericCsv => Some("posts.csv"),
            Format::GenericJson => Some("posts.json"),
            Format::GenericJsonl => Some("posts.jsonl"),
            _ => None,
        };
        assert_eq!(detected(&bytes, name).ok(), Some(format), "{format}");
    }
    let (tgz, _) = generated_with(
        Format::Mastodon,
        &Options {
            tar_gz: true,
            ..Options::default()
        },
    );
    assert_eq!(detected(&tgz, None).ok(), Some(Format::Mastodon));
}

#[test]
fn zips_by_entry_names() {
    let cases: [(&str, Format); 10] = [
        ("data/tweets.js", Format::X),
        ("data/tweet-part1.js", Format::X),
        ("data/manifest.js", Format::X),
        ("twitter-2020/data/tweet.js", Format::X),
        ("tweets.csv", Format::XClassic),
        ("data/js/tweets/2014_03.js", Format::XClassic),
        ("outbox.json", Format::Mastodon),
        ("Shares.csv", Format::Linkedin),
        ("posts/your_posts_1.json", Format::Facebook),
        (
            "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
            Format::Facebook,
        ),
    ];
    for (name, format) in cases {
        assert_eq!(
            detected(&zip_of(&[("readme.txt", b"x"), (name, b"[]")]), None).ok(),
            Some(format),
            "{name}"
        );
    }
}

#[test]
fn loose_files_by_content() {
    let cases: [(&str, Option<&str>, Format); 13] = [
        ("window.YTD.tweets.part0 = [ ]", None, Format::X),
        ("\u{feff}window.YTD.like.part0 = [ ]", None, Format::X),
        (
            "Grailbird.data.tweets_2015_01 = [ ]",
            None,
            Format::XClassic,
        ),
        (
            "\"tweet_id\",\"in_reply_to_status_id\",\"in_reply_to_user_id\",\"timestamp\",\"source\",\"text\"\n",
            None,
            Format::XClassic,
        ),
        (
            "{\n  \"@context\": \"https://www.w3.org/ns/activitystreams\",\n  \"orderedItems\": []\n}",
            None,
            Format::Mastodon,
        ),
        (
            "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n",
            None,
            Format::Linkedin,
        ),
        ("Date,Link,Message\n", None, Format::Linkedin),
        (
            "[\n  {\n    \"timestamp\": 1700000000,\n    \"data\": [{\"post\": \"hi\"}]\n  }\n]",
            None,
            Format::Facebook,
        ),
        ("id,text\n1,hello\n", None, Format::GenericCsv),
        ("text\nhello\n", Some("posts.csv"), Format::GenericCsv),
        ("[{\"text\": \"hi\"}]", None, Format::GenericJson),
        (
            "{\"text\": \"a\"}\n{\"text\": \"b\"}\n",
            None,
            Format::GenericJsonl,
        ),
        (
            "{\n  \"posts\": [{\"text\": \"a\"}]\n}",
            None,
            Format::GenericJson,
        ),
    ];
    for (content, name, format) in cases {
        assert_eq!(
            detected(content.as_bytes(), name).ok(),
            Some(format),
            "{content:?}"
        );
    }
}

#[test]
fn unknown_inputs_say_what_they_are() {
    let reason = |bytes: &[u8]| match detected(bytes, None) {
        Err(ImportError::UnknownFormat { reason }) => reason,
        other => panic!("expected unknown, got {other:?}"),
    };
    assert_eq!(reason(b""), "the file is empty");
    assert_eq!(reason(&zip_of(&[])), "an empty zip archive");
    assert!(reason(&zip_of(&[("photo.jpg", b"x")])).contains("photo.jpg"));
    assert!(
        reason(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00")
            .contains("gzip")
    );
    assert!(reason(b"just some words").contains("just some words"));
    assert!(reason(&zip_of(&[("your_activity/index.html", b"<html>")])).contains("HTML"));
    assert!(matches!(
        detected(b"PK\x03\x04garbage", None),
        Err(ImportError::Container { .. })
    ));
}

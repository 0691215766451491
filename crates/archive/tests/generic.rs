//! Generic CSV, JSON and JSON Lines files: column synonyms, time formats, kinds, counts, and
//! this crate's own serialised posts round-tripping.

mod common;

use common::run;
use ft_archive::{Format, ImportError, Platform, Post, PostKind, Visibility};

#[test]
fn csv_with_synonyms_bom_and_quotes() {
    let csv = "\u{feff}ID,Date,Message,Link,Likes,Type,Visibility\n\
               a1,2024-05-01 23:45:00,\"Late night, \"\"quoted\"\"\nthoughts\",https://blog.example.com/a1,1_234,post,public\n\
               a2,1714608000,Unix time,,,reply,followers\n\
               a3,,,,,repost,\n";
    let imported = run(csv.as_bytes(), Format::GenericCsv).expect("imports");
    let first = imported.by_id("a1");
    assert_eq!(first.text, "Late night, \"quoted\"\nthoughts");
    assert_eq!(
        first.created_at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2024-05-01T23:45:00+00:00")
    );
    assert_eq!(
        (first.likes, first.url.as_deref(), first.visibility),
        (
            Some(1234),
            Some("https://blog.example.com/a1"),
            Some(Visibility::Public)
        )
    );
    assert_eq!(first.platform, Platform::Other);
    let second = imported.by_id("a2");
    assert_eq!(
        second.created_at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2024-05-02T00:00:00+00:00")
    );
    assert_eq!(
        (second.kind, second.visibility),
        (PostKind::Reply, Some(Visibility::Followers))
    );
    assert_eq!(imported.by_id("a3").kind, PostKind::Repost);
}

#[test]
fn csv_without_a_text_column_is_refused() {
    let error = run(b"id,date\n1,2024-01-01\n", Format::GenericCsv).expect_err("no text");
    assert!(
        matches!(
            error,
            ImportError::WrongFormat {
                format: Format::GenericCsv,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("no text column"), "{error}");
}

#[test]
fn json_arrays_and_objects_holding_one() {
    let json = r#"[{"content": "one", "createdAt": "2024-01-01T10:00:00+02:00", "platform": "mastodon"},
                   {"body": "two", "timestamp": 1704103200000, "replies": 3, "deleted": true},
                   "not an object", {"title": "no text"}]"#;
    let imported = run(json.as_bytes(), Format::GenericJson).expect("imports");
    assert_eq!(
        imported
            .posts
            .iter()
            .map(|post| post.text.as_str())
            .collect::<Vec<_>>(),
        ["one", "two"]
    );
    assert_eq!(imported.posts[0].platform, Platform::Mastodon);
    assert_eq!(
        imported.posts[0]
            .created_at
            .map(|at| at.to_rfc3339())
            .as_deref(),
        Some("2024-01-01T10:00:00+02:00")
    );
    assert_eq!(
        (imported.posts[1].replies, imported.posts[1].deleted),
        (Some(3), true)
    );
    assert!(imported.posts[0].id.starts_with("h:"));
    assert_eq!(imported.skipped.len(), 2);

    let wrapped = r#"{"version": 2, "posts": [{"text": "inside"}]}"#;
    assert_eq!(
        run(wrapped.as_bytes(), Format::GenericJson)
            .expect("imports")
            .posts[0]
            .text,
        "inside"
    );
}

#[test]
fn jsonl_skips_blank_and_bad_lines() {
    let jsonl =
        "{\"text\": \"one\"}\n\n   \n{not json}\r\n{\"full_text\": \"two\", \"id_str\": \"9\"}\r\n";
    let imported = run(jsonl.as_bytes(), Format::GenericJsonl).expect("imports");
    assert_eq!(
        imported
            .posts
            .iter()
            .map(|post| post.text.as_str())
            .collect::<Vec<_>>(),
        ["one", "two"]
    );
    assert_eq!(imported.posts[1].id, "9");
    assert_eq!(imported.skipped.len(), 1);
}

#[test]
fn serialised_posts_round_trip() {
    let mut post = Post::new("123", PostKind::Quote, "Hello & goodbye", Platform::X);
    post.url = Some("https://x.com/i/web/status/123".into());
    post.created_at = chrono::DateTime::parse_from_rfc3339("2024-02-03T04:05:06+01:00").ok();
    post.quoted = Some("99".into());
    post.visibility = Some(Visibility::Followers);
    post.content_warning = Some("cw".into());
    post.likes = Some(5);
    post.reposts = Some(0);
    post.deleted = true;
    let mut bare = Post::new("124", PostKind::Reply, "Second", Platform::Bluesky);
    bare.in_reply_to = Some("123".into());
    let line = [&post, &bare]
        .map(|post| serde_json::to_string(post).expect("serialises"))
        .join("\n");
    let imported = run(line.as_bytes(), Format::GenericJsonl).expect("imports");
    assert_eq!(imported.posts, vec![post, bare]);
}

#[test]
fn archives_are_not_generic_files() {
    let (zip, _) = common::generated(Format::Linkedin, 3, 1);
    let error = run(&zip, Format::GenericCsv).expect_err("a zip");
    assert!(matches!(error, ImportError::WrongFormat { .. }), "{error}");
}

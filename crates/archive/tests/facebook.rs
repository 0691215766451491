//! Facebook JSON exports: mojibake repaired, synthetic ids, photo-only and shared posts,
//! comments and the profile.

mod common;

use common::{generated, run, zip_of};
use ft_archive::{Format, PostKind, make_mojibake};

/// A JSON string as Meta writes it: UTF-8 bytes as `\u00XX` escapes.
fn meta(text: &str) -> String {
    let mut out = String::from("\"");
    for c in make_mojibake(text).chars() {
        match c {
            '"' => out.push_str("\\\""),
            c if c.is_ascii() => out.push(c),
            c => out.push_str(&format!("\\u{:04x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

fn posts() -> String {
    format!(
        r#"[
  {{"timestamp": 1700000000, "data": [{{"post": {}}}, {{"update_timestamp": 1700000001}}], "title": {}}},
  {{"timestamp": 1700000100, "attachments": [{{"data": [{{"media": {{"uri": "posts/media/1.jpg", "description": {}}}}}]}}], "title": "Alex added a new photo."}},
  {{"timestamp": 1700000200, "attachments": [{{"data": [{{"external_context": {{"url": "https://example.com/story"}}}}]}}], "data": [], "title": "Alex shared a link."}},
  {{"timestamp": 1700000300, "data": [{{"post": "Zo\u00eb already correct \u2014 not mojibake"}}]}},
  {{"data": [{{"post": "no timestamp"}}]}}
]"#,
        meta("Don’t forget: café at 8 😀"),
        meta("Alex Exämple updated their status."),
        meta("Photo caption ü")
    )
}

#[test]
fn repairs_mojibake_and_makes_stable_ids() {
    let bytes = zip_of(&[(
        "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
        posts().as_bytes(),
    )]);
    let imported = run(&bytes, Format::Facebook).expect("imports");
    let texts: Vec<&str> = imported
        .posts
        .iter()
        .map(|post| post.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "Don’t forget: café at 8 😀",
            "Photo caption ü",
            "",
            "Zoë already correct — not mojibake"
        ]
    );
    let shared = &imported.posts[2];
    assert_eq!(
        (shared.kind, shared.reposted.as_deref()),
        (PostKind::Repost, Some("https://example.com/story"))
    );
    assert_eq!(
        imported.posts[0]
            .created_at
            .map(|at| at.to_rfc3339())
            .as_deref(),
        Some("2023-11-14T22:13:20+00:00")
    );
    assert!(
        imported
            .posts
            .iter()
            .all(|post| post.id.starts_with("h:") && post.id.len() == 18)
    );
    let again = run(&bytes, Format::Facebook).expect("imports");
    assert_eq!(imported.posts, again.posts, "ids are stable");
    assert_eq!(imported.skipped.len(), 1);
}

#[test]
fn old_layout_comments_and_profile() {
    let comments = format!(
        r#"{{"comments_v2": [{{"timestamp": 1700000000, "data": [{{"comment": {{"timestamp": 1700000000, "comment": {}, "author": "Alex"}}}}], "title": "Alex commented on Sam's post."}}]}}"#,
        meta("Très bien!")
    );
    let profile = format!(
        r#"{{"profile_v2": {{"name": {{"full_name": {}}}, "current_city": {{"name": "Exampleton"}}, "websites": [{{"address": "https://alex.example.com/"}}]}}}}"#,
        meta("Alex Exämple")
    );
    let bytes = zip_of(&[
        ("posts/your_posts_1.json", posts().as_bytes()),
        ("comments/comments.json", comments.as_bytes()),
        (
            "profile_information/profile_information.json",
            profile.as_bytes(),
        ),
    ]);
    let imported = run(&bytes, Format::Facebook).expect("imports");
    assert_eq!(
        imported.profiles[0].display_name.as_deref(),
        Some("Alex Exämple")
    );
    assert_eq!(imported.profiles[0].location.as_deref(), Some("Exampleton"));
    let [comment] = imported.kind(PostKind::Comment)[..] else {
        panic!("one comment")
    };
    assert_eq!(comment.text, "Très bien!");
    assert_eq!(imported.posts.len(), 5);
}

#[test]
fn loose_and_generated() {
    assert_eq!(
        run(posts().as_bytes(), Format::Facebook)
            .expect("imports")
            .posts
            .len(),
        4
    );
    let (bytes, made) = generated(Format::Facebook, 300, 8);
    let imported = run(&bytes, Format::Facebook).expect("imports");
    assert_eq!(imported.posts.len() as u64, made.posts);
    assert!(
        imported
            .posts
            .iter()
            .any(|post| post.text.contains("Café crème with Zoë"))
    );
    assert_eq!(
        imported.profiles[0].display_name.as_deref(),
        Some("Alex Exämple")
    );
}

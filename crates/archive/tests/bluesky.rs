//! Bluesky repository CAR files: posts, replies, quotes, reposts, likes, link facets,
//! self-labels and the profile, read through the repository's tree.

mod common;

use common::generated;
use common::run;
use ft_archive::{Format, ImportError, PostKind, Visibility};

#[test]
fn reads_a_generated_repository() {
    let (bytes, made) = generated(Format::Bluesky, 500, 2);
    let imported = run(&bytes, Format::Bluesky).expect("imports");
    assert_eq!(imported.posts.len() as u64, made.posts);
    let profile = &imported.profiles[0];
    assert_eq!(profile.display_name.as_deref(), Some("Alex Example"));
    assert_eq!(
        profile.id.as_deref(),
        Some("did:plc:alexexample0000000000000")
    );
    assert_eq!(profile.handle, None, "the handle is not in the repository");

    let post = imported.kind(PostKind::Post)[0];
    assert!(
        post.id
            .starts_with("at://did:plc:alexexample0000000000000/app.bsky.feed.post/"),
        "{}",
        post.id
    );
    let rkey = post.id.rsplit('/').next().unwrap_or_default();
    assert_eq!(
        post.url.as_deref(),
        Some(
            format!("https://bsky.app/profile/did:plc:alexexample0000000000000/post/{rkey}")
                .as_str()
        )
    );
    assert_eq!(post.visibility, Some(Visibility::Public));
    assert!(post.created_at.is_some());

    let reply = imported.kind(PostKind::Reply)[0];
    assert!(
        reply
            .in_reply_to
            .as_deref()
            .is_some_and(|uri| uri.starts_with("at://"))
    );
    let quote = imported.kind(PostKind::Quote)[0];
    assert!(
        quote
            .quoted
            .as_deref()
            .is_some_and(|uri| uri.contains("/app.bsky.feed.post/"))
    );
    let repost = imported.kind(PostKind::Repost)[0];
    assert!(repost.reposted.is_some() && repost.text.is_empty());
    let like = imported.kind(PostKind::Like)[0];
    assert!(
        like.url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://bsky.app/profile/"))
    );
    assert!(
        imported
            .posts
            .iter()
            .any(|post| post.content_warning.as_deref() == Some("graphic-media"))
    );
}

#[test]
fn link_facets_are_expanded_to_their_full_uri() {
    let (bytes, _) = generated(Format::Bluesky, 500, 2);
    let imported = run(&bytes, Format::Bluesky).expect("imports");
    let with_links: Vec<&str> = imported
        .posts
        .iter()
        .map(|post| post.text.as_str())
        .filter(|text| text.contains("https://"))
        .collect();
    assert!(!with_links.is_empty());
    assert!(
        with_links.iter().all(|text| !text.contains("...")),
        "{with_links:?}"
    );
    assert!(with_links.iter().any(|text| {
        text.contains("https://intranet.example-corp.internal/wiki/")
            || text.contains("https://docs.example-corp.internal/d/")
            || text.contains("https://jira.example-corp.internal/browse/PROJ-")
    }));
}

#[test]
fn not_a_car() {
    let error = run(b"{\"text\": \"hi\"}", Format::Bluesky).expect_err("not a CAR");
    assert!(
        matches!(
            error,
            ImportError::WrongFormat {
                format: Format::Bluesky,
                ..
            }
        ),
        "{error}"
    );
}

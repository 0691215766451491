//! Mastodon exports: HTML to text, content warnings, visibility from `to`/`cc`, boosts,
//! replies, quotes, the profile; zip, `.tar.gz` and a loose `outbox.json`.

mod common;

use common::{generated_with, run, zip_of};
use ft_archive::generate::Options;
use ft_archive::{Format, ImportError, PostKind, Visibility};

const ACTOR: &str = r#"{
  "id": "https://example.social/users/alex", "type": "Person", "preferredUsername": "alex", "name": "Alex Example",
  "followers": "https://example.social/users/alex/followers",
  "summary": "<p>Engineer &amp; cyclist.</p><p>Views my own.</p>", "published": "2019-01-01T00:00:00Z",
  "attachment": [
    {"type": "PropertyValue", "name": "Website", "value": "<a href=\"https://alex.example.com\" rel=\"me\"><span class=\"invisible\">https://</span><span>alex.example.com</span></a>"},
    {"type": "PropertyValue", "name": "Location", "value": "Exampleton"}
  ]
}"#;

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
const FOLLOWERS: &str = "https://example.social/users/alex/followers";

fn create(n: u32, to: &[&str], cc: &[&str], extra: &str, content: &str) -> String {
    let id = format!("https://example.social/users/alex/statuses/{n}");
    format!(
        r#"{{"id": "{id}/activity", "type": "Create", "actor": "https://example.social/users/alex", "published": "2024-01-10T07:13:25Z",
           "to": {to:?}, "cc": {cc:?},
           "object": {{"id": "{id}", "type": "Note", "url": "https://example.social/@alex/{n}", "published": "2024-01-10T07:13:25Z",
                       "to": {to:?}, "cc": {cc:?}, "content": {content:?}{extra}}}}}"#
    )
}

fn outbox() -> String {
    let items = [
        create(
            1,
            &[PUBLIC],
            &[FOLLOWERS],
            "",
            "<p>Fish &amp; chips &lt;3 it&#39;s <a href=\"https://example.com/a/very/long/path/indeed\" rel=\"nofollow\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a/very/long/path/</span><span class=\"invisible\">indeed</span></a><br />Second line</p><p>New paragraph <a href=\"https://example.social/tags/tag\" class=\"mention hashtag\">#<span>tag</span></a></p>",
        ),
        create(
            2,
            &[FOLLOWERS],
            &[PUBLIC],
            r#", "summary": "politics""#,
            "<p>Unlisted with a CW</p>",
        ),
        create(
            3,
            &[FOLLOWERS],
            &[],
            r#", "inReplyTo": "https://other.example/users/sam/statuses/9""#,
            "<p><span class=\"h-card\"><a href=\"https://other.example/@sam\" class=\"u-url mention\">@<span>sam</span></a></span> followers only reply</p>",
        ),
        create(
            4,
            &["https://other.example/users/sam"],
            &[],
            "",
            "<p>A direct message</p>",
        ),
        create(
            5,
            &[PUBLIC],
            &[],
            r#", "quote": "https://other.example/users/sam/statuses/10""#,
            "<p>Quoting this</p>",
        ),
        format!(
            r#"{{"id": "https://example.social/users/alex/statuses/6/activity", "type": "Announce", "published": "2024-01-11T00:00:00Z", "to": ["{PUBLIC}"], "cc": [], "object": "https://other.example/users/sam/statuses/11"}}"#
        ),
        format!(
            r#"{{"id": "https://example.social/users/alex/statuses/7/activity", "type": "Announce", "to": ["{FOLLOWERS}"], "object": {{"id": "https://example.social/users/alex/statuses/1", "content": "<p>My own boosted</p>"}}}}"#
        ),
        r#"{"type": "Like", "object": "https://other.example/x"}"#.to_owned(),
        r#"{"type": "Create"}"#.to_owned(),
    ];
    format!(
        r#"{{"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json", "type": "OrderedCollection", "totalItems": 9, "orderedItems": [{}]}}"#,
        items.join(",\n")
    )
}

#[test]
fn turns_html_into_text() {
    let imported = run(
        &zip_of(&[
            ("outbox.json", outbox().as_bytes()),
            ("actor.json", ACTOR.as_bytes()),
        ]),
        Format::Mastodon,
    )
    .expect("imports");
    let post = imported.by_id("https://example.social/users/alex/statuses/1");
    assert_eq!(
        post.text,
        "Fish & chips <3 it's https://example.com/a/very/long/path/indeed\nSecond line\n\nNew paragraph #tag"
    );
    assert_eq!(post.url.as_deref(), Some("https://example.social/@alex/1"));
    assert_eq!(
        post.created_at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2024-01-10T07:13:25+00:00")
    );
    assert_eq!(
        (post.kind, post.visibility),
        (PostKind::Post, Some(Visibility::Public))
    );
    assert_eq!(
        (post.likes, post.reposts),
        (None, None),
        "Mastodon exports no counts"
    );
}

#[test]
fn visibility_warnings_replies_quotes_and_boosts() {
    let imported = run(outbox().as_bytes(), Format::Mastodon).expect("imports a loose outbox");
    let unlisted = imported.by_id("https://example.social/users/alex/statuses/2");
    assert_eq!(
        (unlisted.visibility, unlisted.content_warning.as_deref()),
        (Some(Visibility::Unlisted), Some("politics"))
    );
    let reply = imported.by_id("https://example.social/users/alex/statuses/3");
    assert_eq!(
        (reply.kind, reply.visibility),
        (PostKind::Reply, Some(Visibility::Followers))
    );
    assert_eq!(
        reply.in_reply_to.as_deref(),
        Some("https://other.example/users/sam/statuses/9")
    );
    assert_eq!(reply.text, "@sam followers only reply");
    assert_eq!(
        imported
            .by_id("https://example.social/users/alex/statuses/4")
            .visibility,
        Some(Visibility::Direct)
    );
    let quote = imported.by_id("https://example.social/users/alex/statuses/5");
    assert_eq!(
        (quote.kind, quote.quoted.as_deref()),
        (
            PostKind::Quote,
            Some("https://other.example/users/sam/statuses/10")
        )
    );
    let boost = imported.by_id("https://example.social/users/alex/statuses/6");
    assert_eq!(
        (boost.kind, boost.reposted.as_deref(), boost.text.as_str()),
        (
            PostKind::Repost,
            Some("https://other.example/users/sam/statuses/11"),
            ""
        )
    );
    let own_boost = imported.by_id("https://example.social/users/alex/statuses/7");
    assert_eq!(
        (own_boost.text.as_str(), own_boost.visibility),
        ("My own boosted", Some(Visibility::Followers))
    );
    // The Like activity is not a post; the Create without an object is skipped.
    assert_eq!(imported.posts.len(), 7);
    assert_eq!(imported.skipped.len(), 1);
    assert_eq!(imported.skipped[0].index, 8);
}

#[test]
fn reads_the_profile() {
    let imported = run(
        &zip_of(&[
            ("actor.json", ACTOR.as_bytes()),
            ("outbox.json", outbox().as_bytes()),
        ]),
        Format::Mastodon,
    )
    .expect("imports");
    let profile = &imported.profiles[0];
    assert_eq!(profile.handle.as_deref(), Some("alex@example.social"));
    assert_eq!(profile.display_name.as_deref(), Some("Alex Example"));
    assert_eq!(
        profile.bio.as_deref(),
        Some("Engineer & cyclist.\n\nViews my own.")
    );
    assert_eq!(profile.website.as_deref(), Some("https://alex.example.com"));
    assert_eq!(profile.location.as_deref(), Some("Exampleton"));
}

#[test]
fn zip_and_tar_gz_give_the_same_posts() {
    let options = Options {
        seed: 5,
        posts: 150,
        ..Options::default()
    };
    let (zip, made) = generated_with(Format::Mastodon, &options);
    let (tgz, _) = generated_with(
        Format::Mastodon,
        &Options {
            tar_gz: true,
            ..options
        },
    );
    let from_zip = run(&zip, Format::Mastodon).expect("zip");
    let from_tgz = run(&tgz, Format::Mastodon).expect("tar.gz");
    assert_eq!(from_zip.posts, from_tgz.posts);
    assert_eq!(from_zip.profiles, from_tgz.profiles);
    assert_eq!(from_zip.posts.len() as u64, made.posts);
    assert!(
        from_zip
            .posts
            .iter()
            .any(|post| post.content_warning.is_some())
    );
    for visibility in [
        Visibility::Public,
        Visibility::Unlisted,
        Visibility::Followers,
        Visibility::Direct,
    ] {
        assert!(
            from_zip
                .posts
                .iter()
                .any(|post| post.visibility == Some(visibility)),
            "{visibility:?}"
        );
    }
}

#[test]
fn a_zip_without_an_outbox_is_not_mastodon() {
    let error = run(
        &zip_of(&[("actor.json", ACTOR.as_bytes())]),
        Format::Mastodon,
    )
    .expect_err("no outbox");
    assert!(
        matches!(
            error,
            ImportError::WrongFormat {
                format: Format::Mastodon,
                ..
            }
        ),
        "{error}"
    );
}

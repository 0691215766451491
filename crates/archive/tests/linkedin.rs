//! LinkedIn exports: shares (reposts, quotes, visibility, blank dates, multi-line text),
//! comments with backslash-escaped quotes, reactions and the profile.

mod common;

use common::{generated, run, zip_of};
use ft_archive::{Format, PostKind, Visibility};

const SHARES: &str = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility
2023-01-15 12:34:56,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7001,\"Proud of the team, \"\"really\"\" proud.

Second paragraph.\",,,MEMBER_NETWORK
,https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7002,,https://example.com/article,,PUBLIC
2023-02-01 08:00:00 UTC,https://www.linkedin.com/posts/alex-example_topic-activity-7003-abcd,Worth reading,https://www.linkedin.com/feed/update/urn:li:activity:6999,,PUBLIC
";

const COMMENTS: &str = "Date,Link,Message
2023-03-01 09:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7100?commentUrn=x,\"I said \\\"no\\\", politely,
then left.\"
";

const PROFILE: &str = "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers
Alex,Example,,,,Engineer at Example Corp,Builds things.,Software,,Exampleton,[alex],[PERSONAL:https://alex.example.com],
";

fn archive() -> Vec<u8> {
    zip_of(&[
        ("Shares.csv", SHARES.as_bytes()),
        ("Comments.csv", COMMENTS.as_bytes()),
        ("Reactions.csv", b"Date,Type,Link\n2023-04-01 10:00:00,LIKE,https://www.linkedin.com/feed/update/urn:li:activity:7200\n"),
        ("Profile.csv", PROFILE.as_bytes()),
        ("Email Addresses.csv", b"Email Address\nprivate@example.com\n"),
    ])
}

#[test]
fn reads_shares() {
    let imported = run(&archive(), Format::Linkedin).expect("imports");
    let post = imported.by_id("urn:li:share:7001");
    assert_eq!(
        post.text,
        "Proud of the team, \"really\" proud.\n\nSecond paragraph."
    );
    assert_eq!(
        (post.kind, post.visibility),
        (PostKind::Post, Some(Visibility::Connections))
    );
    assert_eq!(
        post.created_at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2023-01-15T12:34:56+00:00")
    );
    assert_eq!(
        post.url.as_deref(),
        Some("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7001")
    );
    let repost = imported.by_id("urn:li:ugcPost:7002");
    assert_eq!(
        (repost.kind, repost.created_at, repost.reposted.as_deref()),
        (PostKind::Repost, None, Some("https://example.com/article"))
    );
    let quote = imported.by_id("urn:li:activity:7003");
    assert_eq!(
        (quote.kind, quote.quoted.as_deref()),
        (PostKind::Quote, Some("urn:li:activity:6999"))
    );
    assert_eq!(
        quote.created_at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2023-02-01T08:00:00+00:00")
    );
}

#[test]
fn reads_comments_reactions_and_the_profile() {
    let imported = run(&archive(), Format::Linkedin).expect("imports");
    let [comment] = imported.kind(PostKind::Comment)[..] else {
        panic!("one comment")
    };
    assert_eq!(comment.text, "I said \"no\", politely,\nthen left.");
    assert_eq!(comment.in_reply_to.as_deref(), Some("urn:li:activity:7100"));
    assert!(comment.id.starts_with("h:"));
    let [like] = imported.kind(PostKind::Like)[..] else {
        panic!("one like")
    };
    assert_eq!(like.id, "urn:li:activity:7200");
    let profile = &imported.profiles[0];
    assert_eq!(profile.display_name.as_deref(), Some("Alex Example"));
    assert_eq!(
        profile.bio.as_deref(),
        Some("Engineer at Example Corp\n\nBuilds things.")
    );
    assert_eq!(profile.location.as_deref(), Some("Exampleton"));
    assert_eq!(profile.website.as_deref(), Some("https://alex.example.com"));
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
}

#[test]
fn loose_files_and_generated_exports() {
    assert_eq!(
        run(COMMENTS.as_bytes(), Format::Linkedin)
            .expect("imports")
            .posts[0]
            .kind,
        PostKind::Comment
    );
    assert_eq!(
        run(SHARES.as_bytes(), Format::Linkedin)
            .expect("imports")
            .posts
            .len(),
        3
    );
    let (bytes, made) = generated(Format::Linkedin, 400, 3);
    let imported = run(&bytes, Format::Linkedin).expect("imports");
    assert_eq!(imported.posts.len() as u64, made.posts);
    assert!(
        imported.posts.iter().any(|post| post.created_at.is_none()),
        "blank dates stay unknown"
    );
    assert!(
        imported
            .kind(PostKind::Comment)
            .iter()
            .all(|post| post.text.starts_with("Agreed with \""))
    );
}

#[test]
fn member_id_suffixes_are_accepted() {
    let imported = run(
        &zip_of(&[("Shares_12345.csv", SHARES.as_bytes())]),
        Format::Linkedin,
    )
    .expect("imports");
    assert_eq!(imported.posts.len(), 3);
}

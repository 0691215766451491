//! X archives, current and classic, on small hand-written fixtures that pin down each rule.

mod common;

use std::ops::ControlFlow;

use common::{generated, run, zip_of};
use ft_archive::{Format, ImportError, Item, Limits, PostKind, RecordProblem, Visibility, import};

const ACCOUNT: &str = r#"window.YTD.account.part0 = [ {
  "account" : { "email" : "private@example.com", "username" : "alex_example", "accountId" : "42",
                "createdAt" : "2012-05-04T10:11:12.000Z", "accountDisplayName" : "Alex Example" } } ]"#;

const PROFILE: &str = r#"window.YTD.profile.part0 = [ { "profile" : { "description" : {
  "bio" : "Tea &amp; bikes", "website" : "https://t.co/site", "location" : "Exampleton" } } } ]"#;

const TWEETS: &str = r#"window.YTD.tweets.part0 = [ {
  "tweet" : { "id_str" : "100", "id" : "100", "created_at" : "Tue Mar 19 14:05:17 +0000 2019",
    "full_text" : "Fish &amp; chips &lt;3 https://t.co/abc https://t.co/pic",
    "favorite_count" : "7", "retweet_count" : "2",
    "entities" : { "urls" : [ { "url" : "https://t.co/abc", "expanded_url" : "https://example.com/chips", "indices" : [ "23", "39" ] } ],
                   "media" : [ { "url" : "https://t.co/pic", "expanded_url" : "https://twitter.com/alex_example/status/100/photo/1" } ] } }
}, {
  "tweet" : { "id_str" : "101", "created_at" : "Tue Mar 19 15:00:00 +0000 2019",
    "full_text" : "RT @someone: The original text, truncated…", "entities" : { "urls" : [ ] } }
}, {
  "tweet" : { "id_str" : "102", "created_at" : "Tue Mar 19 16:00:00 +0000 2019", "full_text" : "@someone I disagree",
    "in_reply_to_status_id_str" : "99", "in_reply_to_status_id" : "99", "in_reply_to_screen_name" : "someone" }
}, {
  "tweet" : { "id_str" : "103", "created_at" : "Tue Mar 19 17:00:00 +0000 2019", "full_text" : "So true https://t.co/q",
    "entities" : { "urls" : [ { "url" : "https://t.co/q", "expanded_url" : "https://twitter.com/someone/status/55" } ] } }
}, {
  "tweet" : { "id_str" : "104", "created_at" : "Tue Mar 19 18:00:00 +0000 2019",
    "full_text" : "The start of a long post that goes on and on… https://t.co/more",
    "entities" : { "urls" : [ { "url" : "https://t.co/more", "expanded_url" : "https://twitter.com/i/web/status/104" } ] } }
}, {
  "tweet" : { "created_at" : "Tue Mar 19 19:00:00 +0000 2019", "full_text" : "no id here" }
},
  { "id_str" : "105", "created_at" : "Tue Mar 19 20:00:00 +0000 2019", "full_text" : "A bare element", "favorite_count" : 3 }
]"#;

const PART1: &str = r#"window.YTD.tweets.part1 = [ { "tweet" : { "id_str" : "200", "created_at" : "Fri Feb 01 12:00:00 +0000 2019", "full_text" : "While protected" } } ]"#;

const NOTES: &str = r#"window.YTD.note_tweet.part0 = [ { "noteTweet" : { "noteTweetId" : "9104",
  "createdAt" : "2019-03-19T18:00:00.000Z", "core" : { "text" : "The start of a long post that goes on and on, and on, well past 280 characters, to the end.", "urls" : [ ] } } },
  { "noteTweet" : { "noteTweetId" : "9999", "createdAt" : "2019-03-20T18:00:00.000Z", "core" : { "text" : "An orphan note", "urls" : [ ] } } } ]"#;

const DELETED: &str = r#"window.YTD.deleted_tweets.part0 = [ { "tweet" : { "id_str" : "300", "created_at" : "Tue Mar 19 21:00:00 +0000 2019", "full_text" : "Regret this", "deleted_at" : "Tue Mar 19 22:00:00 +0000 2019" } } ]"#;

const LIKES: &str = r#"window.YTD.like.part0 = [ { "like" : { "tweetId" : "400", "fullText" : "Someone else&#39;s take &amp; more", "expandedUrl" : "https://twitter.com/i/web/status/400" } } ]"#;

const PROTECTED: &str = r#"window.YTD.protected_history.part0 = [
  { "protectedHistory" : { "protectedAt" : "2019-01-15T00:00:00.000Z", "action" : "Protect" } },
  { "protectedHistory" : { "protectedAt" : "2019-02-15T00:00:00.000Z", "action" : "Unprotect" } } ]"#;

fn archive() -> Vec<u8> {
    zip_of(&[
        ("Your archive.html", b"<html></html>"),
        ("data/account.js", ACCOUNT.as_bytes()),
        ("data/profile.js", PROFILE.as_bytes()),
        ("data/tweets.js", TWEETS.as_bytes()),
        ("data/tweets-part1.js", PART1.as_bytes()),
        ("data/note-tweet.js", NOTES.as_bytes()),
        ("data/deleted-tweets.js", DELETED.as_bytes()),
        ("data/like.js", LIKES.as_bytes()),
        ("data/protected-history.js", PROTECTED.as_bytes()),
    ])
}

#[test]
fn reads_the_profile_without_the_email() {
    let imported = run(&archive(), Format::X).expect("imports");
    let [profile] = imported.profiles.as_slice() else {
        panic!("one profile: {:?}", imported.profiles)
    };
    assert_eq!(profile.handle.as_deref(), Some("alex_example"));
    assert_eq!(profile.display_name.as_deref(), Some("Alex Example"));
    assert_eq!(profile.id.as_deref(), Some("42"));
    assert_eq!(profile.bio.as_deref(), Some("Tea & bikes"));
    assert_eq!(profile.location.as_deref(), Some("Exampleton"));
    assert_eq!(profile.website.as_deref(), Some("https://t.co/site"));
    assert!(!format!("{profile:?}").contains("private@example.com"));
}

#[test]
fn normalises_text_and_keeps_counts() {
    let imported = run(&archive(), Format::X).expect("imports");
    let post = imported.by_id("100");
    assert_eq!(post.text, "Fish & chips <3 https://example.com/chips");
    assert_eq!(post.kind, PostKind::Post);
    assert_eq!(
        post.url.as_deref(),
        Some("https://x.com/alex_example/status/100")
    );
    assert_eq!(
        post.created_at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2019-03-19T14:05:17+00:00")
    );
    assert_eq!(
        (post.likes, post.reposts, post.replies),
        (Some(7), Some(2), None)
    );
    assert_eq!(post.visibility, Some(Visibility::Public));
    assert!(!post.deleted);
}

#[test]
fn labels_reposts_replies_and_quotes() {
    let imported = run(&archive(), Format::X).expect("imports");
    let repost = imported.by_id("101");
    assert_eq!(
        (repost.kind, repost.text.as_str()),
        (
            PostKind::Repost,
            "RT @someone: The original text, truncated…"
        )
    );
    let reply = imported.by_id("102");
    assert_eq!(
        (reply.kind, reply.in_reply_to.as_deref()),
        (PostKind::Reply, Some("99"))
    );
    let quote = imported.by_id("103");
    assert_eq!(
        (quote.kind, quote.quoted.as_deref()),
        (PostKind::Quote, Some("55"))
    );
    assert_eq!(quote.text, "So true https://twitter.com/someone/status/55");
}

#[test]
fn note_tweets_replace_truncated_text_and_orphans_stay() {
    let imported = run(&archive(), Format::X).expect("imports");
    let long = imported.by_id("104");
    assert_eq!(
        long.kind,
        PostKind::Post,
        "its own read-more link is not a quote"
    );
    assert_eq!(
        long.text,
        "The start of a long post that goes on and on, and on, well past 280 characters, to the end."
    );
    assert_eq!(imported.by_id("9999").text, "An orphan note");
}

#[test]
fn deleted_tweets_likes_and_bare_elements() {
    let imported = run(&archive(), Format::X).expect("imports");
    let deleted = imported.by_id("300");
    assert!(deleted.deleted);
    assert_eq!(deleted.text, "Regret this");
    let like = imported.by_id("400");
    assert_eq!(like.kind, PostKind::Like);
    assert_eq!(like.text, "Someone else's take & more");
    assert_eq!(
        like.url.as_deref(),
        Some("https://twitter.com/i/web/status/400")
    );
    let bare = imported.by_id("105");
    assert_eq!(
        (bare.text.as_str(), bare.likes),
        ("A bare element", Some(3))
    );
}

#[test]
fn protected_periods_mean_followers_only() {
    let imported = run(&archive(), Format::X).expect("imports");
    assert_eq!(
        imported.by_id("200").visibility,
        Some(Visibility::Followers)
    );
    assert_eq!(imported.by_id("100").visibility, Some(Visibility::Public));
}

#[test]
fn a_malformed_record_is_skipped_and_the_rest_imported() {
    let imported = run(&archive(), Format::X).expect("imports");
    assert_eq!(imported.skipped.len(), 1, "{:?}", imported.skipped);
    assert_eq!(imported.skipped[0].entry, "data/tweets.js");
    assert_eq!(imported.skipped[0].index, 5);
    assert!(matches!(
        imported.skipped[0].problem,
        RecordProblem::Malformed { .. }
    ));
    let ids: Vec<&str> = imported.posts.iter().map(|post| post.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "100", "101", "102", "103", "104", "105", "200", "300", "400", "9999"
        ]
    );
    assert_eq!(imported.summary.posts, 10);
    assert_eq!(imported.summary.entries_read, 8);
}

#[test]
fn urls_without_a_known_handle() {
    let bytes = zip_of(&[("data/tweets.js", TWEETS.as_bytes())]);
    let imported = run(&bytes, Format::X).expect("imports");
    assert_eq!(
        imported.by_id("100").url.as_deref(),
        Some("https://x.com/i/web/status/100")
    );
    assert!(imported.profiles.is_empty());
}

#[test]
fn archives_inside_a_top_level_folder() {
    let bytes = zip_of(&[
        ("twitter-2024-01-01/data/account.js", ACCOUNT.as_bytes()),
        ("twitter-2024-01-01/data/tweets.js", TWEETS.as_bytes()),
    ]);
    let imported = run(&bytes, Format::X).expect("imports");
    assert_eq!(
        imported.by_id("100").url.as_deref(),
        Some("https://x.com/alex_example/status/100")
    );
}

#[test]
fn a_loose_tweets_file() {
    let imported = run(TWEETS.as_bytes(), Format::X).expect("imports");
    assert_eq!(imported.posts.len(), 6);
    assert_eq!(imported.summary.entries_read, 1);
    let likes = run(LIKES.as_bytes(), Format::X).expect("imports");
    assert_eq!(likes.posts[0].kind, PostKind::Like);
}

#[test]
fn the_sink_can_stop_early() {
    let (bytes, _) = generated(Format::X, 500, 4);
    let mut seen = 0;
    let summary = import(
        std::io::Cursor::new(bytes),
        Format::X,
        &Limits::default(),
        &mut |item| {
            if matches!(item, Item::Post(_)) {
                seen += 1;
                if seen == 10 {
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        },
    )
    .expect("stops cleanly");
    assert_eq!((seen, summary.posts, summary.stopped_early), (10, 10, true));
}

#[test]
fn other_archives_are_the_wrong_format() {
    let (mastodon, _) = generated(Format::Mastodon, 5, 1);
    let error = run(&mastodon, Format::X).expect_err("not X");
    assert!(
        matches!(
            error,
            ImportError::WrongFormat {
                format: Format::X,
                ..
            }
        ),
        "{error}"
    );
    assert!(
        error.to_string().starts_with("this is not a x archive"),
        "{error}"
    );
    let error = run(b"{\"orderedItems\": []}", Format::X).expect_err("not X");
    assert!(matches!(error, ImportError::WrongFormat { .. }), "{error}");
}

#[test]
fn generated_archives_have_every_kind_and_clean_text() {
    let (bytes, made) = generated(Format::X, 2000, 11);
    let imported = run(&bytes, Format::X).expect("imports");
    for kind in [
        PostKind::Post,
        PostKind::Reply,
        PostKind::Repost,
        PostKind::Quote,
        PostKind::Like,
    ] {
        assert!(
            made.count(kind) > 0 && imported.count(kind) == made.count(kind),
            "{kind:?}"
        );
    }
    // Long posts got their notes back: no own post still ends with a read-more link.
    let truncated = imported
        .posts
        .iter()
        .filter(|post| post.text.contains("/i/web/status/"))
        .count();
    assert_eq!(truncated, 0);
    assert!(
        imported
            .posts
            .iter()
            .any(|post| post.text.chars().count() > 400)
    );
    assert!(
        imported
            .posts
            .iter()
            .any(|post| post.text.contains("Fish & chips < pizza"))
    );
}

const CLASSIC_CSV: &str = "\"tweet_id\",\"in_reply_to_status_id\",\"in_reply_to_user_id\",\"timestamp\",\"source\",\"text\",\"retweeted_status_id\",\"retweeted_status_user_id\",\"retweeted_status_timestamp\",\"expanded_urls\"
\"1\",\"\",\"\",\"2016-02-19 22:21:05 +0000\",\"<a>web</a>\",\"Read this &amp; weep https://t.co/a1 and https://t.co/b2\",\"\",\"\",\"\",\"https://example.com/a,https://example.com/b\"
\"2\",\"\",\"\",\"2016-02-20 01:00:00 +0000\",\"<a>web</a>\",\"RT @other: a \"\"quoted\"\" thing\",\"77\",\"5\",\"2016-02-19 00:00:00 +0000\",\"\"
\"3\",\"1\",\"9\",\"2016-02-21 10:00:00 +0000\",\"<a>web</a>\",\"@other multi
line reply\",\"\",\"\",\"\",\"\"
";

#[test]
fn the_classic_csv_archive() {
    let details = br#"var user_details =  { "screen_name" : "alex_example", "full_name" : "Alex Example", "bio" : "Hi", "location" : "", "id" : 42, "created_at" : "2012-05-04 10:11:12 +0000" }"#;
    let bytes = zip_of(&[
        ("tweets.csv", CLASSIC_CSV.as_bytes()),
        ("data/js/user_details.js", details),
    ]);
    let imported = run(&bytes, Format::XClassic).expect("imports");
    let profile = &imported.profiles[0];
    assert_eq!(
        (
            profile.handle.as_deref(),
            profile.id.as_deref(),
            profile.location.as_deref()
        ),
        (Some("alex_example"), Some("42"), None)
    );
    let first = imported.by_id("1");
    assert_eq!(
        first.text,
        "Read this & weep https://example.com/a and https://example.com/b"
    );
    assert_eq!(
        first.url.as_deref(),
        Some("https://x.com/alex_example/status/1")
    );
    assert_eq!(
        first.created_at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2016-02-19T22:21:05+00:00")
    );
    let repost = imported.by_id("2");
    assert_eq!(
        (
            repost.kind,
            repost.reposted.as_deref(),
            repost.text.as_str()
        ),
        (
            PostKind::Repost,
            Some("77"),
            "RT @other: a \"quoted\" thing"
        )
    );
    let reply = imported.by_id("3");
    assert_eq!(
        (
            reply.kind,
            reply.in_reply_to.as_deref(),
            reply.text.as_str()
        ),
        (PostKind::Reply, Some("1"), "@other multi\nline reply")
    );
    // On its own, too.
    assert_eq!(
        run(CLASSIC_CSV.as_bytes(), Format::XClassic)
            .expect("imports")
            .posts
            .len(),
        3
    );
}

#[test]
fn the_classic_monthly_files() {
    let month = r#"Grailbird.data.tweets_2015_01 =
 [ {
  "source" : "web", "entities" : { "urls" : [ { "url" : "https://t.co/x", "expanded_url" : "https://example.com/x" } ], "media" : [ ] },
  "id_str" : "10", "id" : 10, "text" : "Look &gt; here https://t.co/x", "created_at" : "2015-01-24 02:02:37 +0000",
  "user" : { "screen_name" : "alex_example" }
}, {
  "id_str" : "11", "text" : "RT @orig: short…", "created_at" : "2015-01-25 02:02:37 +0000",
  "retweeted_status" : { "id_str" : "5", "text" : "The whole original text", "user" : { "screen_name" : "orig" } }
} ]"#;
    let bytes = zip_of(&[("data/js/tweets/2015_01.js", month.as_bytes())]);
    let imported = run(&bytes, Format::XClassic).expect("imports");
    let first = imported.by_id("10");
    assert_eq!(first.text, "Look > here https://example.com/x");
    assert_eq!(
        first.created_at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2015-01-24T02:02:37+00:00")
    );
    let repost = imported.by_id("11");
    assert_eq!(
        (
            repost.kind,
            repost.reposted.as_deref(),
            repost.text.as_str()
        ),
        (
            PostKind::Repost,
            Some("5"),
            "RT @orig: The whole original text"
        )
    );
}

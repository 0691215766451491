//! Builders for the store's inputs, shared by the integration tests.
#![allow(dead_code, unreachable_pub)] // Each test file uses some of these.

use ft_store::{FindingInput, PostInput, PostKind, Severity, SourceKey};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub fn sam() -> SourceKey {
    SourceKey::new("x", "sam")
}

/// An original post with no engagement counts.
pub fn post(id: &str, created_at: &str, text: &str) -> PostInput {
    PostInput {
        id: id.to_owned(),
        kind: PostKind::Post,
        text: text.to_owned(),
        url: Some(format!("https://x.example/sam/status/{id}")),
        created_at: created_at.to_owned(),
        likes: None,
        reposts: None,
        replies: None,
        deleted: false,
    }
}

/// A finding of `rule` on the first occurrence of `matched` in the post's text.
pub fn finding(
    post: &PostInput,
    rule: &str,
    principle: &str,
    severity: Severity,
    matched: &str,
) -> FindingInput {
    let start = post
        .text
        .find(matched)
        .expect("the matched text is in the post");
    FindingInput {
        post_id: post.id.clone(),
        rule_id: rule.to_owned(),
        principle_id: principle.to_owned(),
        severity,
        confidence: 0.9,
        byte_start: start,
        byte_end: start + matched.len(),
        matched_text: matched.to_owned(),
        message: format!("{rule} matched {matched:?}"),
    }
}

//! "What worked": engagement by finding category, so people see that the posts they value are
//! rarely the risky ones. Only their own posts count (a repost's or a like's numbers belong to
//! someone else), and only where the archive has counts.

use std::collections::BTreeMap;

use ft_archive::PostKind;
use serde::Serialize;

use crate::CheckedPost;

/// Engagement of one category of posts.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct WorkedRow {
    /// `none` (posts with no findings), `principle:<id>` or `tag:<tag>`.
    pub category: String,
    /// What people read: "Posts with no findings", a principle's title, a tag.
    pub label: String,
    /// Posts with engagement counts in the category.
    pub posts: u64,
    /// Average likes.
    pub average_likes: f64,
    /// Average reposts.
    pub average_reposts: f64,
}

/// Engagement by category, posts with no findings first.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct WhatWorked {
    /// One row per category with at least one post.
    pub rows: Vec<WorkedRow>,
}

#[derive(Default)]
struct Sums {
    label: String,
    posts: u64,
    likes: u64,
    reposts: u64,
}

#[derive(Default)]
pub(crate) struct Accumulator {
    categories: BTreeMap<String, Sums>,
}

impl Accumulator {
    pub(crate) fn add(&mut self, post: &CheckedPost) {
        if matches!(post.post.kind, PostKind::Repost | PostKind::Like) {
            return;
        }
        if post.post.likes.is_none() && post.post.reposts.is_none() {
            return;
        }
        let likes = post.post.likes.unwrap_or(0);
        let reposts = post.post.reposts.unwrap_or(0);
        let mut add = |key: String, label: &str| {
            let sums = self.categories.entry(key).or_default();
            if sums.label.is_empty() {
                sums.label = label.to_string();
            }
            sums.posts += 1;
            sums.likes += likes;
            sums.reposts += reposts;
        };
        if post.findings.is_empty() {
            add("none".to_string(), "Posts with no findings");
            return;
        }
        let mut seen: Vec<String> = Vec::new();
        for f in &post.findings {
            let key = format!("principle:{}", f.principle.id);
            if !seen.contains(&key) {
                add(key.clone(), &f.principle.title);
                seen.push(key);
            }
            for tag in &f.tags {
                let key = format!("tag:{tag}");
                if !seen.contains(&key) {
                    add(key.clone(), tag);
                    seen.push(key);
                }
            }
        }
    }

    pub(crate) fn finish(self) -> WhatWorked {
        let mut rows: Vec<WorkedRow> = self
            .categories
            .into_iter()
            .map(|(category, s)| WorkedRow {
                average_likes: round1(s.likes as f64 / s.posts.max(1) as f64),
                average_reposts: round1(s.reposts as f64 / s.posts.max(1) as f64),
                category,
                label: s.label,
                posts: s.posts,
            })
            .collect();
        rows.sort_by_key(|r| {
            (
                r.category != "none",
                !r.category.starts_with("principle:"),
                std::cmp::Reverse(r.posts),
            )
        });
        WhatWorked { rows }
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

//! Findings that only show across posts: a pattern of many political posts, which together read
//! as a public political stance, and details in different posts that together identify a client
//! (a patient, pupil or service user mentioned with a condition in one post and a place or time
//! in another, days apart).

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, FixedOffset};
use ft_engine::{Engine, ResolvedContext};
use ft_pack::Severity;
use ft_report::{WireAsk, WireFinding, WirePrinciple, WireSource};
use serde_json::json;

use crate::CheckedPost;

/// The core pack's list of words for one client ("the patient", "a pupil").
pub(crate) const CLIENT_PERSON: &str = "client-person";
/// The core pack's list of conditions, behaviours and incidents.
pub(crate) const CLIENT_CIRCUMSTANCES: &str = "client-circumstances";
/// The core pack's list of places and shift times.
pub(crate) const CLIENT_SETTING: &str = "client-setting";

/// A pattern of political posts is reported from this many posts, and when they are at least
/// one in fifty of the posts checked.
const PATTERN_MIN_POSTS: u64 = 10;
const PATTERN_MIN_SHARE: u64 = 50;
/// Posts about a client this many days apart or less are read together.
const CLIENT_WINDOW_DAYS: i64 = 7;
/// At most this many client posts are held for pairing, and this many pairs reported.
const MAX_CLIENT_POSTS: usize = 100_000;
const MAX_PAIRS: usize = 50;

/// Findings across posts, in the wire format: `rule` is `across-posts/…`, the span is empty, and
/// `evidence.posts` lists the posts involved.
pub type AcrossPosts = Vec<WireFinding>;

struct ClientPost {
    id: String,
    at: DateTime<FixedOffset>,
    circumstance: bool,
    setting: bool,
}

#[derive(Default)]
pub(crate) struct Accumulator {
    political_posts: u64,
    political_worst: Option<Severity>,
    political_principle: Option<WirePrinciple>,
    political_source: Option<WireSource>,
    political_examples: Vec<String>,
    political_years: BTreeSet<i32>,
    client_posts: Vec<ClientPost>,
}

impl Accumulator {
    pub(crate) fn add(&mut self, post: &CheckedPost, tracks_clients: bool) {
        let political = post
            .findings
            .iter()
            .filter(|f| f.tags.iter().any(|t| t == "political" || t == "partisan"))
            .collect::<Vec<_>>();
        if !political.is_empty() {
            self.political_posts += 1;
            for f in &political {
                let s = Severity::from_name(&f.severity).unwrap_or(Severity::Note);
                self.political_worst = self.political_worst.max(Some(s));
                if self.political_principle.is_none() {
                    self.political_principle = Some(f.principle.clone());
                    self.political_source = Some(f.source.clone());
                }
            }
            if self.political_examples.len() < 20 {
                self.political_examples.push(post.post.id.clone());
            }
            if let Some(t) = post.post.created_at {
                self.political_years.insert(t.year());
            }
        }

        // A post that already identifies someone on its own is reported by itself.
        if !tracks_clients {
            return;
        }
        let Some(at) = post.post.created_at else {
            return;
        };
        if self.client_posts.len() >= MAX_CLIENT_POSTS
            || post
                .findings
                .iter()
                .any(|f| f.tags.iter().any(|t| t == "client-data"))
        {
            return;
        }
        let noted = post.client_lists;
        if noted & 1 == 0 {
            return;
        }
        let circumstance = noted & 2 != 0;
        let setting_found = noted & 4 != 0;
        if circumstance || setting_found {
            self.client_posts.push(ClientPost {
                id: post.post.id.clone(),
                at,
                circumstance,
                setting: setting_found,
            });
        }
    }

    pub(crate) fn finish(
        self,
        engine: &Engine,
        _context: &ResolvedContext,
        total_posts: u64,
    ) -> Vec<WireFinding> {
        let pack = engine.pack();
        let principle_named = |ids: &[&str]| {
            ids.iter()
                .find_map(|id| pack.principles.iter().find(|p| p.id == *id))
                .or_else(|| pack.principles.first())
        };
        let ask = |ids: &[&str]| -> Vec<WireAsk> {
            ids.iter()
                .filter_map(|id| pack.contacts.iter().find(|c| c.id == *id))
                .map(|c| WireAsk {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    reach: c.reach.clone(),
                })
                .collect()
        };
        let mut out = Vec::new();

        if self.political_posts >= PATTERN_MIN_POSTS
            && self.political_posts * PATTERN_MIN_SHARE >= total_posts
        {
            let years: Vec<String> = self
                .political_years
                .iter()
                .map(ToString::to_string)
                .collect();
            let span = match (years.first(), years.last()) {
                (Some(a), Some(b)) if a != b => format!(" from {a} to {b}"),
                (Some(a), _) => format!(" in {a}"),
                _ => String::new(),
            };
            let severity = self
                .political_worst
                .unwrap_or(Severity::Advice)
                .max(Severity::Advice);
            let principle = self.political_principle.clone();
            let fallback = principle_named(&["political-impartiality"]);
            out.push(finding(
                "across-posts/pattern-of-political-posts",
                principle.unwrap_or_else(|| WirePrinciple {
                    id: fallback.map(|p| p.id.clone()).unwrap_or_default(),
                    title: fallback.map(|p| p.title.clone()).unwrap_or_default(),
                }),
                self.political_source.clone().unwrap_or_else(|| source(fallback)),
                vec!["political".into(), "partisan".into()],
                severity,
                format!(
                    "{} posts{span} talk party politics or take a side: together they read as a public political stance.",
                    self.political_posts
                ),
                "One political post is easy to overlook; many, over years, are what someone looking into \
                 your impartiality would find first, and they are read together."
                    .into(),
                "Work through them (forethought review --principle …), starting with the most severe; \
                 consider making older ones private or deleting them."
                    .into(),
                ask(&["line-manager"]),
                self.political_examples,
            ));
        }

        let mut posts = self.client_posts;
        posts.sort_by_key(|p| p.at);
        let mut pairs = 0;
        for (i, a) in posts.iter().enumerate() {
            if pairs >= MAX_PAIRS {
                break;
            }
            for b in posts.iter().skip(i + 1) {
                if (b.at - a.at).num_days() > CLIENT_WINDOW_DAYS {
                    break;
                }
                let combined = (a.circumstance && b.setting) || (a.setting && b.circumstance);
                if combined && a.id != b.id {
                    let principle = principle_named(&["client-confidentiality", "others-privacy"]);
                    out.push(finding(
                        "across-posts/client-identifiable-across-posts",
                        WirePrinciple {
                            id: principle.map(|p| p.id.clone()).unwrap_or_default(),
                            title: principle.map(|p| p.title.clone()).unwrap_or_default(),
                        },
                        source(principle),
                        vec!["client-data".into(), "personal-data".into()],
                        Severity::Warning,
                        format!(
                            "Two posts {} days apart mention a client, one with a condition or incident, the other with a place or time: read together they may identify them.",
                            (b.at - a.at).num_days()
                        ),
                        "Small details that are harmless alone identify a patient, pupil or service user \
                         when someone reads your posts together, as anyone looking at your account does."
                            .into(),
                        "Look at the two posts together; consider removing the place or time from one of them.".into(),
                        ask(&["data-protection-officer"]),
                        vec![a.id.clone(), b.id.clone()],
                    ));
                    pairs += 1;
                    break;
                }
            }
        }
        out
    }
}

fn source(principle: Option<&ft_pack::Principle>) -> WireSource {
    WireSource {
        title: principle
            .map(|p| p.source.title.clone())
            .unwrap_or_default(),
        clause: principle.and_then(|p| p.source.clause.clone()),
        url: principle.and_then(|p| p.source.url.clone()),
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    rule: &str,
    principle: WirePrinciple,
    source: WireSource,
    tags: Vec<String>,
    severity: Severity,
    message: String,
    why: String,
    suggestion: String,
    ask: Vec<WireAsk>,
    posts: Vec<String>,
) -> WireFinding {
    WireFinding {
        rule: rule.to_string(),
        principle,
        tags,
        severity: severity.as_str().to_string(),
        confidence: 0.7,
        byte_start: 0,
        byte_end: 0,
        utf16_start: 0,
        utf16_end: 0,
        line: 1,
        column: 1,
        matched: String::new(),
        message,
        why,
        suggestion,
        ask,
        source,
        evidence: json!({ "detector": "across-posts", "posts": posts }),
    }
}

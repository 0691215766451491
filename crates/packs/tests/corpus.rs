//! The corpus: realistic posts written by us (`testdata/corpus/*.jsonl`), each with the pack and
//! context it is checked in and the exact set of rules it must trigger. The test fails on any
//! difference, snapshots every finding so a change in false positives shows up in review, and
//! measures the false-alarm rate: the share of benign posts with a finding at `warning` or above.
//!
//! A record: `{"id": "...", "kind": "benign"|"risky", "pack": "core", "text": "...",
//! "context": {"account": "...", "role": "..."|[...], "profession": ..., "at": "...",
//! "platform": "..."}, "expect": ["rule-id", ...]}`. `context` and its keys are optional.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::DateTime;
use ft_engine::{Context, Engine, default_example_time};
use ft_pack::{AccountKind, Platform, Severity};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Post {
    id: String,
    kind: Kind,
    pack: String,
    text: String,
    #[serde(default)]
    context: PostContext,
    expect: Vec<String>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Benign,
    Risky,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostContext {
    account: Option<AccountKind>,
    #[serde(default)]
    role: OneOrMany,
    #[serde(default)]
    profession: OneOrMany,
    at: Option<String>,
    platform: Option<Platform>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

fn read_corpus() -> Vec<(String, usize, Post)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut posts = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let post: Post =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{name}:{}: {e}", n + 1));
            posts.push((name.clone(), n + 1, post));
        }
    }
    posts
}

#[test]
fn corpus_findings_and_false_alarm_rate() {
    let posts = read_corpus();
    let mut engines: BTreeMap<String, Engine> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut snapshot = String::new();
    let (mut benign, mut false_alarms, mut risky, mut caught) = (0usize, 0usize, 0usize, 0usize);
    let mut ids = std::collections::BTreeSet::new();
    for (file, line, post) in &posts {
        assert!(
            ids.insert(post.id.clone()),
            "{file}:{line}: duplicate id {}",
            post.id
        );
        let engine = engines.entry(post.pack.clone()).or_insert_with(|| {
            let pack = ft_packs::load(&post.pack).unwrap_or_else(|e| panic!("{}: {e}", post.pack));
            Engine::new(pack).unwrap_or_else(|e| panic!("{e}"))
        });
        let at = match &post.context.at {
            Some(s) => DateTime::parse_from_rfc3339(s)
                .unwrap_or_else(|e| panic!("{file}:{line}: bad `at`: {e}")),
            None => default_example_time(),
        };
        let context = Context {
            account: post.context.account.unwrap_or(AccountKind::Personal),
            roles: post.context.role.to_vec(),
            professions: post.context.profession.to_vec(),
            at,
            platform: post.context.platform,
        };
        let resolved = engine
            .resolve(&context)
            .unwrap_or_else(|e| panic!("{file}:{line}: {e}"));
        let report = engine.check(&post.text, &resolved);
        let mut fired: Vec<String> = report
            .findings
            .iter()
            .map(|f| engine.pack().rules[f.rule].id.clone())
            .collect();
        fired.sort();
        fired.dedup();
        let mut expected = post.expect.clone();
        expected.sort();
        expected.dedup();
        if fired != expected {
            failures.push(format!(
                "{file}:{line} [{}] {:?}\n  expected {expected:?}\n  fired    {fired:?}",
                post.id, post.text
            ));
        }
        let serious = report
            .findings
            .iter()
            .any(|f| f.severity >= Severity::Warning);
        match post.kind {
            Kind::Benign => {
                benign += 1;
                false_alarms += usize::from(serious);
            }
            Kind::Risky => {
                risky += 1;
                caught += usize::from(!report.findings.is_empty());
            }
        }
        let _ = write!(snapshot, "{} ({}):", post.id, post.pack);
        if report.findings.is_empty() {
            snapshot.push_str(" clear");
        }
        for f in &report.findings {
            let _ = write!(
                snapshot,
                " {}[{}]={:?}",
                engine.pack().rules[f.rule].id,
                f.severity,
                f.span.slice(&post.text).unwrap_or("")
            );
        }
        snapshot.push('\n');
    }
    let rate = 100.0 * false_alarms as f64 / benign.max(1) as f64;
    let summary = format!(
        "{} posts: {benign} benign, {false_alarms} with a finding at warning or above ({rate:.2}% false alarms); {risky} risky, {caught} with a finding",
        posts.len()
    );
    #[allow(clippy::print_stdout)] // The rate is read from the test output.
    {
        println!("{summary}");
    }
    insta::assert_snapshot!("corpus_findings", format!("{summary}\n{snapshot}"));
    assert!(
        failures.is_empty(),
        "{} corpus posts differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(rate < 1.0, "false-alarm rate {rate:.2}% is not under 1%");
}

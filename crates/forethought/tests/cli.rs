//! The command line as a user meets it: outputs (snapshotted whole), exit codes, standard input,
//! input files, bad packs, bad input.

use std::io::Write;
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_bytes(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_forethought"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start forethought: {e}"));
    if let Some(mut input) = child.stdin.take() {
        // The process may exit before reading everything (too-large input): ignore EPIPE.
        let _ = input.write_all(stdin);
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("forethought did not finish: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run(args: &[&str]) -> Run {
    run_bytes(args, b"")
}

const AT: &str = "2026-01-14T12:00:00+00:00";

/// The small, stable pack the whole-output snapshots use.
fn format_pack() -> String {
    format!(
        "{}/../../testdata/packs/output-formats.toml",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn check_formats(extra: &[&str]) -> Run {
    let pack = format_pack();
    let mut args = vec!["check", "--at", AT, "--pack", pack.as_str()];
    args.extend_from_slice(extra);
    run(&args)
}
const RISKY: &str = "Proud to vote Labour tomorrow! Ring me on 07700 900123, you idiot";

fn check(extra: &[&str]) -> Run {
    let mut args = vec!["check", "--at", AT];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn human_output() {
    let r = check_formats(&[RISKY]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("human", r.stdout);
}

#[test]
fn json_output() {
    let r = check_formats(&[RISKY, "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("json", r.stdout);
}

#[test]
fn jsonl_output() {
    let r = check_formats(&[RISKY, "--format", "jsonl"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.lines().count(), 1);
    insta::assert_snapshot!("jsonl", r.stdout);
}

#[test]
fn sarif_output() {
    let r = check_formats(&[RISKY, "--format", "sarif"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("sarif", r.stdout);
}

#[test]
fn clear_drafts_exit_zero() {
    let r = check(&["Lovely walk along the river this morning"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "Looks fine: nothing to flag.\n")
    );
}

#[test]
fn fail_on_sets_the_threshold() {
    // A note only: fails with --fail-on note, not with the default (warning).
    let text = "Labour and the Conservatives both published manifestos today";
    assert_eq!(check(&[text]).code, 0);
    assert_eq!(check(&[text, "--fail-on", "note"]).code, 1);
    assert_eq!(check(&[RISKY, "--fail-on", "never"]).code, 0);
    assert_eq!(check(&[RISKY, "--fail-on", "serious"]).code, 0);
}

#[test]
fn context_changes_the_advice() {
    let text = "Interesting to see the SNP's new health policy";
    let personal = check(&[text, "--format", "json"]);
    let official = check(&[text, "--format", "json", "--account", "official"]);
    assert!(
        personal.stdout.contains("\"severity\": \"note\""),
        "{}",
        personal.stdout
    );
    assert!(
        official.stdout.contains("\"severity\": \"warning\""),
        "{}",
        official.stdout
    );
    assert_eq!((personal.code, official.code), (0, 1));
}

#[test]
fn late_night_uses_the_time_given() {
    let r = run(&[
        "check",
        "--at",
        "2026-01-14T23:45:00+00:00",
        "Still up",
        "--format",
        "jsonl",
    ]);
    assert!(r.stdout.contains("late-night-post"), "{}", r.stdout);
    let r = run(&[
        "check",
        "--at",
        "2026-01-14T21:45:00+00:00",
        "Still up",
        "--format",
        "jsonl",
    ]);
    assert!(!r.stdout.contains("late-night-post"), "{}", r.stdout);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let r = run_bytes(
        &["check", "--at", AT, "-", "--format", "jsonl"],
        RISKY.as_bytes(),
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("\"rule\":\"abusive-language\""));
}

#[test]
fn empty_draft_is_clear() {
    let r = run_bytes(&["check", "--at", AT, "-"], b"");
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "Looks fine: nothing to flag.\n")
    );
}

#[test]
fn invalid_utf8_on_stdin_is_refused() {
    let r = run_bytes(&["check", "--at", AT, "-"], b"caf\xe9 au lait");
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: standard input is not valid UTF-8 (first bad byte at offset 3)\n"
    );
}

#[test]
fn oversized_drafts_are_refused() {
    let big = vec![b'a'; 2 * 1024 * 1024];
    let r = run_bytes(&["check", "--at", AT, "-"], &big);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("drafts are limited to 1048576 bytes"),
        "{}",
        r.stderr
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(run(&["check"]).code, 2);
    assert_eq!(run(&["check", "x", "--format", "xml"]).code, 2);
    let r = check(&["x", "--role", "astronaut"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: unknown role `astronaut`; this pack's roles are: none\n"
    );
    let r = run(&["check", "--at", "yesterday", "x"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`yesterday` is not an RFC 3339 time"),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_packs_are_reported_with_positions() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[pack]\nid = \"bad\"\nname = \"Bad\"\nversion = \"1\"\nlanguage = \"en\"\ndescription = \"d\"\nextends = [\"core\"]\n\n[[rule]]\nid = \"x\"\ntitle = \"X\"\nprinciple = \"courtesy\"\ntags = [\"tone\"]\nseverity = \"loud\"\nmessage = \"m\"\nwhy = \"w\"\nsuggest = \"s\"\ndetect.terms = { terms = [\"x\"] }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let p = path.to_string_lossy().to_string();
    let r = check(&["hello", "--pack", &p]);
    assert_eq!(r.code, 2);
    let stderr = r.stderr.replace(&p, "[PACK]");
    insta::assert_snapshot!("bad_pack", stderr);
    let r = run(&["pack", "check", &p]);
    assert_eq!(r.code, 2);
    let r = run(&["check", "x", "--pack", "nonexistent"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no shipped pack is called `nonexistent`"),
        "{}",
        r.stderr
    );
}

#[test]
fn input_files_keep_order_and_ids() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("drafts.txt");
    let mut lines = Vec::new();
    for i in 0..300 {
        lines.push(if i % 3 == 0 {
            format!("{i} what an idiot")
        } else {
            format!("{i} lovely day")
        });
    }
    lines.insert(5, String::new());
    std::fs::write(&path, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    let p = path.to_string_lossy().to_string();
    let r = check(&["--input", &p, "--format", "jsonl"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let reports: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(reports.len(), 300, "the empty line is skipped");
    for (i, report) in reports.iter().enumerate() {
        let line = if i < 5 { i + 1 } else { i + 2 };
        assert_eq!(report["id"], line.to_string());
        let expect = if i % 3 == 0 { "warning" } else { "clear" };
        assert_eq!(report["verdict"], expect, "draft {i}");
    }
    let r = check(&["--input", &p, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["reports"].as_array().map(Vec::len), Some(300));
    let r = check(&["--input", &p]);
    assert!(
        r.stdout.ends_with(
            "Checked 300 drafts from [P]: 100 with findings (100 warning).\n"
                .replace("[P]", &p)
                .as_str()
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn jsonl_records_carry_ids_and_context_and_bad_records_are_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("drafts.jsonl");
    let mut content = String::new();
    content.push_str(
        "{\"id\": \"a\", \"text\": \"Interesting to see the SNP's new health policy\"}\n",
    );
    content.push_str("{\"id\": 7, \"text\": \"Interesting to see the SNP's new health policy\", \"context\": {\"account\": \"official\"}}\n");
    content.push_str("{\"text\": 12}\n");
    content.push_str("not json\n");
    content.push_str("{\"id\": \"late\", \"text\": \"Still up\", \"context\": {\"at\": \"2026-01-14T23:50:00Z\"}}\n");
    content
        .push_str("{\"id\": \"role\", \"text\": \"x\", \"context\": {\"role\": \"astronaut\"}}\n");
    std::fs::write(&path, content.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let mut bytes = content.into_bytes();
    bytes.extend_from_slice(b"{\"text\": \"caf\xe9\"}\n");
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let p = path.to_string_lossy().to_string();
    let r = check(&["--input", &p, "--format", "jsonl"]);
    assert_eq!(r.code, 2, "a bad record makes the run exit 2");
    insta::assert_snapshot!("jsonl_records", r.stdout);
}

#[test]
fn explain_shows_dropped_candidates() {
    let pack = format_pack();
    let r = run(&[
        "explain",
        "--at",
        AT,
        "--pack",
        &pack,
        "Busy night on the labour ward. Labour won, vote for them!",
    ]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("explain", r.stdout);
}

#[test]
fn shipped_pack_examples_pass() {
    let r = run(&["pack", "test"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains(" 0 failed"), "{}", r.stdout);
}

#[test]
fn failing_examples_show_expected_and_actual() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("pack.toml");
    std::fs::write(
        &path,
        r#"[pack]
id = "mine"
name = "Mine"
version = "1"
language = "en"
description = "d"

[[principle]]
id = "courtesy"
title = "Courtesy"
summary = "Be kind."
source = { title = "Guide" }

[[rule]]
id = "cake-talk"
title = "Cake"
principle = "courtesy"
tags = ["tone"]
severity = "note"
message = "m"
why = "w"
suggest = "s"
detect.terms = { terms = ["cake"] }
  [[rule.example]]
  text = "cake and more cake, not pie"
  flags = ["cake", "pie"]
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let p = path.to_string_lossy().to_string();
    let r = run(&["pack", "test", &p]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("pack_test_failure", r.stdout.replace(&p, "[PACK]"));
}

#[test]
fn rule_documentation() {
    let pack = format_pack();
    let r = run(&["rule", "party-support", "--pack", &pack]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("rule_doc", r.stdout.replace(&pack, "[PACK]"));
    let r = run(&["rule", "party"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn rules_and_packs_list() {
    let r = run(&["rules"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("party-political-support"));
    let r = run(&["packs"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("core"), "{}", r.stdout);
}

#[test]
fn input_from_stdin() {
    let r = run_bytes(
        &[
            "check",
            "--at",
            AT,
            "--input",
            "-",
            "--input-format",
            "jsonl",
            "--format",
            "jsonl",
        ],
        b"{\"id\": \"x\", \"text\": \"what an idiot\"}\n",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("{\"schema_version\":1,\"id\":\"x\",\"verdict\":\"warning\""),
        "{}",
        r.stdout
    );
}

const PROFILE_PACK: &str = r#"
[pack]
id = "profile-cli"
name = "Profile"
version = "1"
language = "en-GB"
description = "d"

[organisation]
name = "Riverside Council"

[[principle]]
id = "speaking-for-employer"
title = "Speaking for the employer"
summary = "s"
source = { title = "Guide" }

[[rule]]
id = "insult"
title = "Insult"
principle = "speaking-for-employer"
tags = ["abuse"]
severity = "warning"
message = "m"
why = "w"
suggest = "s"
detect.terms = { terms = ["idiot"] }

[[list]]
id = "disclaimers"
terms = ["views my own"]

[[rule]]
id = "bio-without-disclaimer"
title = "Bio names the employer without a disclaimer"
principle = "speaking-for-employer"
tags = ["affiliation"]
severity = "advice"
applies_to = ["bio"]
message = "Your bio names {org} but does not say your views are your own."
why = "Readers take posts from an account that names its employer as the employer's view."
suggest = "Add \"views my own\", and still post as if {org} were reading."
detect.absent = { lists = ["disclaimers"], if_present = { lists = ["organisation"] } }
"#;

#[test]
fn profiles_are_checked_field_by_field() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, PROFILE_PACK).unwrap_or_else(|e| panic!("{e}"));
    let p = path.to_string_lossy().to_string();
    let r = check(&[
        "--pack",
        &p,
        "--profile",
        "--bio",
        "Planner at Riverside Council. Not an idiot",
        "--name",
        "Jo",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["verdict"], "advice");
    let fields = doc["fields"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        fields
            .iter()
            .map(|f| f["field"].clone())
            .collect::<Vec<_>>(),
        ["name", "bio"]
    );
    let rules: Vec<&str> = fields[1]["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["rule"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        rules,
        ["bio-without-disclaimer"],
        "profile rules only: the post rules do not read bios"
    );
    // The same fields as a JSON object, from standard input.
    let r = run_bytes(
        &["check", "--at", AT, "--pack", &p, "--profile", "-"],
        br#"{"bio": "Planner at Riverside Council. Views my own.", "handle": "@jo"}"#,
    );
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "Looks fine: 0 findings in 2 profile fields checked.\n")
    );
    let r = run_bytes(&["check", "--at", AT, "--profile", "-"], b"{\"bio\": 3}");
    assert_eq!(r.code, 2);
    let r = check(&["--profile"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("give at least one profile field"),
        "{}",
        r.stderr
    );
}

#[test]
fn core_profile_rules() {
    let r = check(&[
        "--profile",
        "--name",
        "Jo Bloggs NHS",
        "--bio",
        "Staff nurse at St Mary's. Views my own.",
        "--location",
        "14 Acacia Avenue, Leeds",
        "--website",
        "https://contoso.sharepoint.com/sites/ward7",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}"));
    let fired: Vec<(String, String)> = doc["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| {
            let field = f["field"].as_str().unwrap_or("").to_string();
            f["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |x| (field.clone(), x["rule"].as_str().unwrap_or("").to_string()))
        })
        .collect();
    let expected = [
        ("name", "official-looking-name"),
        ("bio", "bio-names-workplace"),
        ("bio", "views-disclaimer-in-bio"),
        ("location", "street-address-in-profile"),
        ("website", "internal-link-shared"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(fired, expected);
}

/// A small X archive made by the archive crate's generator.
fn x_archive(dir: &std::path::Path, posts: usize) -> String {
    let path = dir.join("archive.zip");
    let file = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
    ft_archive::generate::generate(
        ft_archive::Format::X,
        &ft_archive::generate::Options {
            seed: 5,
            posts,
            ..Default::default()
        },
        file,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    path.to_string_lossy().to_string()
}

#[test]
fn audit_then_review() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let archive = x_archive(dir.path(), 200);
    let store = dir
        .path()
        .join("data/audit.sqlite")
        .to_string_lossy()
        .to_string();
    let html = dir.path().join("report.html").to_string_lossy().to_string();

    let r = run(&["audit", &archive, "--store", &store, "--html", &html]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.starts_with("Checked "), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Work through them with `forethought review`"),
        "{}",
        r.stdout
    );
    let page = std::fs::read_to_string(&html).unwrap_or_default();
    assert!(page.starts_with("<!doctype html>") && page.contains("Posts to look at"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&store)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o600, "only the person can read their store");
    }

    let r = run(&["review", "--store", &store, "--limit", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first_id = r
        .stdout
        .lines()
        .nth(2)
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("")
        .to_string();
    assert!(!first_id.is_empty(), "{}", r.stdout);
    let r = run(&[
        "review",
        "--store",
        &store,
        "decide",
        &first_id,
        "will-delete",
        "--note",
        "rude",
    ]);
    assert_eq!(
        (r.code, r.stdout.trim()),
        (0, format!("Recorded: {first_id} will-delete.").as_str())
    );
    let r = run(&["review", "--store", &store, "export"]);
    assert!(r.stdout.trim().ends_with(&first_id), "{}", r.stdout);

    // Re-running keeps the decision and says nothing is new.
    let r = run(&["audit", &archive, "--store", &store]);
    assert!(
        r.stdout
            .contains("0 findings are new since your last audit"),
        "{}",
        r.stdout
    );
    let r = run(&["review", "--store", &store, "export"]);
    assert!(r.stdout.trim().ends_with(&first_id));
}

#[test]
fn audit_formats() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let archive = x_archive(dir.path(), 100);
    let r = run(&["audit", &archive, "--no-store", "--format", "json"]);
    let doc: serde_json::Value =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    assert_eq!(doc["schema_version"], 1);
    let posts = doc["posts"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        posts.len() as u64,
        doc["summary"]["posts_with_findings"].as_u64().unwrap_or(0)
    );
    for key in ["id", "url", "created_at", "kind", "text", "findings"] {
        assert!(posts[0].get(key).is_some(), "posts carry `{key}`");
    }
    assert!(doc["summary"]["posts"].as_u64().unwrap_or(0) >= 100);
    let r = run(&["audit", &archive, "--no-store", "--format", "jsonl"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines.last().is_some_and(|l| l.starts_with("{\"summary\"")));
    let r = run(&["audit", &archive, "--no-store", "--format", "csv"]);
    assert!(
        r.stdout
            .starts_with("id,url,created_at,kind,platform,deleted,severity,rules,messages,text\n")
    );
    let r = run(&["audit", "/nonexistent.zip", "--no-store"]);
    assert_eq!(r.code, 2);
    let bad = dir.path().join("notes.txt");
    std::fs::write(&bad, "just some words\n").unwrap_or_else(|e| panic!("{e}"));
    let r = run(&["audit", &bad.to_string_lossy(), "--no-store"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
}

//! `forethought audit` and `forethought review`: a post history checked, kept in the person's
//! own store, and worked through.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use ft_audit::{AuditConfig, AuditSummary, CheckedPost, Observer};
use ft_engine::Context;
use ft_pack::Severity;
use ft_store::{Decision, ReviewFilter, SourceKey, Store};
use indicatif::{ProgressBar, ProgressStyle};

use crate::UserError;
use crate::args::{AuditArgs, AuditFormat, ColorChoice, ReviewAction, ReviewArgs, StoreChoice};

/// Where the store lives: `--store`, `$FORETHOUGHT_STORE`, or `audit.sqlite` in the user's data
/// directory (`$XDG_DATA_HOME/forethought`, else `~/.local/share/forethought`).
pub(crate) fn store_path(choice: &StoreChoice) -> anyhow::Result<PathBuf> {
    if let Some(p) = &choice.store {
        return Ok(p.clone());
    }
    if let Some(p) = std::env::var_os("FORETHOUGHT_STORE").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .ok_or_else(|| {
            UserError("cannot tell where your data directory is; give --store PATH".into())
        })?;
    Ok(data.join("forethought").join("audit.sqlite"))
}

fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).map_err(|e| UserError(format!("{e}")).into())
}

/// CSV field quoting (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes posts as they are checked, keeps the flagged ones for the HTML report, and drives the
/// progress bar.
struct Writer<'a> {
    format: AuditFormat,
    all: bool,
    out: BufWriter<io::StdoutLock<'a>>,
    first: bool,
    keep_for_html: bool,
    flagged: Vec<CheckedPost>,
    bar: Option<ProgressBar>,
    error: Option<io::Error>,
}

impl Writer<'_> {
    fn write_post(&mut self, post: &CheckedPost) -> io::Result<()> {
        if post.findings.is_empty() && !self.all {
            return Ok(());
        }
        match self.format {
            AuditFormat::Human => {}
            AuditFormat::Json => {
                if !self.first {
                    self.out.write_all(b",")?;
                }
                serde_json::to_writer(&mut self.out, &post.to_json())?;
            }
            AuditFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, &post.to_json())?;
                self.out.write_all(b"\n")?;
            }
            AuditFormat::Csv => {
                let rules: Vec<&str> = post.findings.iter().map(|f| f.rule.as_str()).collect();
                let messages: Vec<&str> =
                    post.findings.iter().map(|f| f.message.as_str()).collect();
                let row = [
                    csv_field(&post.post.id),
                    csv_field(post.post.url.as_deref().unwrap_or("")),
                    post.post
                        .created_at
                        .map(|t| t.to_rfc3339())
                        .unwrap_or_default(),
                    ft_audit::kind_name(post.post.kind).to_string(),
                    post.post.platform.as_str().to_string(),
                    post.post.deleted.to_string(),
                    post.worst.map_or("", |s| s.as_str()).to_string(),
                    csv_field(&rules.join(";")),
                    csv_field(&messages.join(" | ")),
                    csv_field(&post.post.text),
                ];
                writeln!(self.out, "{}", row.join(","))?;
            }
        }
        self.first = false;
        Ok(())
    }
}

impl Observer for Writer<'_> {
    fn post(&mut self, post: &CheckedPost) {
        if self.error.is_none()
            && let Err(e) = self.write_post(post)
        {
            self.error = Some(e);
        }
        if self.keep_for_html && !post.findings.is_empty() {
            self.flagged.push(post.clone());
        }
    }

    fn progress(&mut self, posts: u64, bytes_read: u64, bytes_total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(bytes_total.max(1));
            bar.set_position(bytes_read.min(bytes_total));
            bar.set_message(format!("{posts} posts"));
        }
    }
}

pub(crate) fn audit(args: AuditArgs) -> anyhow::Result<ExitCode> {
    let pack = ft_packs::load(&args.pack.pack).map_err(|errors| {
        UserError(format!(
            "the pack `{}` has problems:\n{}",
            args.pack.pack,
            crate::render_pack_errors(&errors)
        ))
    })?;
    let engine = ft_audit::audit_engine(pack).context("cannot compile the pack")?;
    let format = match &args.archive_format {
        Some(name) => Some(
            ft_archive::Format::from_name(name)
                .ok_or_else(|| UserError(format!("unknown archive format `{name}`")))?,
        ),
        None => None,
    };
    let context = Context {
        account: args.account.into(),
        roles: args.roles.clone(),
        professions: args.professions.clone(),
        at: chrono::Local::now().fixed_offset(),
        platform: None,
    };
    engine
        .resolve(&context)
        .map_err(|e| UserError(e.to_string()))?;
    let file = File::open(&args.archive)
        .map_err(|e| UserError(format!("cannot open {}: {e}", args.archive.display())))?;
    let config = AuditConfig {
        context,
        format,
        file_name: args
            .archive
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
        limits: ft_archive::Limits::default(),
    };
    let mut store = if args.no_store {
        None
    } else {
        let path = store_path(&args.store)?;
        Some((open_store(&path)?, path))
    };

    let bar = io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(1);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {wide_bar} {percent:>3}% {msg} ({per_sec}, about {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let stdout = io::stdout();
    let mut writer = Writer {
        format: args.format,
        all: args.all,
        out: BufWriter::new(stdout.lock()),
        first: true,
        keep_for_html: args.html.is_some(),
        flagged: Vec::new(),
        bar,
        error: None,
    };
    if args.format == AuditFormat::Json {
        writer.out.write_all(b"{\"schema_version\":1,\"posts\":[")?;
    }
    if args.format == AuditFormat::Csv {
        writeln!(
            writer.out,
            "id,url,created_at,kind,platform,deleted,severity,rules,messages,text"
        )?;
    }
    let result = ft_audit::audit(
        io::BufReader::with_capacity(1 << 16, file),
        &engine,
        &config,
        store.as_mut().map(|(s, _)| s),
        &mut writer,
    );
    if let Some(bar) = writer.bar.take() {
        bar.finish_and_clear();
    }
    let summary = result.map_err(|e| UserError(format!("{}: {e}", args.archive.display())))?;
    if let Some(e) = writer.error.take() {
        return Err(e.into());
    }
    match args.format {
        AuditFormat::Json => {
            writer.out.write_all(b"],\"summary\":")?;
            serde_json::to_writer(&mut writer.out, &summary)?;
            writer.out.write_all(b"}\n")?;
        }
        AuditFormat::Jsonl => {
            serde_json::to_writer(&mut writer.out, &serde_json::json!({ "summary": summary }))?;
            writer.out.write_all(b"\n")?;
        }
        AuditFormat::Csv => {}
        AuditFormat::Human => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                        && io::stdout().is_terminal()
                }
            };
            let store_path = store.as_ref().map(|(_, p)| p.as_path());
            writer
                .out
                .write_all(human_summary(&summary, store_path, color).as_bytes())?;
        }
    }
    writer.out.flush()?;
    if let Some(path) = &args.html {
        let generated = chrono::Local::now().format("%-d %B %Y").to_string();
        let html = ft_audit::html::render(&summary, &writer.flagged, &generated);
        std::fs::write(path, html)
            .map_err(|e| UserError(format!("cannot write {}: {e}", path.display())))?;
    }
    let threshold = args.fail_on.threshold();
    let worst = [
        (Severity::Serious, summary.findings.serious),
        (Severity::Warning, summary.findings.warning),
        (Severity::Advice, summary.findings.advice),
        (Severity::Note, summary.findings.note),
    ]
    .into_iter()
    .find(|&(_, n)| n > 0)
    .map(|(s, _)| s);
    Ok(match (threshold, worst) {
        (Some(t), Some(w)) if w >= t => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}

fn human_summary(summary: &AuditSummary, store: Option<&Path>, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint(
            "1",
            &format!(
                "Checked {} posts ({} archive, {} pack {}) in {:.1} s.",
                summary.posts,
                summary.format,
                summary.pack.get("id").map_or("", String::as_str),
                summary.pack.get("version").map_or("", String::as_str),
                summary.seconds
            )
        )
    );
    if summary.skipped > 0 {
        let _ = writeln!(
            out,
            "{} records could not be read and were skipped (first: {}).",
            summary.skipped,
            summary.skipped_examples.first().map_or("", String::as_str)
        );
    }
    let s = &summary.posts_by_severity;
    let _ = writeln!(
        out,
        "{} posts have findings: {} serious, {} warning, {} advice, {} note (by their most serious finding).",
        summary.posts_with_findings, s.serious, s.warning, s.advice, s.note
    );
    if !summary.by_principle.is_empty() {
        let _ = writeln!(out, "\nBy principle:");
        for p in &summary.by_principle {
            let _ = writeln!(out, "  {:>7} posts  {}", p.posts, p.title);
        }
    }
    if !summary.across_posts.is_empty() {
        let _ = writeln!(out, "\nAcross your posts:");
        for f in &summary.across_posts {
            let _ = writeln!(out, "  {} {}", paint("1;33", &f.severity), f.message);
        }
    }
    if let Some(profile) = &summary.profile {
        let findings: Vec<String> = profile
            .fields
            .iter()
            .flat_map(|f| {
                f.findings
                    .iter()
                    .map(move |x| format!("  {} ({}) {}", x.severity, f.field, x.message))
            })
            .collect();
        if !findings.is_empty() {
            let _ = writeln!(out, "\nYour profile:");
            for f in findings {
                let _ = writeln!(out, "{f}");
            }
        }
    }
    if !summary.look_first.is_empty() {
        let _ = writeln!(out, "\nWorth a look first:");
        for p in &summary.look_first {
            let text: String = p["text"].as_str().unwrap_or("").chars().take(90).collect();
            let severity = p["severity"].as_str().unwrap_or("");
            let date = p["created_at"].as_str().unwrap_or("undated");
            let _ = writeln!(
                out,
                "  {} {} {} {:?}",
                paint("1", severity),
                &date[..date.len().min(10)],
                p["id"].as_str().unwrap_or(""),
                text.replace('\n', " ")
            );
        }
    }
    if summary.what_worked.rows.len() > 1 {
        let _ = writeln!(
            out,
            "\nWhat worked (average likes and reposts of your own posts):"
        );
        for r in summary.what_worked.rows.iter().take(8) {
            let _ = writeln!(
                out,
                "  {:>7.1} likes {:>6.1} reposts  {} ({} posts)",
                r.average_likes, r.average_reposts, r.label, r.posts
            );
        }
    }
    if let (Some(store), Some(path)) = (&summary.store, store) {
        let _ = writeln!(out);
        if store.resumed {
            let _ = writeln!(
                out,
                "Resumed an interrupted audit ({} posts were already recorded).",
                store.already_recorded
            );
        }
        if store.compared_with_previous {
            let _ = writeln!(
                out,
                "{} findings are new since your last audit; your decisions are kept.",
                store.new_findings
            );
            for f in &store.new {
                let _ = writeln!(
                    out,
                    "  new: {} [{}] post {}: {}",
                    f["severity"].as_str().unwrap_or(""),
                    f["rule"].as_str().unwrap_or(""),
                    f["post_id"].as_str().unwrap_or(""),
                    f["message"].as_str().unwrap_or("")
                );
            }
        }
        let _ = writeln!(
            out,
            "Flagged posts are kept in {} (only you can read it). Work through them with `forethought review`.",
            path.display()
        );
    }
    out
}

fn pick_source(store: &Store, wanted: Option<&str>) -> anyhow::Result<ft_store::SourceInfo> {
    let sources = store.sources()?;
    if let Some(w) = wanted {
        let (platform, handle) = w.split_once(':').unwrap_or((w, ""));
        return store
            .source(&SourceKey::new(platform, handle))?
            .ok_or_else(|| {
                UserError(format!(
                    "the store has no account `{w}`; `forethought review sources` lists them"
                ))
                .into()
            });
    }
    sources
        .into_iter()
        .max_by(|a, b| a.last_audit_at.cmp(&b.last_audit_at))
        .ok_or_else(|| {
            UserError("the store is empty: run `forethought audit ARCHIVE` first".into()).into()
        })
}

pub(crate) fn review(args: ReviewArgs) -> anyhow::Result<ExitCode> {
    let path = store_path(&args.store)?;
    if !path.exists() {
        return Err(UserError(format!(
            "there is no audit store at {}: run `forethought audit ARCHIVE` first",
            path.display()
        ))
        .into());
    }
    let mut store = open_store(&path)?;
    let mut out = String::new();
    match args.action.unwrap_or(ReviewAction::List) {
        ReviewAction::Sources => {
            for s in store.sources()? {
                let runs = store.runs(s.id)?;
                let _ = writeln!(
                    out,
                    "{}:{}  {} audits, last {}",
                    s.key.platform,
                    s.key.handle,
                    runs.len(),
                    s.last_audit_at.as_deref().unwrap_or("never")
                );
            }
        }
        ReviewAction::List => {
            let source = pick_source(&store, args.source.as_deref())?;
            let f = &args.filter;
            let mut filter = ReviewFilter::all().page(0, f.limit);
            if let Some(s) = f.severity.and_then(|s| s.threshold()) {
                filter = filter.min_severity(ft_audit::store_severity(s));
            }
            if let Some(p) = &f.principle {
                filter = filter.principle(p.clone());
            }
            if let Some(r) = &f.rule {
                filter = filter.rule(r.clone());
            }
            if let Some(y) = f.year {
                filter = filter.year(y);
            }
            let total = store.open_item_count(source.id, &filter)?;
            let items = store.open_items(source.id, &filter)?;
            let _ = writeln!(
                out,
                "{total} posts of {}:{} still to decide on{}",
                source.key.platform,
                source.key.handle,
                if total > u64::from(f.limit) {
                    format!(" (showing {})", f.limit)
                } else {
                    String::new()
                }
            );
            for item in items {
                let _ = writeln!(
                    out,
                    "\n{}  {}  {}{}",
                    item.post.id,
                    if item.post.created_at.is_empty() {
                        "undated"
                    } else {
                        &item.post.created_at[..item.post.created_at.len().min(10)]
                    },
                    item.post.kind.as_str(),
                    item.post
                        .url
                        .as_deref()
                        .map(|u| format!("  {u}"))
                        .unwrap_or_default()
                );
                let _ = writeln!(out, "  {}", item.post.text.replace('\n', " "));
                for finding in &item.findings {
                    let _ = writeln!(
                        out,
                        "  {} [{}] {}",
                        finding.severity.as_str(),
                        finding.rule_id,
                        finding.message
                    );
                }
            }
            if total > 0 {
                let _ = writeln!(
                    out,
                    "\nDecide with: forethought review decide POST-ID keep|will-delete|deleted|edited|make-private|reviewed"
                );
            }
        }
        ReviewAction::Decide {
            post,
            decision,
            note,
        } => {
            let source = pick_source(&store, args.source.as_deref())?;
            let decision: Decision = decision
                .parse()
                .map_err(|_| UserError(format!("unknown decision `{decision}`")))?;
            store
                .set_decision(source.id, &post, decision, &note)
                .map_err(|e| UserError(e.to_string()))?;
            let _ = writeln!(out, "Recorded: {post} {}.", decision.as_str());
        }
        ReviewAction::Export => {
            let source = pick_source(&store, args.source.as_deref())?;
            for link in store.will_delete_links(source.id)? {
                let _ = writeln!(
                    out,
                    "{}",
                    link.url
                        .unwrap_or_else(|| format!("(no link) post {}", link.post_id))
                );
            }
        }
    }
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

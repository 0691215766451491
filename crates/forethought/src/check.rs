//! `forethought check` and `forethought explain`.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use chrono::{DateTime, FixedOffset};
use ft_engine::{Context, DropReason, Engine, MAX_DRAFT_BYTES, Report, ResolvedContext};
use ft_pack::{AccountKind, Platform, Severity};
use ft_report::{Checked, HumanOptions, SCHEMA_VERSION, WireError};
use rayon::prelude::*;
use serde::Deserialize;

use crate::UserError;
use crate::args::{CheckArgs, ColorChoice, ContextArgs, ExplainArgs, Format, InputFormat};

/// Drafts read and checked together from an input file: large enough to keep every core busy,
/// small enough to keep memory bounded whatever the file's size.
const BATCH: usize = 4096;

fn parse_time(s: &str) -> Result<DateTime<FixedOffset>, UserError> {
    DateTime::parse_from_rfc3339(s).map_err(|e| {
        UserError(format!(
            "`{s}` is not an RFC 3339 time ({e}); write it like 2026-05-07T23:30:00+01:00"
        ))
    })
}

fn base_context(args: &ContextArgs) -> anyhow::Result<Context> {
    let at = match &args.at {
        Some(s) => parse_time(s)?,
        None => chrono::Local::now().fixed_offset(),
    };
    Ok(Context {
        account: args.account.into(),
        roles: args.roles.clone(),
        professions: args.professions.clone(),
        at,
        platform: args.platform.map(Into::into),
    })
}

fn read_stdin() -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(MAX_DRAFT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    if bytes.len() > MAX_DRAFT_BYTES {
        return Err(too_long(bytes.len()).into());
    }
    String::from_utf8(bytes).map_err(|e| {
        UserError(format!(
            "standard input is not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
        .into()
    })
}

fn too_long(len: usize) -> UserError {
    UserError(format!(
        "the draft is {len} bytes or more; drafts are limited to {MAX_DRAFT_BYTES} bytes (1 MiB)"
    ))
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

fn fails(report: &Report, threshold: Option<Severity>) -> bool {
    threshold.is_some_and(|t| report.findings.iter().any(|f| f.severity >= t))
}

pub(crate) fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let engine = crate::load_engine(&args.pack.pack)?;
    let context = base_context(&args.context)?;
    let resolved = engine
        .resolve(&context)
        .map_err(|e| UserError(e.to_string()))?;
    if let Some(path) = &args.input {
        return check_input(&engine, &args, &context, path);
    }
    if args.profile {
        return check_profile(&engine, &args, &resolved);
    }
    let text = match args.text.as_deref() {
        Some("-") => read_stdin()?,
        Some(text) => text.to_string(),
        None => bail!(UserError(
            "give a draft to check, `-` to read it from standard input, or --input FILE".into()
        )),
    };
    if text.len() > MAX_DRAFT_BYTES {
        bail!(too_long(text.len()));
    }
    let report = engine.check(&text, &resolved);
    let checked = Checked {
        id: None,
        text: &text,
        report: &report,
        context: &resolved,
        first_line: 1,
    };
    let out = match args.format {
        Format::Human => ft_report::render_human(
            &engine,
            &checked,
            &HumanOptions {
                color: use_color(args.color),
                name: "draft".into(),
                summary: true,
            },
        ),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&ft_report::wire_report(&engine, &checked))?;
            s.push('\n');
            s
        }
        Format::Jsonl => {
            let mut s = serde_json::to_string(&ft_report::wire_report(&engine, &checked))?;
            s.push('\n');
            s
        }
        Format::Sarif => ft_report::render_sarif(&engine, &[checked], "draft"),
    };
    crate::write_stdout(&out)?;
    Ok(if fails(&report, args.fail_on.threshold()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The profile's fields as a JSON object.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileJson {
    #[serde(default)]
    id: Option<String>,
    #[serde(default, alias = "display_name")]
    name: Option<String>,
    #[serde(default)]
    handle: Option<String>,
    #[serde(default)]
    bio: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    website: Option<String>,
}

fn check_profile(
    engine: &Engine,
    args: &CheckArgs,
    resolved: &ResolvedContext,
) -> anyhow::Result<ExitCode> {
    let f = &args.fields;
    let (id, profile) = match args.text.as_deref() {
        Some(json) => {
            let json = if json == "-" {
                read_stdin()?
            } else {
                json.to_string()
            };
            let p: ProfileJson = serde_json::from_str(&json).map_err(|e| {
                UserError(format!(
                    "the profile is not a JSON object with name, handle, bio, location and website: {e}"
                ))
            })?;
            (
                p.id,
                ft_engine::Profile {
                    name: p.name,
                    handle: p.handle,
                    bio: p.bio,
                    location: p.location,
                    website: p.website,
                },
            )
        }
        None => (
            None,
            ft_engine::Profile {
                name: f.name.clone(),
                handle: f.handle.clone(),
                bio: f.bio.clone(),
                location: f.location.clone(),
                website: f.website.clone(),
            },
        ),
    };
    let too_big = ft_pack::Target::PROFILE_FIELDS
        .iter()
        .filter_map(|&t| profile.field(t))
        .any(|t| t.len() > MAX_DRAFT_BYTES);
    if too_big {
        bail!(UserError(format!(
            "a profile field is longer than {MAX_DRAFT_BYTES} bytes"
        )));
    }
    if ft_pack::Target::PROFILE_FIELDS
        .iter()
        .all(|&t| profile.field(t).is_none())
    {
        bail!(UserError(
            "give at least one profile field: --name, --handle, --bio, --location or --website, or a JSON object".into()
        ));
    }
    let report = engine.check_profile(&profile, resolved);
    let checked: Vec<Checked<'_>> = report
        .fields
        .iter()
        .map(|fr| Checked {
            id: Some(fr.field.as_str()),
            text: profile.field(fr.field).unwrap_or(""),
            report: &fr.report,
            context: resolved,
            first_line: 1,
        })
        .collect();
    let out = match args.format {
        Format::Human => {
            let color = use_color(args.color);
            let mut out = String::new();
            for c in &checked {
                if c.report.findings.is_empty() {
                    continue;
                }
                out.push_str(&ft_report::render_human(
                    engine,
                    c,
                    &HumanOptions {
                        color,
                        name: format!("profile {}", c.id.unwrap_or("")),
                        summary: false,
                    },
                ));
            }
            let phrase = ft_report::verdict_phrase(report.verdict());
            let n: usize = report.fields.iter().map(|f| f.report.findings.len()).sum();
            out.push_str(&format!(
                "{phrase}: {n} finding{} in {} profile field{} checked.\n",
                if n == 1 { "" } else { "s" },
                report.fields.len(),
                if report.fields.len() == 1 { "" } else { "s" }
            ));
            out
        }
        Format::Json | Format::Jsonl => {
            let wire = ft_report::wire_profile(engine, id.as_deref(), &profile, &report, resolved);
            let mut s = if args.format == Format::Json {
                serde_json::to_string_pretty(&wire)?
            } else {
                serde_json::to_string(&wire)?
            };
            s.push('\n');
            s
        }
        Format::Sarif => ft_report::render_sarif(engine, &checked, "profile"),
    };
    crate::write_stdout(&out)?;
    let failing = report
        .fields
        .iter()
        .any(|f| fails(&f.report, args.fail_on.threshold()));
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One line of an input file, read with a bound on its length.
enum Line {
    Text(Vec<u8>),
    TooLong(usize),
}

/// Read one line (without its `\n`), keeping at most `limit` bytes; the rest of a longer line is
/// skipped without being stored.
fn read_line_bounded(reader: &mut impl BufRead, limit: usize) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut total = 0usize;
    let mut seen_any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        seen_any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if total + take <= limit {
            buf.extend_from_slice(&chunk[..take]);
        }
        total += take;
        reader.consume(if done { take + 1 } else { take });
        if done {
            break;
        }
    }
    if !seen_any {
        return Ok(None);
    }
    if total > limit {
        return Ok(Some(Line::TooLong(total)));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Line::Text(buf)))
}

/// The optional `context` of a JSONL record; missing keys take the command line's values.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordContext {
    account: Option<AccountKind>,
    #[serde(default)]
    role: Option<OneOrMany>,
    #[serde(default)]
    profession: Option<OneOrMany>,
    at: Option<String>,
    platform: Option<Platform>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    text: String,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    context: Option<RecordContext>,
}

/// A draft from an input file, ready to check, or the reason it cannot be.
struct Pending {
    line: u32,
    id: String,
    draft: Result<(String, Option<ResolvedContext>), String>,
}

fn parse_record(
    engine: &Engine,
    base: &Context,
    line: u32,
    bytes: Vec<u8>,
    jsonl: bool,
) -> Option<Pending> {
    let fallback_id = line.to_string();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Some(Pending {
                line,
                id: fallback_id,
                draft: Err(format!(
                    "line {line} is not valid UTF-8 (first bad byte at column {})",
                    e.utf8_error().valid_up_to() + 1
                )),
            });
        }
    };
    if text.trim().is_empty() {
        return None;
    }
    if !jsonl {
        return Some(Pending {
            line,
            id: fallback_id,
            draft: Ok((text, None)),
        });
    }
    let record: Record = match serde_json::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            return Some(Pending {
                line,
                id: fallback_id,
                draft: Err(format!("line {line}: not a valid record: {e}")),
            });
        }
    };
    let id = match record.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Some(Pending {
                line,
                id: fallback_id,
                draft: Err(format!(
                    "line {line}: `id` must be a string or a number, not {other}"
                )),
            });
        }
        None => fallback_id,
    };
    let context = match record.context {
        None => None,
        Some(rc) => {
            let mut ctx = base.clone();
            if let Some(a) = rc.account {
                ctx.account = a;
            }
            if let Some(r) = rc.role {
                ctx.roles = r.into_vec();
            }
            if let Some(p) = rc.profession {
                ctx.professions = p.into_vec();
            }
            if let Some(p) = rc.platform {
                ctx.platform = Some(p);
            }
            if let Some(at) = &rc.at {
                match parse_time(at) {
                    Ok(t) => ctx.at = t,
                    Err(e) => {
                        return Some(Pending {
                            line,
                            id,
                            draft: Err(format!("line {line}: {e}")),
                        });
                    }
                }
            }
            match engine.resolve(&ctx) {
                Ok(r) => Some(r),
                Err(e) => {
                    return Some(Pending {
                        line,
                        id,
                        draft: Err(format!("line {line}: {e}")),
                    });
                }
            }
        }
    };
    Some(Pending {
        line,
        id,
        draft: Ok((record.text, context)),
    })
}

struct Done {
    pending: Pending,
    report: Option<Report>,
}

impl Done {
    /// Why a record could not be checked (it has no report).
    fn error(&self) -> String {
        match &self.pending.draft {
            Err(e) => e.clone(),
            Ok((text, _)) => format!("line {}: {}", self.pending.line, too_long(text.len())),
        }
    }
}

fn check_input(
    engine: &Engine,
    args: &CheckArgs,
    base: &Context,
    path: &Path,
) -> anyhow::Result<ExitCode> {
    let resolved = engine.resolve(base).map_err(|e| UserError(e.to_string()))?;
    let from_stdin = path.as_os_str() == "-";
    let source: Box<dyn Read> = if from_stdin {
        Box::new(io::stdin())
    } else {
        Box::new(
            File::open(path)
                .map_err(|e| UserError(format!("cannot open {}: {e}", path.display())))?,
        )
    };
    let jsonl = match args.input_format {
        InputFormat::Jsonl => true,
        InputFormat::Text => false,
        InputFormat::Auto => path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl")),
    };
    let mut reader = BufReader::with_capacity(1 << 16, source);
    let name = if from_stdin {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let color = use_color(args.color);
    let threshold = args.fail_on.threshold();

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut line_no = 0u32;
    let mut bad = 0usize;
    let mut failing = false;
    let mut checked_count = 0usize;
    let mut flagged = 0usize;
    let mut by_severity = [0usize; 4];
    let mut first_json = true;
    let mut sarif_all: Vec<Done> = Vec::new();
    if args.format == Format::Json {
        write!(out, "{{\"schema_version\":{SCHEMA_VERSION},\"reports\":[")?;
    }
    loop {
        let mut batch = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            let Some(line) = read_line_bounded(&mut reader, MAX_DRAFT_BYTES + 4096)
                .with_context(|| format!("cannot read {name}"))?
            else {
                break;
            };
            line_no += 1;
            let pending = match line {
                Line::TooLong(len) => Some(Pending {
                    line: line_no,
                    id: line_no.to_string(),
                    draft: Err(format!(
                        "line {line_no} is {len} bytes; drafts are limited to {MAX_DRAFT_BYTES} bytes"
                    )),
                }),
                Line::Text(bytes) => parse_record(engine, base, line_no, bytes, jsonl),
            };
            if let Some(p) = pending {
                batch.push(p);
            }
        }
        if batch.is_empty() {
            break;
        }
        let done: Vec<Done> = batch
            .into_par_iter()
            .map(|pending| {
                let report = match &pending.draft {
                    Ok((text, _)) if text.len() > MAX_DRAFT_BYTES => None,
                    Ok((text, ctx)) => Some(engine.check(text, ctx.as_ref().unwrap_or(&resolved))),
                    Err(_) => None,
                };
                Done { pending, report }
            })
            .collect();
        let rendered: Vec<String> = done
            .par_iter()
            .map(|d| render_one(engine, d, &resolved, args.format, &name, color))
            .collect();
        for (d, text) in done.iter().zip(&rendered) {
            match &d.report {
                Some(report) => {
                    checked_count += 1;
                    failing |= fails(report, threshold);
                    if !report.findings.is_empty() {
                        flagged += 1;
                    }
                    for f in &report.findings {
                        by_severity[f.severity as usize] += 1;
                    }
                }
                None => {
                    bad += 1;
                    let message = d.error();
                    if matches!(args.format, Format::Human | Format::Sarif) {
                        eprintln_error(&name, &message);
                    }
                }
            }
            match args.format {
                Format::Json => {
                    if !first_json {
                        out.write_all(b",")?;
                    }
                    first_json = false;
                    out.write_all(text.as_bytes())?;
                }
                Format::Jsonl | Format::Human => out.write_all(text.as_bytes())?,
                Format::Sarif => {}
            }
        }
        if args.format == Format::Sarif {
            sarif_all.extend(done.into_iter().filter(|d| d.report.is_some()));
        }
    }
    match args.format {
        Format::Json => writeln!(out, "]}}")?,
        Format::Sarif => {
            let drafts: Vec<Checked<'_>> = sarif_all
                .iter()
                .filter_map(|d| {
                    let (text, ctx) = d.pending.draft.as_ref().ok()?;
                    Some(Checked {
                        id: Some(&d.pending.id),
                        text,
                        report: d.report.as_ref()?,
                        context: ctx.as_ref().unwrap_or(&resolved),
                        first_line: d.pending.line,
                    })
                })
                .collect();
            out.write_all(ft_report::render_sarif(engine, &drafts, &name).as_bytes())?;
        }
        Format::Human => {
            let mut parts = Vec::new();
            for s in Severity::ALL.iter().rev() {
                let n = by_severity[*s as usize];
                if n > 0 {
                    parts.push(format!("{n} {s}"));
                }
            }
            writeln!(
                out,
                "Checked {checked_count} draft{} from {name}: {flagged} with findings{}{}.",
                if checked_count == 1 { "" } else { "s" },
                if parts.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", parts.join(", "))
                },
                if bad > 0 {
                    format!("; {bad} could not be read")
                } else {
                    String::new()
                },
            )?;
        }
        Format::Jsonl => {}
    }
    out.flush()?;
    Ok(if bad > 0 {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn eprintln_error(name: &str, message: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "error: {name}: {message}");
}

fn render_one(
    engine: &Engine,
    d: &Done,
    base: &ResolvedContext,
    format: Format,
    name: &str,
    color: bool,
) -> String {
    let (Some(report), Ok((text, ctx))) = (&d.report, &d.pending.draft) else {
        if format == Format::Human || format == Format::Sarif {
            return String::new();
        }
        let message = d.error();
        let error = WireError {
            schema_version: SCHEMA_VERSION,
            id: Some(d.pending.id.clone()),
            error: message,
        };
        let mut s = serde_json::to_string(&error).unwrap_or_default();
        if format == Format::Jsonl {
            s.push('\n');
        }
        return s;
    };
    let checked = Checked {
        id: Some(&d.pending.id),
        text,
        report,
        context: ctx.as_ref().unwrap_or(base),
        first_line: d.pending.line,
    };
    match format {
        Format::Human if report.findings.is_empty() => String::new(),
        Format::Human => ft_report::render_human(
            engine,
            &checked,
            &HumanOptions {
                color,
                name: name.to_string(),
                summary: true,
            },
        ),
        Format::Json => {
            serde_json::to_string(&ft_report::wire_report(engine, &checked)).unwrap_or_default()
        }
        Format::Jsonl => {
            let mut s = serde_json::to_string(&ft_report::wire_report(engine, &checked))
                .unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Sarif => String::new(),
    }
}

pub(crate) fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let engine = crate::load_engine(&args.pack.pack)?;
    let context = base_context(&args.context)?;
    let resolved = engine
        .resolve(&context)
        .map_err(|e| UserError(e.to_string()))?;
    let text = if args.text == "-" {
        read_stdin()?
    } else {
        args.text.clone()
    };
    if text.len() > MAX_DRAFT_BYTES {
        bail!(too_long(text.len()));
    }
    let report = engine.check_traced(&text, &resolved);
    let pack = engine.pack();
    let rule_id = |r: usize| pack.rules[r].id.as_str();
    let slice = |r: ft_text::TextRange| r.slice(&text).unwrap_or("").to_string();
    let mut out = String::new();
    out.push_str(&format!(
        "Pack `{}` {} · account {} · {} · at {}\n\n",
        pack.meta.id,
        pack.meta.version,
        context.account,
        if context.roles.is_empty() {
            "no role".to_string()
        } else {
            format!("roles {}", context.roles.join(", "))
        },
        context.at.to_rfc3339()
    ));
    out.push_str(&format!("Findings ({}):\n", report.findings.len()));
    let checked = Checked {
        id: None,
        text: &text,
        report: &report,
        context: &resolved,
        first_line: 1,
    };
    let wire = ft_report::wire_report(&engine, &checked);
    for (f, w) in report.findings.iter().zip(&wire.findings) {
        out.push_str(&format!(
            "  {} {:?} bytes {}..{} {} confidence {:.2}\n    evidence: {}\n",
            rule_id(f.rule),
            w.matched,
            f.span.start(),
            f.span.end(),
            f.severity,
            f.confidence,
            w.evidence
        ));
    }
    out.push_str(&format!(
        "\nDropped candidates ({}):\n",
        report.dropped.len()
    ));
    for d in &report.dropped {
        let reason = match &d.reason {
            DropReason::LowConfidence { confidence, min } => {
                format!("confidence {confidence:.2} is below the rule's minimum {min:.2}")
            }
            DropReason::Exception { span } => {
                format!("cancelled by the exception {:?}", slice(*span))
            }
            DropReason::CaseMismatch => "a case-sensitive term written in another case".to_string(),
            DropReason::NothingNear => "nothing from the `near` lists close enough".to_string(),
            DropReason::Overlapped { by_rule } => {
                format!(
                    "overlaps a higher-ranked finding of the same principle ({})",
                    rule_id(*by_rule)
                )
            }
            DropReason::Shadowed => {
                "overlapped by a longer or earlier match of the same rule".to_string()
            }
        };
        out.push_str(&format!(
            "  {} {:?} bytes {}..{}: {reason}\n",
            rule_id(d.rule),
            slice(d.span),
            d.span.start(),
            d.span.end()
        ));
    }
    out.push_str(&format!(
        "\nRules not applying in this context ({}): {}\n",
        report.inactive_rules.len(),
        report
            .inactive_rules
            .iter()
            .map(|&r| rule_id(r))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

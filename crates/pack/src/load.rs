//! Loading a pack: read each file of the `extends` chain through a [`PackSource`], parse it
//! table by table (so every error is collected, not just the first), merge the chain, and check
//! every reference, id, regex and bound.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use regex::RegexBuilder;
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::value::Datetime;

use crate::error::{FileCtx, PackError, PackErrors};
use crate::model::*;
use crate::raw::*;
use crate::vocab::{Entity, Metric, Target};

/// Limits that keep a hostile or mistaken pack from exhausting memory or time.
pub mod limits {
    /// Largest pack file read, in bytes.
    pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
    /// Deepest `extends` chain.
    pub const MAX_EXTENDS_DEPTH: usize = 16;
    /// Most rules in a resolved pack.
    pub const MAX_RULES: usize = 10_000;
    /// Most terms (all lists together) in a resolved pack.
    pub const MAX_TERMS: usize = 500_000;
    /// Longest term, in bytes.
    pub const MAX_TERM_BYTES: usize = 256;
    /// Longest regex source, in bytes.
    pub const MAX_REGEX_BYTES: usize = 4096;
    /// Compiled size limit of one regex, in bytes.
    pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
    /// Most examples per rule.
    pub const MAX_EXAMPLES: usize = 500;
    /// Longest example text, in bytes.
    pub const MAX_EXAMPLE_BYTES: usize = 64 * 1024;
    /// Largest `near.within`.
    pub const MAX_NEAR_WITHIN: u32 = 50;
}

/// A pack file's text, as handed over by a [`PackSource`].
#[derive(Clone, Debug)]
pub struct LoadedFile {
    /// A key that identifies the file (for cycle detection and relative paths): a canonical path,
    /// or `shipped:NAME`.
    pub key: String,
    /// How to show the file to people.
    pub display: String,
    /// Its text.
    pub text: String,
}

/// Where packs come from. The pack crate does no I/O; a front end implements this over its
/// embedded packs and the file system.
pub trait PackSource {
    /// Find the pack `reference` (a shipped pack name or a path), as written in `from` (`None` for
    /// the pack being loaded).
    fn load(&self, reference: &str, from: Option<&LoadedFile>) -> Result<LoadedFile, String>;
}

/// A [`PackSource`] over an in-memory map of names to texts, for tests and embedded packs.
#[derive(Clone, Debug, Default)]
pub struct MemorySource {
    files: Vec<(String, String)>,
}

impl MemorySource {
    /// An empty source.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a pack under `name`.
    pub fn with(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.files.push((name.into(), text.into()));
        self
    }
}

impl PackSource for MemorySource {
    fn load(&self, reference: &str, _from: Option<&LoadedFile>) -> Result<LoadedFile, String> {
        self.files
            .iter()
            .find(|(name, _)| name == reference)
            .map(|(name, text)| LoadedFile {
                key: format!("memory:{name}"),
                display: name.clone(),
                text: text.clone(),
            })
            .ok_or_else(|| format!("no pack named `{reference}`"))
    }
}

/// Parse and resolve one pack text that extends nothing (or only packs in `source`).
pub fn load_pack_str(display: &str, text: &str) -> Result<Pack, PackErrors> {
    let source = MemorySource::new().with(display, text);
    load_pack(display, &source)
}

/// Load the pack `reference` and everything it extends, and resolve it.
pub fn load_pack(reference: &str, source: &dyn PackSource) -> Result<Pack, PackErrors> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut stack = Vec::new();
    collect(reference, None, source, &mut stack, &mut files, &mut errors);
    if !errors.is_empty() {
        return Err(sorted(errors));
    }
    let ctxs: Vec<FileCtx<'_>> = files
        .iter()
        .map(|f| FileCtx::new(f.file.display.clone(), &f.file.text))
        .collect();
    let pack = Resolver::new(&files, &ctxs, &mut errors).resolve();
    if errors.is_empty() {
        Ok(pack)
    } else {
        Err(sorted(errors))
    }
}

/// Errors in reading order: by file (in the order files were read), then line and column.
fn sorted(mut errors: Vec<PackError>) -> PackErrors {
    let mut files: Vec<String> = Vec::new();
    for e in &errors {
        if !files.contains(&e.file) {
            files.push(e.file.clone());
        }
    }
    errors.sort_by_key(|e| {
        let file = files.iter().position(|f| *f == e.file).unwrap_or(0);
        (file, e.line, e.column)
    });
    PackErrors(errors)
}

/// One parsed file of the chain.
struct ParsedFile {
    file: LoadedFile,
    parts: RawParts,
}

#[derive(Default)]
struct RawParts {
    pack: Option<RawPackMeta>,
    organisation: Option<RawOrganisation>,
    contacts: Vec<RawContact>,
    principles: Vec<RawPrinciple>,
    roles: Vec<RawRole>,
    professions: Vec<RawProfession>,
    periods: Vec<RawPeriod>,
    lists: Vec<RawList>,
    rules: Vec<RawRule>,
}

fn collect(
    reference: &str,
    from: Option<(&LoadedFile, Range<usize>)>,
    source: &dyn PackSource,
    stack: &mut Vec<String>,
    files: &mut Vec<ParsedFile>,
    errors: &mut Vec<PackError>,
) {
    let at_reference = |message: String| -> PackError {
        match &from {
            Some((parent, span)) => FileCtx::new(parent.display.clone(), &parent.text).error(
                span.clone(),
                None,
                message,
            ),
            None => PackError {
                file: reference.to_string(),
                line: 1,
                column: 1,
                item: None,
                message,
                source_line: String::new(),
                underline: 1,
            },
        }
    };
    let file = match source.load(reference, from.as_ref().map(|(f, _)| *f)) {
        Ok(file) => file,
        Err(message) => {
            errors.push(at_reference(message));
            return;
        }
    };
    if stack.contains(&file.key) {
        errors.push(at_reference(format!(
            "`{reference}` extends itself through {}",
            stack.join(" → ")
        )));
        return;
    }
    if files.iter().any(|f| f.file.key == file.key) {
        return; // Already merged through another branch.
    }
    if stack.len() >= limits::MAX_EXTENDS_DEPTH {
        errors.push(at_reference(format!(
            "`extends` chain deeper than {} packs",
            limits::MAX_EXTENDS_DEPTH
        )));
        return;
    }
    if file.text.len() > limits::MAX_FILE_BYTES {
        errors.push(at_reference(format!(
            "{} is {} bytes; packs are limited to {} bytes",
            file.display,
            file.text.len(),
            limits::MAX_FILE_BYTES
        )));
        return;
    }
    let ctx = FileCtx::new(file.display.clone(), &file.text);
    let before = errors.len();
    let parts = parse_file(&ctx, errors);
    let parse_failed = errors.len() > before;
    drop(ctx);
    let extends: Vec<Spanned<String>> = parts
        .pack
        .as_ref()
        .map(|p| p.extends.clone())
        .unwrap_or_default();
    stack.push(file.key.clone());
    for parent in &extends {
        collect(
            parent.get_ref(),
            Some((&file, parent.span())),
            source,
            stack,
            files,
            errors,
        );
    }
    stack.pop();
    if !parse_failed {
        files.push(ParsedFile { file, parts });
    }
}

const TOP_LEVEL: &str =
    "pack, organisation, contact, principle, role, profession, period, list, rule";

fn parse_file(ctx: &FileCtx<'_>, errors: &mut Vec<PackError>) -> RawParts {
    let mut parts = RawParts::default();
    let root = match DeTable::parse(ctx.text) {
        Ok(root) => root,
        Err(e) => {
            errors.push(toml_error(ctx, &e, None));
            return parts;
        }
    };
    for (key, value) in root.into_inner() {
        let name: &str = key.get_ref();
        match name {
            "pack" => parts.pack = one(value, ctx, "[pack]", errors),
            "organisation" => parts.organisation = one(value, ctx, "[organisation]", errors),
            "contact" => parts.contacts = many(value, ctx, "contact", errors),
            "principle" => parts.principles = many(value, ctx, "principle", errors),
            "role" => parts.roles = many(value, ctx, "role", errors),
            "profession" => parts.professions = many(value, ctx, "profession", errors),
            "period" => parts.periods = many(value, ctx, "period", errors),
            "list" => parts.lists = many(value, ctx, "list", errors),
            "rule" => parts.rules = many(value, ctx, "rule", errors),
            other => errors.push(ctx.error(
                key.span(),
                None,
                format!("unknown table `{other}`; a pack has: {TOP_LEVEL}"),
            )),
        }
    }
    if parts.pack.is_none() && errors.is_empty() {
        errors.push(ctx.error(0..0, None, "missing the `[pack]` table"));
    }
    parts
}

fn toml_error(ctx: &FileCtx<'_>, e: &toml::de::Error, item: Option<&str>) -> PackError {
    let span = e.span().unwrap_or(0..0);
    let mut message = e.message().trim().replace('\n', " ");
    if message.contains("wanted exactly 1 element") {
        message = "`detect` takes exactly one detector: terms, pattern, entity, metric or context"
            .to_string();
    }
    ctx.error(span, item, message)
}

fn one<T: for<'de> Deserialize<'de>>(
    value: Spanned<DeValue<'_>>,
    ctx: &FileCtx<'_>,
    label: &str,
    errors: &mut Vec<PackError>,
) -> Option<T> {
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(toml_error(ctx, &e, Some(label)));
            None
        }
    }
}

fn many<T: for<'de> Deserialize<'de>>(
    value: Spanned<DeValue<'_>>,
    ctx: &FileCtx<'_>,
    kind: &str,
    errors: &mut Vec<PackError>,
) -> Vec<T> {
    let span = value.span();
    let DeValue::Array(items) = value.into_inner() else {
        errors.push(ctx.error(
            span,
            None,
            format!("`{kind}` must be an array of tables, written [[{kind}]]"),
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (n, item) in items.into_iter().enumerate() {
        let label = match item
            .get_ref()
            .get("id")
            .and_then(|id| id.get_ref().as_str())
        {
            Some(id) => format!("{kind} `{id}`"),
            None => format!("{kind} #{}", n + 1),
        };
        if let Some(v) = one(item, ctx, &label, errors) {
            out.push(v);
        }
    }
    out
}

/// Merges the chain and resolves references, collecting errors.
struct Resolver<'a, 't> {
    files: &'a [ParsedFile],
    ctxs: &'a [FileCtx<'t>],
    errors: &'a mut Vec<PackError>,
    overrides: Vec<Override>,
}

/// Items of one kind merged across the chain: id → (file index, item), in first-definition order.
struct Merged<'a, T> {
    order: Vec<(String, usize, &'a T)>,
    index: HashMap<String, usize>,
}

impl<'a, T> Merged<'a, T> {
    fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

const PLACEHOLDERS: &[&str] = &["matched", "org", "platform", "limit", "period"];

impl<'a, 't> Resolver<'a, 't> {
    fn new(
        files: &'a [ParsedFile],
        ctxs: &'a [FileCtx<'t>],
        errors: &'a mut Vec<PackError>,
    ) -> Self {
        Self {
            files,
            ctxs,
            errors,
            overrides: Vec::new(),
        }
    }

    fn err(
        &mut self,
        file: usize,
        span: Range<usize>,
        item: Option<&str>,
        message: impl Into<String>,
    ) {
        let e = self.ctxs[file].error(span, item, message);
        self.errors.push(e);
    }

    /// Merge one kind of item across files, reporting bad and duplicate ids.
    fn merge<T>(
        &mut self,
        kind: &str,
        items: impl Fn(&'a RawParts) -> &'a [T],
        id: impl Fn(&T) -> &Spanned<String>,
    ) -> Merged<'a, T> {
        let mut merged = Merged {
            order: Vec::new(),
            index: HashMap::new(),
        };
        for (f, file) in self.files.iter().enumerate() {
            for item in items(&file.parts) {
                let sid = id(item);
                let name = sid.get_ref().clone();
                if !is_kebab_id(&name) {
                    self.err(
                        f,
                        sid.span(),
                        Some(&format!("{kind} `{name}`")),
                        "ids must be kebab-case: lower-case letters and digits joined by single hyphens, at most 64 characters",
                    );
                }
                match merged.index.get(&name) {
                    Some(&at) if merged.order[at].1 == f => {
                        self.err(
                            f,
                            sid.span(),
                            Some(&format!("{kind} `{name}`")),
                            format!("duplicate {kind} id `{name}` in this file"),
                        );
                    }
                    Some(&at) => {
                        let pack_of = |file: usize| {
                            self.files[file]
                                .parts
                                .pack
                                .as_ref()
                                .map(|p| p.id.get_ref().clone())
                                .unwrap_or_default()
                        };
                        self.overrides.push(Override {
                            kind: kind.to_string(),
                            id: name.clone(),
                            by: pack_of(f),
                            replaces: pack_of(merged.order[at].1),
                        });
                        merged.order[at] = (name, f, item);
                    }
                    None => {
                        merged.index.insert(name.clone(), merged.order.len());
                        merged.order.push((name, f, item));
                    }
                }
            }
        }
        merged
    }

    fn resolve(mut self) -> Pack {
        let last = self.files.len() - 1;
        let contacts = self.merge("contact", |p| &p.contacts, |c| &c.id);
        let principles = self.merge("principle", |p| &p.principles, |p| &p.id);
        let roles = self.merge("role", |p| &p.roles, |r| &r.id);
        let professions = self.merge("profession", |p| &p.professions, |p| &p.id);
        let periods = self.merge("period", |p| &p.periods, |p| &p.id);
        let lists = self.merge("list", |p| &p.lists, |l| &l.id);
        let rules = self.merge("rule", |p| &p.rules, |r| &r.id);

        let meta = self.meta(last);
        let organisation = self
            .files
            .iter()
            .rev()
            .find_map(|f| f.parts.organisation.as_ref())
            .map(|o| Organisation {
                name: o.name.as_deref().map(flatten),
                aliases: o.aliases.clone(),
                handles: o.handles.clone(),
                domains: o.domains.iter().map(|d| d.to_ascii_lowercase()).collect(),
                internal_domains: o
                    .internal_domains
                    .iter()
                    .map(|d| d.to_ascii_lowercase())
                    .collect(),
            });

        let contacts_out = contacts
            .order
            .iter()
            .map(|(id, _, c)| Contact {
                id: id.clone(),
                name: c.name.clone(),
                reach: c.reach.clone(),
            })
            .collect();
        let principles_out = principles
            .order
            .iter()
            .map(|(id, _, p)| Principle {
                id: id.clone(),
                title: p.title.clone(),
                summary: flatten(&p.summary),
                source: Source {
                    title: p.source.title.clone(),
                    clause: p.source.clause.clone(),
                    url: p.source.url.clone(),
                },
            })
            .collect();
        let roles_out = self.roles(&roles);
        let professions_out = professions
            .order
            .iter()
            .map(|(id, _, p)| Profession {
                id: id.clone(),
                title: p.title.clone(),
                description: p.description.clone(),
            })
            .collect();
        let periods_out = periods
            .order
            .iter()
            .map(|&(ref id, f, p)| self.period(f, id, p))
            .collect();
        let mut lists_out: Vec<TermList> = lists
            .order
            .iter()
            .map(|&(ref id, f, l)| {
                let list = TermList {
                    id: id.clone(),
                    description: l.description.clone(),
                    terms: l.terms.clone(),
                    cased: l.cased.clone(),
                    unless: l.unless.clone(),
                    anonymous: false,
                };
                if id == ORGANISATION_LIST {
                    self.err(
                        f,
                        l.id.span(),
                        Some(&format!("list `{id}`")),
                        "`organisation` is the built-in list of the organisation's names; choose another id",
                    );
                }
                self.check_terms(f, l.id.span(), &format!("list `{id}`"), &list);
                list
            })
            .collect();
        let org_list = organisation.as_ref().and_then(|o| {
            let mut terms: Vec<String> = o
                .name
                .iter()
                .cloned()
                .chain(o.aliases.iter().cloned())
                .collect();
            terms.extend(
                o.handles
                    .iter()
                    .map(|h| h.trim_start_matches('@').to_string()),
            );
            terms.retain(|t| {
                ft_text::fold_for_matching(t, true)
                    .chars()
                    .any(ft_text::is_word_char)
            });
            (!terms.is_empty()).then(|| {
                lists_out.push(TermList {
                    id: ORGANISATION_LIST.to_string(),
                    description: Some("The organisation's name, aliases and handles.".to_string()),
                    terms,
                    cased: Vec::new(),
                    unless: Vec::new(),
                    anonymous: false,
                });
                lists_out.len() - 1
            })
        });

        let refs = Refs {
            contacts: &contacts,
            principles: &principles,
            roles: &roles,
            professions: &professions,
            periods: &periods,
            lists: &lists,
            org_list,
        };
        let mut rules_out = Vec::with_capacity(rules.order.len());
        for &(ref id, f, raw) in &rules.order {
            if let Some(rule) = self.rule(f, id, raw, &refs, &mut lists_out) {
                rules_out.push(rule);
            }
        }
        self.disable(&mut rules_out);

        if rules_out.len() > limits::MAX_RULES {
            self.err(
                last,
                0..0,
                None,
                format!("more than {} rules", limits::MAX_RULES),
            );
        }
        let total_terms: usize = lists_out
            .iter()
            .map(|l| l.terms.len() + l.cased.len() + l.unless.len())
            .sum();
        if total_terms > limits::MAX_TERMS {
            self.err(
                last,
                0..0,
                None,
                format!("more than {} terms in all lists", limits::MAX_TERMS),
            );
        }

        let overrides = std::mem::take(&mut self.overrides);
        Pack {
            meta,
            organisation,
            contacts: contacts_out,
            principles: principles_out,
            roles: roles_out,
            professions: professions_out,
            periods: periods_out,
            lists: lists_out,
            rules: rules_out,
            overrides,
        }
    }

    fn meta(&mut self, last: usize) -> PackMeta {
        let extends = self.files[..last]
            .iter()
            .filter_map(|f| f.parts.pack.as_ref().map(|p| p.id.get_ref().clone()))
            .collect();
        match self.files[last].parts.pack.as_ref() {
            Some(p) => {
                if !is_kebab_id(p.id.get_ref()) {
                    self.err(
                        last,
                        p.id.span(),
                        Some("[pack]"),
                        "the pack id must be kebab-case",
                    );
                }
                PackMeta {
                    id: p.id.get_ref().clone(),
                    name: p.name.clone(),
                    version: p.version.clone(),
                    language: p.language.clone(),
                    description: p.description.clone(),
                    extends,
                }
            }
            None => PackMeta {
                id: String::new(),
                name: String::new(),
                version: String::new(),
                language: String::new(),
                description: String::new(),
                extends,
            },
        }
    }

    fn roles(&mut self, roles: &Merged<'a, RawRole>) -> Vec<Role> {
        let mut out: Vec<Role> = Vec::with_capacity(roles.order.len());
        for &(ref id, f, r) in &roles.order {
            let mut includes = Vec::new();
            for inc in &r.includes {
                match roles.position(inc.get_ref()) {
                    Some(i) => includes.push(i),
                    None => self.err(
                        f,
                        inc.span(),
                        Some(&format!("role `{id}`")),
                        format!("includes unknown role `{}`", inc.get_ref()),
                    ),
                }
            }
            out.push(Role {
                id: id.clone(),
                title: r.title.clone(),
                description: r.description.clone(),
                includes,
                implied: Vec::new(),
            });
        }
        for start in 0..out.len() {
            let mut seen = BTreeSet::from([start]);
            let mut todo = vec![start];
            while let Some(r) = todo.pop() {
                for &inc in &out[r].includes {
                    if seen.insert(inc) {
                        todo.push(inc);
                    }
                }
            }
            out[start].implied = seen.into_iter().collect();
        }
        out
    }

    fn period(&mut self, f: usize, id: &str, p: &RawPeriod) -> Period {
        let item = format!("period `{id}`");
        if p.windows.is_empty() {
            self.err(
                f,
                p.id.span(),
                Some(&item),
                "a period needs at least one window",
            );
        }
        let mut windows = Vec::new();
        for w in &p.windows {
            let from = self.bound(f, &w.from, &item);
            let to = self.bound(f, &w.to, &item);
            if let (Some(from), Some(to)) = (from, to) {
                let inverted = match (from, to) {
                    (Bound::Date(a), Bound::Date(b)) => a > b,
                    (Bound::Local(a), Bound::Local(b)) => a > b,
                    (Bound::Instant(a), Bound::Instant(b)) => a > b,
                    _ => false,
                };
                if inverted {
                    self.err(
                        f,
                        w.from.span(),
                        Some(&item),
                        "the window ends before it starts",
                    );
                }
                windows.push(Window { from, to });
            }
        }
        Period {
            id: id.to_string(),
            title: p.title.clone(),
            description: p.description.clone(),
            windows,
        }
    }

    fn bound(&mut self, f: usize, value: &Spanned<Datetime>, item: &str) -> Option<Bound> {
        let dt = value.get_ref();
        let bound = match (&dt.date, &dt.time, &dt.offset) {
            (Some(_), None, None) => NaiveDate::parse_from_str(&dt.to_string(), "%Y-%m-%d")
                .ok()
                .map(Bound::Date),
            (Some(_), Some(_), None) => parse_local(&dt.to_string()).map(Bound::Local),
            (Some(_), Some(_), Some(_)) => DateTime::parse_from_rfc3339(&dt.to_string())
                .ok()
                .map(Bound::Instant),
            _ => None,
        };
        if bound.is_none() {
            self.err(
                f,
                value.span(),
                Some(item),
                "expected a date (2026-05-07) or a date-time (2026-05-07T22:00:00+01:00)",
            );
        }
        bound
    }

    fn check_terms(&mut self, f: usize, span: Range<usize>, item: &str, list: &TermList) {
        for term in list.terms.iter().chain(&list.cased).chain(&list.unless) {
            let folded = ft_text::fold_for_matching(term, true);
            if term.len() > limits::MAX_TERM_BYTES {
                self.err(
                    f,
                    span.clone(),
                    Some(item),
                    format!(
                        "term `{}…` is longer than {} bytes",
                        term.chars().take(24).collect::<String>(),
                        limits::MAX_TERM_BYTES
                    ),
                );
            } else if !folded
                .chars()
                .any(|c| ft_text::is_word_char(c) || (!c.is_ascii() && !c.is_whitespace()))
            {
                self.err(
                    f,
                    span.clone(),
                    Some(item),
                    format!(
                        "term `{term}` has no letters, digits or symbols such as emoji to match"
                    ),
                );
            } else if folded.trim() != folded {
                self.err(
                    f,
                    span.clone(),
                    Some(item),
                    format!("term `{term}` starts or ends with a space"),
                );
            }
        }
    }

    fn check_text(&mut self, f: usize, span: Range<usize>, item: &str, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.err(
                f,
                span.clone(),
                Some(item),
                format!("`{field}` must not be empty"),
            );
        }
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            let name = &after[..close];
            if !PLACEHOLDERS.contains(&name) {
                self.err(
                    f,
                    span.clone(),
                    Some(item),
                    format!(
                        "`{field}` has an unknown placeholder `{{{name}}}`; the placeholders are {}",
                        PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")
                    ),
                );
            }
            rest = &after[close + 1..];
        }
    }

    fn unit(
        &mut self,
        f: usize,
        span: Range<usize>,
        item: &str,
        field: &str,
        v: Option<f64>,
        default: f64,
    ) -> f64 {
        match v {
            Some(v) if !(0.0..=1.0).contains(&v) => {
                self.err(
                    f,
                    span,
                    Some(item),
                    format!("`{field}` must be between 0 and 1"),
                );
                default
            }
            Some(v) => v,
            None => default,
        }
    }

    fn rule(
        &mut self,
        f: usize,
        id: &str,
        raw: &RawRule,
        refs: &Refs<'a, '_>,
        lists_out: &mut Vec<TermList>,
    ) -> Option<Rule> {
        let item = format!("rule `{id}`");
        let span = raw.id.span();
        let before = self.errors.len();

        let principle = refs.principles.position(raw.principle.get_ref());
        if principle.is_none() {
            self.err(
                f,
                raw.principle.span(),
                Some(&item),
                format!("unknown principle `{}`", raw.principle.get_ref()),
            );
        }
        if raw.tags.is_empty() {
            self.err(
                f,
                span.clone(),
                Some(&item),
                "a rule needs at least one tag",
            );
        }
        if raw.title.contains('{') {
            self.err(
                f,
                span.clone(),
                Some(&item),
                "`title` cannot have placeholders",
            );
        }
        for (field, text) in [
            ("title", &raw.title),
            ("message", &raw.message),
            ("why", &raw.why),
            ("suggest", &raw.suggest),
        ] {
            self.check_text(f, span.clone(), &item, field, text);
        }
        let mut ask = Vec::new();
        for a in &raw.ask {
            match refs.contacts.position(a.get_ref()) {
                Some(i) => ask.push(i),
                None => self.err(
                    f,
                    a.span(),
                    Some(&item),
                    format!("unknown contact `{}`", a.get_ref()),
                ),
            }
        }
        let when = self.when(f, &raw.when, refs, &item, &span);
        let mut severity_when = Vec::new();
        for sw in &raw.severity_when {
            let w = self.when(f, &sw.when, refs, &item, &span);
            if w.is_always() {
                self.err(
                    f,
                    span.clone(),
                    Some(&item),
                    "a `severity_when` entry needs a `when` with at least one condition",
                );
            }
            severity_when.push(SeverityWhen {
                when: w,
                severity: sw.severity,
            });
        }
        let min_confidence = self.unit(
            f,
            span.clone(),
            &item,
            "min_confidence",
            raw.min_confidence,
            0.5,
        );
        let applies_to = match &raw.applies_to {
            None => vec![Target::Post],
            Some(targets) => {
                if targets.is_empty() {
                    self.err(
                        f,
                        span.clone(),
                        Some(&item),
                        "`applies_to` is empty, so the rule could never apply; leave it out for posts only",
                    );
                }
                let mut out: Vec<Target> = targets
                    .iter()
                    .flat_map(|&t| match t {
                        Target::Profile => Target::PROFILE_FIELDS.to_vec(),
                        other => vec![other],
                    })
                    .collect();
                out.sort();
                out.dedup();
                out
            }
        };
        let detector = self.detector(f, id, &raw.detect, refs, lists_out, &item, span.clone());

        if raw.example.len() > limits::MAX_EXAMPLES {
            self.err(
                f,
                span.clone(),
                Some(&item),
                format!("more than {} examples", limits::MAX_EXAMPLES),
            );
        }
        let mut examples = Vec::new();
        for ex in &raw.example {
            if let Some(e) = self.example(f, ex, refs, &item, &applies_to) {
                examples.push(e);
            }
        }

        if self.errors.len() > before {
            return None;
        }
        Some(Rule {
            id: id.to_string(),
            title: flatten(&raw.title),
            principle: principle?,
            tags: raw.tags.clone(),
            applies_to,
            severity: raw.severity,
            severity_when,
            when,
            min_confidence,
            detector: detector?,
            message: flatten(&raw.message),
            why: flatten(&raw.why),
            suggest: flatten(&raw.suggest),
            ask,
            examples,
            origin: Origin {
                pack: self.files[f]
                    .parts
                    .pack
                    .as_ref()
                    .map(|p| p.id.get_ref().clone())
                    .unwrap_or_default(),
                file: self.files[f].file.display.clone(),
                line: self.ctxs[f].line_of(span.start),
            },
        })
    }

    fn ids(
        &mut self,
        f: usize,
        values: &Option<Vec<Spanned<String>>>,
        merged: impl Fn(&str) -> Option<usize>,
        kind: &str,
        item: &str,
    ) -> Option<Vec<usize>> {
        let values = values.as_ref()?;
        let mut out = Vec::new();
        for v in values {
            match merged(v.get_ref()) {
                Some(i) => out.push(i),
                None => self.err(
                    f,
                    v.span(),
                    Some(item),
                    format!("unknown {kind} `{}`", v.get_ref()),
                ),
            }
        }
        Some(out)
    }

    fn when(
        &mut self,
        f: usize,
        raw: &RawWhen,
        refs: &Refs<'a, '_>,
        item: &str,
        span: &Range<usize>,
    ) -> When {
        let empty = [
            ("account", raw.account.as_ref().is_some_and(Vec::is_empty)),
            ("role", raw.role.as_ref().is_some_and(Vec::is_empty)),
            (
                "profession",
                raw.profession.as_ref().is_some_and(Vec::is_empty),
            ),
            ("period", raw.period.as_ref().is_some_and(Vec::is_empty)),
            ("platform", raw.platform.as_ref().is_some_and(Vec::is_empty)),
        ];
        for (key, is_empty) in empty {
            if is_empty {
                self.err(
                    f,
                    span.clone(),
                    Some(item),
                    format!("`when.{key}` is empty, so the rule could never apply; leave the key out to match any {key}"),
                );
            }
        }
        When {
            accounts: raw.account.clone(),
            roles: self.ids(f, &raw.role, |s| refs.roles.position(s), "role", item),
            professions: self.ids(
                f,
                &raw.profession,
                |s| refs.professions.position(s),
                "profession",
                item,
            ),
            periods: self.ids(f, &raw.period, |s| refs.periods.position(s), "period", item),
            platforms: raw.platform.clone(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn detector(
        &mut self,
        f: usize,
        id: &str,
        raw: &RawDetector,
        refs: &Refs<'a, '_>,
        lists_out: &mut Vec<TermList>,
        item: &str,
        span: Range<usize>,
    ) -> Option<Detector> {
        Some(match raw {
            RawDetector::Terms(t) => {
                let mut lists = self.list_refs(f, &t.lists, refs, item);
                if !t.terms.is_empty() || !t.cased.is_empty() {
                    let list = TermList {
                        id: format!("{id}/terms"),
                        description: None,
                        terms: t.terms.clone(),
                        cased: t.cased.clone(),
                        unless: Vec::new(),
                        anonymous: true,
                    };
                    self.check_terms(f, span.clone(), item, &list);
                    lists.push(lists_out.len());
                    lists_out.push(list);
                }
                if t.lists.is_empty() && t.terms.is_empty() && t.cased.is_empty() {
                    self.err(
                        f,
                        span.clone(),
                        Some(item),
                        "`detect.terms` needs `lists`, `terms` or `cased`",
                    );
                }
                let unless_list = TermList {
                    id: String::new(),
                    description: None,
                    terms: Vec::new(),
                    cased: Vec::new(),
                    unless: t.unless.clone(),
                    anonymous: true,
                };
                self.check_terms(f, span.clone(), item, &unless_list);
                if t.and_near.is_some() && t.near.is_none() {
                    self.err(
                        f,
                        span.clone(),
                        Some(item),
                        "`and_near` needs a `near` as well",
                    );
                }
                let mut near = Vec::new();
                for (key, n) in [("near", &t.near), ("and_near", &t.and_near)] {
                    let Some(n) = n else { continue };
                    let mut near_lists = self.list_refs(f, &n.lists, refs, item);
                    if !n.terms.is_empty() {
                        let list = TermList {
                            id: format!("{id}/{key}"),
                            description: None,
                            terms: n.terms.clone(),
                            cased: Vec::new(),
                            unless: Vec::new(),
                            anonymous: true,
                        };
                        self.check_terms(f, span.clone(), item, &list);
                        near_lists.push(lists_out.len());
                        lists_out.push(list);
                    }
                    if n.lists.is_empty() && n.terms.is_empty() {
                        self.err(
                            f,
                            span.clone(),
                            Some(item),
                            format!("`{key}` needs `lists` or `terms`"),
                        );
                    }
                    let within = n.within.unwrap_or(5);
                    if within == 0 || within > limits::MAX_NEAR_WITHIN {
                        self.err(
                            f,
                            span.clone(),
                            Some(item),
                            format!(
                                "`{key}.within` must be between 1 and {}",
                                limits::MAX_NEAR_WITHIN
                            ),
                        );
                    }
                    near.push(NearSpec {
                        lists: near_lists,
                        within,
                    });
                }
                let confidence = self.unit(f, span, item, "confidence", t.confidence, 0.8);
                Detector::Terms(TermsSpec {
                    lists,
                    unless: t.unless.clone(),
                    near,
                    evasion: t.evasion,
                    confidence,
                })
            }
            RawDetector::Pattern(p) => {
                let source = p.regex.get_ref();
                let confidence = self.unit(f, span, item, "confidence", p.confidence, 0.8);
                if source.len() > limits::MAX_REGEX_BYTES {
                    self.err(
                        f,
                        p.regex.span(),
                        Some(item),
                        format!("the regex is longer than {} bytes", limits::MAX_REGEX_BYTES),
                    );
                    return None;
                }
                let regex = RegexBuilder::new(source)
                    .size_limit(limits::REGEX_SIZE_LIMIT)
                    .dfa_size_limit(2 * limits::REGEX_SIZE_LIMIT)
                    .nest_limit(64)
                    .build();
                match regex {
                    Ok(regex) => {
                        if regex.find("").is_some() {
                            self.err(
                                f,
                                p.regex.span(),
                                Some(item),
                                "the regex matches the empty string, so it would flag every post",
                            );
                            return None;
                        }
                        Detector::Pattern(PatternSpec {
                            regex,
                            normalised: p.normalised,
                            confidence,
                        })
                    }
                    Err(e) => {
                        let message = match e {
                            regex::Error::CompiledTooBig(limit) => format!(
                                "the regex compiles to more than {limit} bytes; simplify it"
                            ),
                            other => format!(
                                "invalid regex: {}",
                                other.to_string().lines().last().unwrap_or("").trim()
                            ),
                        };
                        self.err(f, p.regex.span(), Some(item), message);
                        return None;
                    }
                }
            }
            RawDetector::Entity(e) => {
                if e.internal_only && e.name != Entity::Url {
                    self.err(
                        f,
                        span,
                        Some(item),
                        "`internal_only` applies only to the `url` entity",
                    );
                }
                Detector::Entity(EntitySpec {
                    entity: e.name,
                    context: e
                        .context
                        .iter()
                        .map(|w| ft_text::fold_for_matching(w, true))
                        .collect(),
                    require_context: e.require_context,
                    internal_only: e.internal_only,
                })
            }
            RawDetector::Metric(m) => {
                let shouting = m.measure == Metric::Shouting;
                let punct = m.measure == Metric::PunctuationRun;
                for (set, allowed, key) in [
                    (m.threshold.is_some(), shouting, "threshold"),
                    (m.min_letters.is_some(), shouting, "min_letters"),
                    (m.min_run.is_some(), punct, "min_run"),
                ] {
                    if set && !allowed {
                        self.err(
                            f,
                            span.clone(),
                            Some(item),
                            format!("`{key}` does not apply to the `{}` metric", m.measure),
                        );
                    }
                }
                let threshold = self.unit(f, span.clone(), item, "threshold", m.threshold, 0.7);
                let min_letters = m.min_letters.unwrap_or(12);
                if min_letters == 0 {
                    self.err(
                        f,
                        span.clone(),
                        Some(item),
                        "`min_letters` must be at least 1",
                    );
                }
                let min_run = m.min_run.unwrap_or(3);
                if min_run < 2 {
                    self.err(f, span, Some(item), "`min_run` must be at least 2");
                }
                Detector::Metric(MetricSpec {
                    measure: m.measure,
                    threshold,
                    min_letters,
                    min_run,
                })
            }
            RawDetector::Context(c) => {
                let rule_when = self.files[f]
                    .parts
                    .rules
                    .iter()
                    .find(|r| r.id.get_ref() == id)
                    .map(|r| &r.when);
                let conditional = rule_when.is_some_and(|w| {
                    w.account.is_some()
                        || w.role.is_some()
                        || w.profession.is_some()
                        || w.period.is_some()
                        || w.platform.is_some()
                });
                if c.hours.is_none() && !conditional {
                    self.err(
                        f,
                        span.clone(),
                        Some(item),
                        "a `context` detector needs `hours` or a `when` condition; otherwise it fires on every post",
                    );
                }
                let hours = match &c.hours {
                    Some(h) => {
                        let from = self.clock(f, &h.from, item);
                        let to = self.clock(f, &h.to, item);
                        match (from, to) {
                            (Some(a), Some(b)) if a == b => {
                                self.err(
                                    f,
                                    h.from.span(),
                                    Some(item),
                                    "`hours` must not start and end at the same time",
                                );
                                None
                            }
                            (Some(a), Some(b)) => Some((a, b)),
                            _ => None,
                        }
                    }
                    None => None,
                };
                Detector::Context(ContextSpec { hours })
            }
            RawDetector::Absent(a) => {
                let mut lists = self.list_refs(f, &a.lists, refs, item);
                if !a.terms.is_empty() {
                    lists.push(self.inline_list(
                        f,
                        &span,
                        item,
                        format!("{id}/absent"),
                        &a.terms,
                        lists_out,
                    ));
                }
                if lists.is_empty() {
                    self.err(
                        f,
                        span.clone(),
                        Some(item),
                        "`detect.absent` needs `lists` or `terms`",
                    );
                }
                let mut if_present = Vec::new();
                if let Some(p) = &a.if_present {
                    if_present = self.list_refs(f, &p.lists, refs, item);
                    if !p.terms.is_empty() {
                        if_present.push(self.inline_list(
                            f,
                            &span,
                            item,
                            format!("{id}/if_present"),
                            &p.terms,
                            lists_out,
                        ));
                    }
                    if if_present.is_empty() && p.lists.is_empty() {
                        self.err(
                            f,
                            span.clone(),
                            Some(item),
                            "`if_present` needs `lists` or `terms`",
                        );
                    }
                    if p.within.is_some() {
                        self.err(
                            f,
                            span,
                            Some(item),
                            "`if_present` takes no `within`: it looks at the whole text",
                        );
                    }
                }
                Detector::Absent(AbsentSpec { lists, if_present })
            }
        })
    }

    /// A rule's inline terms as an anonymous list; returns its index.
    fn inline_list(
        &mut self,
        f: usize,
        span: &Range<usize>,
        item: &str,
        id: String,
        terms: &[String],
        lists_out: &mut Vec<TermList>,
    ) -> usize {
        let list = TermList {
            id,
            description: None,
            terms: terms.to_vec(),
            cased: Vec::new(),
            unless: Vec::new(),
            anonymous: true,
        };
        self.check_terms(f, span.clone(), item, &list);
        lists_out.push(list);
        lists_out.len() - 1
    }

    fn clock(&mut self, f: usize, value: &Spanned<String>, item: &str) -> Option<NaiveTime> {
        let t = NaiveTime::parse_from_str(value.get_ref(), "%H:%M").ok();
        if t.is_none() {
            self.err(
                f,
                value.span(),
                Some(item),
                format!("expected a time as HH:MM, found `{}`", value.get_ref()),
            );
        }
        t
    }

    fn list_refs(
        &mut self,
        f: usize,
        names: &[Spanned<String>],
        refs: &Refs<'a, '_>,
        item: &str,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        for n in names {
            if n.get_ref() == ORGANISATION_LIST {
                match refs.org_list {
                    Some(i) => out.push(i),
                    None => self.err(
                        f,
                        n.span(),
                        Some(item),
                        "the `organisation` list needs an [organisation] table with a name, aliases or handles",
                    ),
                }
                continue;
            }
            match refs.lists.position(n.get_ref()) {
                Some(i) => out.push(i),
                None => self.err(
                    f,
                    n.span(),
                    Some(item),
                    format!("unknown list `{}`", n.get_ref()),
                ),
            }
        }
        out
    }

    fn example(
        &mut self,
        f: usize,
        ex: &Spanned<RawExample>,
        refs: &Refs<'a, '_>,
        item: &str,
        applies_to: &[Target],
    ) -> Option<Example> {
        let span = ex.span();
        let raw = ex.get_ref();
        let before = self.errors.len();
        if raw.text.len() > limits::MAX_EXAMPLE_BYTES {
            self.err(
                f,
                span.clone(),
                Some(item),
                format!(
                    "example text longer than {} bytes",
                    limits::MAX_EXAMPLE_BYTES
                ),
            );
        }
        for flag in &raw.flags {
            if !raw.text.contains(flag.as_str()) {
                self.err(
                    f,
                    span.clone(),
                    Some(item),
                    format!("example flag `{flag}` does not occur in its text"),
                );
            }
        }
        let roles = self
            .ids(
                f,
                &Some(raw.context.role.clone()),
                |s| refs.roles.position(s),
                "role",
                item,
            )
            .unwrap_or_default();
        let professions = self
            .ids(
                f,
                &Some(raw.context.profession.clone()),
                |s| refs.professions.position(s),
                "profession",
                item,
            )
            .unwrap_or_default();
        let at = match &raw.context.at {
            Some(at) => {
                let parsed = at
                    .get_ref()
                    .offset
                    .and_then(|_| DateTime::parse_from_rfc3339(&at.get_ref().to_string()).ok());
                if parsed.is_none() {
                    self.err(
                        f,
                        at.span(),
                        Some(item),
                        "`at` must be a date-time with an offset, like 2026-05-07T23:30:00+01:00",
                    );
                }
                parsed
            }
            None => None,
        };
        let field = match raw.field {
            Some(Target::Profile) => {
                self.err(f, span.clone(), Some(item), "an example's `field` is one field: post, name, handle, bio, location or website");
                Target::Post
            }
            Some(t) => {
                if !applies_to.contains(&t) {
                    self.err(
                        f,
                        span.clone(),
                        Some(item),
                        format!("the example is a {t}, but the rule does not apply to {t}s"),
                    );
                }
                t
            }
            None => applies_to.first().copied().unwrap_or(Target::Post),
        };
        if self.errors.len() > before {
            return None;
        }
        Some(Example {
            text: raw.text.clone(),
            context: ExampleContext {
                account: raw.context.account,
                roles,
                professions,
                at,
                platform: raw.context.platform,
            },
            flags: raw.flags.clone(),
            severity: raw.severity,
            field,
            line: self.ctxs[f].line_of(span.start),
        })
    }

    fn disable(&mut self, rules: &mut Vec<Rule>) {
        let mut disabled: Vec<&str> = Vec::new();
        for (f, file) in self.files.iter().enumerate() {
            let Some(pack) = &file.parts.pack else {
                continue;
            };
            for d in &pack.disable {
                if disabled.contains(&d.get_ref().as_str()) {
                    continue; // Already switched off further up the chain.
                }
                match rules.iter().position(|r| &r.id == d.get_ref()) {
                    Some(i) => {
                        rules.remove(i);
                        disabled.push(d.get_ref());
                    }
                    None => self.err(
                        f,
                        d.span(),
                        Some("[pack]"),
                        format!(
                            "`disable` names `{}`, which no pack in the `extends` chain defines",
                            d.get_ref()
                        ),
                    ),
                }
            }
        }
    }
}

fn parse_local(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
}

/// The merged items references are resolved against.
struct Refs<'a, 'm> {
    contacts: &'m Merged<'a, RawContact>,
    principles: &'m Merged<'a, RawPrinciple>,
    roles: &'m Merged<'a, RawRole>,
    professions: &'m Merged<'a, RawProfession>,
    periods: &'m Merged<'a, RawPeriod>,
    lists: &'m Merged<'a, RawList>,
    /// The index of the built-in `organisation` list, when the pack names its organisation.
    org_list: Option<usize>,
}

/// The id of the built-in list of the organisation's names.
pub const ORGANISATION_LIST: &str = "organisation";

/// Whitespace runs (including the line breaks of multi-line TOML strings) as single spaces.
fn flatten(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

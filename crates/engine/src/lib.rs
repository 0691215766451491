//! The checking engine: compiles a resolved guidance pack once, then checks drafts against it.
//!
//! Data flows one way: text → [`Document`](document) (normalised views, words) → detectors
//! (terms, patterns, entities, metrics, context) → hits → rules → [`Finding`]s → [`Report`].
//! [`Engine::check`] is pure and deterministic: the same text, context and pack always give the
//! same report, whatever the order of the rules, and time comes in through the [`Context`].
//!
//! The engine does no I/O, starts no threads and reads no clock.
#![deny(missing_docs)]

mod check;
mod context;
mod document;
mod entities;
mod examples;
mod finding;
mod metrics;
mod terms;

use ft_pack::{Detector, Pack, Severity, Target};

pub use context::{Context, ContextError, ResolvedContext};
pub use entities::{EntityDoc, entity_docs};
pub use examples::{ExampleFailure, ExampleOutcome, default_example_time, run_examples};
pub use finding::{
    Checksum, Confidence, DropReason, Dropped, Evidence, Finding, NearEvidence, Report,
    TermVariant, Verdict,
};

use terms::{ListInput, TermMatcher};

/// A profile: what people see before they read a single post.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    /// Display name.
    pub name: Option<String>,
    /// Handle (user name), with or without the `@`.
    pub handle: Option<String>,
    /// Bio.
    pub bio: Option<String>,
    /// Location field.
    pub location: Option<String>,
    /// Website field.
    pub website: Option<String>,
}

impl Profile {
    /// The text of a field, if given and not blank.
    pub fn field(&self, field: Target) -> Option<&str> {
        let value = match field {
            Target::Name => &self.name,
            Target::Handle => &self.handle,
            Target::Bio => &self.bio,
            Target::Location => &self.location,
            Target::Website => &self.website,
            Target::Post | Target::Profile => &None,
        };
        value.as_deref().filter(|v| !v.trim().is_empty())
    }
}

/// The findings of one profile field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldReport {
    /// Which field.
    pub field: Target,
    /// Its findings (offsets within the field's text).
    pub report: Report,
}

/// The result of checking a profile: one report per non-empty field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfileReport {
    /// The fields that were checked, in display order.
    pub fields: Vec<FieldReport>,
}

impl ProfileReport {
    /// The highest severity over all fields, or clear.
    pub fn verdict(&self) -> Verdict {
        self.fields
            .iter()
            .map(|f| f.report.verdict())
            .max()
            .unwrap_or(Verdict::Clear)
    }
}

/// A pack that cannot be compiled (a limit of the term automaton was exceeded).
#[derive(Debug, thiserror::Error)]
#[error("cannot compile the pack's term lists: {0}")]
pub struct CompileError(#[from] aho_corasick::BuildError);

/// Largest draft the engine accepts, in bytes. Front ends refuse larger ones with a message.
pub const MAX_DRAFT_BYTES: usize = 1024 * 1024;

/// A compiled pack, ready to check drafts.
pub struct Engine {
    pack: Pack,
    terms: TermMatcher,
    /// Names of the matcher's lists: the pack's lists, then one exception list per rule with
    /// `unless` phrases.
    list_names: Vec<String>,
    /// For each rule, the matcher list holding its own exceptions.
    rule_unless: Vec<Option<u32>>,
    /// For each matcher list, whether a rule with `evasion` uses it.
    evasion_lists: Vec<bool>,
    /// For each matcher list, `true` (every list is scanned in the primary view).
    all_lists: Vec<bool>,
}

impl Engine {
    /// Compile `pack`.
    pub fn new(pack: Pack) -> Result<Self, CompileError> {
        let mut inputs: Vec<ListInput<'_>> = pack
            .lists
            .iter()
            .map(|l| ListInput {
                terms: &l.terms,
                cased: &l.cased,
                unless: &l.unless,
            })
            .collect();
        let mut list_names: Vec<String> = pack.lists.iter().map(|l| l.id.clone()).collect();
        let mut rule_unless = Vec::with_capacity(pack.rules.len());
        for rule in &pack.rules {
            match &rule.detector {
                Detector::Terms(t) if !t.unless.is_empty() => {
                    rule_unless.push(Some(inputs.len() as u32));
                    list_names.push(format!("{}/unless", rule.id));
                    inputs.push(ListInput {
                        terms: &[],
                        cased: &[],
                        unless: &t.unless,
                    });
                }
                _ => rule_unless.push(None),
            }
        }
        let terms = TermMatcher::new(&inputs)?;
        let mut evasion_lists = vec![false; inputs.len()];
        for (r, rule) in pack.rules.iter().enumerate() {
            if let Detector::Terms(t) = &rule.detector
                && t.evasion
            {
                let near = t.near.iter().flat_map(|n| n.lists.iter());
                for &l in t.lists.iter().chain(near) {
                    evasion_lists[l] = true;
                }
                if let Some(u) = rule_unless[r] {
                    evasion_lists[u as usize] = true;
                }
            }
        }
        let all_lists = vec![true; inputs.len()];
        drop(inputs);
        Ok(Self {
            pack,
            terms,
            list_names,
            rule_unless,
            evasion_lists,
            all_lists,
        })
    }

    /// The compiled pack.
    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// Resolve a context against this engine's pack.
    pub fn resolve(&self, context: &Context) -> Result<ResolvedContext, ContextError> {
        ResolvedContext::new(&self.pack, context)
    }

    /// Check a post in `context`.
    pub fn check(&self, text: &str, context: &ResolvedContext) -> Report {
        check::run(self, text, Target::Post, context, false)
    }

    /// Check a post and also report the candidates that were dropped and the rules that did not
    /// apply, with reasons (for `forethought explain`).
    pub fn check_traced(&self, text: &str, context: &ResolvedContext) -> Report {
        check::run(self, text, Target::Post, context, true)
    }

    /// Check `text` as `target` (a post or one profile field): only rules that apply to it run.
    pub fn check_as(&self, text: &str, target: Target, context: &ResolvedContext) -> Report {
        check::run(self, text, target, context, false)
    }

    /// Check every non-empty field of a profile.
    pub fn check_profile(&self, profile: &Profile, context: &ResolvedContext) -> ProfileReport {
        let fields = Target::PROFILE_FIELDS
            .iter()
            .filter_map(|&field| {
                let text = profile.field(field)?;
                Some(FieldReport {
                    field,
                    report: self.check_as(text, field, context),
                })
            })
            .collect();
        ProfileReport { fields }
    }

    /// Check a post, and also say which of the named lists `watch` (indices into the pack's
    /// lists, at most 64) have a match in it: bit `i` of the result for `watch[i]`. Matching is
    /// that of the primary view (whole words, case, exceptions), from the same pass over the text,
    /// for reasoning across posts such as details in different posts that together identify
    /// someone.
    pub fn check_noting(
        &self,
        text: &str,
        context: &ResolvedContext,
        watch: &[usize],
    ) -> (Report, u64) {
        check::run_noting(self, text, Target::Post, context, false, watch)
    }

    /// The name of a term list referred to by evidence.
    pub fn list_name(&self, list: u32) -> &str {
        self.list_names
            .get(list as usize)
            .map_or("", String::as_str)
    }

    /// A term referred to by evidence, as written in the pack.
    pub fn term_text(&self, term: u32) -> &str {
        self.terms.term_text(term)
    }

    /// The severity of `rule` in `context`: the highest severity among its matching
    /// `severity_when` entries, or its base severity if none matches.
    pub fn severity_in(&self, rule: usize, context: &ResolvedContext) -> Severity {
        let rule = &self.pack.rules[rule];
        rule.severity_when
            .iter()
            .filter(|sw| context.satisfies(&sw.when))
            .map(|sw| sw.severity)
            .max()
            .unwrap_or(rule.severity)
    }

    /// Fill in a rule text's placeholders for a finding: `{matched}` (the flagged text), `{org}`,
    /// `{platform}`, `{limit}` and `{period}`.
    pub fn render(
        &self,
        template: &str,
        finding: &Finding,
        text: &str,
        context: &ResolvedContext,
    ) -> String {
        if !template.contains('{') {
            return template.to_string();
        }
        let matched = finding.span.slice(text).unwrap_or("");
        let platform = context
            .platform()
            .map_or("the platform", |p| p.display_name());
        let limit = context
            .platform()
            .map_or(String::new(), |p| p.length_limit().to_string());
        let period = match &finding.evidence {
            Evidence::Context { periods, .. } if !periods.is_empty() => periods
                .iter()
                .filter_map(|&p| self.pack.periods.get(p).map(|p| p.title.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
            _ => {
                let active: Vec<&str> = self
                    .pack
                    .periods
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| context.in_period(i))
                    .map(|(_, p)| p.title.as_str())
                    .collect();
                if active.is_empty() {
                    "this period".to_string()
                } else {
                    active.join(", ")
                }
            }
        };
        template
            .replace("{matched}", matched)
            .replace("{org}", self.pack.org_name())
            .replace("{platform}", platform)
            .replace("{limit}", &limit)
            .replace("{period}", &period)
    }
}

//! The resolved pack: every `extends` merged, every reference checked and turned into an index,
//! every regex compiled. This is what the engine compiles; nothing here can be dangling.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

use crate::vocab::{AccountKind, Entity, Metric, Platform, Severity, Tag, Target};

/// A resolved guidance pack.
#[derive(Clone, Debug)]
pub struct Pack {
    /// What the pack is.
    pub meta: PackMeta,
    /// The employer, if the pack names one.
    pub organisation: Option<Organisation>,
    /// People to ask.
    pub contacts: Vec<Contact>,
    /// Principles.
    pub principles: Vec<Principle>,
    /// Roles.
    pub roles: Vec<Role>,
    /// Professions.
    pub professions: Vec<Profession>,
    /// Named periods.
    pub periods: Vec<Period>,
    /// Term lists, named ones first, then the anonymous lists made from rules' inline terms.
    pub lists: Vec<TermList>,
    /// Rules, in the order they were defined (extended packs first).
    pub rules: Vec<Rule>,
    /// Definitions that replaced one from an extended pack with the same id, in the order met.
    pub overrides: Vec<Override>,
}

/// A definition that replaced an extended pack's definition with the same id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    /// What kind of item: `rule`, `list`, `principle`, `contact`, `role`, `profession`, `period`.
    pub kind: String,
    /// Its id.
    pub id: String,
    /// The pack whose definition is used.
    pub by: String,
    /// The pack whose definition it replaced.
    pub replaces: String,
}

impl Pack {
    /// The index of the rule with this id.
    pub fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }

    /// The index of the role with this id.
    pub fn role_index(&self, id: &str) -> Option<usize> {
        self.roles.iter().position(|r| r.id == id)
    }

    /// The index of the profession with this id.
    pub fn profession_index(&self, id: &str) -> Option<usize> {
        self.professions.iter().position(|p| p.id == id)
    }

    /// The name messages use for the employer: the organisation's name, or "your employer".
    pub fn org_name(&self) -> &str {
        self.organisation
            .as_ref()
            .and_then(|o| o.name.as_deref())
            .unwrap_or("your employer")
    }
}

/// The `[pack]` table, resolved.
#[derive(Clone, Debug)]
pub struct PackMeta {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// BCP 47 language tag.
    pub language: String,
    /// Description.
    pub description: String,
    /// The ids of the packs this one extends, directly or not, in the order they were merged.
    pub extends: Vec<String>,
}

/// The employer.
#[derive(Clone, Debug)]
pub struct Organisation {
    /// Its name, if the pack gives one.
    pub name: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// Social-media handles.
    pub handles: Vec<String>,
    /// Public web domains.
    pub domains: Vec<String>,
    /// Internal domains (lower case; a leading `*.` matches subdomains).
    pub internal_domains: Vec<String>,
}

/// Someone to ask.
#[derive(Clone, Debug)]
pub struct Contact {
    /// Identifier.
    pub id: String,
    /// Who they are.
    pub name: String,
    /// How to reach them.
    pub reach: Option<String>,
}

/// A principle of the guidance.
#[derive(Clone, Debug)]
pub struct Principle {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Plain-words summary.
    pub summary: String,
    /// Where it comes from.
    pub source: Source,
}

/// Where a principle comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Document title.
    pub title: String,
    /// Clause or section.
    pub clause: Option<String>,
    /// Link.
    pub url: Option<String>,
}

/// A role.
#[derive(Clone, Debug)]
pub struct Role {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Roles it includes directly.
    pub includes: Vec<usize>,
    /// This role and every role it includes, directly or not, sorted.
    pub implied: Vec<usize>,
}

/// A profession.
#[derive(Clone, Debug)]
pub struct Profession {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
}

/// A named period.
#[derive(Clone, Debug)]
pub struct Period {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// When it applies.
    pub windows: Vec<Window>,
}

impl Period {
    /// Whether `at` falls in one of the period's windows.
    pub fn contains(&self, at: DateTime<FixedOffset>) -> bool {
        self.windows.iter().any(|w| w.contains(at))
    }
}

/// One window of a period, both ends inclusive.
#[derive(Clone, Debug)]
pub struct Window {
    /// First day or moment.
    pub from: Bound,
    /// Last day or moment.
    pub to: Bound,
}

impl Window {
    /// Whether `at` falls in the window.
    pub fn contains(&self, at: DateTime<FixedOffset>) -> bool {
        self.from.at_or_before(at) && self.to.at_or_after(at)
    }
}

/// An end of a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// A whole day, compared with the post's local date.
    Date(NaiveDate),
    /// A local clock time, compared with the post's local time.
    Local(NaiveDateTime),
    /// An instant.
    Instant(DateTime<FixedOffset>),
}

impl Bound {
    fn at_or_before(self, at: DateTime<FixedOffset>) -> bool {
        match self {
            Bound::Date(d) => d <= at.date_naive(),
            Bound::Local(t) => t <= at.naive_local(),
            Bound::Instant(i) => i <= at,
        }
    }

    fn at_or_after(self, at: DateTime<FixedOffset>) -> bool {
        match self {
            Bound::Date(d) => d >= at.date_naive(),
            Bound::Local(t) => t >= at.naive_local(),
            Bound::Instant(i) => i >= at,
        }
    }
}

/// A term list.
#[derive(Clone, Debug)]
pub struct TermList {
    /// Identifier (for an anonymous list, the rule id and `/terms` or `/near`).
    pub id: String,
    /// Description.
    pub description: Option<String>,
    /// Terms matched whatever their case, as written.
    pub terms: Vec<String>,
    /// Terms matched in their case, as written.
    pub cased: Vec<String>,
    /// Exceptions that cancel an overlapping match.
    pub unless: Vec<String>,
    /// Whether the list was written inline in a rule rather than named.
    pub anonymous: bool,
}

/// A rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Index of its principle.
    pub principle: usize,
    /// Tags.
    pub tags: Vec<Tag>,
    /// Base severity.
    pub severity: Severity,
    /// What the rule reads: `post` and/or profile fields (never the `profile` shorthand, which
    /// is expanded), sorted.
    pub applies_to: Vec<Target>,
    /// Severity in particular contexts.
    pub severity_when: Vec<SeverityWhen>,
    /// When the rule applies.
    pub when: When,
    /// Findings below this confidence (0 to 1) are dropped.
    pub min_confidence: f64,
    /// What it looks for.
    pub detector: Detector,
    /// Message template.
    pub message: String,
    /// Why it matters.
    pub why: String,
    /// What to do instead.
    pub suggest: String,
    /// Indices of the contacts to ask.
    pub ask: Vec<usize>,
    /// Examples.
    pub examples: Vec<Example>,
    /// Where the rule was defined.
    pub origin: Origin,
}

/// Where something was defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The id of the pack that defined it.
    pub pack: String,
    /// The file, as shown to people.
    pub file: String,
    /// 1-based line.
    pub line: u32,
}

/// A severity that applies in a context.
#[derive(Clone, Debug)]
pub struct SeverityWhen {
    /// The context.
    pub when: When,
    /// The severity.
    pub severity: Severity,
}

/// Conditions on the context; `None` means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct When {
    /// Account kinds.
    pub accounts: Option<Vec<AccountKind>>,
    /// Role indices.
    pub roles: Option<Vec<usize>>,
    /// Profession indices.
    pub professions: Option<Vec<usize>>,
    /// Period indices.
    pub periods: Option<Vec<usize>>,
    /// Platforms.
    pub platforms: Option<Vec<Platform>>,
}

impl When {
    /// Whether no condition is set.
    pub fn is_always(&self) -> bool {
        *self == When::default()
    }
}

/// What a rule looks for.
#[derive(Clone, Debug)]
pub enum Detector {
    /// Terms from lists.
    Terms(TermsSpec),
    /// A regular expression.
    Pattern(PatternSpec),
    /// A built-in entity.
    Entity(EntitySpec),
    /// A metric.
    Metric(MetricSpec),
    /// The context alone.
    Context(ContextSpec),
    /// Something missing.
    Absent(AbsentSpec),
}

/// An absence detector.
#[derive(Clone, Debug)]
pub struct AbsentSpec {
    /// Indices of the lists of what should be there.
    pub lists: Vec<usize>,
    /// Indices of the lists one of whose terms must be there for the rule to fire (empty: none
    /// needed).
    pub if_present: Vec<usize>,
}

impl Detector {
    /// The detector kind's name, as in the pack format.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Detector::Terms(_) => "terms",
            Detector::Pattern(_) => "pattern",
            Detector::Entity(_) => "entity",
            Detector::Metric(_) => "metric",
            Detector::Context(_) => "context",
            Detector::Absent(_) => "absent",
        }
    }
}

/// A terms detector.
#[derive(Clone, Debug)]
pub struct TermsSpec {
    /// Indices of the lists to match (including the rule's anonymous list, if any).
    pub lists: Vec<usize>,
    /// The rule's own exceptions.
    pub unless: Vec<String>,
    /// Nearness conditions, all of which must hold (`near`, then `and_near`).
    pub near: Vec<NearSpec>,
    /// Whether disguised spellings count.
    pub evasion: bool,
    /// Confidence of a match.
    pub confidence: f64,
}

/// A nearness condition.
#[derive(Clone, Debug)]
pub struct NearSpec {
    /// Indices of the lists whose terms must be near.
    pub lists: Vec<usize>,
    /// The most words apart (1: adjacent).
    pub within: u32,
}

/// A pattern detector.
#[derive(Clone, Debug)]
pub struct PatternSpec {
    /// The compiled expression.
    pub regex: Regex,
    /// Whether it runs on the normalised text.
    pub normalised: bool,
    /// Confidence of a match.
    pub confidence: f64,
}

/// An entity detector.
#[derive(Clone, Debug)]
pub struct EntitySpec {
    /// Which entity.
    pub entity: Entity,
    /// Extra context words (normalised).
    pub context: Vec<String>,
    /// Whether a context word is required (`None`: the entity's default).
    pub require_context: Option<bool>,
    /// For URLs: only internal ones.
    pub internal_only: bool,
}

/// A metric detector.
#[derive(Clone, Debug)]
pub struct MetricSpec {
    /// What it measures.
    pub measure: Metric,
    /// Share of capitals for `shouting`.
    pub threshold: f64,
    /// Letters a sentence needs for `shouting`.
    pub min_letters: u32,
    /// Marks in a row for `punctuation-run`.
    pub min_run: u32,
}

/// A context detector.
#[derive(Clone, Debug, Default)]
pub struct ContextSpec {
    /// Local time window, start inclusive, end exclusive; may wrap past midnight.
    pub hours: Option<(NaiveTime, NaiveTime)>,
}

/// An example of a rule.
#[derive(Clone, Debug)]
pub struct Example {
    /// The text.
    pub text: String,
    /// The context.
    pub context: ExampleContext,
    /// What the rule must flag, in order.
    pub flags: Vec<String>,
    /// The severity every finding must have.
    pub severity: Option<Severity>,
    /// What the text is checked as: a post or a profile field.
    pub field: Target,
    /// 1-based line of the example in its file.
    pub line: u32,
}

/// The context of an example.
#[derive(Clone, Debug, Default)]
pub struct ExampleContext {
    /// Account kind.
    pub account: Option<AccountKind>,
    /// Role indices.
    pub roles: Vec<usize>,
    /// Profession indices.
    pub professions: Vec<usize>,
    /// Time of posting.
    pub at: Option<DateTime<FixedOffset>>,
    /// Platform.
    pub platform: Option<Platform>,
}

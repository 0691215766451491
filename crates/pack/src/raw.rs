//! The pack file as written: one serde type per table, every one with `deny_unknown_fields`.
//!
//! These types are the source of the published JSON schema (`docs/pack.schema.json`). Fields
//! that name other things (principles, lists, contacts, roles) keep their position in the file
//! ([`Spanned`]) so that a broken reference is reported where it was written.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::vocab::{AccountKind, Entity, Metric, Platform, Severity, Tag, Target};

/// A whole pack file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Forethought guidance pack")]
pub struct RawPackFile {
    /// Who wrote the pack and what it is.
    pub pack: RawPackMeta,
    /// The employer: its names, handles and web domains, so rules can speak of it.
    #[serde(default)]
    pub organisation: Option<RawOrganisation>,
    /// People to ask, which rules refer to by id.
    #[serde(default)]
    pub contact: Vec<RawContact>,
    /// The principles of the guidance, each with its source.
    #[serde(default)]
    pub principle: Vec<RawPrinciple>,
    /// Roles people can hold, which rules can be conditioned on.
    #[serde(default)]
    pub role: Vec<RawRole>,
    /// Professions (often regulated) people can belong to.
    #[serde(default)]
    pub profession: Vec<RawProfession>,
    /// Named periods with date windows, such as a pre-election period.
    #[serde(default)]
    pub period: Vec<RawPeriod>,
    /// Named term lists, reusable across rules.
    #[serde(default)]
    pub list: Vec<RawList>,
    /// The rules.
    #[serde(default)]
    pub rule: Vec<RawRule>,
}

/// The `[pack]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPackMeta {
    /// A short kebab-case identifier, such as `core` or `acme-council`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The pack's name, as people see it.
    pub name: String,
    /// The pack's version, such as `1.2.0`.
    pub version: String,
    /// The language of the pack's texts and of the posts it checks, as a BCP 47 tag (`en-GB`).
    pub language: String,
    /// What the pack is for and whom.
    pub description: String,
    /// Packs this one builds on: shipped pack names or paths relative to this file. Their
    /// contents come first; this pack's definitions with the same id replace theirs.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub extends: Vec<Spanned<String>>,
    /// Ids of rules from extended packs that this pack switches off.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub disable: Vec<Spanned<String>>,
}

/// The `[organisation]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOrganisation {
    /// The organisation's name as messages should say it (`{org}` in rule texts; "your
    /// employer" when there is none).
    #[serde(default)]
    pub name: Option<String>,
    /// Other names and abbreviations people use for it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Its social-media handles, with the `@`.
    #[serde(default)]
    pub handles: Vec<String>,
    /// Its public web domains, such as `example.gov.uk`.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Domains that only staff can reach (intranets, document stores). A leading `*.` matches
    /// any subdomain.
    #[serde(default)]
    pub internal_domains: Vec<String>,
}

/// A `[[contact]]`: someone to ask.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    /// Identifier that rules use in `ask`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Who they are, as a sentence would say it: "the press office".
    pub name: String,
    /// How to reach them: an email address, an intranet page, "your line manager".
    #[serde(default)]
    pub reach: Option<String>,
}

/// A `[[principle]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPrinciple {
    /// Identifier that rules use in `principle`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// A short title.
    pub title: String,
    /// The principle in plain words.
    pub summary: String,
    /// Where it comes from.
    pub source: RawSource,
}

/// Where a principle comes from.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// The document's title.
    pub title: String,
    /// The clause, paragraph or section.
    #[serde(default)]
    pub clause: Option<String>,
    /// A link to the document.
    #[serde(default)]
    pub url: Option<String>,
}

/// A `[[role]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    /// Identifier used in `when.role` and `--role`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// A short title.
    pub title: String,
    /// Who holds this role.
    #[serde(default)]
    pub description: Option<String>,
    /// Roles whose rules also apply to holders of this one.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub includes: Vec<Spanned<String>>,
}

/// A `[[profession]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProfession {
    /// Identifier used in `when.profession` and `--profession`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// A short title.
    pub title: String,
    /// Who belongs to it, and their regulator.
    #[serde(default)]
    pub description: Option<String>,
}

/// A `[[period]]`: a named time, with one or more windows.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    /// Identifier used in `when.period`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// A short title.
    pub title: String,
    /// What the period means for posting.
    #[serde(default)]
    pub description: Option<String>,
    /// When it applies.
    pub windows: Vec<RawWindow>,
}

/// One window of a period. Dates are inclusive and compared with the local date of the post;
/// date-times with an offset are compared as instants.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWindow {
    /// The first day (or moment) of the window: a TOML date such as `2026-03-23`.
    #[schemars(with = "String")]
    pub from: Spanned<Datetime>,
    /// The last day (or moment) of the window.
    #[schemars(with = "String")]
    pub to: Spanned<Datetime>,
}

/// A `[[list]]`: a named list of terms.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawList {
    /// Identifier used in a rule's `detect.terms.lists`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// What the list holds.
    #[serde(default)]
    pub description: Option<String>,
    /// Terms matched whatever their case.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Terms matched only in this case (`Labour` the party, not `labour` the work), except
    /// inside hashtags and mentions, where case is not meaningful.
    #[serde(default)]
    pub cased: Vec<String>,
    /// Phrases that cancel an overlapping match of this list (`labour ward`).
    #[serde(default)]
    pub unless: Vec<String>,
}

/// A `[[rule]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Kebab-case identifier, named for the problem (`party-political-support`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// A short title for lists and documentation.
    pub title: String,
    /// The principle this rule applies.
    #[schemars(with = "String")]
    pub principle: Spanned<String>,
    /// Tags from the standard vocabulary.
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// How much a finding matters.
    pub severity: Severity,
    /// What the rule reads: `post` (the default), `profile` (every profile field), or particular
    /// profile fields: `name`, `handle`, `bio`, `location`, `website`.
    #[serde(default)]
    pub applies_to: Option<Vec<Target>>,
    /// Severity in particular contexts: the highest matching entry wins over `severity`.
    #[serde(default)]
    pub severity_when: Vec<RawSeverityWhen>,
    /// The context in which the rule applies. Every key given must match; within a key, any
    /// value matches.
    #[serde(default)]
    pub when: RawWhen,
    /// Findings less confident than this (0 to 1) are dropped. Default 0.5.
    #[serde(default)]
    pub min_confidence: Option<f64>,
    /// What to look for: exactly one detector.
    pub detect: RawDetector,
    /// What might read badly, in one sentence. Placeholders: `{matched}`, `{org}`,
    /// `{platform}`, `{limit}`, `{period}`.
    pub message: String,
    /// Why it matters, naming the guidance.
    pub why: String,
    /// What to do instead.
    pub suggest: String,
    /// Contacts to ask, by id.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub ask: Vec<Spanned<String>>,
    /// Examples, run as tests by `forethought pack test`.
    #[serde(default)]
    #[schemars(with = "Vec<RawExample>")]
    pub example: Vec<Spanned<RawExample>>,
}

/// One `[[rule.severity_when]]` entry.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSeverityWhen {
    /// The context in which this severity applies.
    pub when: RawWhen,
    /// The severity there.
    pub severity: Severity,
}

/// Conditions on the context.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWhen {
    /// Account kinds.
    #[serde(default)]
    pub account: Option<Vec<AccountKind>>,
    /// Roles (a person matches a role they hold or one their roles include).
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub role: Option<Vec<Spanned<String>>>,
    /// Professions.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub profession: Option<Vec<Spanned<String>>>,
    /// Periods the post's time falls in.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub period: Option<Vec<Spanned<String>>>,
    /// Platforms.
    #[serde(default)]
    pub platform: Option<Vec<Platform>>,
}

/// The detector of a rule: a table with exactly one key naming its kind.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum RawDetector {
    /// Phrases from term lists, matched as whole words on normalised text.
    Terms(RawTermsDetector),
    /// A regular expression.
    Pattern(RawPatternDetector),
    /// A built-in entity detector.
    Entity(RawEntityDetector),
    /// A measure of the text's form.
    Metric(RawMetricDetector),
    /// The context alone: a time of day, or (with `when.period`) a named period.
    Context(RawContextDetector),
    /// Something missing: none of these terms in the text (optionally only when other terms
    /// are there), such as a bio that says where you work but has no "views my own".
    Absent(RawAbsentDetector),
}

/// `detect.absent`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAbsentDetector {
    /// Named lists of what should be there.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub lists: Vec<Spanned<String>>,
    /// Terms of what should be there, any case.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Only fire when one of these is there; the finding then points at it. Without it, the
    /// finding is about the whole text (and an empty text is not reported).
    #[serde(default)]
    pub if_present: Option<RawNear>,
}

/// `detect.terms`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTermsDetector {
    /// Named lists to match. `organisation` is the built-in list of the organisation's name,
    /// aliases and handles.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub lists: Vec<Spanned<String>>,
    /// Terms of this rule only, matched whatever their case.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Terms of this rule only, matched in this case.
    #[serde(default)]
    pub cased: Vec<String>,
    /// Phrases that cancel an overlapping match for this rule.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Only match when a term from these lists is near, in the same sentence.
    #[serde(default)]
    pub near: Option<RawNear>,
    /// A second nearness condition that must hold as well (for combinations of details: a
    /// patient word near a condition *and* near a place or time). Needs `near`.
    #[serde(default)]
    pub and_near: Option<RawNear>,
    /// Also match disguised spellings: leetspeak (`sh1t`) and spaced letters (`f u c k`).
    #[serde(default)]
    pub evasion: bool,
    /// Confidence of a match, 0 to 1. Default 0.8.
    #[serde(default)]
    pub confidence: Option<f64>,
}

/// `detect.terms.near`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNear {
    /// Named lists.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub lists: Vec<Spanned<String>>,
    /// Inline terms, any case.
    #[serde(default)]
    pub terms: Vec<String>,
    /// At most this many words apart (1 means adjacent), either order. Default 5.
    #[serde(default)]
    pub within: Option<u32>,
}

/// `detect.pattern`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPatternDetector {
    /// A regular expression in the syntax of Rust's `regex` crate (no look-around or
    /// back-references; matching time is linear in the text).
    #[schemars(with = "String")]
    pub regex: Spanned<String>,
    /// Match against the primary normalised view (lower case, accents, confusable letters and
    /// invisible characters folded) rather than the original.
    #[serde(default)]
    pub normalised: bool,
    /// Confidence of a match, 0 to 1. Default 0.8.
    #[serde(default)]
    pub confidence: Option<f64>,
}

/// `detect.entity`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEntityDetector {
    /// Which built-in detector.
    pub name: Entity,
    /// Extra context words that make a match more likely to be real.
    #[serde(default)]
    pub context: Vec<String>,
    /// Require a context word nearby (the default depends on the entity).
    #[serde(default)]
    pub require_context: Option<bool>,
    /// For `url`: only links to the organisation's internal domains (and hosts that are
    /// internal by nature, like `intranet` or `*.local`).
    #[serde(default)]
    pub internal_only: bool,
}

/// `detect.metric`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMetricDetector {
    /// What to measure.
    pub measure: Metric,
    /// For `shouting`: the share of capitals among letters, 0 to 1. Default 0.7.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// For `shouting`: a sentence needs at least this many letters. Default 12.
    #[serde(default)]
    pub min_letters: Option<u32>,
    /// For `punctuation-run`: at least this many marks in a row. Default 3.
    #[serde(default)]
    pub min_run: Option<u32>,
}

/// `detect.context`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawContextDetector {
    /// Fire only at these local times of the post, `HH:MM` to `HH:MM`; the window may wrap
    /// past midnight.
    #[serde(default)]
    pub hours: Option<RawHours>,
}

/// A window of local clock time.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    /// Start, inclusive, as `HH:MM`.
    #[schemars(with = "String")]
    pub from: Spanned<String>,
    /// End, exclusive, as `HH:MM`.
    #[schemars(with = "String")]
    pub to: Spanned<String>,
}

/// A `[[rule.example]]`: a text and what the rule must flag in it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    /// The example post.
    pub text: String,
    /// The context to check it in (default: a personal account, no role, a weekday noon).
    #[serde(default)]
    pub context: RawExampleContext,
    /// The exact substrings the rule must flag, in order; `""` stands for a finding about the
    /// whole post (a context rule). Empty or absent: the rule must not flag anything.
    #[serde(default)]
    pub flags: Vec<String>,
    /// The severity every finding of the example must have, when the rule's severity depends
    /// on the context.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// What the text is: `post`, or a profile field (`name`, `handle`, `bio`, `location`,
    /// `website`). Default: `post` if the rule applies to posts, else its first profile field.
    #[serde(default)]
    pub field: Option<Target>,
}

/// The context of an example.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawExampleContext {
    /// Account kind.
    #[serde(default)]
    pub account: Option<AccountKind>,
    /// Roles held.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub role: Vec<Spanned<String>>,
    /// Professions.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub profession: Vec<Spanned<String>>,
    /// The time of posting, a TOML date-time with offset.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub at: Option<Spanned<Datetime>>,
    /// Platform.
    #[serde(default)]
    pub platform: Option<Platform>,
}

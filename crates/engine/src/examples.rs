//! Pack examples as tests: every `[[rule.example]]` is checked with the whole engine, and the
//! findings of its rule must be exactly the substrings the example lists, in order (and at the
//! severity it names, if it names one).

use chrono::{DateTime, FixedOffset, TimeZone};
use ft_pack::{AccountKind, Severity};
use ft_text::TextRange;

use crate::{Context, Engine};

/// The time examples are checked at when they give none: Wednesday 14 January 2026, noon UTC,
/// a working day inside no period a shipped pack defines.
pub fn default_example_time() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0)
        .and_then(|utc| utc.with_ymd_and_hms(2026, 1, 14, 12, 0, 0).single())
        .unwrap_or_else(|| DateTime::<FixedOffset>::MIN_UTC.fixed_offset())
}

/// What an example expected and what the rule actually found.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleFailure {
    /// The substrings the example lists.
    pub expected: Vec<String>,
    /// What the rule found: the text, its span and its severity.
    pub actual: Vec<(String, TextRange, Severity)>,
    /// The severity the example requires, if any.
    pub expected_severity: Option<Severity>,
}

/// The result of one example.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleOutcome {
    /// Index of the rule.
    pub rule: usize,
    /// Index of the example within the rule.
    pub example: usize,
    /// 1-based line of the example in its pack file.
    pub line: u32,
    /// `None` when it passed.
    pub failure: Option<ExampleFailure>,
}

/// Run every example of every rule of the engine's pack.
pub fn run_examples(engine: &Engine) -> Vec<ExampleOutcome> {
    let pack = engine.pack();
    let mut outcomes = Vec::new();
    for (r, rule) in pack.rules.iter().enumerate() {
        for (e, example) in rule.examples.iter().enumerate() {
            let ctx = &example.context;
            let context = Context {
                account: ctx.account.unwrap_or(AccountKind::Personal),
                roles: ctx
                    .roles
                    .iter()
                    .map(|&i| pack.roles[i].id.clone())
                    .collect(),
                professions: ctx
                    .professions
                    .iter()
                    .map(|&i| pack.professions[i].id.clone())
                    .collect(),
                at: ctx.at.unwrap_or_else(default_example_time),
                platform: ctx.platform,
            };
            let failure = match engine.resolve(&context) {
                Ok(resolved) => {
                    let report = engine.check_as(&example.text, example.field, &resolved);
                    let actual: Vec<(String, TextRange, Severity)> = report
                        .findings
                        .iter()
                        .filter(|f| f.rule == r)
                        .map(|f| {
                            let text = f.span.slice(&example.text).unwrap_or("").to_string();
                            (text, f.span, f.severity)
                        })
                        .collect();
                    let texts_match = actual.len() == example.flags.len()
                        && actual.iter().zip(&example.flags).all(|(a, e)| a.0 == *e);
                    let severity_ok = example
                        .severity
                        .is_none_or(|s| actual.iter().all(|a| a.2 == s));
                    (!(texts_match && severity_ok)).then(|| ExampleFailure {
                        expected: example.flags.clone(),
                        actual,
                        expected_severity: example.severity,
                    })
                }
                Err(_) => Some(ExampleFailure {
                    expected: example.flags.clone(),
                    actual: Vec::new(),
                    expected_severity: example.severity,
                }),
            };
            outcomes.push(ExampleOutcome {
                rule: r,
                example: e,
                line: example.line,
                failure,
            });
        }
    }
    outcomes
}

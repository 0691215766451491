//! Built-in entity detectors: identifiers and contact details found by a candidate pattern, then
//! validated (checksums, allocation rules, real calendar dates) so that look-alikes are dropped.
//!
//! A detector knows nothing of rules, messages or severity: it returns [`EntityHit`]s with a base
//! confidence. Context words (a shared engine step) then raise the confidence, or, for entities
//! that need context to be told apart from ordinary numbers, their absence lowers it.
//!
//! Adding a detector: one module here, one variant of [`ft_pack::Entity`], one arm in
//! [`detector`], and a table of matches and look-alikes in `testdata/entities/<name>.toml`. A test
//! fails if a registered detector has no table or no documentation.

use ft_pack::Entity;
use ft_text::TextRange;

use crate::finding::Checksum;

mod date_of_birth;
mod email;
mod iban;
mod ip_address;
mod nhs_number;
mod ni_number;
mod payment_card;
mod phone;
mod uk_postcode;
mod url;

/// What a detector needs to know about the pack and the rule.
pub(crate) struct EntityEnv<'a> {
    /// The organisation's internal domains, lower case.
    pub(crate) internal_domains: &'a [String],
    /// The organisation's public domains, lower case.
    pub(crate) public_domains: &'a [String],
    /// For URLs: report only internal ones.
    pub(crate) internal_only: bool,
}

/// A candidate found by a detector.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct EntityHit {
    pub(crate) span: TextRange,
    /// Confidence before context words are considered.
    pub(crate) confidence: f32,
    pub(crate) checksum: Checksum,
    pub(crate) detail: Option<&'static str>,
}

/// A built-in entity detector.
pub(crate) trait EntityDetector: Sync {
    /// What it finds, how it validates, and what it does not match: the documentation shown in
    /// `docs/entities.md`.
    fn description(&self) -> &'static str;

    /// Words that, near a candidate, make it more likely to be real.
    fn context_words(&self) -> &'static [&'static str];

    /// Whether a candidate without a context word nearby is too weak to report (NHS numbers and
    /// dates of birth: many ordinary numbers and dates pass their checks).
    fn requires_context(&self) -> bool {
        false
    }

    /// The fewest ASCII digits a text must have to hold a candidate, so that most drafts skip the
    /// detector without running a regex.
    fn min_digits(&self) -> usize {
        0
    }

    /// Push every validated candidate in `text` to `out`.
    fn find(&self, text: &str, env: &EntityEnv<'_>, out: &mut Vec<EntityHit>);
}

/// The detector for `entity`.
pub(crate) fn detector(entity: Entity) -> Option<&'static dyn EntityDetector> {
    Some(match entity {
        Entity::Email => &email::Email,
        Entity::Phone => &phone::Phone,
        Entity::UkPostcode => &uk_postcode::UkPostcode,
        Entity::NiNumber => &ni_number::NiNumber,
        Entity::NhsNumber => &nhs_number::NhsNumber,
        Entity::PaymentCard => &payment_card::PaymentCard,
        Entity::Iban => &iban::Iban,
        Entity::IpAddress => &ip_address::IpAddress,
        Entity::Url => &url::Url,
        Entity::DateOfBirth => &date_of_birth::DateOfBirth,
    })
}

/// Documentation of a built-in entity detector.
#[derive(Clone, Debug)]
pub struct EntityDoc {
    /// The entity.
    pub entity: Entity,
    /// What it finds and how it validates.
    pub description: &'static str,
    /// Its default context words.
    pub context_words: &'static [&'static str],
    /// Whether it needs a context word.
    pub requires_context: bool,
}

/// Documentation of every built-in entity detector, in the order of [`Entity::ALL`].
pub fn entity_docs() -> Vec<EntityDoc> {
    Entity::ALL
        .iter()
        .filter_map(|&entity| {
            detector(entity).map(|d| EntityDoc {
                entity,
                description: d.description(),
                context_words: d.context_words(),
                requires_context: d.requires_context(),
            })
        })
        .collect()
}

/// Trim punctuation that ends a sentence rather than a value.
pub(crate) fn trim_trailing_punctuation(s: &str) -> &str {
    s.trim_end_matches([
        '.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '"', '’', '”', '>',
    ])
}

//! Email addresses.

use std::sync::LazyLock;

use regex::Regex;

use super::{EntityDetector, EntityEnv, EntityHit};
use crate::finding::Checksum;
use ft_text::TextRange;

pub(crate) struct Email;

static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)[a-z0-9][a-z0-9._%+\-]{0,63}@[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?)*\.[a-z]{2,24}(?-u:\b)",
    )
    .ok()
});

impl EntityDetector for Email {
    fn description(&self) -> &'static str {
        "An email address: a local part, `@`, and a domain whose last label is two or more \
         letters. Local parts with `..` are not addresses. A lone `@handle` is a mention, not an \
         address."
    }

    fn context_words(&self) -> &'static [&'static str] {
        &["email", "e-mail", "mail", "contact", "write to", "address"]
    }

    fn find(&self, text: &str, _env: &EntityEnv<'_>, out: &mut Vec<EntityHit>) {
        if !text.contains('@') {
            return;
        }
        let Some(re) = EMAIL.as_ref() else { return };
        for m in re.find_iter(text) {
            let s = m.as_str();
            let local = s.split('@').next().unwrap_or("");
            if local.contains("..") || local.ends_with('.') {
                continue;
            }
            out.push(EntityHit {
                span: TextRange::from_usize(m.start(), m.end()),
                confidence: 0.9,
                checksum: Checksum::NotApplicable,
                detail: None,
            });
        }
    }
}

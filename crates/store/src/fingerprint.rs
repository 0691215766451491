//! Finding fingerprints: how a re-audit recognises a finding it has seen before.
//!
//! Byte offsets alone would not do: a pack update that widens a match, or an edited post, moves
//! them. So a fingerprint hashes what the person would call "the same finding": the account, the
//! post, the rule and the text it matched. A rule that matches the same text twice in one post
//! gives two findings; the occurrence number (0 for the first in text order) keeps them apart.

use sha2::{Digest, Sha256};

use crate::model::{Fingerprint, SourceKey};

/// Bumped if the recipe ever changes, so old and new fingerprints never collide by accident.
const RECIPE: &[u8] = b"forethought-finding-v1";

/// The fingerprint of the `occurrence`-th (from 0, in text order) match of `matched_text` by
/// rule `rule_id` in post `post_id` of `source`: the first 128 bits of a SHA-256 of the fields,
/// each prefixed with its length so that no two field lists hash the same bytes.
pub fn fingerprint(
    source: &SourceKey,
    post_id: &str,
    rule_id: &str,
    matched_text: &str,
    occurrence: u32,
) -> Fingerprint {
    let mut hash = Sha256::new();
    let occurrence = occurrence.to_string();
    for field in [
        RECIPE,
        source.platform.as_bytes(),
        source.handle.as_bytes(),
        post_id.as_bytes(),
        rule_id.as_bytes(),
        matched_text.as_bytes(),
        occurrence.as_bytes(),
    ] {
        hash.update((field.len() as u64).to_le_bytes());
        hash.update(field);
    }
    let digest = hash.finalize();
    let mut hex = String::with_capacity(32);
    for byte in &digest[..16] {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    Fingerprint(hex)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> SourceKey {
        SourceKey::new("x", "sam")
    }

    #[test]
    fn is_stable_hex() {
        let a = fingerprint(&source(), "1", "politics.party", "Labour", 0);
        assert_eq!(a.as_str().len(), 32);
        assert!(
            a.as_str()
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(
            a,
            fingerprint(&source(), "1", "politics.party", "Labour", 0)
        );
    }

    #[test]
    fn every_field_counts() {
        let base = fingerprint(&source(), "1", "r", "t", 0);
        assert_ne!(
            base,
            fingerprint(&SourceKey::new("mastodon", "sam"), "1", "r", "t", 0)
        );
        assert_ne!(
            base,
            fingerprint(&SourceKey::new("x", "sue"), "1", "r", "t", 0)
        );
        assert_ne!(base, fingerprint(&source(), "2", "r", "t", 0));
        assert_ne!(base, fingerprint(&source(), "1", "s", "t", 0));
        assert_ne!(base, fingerprint(&source(), "1", "r", "u", 0));
        assert_ne!(base, fingerprint(&source(), "1", "r", "t", 1));
    }

    #[test]
    fn fields_do_not_run_together() {
        assert_ne!(
            fingerprint(&source(), "1", "ab", "c", 0),
            fingerprint(&source(), "1", "a", "bc", 0)
        );
    }
}

//! Text primitives shared by every Forethought crate.
//!
//! Inside Forethought there is one offset unit: UTF-8 byte offsets into the text the person wrote.
//! This crate owns that unit ([`TextRange`]), the conversions to the units other programs want at
//! the edges (UTF-16 code units for browsers, 1-based line and column for people), and the
//! normalised views of a text that detectors match against ([`normalise`]), each of which keeps
//! a map back to the original so that every finding points into what the person actually typed.
//!
//! The crate does no I/O and never allocates more than the views it returns.
#![deny(missing_docs)]

mod lines;
pub mod normalise;
mod range;

pub use lines::{LineCol, LineIndex, byte_to_utf16, utf16_to_byte};
pub use normalise::{NormalisedText, evasion_views, fold_for_matching, primary_view};
pub use range::TextRange;

/// Whether `c` counts as part of a word when Forethought looks for whole words.
///
/// Letters and digits of any script are word characters; everything else (spaces, punctuation,
/// `#`, `@`, `_`, emoji) separates words.
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

//! [`TextRange`]: a half-open range of UTF-8 byte offsets.

use std::fmt;
use std::ops::Range;

/// A half-open range `start..end` of UTF-8 byte offsets into a text.
///
/// Offsets are `u32`: a draft is at most a few MiB (Forethought refuses larger ones), and the
/// smaller type halves the size of offset maps.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextRange {
    start: u32,
    end: u32,
}

impl TextRange {
    /// A range from `start` to `end`. If `end < start` the two are swapped, so a range is never
    /// inverted.
    #[inline]
    pub fn new(start: u32, end: u32) -> Self {
        if end < start {
            Self {
                start: end,
                end: start,
            }
        } else {
            Self { start, end }
        }
    }

    /// An empty range at `offset`.
    #[inline]
    pub fn empty(offset: u32) -> Self {
        Self {
            start: offset,
            end: offset,
        }
    }

    /// A range from `usize` offsets, saturating at `u32::MAX`.
    #[inline]
    pub fn from_usize(start: usize, end: usize) -> Self {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Self::new(clamp(start), clamp(end))
    }

    /// The first byte of the range.
    #[inline]
    pub fn start(self) -> u32 {
        self.start
    }

    /// One past the last byte of the range.
    #[inline]
    pub fn end(self) -> u32 {
        self.end
    }

    /// The length in bytes.
    #[inline]
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the range holds no bytes.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether the two ranges share at least one byte. Empty ranges overlap nothing.
    #[inline]
    pub fn overlaps(self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end && !self.is_empty() && !other.is_empty()
    }

    /// Whether `other` lies entirely inside `self`.
    #[inline]
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest range covering both.
    #[inline]
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The range as `usize` offsets, for slicing.
    #[inline]
    pub fn to_usize(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The slice of `text` this range covers, or `None` when the range is out of bounds or not
    /// on character boundaries.
    #[inline]
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.to_usize())
    }
}

impl fmt::Debug for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<TextRange> for Range<usize> {
    fn from(range: TextRange) -> Self {
        range.to_usize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_is_strict_and_symmetric() {
        let a = TextRange::new(0, 5);
        let b = TextRange::new(5, 8);
        let c = TextRange::new(4, 6);
        assert!(!a.overlaps(b));
        assert!(a.overlaps(c) && c.overlaps(a));
        assert!(!TextRange::empty(2).overlaps(a));
    }

    #[test]
    fn new_never_inverts() {
        assert_eq!(TextRange::new(7, 3), TextRange::new(3, 7));
    }
}

//! Conversions from byte offsets to the units used at the edges: UTF-16 code units and 1-based
//! line and column.

/// A 1-based line and column. The column counts Unicode scalar values (characters) from the start
/// of the line, so it matches what an editor shows for most text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// The byte offsets at which each line of a text starts, for fast offset → line lookups.
///
/// Lines end at `\n`; a `\r` before it belongs to the line it ends.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Index the lines of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(1 + text.len() / 64);
        starts.push(0);
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        Self { starts }
    }

    /// The number of lines (a text without a newline has one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte offset at which the 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> Option<u32> {
        self.starts.get(line).copied()
    }

    /// The line and column of byte `offset` in `text`, which must be the text this index was
    /// built from. An offset inside a character is rounded down to the character's start; one
    /// past the end is allowed.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = offset.min(u32::try_from(text.len()).unwrap_or(u32::MAX));
        let line = match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let start = self.starts[line] as usize;
        let end = floor_char_boundary(text, offset as usize);
        let column = text.get(start..end).map_or(0, |s| s.chars().count());
        LineCol {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// The text of the 0-based line `line`, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next as usize - 1);
        let s = text.get(start as usize..end).unwrap_or("");
        s.strip_suffix('\r').unwrap_or(s)
    }
}

/// The largest character boundary at or before `offset`.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The number of UTF-16 code units in `text[..byte]`: the offset a browser (or any JavaScript
/// string) uses for the same position. A byte inside a character is rounded down.
pub fn byte_to_utf16(text: &str, byte: u32) -> u32 {
    let end = floor_char_boundary(text, byte as usize);
    let units: usize = text[..end].chars().map(char::len_utf16).sum();
    u32::try_from(units).unwrap_or(u32::MAX)
}

/// The byte offset of UTF-16 offset `units` in `text`, or `None` if it falls inside a surrogate
/// pair or past the end.
pub fn utf16_to_byte(text: &str, units: u32) -> Option<u32> {
    let mut seen = 0u32;
    for (byte, c) in text.char_indices() {
        if seen == units {
            return u32::try_from(byte).ok();
        }
        seen += c.len_utf16() as u32;
        if seen > units {
            return None;
        }
    }
    (seen == units).then(|| u32::try_from(text.len()).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "héllo\nwörld 😀 ok";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        let w = text.find('w').map(|i| i as u32).unwrap_or_default();
        assert_eq!(index.line_col(text, w), LineCol { line: 2, column: 1 });
        let ok = text.find("ok").map(|i| i as u32).unwrap_or_default();
        assert_eq!(index.line_col(text, ok), LineCol { line: 2, column: 9 });
        assert_eq!(index.line_text(text, 1), "wörld 😀 ok");
    }

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let text = "a😀b";
        assert_eq!(byte_to_utf16(text, 5), 3);
        assert_eq!(utf16_to_byte(text, 3), Some(5));
        assert_eq!(utf16_to_byte(text, 2), None);
    }
}

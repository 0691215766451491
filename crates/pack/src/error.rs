//! Pack errors: each names the file, line, column and the item (rule, list, …) it is about, and
//! keeps the offending line so a front end can underline it.

use std::fmt;

use ft_text::LineIndex;

/// One problem in a pack file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackError {
    /// The file, as shown to people (a path, or `shipped pack "core"`).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// The item the error is about, such as ``rule `late-night-post` ``.
    pub item: Option<String>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The text of the offending line.
    pub source_line: String,
    /// How many characters of the line to underline (at least 1).
    pub underline: u32,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if let Some(item) = &self.item {
            write!(f, "{item}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in a pack, reported together.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct PackErrors(pub Vec<PackError>);

impl PackErrors {
    /// The problems.
    pub fn errors(&self) -> &[PackError] {
        &self.0
    }
}

impl fmt::Display for PackErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// A file being read, for turning byte spans into positions.
pub(crate) struct FileCtx<'t> {
    pub(crate) display: String,
    pub(crate) text: &'t str,
    lines: LineIndex,
}

impl<'t> FileCtx<'t> {
    pub(crate) fn new(display: String, text: &'t str) -> Self {
        Self {
            display,
            lines: LineIndex::new(text),
            text,
        }
    }

    /// The 1-based line of byte `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> u32 {
        self.lines
            .line_col(self.text, u32::try_from(offset).unwrap_or(u32::MAX))
            .line
    }

    pub(crate) fn error(
        &self,
        span: std::ops::Range<usize>,
        item: Option<&str>,
        message: impl Into<String>,
    ) -> PackError {
        let start = u32::try_from(span.start.min(self.text.len())).unwrap_or(u32::MAX);
        let pos = self.lines.line_col(self.text, start);
        let line_text = self
            .lines
            .line_text(self.text, pos.line.saturating_sub(1) as usize)
            .to_string();
        let remaining = line_text
            .chars()
            .count()
            .saturating_sub(pos.column as usize - 1);
        let span_chars = self
            .text
            .get(span.start.min(self.text.len())..span.end.min(self.text.len()))
            .map_or(1, |s| s.chars().count());
        PackError {
            file: self.display.clone(),
            line: pos.line,
            column: pos.column,
            item: item.map(str::to_string),
            message: message.into(),
            source_line: line_text,
            underline: u32::try_from(span_chars.clamp(1, remaining.max(1))).unwrap_or(1),
        }
    }
}

//! The machinery every importer shares: the context that carries the sink and the counts, the
//! early-stop signal, and the loops that stream JSON arrays, lines and CSV rows into records.

use std::io::BufRead;
use std::ops::ControlFlow;

use serde::Deserialize;

use crate::error::{ImportError, RecordError, RecordProblem};
use crate::json::{JsonArray, ScanError};
use crate::meter::Budget;
use crate::model::{Item, Post, Profile, Summary};
use crate::records::{CsvReader, read_line};

/// Why an importer stopped before the end: the sink asked, or a whole-import failure.
#[derive(Debug)]
pub(crate) enum Halt {
    Stopped,
    Failed(ImportError),
}

impl From<ImportError> for Halt {
    fn from(error: ImportError) -> Halt {
        Halt::Failed(error)
    }
}

/// What one import carries around: its budget, the sink, and the counts so far.
pub(crate) struct Ctx<'s, 'l> {
    pub(crate) budget: &'s Budget<'l>,
    sink: &'s mut dyn FnMut(Item) -> ControlFlow<()>,
    pub(crate) summary: Summary,
    profile_sent: bool,
}

impl<'s, 'l> Ctx<'s, 'l> {
    pub(crate) fn new(
        budget: &'s Budget<'l>,
        sink: &'s mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> Ctx<'s, 'l> {
        Ctx {
            budget,
            sink,
            summary: Summary::default(),
            profile_sent: false,
        }
    }

    fn send(&mut self, item: Item) -> Result<(), Halt> {
        match (self.sink)(item) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(()) => {
                self.summary.stopped_early = true;
                Err(Halt::Stopped)
            }
        }
    }

    /// Hands a post to the sink.
    pub(crate) fn post(&mut self, post: Post) -> Result<(), Halt> {
        self.summary.posts += 1;
        self.send(Item::Post(post))
    }

    /// Hands the profile to the sink, once per import and only if it holds anything.
    pub(crate) fn profile(&mut self, profile: Profile) -> Result<(), Halt> {
        if self.profile_sent || profile.is_empty() {
            return Ok(());
        }
        self.profile_sent = true;
        self.summary.profiles += 1;
        self.send(Item::Profile(profile))
    }

    /// Reports a skipped record.
    pub(crate) fn skip(
        &mut self,
        entry: &str,
        index: u64,
        problem: RecordProblem,
    ) -> Result<(), Halt> {
        self.summary.skipped += 1;
        self.send(Item::Skipped(RecordError {
            entry: entry.to_owned(),
            index,
            problem,
        }))
    }

    /// Turns an I/O error into the import failure it stands for (a breached limit, a
    /// truncated file, a read error).
    pub(crate) fn io_failure(&self, error: std::io::Error, entry: &str) -> Halt {
        Halt::Failed(self.budget.explain(error, entry))
    }

    fn scan_failure(&mut self, error: ScanError, entry: &str, index: u64) -> Result<(), Halt> {
        match error {
            ScanError::Io(error) => Err(self.io_failure(error, entry)),
            ScanError::Truncated => Err(Halt::Failed(self.budget.take_breach().unwrap_or(
                ImportError::Truncated {
                    entry: entry.to_owned(),
                },
            ))),
            // Not JSON between elements: nothing after this point can be trusted, but the
            // rest of the archive can.
            ScanError::Syntax(message) => {
                self.skip(entry, index, RecordProblem::Malformed { message })
            }
        }
    }
}

/// How a JSON array file opens.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ArrayShape<'f> {
    /// A plain JSON array.
    Plain,
    /// A JavaScript assignment (`window.YTD.tweets.part0 = [`).
    Assignment,
    /// The array under one of these keys of a top-level object.
    Field(&'f [&'f str]),
}

/// Streams the elements of a JSON array in `reader` (the file `entry`) to `each`, with the
/// element's bytes and index. Elements too large or too deep are reported and skipped; a file
/// that is not the expected JSON is reported as one skipped record.
pub(crate) fn for_each_element(
    ctx: &mut Ctx<'_, '_>,
    reader: &mut dyn BufRead,
    entry: &str,
    shape: ArrayShape<'_>,
    mut each: impl FnMut(&mut Ctx<'_, '_>, &[u8], u64) -> Result<(), Halt>,
) -> Result<(), Halt> {
    let limits = ctx.budget.limits;
    let (max_record, max_depth) = (limits.max_record_bytes, limits.max_json_depth);
    let opened = match shape {
        ArrayShape::Plain => JsonArray::open(reader, max_record, max_depth).map(Some),
        ArrayShape::Assignment => {
            JsonArray::open_assignment(reader, max_record, max_depth).map(Some)
        }
        ArrayShape::Field(fields) => JsonArray::open_field(reader, fields, max_record, max_depth),
    };
    let mut array = match opened {
        Ok(Some(array)) => array,
        Ok(None) => return Ok(()),
        Err(error) => return ctx.scan_failure(error, entry, 0),
    };
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut index = 0;
    loop {
        match array.next_element(&mut buf) {
            Ok(None) => return Ok(()),
            Ok(Some(Ok(()))) => each(ctx, &buf, index)?,
            Ok(Some(Err(problem))) => ctx.skip(entry, index, problem)?,
            Err(error) => return ctx.scan_failure(error, entry, index),
        }
        index += 1;
    }
}

/// Reads a whole small JSON file (or JavaScript assignment, if `assignment`) and parses it.
pub(crate) fn read_small<T: for<'de> Deserialize<'de>>(
    ctx: &mut Ctx<'_, '_>,
    reader: &mut dyn BufRead,
    entry: &str,
    assignment: bool,
) -> Result<Option<T>, Halt> {
    let limits = ctx.budget.limits;
    let mut buf = Vec::new();
    match crate::json::read_value(
        reader,
        &mut buf,
        assignment,
        limits.max_record_bytes,
        limits.max_json_depth,
    ) {
        Ok(Ok(())) => match parse_json::<T>(&buf) {
            Ok(value) => Ok(Some(value)),
            Err(problem) => ctx.skip(entry, 0, problem).map(|()| None),
        },
        Ok(Err(problem)) => ctx.skip(entry, 0, problem).map(|()| None),
        Err(error) => ctx.scan_failure(error, entry, 0).map(|()| None),
    }
}

/// Parses one record's JSON bytes, telling invalid UTF-8 apart from other problems.
pub(crate) fn parse_json<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, RecordProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| RecordProblem::InvalidUtf8)?;
    serde_json::from_str(text).map_err(|error| RecordProblem::from_json(&error))
}

/// Streams the lines of `reader` to `each` (blank lines skipped), bounded in size.
pub(crate) fn for_each_line(
    ctx: &mut Ctx<'_, '_>,
    reader: &mut dyn BufRead,
    entry: &str,
    mut each: impl FnMut(&mut Ctx<'_, '_>, &[u8], u64) -> Result<(), Halt>,
) -> Result<(), Halt> {
    let max = ctx.budget.limits.max_record_bytes;
    crate::records::skip_bom(reader).map_err(|error| ctx.io_failure(error, entry))?;
    let mut buf = Vec::with_capacity(16 * 1024);
    let mut index = 0;
    loop {
        match read_line(reader, &mut buf, max) {
            Ok(None) => return Ok(()),
            Ok(Some(Ok(()))) => {
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                each(ctx, &buf, index)?;
            }
            Ok(Some(Err(problem))) => ctx.skip(entry, index, problem)?,
            Err(error) => return Err(ctx.io_failure(error, entry)),
        }
        index += 1;
    }
}

/// Streams CSV rows to `each` as text fields, after handing the header row to `header`
/// (which returns the column mapping `each` receives). Rows with invalid UTF-8 or too large
/// are reported and skipped. An empty file calls neither.
pub(crate) fn for_each_csv_row<C>(
    ctx: &mut Ctx<'_, '_>,
    reader: &mut dyn BufRead,
    entry: &str,
    header: impl FnOnce(&[&str]) -> Result<C, ImportError>,
    mut each: impl FnMut(&mut Ctx<'_, '_>, &C, &[&str], u64) -> Result<(), Halt>,
) -> Result<(), Halt> {
    let mut csv = CsvReader::new(reader, ctx.budget.limits.max_record_bytes);
    let columns = match csv.next_row() {
        Ok(None) => return Ok(()),
        Ok(Some(Ok(()))) => match csv.row() {
            Ok(row) => header(&row)?,
            Err(problem) => return ctx.skip(entry, 0, problem),
        },
        Ok(Some(Err(problem))) => return ctx.skip(entry, 0, problem),
        Err(error) => return Err(ctx.io_failure(error, entry)),
    };
    let mut index = 0;
    loop {
        match csv.next_row() {
            Ok(None) => return Ok(()),
            Ok(Some(Ok(()))) => match csv.row() {
                Ok(row) => {
                    if !(row.len() == 1 && row[0].trim().is_empty()) {
                        each(ctx, &columns, &row, index)?;
                    }
                }
                Err(problem) => ctx.skip(entry, index, problem)?,
            },
            Ok(Some(Err(problem))) => ctx.skip(entry, index, problem)?,
            Err(error) => return Err(ctx.io_failure(error, entry)),
        }
        index += 1;
    }
}

/// Column positions found by header names (case-insensitive, any of several synonyms).
pub(crate) struct Columns {
    names: Vec<String>,
}

impl Columns {
    pub(crate) fn new(header: &[&str]) -> Columns {
        Columns {
            names: header
                .iter()
                .map(|name| name.trim().to_ascii_lowercase())
                .collect(),
        }
    }

    /// The position of the first of `synonyms` present.
    pub(crate) fn find(&self, synonyms: &[&str]) -> Option<usize> {
        synonyms
            .iter()
            .find_map(|wanted| self.names.iter().position(|name| name == wanted))
    }

    /// Whether every one of `required` is present.
    pub(crate) fn has_all(&self, required: &[&str]) -> bool {
        required
            .iter()
            .all(|wanted| self.names.iter().any(|name| name == wanted))
    }
}

/// Field `at` of a row, trimmed, if present and not empty.
pub(crate) fn cell<'r>(row: &[&'r str], at: Option<usize>) -> Option<&'r str> {
    let value = row.get(at?)?.trim();
    (!value.is_empty()).then_some(value)
}

/// A stable synthetic id for records without one: `h:` and 16 hex digits of FNV-1a over the
/// parts (separated, so that `("ab","c")` and `("a","bc")` differ).
pub(crate) fn synthetic_id(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xFF]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("h:{hash:016x}")
}

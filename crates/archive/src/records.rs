//! Bounded record readers for line- and CSV-based files: no record larger than
//! [`Limits::max_record_bytes`](crate::Limits::max_record_bytes) is ever held in memory, however
//! long a line is.

use std::io::{self, BufRead};

use crate::error::RecordProblem;

/// Strips a UTF-8 byte-order mark, if the stream starts with one.
pub(crate) fn skip_bom<R: BufRead + ?Sized>(reader: &mut R) -> io::Result<()> {
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(())
}

/// Reads one line (without its `\n` or `\r\n`) into `buf`. `Ok(None)` at the end of the input;
/// a line longer than `max` is consumed but not kept, and reported as too large.
pub(crate) fn read_line<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<Result<(), RecordProblem>>> {
    buf.clear();
    let mut fits = true;
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            if !any {
                return Ok(None);
            }
            break;
        }
        any = true;
        let newline = memchr::memchr(b'\n', chunk);
        let take = newline.unwrap_or(chunk.len());
        if fits {
            if buf.len() + take > max {
                fits = false;
                buf.clear();
                buf.shrink_to(64 * 1024);
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(take + usize::from(newline.is_some()));
        if newline.is_some() {
            break;
        }
    }
    if !fits {
        return Ok(Some(Err(RecordProblem::TooLarge { limit: max })));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Ok(())))
}

/// Most fields a CSV row may have before it is skipped as too large.
const MAX_FIELDS: usize = 4096;

/// Reads CSV rows with `csv-core` into a bounded buffer.
pub(crate) struct CsvReader<R> {
    reader: R,
    core: csv_core::Reader,
    output: Vec<u8>,
    ends: Vec<usize>,
    fields: usize,
    max: usize,
    started: bool,
}

impl<R: BufRead> CsvReader<R> {
    /// A reader of RFC 4180 CSV that also accepts backslash-escaped quotes (LinkedIn's
    /// `Comments.csv` writes `\"`).
    pub(crate) fn new(reader: R, max: usize) -> CsvReader<R> {
        let core = csv_core::ReaderBuilder::new()
            .escape(Some(b'\\'))
            .double_quote(true)
            .build();
        CsvReader {
            reader,
            core,
            output: vec![0; 4096.min(max.max(1))],
            ends: vec![0; 64],
            fields: 0,
            max,
            started: false,
        }
    }

    /// Reads the next row. `Ok(None)` at the end; a row larger than the limit is consumed and
    /// reported as too large. Blank lines are skipped by `csv-core`.
    pub(crate) fn next_row(&mut self) -> io::Result<Option<Result<(), RecordProblem>>> {
        if !self.started {
            skip_bom(&mut self.reader)?;
            self.started = true;
        }
        let mut out_len = 0;
        let mut fields = 0;
        let mut fits = true;
        loop {
            let input = self.reader.fill_buf()?;
            let (result, read, written, ended) =
                self.core
                    .read_record(input, &mut self.output[out_len..], &mut self.ends[fields..]);
            self.reader.consume(read);
            out_len += written;
            fields += ended;
            match result {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    if self.output.len() < self.max {
                        let grown = (self.output.len() * 2).min(self.max);
                        self.output.resize(grown, 0);
                    } else {
                        // Too large: drop what was read of this row and read on to its end.
                        fits = false;
                        out_len = 0;
                        fields = 0;
                    }
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() < MAX_FIELDS {
                        let grown = (self.ends.len() * 2).min(MAX_FIELDS);
                        self.ends.resize(grown, 0);
                    } else {
                        fits = false;
                        out_len = 0;
                        fields = 0;
                    }
                }
                csv_core::ReadRecordResult::Record => {
                    self.fields = fields;
                    if !fits {
                        self.fields = 0;
                        if self.output.len() > 64 * 1024 {
                            self.output.truncate(64 * 1024);
                            self.output.shrink_to_fit();
                        }
                        return Ok(Some(Err(RecordProblem::TooLarge { limit: self.max })));
                    }
                    return Ok(Some(Ok(())));
                }
                csv_core::ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// Field `index` of the last row read, as raw bytes.
    pub(crate) fn field(&self, index: usize) -> Option<&[u8]> {
        if index >= self.fields {
            return None;
        }
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        self.output.get(start..self.ends[index])
    }

    /// Every field of the last row read as text, or `InvalidUtf8`.
    pub(crate) fn row(&self) -> Result<Vec<&str>, RecordProblem> {
        (0..self.fields)
            .map(|index| {
                std::str::from_utf8(self.field(index).unwrap_or_default())
                    .map_err(|_| RecordProblem::InvalidUtf8)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_rows_with_both_escapes() {
        let input = "\u{feff}a,b\n\"x \\\"q\\\" \"\"r\"\"\nline\",2\n\n\"long long long\",3\nz,4";
        let mut csv = CsvReader::new(input.as_bytes(), 12);
        let mut rows = Vec::new();
        while let Some(row) = csv.next_row().expect("reads") {
            rows.push(row.and_then(|()| csv.row().map(|r| r.join("|"))));
        }
        assert_eq!(
            rows,
            vec![
                Ok("a|b".to_owned()),
                Err(RecordProblem::TooLarge { limit: 12 }),
                Err(RecordProblem::TooLarge { limit: 12 }),
                Ok("z|4".to_owned()),
            ]
        );
        let mut csv = CsvReader::new(input.as_bytes(), 100);
        let _ = csv.next_row();
        let _ = csv.next_row();
        assert_eq!(csv.row(), Ok(vec!["x \"q\" \"r\"\nline", "2"]));
    }

    #[test]
    fn long_lines_are_skipped_whole() {
        let input = format!("{}\nshort\n", "x".repeat(10_000));
        let mut reader = input.as_bytes();
        let mut buf = Vec::new();
        assert_eq!(
            read_line(&mut reader, &mut buf, 100).expect("reads"),
            Some(Err(RecordProblem::TooLarge { limit: 100 }))
        );
        assert_eq!(
            read_line(&mut reader, &mut buf, 100).expect("reads"),
            Some(Ok(()))
        );
        assert_eq!(buf, b"short");
        assert_eq!(read_line(&mut reader, &mut buf, 100).expect("reads"), None);
    }
}

//! A streaming splitter for big JSON arrays: it finds each element's bytes without parsing
//! them, so every element can be parsed (and fail) on its own, and no element larger than
//! [`Limits::max_record_bytes`](crate::Limits::max_record_bytes) is ever held in memory.
//!
//! It tracks only strings, escapes and bracket depth, so it reads at memory speed and resyncs
//! after any element, however malformed inside. X's `tweets.js` (a JavaScript assignment,
//! `window.YTD.tweets.part0 = [ … ]`) is read by skipping to the first `[`: the file is never
//! executed.

use std::io::{self, BufRead};

use memchr::memchr2;

use crate::error::RecordProblem;

/// Why a JSON stream could not be read on; the caller decides how bad that is.
#[derive(Debug)]
pub(crate) enum ScanError {
    /// Reading failed (including a breached limit, see [`Budget`](crate::meter::Budget)).
    Io(io::Error),
    /// The stream ended inside the array or one of its elements.
    Truncated,
    /// Bytes between elements that are not JSON: the stream cannot be followed further.
    Syntax(String),
}

impl From<io::Error> for ScanError {
    fn from(error: io::Error) -> ScanError {
        ScanError::Io(error)
    }
}

/// Where the splitter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first element.
    Start,
    /// After an element, expecting `,` or `]`.
    AfterElement,
    /// The array is closed.
    Done,
}

/// One element's outcome: its bytes are in the caller's buffer, or it was skipped.
pub(crate) type Element = Result<(), RecordProblem>;

/// Splits the elements of one JSON array read from `reader`.
pub(crate) struct JsonArray<R> {
    reader: R,
    max_record: usize,
    max_depth: usize,
    state: State,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";
/// Longest prefix skipped before the array (`window.YTD.tweets.part0 = `).
const MAX_PREFIX: usize = 4096;

impl<R: BufRead> JsonArray<R> {
    /// A splitter positioned just after an array's `[`.
    fn at_open_array(reader: R, max_record: usize, max_depth: usize) -> JsonArray<R> {
        JsonArray {
            reader,
            max_record,
            max_depth,
            state: State::Start,
        }
    }

    /// Opens a plain JSON array (after an optional BOM and whitespace).
    pub(crate) fn open(
        mut reader: R,
        max_record: usize,
        max_depth: usize,
    ) -> Result<JsonArray<R>, ScanError> {
        skip_bom(&mut reader)?;
        skip_whitespace(&mut reader)?;
        match peek(&mut reader)? {
            Some(b'[') => {
                reader.consume(1);
                Ok(JsonArray::at_open_array(reader, max_record, max_depth))
            }
            Some(byte) => Err(ScanError::Syntax(format!(
                "expected a JSON array, found {:?}",
                char::from(byte)
            ))),
            None => Err(ScanError::Truncated),
        }
    }

    /// Opens the array of a JavaScript assignment such as `window.YTD.tweets.part0 = [`, by
    /// skipping to the first `[`.
    pub(crate) fn open_assignment(
        mut reader: R,
        max_record: usize,
        max_depth: usize,
    ) -> Result<JsonArray<R>, ScanError> {
        skip_bom(&mut reader)?;
        match skip_to_open(&mut reader)? {
            b'[' => Ok(JsonArray::at_open_array(reader, max_record, max_depth)),
            _ => Err(ScanError::Syntax(
                "expected an array after the assignment".into(),
            )),
        }
    }

    /// Opens the array held by one of `fields` in a top-level JSON object (Mastodon's
    /// `orderedItems`); `Ok(None)` if the object has none of them.
    pub(crate) fn open_field(
        mut reader: R,
        fields: &[&str],
        max_record: usize,
        max_depth: usize,
    ) -> Result<Option<JsonArray<R>>, ScanError> {
        skip_bom(&mut reader)?;
        skip_whitespace(&mut reader)?;
        if peek(&mut reader)? != Some(b'{') {
            return Err(ScanError::Syntax("expected a JSON object".into()));
        }
        reader.consume(1);
        let mut key = Vec::new();
        loop {
            skip_whitespace(&mut reader)?;
            match peek(&mut reader)? {
                Some(b'}') => return Ok(None),
                Some(b',') => {
                    reader.consume(1);
                    continue;
                }
                Some(b'"') => {}
                Some(byte) => {
                    return Err(ScanError::Syntax(format!(
                        "expected a key, found {:?}",
                        char::from(byte)
                    )));
                }
                None => return Err(ScanError::Truncated),
            }
            key.clear();
            let key_ok = scan_value(&mut reader, &mut key, 4096, 1)?.is_ok();
            skip_whitespace(&mut reader)?;
            if peek(&mut reader)? != Some(b':') {
                return Err(ScanError::Syntax("expected `:` after a key".into()));
            }
            reader.consume(1);
            skip_whitespace(&mut reader)?;
            let wanted = key_ok
                && serde_json::from_slice::<String>(&key)
                    .is_ok_and(|key| fields.contains(&key.as_str()));
            if wanted && peek(&mut reader)? == Some(b'[') {
                reader.consume(1);
                return Ok(Some(JsonArray::at_open_array(
                    reader, max_record, max_depth,
                )));
            }
            let mut discard = Vec::new();
            let _ = scan_value(&mut reader, &mut discard, 0, usize::MAX)?;
        }
    }

    /// Reads the next element into `buf` (cleared first). `Ok(None)` at the end of the array;
    /// `Ok(Some(Err(_)))` for an element that is too large or too deep (the splitter has
    /// already moved past it).
    pub(crate) fn next_element(&mut self, buf: &mut Vec<u8>) -> Result<Option<Element>, ScanError> {
        buf.clear();
        loop {
            skip_whitespace(&mut self.reader)?;
            let byte = peek(&mut self.reader)?.ok_or(ScanError::Truncated)?;
            match (self.state, byte) {
                (State::Done, _) => return Ok(None),
                (State::Start | State::AfterElement, b']') => {
                    self.reader.consume(1);
                    self.state = State::Done;
                    return Ok(None);
                }
                (State::AfterElement, b',') => {
                    self.reader.consume(1);
                    skip_whitespace(&mut self.reader)?;
                    if peek(&mut self.reader)? == Some(b']') {
                        // A trailing comma: lenient, as some hand-made files have one.
                        continue;
                    }
                    self.state = State::Start;
                }
                (State::AfterElement, other) => {
                    return Err(ScanError::Syntax(format!(
                        "expected `,` or `]` between elements, found {:?}",
                        char::from(other)
                    )));
                }
                (State::Start, _) => {
                    let element =
                        scan_value(&mut self.reader, buf, self.max_record, self.max_depth)?;
                    self.state = State::AfterElement;
                    return Ok(Some(element));
                }
            }
        }
    }

    /// Gives back the reader, positioned after whatever was read.
    #[cfg(test)]
    pub(crate) fn into_inner(self) -> R {
        self.reader
    }
}

/// Reads one whole JSON value (a small file such as `account.js`, or a `.json` file's
/// contents) into `buf`, after an optional BOM and, if `assignment`, a JavaScript prefix.
pub(crate) fn read_value<R: BufRead>(
    mut reader: R,
    buf: &mut Vec<u8>,
    assignment: bool,
    max_record: usize,
    max_depth: usize,
) -> Result<Element, ScanError> {
    skip_bom(&mut reader)?;
    if assignment {
        let open = skip_to_open(&mut reader)?;
        buf.clear();
        buf.push(open);
        // Scan the rest as if inside the value: depth 1 already.
        return scan_rest_of_container(&mut reader, buf, max_record, max_depth);
    }
    skip_whitespace(&mut reader)?;
    buf.clear();
    scan_value(&mut reader, buf, max_record, max_depth)
}

fn skip_bom<R: BufRead>(reader: &mut R) -> io::Result<()> {
    let chunk = reader.fill_buf()?;
    if chunk.starts_with(BOM) {
        reader.consume(BOM.len());
    }
    Ok(())
}

fn peek<R: BufRead>(reader: &mut R) -> io::Result<Option<u8>> {
    Ok(reader.fill_buf()?.first().copied())
}

fn skip_whitespace<R: BufRead>(reader: &mut R) -> io::Result<()> {
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(());
        }
        let spaces = chunk
            .iter()
            .take_while(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
            .count();
        let whole = spaces == chunk.len();
        reader.consume(spaces);
        if !whole {
            return Ok(());
        }
    }
}

/// Skips to just past the first `[` or `{`, returning which; refuses long prefixes.
fn skip_to_open<R: BufRead>(reader: &mut R) -> Result<u8, ScanError> {
    let mut skipped = 0;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Err(ScanError::Truncated);
        }
        if let Some(at) = chunk.iter().position(|byte| matches!(byte, b'[' | b'{')) {
            let open = chunk[at];
            reader.consume(at + 1);
            return Ok(open);
        }
        skipped += chunk.len();
        let len = chunk.len();
        reader.consume(len);
        if skipped > MAX_PREFIX {
            return Err(ScanError::Syntax(format!(
                "no `[` or `{{` in the first {MAX_PREFIX} bytes"
            )));
        }
    }
}

/// Bytes that matter outside strings.
const fn structural_table() -> [bool; 256] {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'[' as usize] = true;
    table[b']' as usize] = true;
    table[b'{' as usize] = true;
    table[b'}' as usize] = true;
    table
}
static STRUCTURAL: [bool; 256] = structural_table();

/// Appends `bytes` to `buf` unless that would pass `max`; returns whether it fit.
fn keep(buf: &mut Vec<u8>, bytes: &[u8], max: usize, fits: &mut bool) {
    if !*fits {
        return;
    }
    if buf.len() + bytes.len() > max {
        *fits = false;
        buf.clear();
        buf.shrink_to(64 * 1024);
    } else {
        buf.extend_from_slice(bytes);
    }
}

/// Scans one JSON value at the reader's position (whitespace already skipped) into `buf`.
fn scan_value<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
    max_depth: usize,
) -> Result<Element, ScanError> {
    let first = peek(reader)?.ok_or(ScanError::Truncated)?;
    match first {
        b'[' | b'{' => {
            reader.consume(1);
            let mut fits = true;
            keep(buf, &[first], max, &mut fits);
            let element = scan_rest_of_container(reader, buf, max, max_depth)?;
            if !fits {
                return Ok(Err(RecordProblem::TooLarge { limit: max }));
            }
            Ok(element)
        }
        b'"' => {
            reader.consume(1);
            let mut fits = true;
            keep(buf, b"\"", max, &mut fits);
            scan_string(reader, buf, max, &mut fits)?;
            Ok(if fits {
                Ok(())
            } else {
                Err(RecordProblem::TooLarge { limit: max })
            })
        }
        _ => scan_scalar(reader, buf, max),
    }
}

/// Scans a number, `true`, `false`, `null` or junk up to the next delimiter.
fn scan_scalar<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> Result<Element, ScanError> {
    let mut fits = true;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Err(ScanError::Truncated);
        }
        let end = chunk
            .iter()
            .position(|byte| matches!(byte, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'));
        let take = end.unwrap_or(chunk.len());
        keep(buf, &chunk[..take], max, &mut fits);
        reader.consume(take);
        if end.is_some() {
            return Ok(if fits {
                Ok(())
            } else {
                Err(RecordProblem::TooLarge { limit: max })
            });
        }
    }
}

/// Scans the rest of a string whose opening quote was consumed, through its closing quote.
fn scan_string<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
    fits: &mut bool,
) -> Result<(), ScanError> {
    let mut escaped = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Err(ScanError::Truncated);
        }
        let mut at = 0;
        let mut closed = false;
        if escaped {
            at = 1;
            escaped = false;
        }
        while at < chunk.len() {
            match memchr2(b'"', b'\\', &chunk[at..]) {
                None => {
                    at = chunk.len();
                    break;
                }
                Some(offset) => {
                    let pos = at + offset;
                    if chunk[pos] == b'"' {
                        at = pos + 1;
                        closed = true;
                        break;
                    }
                    if pos + 1 < chunk.len() {
                        at = pos + 2;
                    } else {
                        at = chunk.len();
                        escaped = true;
                    }
                }
            }
        }
        keep(buf, &chunk[..at], max, fits);
        reader.consume(at);
        if closed {
            return Ok(());
        }
    }
}

/// Scans the rest of an array or object whose opening bracket was consumed (depth 1).
fn scan_rest_of_container<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
    max_depth: usize,
) -> Result<Element, ScanError> {
    let mut depth: usize = 1;
    let mut fits = true;
    let mut too_deep = false;
    let mut in_string = false;
    let mut escaped = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Err(ScanError::Truncated);
        }
        let mut at = 0;
        let mut end = None;
        while at < chunk.len() {
            if in_string {
                if escaped {
                    escaped = false;
                    at += 1;
                    continue;
                }
                match memchr2(b'"', b'\\', &chunk[at..]) {
                    None => at = chunk.len(),
                    Some(offset) => {
                        let pos = at + offset;
                        if chunk[pos] == b'"' {
                            in_string = false;
                        } else {
                            escaped = true;
                        }
                        at = pos + 1;
                    }
                }
                continue;
            }
            let byte = chunk[at];
            at += 1;
            if !STRUCTURAL[usize::from(byte)] {
                continue;
            }
            match byte {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > max_depth {
                        too_deep = true;
                    }
                }
                _ => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(at);
                        break;
                    }
                }
            }
        }
        let take = end.unwrap_or(chunk.len());
        if too_deep {
            if fits {
                buf.clear();
                buf.shrink_to(64 * 1024);
            }
            fits = false;
        } else {
            keep(buf, &chunk[..take], max, &mut fits);
        }
        reader.consume(take);
        if end.is_some() {
            return Ok(if too_deep {
                Err(RecordProblem::TooDeep { limit: max_depth })
            } else if !fits {
                Err(RecordProblem::TooLarge { limit: max })
            } else {
                Ok(())
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elements(input: &str, max: usize, depth: usize) -> Vec<Result<String, RecordProblem>> {
        let mut array = JsonArray::open_assignment(input.as_bytes(), max, depth).expect("opens");
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while let Some(element) = array.next_element(&mut buf).expect("scans") {
            out.push(element.map(|()| String::from_utf8_lossy(&buf).into_owned()));
        }
        out
    }

    #[test]
    fn splits_elements_of_an_assignment() {
        let got = elements(
            r#"window.YTD.tweets.part0 = [ {"a":"]}\"[{"} , [1,[2]] ,"s\\",3 ]"#,
            100,
            10,
        );
        assert_eq!(
            got,
            vec![
                Ok(r#"{"a":"]}\"[{"}"#.to_owned()),
                Ok("[1,[2]]".to_owned()),
                Ok(r#""s\\""#.to_owned()),
                Ok("3".to_owned()),
            ]
        );
    }

    #[test]
    fn skips_large_and_deep_elements_and_goes_on() {
        let got = elements(r#"[{"a":"0123456789"},[[[[1]]]],{"b":1}]"#, 12, 3);
        assert_eq!(
            got,
            vec![
                Err(RecordProblem::TooLarge { limit: 12 }),
                Err(RecordProblem::TooDeep { limit: 3 }),
                Ok(r#"{"b":1}"#.to_owned()),
            ]
        );
    }

    #[test]
    fn finds_an_array_field() {
        let input = br#"{"@context":["x",{"y":"[z"}],"totalItems":2,"orderedItems":[{"n":1},{"n":2}],"z":1}"#;
        let mut array = JsonArray::open_field(&input[..], &["orderedItems"], 100, 10)
            .expect("scans")
            .expect("has the field");
        let mut buf = Vec::new();
        assert!(matches!(array.next_element(&mut buf), Ok(Some(Ok(())))));
        assert_eq!(buf, br#"{"n":1}"#);
        assert!(matches!(array.next_element(&mut buf), Ok(Some(Ok(())))));
        assert!(matches!(array.next_element(&mut buf), Ok(None)));
        let rest = array.into_inner();
        assert_eq!(rest, br#","z":1}"#);
    }

    #[test]
    fn reports_truncation() {
        let mut array = JsonArray::open(&b"[{\"a\":1},{\"b\""[..], 100, 10).expect("opens");
        let mut buf = Vec::new();
        assert!(matches!(array.next_element(&mut buf), Ok(Some(Ok(())))));
        assert!(matches!(
            array.next_element(&mut buf),
            Err(ScanError::Truncated)
        ));
    }
}

//! A 100 MB record (one line, one JSON element, one CSV field) must be skipped without being
//! held in memory. The input is produced on the fly, so the test itself stays small, and peak
//! memory (`VmHWM`, Linux) is checked. One test in its own binary, so nothing else runs in the
//! process while it measures.

use std::io::{self, Read, Seek, SeekFrom};
use std::ops::ControlFlow;

use ft_archive::{Format, ImportError, Item, Limits, RecordProblem, import};

/// Bytes made on demand: literal pieces and long runs of one byte.
enum Piece {
    Text(Vec<u8>),
    Run(u8, u64),
}

struct Synthetic {
    pieces: Vec<Piece>,
    position: u64,
}

impl Synthetic {
    fn new(pieces: Vec<Piece>) -> Synthetic {
        Synthetic {
            pieces,
            position: 0,
        }
    }

    fn len(&self) -> u64 {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(bytes) => bytes.len() as u64,
                Piece::Run(_, n) => *n,
            })
            .sum()
    }
}

impl Read for Synthetic {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut start = 0u64;
        for piece in &self.pieces {
            let len = match piece {
                Piece::Text(bytes) => bytes.len() as u64,
                Piece::Run(_, n) => *n,
            };
            if self.position < start + len {
                let offset = self.position - start;
                let n = ((len - offset) as usize).min(buf.len());
                match piece {
                    Piece::Text(bytes) => {
                        buf[..n].copy_from_slice(&bytes[offset as usize..offset as usize + n])
                    }
                    Piece::Run(byte, _) => buf[..n].fill(*byte),
                }
                self.position += n as u64;
                return Ok(n);
            }
            start += len;
        }
        Ok(0)
    }
}

impl Seek for Synthetic {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.position = match to {
            SeekFrom::Start(at) => at,
            SeekFrom::End(back) => self.len().saturating_add_signed(back),
            SeekFrom::Current(by) => self.position.saturating_add_signed(by),
        };
        Ok(self.position)
    }
}

fn text(text: &str) -> Piece {
    Piece::Text(text.as_bytes().to_vec())
}

const HUGE: u64 = 100 * 1024 * 1024;

fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Imports and returns (post texts, skipped problems).
fn import_all(
    input: Synthetic,
    format: Format,
) -> Result<(Vec<String>, Vec<RecordProblem>), ImportError> {
    let (mut texts, mut skipped) = (Vec::new(), Vec::new());
    import(input, format, &Limits::default(), &mut |item| {
        match item {
            Item::Post(post) => texts.push(post.text),
            Item::Skipped(error) => skipped.push(error.problem),
            Item::Profile(_) => {}
        }
        ControlFlow::Continue(())
    })?;
    Ok((texts, skipped))
}

#[test]
fn hundred_megabyte_records_are_skipped_in_bounded_memory() {
    let before = peak_kib();
    let too_large = RecordProblem::TooLarge {
        limit: Limits::default().max_record_bytes,
    };

    let jsonl = Synthetic::new(vec![
        text("{\"text\":\"first\"}\n{\"text\":\""),
        Piece::Run(b'x', HUGE),
        text("\"}\n{\"text\":\"last\"}\n"),
    ]);
    assert_eq!(
        import_all(jsonl, Format::GenericJsonl).ok(),
        Some((vec!["first".into(), "last".into()], vec![too_large.clone()]))
    );

    let one_line = Synthetic::new(vec![Piece::Run(b' ', HUGE)]);
    assert_eq!(
        import_all(one_line, Format::GenericJsonl).ok(),
        Some((vec![], vec![too_large.clone()]))
    );

    let tweets = Synthetic::new(vec![
        text(
            r#"window.YTD.tweets.part0 = [ {"tweet":{"id_str":"1","full_text":"first"}}, {"tweet":{"id_str":"2","full_text":""#,
        ),
        Piece::Run(b'x', HUGE),
        text(r#""}}, {"tweet":{"id_str":"3","full_text":"last"}} ]"#),
    ]);
    assert_eq!(
        import_all(tweets, Format::X).ok(),
        Some((vec!["first".into(), "last".into()], vec![too_large.clone()]))
    );

    let csv = Synthetic::new(vec![
        text("id,text\n1,first\n2,\""),
        Piece::Run(b'x', HUGE),
        text("\"\n3,last\n"),
    ]);
    assert_eq!(
        import_all(csv, Format::GenericCsv).ok(),
        Some((vec!["first".into(), "last".into()], vec![too_large.clone()]))
    );

    let json = Synthetic::new(vec![
        text("[{\"text\":\"first\"},{\"text\":\""),
        Piece::Run(b'x', HUGE),
        text("\"},{\"text\":\"last\"}]"),
    ]);
    assert_eq!(
        import_all(json, Format::GenericJson).ok(),
        Some((vec!["first".into(), "last".into()], vec![too_large.clone()]))
    );

    let outbox = Synthetic::new(vec![
        text(
            r#"{"orderedItems":[{"type":"Create","object":{"id":"https://e.social/1","content":"<p>first</p>"}},{"type":"Create","object":{"id":"2","content":""#,
        ),
        Piece::Run(b'x', HUGE),
        text(r#""}}]}"#),
    ]);
    assert_eq!(
        import_all(outbox, Format::Mastodon).ok(),
        Some((vec!["first".into()], vec![too_large.clone()]))
    );

    // A CAR section that claims 100 MB is skipped unread; this one has no commit, so the
    // import then stops with a clear message.
    // Header {roots: [CID], version: 1}, then a section whose varint length is 100 MiB.
    let header: &[u8] = b"\xa2\x65roots\x81\xd8\x2a\x45\x00\x01\x71\x12\x00\x67version\x01";
    let mut car = vec![header.len() as u8];
    car.extend(header);
    car.extend([0x80, 0x80, 0x80, 0x32]);
    let car = Synthetic::new(vec![Piece::Text(car), Piece::Run(0, HUGE)]);
    let error = import_all(car, Format::Bluesky).expect_err("no commit");
    assert!(
        matches!(
            error,
            ImportError::Container {
                container: "car",
                ..
            }
        ),
        "{error}"
    );

    if let (Some(before), Some(after)) = (before, peak_kib()) {
        let grown_mib = after.saturating_sub(before) / 1024;
        assert!(grown_mib < 48, "peak memory grew by {grown_mib} MiB");
    }
}

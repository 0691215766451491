//! Format detection, in three layers: magic bytes, entry names inside a container, then the
//! content of a loose file. The file name, when given, settles only what the content leaves
//! open (a CSV, JSON or JSON Lines file of no known platform).

use std::io::{BufReader, Read, Seek, SeekFrom};

use crate::container::{Container, base_name, head, relative, sniff};
use crate::error::ImportError;
use crate::format::Format;
use crate::{bluesky, facebook, linkedin, x, x_classic};

/// How much of a loose file is read to sniff its content.
const SNIFF_BYTES: usize = 64 * 1024;

/// Finds the format of an archive or file, then rewinds the reader.
///
/// `file_name` (the name the person gave, if any; never opened) breaks ties between generic
/// formats: `.jsonl`/`.ndjson`, `.json`, `.csv`, `.car`.
///
/// # Errors
///
/// [`ImportError::UnknownFormat`] when nothing fits, with what was seen; [`ImportError::Io`]
/// when the input cannot be read; [`ImportError::Container`] for a damaged zip.
pub fn detect<R: Read + Seek>(
    reader: &mut R,
    file_name: Option<&str>,
) -> Result<Format, ImportError> {
    let result = detect_inner(reader, file_name);
    reader.seek(SeekFrom::Start(0))?;
    result
}

fn detect_inner<R: Read + Seek>(
    reader: &mut R,
    file_name: Option<&str>,
) -> Result<Format, ImportError> {
    match sniff(reader)? {
        Container::Zip => detect_zip(reader),
        Container::Gzip => detect_gzip(reader),
        Container::Plain => {
            let head = head(reader, SNIFF_BYTES)?;
            detect_content(&head, file_name)
        }
    }
}

/// Entry names decide a zip's format.
fn detect_zip<R: Read + Seek>(reader: &mut R) -> Result<Format, ImportError> {
    let archive =
        zip::ZipArchive::new(BufReader::new(reader)).map_err(|error| ImportError::Container {
            container: "zip",
            reason: error.to_string(),
        })?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|name| {
            name.ok()
                .and_then(|name| crate::container::clean_name(&name))
        })
        .collect();
    let any = |test: &dyn Fn(&str) -> bool| {
        names
            .iter()
            .any(|name| relative(name).into_iter().any(test))
    };
    if any(&x::is_x_entry) {
        return Ok(Format::X);
    }
    if any(&x_classic::is_classic_entry) {
        return Ok(Format::XClassic);
    }
    if any(&|name: &str| name == "outbox.json") {
        return Ok(Format::Mastodon);
    }
    if any(&|name: &str| linkedin::entry_kind(base_name(name)).is_some()) {
        return Ok(Format::Linkedin);
    }
    if any(&|name: &str| facebook::entry_kind(name).is_some()) {
        return Ok(Format::Facebook);
    }
    if names.iter().any(|name| name.ends_with(".html"))
        && names.iter().any(|name| name.contains("your_"))
    {
        return Err(ImportError::UnknownFormat {
            reason: "this looks like a Facebook export in HTML; request the JSON version instead"
                .into(),
        });
    }
    let sample: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    Err(ImportError::UnknownFormat {
        reason: if names.is_empty() {
            "an empty zip archive".into()
        } else {
            format!(
                "a zip archive of no known platform (it holds {})",
                sample.join(", ")
            )
        },
    })
}

/// A gzip stream is only ever a Mastodon `.tar.gz`; the first tar header confirms it is a tar.
fn detect_gzip<R: Read + Seek>(reader: &mut R) -> Result<Format, ImportError> {
    reader.seek(SeekFrom::Start(0))?;
    let mut header = Vec::with_capacity(512);
    flate2::read::GzDecoder::new(reader.by_ref())
        .take(512)
        .read_to_end(&mut header)
        .map_err(|error| ImportError::Container {
            container: "gzip",
            reason: error.to_string(),
        })?;
    if header.len() == 512 && &header[257..262] == b"ustar" {
        return Ok(Format::Mastodon);
    }
    Err(ImportError::UnknownFormat {
        reason: "a gzip file that is not a tar archive (only Mastodon's .tar.gz is read)".into(),
    })
}

/// The content of a loose file decides its format; the name settles generic ties.
pub(crate) fn detect_content(head: &[u8], file_name: Option<&str>) -> Result<Format, ImportError> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start();
    let extension = file_name
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, extension)| extension.to_ascii_lowercase());

    if bluesky::looks_like_car(head) {
        return Ok(Format::Bluesky);
    }
    if trimmed.starts_with("window.YTD.") || trimmed.starts_with("window.__THAR_CONFIG") {
        return Ok(Format::X);
    }
    if trimmed.starts_with("Grailbird.data.") || trimmed.starts_with("var user_details") {
        return Ok(Format::XClassic);
    }
    let first_line = trimmed.lines().next().unwrap_or_default();
    if x_classic::is_classic_header(first_line) {
        return Ok(Format::XClassic);
    }
    if linkedin::is_linkedin_header(first_line) {
        return Ok(Format::Linkedin);
    }
    if trimmed.starts_with('{') {
        if trimmed.contains("\"orderedItems\"") {
            return Ok(Format::Mastodon);
        }
        if trimmed.contains("\"comments_v2\"") || trimmed.contains("\"profile_v2\"") {
            return Ok(Format::Facebook);
        }
        // One complete object on the first line is JSON Lines; an object spread over lines
        // is one JSON document.
        let first_is_object =
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(first_line).is_ok();
        return Ok(
            if first_is_object || matches!(extension.as_deref(), Some("jsonl" | "ndjson")) {
                Format::GenericJsonl
            } else {
                Format::GenericJson
            },
        );
    }
    if trimmed.starts_with('[') {
        if facebook::looks_like_posts(trimmed) {
            return Ok(Format::Facebook);
        }
        return Ok(Format::GenericJson);
    }
    match extension.as_deref() {
        Some("csv") => return Ok(Format::GenericCsv),
        Some("car") => return Ok(Format::Bluesky),
        _ => {}
    }
    if first_line.contains(',') && !first_line.contains('{') {
        return Ok(Format::GenericCsv);
    }
    let shown: String = first_line.chars().take(40).collect();
    Err(ImportError::UnknownFormat {
        reason: if trimmed.is_empty() {
            "the file is empty".into()
        } else {
            format!("unrecognised content starting {shown:?}")
        },
    })
}

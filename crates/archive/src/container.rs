//! Containers: zip archives (read by entry, never extracted), gzip-compressed tar archives
//! (read as a stream) and loose files. Entry names are only ever compared with the names an
//! importer wants; they are never used as paths, and names that try to leave the archive
//! (`../`, absolute paths) are ignored outright.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

use crate::error::ImportError;
use crate::import::{Ctx, Halt};
use crate::meter::{Compressed, CountingReader, Meter};

/// Buffer size for every file read: big enough for fast scanning, small enough to be cheap.
pub(crate) const BUFFER: usize = 256 * 1024;

/// What the first bytes of the input say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Zip,
    Gzip,
    Plain,
}

/// Reads up to `n` bytes from the start of the input, then rewinds.
pub(crate) fn head<R: Read + Seek>(reader: &mut R, n: usize) -> std::io::Result<Vec<u8>> {
    reader.seek(SeekFrom::Start(0))?;
    let mut head = Vec::with_capacity(n);
    reader.by_ref().take(n as u64).read_to_end(&mut head)?;
    reader.seek(SeekFrom::Start(0))?;
    Ok(head)
}

/// Sniffs the container from magic bytes.
pub(crate) fn sniff<R: Read + Seek>(reader: &mut R) -> std::io::Result<Container> {
    let head = head(reader, 4)?;
    Ok(
        if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            Container::Zip
        } else if head.starts_with(b"\x1f\x8b") {
            Container::Gzip
        } else {
            Container::Plain
        },
    )
}

/// An entry name made safe to compare: `\` read as `/`, a leading `./` dropped. `None` for
/// directories and for names that are absolute or climb out (`..`), which are never read.
pub(crate) fn clean_name(raw: &str) -> Option<String> {
    let name = raw.replace('\\', "/");
    let name = name.trim_start_matches("./");
    if name.is_empty()
        || name.starts_with('/')
        || name.ends_with('/')
        || name.contains('\0')
        || name
            .split('/')
            .any(|part| part == ".." || part.contains(':'))
    {
        return None;
    }
    Some(name.to_owned())
}

/// Whether an archive entry `name` is the file `wanted`, at the archive's root or inside one
/// top-level folder (archives re-zipped from an unpacked folder).
pub(crate) fn is_entry(name: &str, wanted: &str) -> bool {
    name == wanted || name.split_once('/').is_some_and(|(_, rest)| rest == wanted)
}

/// `name` without a top-level folder, if it has one, for matching patterns.
pub(crate) fn relative(name: &str) -> [&str; 2] {
    [name, name.split_once('/').map_or(name, |(_, rest)| rest)]
}

/// The last path segment of an entry name.
pub(crate) fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// A zip archive opened for reading by entry.
pub(crate) struct ZipSource<R> {
    archive: zip::ZipArchive<R>,
    /// Clean names with their index, in central-directory order; the first of duplicates wins.
    names: Vec<(String, usize)>,
}

fn zip_error(error: zip::result::ZipError) -> ImportError {
    match error {
        zip::result::ZipError::Io(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => {
            ImportError::Truncated {
                entry: "the zip directory".into(),
            }
        }
        zip::result::ZipError::Io(error) => ImportError::Io(error),
        other => ImportError::Container {
            container: "zip",
            reason: other.to_string(),
        },
    }
}

impl<R: Read + Seek> ZipSource<R> {
    /// Opens a zip, checking the entry count against the limits first.
    pub(crate) fn open(reader: R, ctx: &Ctx<'_, '_>) -> Result<ZipSource<R>, ImportError> {
        let archive = zip::ZipArchive::new(reader).map_err(zip_error)?;
        let count = archive.len() as u64;
        if count > ctx.budget.limits.max_entries {
            return Err(ImportError::LimitExceeded {
                limit: crate::Limit::Entries,
                detail: format!(
                    "the zip lists {count} entries, more than {}",
                    ctx.budget.limits.max_entries
                ),
            });
        }
        let mut names: Vec<(String, usize)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for index in 0..archive.len() {
            let Some(Ok(raw)) = archive.name_for_index(index) else {
                continue;
            };
            if let Some(name) = clean_name(&raw)
                && seen.insert(name.clone())
            {
                names.push((name, index));
            }
        }
        Ok(ZipSource { archive, names })
    }

    /// Every readable entry name, in archive order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|(name, _)| name.as_str())
    }

    /// The entry that is the file `wanted` (see [`is_entry`]): its clean name and index.
    pub(crate) fn find(&self, wanted: &str) -> Option<(String, usize)> {
        self.names
            .iter()
            .find(|(name, _)| is_entry(name, wanted))
            .cloned()
    }

    /// The entries whose name (or name below a top-level folder) satisfies `matches`.
    pub(crate) fn find_all(&self, matches: impl Fn(&str) -> bool) -> Vec<(String, usize)> {
        self.names
            .iter()
            .filter(|(name, _)| relative(name).into_iter().any(&matches))
            .cloned()
            .collect()
    }

    /// Opens entry `index` (named `name`) and hands a metered, buffered reader to `read`.
    pub(crate) fn read_entry<T>(
        &mut self,
        index: usize,
        name: &str,
        ctx: &mut Ctx<'_, '_>,
        read: impl FnOnce(&mut dyn BufRead, &mut Ctx<'_, '_>) -> Result<T, Halt>,
    ) -> Result<T, Halt> {
        let budget = ctx.budget;
        let file = self.archive.by_index(index).map_err(zip_error)?;
        if !file.is_file() {
            return Err(ImportError::Container {
                container: "zip",
                reason: format!("{name} is not a regular file"),
            }
            .into());
        }
        let size = file.size();
        let compressed = match file.compression() {
            zip::CompressionMethod::Stored => Compressed::Unknown,
            _ => Compressed::Declared(file.compressed_size()),
        };
        let declared_compressed = match compressed {
            Compressed::Declared(size) => Some(size),
            _ => None,
        };
        budget.check_declared(name, size, declared_compressed)?;
        budget.count_entry();
        let meter = Meter::new(file, budget, name, Some(size), compressed);
        let mut buffered = BufReader::with_capacity(BUFFER, meter);
        read(&mut buffered, ctx)
    }
}

/// Walks a gzip-compressed tar archive in order, handing each regular file whose clean name
/// `wanted` accepts to `read`. Links, devices and directories are skipped unread.
pub(crate) fn for_each_tar_gz_entry<R: Read>(
    reader: R,
    ctx: &mut Ctx<'_, '_>,
    wanted: impl Fn(&str) -> bool,
    mut read: impl FnMut(&str, &mut dyn BufRead, &mut Ctx<'_, '_>) -> Result<(), Halt>,
) -> Result<(), Halt> {
    let budget = ctx.budget;
    let consumed = Cell::new(0);
    let counting = CountingReader {
        inner: BufReader::with_capacity(BUFFER, reader),
        count: &consumed,
    };
    let gunzip = flate2::read::MultiGzDecoder::new(counting);
    let meter = Meter::new(
        gunzip,
        budget,
        "the gzip stream",
        None,
        Compressed::Counted(&consumed),
    );
    let mut archive = tar::Archive::new(meter);
    let entries = archive
        .entries()
        .map_err(|error| budget.explain(error, "the tar archive"))?;
    let mut count = 0u64;
    for entry in entries {
        let mut entry = entry.map_err(|error| budget.explain(error, "the tar archive"))?;
        count += 1;
        if count > budget.limits.max_entries {
            return Err(ImportError::LimitExceeded {
                limit: crate::Limit::Entries,
                detail: format!(
                    "the tar archive has more than {} entries",
                    budget.limits.max_entries
                ),
            }
            .into());
        }
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let Some(name) = clean_name(&raw) else {
            continue;
        };
        if !wanted(&name) {
            continue;
        }
        budget.check_declared(&name, entry.size(), None)?;
        budget.count_entry();
        let mut buffered = BufReader::with_capacity(BUFFER, &mut entry);
        read(&name, &mut buffered, ctx)?;
    }
    Ok(())
}

/// Hands a loose (not archived) input to `read`, metered like an entry.
pub(crate) fn read_loose<R: Read + Seek, T>(
    mut reader: R,
    ctx: &mut Ctx<'_, '_>,
    read: impl FnOnce(&mut dyn BufRead, &mut Ctx<'_, '_>) -> Result<T, Halt>,
) -> Result<T, Halt> {
    reader.seek(SeekFrom::Start(0)).map_err(ImportError::Io)?;
    let budget = ctx.budget;
    budget.count_entry();
    let meter = Meter::new(reader, budget, LOOSE, None, Compressed::Unknown);
    let mut buffered = BufReader::with_capacity(BUFFER, meter);
    read(&mut buffered, ctx)
}

/// The entry name reported for records of a loose file.
pub(crate) const LOOSE: &str = "-";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_names() {
        assert_eq!(
            clean_name("data/tweets.js").as_deref(),
            Some("data/tweets.js")
        );
        assert_eq!(clean_name("./outbox.json").as_deref(), Some("outbox.json"));
        assert_eq!(
            clean_name("data\\tweets.js").as_deref(),
            Some("data/tweets.js")
        );
        for hostile in [
            "../../etc/passwd",
            "/etc/passwd",
            "data/../../x",
            "C:/x",
            "dir/",
            "",
        ] {
            assert_eq!(clean_name(hostile), None, "{hostile}");
        }
    }

    #[test]
    fn matches_entries_at_the_root_or_in_one_folder() {
        assert!(is_entry("data/tweets.js", "data/tweets.js"));
        assert!(is_entry("twitter-2024/data/tweets.js", "data/tweets.js"));
        assert!(!is_entry("a/b/data/tweets.js", "data/tweets.js"));
        assert!(!is_entry("data/tweets.js.bak", "data/tweets.js"));
    }
}

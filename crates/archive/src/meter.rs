//! Byte accounting for everything decompressed: one [`Budget`] per import, one [`Meter`] per
//! file read. The meter counts the bytes it actually hands out, so a zip header that lies
//! about an entry's size cannot get more past it than the limits allow.

use std::cell::{Cell, RefCell};
use std::io::{self, Read};

use crate::error::{ImportError, Limit};
use crate::limits::Limits;

/// The limits of one import and what has been spent against them.
pub(crate) struct Budget<'l> {
    pub(crate) limits: &'l Limits,
    total: Cell<u64>,
    entries_read: Cell<u64>,
    breach: RefCell<Option<ImportError>>,
}

impl<'l> Budget<'l> {
    pub(crate) fn new(limits: &'l Limits) -> Budget<'l> {
        Budget {
            limits,
            total: Cell::new(0),
            entries_read: Cell::new(0),
            breach: RefCell::new(None),
        }
    }

    /// Bytes decompressed so far.
    pub(crate) fn total(&self) -> u64 {
        self.total.get()
    }

    /// Files opened so far.
    pub(crate) fn entries_read(&self) -> u64 {
        self.entries_read.get()
    }

    /// Counts one more file opened.
    pub(crate) fn count_entry(&self) {
        self.entries_read.set(self.entries_read.get() + 1);
    }

    /// Records a breach (the first one wins) and returns the I/O error that carries it up
    /// through whichever parser was reading.
    fn breach(&self, limit: Limit, detail: String) -> io::Error {
        let mut slot = self.breach.borrow_mut();
        if slot.is_none() {
            *slot = Some(ImportError::LimitExceeded { limit, detail });
        }
        io::Error::other("an import limit was exceeded")
    }

    /// The breach behind an I/O error, if a meter raised one; otherwise the error itself.
    pub(crate) fn explain(&self, error: io::Error, entry: &str) -> ImportError {
        if let Some(breach) = self.breach.borrow_mut().take() {
            return breach;
        }
        if error.kind() == io::ErrorKind::UnexpectedEof {
            return ImportError::Truncated {
                entry: entry.to_owned(),
            };
        }
        if error.kind() == io::ErrorKind::InvalidData || error.kind() == io::ErrorKind::InvalidInput
        {
            return ImportError::Container {
                container: "compressed",
                reason: format!("{entry}: {error}"),
            };
        }
        ImportError::Io(error)
    }

    /// A pending breach raised by a meter whose error a parser swallowed.
    pub(crate) fn take_breach(&self) -> Option<ImportError> {
        self.breach.borrow_mut().take()
    }

    /// Checks an entry's declared sizes before it is opened.
    pub(crate) fn check_declared(
        &self,
        entry: &str,
        size: u64,
        compressed: Option<u64>,
    ) -> Result<(), ImportError> {
        let limits = self.limits;
        if size > limits.max_entry_uncompressed {
            return Err(ImportError::LimitExceeded {
                limit: Limit::EntryUncompressed,
                detail: format!(
                    "{entry} declares {size} bytes uncompressed, more than {}",
                    limits.max_entry_uncompressed
                ),
            });
        }
        if self.total.get().saturating_add(size) > limits.max_total_uncompressed {
            return Err(ImportError::LimitExceeded {
                limit: Limit::TotalUncompressed,
                detail: format!(
                    "{entry} declares {size} bytes, which would take the import past {} bytes",
                    limits.max_total_uncompressed
                ),
            });
        }
        if let Some(compressed) = compressed
            && size > limits.ratio_grace_bytes
            && size > compressed.saturating_mul(limits.max_compression_ratio)
        {
            return Err(ImportError::LimitExceeded {
                limit: Limit::CompressionRatio,
                detail: format!(
                    "{entry} declares {size} bytes from {compressed} compressed, a ratio over {}:1 \
                     (a zip bomb?)",
                    limits.max_compression_ratio
                ),
            });
        }
        Ok(())
    }
}

/// How the compressed size of what a meter reads is known, for the ratio check.
#[derive(Clone, Copy)]
pub(crate) enum Compressed<'c> {
    /// Stored or loose: no ratio to check.
    Unknown,
    /// Declared in the zip central directory (and enforced by the zip reader, which reads no
    /// more compressed bytes than that).
    Declared(u64),
    /// Counted as the compressed stream is consumed (gzip).
    Counted(&'c Cell<u64>),
}

/// A reader that counts what it yields and stops at the first breached limit.
pub(crate) struct Meter<'b, 'l, R> {
    inner: R,
    budget: &'b Budget<'l>,
    entry: &'b str,
    read: u64,
    declared: Option<u64>,
    compressed: Compressed<'b>,
}

impl<'b, 'l, R: Read> Meter<'b, 'l, R> {
    /// Meters `inner`, one file of the import named `entry` (for messages), whose header
    /// declares `declared` bytes (if it has a header).
    pub(crate) fn new(
        inner: R,
        budget: &'b Budget<'l>,
        entry: &'b str,
        declared: Option<u64>,
        compressed: Compressed<'b>,
    ) -> Meter<'b, 'l, R> {
        Meter {
            inner,
            budget,
            entry,
            read: 0,
            declared,
            compressed,
        }
    }

    fn check(&self) -> io::Result<()> {
        let limits = self.budget.limits;
        let budget = self.budget;
        if self.read > limits.max_entry_uncompressed {
            return Err(budget.breach(
                Limit::EntryUncompressed,
                format!(
                    "{} decompresses to more than {} bytes",
                    self.entry, limits.max_entry_uncompressed
                ),
            ));
        }
        if let Some(declared) = self.declared
            && self.read > declared
        {
            return Err(budget.breach(
                Limit::DeclaredSize,
                format!(
                    "{} decompresses to more than the {declared} bytes its header declares \
                     (a forged header?)",
                    self.entry
                ),
            ));
        }
        if budget.total.get() > limits.max_total_uncompressed {
            return Err(budget.breach(
                Limit::TotalUncompressed,
                format!(
                    "the archive decompresses to more than {} bytes",
                    limits.max_total_uncompressed
                ),
            ));
        }
        let compressed = match self.compressed {
            Compressed::Unknown => None,
            Compressed::Declared(size) => Some(size),
            Compressed::Counted(counter) => Some(counter.get()),
        };
        if let Some(compressed) = compressed
            && self.read > limits.ratio_grace_bytes
            && self.read > compressed.saturating_mul(limits.max_compression_ratio)
        {
            return Err(budget.breach(
                Limit::CompressionRatio,
                format!(
                    "{} decompresses to over {}:1 of its compressed size (a zip bomb?)",
                    self.entry, limits.max_compression_ratio
                ),
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for Meter<'_, '_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.budget.total.set(self.budget.total.get() + n as u64);
        self.check()?;
        Ok(n)
    }
}

/// Counts the compressed bytes a decompressor consumes, for [`Compressed::Counted`].
pub(crate) struct CountingReader<'c, R> {
    pub(crate) inner: R,
    pub(crate) count: &'c Cell<u64>,
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

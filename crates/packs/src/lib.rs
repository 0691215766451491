//! The guidance packs Forethought ships, embedded in the binary, and the loader that finds a pack
//! by shipped name or by path.
//!
//! This crate is an adapter: it reads pack files from disk (bounded in size, never following an
//! `extends` outside what the user named) so that the pack crate stays free of I/O.
#![deny(missing_docs)]

use std::io::Read;
use std::path::{Path, PathBuf};

use ft_pack::{LoadedFile, Pack, PackErrors, PackSource, limits};

/// A pack shipped inside the binary.
#[derive(Clone, Copy, Debug)]
pub struct ShippedPack {
    /// The name to select it by (`--pack core`).
    pub name: &'static str,
    /// Its TOML text.
    pub text: &'static str,
}

// `SHIPPED`: every `packs/*.toml`, embedded by the build script.
include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// The pack used when none is named.
pub const DEFAULT_PACK: &str = "core";

/// The shipped pack called `name`.
pub fn shipped(name: &str) -> Option<&'static ShippedPack> {
    SHIPPED.iter().find(|p| p.name == name)
}

/// Finds packs: shipped names first, then files. A reference that contains a path separator or
/// ends in `.toml` is always a path; a relative path in a pack's `extends` is relative to that
/// pack's file.
#[derive(Clone, Debug, Default)]
pub struct PackLoader {
    /// The directory relative paths on the command line are taken from (default: the current
    /// directory).
    pub base: Option<PathBuf>,
}

fn looks_like_path(reference: &str) -> bool {
    reference.contains('/') || reference.contains('\\') || reference.ends_with(".toml")
}

impl PackLoader {
    fn read(&self, path: &Path) -> Result<LoadedFile, String> {
        let display = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| format!("cannot open {display}: {e}"))?;
        let mut bytes = Vec::new();
        file.take(limits::MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {display}: {e}"))?;
        if bytes.len() > limits::MAX_FILE_BYTES {
            return Err(format!(
                "{display} is larger than {} bytes; packs are limited to that size",
                limits::MAX_FILE_BYTES
            ));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "{display} is not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        let key = std::fs::canonicalize(path)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| display.clone());
        Ok(LoadedFile { key, display, text })
    }
}

impl PackSource for PackLoader {
    fn load(&self, reference: &str, from: Option<&LoadedFile>) -> Result<LoadedFile, String> {
        if !looks_like_path(reference)
            && let Some(pack) = shipped(reference)
        {
            return Ok(LoadedFile {
                key: format!("shipped:{}", pack.name),
                display: format!("<shipped pack {}>", pack.name),
                text: pack.text.to_string(),
            });
        }
        let from_file = from.filter(|f| !f.key.starts_with("shipped:"));
        let base = match from_file {
            Some(parent) => Path::new(&parent.key).parent().map(Path::to_path_buf),
            None => self.base.clone(),
        };
        if from.is_some() && from_file.is_none() {
            return Err(format!(
                "a shipped pack can only extend shipped packs, not `{reference}`"
            ));
        }
        let path = match base {
            Some(base) => base.join(reference),
            None => PathBuf::from(reference),
        };
        if !looks_like_path(reference) && !path.exists() {
            let names: Vec<&str> = SHIPPED.iter().map(|p| p.name).collect();
            return Err(format!(
                "no shipped pack is called `{reference}` (shipped: {}) and there is no file of that name",
                names.join(", ")
            ));
        }
        self.read(&path)
    }
}

/// Load a pack by shipped name or path, with everything it extends.
pub fn load(reference: &str) -> Result<Pack, PackErrors> {
    ft_pack::load_pack(reference, &PackLoader::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_pack_loads() {
        for pack in SHIPPED {
            if let Err(e) = load(pack.name) {
                panic!("shipped pack {} does not load:\n{e}", pack.name);
            }
        }
    }

    #[test]
    fn unknown_names_say_what_is_shipped() {
        let err = load("no-such-pack")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("shipped: core"), "{err}");
    }
}

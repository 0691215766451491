//! The guidance-pack format.
//!
//! A pack is a TOML file an organisation writes (and its staff co-write): principles with their
//! sources, the context its rules can test (account kinds, roles, professions, dated periods),
//! named term lists, and rules, each with examples that are executable tests. This crate reads a
//! pack and everything it `extends` through a [`PackSource`], checks it strictly (unknown keys,
//! wrong types, unknown references, duplicate ids, invalid regexes and oversized input are all
//! errors, reported together with `file:line:col`), and returns a resolved [`Pack`] in which every
//! reference is an index and every regex is compiled.
//!
//! The format's reference is `docs/pack-format.md`; its JSON schema, generated from the types in
//! [`raw`], is `docs/pack.schema.json`.
//!
//! The crate does no I/O: files come through [`PackSource`].
#![deny(missing_docs)]

mod error;
mod load;
mod model;
pub mod raw;
mod vocab;

pub use error::{PackError, PackErrors};
pub use load::{
    LoadedFile, MemorySource, ORGANISATION_LIST, PackSource, limits, load_pack, load_pack_str,
};
pub use model::*;
pub use vocab::{AccountKind, Entity, LengthUnit, Metric, Platform, Severity, Tag, Target};

/// The JSON schema of the pack format, pretty-printed, as committed in `docs/pack.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(raw::RawPackFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

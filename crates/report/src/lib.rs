//! Reports as people and programs read them: the JSON wire format (shared by the command line and
//! the local web app), the human-readable rendering, and SARIF.
//!
//! This is the edge where byte offsets become UTF-16 offsets and 1-based lines and columns, and
//! where rule texts get their placeholders filled in. Renderers return strings; the caller writes
//! them.
#![deny(missing_docs)]

mod handbook;
mod human;
mod sarif;
mod wire;

pub use handbook::{describe_when, render_handbook};
pub use human::{HumanOptions, render_human, verdict_phrase};
pub use sarif::render_sarif;
pub use wire::{
    SCHEMA_VERSION, WireAsk, WireError, WireField, WireFinding, WirePrinciple, WireProfileReport,
    WireReport, WireSource, wire_finding, wire_profile, wire_report,
};

use ft_engine::{Report, ResolvedContext};

/// One checked draft, with everything a renderer needs.
#[derive(Clone, Copy)]
pub struct Checked<'a> {
    /// The draft's id (a line number, or the `id` of a JSONL record), if any.
    pub id: Option<&'a str>,
    /// The draft.
    pub text: &'a str,
    /// What the engine found.
    pub report: &'a Report,
    /// The context it was checked in.
    pub context: &'a ResolvedContext,
    /// The 1-based line of the input file the draft starts on (1 for a single draft).
    pub first_line: u32,
}

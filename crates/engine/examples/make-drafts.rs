//! Write N synthetic drafts, one per line, for timing `forethought check --input`:
//!
//! `cargo run --release -p ft-engine --example make-drafts -- 1000000 > drafts.txt`
//!
//! About one draft in eight carries something the core pack flags; the rest are ordinary posts.
//! The output is the same for the same N.

use std::io::{self, BufWriter, Write};

const OPENINGS: &[&str] = &[
    "Great turnout at",
    "Really enjoyed",
    "Thinking about",
    "Lovely walk to",
    "Just finished",
    "Reading about",
    "Proud of the team at",
    "Long day at",
    "Quick reminder about",
    "Can't wait for",
];
const SUBJECTS: &[&str] = &[
    "the community fundraiser",
    "the new library",
    "our running club",
    "the allotment",
    "the adult social care report",
    "the quiz night",
    "the hospice bake sale",
    "the conference",
    "the apprenticeship awards",
    "the river clean-up",
];
const ENDINGS: &[&str] = &[
    "today, thank you all!",
    "this weekend.",
    "- more soon.",
    "and it was brilliant.",
    "#community",
    "with the kids.",
    "before the rain.",
    "if you fancy joining us.",
];
const RISKY: &[&str] = &[
    "Proud to vote Labour tomorrow!",
    "what an idiot",
    "call me on 07700 900123",
    "it's embargoed until Thursday",
    "will delete later",
    "Who signed this off???",
    "The Tories are useless",
    "see http://intranet/hr/restructure",
];

fn main() -> io::Result<()> {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut out = BufWriter::new(io::stdout().lock());
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    for _ in 0..n {
        let mut line = format!(
            "{} {} {}",
            OPENINGS[next(OPENINGS.len())],
            SUBJECTS[next(SUBJECTS.len())],
            ENDINGS[next(ENDINGS.len())]
        );
        if next(8) == 0 {
            line.push(' ');
            line.push_str(RISKY[next(RISKY.len())]);
        }
        writeln!(out, "{line}")?;
    }
    out.flush()
}

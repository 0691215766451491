//! Generated files are current: the pack format's JSON schema and the entity detector reference.
//! Run with `FORETHOUGHT_UPDATE_DOCS=1` to regenerate them.

use std::fmt::Write as _;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn check_current(relative: &str, expected: &str) {
    let path = root().join(relative);
    if std::env::var_os("FORETHOUGHT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, expected).unwrap_or_else(|e| panic!("cannot write {relative}: {e}"));
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{relative} is out of date; run `FORETHOUGHT_UPDATE_DOCS=1 cargo test -p forethought --test generated` and commit the result"
    );
}

#[test]
fn pack_schema_is_current() {
    check_current("docs/pack.schema.json", &ft_pack::json_schema());
}

#[test]
fn entity_reference_is_current() {
    let mut out = String::from(
        "# Built-in entity detectors\n\n\
         Generated from the detectors' own documentation by `cargo test -p forethought --test generated`; \
         do not edit by hand.\n\n\
         A rule uses one with `detect.entity = { name = \"...\" }` (see `pack-format.md`). A detector finds \
         candidates and validates them; context words within six words before or four after a candidate \
         raise its confidence by 0.3. Detectors marked *needs context* report a candidate without a context \
         word at confidence 0.3 at most, below the default `min_confidence` of 0.5, so it is dropped (and \
         shown by `forethought explain`). Test tables of matches and look-alikes: `testdata/entities/`.\n",
    );
    for doc in ft_engine::entity_docs() {
        let _ = write!(
            out,
            "\n## `{}`\n\n{}\n\n- Context words: {}\n- Needs context: {}\n",
            doc.entity,
            doc.description
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            doc.context_words
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if doc.requires_context { "yes" } else { "no" },
        );
    }
    check_current("docs/entities.md", &out);
}

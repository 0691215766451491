//! Embeds every `packs/*.toml` of the repository: adding a pack file is all it takes to ship it.
#![allow(clippy::print_stdout)] // Cargo reads its instructions from standard output.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packs");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_suffix(".toml").map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    // `core` first (the default, which the others extend), then by name.
    names.sort_by_key(|n| (n != "core", n.clone()));
    let mut code = String::from(
        "/// Every shipped pack, `core` first.\npub const SHIPPED: &[ShippedPack] = &[\n",
    );
    for name in &names {
        let path = dir.join(format!("{name}.toml"));
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ShippedPack {{ name: {name:?}, text: include_str!({:?}) }},",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("shipped.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

//! Any bytes given as a pack file: loading must return a pack or errors, never panic, and errors
//! must point inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match ft_pack::load_pack_str("fuzz.toml", text) {
        // A pack that loads must compile.
        Ok(pack) => {
            let _ = ft_engine::Engine::new(pack);
        }
        Err(errors) => {
            for e in errors.errors() {
                assert!(e.line >= 1 && e.column >= 1);
                assert!(e.line as usize <= text.lines().count().max(1) + 1);
            }
        }
    }
});

//! Any bytes as an archive of every format: the importer must never panic, never hand over a
//! post that is not valid text, and stop at its limits.
#![no_main]

use std::io::Cursor;
use std::ops::ControlFlow;

use ft_archive::{Format, Item, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_total_uncompressed: 64 << 20,
        max_entry_uncompressed: 16 << 20,
        ..Limits::default()
    };
    let _ = ft_archive::detect(&mut Cursor::new(data), None);
    for format in Format::ALL.iter().copied() {
        let _ = ft_archive::import(Cursor::new(data), format, &limits, &mut |item| {
            if let Item::Post(post) = item {
                assert!(post.text.len() <= limits.max_record_bytes.max(1 << 20) * 4);
            }
            ControlFlow::Continue(())
        });
    }
});

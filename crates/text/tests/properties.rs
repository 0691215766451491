//! Invariants of offsets and normalised views, on arbitrary text.

use ft_text::{LineIndex, byte_to_utf16, evasion_views, primary_view, utf16_to_byte};
use proptest::prelude::*;

/// Text mixing ASCII, accents, emoji, zero-width characters, confusables, hashtags and newlines.
fn texty() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "B",
        " ",
        "#",
        "@",
        "_",
        ".",
        "!",
        "1",
        "é",
        "e\u{301}",
        "😀",
        "👩‍⚕️",
        "\u{200B}",
        "а",
        "𝐋",
        "ß",
        "İ",
        "ﬁ",
        "\n",
        "\r\n",
        "Labour",
        "f u c k",
        "sh1t",
        "日本",
        "’",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn views_map_into_char_boundaries_monotonically(text in prop_oneof![texty(), any::<String>()]) {
        let primary = primary_view(&text);
        let mut views = vec![primary.clone()];
        if let Some((first, second)) = evasion_views(&primary) {
            views.push(first);
            views.extend(second);
        }
        for view in views {
            let mut last = 0u32;
            for i in 0..view.len() {
                let r = view.to_original(i, i + 1);
                prop_assert!(r.end() as usize <= text.len());
                prop_assert!(text.is_char_boundary(r.start() as usize));
                prop_assert!(text.is_char_boundary(r.end() as usize));
                prop_assert!(r.start() >= last, "starts must not go backwards");
                last = r.start();
            }
            // Any range of the view maps to a slice of the original.
            if !view.is_empty() {
                let r = view.to_original(0, view.len());
                prop_assert!(r.slice(&text).is_some());
            }
        }
    }

    #[test]
    fn utf16_offsets_round_trip(text in prop_oneof![texty(), any::<String>()]) {
        for (byte, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let units = byte_to_utf16(&text, byte as u32);
            prop_assert_eq!(utf16_to_byte(&text, units), Some(byte as u32));
        }
    }

    #[test]
    fn line_columns_are_consistent(text in texty()) {
        let index = LineIndex::new(&text);
        for (byte, _) in text.char_indices() {
            let pos = index.line_col(&text, byte as u32);
            let start = index.line_start((pos.line - 1) as usize).unwrap_or(0) as usize;
            prop_assert_eq!(text[start..byte].chars().count() + 1, pos.column as usize);
            prop_assert!(!text[start..byte].contains('\n'));
        }
    }
}

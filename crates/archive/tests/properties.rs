//! Properties: mojibake repair inverts Meta's encoding; text normalisers never panic; any text
//! written as a generic record comes back unchanged; no input makes an importer panic.

mod common;

use common::run;
use ft_archive::{Format, decode_entities, html_to_text, make_mojibake, repair_mojibake};
use proptest::prelude::*;

proptest! {
    #[test]
    fn mojibake_repair_round_trips(text in "\\PC*") {
        let mojibake = make_mojibake(&text);
        prop_assert_eq!(repair_mojibake(&mojibake), text.as_str());
    }

    #[test]
    fn text_above_latin1_is_never_changed(text in "\\PC*[\u{100}-\u{10FFFF}]\\PC*") {
        prop_assert_eq!(repair_mojibake(&text), text.as_str());
    }

    #[test]
    fn entity_decoding_is_identity_without_ampersands(text in "[^&]*") {
        prop_assert_eq!(decode_entities(&text), text.as_str());
    }

    #[test]
    fn escaped_text_decodes_back(text in "\\PC*") {
        let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        prop_assert_eq!(decode_entities(&escaped), text.as_str());
    }

    #[test]
    fn html_to_text_never_panics_and_drops_tags(html in "(<[a-z/][^<>]{0,12}>|[^<>]{0,20}|&#?[a-z0-9]{0,6};?)*") {
        let text = html_to_text(&html);
        prop_assert!(!text.starts_with(char::is_whitespace) && !text.ends_with(char::is_whitespace));
    }

    #[test]
    fn generic_records_keep_their_text(texts in prop::collection::vec("[^\u{0}]{1,80}", 1..20)) {
        let texts: Vec<String> = texts.into_iter().filter(|text| !text.trim().is_empty()).map(|text| text.trim().to_owned()).collect();
        let lines: Vec<String> = texts.iter().map(|text| serde_json::json!({ "text": text }).to_string()).collect();
        let imported = run(lines.join("\n").as_bytes(), Format::GenericJsonl).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(imported.posts.iter().map(|post| post.text.clone()).collect::<Vec<_>>(), texts.clone());
        let array = format!("[{}]", lines.join(","));
        let imported = run(array.as_bytes(), Format::GenericJson).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(imported.posts.iter().map(|post| post.text.clone()).collect::<Vec<_>>(), texts);
    }

    #[test]
    fn no_input_makes_an_importer_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), prefix in 0usize..6) {
        let heads: [&[u8]; 6] = [b"", b"window.YTD.tweets.part0 = [", b"{\"orderedItems\":[", b"id,text\n", b"[{\"timestamp\":1,", b"\x0a\xa2eroots"];
        let mut input = heads[prefix].to_vec();
        input.extend(bytes);
        for format in Format::ALL {
            let _ = run(&input, format);
        }
        let _ = ft_archive::detect(&mut std::io::Cursor::new(&input), None);
    }
}

//! Text normalisation at import: HTML entities, HTML to plain text (Mastodon), and the Latin-1
//! mojibake of Meta's exports. Everything here is pure and deterministic, so the text handed
//! to the engine is the same for the same archive.

use std::borrow::Cow;

/// Named entities of Latin-1, in code-point order from U+00A0.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// Other named entities seen in posts and bios.
const OTHER: [(&str, char); 43] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("bull", '•'),
    ("trade", '™'),
    ("euro", '€'),
    ("dagger", '†'),
    ("Dagger", '‡'),
    ("permil", '‰'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("OElig", 'Œ'),
    ("oelig", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Yuml", 'Ÿ'),
    ("fnof", 'ƒ'),
    ("circ", 'ˆ'),
    ("tilde", '˜'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
    ("larr", '←'),
    ("rarr", '→'),
    ("uarr", '↑'),
    ("darr", '↓'),
    ("hearts", '♥'),
    ("nbsp", '\u{A0}'),
];

/// The character a named entity stands for.
fn named_entity(name: &str) -> Option<char> {
    if let Some((_, c)) = OTHER.iter().find(|(known, _)| *known == name) {
        return Some(*c);
    }
    let at = LATIN1.iter().position(|known| *known == name)?;
    char::from_u32(0xA0 + u32::try_from(at).ok()?)
}

/// The character of a numeric reference body (`#233` or `#xE9`); invalid code points become
/// U+FFFD, as browsers do.
fn numeric_entity(body: &str) -> Option<char> {
    let digits = body.strip_prefix('#')?;
    let value = if let Some(hex) = digits.strip_prefix(['x', 'X']) {
        u32::from_str_radix(hex, 16).ok()?
    } else {
        digits.parse::<u32>().ok()?
    };
    Some(match value {
        0 => '\u{FFFD}',
        value => char::from_u32(value).unwrap_or('\u{FFFD}'),
    })
}

/// Decodes HTML character references (`&amp;`, `&#233;`, `&#xE9;`, common named ones).
/// References without their `;`, and unknown names, are left as written.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let decoded = after.find(';').filter(|&end| end <= 32).and_then(|end| {
            let body = &after[..end];
            let c = if body.starts_with('#') {
                numeric_entity(body)
            } else {
                named_entity(body)
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Turns post HTML (Mastodon's `content`, bios, profile fields) into plain text.
///
/// Paragraphs become blank-line separated, `<br>` a newline, list items and other blocks a
/// line of their own; links keep their text; every span's text is kept (including Mastodon's
/// `class="invisible"` parts, so a shortened link reads as its full URL); `<script>` and
/// `<style>` contents and comments are dropped; entities are decoded. Leading and trailing
/// whitespace is trimmed.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut out, rest);
            break;
        };
        push_text(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            // A lone `<` that opens no tag is text.
            push_text(&mut out, "<");
            rest = &rest[1..];
            continue;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let (closing, name) = tag_name(tag);
        match name.as_str() {
            "br" => out.push('\n'),
            "p" | "div" | "blockquote" | "pre" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" | "table" | "section" | "article" | "header" | "footer" => {
                paragraph_break(&mut out)
            }
            "li" | "tr" | "dt" | "dd" if !closing => line_break(&mut out),
            "script" | "style" if !closing => {
                let close = format!("</{name}");
                rest = find_ignore_case(rest, &close).map_or("", |at| {
                    let after = &rest[at..];
                    after.find('>').map_or("", |end| &after[end + 1..])
                });
            }
            _ => {}
        }
    }
    let trimmed = out.trim_end();
    let start = trimmed.len() - trimmed.trim_start().len();
    trimmed[start..].to_owned()
}

/// The byte index of the `>` that ends the tag starting at `s[0] == '<'`, minding quotes;
/// `None` if `s` does not start a tag.
fn tag_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let next = *bytes.get(1)?;
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
        return None;
    }
    let mut quote = None;
    for (at, &byte) in bytes.iter().enumerate().skip(1) {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(q), _) if q == byte => quote = None,
            (None, b'>') => return Some(at),
            _ => {}
        }
    }
    None
}

/// Whether the tag closes, and its lower-case name.
fn tag_name(tag: &str) -> (bool, String) {
    let (closing, tag) = match tag.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, tag),
    };
    let name: String = tag
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (closing, name)
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// Appends HTML text: entities decoded, runs of whitespace collapsed to one space (HTML
/// ignores source line breaks; `<br>` and blocks make the real ones).
fn push_text(out: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    let decoded = decode_entities(text);
    for c in decoded.chars() {
        if c.is_ascii_whitespace() {
            if !(out.is_empty() || out.ends_with([' ', '\n'])) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn trim_trailing_spaces(out: &mut String) {
    let kept = out.trim_end_matches(' ').len();
    out.truncate(kept);
}

fn line_break(out: &mut String) {
    trim_trailing_spaces(out);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn paragraph_break(out: &mut String) {
    trim_trailing_spaces(out);
    if out.is_empty() || out.ends_with("\n\n") {
        return;
    }
    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
}

/// Repairs Meta's mojibake: UTF-8 bytes written one per `\u00XX` escape, so that `don’t` reads
/// as `donâ\u{80}\u{99}t`. A string with any character above U+00FF is left alone (it is not
/// mojibake), as is one whose Latin-1 bytes are not valid UTF-8 (a genuine `Zoë`).
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || text.chars().any(|c| u32::from(c) > 0xFF) {
        return Cow::Borrowed(text);
    }
    let bytes: Vec<u8> = text.chars().map(|c| u32::from(c) as u8).collect();
    match String::from_utf8(bytes) {
        Ok(repaired) => Cow::Owned(repaired),
        Err(_) => Cow::Borrowed(text),
    }
}

/// The mojibake Meta's exports make of `text`: each UTF-8 byte read as a Latin-1 character.
/// The inverse of [`repair_mojibake`], used by the generator and the tests.
pub fn make_mojibake(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

/// Collapses runs of whitespace into single spaces and trims (for comparing texts).
pub(crate) fn squash_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;3 &gt; &quot;&#39;&#x1F600;&eacute;"),
            "a & b <3 > \"'😀é"
        );
        assert_eq!(
            decode_entities("AT&T &nosuch; & &amp"),
            "AT&T &nosuch; & &amp"
        );
        assert_eq!(decode_entities("&#0;&#xD800;"), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn converts_mastodon_html() {
        let html = concat!(
            "<p>Hello <span class=\"h-card\"><a href=\"https://ex.social/@bob\" class=\"u-url mention\">",
            "@<span>bob</span></a></span> &amp; all!<br />Line two</p>",
            "<p>See <a href=\"https://example.com/a/very/long/path\" rel=\"nofollow\">",
            "<span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a/ve</span>",
            "<span class=\"invisible\">ry/long/path</span></a> <a href=\"https://ex.social/tags/tag\" ",
            "class=\"mention hashtag\">#<span>tag</span></a></p>"
        );
        assert_eq!(
            html_to_text(html),
            "Hello @bob & all!\nLine two\n\nSee https://example.com/a/very/long/path #tag"
        );
    }

    #[test]
    fn drops_scripts_and_comments_and_keeps_stray_brackets() {
        assert_eq!(
            html_to_text("<p>a <!-- x --> b<script>alert('<p>')</script> 1 < 2</p>"),
            "a b 1 < 2"
        );
    }

    #[test]
    fn repairs_mojibake() {
        assert_eq!(
            repair_mojibake("don\u{e2}\u{80}\u{99}t caf\u{c3}\u{a9}"),
            "don’t café"
        );
        assert_eq!(repair_mojibake("Zoë"), "Zoë");
        assert_eq!(repair_mojibake("plain"), "plain");
        assert_eq!(repair_mojibake(&make_mojibake("Grüße 😀")), "Grüße 😀");
    }
}

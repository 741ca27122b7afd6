//! Text as a reader sees it. What a clerk types and what a page shows are
//! not the same string: HTML character references become characters,
//! full-width digits look like digits, a no-break or zero-width space is
//! no gap a reader notices, and a Markdown body loses its markup. The
//! personal-data check reads this text, and so does the search index, so
//! the two cannot drift: a number that search would find as digits is a
//! number the check sees as digits.

use unicode_normalization::UnicodeNormalization;

/// `text` as read: character references decoded (`&#49;` → `1`), Unicode
/// normalised (NFKC: `１３８` → `138`), every kind of space one ASCII space,
/// zero-width and soft-hyphen characters removed, dashes and hyphens `-`.
/// Line breaks stay where they were, so a finding keeps its line.
pub fn as_read(text: &str) -> String {
    let decoded = decode_references(text);
    let text = decoded.as_ref();
    // Most characters are kept as they are: they are copied in runs, and
    // only the ones that read differently are written one by one.
    let mut out = String::with_capacity(text.len());
    let mut kept_from = 0;
    for (at, c) in unusual_chars(text) {
        let read = as_read_char(c);
        if matches!(read, Read::Same) {
            continue;
        }
        out.push_str(&text[kept_from..at]);
        kept_from = at + c.len_utf8();
        push_read(&mut out, c, read);
    }
    out.push_str(&text[kept_from..]);
    out
}

/// Writes `c` as it is read.
fn push_read(out: &mut String, c: char, read: Read) {
    match read {
        Read::Same => out.push(c),
        Read::Gone => {}
        Read::As(c) => out.push(c),
        // Anything else (circled ①, superscript ², 𝟏, Kangxi ⽇) by NFKC.
        Read::Normalised => out.extend(std::iter::once(c).nfkc().map(|n| match n {
            c if c.is_whitespace() && c != '\n' => ' ',
            c => c,
        })),
    }
}

/// How [`as_read`] reads one character.
enum Read {
    /// As it is (most of any Chinese text).
    Same,
    /// Not at all: a zero-width character or a soft hyphen.
    Gone,
    /// As another character.
    As(char),
    /// As NFKC has it.
    Normalised,
}

fn as_read_char(c: char) -> Read {
    match c {
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Read::Gone,
        '\n' | ' ' => Read::Same,
        c if c.is_whitespace() => Read::As(' '),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{30FC}' => {
            Read::As('-')
        }
        // The dots people put between digit groups: ・ · ․
        '\u{30FB}' | '\u{00B7}' | '\u{2024}' | '\u{FF65}' => Read::As('.'),
        // Full-width ASCII (１３８, Ａ, －, ．): its ASCII form, as NFKC has it.
        '\u{FF01}'..='\u{FF5E}' => Read::As(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        // Chinese text and its punctuation are their own NFKC form.
        c if stable(c) => Read::Same,
        c if unicode_normalization::is_nfkc_quick(std::iter::once(c))
            == unicode_normalization::IsNormalized::Yes =>
        {
            Read::Same
        }
        _ => Read::Normalised,
    }
}

/// Whether reading `text` as a reader would can change a digit, a letter,
/// a gap or a dash in it: only then can [`as_read`] text hold a number the
/// text as typed does not (full-width brackets and commas fold too, but
/// never make one). Lets a check skip a second pass over most files.
pub fn may_read_differently(text: &str) -> bool {
    unusual_chars(text).any(|(_, c)| may_read_char_differently(c))
}

/// [`may_read_differently`] for one character.
fn may_read_char_differently(c: char) -> bool {
    match c {
        '&' => true,
        c if c.is_ascii() || stable(c) => false,
        // Full-width punctuation other than the hyphen and the dot.
        '\u{FF01}'..='\u{FF0C}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF5E}' => false,
        _ => true,
    }
}

/// The characters of `text` (with their offsets) that may read otherwise
/// than typed, skipping the two kinds that make up most of any text
/// without decoding them: printable ASCII and the common Han ideographs
/// (U+5000–U+9FFF, whose UTF-8 starts with a byte E5–E9). Both functions
/// above treat every skipped character as read as typed; the search index
/// and the personal-data check read every problem through them.
fn unusual_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let &b = bytes.get(at)?;
        match b {
            b'\t' | b'\r' | 0x0B | 0x0C | b'&' => {}
            0x00..=0x7F => {
                at += 1;
                continue;
            }
            0xE5..=0xE9 => {
                at += 3;
                continue;
            }
            _ => {}
        }
        let c = text[at..].chars().next()?;
        let found = (at, c);
        at += c.len_utf8();
        return Some(found);
    })
}

/// Characters read as typed: ASCII, the CJK ideographs, and the Chinese
/// punctuation of ordinary text (NFKC leaves all of them as they are but
/// `…`, which it would make `...`: it never makes a number either way).
fn stable(c: char) -> bool {
    c.is_ascii()
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3400}'..='\u{4DBF}').contains(&c)
        || matches!(c, '\u{3001}'..='\u{3011}' | '\u{3014}'..='\u{301F}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Decodes numeric character references (`&#49;`, `&#x31;`) and the named
/// ones a clerk might paste (`&nbsp;`, `&amp;`, `&lt;` …); anything else
/// stays as written.
fn decode_references(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i + 1);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match name {
                    "nbsp" | "ensp" | "emsp" | "thinsp" => Some(' '),
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "shy" | "zwsp" => Some('\u{200B}'),
                    _ => None,
                }
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The text of a Markdown body as rendered, one entry per block
/// (paragraph, heading, list item, table cell, code), each with the byte
/// offset in the source where it starts: emphasis, links and headings are
/// markup, not text (`138**0013**8000` reads as one number).
pub fn markdown_blocks(markdown: &str) -> Vec<(usize, String)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::CodeBlock(_)
                | Tag::TableCell
                | Tag::Item,
            ) => {
                if let Some(block) = current.take() {
                    blocks.push(block);
                }
                current = Some((range.start, String::new()));
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::Item,
            ) => {
                if let Some(block) = current.take() {
                    blocks.push(block);
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                current
                    .get_or_insert_with(|| (range.start, String::new()))
                    .1
                    .push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = current.as_mut() {
                    block.1.push(' ');
                }
            }
            _ => {}
        }
    }
    if let Some(block) = current {
        blocks.push(block);
    }
    blocks
        .into_iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .map(|(at, t)| {
            if may_read_differently(&t) {
                (at, as_read(&t))
            } else {
                (at, t)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path skips only characters read as typed: over every
    /// character of the planes clerks' text comes from, both functions
    /// agree with reading each character one by one.
    #[test]
    fn skipping_plain_characters_changes_nothing() {
        let one_by_one = |text: &str| -> (String, bool) {
            let mut out = String::new();
            for c in text.chars() {
                push_read(&mut out, c, as_read_char(c));
            }
            (out, text.chars().any(may_read_char_differently))
        };
        let all: Vec<char> = (0..0x3_0000u32).filter_map(char::from_u32).collect();
        for chunk in all.chunks(64) {
            let text: String = chunk.iter().flat_map(|&c| [c, '测', 'a']).collect();
            let text = text.replace('&', "&amp;");
            let (expected, differs) = one_by_one(&decode_references(&text));
            assert_eq!(as_read(&text), expected, "{:?}", chunk[0]);
            for &c in chunk {
                let alone = format!("整改{c}完成");
                assert_eq!(
                    may_read_differently(&alone),
                    one_by_one(&alone).1,
                    "{c:?} ({:X})",
                    c as u32
                );
            }
            assert!(differs || !may_read_differently(&text));
        }
    }

    #[test]
    fn text_is_what_a_reader_sees() {
        assert_eq!(as_read("１３８\u{00A0}0013\u{200B}8000"), "138 00138000");
        assert_eq!(as_read("&#49;&#x33;8&nbsp;x"), "138 x");
        assert_eq!(as_read("138－0013—8000"), "138-0013-8000");
        assert_eq!(as_read("a\n\u{3000}b"), "a\n b");
        assert_eq!(
            as_read("温应急〔2023〕19号 & more &bogus;"),
            "温应急〔2023〕19号 & more &bogus;"
        );
        // What changes is written in place, at either end or between
        // the runs copied as they are; NFKC reads the rest.
        assert_eq!(as_read("，甲，乙，"), ",甲,乙,");
        assert_eq!(as_read("①号²ﬁ文𝟏⽇"), "1号2fi文1日");
        assert_eq!(as_read("é\t\r\u{2028}x"), "é   x");
        assert_eq!(as_read(""), "");
        let blocks = markdown_blocks("## 联系电话 138\n\n正文 138**0013**8000。\n");
        assert_eq!(
            blocks,
            vec![
                (0, "联系电话 138".to_string()),
                (21, "正文 13800138000。".to_string())
            ]
        );
    }
}

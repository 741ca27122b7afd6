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
    let mut out = String::with_capacity(decoded.len());
    for c in decoded.nfkc() {
        match c {
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            '\n' => out.push('\n'),
            c if c.is_whitespace() => out.push(' '),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{30FC}' => {
                out.push('-')
            }
            // The dots people put between digit groups: ・ · ․
            '\u{30FB}' | '\u{00B7}' | '\u{2024}' | '\u{FF65}' => out.push('.'),
            c => out.push(c),
        }
    }
    out
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
        .map(|(at, t)| (at, as_read(&t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

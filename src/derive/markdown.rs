//! Markdown to safe HTML: staff paste text from documents and web pages,
//! so raw HTML is cleaned and headings are demoted below the page's h1.

use pulldown_cmark::{html, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::sync::OnceLock;

/// Renders Markdown to HTML that is safe to place in a page: scripts,
/// event attributes and `javascript:` links are removed by ammonia.
/// Most bodies are plain paragraphs and lists, which pulldown-cmark
/// already writes safely (it escapes all text); those skip ammonia's HTML
/// parse, which was a fifth of a large build.
pub(crate) fn to_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    // Markup nested past the limit is refused by `check`; should it reach
    // here (watch mode between saves), it is shown as text, never parsed.
    let (depth, attributes) = crate::model::markup_depth(markdown);
    if depth > crate::model::MARKUP_LIMIT || attributes > crate::model::MARKUP_LIMIT {
        let mut escaped = String::from("<pre>");
        for c in markdown.chars() {
            match c {
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                '&' => escaped.push_str("&amp;"),
                c => escaped.push(c),
            }
        }
        escaped.push_str("</pre>");
        return escaped;
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut plain = true;
    let events = Parser::new_ext(markdown, options).map(|event| {
        plain = plain && is_plain(&event);
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: demote(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
            other => other,
        }
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events);
    if plain {
        return raw;
    }
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut builder = ammonia::Builder::default();
            builder.link_rel(Some("noopener noreferrer"));
            builder
        })
        .clean(&raw)
        .to_string()
}

/// Events whose HTML pulldown-cmark writes with no markup or URL taken
/// from the text: no raw HTML, links, images or attributes.
fn is_plain(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::Rule
        | Event::End(_) => true,
        Event::Start(tag) => match tag {
            Tag::Heading {
                id, classes, attrs, ..
            } => id.is_none() && classes.is_empty() && attrs.is_empty(),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => info.is_empty(),
            Tag::Paragraph
            | Tag::BlockQuote(None)
            | Tag::CodeBlock(CodeBlockKind::Indented)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell => true,
            _ => false,
        },
        _ => false,
    }
}

/// The page title is the only h1; a body's `#` becomes h2, and so on.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_and_demotes_headings() {
        let html = to_html(
            "# 标题\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<h2>标题</h2>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn plain_markdown_skips_the_cleaner_and_stays_escaped() {
        let html = to_html("# 题\n\n甲 & 乙 < 丙 `<b>`\n\n- 一\n- 二\n\n| a |\n|---|\n| 1 |");
        assert!(html.contains("<h2>题</h2>"), "{html}");
        assert!(
            html.contains("甲 &amp; 乙 &lt; 丙 <code>&lt;b&gt;</code>"),
            "{html}"
        );
        assert!(
            html.contains("<li>一</li>") && html.contains("<td>1</td>"),
            "{html}"
        );
        // Anything else still goes through ammonia.
        let html = to_html("[a](https://example.org) <span onclick=x>b</span>");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
        assert!(!html.contains("onclick"), "{html}");
    }
}

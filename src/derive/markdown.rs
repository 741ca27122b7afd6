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
    to_html_with(markdown, &|_, _| None)
}

/// Like [`to_html`], with each `![alt](file)` drawn by `picture(file,
/// alt)`: the `<img>` of the attachment's clean copy. Where it gives
/// nothing (a text that cannot hold pictures, an address elsewhere) the
/// alt text stands in its place, so a page never loads from outside the
/// site.
pub(crate) fn to_html_with(
    markdown: &str,
    picture: &dyn Fn(&str, &str) -> Option<String>,
) -> String {
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
    let mut image: Option<(String, String)> = None;
    let events = Parser::new_ext(markdown, options).filter_map(|event| {
        if let Some((_, alt)) = image.as_mut() {
            match event {
                Event::End(TagEnd::Image) => {
                    let (dest, alt) = image.take().expect("inside an image");
                    plain = false;
                    return Some(Event::InlineHtml(
                        picture(&dest, &alt).unwrap_or_else(|| escape(&alt)).into(),
                    ));
                }
                Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                _ => {}
            }
            return None;
        }
        plain = plain && is_plain(&event);
        Some(match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), String::new()));
                return None;
            }
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
        })
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
            builder.add_tag_attributes("img", &["loading"]);
            // A picture's address must be inside the site: pasted HTML
            // may name one elsewhere, which the page would then load.
            builder.attribute_filter(|element, attribute, value| {
                // As a browser reads it: spaces around and control
                // characters inside dropped, `\` read as `/`.
                let read: String = value
                    .trim()
                    .chars()
                    .filter(|c| !c.is_control() && !c.is_whitespace())
                    .map(|c| if c == '\\' { '/' } else { c })
                    .collect();
                let outside = read.contains(':') || read.starts_with('/');
                if element == "img" && attribute == "src" && outside {
                    None
                } else {
                    Some(value.into())
                }
            });
            builder
        })
        .clean(&raw)
        .to_string()
}

/// Text made safe inside HTML, attribute values included.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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

    #[test]
    fn pictures_come_from_the_site_or_not_at_all() {
        let html = to_html_with("前 ![整改后 *通道*](a.jpg) 后", &|dest, alt| {
            Some(format!("<img src=\"../files/{dest}\" alt=\"{alt}\" width=\"4\" height=\"3\" loading=\"lazy\">"))
        });
        assert!(
            html.contains(r#"<img src="../files/a.jpg" alt="整改后 通道" width="4" height="3" loading="lazy">"#),
            "{html}"
        );
        // Without a clean copy, and in pasted HTML, an address elsewhere
        // is never loaded.
        let html = to_html(concat!(
            "![照片](https://example.org/x.jpg) <img src=\"https://example.org/y.jpg\" alt=y>",
            " <img src=\" //example.org/z.gif\" alt=z> <img src=\"\\\\example.org/w.gif\" alt=w>",
        ));
        assert!(
            html.contains("照片") && !html.contains("example.org"),
            "{html}"
        );
    }
}

//! Pictures placed in a Markdown body (`![整改后的消防通道](通道.jpg)`):
//! found here for checking, and drawn by `derive::markdown` from the
//! clean copies.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One `![alt](dest)` of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InlineImage {
    /// What the brackets hold: the picture's text alternative.
    pub alt: String,
    /// The file as written.
    pub dest: String,
    /// Byte offset of the image in the body, for messages.
    pub offset: usize,
    /// Pasted HTML (`<img …>`) rather than Markdown.
    pub raw: bool,
    /// A link (`[方案](附件/方案.docx)`) to a file of a published kind,
    /// which a body cannot publish: it must be listed instead.
    pub link: bool,
}

/// A Markdown image address as a file name: editors such as Typora write
/// `%20` for a space and percent-encode Chinese names.
pub(crate) fn decoded(dest: &str) -> String {
    if !dest.contains('%') {
        return dest.to_string();
    }
    crate::output::percent_decode(dest).unwrap_or_else(|| dest.to_string())
}

/// Every image of a body, in order. Raw HTML `<img>` is reported too, as
/// an image with an empty destination, so that it is refused at its line
/// (the cleaner would keep its address, which may load from elsewhere).
pub(crate) fn body_images(markdown: &str) -> Vec<InlineImage> {
    if !crate::model::may_show_files(markdown) {
        return Vec::new();
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut images = Vec::new();
    let mut open: Option<InlineImage> = None;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                open = Some(InlineImage {
                    alt: String::new(),
                    dest: decoded(&dest_url),
                    offset: range.start,
                    raw: false,
                    link: false,
                })
            }
            Event::Start(Tag::Link { dest_url, .. }) if is_local_file(&dest_url) => {
                images.push(InlineImage {
                    alt: String::new(),
                    dest: decoded(&dest_url),
                    offset: range.start,
                    raw: false,
                    link: true,
                })
            }
            Event::End(TagEnd::Image) => images.extend(open.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(image) = open.as_mut() {
                    image.alt.push_str(&text);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) if crate::model::has_img_tag(&html) => {
                images.push(InlineImage {
                    alt: String::new(),
                    dest: String::new(),
                    offset: range.start,
                    raw: true,
                    link: false,
                })
            }
            _ => {}
        }
    }
    images
}

/// A link to a file of the site's own folder whose kind attachments
/// publish (`附件/方案.docx`, not `https://…` or `../1-2.html`).
fn is_local_file(dest: &str) -> bool {
    let lower = dest.to_ascii_lowercase();
    !(lower.contains(':') || lower.starts_with("//") || lower.starts_with('#'))
        && super::Kind::of(&decoded(dest)).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_found_with_their_text_and_place() {
        let body = "第一段\n\n![整改后的 `通道`](照片/通道.jpg \"t\") 和 <img src=x>";
        let found = body_images(body);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].alt, "整改后的 通道");
        assert_eq!(found[0].dest, "照片/通道.jpg");
        assert_eq!(&body[found[0].offset..found[0].offset + 2], "![");
        assert!(found[1].raw && !found[0].raw);
        assert!(body_images("没有图片").is_empty());
        assert!(body_images("a <IMG src=x>")[0].raw);
        assert!(body_images("a <b>粗</b> < im").is_empty());
        assert_eq!(
            body_images("![a](%E7%85%A7%20%E7%89%87.jpg)")[0].dest,
            "照 片.jpg"
        );
        assert_eq!(decoded("100%.jpg"), "100%.jpg");
        let links = body_images(
            "[方案](附件/方案.docx) [网站](https://example.org/a.pdf) [页](../1-2.html)",
        );
        assert_eq!(links.len(), 1, "{links:?}");
        assert!(links[0].link && links[0].dest == "附件/方案.docx");
    }
}

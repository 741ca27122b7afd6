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
}

/// Every image of a body, in order. Raw HTML `<img>` is reported too, as
/// an image with an empty destination, so that it is refused at its line
/// (the cleaner would keep its address, which may load from elsewhere).
pub(crate) fn body_images(markdown: &str) -> Vec<InlineImage> {
    if !markdown.contains("![") && !markdown.to_ascii_lowercase().contains("<img") {
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
                    dest: dest_url.to_string(),
                    offset: range.start,
                })
            }
            Event::End(TagEnd::Image) => images.extend(open.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(image) = open.as_mut() {
                    image.alt.push_str(&text);
                }
            }
            Event::Html(html) | Event::InlineHtml(html)
                if html.to_ascii_lowercase().contains("<img") =>
            {
                images.push(InlineImage {
                    alt: String::new(),
                    dest: String::new(),
                    offset: range.start,
                })
            }
            _ => {}
        }
    }
    images
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
        assert_eq!(found[1].dest, "");
        assert!(body_images("没有图片").is_empty());
    }
}

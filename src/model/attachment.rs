//! An attachment's clean copy as the pipeline hands it on: made by
//! `crate::attachments`, kept on the [`Report`](super::Report) it belongs
//! to, read by derive (pages, open data) and written with the report.

use std::sync::Arc;

/// The kinds of file a portal may publish. Anything else (web pages, SVG,
/// scripts, programs, archives) could run in a reader's browser or hide
/// what it holds, and is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Pdf,
    Ofd,
    Word,
    OldWord,
    Wps,
    Excel,
    OldExcel,
    WpsSheet,
    Csv,
    Text,
    Jpeg,
    Png,
    Webp,
}

impl Kind {
    /// The kind a file name's extension says, if it is one published.
    pub(crate) fn of(name: &str) -> Option<Kind> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match extension.as_str() {
            "pdf" => Kind::Pdf,
            "ofd" => Kind::Ofd,
            "docx" => Kind::Word,
            "doc" => Kind::OldWord,
            "wps" => Kind::Wps,
            "xlsx" => Kind::Excel,
            "xls" => Kind::OldExcel,
            "et" => Kind::WpsSheet,
            "csv" => Kind::Csv,
            "txt" => Kind::Text,
            "jpg" | "jpeg" => Kind::Jpeg,
            "png" => Kind::Png,
            "webp" => Kind::Webp,
            _ => return None,
        })
    }

    /// Whether pages show it as a picture.
    pub(crate) fn is_image(self) -> bool {
        matches!(self, Kind::Jpeg | Kind::Png | Kind::Webp)
    }

    /// The word a Chinese reader knows the format by (整改方案（Word，36 KB）).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Ofd => "OFD",
            Kind::Word | Kind::OldWord => "Word",
            Kind::Wps => "WPS文字",
            Kind::Excel | Kind::OldExcel => "Excel",
            Kind::WpsSheet => "WPS表格",
            Kind::Csv => "CSV",
            Kind::Text => "文本",
            Kind::Jpeg | Kind::Png | Kind::Webp => "图片",
        }
    }

    /// The key used in open data.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Ofd => "ofd",
            Kind::Word => "docx",
            Kind::OldWord => "doc",
            Kind::Wps => "wps",
            Kind::Excel => "xlsx",
            Kind::OldExcel => "xls",
            Kind::WpsSheet => "et",
            Kind::Csv => "csv",
            Kind::Text => "txt",
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Webp => "webp",
        }
    }
}

/// A clean copy, made once per version of its source file.
#[derive(Debug)]
pub struct Cleaned {
    pub kind: Kind,
    pub bytes: Vec<u8>,
    /// Lower-case hex, as open data lists it.
    pub sha256: String,
    /// A photo's width and height as published.
    pub dimensions: Option<(u32, u32)>,
    /// The document's text by place (第3段, 第2页, 工作表 Sheet1),
    /// checked for personal data.
    pub text: Vec<(String, String)>,
    /// What could not be checked and a person should (a scanned PDF).
    pub warnings: Vec<String>,
}

/// A published attachment: its clean copy and where it goes in the site.
#[derive(Debug)]
pub struct Prepared {
    /// The path inside the report folder (`issues/整改方案.docx`).
    pub rel: String,
    /// The site path (`reports/<report>/files/issues/整改方案.docx`).
    pub output: String,
    pub cleaned: Arc<Cleaned>,
}

/// Whether a body may show a picture or link a file: without `](`, a
/// reference's `]:` (`![图][1]` … `[1]: 附件/图.png`) or `<img` it cannot.
/// Most bodies have none, and a large portal's bodies are hundreds of
/// megabytes, looked at on every save.
pub(crate) fn may_show_files(markdown: &str) -> bool {
    markdown.contains("](") || markdown.contains("]:") || has_img_tag(markdown)
}

/// Whether HTML holds `<img`, in any case, without copying it.
pub(crate) fn has_img_tag(text: &str) -> bool {
    text.match_indices('<').any(|(at, _)| {
        text.as_bytes()
            .get(at + 1..at + 4)
            .is_some_and(|name| name.eq_ignore_ascii_case(b"img"))
    })
}

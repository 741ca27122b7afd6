//! A notice file, whatever its form, as text for the importer: the
//! readers of [`crate::read`] plus the tidying of a PDF's print layout
//! ([`super::layout`]).

use crate::read::{decode_text, doc, docx_text, looks_like_html, page_notice, pdf, OLE};
use std::path::Path;

/// Reads a notice file into text. The error says what is wrong with the
/// file and, where it can, where.
pub fn read_notice(path: &Path) -> Result<String, String> {
    let bytes =
        crate::load::read_regular(path, NOTICE_LIMIT, &crate::say!("通报文件", "notice files"))?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "pdf" => pdf_notice(&bytes),
        _ if bytes.starts_with(b"%PDF") => pdf_notice(&bytes),
        "doc" | "wps" | "dot" => doc::doc_text(&bytes, &extension),
        _ if bytes.starts_with(&OLE) => doc::doc_text(&bytes, "doc"),
        "docx" => docx_text(&bytes),
        "html" | "htm" | "shtml" | "xhtml" => page_notice(&bytes),
        _ if bytes.starts_with(b"PK\x03\x04") => docx_text(&bytes),
        _ if looks_like_html(&bytes) => page_notice(&bytes),
        _ => decode_text(&bytes),
    }
}

/// The largest notice file read: a notice, even as a PDF with its seals
/// and fonts, is a few megabytes.
const NOTICE_LIMIT: u64 = 64 << 20;

/// A PDF's text layer without what the print layout added.
pub fn pdf_notice(bytes: &[u8]) -> Result<String, String> {
    pdf::pdf_text(bytes).map(super::layout::tidy)
}

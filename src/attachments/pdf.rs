//! PDF: the published copy has no Info dictionary (Author, Creator,
//! Producer, Title, Subject, Keywords) and no XMP metadata streams, and is
//! written again from its live objects only, so an earlier revision kept
//! in the file by incremental saving is gone too. Comments (annotations
//! other than links and form fields) carry their authors and are refused.

use crate::say;
use lopdf::{Document, Object};

/// The clean copy and its text by page (none for a scan).
pub(super) fn clean(bytes: &[u8]) -> super::Cleaning {
    if !bytes.starts_with(b"%PDF-") {
        return Err(say!(
            "这不是 PDF 文件（文件开头没有 %PDF-）：扩展名和内容不符",
            "not a PDF (it does not start with %PDF-): the extension does not match the content"
        ));
    }
    let loaded = std::panic::catch_unwind(|| Document::load_mem(bytes));
    let mut document = match loaded {
        Ok(Ok(document)) => document,
        Ok(Err(e)) => {
            return Err(say!(
                "PDF 文件已损坏，无法检查（{e}）：重新导出一份再附上",
                "the PDF is damaged and cannot be checked ({e}): export it again"
            ))
        }
        Err(_) => {
            return Err(say!(
                "PDF 文件已损坏，无法检查：重新导出一份再附上",
                "the PDF is damaged and cannot be checked: export it again"
            ))
        }
    };
    if document.was_encrypted() || document.is_encrypted() {
        return Err(say!(
            "这个 PDF 加了密码或权限限制，无法检查里面的内容：导出一份不加密的 PDF 再附上",
            "this PDF is encrypted and cannot be checked: export it without a password or restrictions"
        ));
    }
    let mut annotations = 0usize;
    document.trailer.remove(b"Info");
    for object in document.objects.values_mut() {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &mut stream.dict,
            _ => continue,
        };
        // XMP on the catalog, pages or images; an application's private
        // data (PieceInfo) may hold the same.
        dict.remove(b"Metadata");
        dict.remove(b"PieceInfo");
        let subtype = dict.get(b"Subtype").ok().and_then(|s| s.as_name().ok());
        let is_annotation = dict
            .get(b"Type")
            .ok()
            .and_then(|t| t.as_name().ok())
            .is_some_and(|t| t == b"Annot")
            || dict.has(b"Rect") && subtype.is_some() && dict.has(b"T");
        if is_annotation && !matches!(subtype, Some(b"Link" | b"Widget" | b"Popup")) {
            annotations += 1;
        }
    }
    if annotations > 0 {
        return Err(say!(
            "这个 PDF 里有 {annotations} 条批注或标注：它们带着作者的名字。删除批注（或导出时不带批注）后再附上",
            "this PDF holds {annotations} comments or markups, which carry their authors' names: delete them (or export without them) and attach it again"
        ));
    }
    document.prune_objects();
    let mut out = Vec::new();
    document
        .save_to(&mut out)
        .map_err(|e| say!("PDF 无法重新保存：{e}", "the PDF could not be written: {e}"))?;
    let text = crate::import::read::pdf::pdf_text(bytes)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(n, lines)| (say!("第{}页", "page {}", n + 1), lines.join("\n")))
        .collect();
    Ok((out, text))
}

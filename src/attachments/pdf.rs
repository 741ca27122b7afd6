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
    let mut refusal: Option<String> = None;
    document.trailer.remove(b"Info");
    for object in document.objects.values_mut() {
        let (dict, content) = match object {
            Object::Dictionary(dict) => (dict, None),
            Object::Stream(stream) => (&mut stream.dict, Some(&mut stream.content)),
            _ => continue,
        };
        // XMP on the catalog, pages or images; an application's private
        // data (PieceInfo); page thumbnails (which may show what was
        // removed since); actions run on opening.
        for key in [
            &b"Metadata"[..],
            b"PieceInfo",
            b"Thumb",
            b"OpenAction",
            b"AA",
        ] {
            dict.remove(key);
        }
        let name_of = |key: &[u8]| {
            dict.get(key)
                .ok()
                .and_then(|v| v.as_name().ok())
                .map(<[u8]>::to_vec)
        };
        let subtype = name_of(b"Subtype");
        let kind = name_of(b"Type");
        if kind.as_deref() == Some(b"Sig") || name_of(b"FT").as_deref() == Some(b"Sig") {
            refusal.get_or_insert(say!(
                "这个 PDF 有电子签章或数字签名：清除作者信息要重新保存文件，签章就会失效。请用签章系统导出一份文档属性里不带个人信息的版本，或附上不带签章的 PDF",
                "this PDF is digitally signed or sealed: removing its author data means saving it again, which breaks the signature. Export a version without personal data in its properties from the signing system, or attach an unsigned PDF"
            ));
        }
        if dict.has(b"EmbeddedFiles")
            || dict.has(b"AF")
            || kind.as_deref() == Some(b"Filespec") && dict.has(b"EF")
        {
            refusal.get_or_insert(say!(
                "这个 PDF 里夹带了其他文件（附件），无法检查：导出时不带附件，或把那些文件另作附件",
                "this PDF carries embedded files that cannot be checked: export it without them, or attach those files on their own"
            ));
        }
        if dict.has(b"JavaScript")
            || dict.has(b"JS")
            || name_of(b"S").is_some_and(|s| s == b"Launch" || s == b"JavaScript")
        {
            refusal.get_or_insert(say!(
                "这个 PDF 里有脚本或会启动程序的动作，公开的文件不能带程序：重新导出一份普通 PDF",
                "this PDF holds scripts or actions that start programs, which are never published: export a plain PDF"
            ));
        }
        let is_annotation = kind.as_deref() == Some(b"Annot")
            || dict.has(b"Rect") && subtype.is_some() && dict.has(b"T");
        if is_annotation && !matches!(subtype.as_deref(), Some(b"Link" | b"Widget" | b"Popup")) {
            annotations += 1;
        }
        // A photo placed as it came from the camera keeps its EXIF.
        if let Some(content) = content {
            let filter = dict.get(b"Filter").ok();
            let dct = |o: &Object| o.as_name().is_ok_and(|n| n == b"DCTDecode");
            let only_dct = filter
                .is_some_and(|f| dct(f) || f.as_array().is_ok_and(|a| a.len() == 1 && dct(&a[0])));
            let any_dct =
                filter.is_some_and(|f| dct(f) || f.as_array().is_ok_and(|a| a.iter().any(dct)));
            if only_dct {
                match super::photo::strip_embedded(content) {
                    Ok(clean) => {
                        dict.set("Length", clean.len() as i64);
                        *content = clean;
                    }
                    Err(e) => {
                        refusal.get_or_insert(e);
                    }
                }
            } else if any_dct {
                refusal.get_or_insert(say!(
                    "这个 PDF 里有一张压缩方式少见的照片，无法清除其拍摄信息：重新导出一份 PDF",
                    "a photo in this PDF is stored in a way whose camera data cannot be removed: export the PDF again"
                ));
            }
        }
    }
    if let Some(message) = refusal {
        return Err(message);
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
    let text: super::Text = crate::read::pdf::pdf_text(bytes)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(n, lines)| (say!("第{}页", "page {}", n + 1), lines.join("\n")))
        .collect();
    let mut warnings = Vec::new();
    if text.iter().all(|(_, t)| t.trim().is_empty()) {
        warnings.push(say!(
            "这个 PDF 没有文字层（可能是扫描件），无法自动检查其中的个人信息：发布前请人工逐页核对",
            "this PDF has no text layer (a scan?), so it cannot be checked for personal data: review each page by hand before publishing"
        ));
    }
    Ok((out, text, warnings))
}

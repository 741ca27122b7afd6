//! Word (.docx), Excel (.xlsx) and OFD files: zip packages of XML parts.
//! The published copy has empty document properties (author, last editor,
//! company, manager, description), no custom properties or thumbnail, no
//! saved file paths, and pictures without their EXIF; every other part is
//! kept as it was. Tracked changes and comments are refused rather than
//! accepted or dropped: which wording is final is the author's decision.

use super::photo::strip_embedded;
use super::zipped::{local, read_parts, texts, without_elements, write_parts};
use super::Kind;
use crate::say;

/// Document properties, emptied: who wrote it, who saved it last, for
/// which company, with which comments.
const EMPTY_CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>"#;

/// Application properties, emptied (company, manager, template path).
const EMPTY_APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>"#;

/// Word's marks of a tracked change: insertions, deletions, moves and
/// changes of formatting, each carrying its author and date.
const TRACKED: &[&[u8]] = &[
    b"ins",
    b"del",
    b"moveFrom",
    b"moveTo",
    b"rPrChange",
    b"pPrChange",
    b"sectPrChange",
    b"tblPrChange",
    b"tblPrExChange",
    b"tblGridChange",
    b"trPrChange",
    b"tcPrChange",
    b"numberingChange",
    b"cellIns",
    b"cellDel",
    b"cellMerge",
];

/// The clean copy and the text to check for personal data.
pub(super) fn clean(bytes: &[u8], kind: Kind) -> super::Cleaning {
    let what = match kind {
        Kind::Word => say!(" Word 文件", " Word file"),
        Kind::Excel => say!(" Excel 文件", " Excel file"),
        _ => say!(" OFD 文件", " OFD file"),
    };
    let mut parts = read_parts(bytes, &what)?;
    let (main, must) = match kind {
        Kind::Word => ("word/document.xml", "Word"),
        Kind::Excel => ("xl/workbook.xml", "Excel"),
        _ => ("OFD.xml", "OFD"),
    };
    if !parts.iter().any(|(name, _)| name == main) {
        return Err(say!(
            "这不是 {must} 文件：里面没有 {main}（扩展名和内容不符？）",
            "not a {must} file: it has no {main} (is the extension wrong?)"
        ));
    }
    match kind {
        Kind::Word => refuse_revisions(&parts)?,
        Kind::Excel => refuse_comments(&parts)?,
        _ => {}
    }
    let text = match kind {
        Kind::Word => word_text(&parts),
        Kind::Excel => sheet_text(&parts),
        _ => ofd_text(&parts),
    };
    let removed: Vec<String> = parts
        .iter()
        .map(|(name, _)| name.clone())
        .filter(|name| {
            name == "docProps/custom.xml"
                || name.starts_with("docProps/thumbnail")
                || name == "word/people.xml"
                || name.starts_with("xl/persons/")
        })
        .collect();
    parts.retain(|(name, _)| !removed.contains(name));
    for (name, data) in parts.iter_mut() {
        let lower = name.to_ascii_lowercase();
        let changed = if name == "docProps/core.xml" {
            EMPTY_CORE.as_bytes().to_vec()
        } else if name == "docProps/app.xml" {
            EMPTY_APP.as_bytes().to_vec()
        } else if name == "[Content_Types].xml" {
            without_elements(data, |e| {
                local(e) == b"Override"
                    && attribute(e, b"PartName")
                        .is_some_and(|p| removed.iter().any(|r| p.trim_start_matches('/') == r))
            })?
        } else if name.ends_with(".rels") {
            let base = rels_base(name);
            without_elements(data, |e| {
                local(e) == b"Relationship"
                    && attribute(e, b"Target").is_some_and(|t| {
                        let target = resolve(&base, &t);
                        removed.contains(&target)
                    })
            })?
        } else if name == "xl/workbook.xml" {
            // Excel saves the folder it was last saved in (C:\Users\<name>\…)
            // and who reserved the file for writing.
            without_elements(data, |e| {
                matches!(local(e).as_slice(), b"absPath" | b"fileSharing")
            })?
        } else if kind == Kind::Ofd && name.ends_with("OFD.xml") {
            without_elements(data, |e| {
                matches!(
                    local(e).as_slice(),
                    b"Author"
                        | b"Creator"
                        | b"CreatorVersion"
                        | b"CustomDatas"
                        | b"Keywords"
                        | b"Abstract"
                        | b"Subject"
                )
            })?
        } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") || lower.ends_with(".png") {
            strip_embedded(data)
        } else {
            continue;
        };
        *data = changed;
    }
    Ok((write_parts(&parts)?, text))
}

/// A Word file with tracked changes or comments is refused, naming what
/// it holds and how to settle it.
fn refuse_revisions(parts: &[(String, Vec<u8>)]) -> Result<(), String> {
    let mut changes = 0usize;
    let mut comments = 0usize;
    for (name, data) in parts {
        if !name.starts_with("word/") || !name.ends_with(".xml") {
            continue;
        }
        let mut reader = quick_xml::Reader::from_reader(data.as_slice());
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                    let name_local = local(&e);
                    if TRACKED.contains(&name_local.as_slice()) {
                        changes += 1;
                    } else if name_local == b"comment" && name.contains("comments") {
                        comments += 1;
                    }
                }
                Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                _ => {}
            }
            buf.clear();
        }
    }
    if changes == 0 && comments == 0 {
        return Ok(());
    }
    let held = match (changes, comments) {
        (0, c) => say!("{c}条批注", "{c} comments"),
        (t, 0) => say!("{t}处修订痕迹", "{t} tracked changes"),
        (t, c) => say!(
            "{t}处修订痕迹和{c}条批注",
            "{t} tracked changes and {c} comments"
        ),
    };
    let why = if changes > 0 {
        say!(
            "修订带着修改人的名字，删去的字也还在文件里",
            "changes carry their authors' names, and deleted words are still in the file"
        )
    } else {
        say!("批注带着作者的名字", "comments carry their authors' names")
    };
    Err(say!(
        "这个 Word 文件里有{held}：{why}。请作者在 Word 里用“审阅”→“接受所有修订”（或拒绝）并删除所有批注，保存后再附上",
        "this Word file holds {held}: {why}. Ask its author to accept or reject all changes and delete all comments (Review tab), save, and attach it again"
    ))
}

/// An Excel file with comments is refused: each carries its author.
fn refuse_comments(parts: &[(String, Vec<u8>)]) -> Result<(), String> {
    let commented = parts.iter().any(|(name, data)| {
        (name.starts_with("xl/comments") && contains(data, b"<comment "))
            || (name.starts_with("xl/threadedComments/") && contains(data, b"threadedComment "))
    });
    if commented {
        return Err(say!(
            "这个 Excel 文件里有批注：批注带着作者的名字。请在 Excel 里删除所有批注（“审阅”→“删除”），保存后再附上",
            "this Excel file holds comments, which carry their authors' names: delete them all (Review tab), save, and attach it again"
        ));
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A Word file's text by paragraph, headers, footers and notes included.
fn word_text(parts: &[(String, Vec<u8>)]) -> super::Text {
    let mut out = Vec::new();
    for (name, data) in parts {
        let place = match name.as_str() {
            "word/document.xml" => say!("正文", "the body"),
            "word/footnotes.xml" | "word/endnotes.xml" => say!("注释", "the notes"),
            n if n.starts_with("word/header") => say!("页眉", "a header"),
            n if n.starts_with("word/footer") => say!("页脚", "a footer"),
            _ => continue,
        };
        for (n, text) in texts(data, b"w:p", b"w:t").into_iter().enumerate() {
            out.push((say!("{place}第{}段", "{place}, paragraph {}", n + 1), text));
        }
    }
    out
}

/// An Excel file's text: shared strings and each sheet's cells.
fn sheet_text(parts: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, data) in parts {
        if name == "xl/sharedStrings.xml" {
            for text in texts(data, b"si", b"t") {
                out.push((say!("表格文字", "the cell text"), text));
            }
        } else if let Some(sheet) = name
            .strip_prefix("xl/worksheets/")
            .and_then(|n| n.strip_suffix(".xml"))
        {
            for text in texts(data, b"c", b"v")
                .into_iter()
                .chain(texts(data, b"c", b"t"))
            {
                out.push((say!("工作表 {sheet} ", "sheet {sheet}, "), text));
            }
        }
    }
    out
}

/// An OFD file's text, page by page.
fn ofd_text(parts: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, data) in parts {
        if name.ends_with("Content.xml") {
            let page = texts(data, b"ofd:TextObject", b"ofd:TextCode").concat();
            if !page.is_empty() {
                out.push((name.clone(), page));
            }
        }
    }
    out
}

fn attribute(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| String::from_utf8(a.value.into_owned()).ok())
}

/// The folder a relationship part's targets are relative to:
/// `word/_rels/document.xml.rels` → `word/`, `_rels/.rels` → the root.
fn rels_base(name: &str) -> String {
    let folder = name.rsplit_once("_rels/").map_or("", |(before, _)| before);
    folder.to_string()
}

/// A relationship target as a part name (`../docProps/x.xml` from `word/`
/// is `docProps/x.xml`; `/docProps/x.xml` is absolute).
fn resolve(base: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_name_parts() {
        assert_eq!(rels_base("_rels/.rels"), "");
        assert_eq!(rels_base("word/_rels/document.xml.rels"), "word/");
        assert_eq!(resolve("", "docProps/custom.xml"), "docProps/custom.xml");
        assert_eq!(
            resolve("word/", "../docProps/thumbnail.jpeg"),
            "docProps/thumbnail.jpeg"
        );
        assert_eq!(resolve("word/", "/word/people.xml"), "word/people.xml");
        assert_eq!(resolve("word/", "people.xml"), "word/people.xml");
    }
}

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

/// How deep packages inside packages are cleaned (a chart's workbook in
/// a Word file); deeper ones are refused.
const MAX_NESTING: usize = 2;

/// The clean copy and the text to check for personal data.
pub(super) fn clean(bytes: &[u8], kind: Kind) -> super::Cleaning {
    clean_nested(bytes, kind, 0)
}

fn clean_nested(bytes: &[u8], kind: Kind, depth: usize) -> super::Cleaning {
    if depth > MAX_NESTING {
        return Err(say!(
            "文件里嵌套的对象太多层，无法检查",
            "objects are nested too deep inside this file to check"
        ));
    }
    let what = match kind {
        Kind::Word => say!(" Word 文件", " Word file"),
        Kind::Excel => say!(" Excel 文件", " Excel file"),
        _ => say!(" OFD 文件", " OFD file"),
    };
    let mut parts = read_parts(bytes, &what)?;
    let (main, must) = match kind {
        Kind::Word => ("word/document.xml", "Word"),
        Kind::Excel => ("xl/workbook.xml", "Excel"),
        _ => ("ofd.xml", "OFD"),
    };
    if !parts
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case(main))
    {
        return Err(say!(
            "这不是 {must} 文件：里面没有 {main}（扩展名和内容不符？）",
            "not a {must} file: it has no {main} (is the extension wrong?)"
        ));
    }
    refuse_what_cannot_be_cleaned(&parts, kind)?;
    let mut text = match kind {
        Kind::Word => word_text(&parts)?,
        Kind::Excel => sheet_text(&parts)?,
        _ => ofd_text(&parts)?,
    };
    let removed: Vec<String> = parts
        .iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .filter(|name| {
            name == "docprops/custom.xml"
                || name.starts_with("docprops/thumbnail")
                || name == "word/people.xml"
                || name.starts_with("xl/persons/")
                || name.starts_with("customxml/")
        })
        .collect();
    parts.retain(|(name, _)| !removed.contains(&name.to_ascii_lowercase()));
    for (name, data) in parts.iter_mut() {
        let lower = name.to_ascii_lowercase();
        let changed = if lower == "docprops/core.xml" {
            EMPTY_CORE.as_bytes().to_vec()
        } else if lower == "docprops/app.xml" {
            EMPTY_APP.as_bytes().to_vec()
        } else if lower == "[content_types].xml" {
            without_elements(data, |e| {
                local(e) == b"Override"
                    && attribute(e, b"PartName").is_some_and(|p| {
                        removed.contains(&p.trim_start_matches('/').to_ascii_lowercase())
                    })
            })?
        } else if lower.ends_with(".rels") {
            let base = rels_base(name);
            // Links out of the file are public text (checked below), but a
            // template's or mail merge source's is a path on the author's
            // computer (file:///C:/Users/<name>/…).
            let settings = lower.ends_with("settings.xml.rels");
            for e in elements(data, b"Relationship")? {
                if attribute(&e, b"TargetMode").as_deref() == Some("External") && !settings {
                    if let Some(target) = attribute(&e, b"Target") {
                        text.push((say!("链接", "a link"), target));
                    }
                }
            }
            without_elements(data, |e| {
                local(e) == b"Relationship"
                    && (settings && attribute(e, b"TargetMode").as_deref() == Some("External")
                        || attribute(e, b"Target").is_some_and(|t| {
                            removed.contains(&resolve(&base, &t).to_ascii_lowercase())
                        }))
            })?
        } else if lower == "word/settings.xml" {
            // The template's path, document variables and the mail merge
            // source name people and folders.
            without_elements(data, |e| {
                matches!(
                    local(e).as_slice(),
                    b"attachedTemplate" | b"docVars" | b"mailMerge"
                )
            })?
        } else if lower == "xl/workbook.xml" {
            // Excel saves the folder it was last saved in (C:\Users\<name>\…)
            // and who reserved the file for writing.
            without_elements(data, |e| {
                matches!(local(e).as_slice(), b"absPath" | b"fileSharing")
            })?
        } else if kind == Kind::Ofd && lower.ends_with("ofd.xml") {
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
        } else if lower.contains("/embeddings/") {
            let inner = if lower.ends_with(".docx") {
                Kind::Word
            } else {
                Kind::Excel
            };
            let (copy, inner_text, _) = clean_nested(data, inner, depth + 1)?;
            text.extend(inner_text);
            copy
        } else if lower.ends_with(".xml") || lower.ends_with(".rels") || lower.ends_with(".bin") {
            continue;
        } else {
            // Pictures (wherever a package keeps them: media/, Res/):
            // without their camera data, or refused.
            strip_embedded(data).map_err(|e| format!("{name}：{e}"))?
        };
        *data = changed;
    }
    Ok((write_parts(&parts)?, text, Vec::new()))
}

/// What a clean copy cannot be made of, refused with what to do: tracked
/// changes and comments (their authors, and deleted words), macros,
/// embedded objects other than Office packages, and in Excel links to
/// other workbooks, pivot caches and shared-workbook revisions (copies of
/// data the sheet does not show).
fn refuse_what_cannot_be_cleaned(parts: &[(String, Vec<u8>)], kind: Kind) -> Result<(), String> {
    for (name, _) in parts {
        let lower = name.to_ascii_lowercase();
        if lower.contains("vbaproject") {
            return Err(say!(
                "这个文件里有宏（程序），公开的文件不能带程序：另存为不带宏的格式再附上",
                "this file holds macros (programs), which are never published: save it without macros"
            ));
        }
        if lower.contains("/embeddings/") && !(lower.ends_with(".xlsx") || lower.ends_with(".docx"))
        {
            return Err(say!(
                "这个文件里嵌入了其他文件（{name}），无法检查其中的内容：删去嵌入的对象，或把它另作附件",
                "this file embeds another file ({name}) that cannot be checked: remove the object, or attach that file on its own"
            ));
        }
        if kind == Kind::Excel {
            let why = if lower.starts_with("xl/externallinks/") {
                say!(
                    "引用了其他工作簿（外部链接），带着那些文件的路径和数据：在 Excel 里“数据”→“编辑链接”→“断开链接”",
                    "links to other workbooks, with their paths and data: break the links (Data → Edit Links)"
                )
            } else if lower.starts_with("xl/pivotcache/pivotcacherecords") {
                say!(
                    "有数据透视表，它保存着一份原始数据（包括表上看不到的行）：把透视表复制后“选择性粘贴”为数值，删去透视表",
                    "has a pivot table, which keeps a copy of its source data (rows the sheet does not show): paste it as values and delete the pivot table"
                )
            } else if lower.starts_with("xl/revisions/") {
                say!(
                    "是共享工作簿，保存着修订记录和修改人：取消共享后另存",
                    "is a shared workbook keeping revisions and their authors: stop sharing it and save a copy"
                )
            } else if lower == "xl/connections.xml" {
                say!(
                    "有数据连接，带着数据源的位置和账号：删除连接后另存",
                    "has data connections naming their sources and accounts: delete them and save a copy"
                )
            } else {
                continue;
            };
            return Err(say!(
                "这个 Excel 文件{why}，再附上",
                "this Excel file {why}, then attach it again"
            ));
        }
    }
    match kind {
        Kind::Word => refuse_revisions(parts),
        Kind::Excel => refuse_comments(parts),
        _ => Ok(()),
    }
}

/// A Word file with tracked changes or comments is refused, naming what
/// it holds and how to settle it.
fn refuse_revisions(parts: &[(String, Vec<u8>)]) -> Result<(), String> {
    let mut changes = 0usize;
    let mut comments = 0usize;
    for (name, data) in parts {
        let lower = name.to_ascii_lowercase();
        if !lower.starts_with("word/") || !lower.ends_with(".xml") {
            continue;
        }
        let commented = lower.contains("comments");
        for e in elements_where(data, |e| {
            let l = local(e);
            TRACKED.contains(&l.as_slice()) || commented && l == b"comment"
        })? {
            if local(&e) == b"comment" {
                comments += 1;
            } else {
                changes += 1;
            }
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
    for (name, data) in parts {
        let lower = name.to_ascii_lowercase();
        let comments =
            lower.starts_with("xl/comments") || lower.starts_with("xl/threadedcomments/");
        if comments
            && !elements_where(data, |e| {
                matches!(local(e).as_slice(), b"comment" | b"threadedComment")
            })?
            .is_empty()
        {
            return Err(say!(
                "这个 Excel 文件里有批注：批注带着作者的名字。请在 Excel 里删除所有批注（“审阅”→“删除”），保存后再附上",
                "this Excel file holds comments, which carry their authors' names: delete them all (Review tab), save, and attach it again"
            ));
        }
    }
    Ok(())
}

/// The elements of `xml` with the local name `name`.
fn elements(
    xml: &[u8],
    name: &[u8],
) -> Result<Vec<quick_xml::events::BytesStart<'static>>, String> {
    elements_where(xml, |e| local(e) == name)
}

/// The elements of `xml` that `pick` picks. Damaged XML is an error: what
/// cannot be read cannot be checked.
fn elements_where(
    xml: &[u8],
    pick: impl Fn(&quick_xml::events::BytesStart) -> bool,
) -> Result<Vec<quick_xml::events::BytesStart<'static>>, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut found = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e))
                if pick(&e) =>
            {
                found.push(e.into_owned());
            }
            Ok(quick_xml::events::Event::Eof) => return Ok(found),
            Err(e) => return Err(damaged_xml(&e.to_string())),
            _ => {}
        }
        buf.clear();
    }
}

fn damaged_xml(detail: &str) -> String {
    say!(
        "文件里的 XML 已损坏，无法检查（{detail}）：用原来的软件打开后另存一份再附上",
        "the XML inside the file is damaged and cannot be checked ({detail}): open it and save a new copy"
    )
}

/// A Word file's text by paragraph: the body, headers, footers, notes,
/// text boxes, charts and diagrams, field codes and picture descriptions.
fn word_text(parts: &[(String, Vec<u8>)]) -> Result<super::Text, String> {
    let mut out = Vec::new();
    for (name, data) in parts {
        let lower = name.to_ascii_lowercase();
        if !lower.starts_with("word/") || !lower.ends_with(".xml") {
            continue;
        }
        let place = match lower.as_str() {
            "word/document.xml" => say!("正文", "the body"),
            "word/footnotes.xml" | "word/endnotes.xml" => say!("注释", "the notes"),
            n if n.starts_with("word/header") => say!("页眉", "a header"),
            n if n.starts_with("word/footer") => say!("页脚", "a footer"),
            n if n.starts_with("word/styles")
                || n.starts_with("word/settings")
                || n.starts_with("word/fonttable")
                || n.starts_with("word/theme/")
                || n.starts_with("word/numbering")
                || n.starts_with("word/websettings") =>
            {
                continue
            }
            _ => format!("{name} "),
        };
        let blocks =
            texts(data, &[b"p"], &[b"t", b"instrText", b"v"]).map_err(|e| damaged_xml(&e))?;
        for (n, text) in blocks.into_iter().enumerate() {
            out.push((say!("{place}第{}段", "{place}, paragraph {}", n + 1), text));
        }
    }
    Ok(out)
}

/// An Excel file's text: shared strings, each sheet's cells, charts and
/// drawings (with picture descriptions).
fn sheet_text(parts: &[(String, Vec<u8>)]) -> Result<super::Text, String> {
    let mut out = Vec::new();
    for (name, data) in parts {
        let lower = name.to_ascii_lowercase();
        if !lower.starts_with("xl/")
            || !lower.ends_with(".xml")
            || lower.starts_with("xl/styles")
            || lower.starts_with("xl/theme/")
        {
            continue;
        }
        let place = match lower
            .strip_prefix("xl/worksheets/")
            .and_then(|n| n.strip_suffix(".xml"))
        {
            Some(sheet) => say!("工作表 {sheet} ", "sheet {sheet}, "),
            None if lower == "xl/sharedstrings.xml" => say!("表格文字", "the cell text"),
            None => format!("{name} "),
        };
        let blocks =
            texts(data, &[b"si", b"c", b"p"], &[b"t", b"v"]).map_err(|e| damaged_xml(&e))?;
        for text in blocks {
            out.push((place.clone(), text));
        }
    }
    Ok(out)
}

/// An OFD file's text, page by page.
fn ofd_text(parts: &[(String, Vec<u8>)]) -> Result<super::Text, String> {
    let mut out = Vec::new();
    for (name, data) in parts {
        if name.to_ascii_lowercase().ends_with("content.xml") {
            let page = texts(data, &[b"TextObject"], &[b"TextCode"])
                .map_err(|e| damaged_xml(&e))?
                .concat();
            if !page.is_empty() {
                // Doc_0/Pages/Page_3/Content.xml is the fourth page.
                let number = name
                    .split('/')
                    .find_map(|part| part.strip_prefix("Page_")?.parse::<usize>().ok());
                let place = match number {
                    Some(n) => say!("第{}页", "page {}", n + 1),
                    None => format!("{name} "),
                };
                out.push((place, page));
            }
        }
    }
    Ok(out)
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

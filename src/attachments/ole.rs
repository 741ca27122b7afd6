//! Word 97 (.doc), WPS (.wps), Excel 97 (.xls) and WPS spreadsheets (.et):
//! OLE compound files. The published copy is written anew without the two
//! property streams (author, last saver, company) and from live streams
//! only, so sectors freed by earlier saves do not carry old text along.
//! Inside the main stream, Word's list of author and template strings,
//! its comment authors and revision authors are blanked, and Excel's
//! record of who saved the file; a Word file with comments is refused.

use super::Kind;
use crate::say;
use std::io::{Cursor, Read, Write};

/// Streams of property sets (their names start with \u{5}): summary
/// information, document summary information, and any custom set.
fn is_property_stream(name: &str) -> bool {
    name.starts_with('\u{5}')
}

/// The clean copy and the text to check for personal data.
pub(super) fn clean(bytes: &[u8], kind: Kind) -> super::Cleaning {
    let outcome = std::panic::catch_unwind(|| copy(bytes, kind));
    let copied = outcome.unwrap_or_else(|_| Err(damaged(kind)))?;
    let word = matches!(kind, Kind::OldWord | Kind::Wps);
    // What cannot be read cannot be checked: refused, not skipped.
    let text = if word {
        crate::read::doc::doc_text(bytes, kind.key())?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(n, l)| (say!("第{}段", "paragraph {}", n + 1), l.to_string()))
            .collect()
    } else {
        sheet_text(bytes).ok_or_else(|| damaged(kind))?
    };
    Ok((copied, text, Vec::new()))
}

fn damaged(kind: Kind) -> String {
    say!(
        "这个 {} 文件已损坏，或者扩展名和内容不符，无法检查：在 {} 里打开后另存一份再附上",
        "this {} file is damaged, or not what its name says, and cannot be checked: open it in {} and save a new copy",
        kind.key(),
        kind.label()
    )
}

fn copy(bytes: &[u8], kind: Kind) -> Result<Vec<u8>, String> {
    let mut source = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| damaged(kind))?;
    if source.is_stream("/EncryptionInfo") || source.is_stream("/EncryptedPackage") {
        return Err(say!(
            "这个文件加了密码，无法检查：去掉密码再附上",
            "this file is password-protected and cannot be checked: remove the password"
        ));
    }
    let word = matches!(kind, Kind::OldWord | Kind::Wps);
    let main = if word { "/WordDocument" } else { "/Workbook" };
    // Excel 5 named its main stream Book.
    let has_main = source.is_stream(main) || (!word && source.is_stream("/Book"));
    if !has_main {
        return Err(damaged(kind));
    }
    let entries: Vec<cfb::Entry> = source.walk().collect();
    for entry in &entries {
        let why = match entry.name() {
            "ObjectPool" | "MBD" => say!(
                "这个文件里嵌入了其他文件（对象），无法检查其中的内容：删去嵌入的对象，或把它另作附件",
                "this file embeds other files (objects) that cannot be checked: remove them, or attach them on their own"
            ),
            "Macros" | "_VBA_PROJECT_CUR" | "_VBA_PROJECT" | "VBA" => say!(
                "这个文件里有宏（程序），公开的文件不能带程序：另存为不带宏的文件再附上",
                "this file holds macros (programs), which are never published: save it without macros"
            ),
            "User Names" | "Revision Log" => say!(
                "这是共享工作簿，保存着修订记录和修改人：取消共享后另存，再附上",
                "this is a shared workbook keeping revisions and their authors: stop sharing it and save a copy"
            ),
            _ => continue,
        };
        return Err(why);
    }
    let mut streams: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
    for entry in &entries {
        if entry.is_stream() && !is_property_stream(entry.name()) {
            let mut data = Vec::new();
            source
                .open_stream(entry.path())
                .and_then(|mut s| s.read_to_end(&mut data))
                .map_err(|_| damaged(kind))?;
            streams.push((entry.path().to_path_buf(), data));
        }
    }
    if word {
        blank_word_names(&mut streams, kind)?;
    } else {
        blank_excel_names(&mut streams)?;
    }
    let mut copy =
        cfb::CompoundFile::create_with_version(source.version(), Cursor::new(Vec::new()))
            .map_err(|e| e.to_string())?;
    for entry in &entries {
        if entry.is_storage() && !entry.is_root() {
            copy.create_storage(entry.path())
                .map_err(|e| e.to_string())?;
        }
    }
    for (path, data) in &streams {
        copy.create_stream(path)
            .and_then(|mut s| s.write_all(data))
            .map_err(|e| e.to_string())?;
    }
    for entry in &entries {
        if entry.is_stream() && is_property_stream(entry.name()) {
            continue;
        }
        let path = entry.path();
        copy.set_state_bits(path, entry.state_bits())
            .map_err(|e| e.to_string())?;
        if !entry.is_stream() {
            copy.set_storage_clsid(path, *entry.clsid())
                .map_err(|e| e.to_string())?;
            // A fixed time: the same input gives the same bytes.
            copy.set_created_time(path, std::time::UNIX_EPOCH)
                .map_err(|e| e.to_string())?;
            copy.set_modified_time(path, std::time::UNIX_EPOCH)
                .map_err(|e| e.to_string())?;
        }
    }
    copy.flush().map_err(|e| e.to_string())?;
    Ok(copy.into_inner().into_inner())
}

/// Where a Word 97 file's FibRgFcLcb97 begins, and the entries used: the
/// comment references, the author and template strings (SttbfAssoc),
/// comment authors (GrpXstAtnOwners) and revision authors (SttbfRMark).
const FC_LCB: usize = 154;
const PLCFAND_REF: usize = 4;
const STTBF_ASSOC: usize = 32;
const GRP_XST_ATN_OWNERS: usize = 36;
const STTBF_RMARK: usize = 51;
/// The routing slip (who the file was sent to), the last ten savers with
/// their folders (SttbSavedBy) and linked files' paths (SttbFnm).
const ROUTE_SLIP: usize = 70;
const STTB_SAVED_BY: usize = 71;
const STTB_FNM: usize = 72;

fn blank_word_names(
    streams: &mut [(std::path::PathBuf, Vec<u8>)],
    kind: Kind,
) -> Result<(), String> {
    let find = |streams: &[(std::path::PathBuf, Vec<u8>)], name: &str| {
        streams
            .iter()
            .position(|(p, _)| p == std::path::Path::new(name))
    };
    let Some(main) = find(streams, "/WordDocument") else {
        return Err(damaged(kind));
    };
    let fib = &streams[main].1;
    let u16_at = |at: usize| {
        fib.get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        fib.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let flags = u16_at(0x0A).ok_or_else(|| damaged(kind))?;
    if flags & 0x0004 != 0 {
        return Err(say!(
            "这个 Word 文件是“快速保存”的，删去的文字还留在文件里：在 Word 里用“另存为”存一份新文件再附上",
            "this Word file was fast-saved, so deleted text is still inside it: use Save As to write a new file and attach that"
        ));
    }
    if flags & 0x0100 != 0 {
        return Err(say!(
            "这个文件加了密码，无法检查：去掉密码再附上",
            "this file is password-protected and cannot be checked: remove the password"
        ));
    }
    let count = usize::from(u16_at(FC_LCB - 2).ok_or_else(|| damaged(kind))?);
    let entry = |index: usize| -> Option<(usize, usize)> {
        if index >= count {
            return None;
        }
        let at = FC_LCB + index * 8;
        Some((u32_at(at)? as usize, u32_at(at + 4)? as usize))
    };
    if entry(PLCFAND_REF).is_some_and(|(_, length)| length > 0) {
        return Err(say!(
            "这个 Word 文件里有批注：批注带着作者的名字。请删除所有批注（“审阅”→“删除”），保存后再附上",
            "this Word file holds comments, which carry their authors' names: delete them all (Review tab), save, and attach it again"
        ));
    }
    if entry(ROUTE_SLIP).is_some_and(|(_, length)| length > 0) {
        return Err(say!(
            "这个 Word 文件带着传送名单（收件人姓名）：另存为一份新文件再附上",
            "this Word file carries a routing slip with its recipients' names: save a new copy and attach that"
        ));
    }
    let table_name = if flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let places: Vec<(usize, usize, bool)> = [
        STTBF_ASSOC,
        GRP_XST_ATN_OWNERS,
        STTBF_RMARK,
        STTB_SAVED_BY,
        STTB_FNM,
    ]
    .into_iter()
    .filter_map(|index| entry(index).map(|(at, len)| (at, len, index == GRP_XST_ATN_OWNERS)))
    .filter(|(_, len, _)| *len > 0)
    .collect();
    let Some(table) = find(streams, table_name) else {
        return Ok(());
    };
    let table = &mut streams[table].1;
    for (at, length, group) in places {
        let Some(region) = table.get_mut(at..at.saturating_add(length)) else {
            continue;
        };
        blank_strings(region, group);
    }
    Ok(())
}

/// Replaces the characters of every string in a Word string table
/// (`STTB`: a header, then length-prefixed UTF-16 strings) or a group of
/// strings (`group`: length-prefixed strings from the start) with spaces,
/// keeping every length, so the file's structure is unchanged.
fn blank_strings(region: &mut [u8], group: bool) {
    let mut at = 0;
    let mut extra = 0;
    let mut remaining = usize::MAX;
    if !group {
        // fExtend 0xFFFF (UTF-16), then the count and the extra data size.
        if region.len() < 6 || region[0..2] != [0xFF, 0xFF] {
            return;
        }
        remaining = usize::from(u16::from_le_bytes([region[2], region[3]]));
        extra = usize::from(u16::from_le_bytes([region[4], region[5]]));
        at = 6;
    }
    while remaining > 0 && at + 2 <= region.len() {
        let chars = usize::from(u16::from_le_bytes([region[at], region[at + 1]]));
        at += 2;
        for _ in 0..chars {
            if at + 2 > region.len() {
                return;
            }
            region[at] = b' ';
            region[at + 1] = 0;
            at += 2;
        }
        at += extra;
        remaining -= 1;
    }
}

/// Excel 97 keeps the name of whoever saved the file last in its
/// WRITEACCESS record: blanked, keeping its length.
fn blank_excel_names(streams: &mut [(std::path::PathBuf, Vec<u8>)]) -> Result<(), String> {
    for (path, data) in streams.iter_mut() {
        if path != std::path::Path::new("/Workbook") && path != std::path::Path::new("/Book") {
            continue;
        }
        let mut at = 0;
        while at + 4 <= data.len() {
            let kind = u16::from_le_bytes([data[at], data[at + 1]]);
            let length = usize::from(u16::from_le_bytes([data[at + 2], data[at + 3]]));
            let body = at + 4;
            let end = (body + length).min(data.len());
            if kind == 0x002F {
                return Err(say!(
                    "这个 Excel 文件加了密码，无法检查：去掉密码再附上",
                    "this Excel file is password-protected and cannot be checked: remove the password"
                ));
            }
            if kind == 0x001C {
                return Err(say!(
                    "这个 Excel 文件里有批注：批注带着作者的名字。请删除所有批注，保存后再附上",
                    "this Excel file holds comments, which carry their authors' names: delete them all, save, and attach it again"
                ));
            }
            // WRITEACCESS holds the name of who saved the file; FILESHARING
            // the name of who reserved it, after two numbers.
            let name_at = match kind {
                0x005C => Some(body),
                0x005B => Some(body + 4),
                _ => None,
            };
            if let Some(body) = name_at.filter(|start| end >= start + 3) {
                let chars = usize::from(u16::from_le_bytes([data[body], data[body + 1]]));
                let wide = data[body + 2] & 1 == 1;
                let mut i = body + 3;
                for _ in 0..chars {
                    if wide && i + 2 <= end {
                        data[i] = b' ';
                        data[i + 1] = 0;
                        i += 2;
                    } else if !wide && i < end {
                        data[i] = b' ';
                        i += 1;
                    }
                }
            }
            at = body + length;
        }
    }
    Ok(())
}

/// The text of every cell of an Excel 97 workbook.
fn sheet_text(bytes: &[u8]) -> Option<super::Text> {
    use calamine::Reader;
    let mut book = calamine::Xls::new(Cursor::new(bytes)).ok()?;
    let mut out = Vec::new();
    for (name, range) in book.worksheets() {
        for row in range.rows() {
            for cell in row {
                let text = cell.to_string();
                if !text.trim().is_empty() {
                    out.push((say!("工作表 {name} ", "sheet {name}, "), text));
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_tables_are_blanked_in_place() {
        // fExtend, two strings, no extra data: "王" and "ab".
        let mut sttb = vec![
            0xFF, 0xFF, 2, 0, 0, 0, 1, 0, 0x8B, 0x73, 2, 0, b'a', 0, b'b', 0,
        ];
        blank_strings(&mut sttb, false);
        assert_eq!(
            sttb,
            [0xFF, 0xFF, 2, 0, 0, 0, 1, 0, b' ', 0, 2, 0, b' ', 0, b' ', 0]
        );
        let mut group = vec![1, 0, 0x8B, 0x73];
        blank_strings(&mut group, true);
        assert_eq!(group, [1, 0, b' ', 0]);
        // Not a UTF-16 table: left alone.
        let mut other = vec![1, 2, 3];
        blank_strings(&mut other, false);
        assert_eq!(other, [1, 2, 3]);
    }
}

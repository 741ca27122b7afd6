//! A notice kept as a Word 97–2003 `.doc` (or a WPS `.wps` saved in the
//! Word-compatible format): an OLE compound file whose `WordDocument`
//! stream holds the text in pieces, listed by the piece table in the
//! `0Table` or `1Table` stream. The cfb crate reads the container; the
//! File Information Block and the piece table are read here. Every offset
//! is checked against the stream it points into: a damaged or hostile
//! file is an error, never a long read.

use std::io::{Cursor, Read};

/// The largest stream read from the container.
const STREAM_LIMIT: u64 = 64 << 20;
/// The most characters of main text a notice may have.
const TEXT_LIMIT: u32 = 8 << 20;

const DAMAGED: &str =
    "这个 Word 文件已损坏，无法读取；请在 Word 或 WPS 中打开后另存为 .docx 再导入";

/// The main text of a `.doc`/`.wps`, paragraphs on lines of their own.
pub(crate) fn doc_text(bytes: &[u8], extension: &str) -> Result<String, String> {
    let opened = std::panic::catch_unwind(|| read(bytes));
    match opened {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(message)) => Err(message.replace("{ext}", extension)),
        Err(_) => Err(DAMAGED.into()),
    }
}

fn read(bytes: &[u8]) -> Result<String, String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| DAMAGED.to_string())?;
    if !file.is_stream("/WordDocument") {
        if file.is_stream("/EncryptionInfo") || file.is_stream("/EncryptedPackage") {
            return Err(PASSWORD.into());
        }
        return Err("这个 .{ext} 文件不是 Word 兼容格式（可能是 WPS 或 Works 的旧格式），无法读取。请在 WPS 或 Word 中打开，另存为 .docx 再导入".into());
    }
    let word = stream(&mut file, "/WordDocument")?;
    let u16_at = |at: usize| -> Result<u16, String> {
        word.get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .ok_or_else(|| DAMAGED.to_string())
    };
    let u32_at = |data: &[u8], at: usize| -> Result<u32, String> {
        data.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(|| DAMAGED.to_string())
    };
    if u16_at(0)? != 0xA5EC {
        return Err(DAMAGED.into());
    }
    let flags = u16_at(0x0A)?;
    if flags & 0x0100 != 0 {
        return Err(PASSWORD.into());
    }
    let table_name = if flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let main_chars = u32_at(&word, 0x4C)?;
    if main_chars > TEXT_LIMIT {
        return Err(DAMAGED.into());
    }
    let (clx_at, clx_len) = (
        u32_at(&word, 0x01A2)? as usize,
        u32_at(&word, 0x01A6)? as usize,
    );
    let table = stream(&mut file, table_name)?;
    let clx = table
        .get(clx_at..clx_at.checked_add(clx_len).ok_or(DAMAGED)?)
        .ok_or(DAMAGED)?;
    // Skip the property modifiers (0x01) to the piece table (0x02).
    let mut at = 0usize;
    while clx.get(at) == Some(&0x01) {
        let size = clx.get(at + 1..at + 3).ok_or(DAMAGED)?;
        at += 3 + u16::from_le_bytes([size[0], size[1]]) as usize;
    }
    if clx.get(at) != Some(&0x02) {
        return Err(DAMAGED.into());
    }
    let size = u32_at(clx, at + 1)? as usize;
    let pieces = clx.get(at + 5..at + 5 + size).ok_or(DAMAGED)?;
    if size < 4 {
        return Err(DAMAGED.into());
    }
    let count = (size - 4) / 12;
    let mut text = String::new();
    let mut done = 0u32;
    for k in 0..count {
        let (start, end) = (u32_at(pieces, 4 * k)?, u32_at(pieces, 4 * (k + 1))?);
        if end <= start || start >= main_chars {
            continue;
        }
        let chars = (end.min(main_chars) - start) as usize;
        let descriptor = 4 * (count + 1) + 8 * k;
        let fc = u32_at(pieces, descriptor + 2)?;
        let compressed = fc & 0x4000_0000 != 0;
        let offset = (fc & 0x3FFF_FFFF) as usize;
        if compressed {
            let from = offset / 2;
            let raw = word.get(from..from + chars).ok_or(DAMAGED)?;
            let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(raw);
            text.push_str(&decoded);
        } else {
            let raw = word.get(offset..offset + 2 * chars).ok_or(DAMAGED)?;
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect();
            text.push_str(&String::from_utf16_lossy(&units));
        }
        done += chars as u32;
        if done >= main_chars {
            break;
        }
    }
    Ok(plain(&text))
}

const PASSWORD: &str = "这个 Word 文件有密码保护，无法读取。请在 Word 或 WPS 中输入密码打开，取消密码后另存为 .docx 再导入";

/// One stream of the container, read within the limit.
fn stream(file: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    file.open_stream(name)
        .map_err(|_| DAMAGED.to_string())?
        .take(STREAM_LIMIT)
        .read_to_end(&mut data)
        .map_err(|_| DAMAGED.to_string())?;
    Ok(data)
}

/// Word's control characters as text: paragraph and line ends become
/// lines, table cells tabs; a field keeps its result, not its code
/// (`PAGE`, `HYPERLINK "…"`).
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Field nesting: inside a field's code (before its separator), text is
    // not shown.
    let mut codes: Vec<bool> = Vec::new();
    for c in text.chars() {
        match c {
            '\u{13}' => codes.push(true),
            '\u{14}' => {
                if let Some(last) = codes.last_mut() {
                    *last = false;
                }
            }
            '\u{15}' => {
                codes.pop();
            }
            _ if codes.iter().any(|code| *code) => {}
            '\r' | '\u{0b}' | '\u{0c}' => out.push('\n'),
            '\u{07}' => out.push('\t'),
            '\u{1e}' => out.push('-'),
            '\u{1f}' => {}
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_their_result_and_controls_become_lines() {
        assert_eq!(
            plain("第一段\r\u{13} PAGE \u{14}3\u{15}\r单元\u{07}格\u{07}"),
            "第一段\n3\n单元\t格\t"
        );
    }
}

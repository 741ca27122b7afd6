//! Office Open XML and OFD files are zip archives of XML parts: read whole
//! (with limits, as a zip can claim any size), changed part by part, and
//! written again with fixed timestamps so the same input always gives the
//! same bytes.

use crate::say;
use quick_xml::events::{BytesStart, Event};
use std::io::{Read, Write};

/// All a package's parts may unpack to: far past any real document, and
/// small enough that two cleaned at once fit in memory.
const UNPACKED_LIMIT: u64 = 200 << 20;

/// The parts of an archive in their order.
pub(super) fn read_parts(bytes: &[u8], what: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        say!(
            "读不了这个{what}（文件损坏，或者扩展名和内容不符）：{e}",
            "cannot read this {what} (damaged, or not what its name says): {e}"
        )
    })?;
    let mut parts = Vec::with_capacity(archive.len());
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| {
            say!(
                "{what}里有损坏的部分：{e}",
                "a part of the {what} is damaged: {e}"
            )
        })?;
        if entry.encrypted() {
            return Err(say!(
                "这个{what}加了密码，无法检查：去掉密码再附上",
                "this {what} is password-protected and cannot be checked: remove the password"
            ));
        }
        let name = entry.name().to_string();
        if entry.size() > UNPACKED_LIMIT - total {
            return Err(say!(
                "这个{what}解压后超过 200 MB，不像正常文件",
                "this {what} unpacks to more than 200 MB: not an ordinary file"
            ));
        }
        let mut data = Vec::new();
        (&mut entry)
            .take(UNPACKED_LIMIT + 1 - total)
            .read_to_end(&mut data)
            .map_err(|e| {
                say!(
                    "{what}里的 {name} 读不了：{e}",
                    "{name} in the {what} cannot be read: {e}"
                )
            })?;
        total += data.len() as u64;
        if total > UNPACKED_LIMIT {
            return Err(say!(
                "这个{what}解压后超过 200 MB，不像正常文件",
                "this {what} unpacks to more than 200 MB: not an ordinary file"
            ));
        }
        if !entry.is_dir() {
            parts.push((name, data));
        }
    }
    Ok(parts)
}

/// An archive of `parts`, deflated, every timestamp 1980-01-01.
pub(super) fn write_parts(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        // The content-types part is read first by some readers: it keeps
        // its place, as every part does.
        let stored = if name.ends_with(".jpeg") || name.ends_with(".jpg") || name.ends_with(".png")
        {
            options.compression_method(zip::CompressionMethod::Stored)
        } else {
            options
        };
        writer
            .start_file(name.as_str(), stored)
            .and_then(|()| writer.write_all(data).map_err(Into::into))
            .map_err(|e| {
                say!(
                    "无法写出清理后的文件：{e}",
                    "cannot write the cleaned file: {e}"
                )
            })?;
    }
    let cursor = writer.finish().map_err(|e| {
        say!(
            "无法写出清理后的文件：{e}",
            "cannot write the cleaned file: {e}"
        )
    })?;
    Ok(cursor.into_inner())
}

/// `xml` without the elements `drop` picks (with everything inside them);
/// every other byte is kept as written.
pub(super) fn without_elements(
    xml: &[u8],
    drop: impl Fn(&BytesStart) -> bool,
) -> Result<Vec<u8>, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len()));
    let mut buf = Vec::new();
    let mut skipping = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| say!("XML 损坏：{e}", "damaged XML: {e}"))?;
        match &event {
            Event::Eof => break,
            Event::Start(e) if skipping > 0 || drop(e) => {
                let _ = e;
                skipping += 1;
            }
            Event::End(_) if skipping > 0 => skipping -= 1,
            Event::Empty(e) if skipping > 0 || drop(e) => {}
            _ if skipping > 0 => {}
            _ => writer
                .write_event(event.borrow())
                .map_err(|e| say!("XML 无法写出：{e}", "cannot write XML: {e}"))?,
        }
        buf.clear();
    }
    Ok(writer.into_inner())
}

/// The text of each block element (a paragraph, a cell: any of the local
/// names `blocks`), from the text of the elements named `texts` inside it,
/// plus each picture's description (`descr`, `title`) as a block of its
/// own. Names are compared without their prefix, so `w:t`, `x:t` and a
/// default namespace read alike. Damaged XML is an error.
pub(super) fn texts(xml: &[u8], blocks: &[&[u8]], texts: &[&[u8]]) -> Result<Vec<String>, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut inside = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e)
                if matches!(local(&e).as_slice(), b"docPr" | b"cNvPr") =>
            {
                for key in [&b"descr"[..], b"title"] {
                    if let Some(value) = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key)
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::default())
                                .ok()
                                .map(|v| v.into_owned())
                        })
                    {
                        if !value.trim().is_empty() {
                            out.push(value);
                        }
                    }
                }
            }
            Event::Start(e) if texts.contains(&local(&e).as_slice()) => inside += 1,
            Event::End(e) if texts.contains(&e.local_name().as_ref()) => {
                inside = inside.saturating_sub(1)
            }
            Event::End(e) if blocks.contains(&e.local_name().as_ref()) => {
                if !current.trim().is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current.clear();
            }
            Event::Text(t) if inside > 0 => {
                if let Ok(t) = t.decode() {
                    current.push_str(&t);
                }
            }
            Event::GeneralRef(r) if inside > 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else if let Ok(name) = r.decode() {
                    current.push_str(crate::read::predefined_entity(&name));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    Ok(out)
}

/// An element's local name (`ins` for `w:ins`).
pub(super) fn local(e: &BytesStart) -> Vec<u8> {
    e.local_name().as_ref().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_elements_go_whole_and_the_rest_stays_byte_for_byte() {
        let xml =
            br#"<?xml version="1.0"?><a x="1"><b>keep &amp; this</b><c><d/>gone</c><c/><e/></a>"#;
        let out = without_elements(xml, |e| local(e) == b"c").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<?xml version="1.0"?><a x="1"><b>keep &amp; this</b><e/></a>"#
        );
    }

    #[test]
    fn text_is_gathered_by_block() {
        let xml = "<w:body><w:p><w:r><w:t>电话</w:t></w:r><w:r><w:t>139</w:t></w:r></w:p><w:p/><w:p><w:t>二</w:t></w:p></w:body>";
        assert_eq!(
            texts(xml.as_bytes(), &[b"p"], &[b"t"]).unwrap(),
            ["电话139", "二"]
        );
        let prefixed = "<x:sst xmlns:x=\"urn:x\"><x:si><x:t>联系电话136</x:t></x:si><si><t>默认</t></si></x:sst>";
        assert_eq!(
            texts(prefixed.as_bytes(), &[b"si"], &[b"t"]).unwrap(),
            ["联系电话136", "默认"]
        );
        assert!(texts(b"<a><b></a>", &[b"a"], &[b"b"]).is_err());
    }
}

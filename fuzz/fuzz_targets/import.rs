//! Any bytes as a notice, in each form import reads: as text (UTF-8, GBK),
//! as a saved web page, as a Word file (.docx and Word 97) and as a PDF. The importer must never panic,
//! and every file it plans must be one zhenggai can read back (valid UTF-8
//! front matter with the fields of a report or an issue), or one that
//! `check` refuses only for a placeholder the notice left unstated.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zhenggai::import::{import_text, read};
use zhenggai::load::parse_document;
use zhenggai::model::{IssueMeta, ReportMeta, PLACEHOLDER};

fuzz_target!(|data: &[u8]| {
    let mut texts = vec![String::from_utf8_lossy(data).into_owned()];
    if let Ok(text) = read::decode_text(data) {
        texts.push(text);
    }
    texts.push(read::html_text(&String::from_utf8_lossy(data)));
    if let Ok(text) = read::docx_text(data) {
        texts.push(text);
    }
    if let Ok(text) = read::pdf_notice(data) {
        texts.push(text);
    }
    if let Ok(text) = read::doc_notice(data) {
        texts.push(text);
    }
    for text in texts {
        let imported = import_text(&text, Some("fuzz"));
        for file in &imported.files {
            let bytes = file.text.as_bytes();
            let read = if file.path == "report.md" {
                parse_document::<ReportMeta>(bytes).map(|_| ())
            } else {
                parse_document::<IssueMeta>(bytes).map(|_| ())
            };
            if let Err(e) = read {
                if !e.message.contains(PLACEHOLDER) {
                    panic!("{} does not read back: {}:{}: {}\n{}", file.path, e.line, e.column, e.message, file.text);
                }
            }
        }
    }
});

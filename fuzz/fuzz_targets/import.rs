//! Any text as a notice. The importer must never panic, and every file it
//! plans must be one zhenggai can read back: valid UTF-8 front matter whose
//! YAML has the fields of a report or an issue.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zhenggai::import::import_text;
use zhenggai::load::parse_document;
use zhenggai::model::{IssueMeta, ReportMeta};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let imported = import_text(&text, Some("fuzz"));
    for file in &imported.files {
        let bytes = file.text.as_bytes();
        if file.path == "report.md" {
            if let Err(e) = parse_document::<ReportMeta>(bytes) {
                panic!("report.md does not read back: {}:{}: {}\n{}", e.line, e.column, e.message, file.text);
            }
        } else if let Err(e) = parse_document::<IssueMeta>(bytes) {
            panic!("{} does not read back: {}:{}: {}\n{}", file.path, e.line, e.column, e.message, file.text);
        }
    }
});

//! Any bytes as a rectification ledger, in each form import reads: .xlsx,
//! .xls, .ods and .csv. Reading must never panic, allocate without bound or
//! loop: every file is an error or a ledger, and a ledger's planned files
//! read back as a report and issue files.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;
use zhenggai::import::ledger::{import_ledger, LedgerOptions};
use zhenggai::load::parse_document;
use zhenggai::model::{IssueMeta, ReportMeta, PLACEHOLDER};

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("zhenggai-fuzz-ledger-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    for extension in ["xlsx", "xls", "ods", "csv"] {
        let path = dir.join(format!("ledger.{extension}"));
        let written = std::fs::File::create(&path).and_then(|mut f| f.write_all(data));
        if written.is_err() {
            continue;
        }
        let Ok(imported) = import_ledger(&path, &LedgerOptions::default()) else {
            continue;
        };
        for file in &imported.files {
            let bytes = file.text.as_bytes();
            let read = if file.path == "report.md" {
                parse_document::<ReportMeta>(bytes).map(|_| ())
            } else {
                parse_document::<IssueMeta>(bytes).map(|_| ())
            };
            if let Err(e) = read {
                if !e.message.contains(PLACEHOLDER) {
                    panic!("{} does not read back: {}\n{}", file.path, e.message, file.text);
                }
            }
        }
    }
});

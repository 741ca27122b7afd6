//! Notices in the files they are published and archived as: PDF (printed
//! by LibreOffice and by Chromium, whose text layer uses Kangxi radicals),
//! Word 97 `.doc`, and the broken, locked, scanned and hostile files a
//! clerk may be handed. Made with real tools by
//! `tests/fixtures/office/make_office.py` (see its README); the tests need
//! none of them. Each readable form of the seed notice imports to its 33
//! problems with its title, date and measures; each unreadable one is an
//! error in plain Chinese saying what to do, quickly, writing nothing.

mod common;

use common::{base_fixture, run, snapshot, stderr};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use zhenggai::import::{import_text, read::read_notice};

fn office(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/office")
        .join(name)
}

/// Code points that look like common characters but match nothing: the
/// Kangxi radicals and the CJK radicals supplement.
fn has_radicals(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{2E80}'..='\u{2EFF}' | '\u{2F00}'..='\u{2FDF}'))
}

#[test]
fn every_form_of_the_seed_imports_to_its_33_problems() {
    let txt = import_text(&read_notice(&office("seed.txt")).unwrap(), Some("seed"));
    for name in [
        "seed.txt",
        "seed.docx",
        "seed.doc",
        "seed-libreoffice.pdf",
        "seed-chromium.pdf",
    ] {
        let text = read_notice(&office(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!has_radicals(&text), "{name}: radicals left in the text");
        assert!(
            !text.contains("— 3 —") && !text.contains("—3—"),
            "{name}: page numbers left"
        );
        let imported = import_text(&text, Some("seed"));
        assert_eq!(imported.per_area, vec![10, 13, 10], "{name}");
        let report = &imported.files[0].text;
        assert!(
            report.contains("title: 中共温岭市应急管理局委员会关于巡察整改进展情况的通报"),
            "{name}: {report}"
        );
        assert!(
            report.contains("published: 2023-09-07 11:05:25"),
            "{name}: {report}"
        );
        assert!(report.contains("  team: 市委第三巡察组"), "{name}");
        assert!(
            report.contains("2022年9月15日至10月31日"),
            "{name}: spaces between Chinese and digits"
        );
        assert_eq!(
            imported.statistics, txt.statistics,
            "{name}: the declared figures"
        );
        // The measures as the text file gives them: lines broken by the
        // page are joined again, and none is lost.
        let measures = |i: &zhenggai::import::Imported| -> Vec<usize> {
            i.files
                .iter()
                .map(|f| f.text.matches("\n  - ").count())
                .collect()
        };
        assert_eq!(
            measures(&imported),
            measures(&txt),
            "{name}: measures per file"
        );
        let issue = imported
            .files
            .iter()
            .find(|f| f.path == "issues/1-3-2.md")
            .expect("1-3-2");
        assert!(
            issue
                .text
                .contains("《安全生产事故调查处理闭环管理规定》(温应急[2023]19号)"),
            "{name}: {}",
            issue.text
        );
    }
}

#[test]
fn a_short_notice_as_pdf_reads_as_its_text() {
    let txt = import_text(
        &read_notice(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/notices/b04-anqing-jiaotong/notice.txt"),
        )
        .unwrap(),
        Some("b04"),
    );
    for name in ["short2.pdf", "short2-chromium.pdf"] {
        let text = read_notice(&office(name)).unwrap();
        assert!(!has_radicals(&text), "{name}");
        let imported = import_text(&text, Some("b04"));
        assert_eq!(imported.statistics, txt.statistics, "{name}");
        assert_eq!(imported.per_area, txt.per_area, "{name}");
    }
}

/// What cannot be read says why and what to do, and writes nothing.
#[test]
fn scans_locked_damaged_and_hostile_files_are_refused_quickly() {
    let cases = [
        ("scan.pdf", "扫描件"),
        ("encrypted.pdf", "密码"),
        ("encrypted.doc", "密码"),
        ("not-word.wps", "不是 Word 兼容格式"),
        ("bomb.pdf", "解压后超过"),
        ("truncated.pdf", ""),
        ("loop.pdf", ""),
        ("truncated.doc", "已损坏"),
        // Its piece claims 2^31 characters: read up to the main text's end.
        ("hugepiece.doc", ""),
        ("fatloop.doc", ""),
    ];
    for (name, says) in cases {
        let started = Instant::now();
        let read = read_notice(&office(name));
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{name} took {:?}",
            started.elapsed()
        );
        if says.is_empty() {
            // Damaged beyond use: an error, or at most a text without a
            // single problem read from garbage.
            if let Ok(text) = read {
                let imported = import_text(&text, Some("x"));
                assert!(imported.per_area.iter().sum::<usize>() <= 33, "{name}");
            }
            continue;
        }
        let error = read.expect_err(name);
        assert!(error.contains(says), "{name}: {error}");
    }
    let portal = base_fixture();
    let p = portal.path();
    let before = snapshot(&p.join("content"));
    std::fs::copy(office("scan.pdf"), p.join("scan.pdf")).unwrap();
    let out = run(p, &["import", "scan.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("scan.pdf: 错误：这个 PDF 是扫描件"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&p.join("content")), before);
}

proptest::proptest! {
    /// Any bytes behind a PDF or an OLE signature: an error or a text,
    /// never a panic.
    #[test]
    fn any_bytes_as_pdf_or_doc_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend(&bytes);
        let _ = zhenggai::import::read::pdf_notice(&pdf);
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend(&bytes);
        let _ = zhenggai::import::read::doc_notice(&ole);
    }

    /// The seed's PDF and .doc with bytes changed anywhere: never a panic.
    #[test]
    fn damaged_real_files_never_panic(at in 0usize..40_000, value in proptest::prelude::any::<u8>(), which in 0usize..2) {
        let name = ["short2.pdf", "seed.doc"][which];
        let mut bytes = std::fs::read(office(name)).unwrap();
        let at = at % bytes.len();
        bytes[at] = value;
        let _ = if which == 0 {
            zhenggai::import::read::pdf_notice(&bytes)
        } else {
            zhenggai::import::read::doc_notice(&bytes)
        };
    }
}

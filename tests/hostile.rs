//! Hostile and careless input never costs memory, time or data: each case
//! that once exhausted memory, panicked or cut silently, run through the
//! binary under an address-space limit and a time limit (the harness kills
//! it past either), and asserted to end in a clear error or a good build.

mod common;

use common::{base_fixture, stderr};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `zhenggai ARGS` in `dir` with at most `mem_mb` of address space
/// and `secs` seconds; panics if either is exceeded.
fn bounded(dir: &Path, args: &[&str], secs: u64, mem_mb: u64) -> Output {
    let mut quoted = String::new();
    for a in args {
        quoted.push_str(&format!(" '{}'", a.replace('\'', "'\\''")));
    }
    let script = format!(
        "ulimit -v {}; exec '{}'{quoted}",
        mem_mb * 1024,
        env!("CARGO_BIN_EXE_zhenggai")
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh");
    // The pipes are drained as the child writes, so a long output never
    // blocks it.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr_pipe = drain(Box::new(child.stderr.take().expect("stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("zhenggai {args:?} ran past {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr_pipe.join().expect("stderr"),
    };
    assert!(
        out.status.code().is_some(),
        "zhenggai {args:?} was killed (memory past {mem_mb} MB?): {}",
        stderr(&out)
    );
    out
}

/// A minimal .xlsx with the given sheet XML, written with the zip crate.
fn xlsx(path: &Path, sheet: &[u8]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options: zip::write::SimpleFileOptions = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, &[u8]); 5] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    for (name, data) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A ledger's header and one problem, and `extra` cells after them.
fn ledger_sheet(extra: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{}{}{}</row><row r="2">{}{}{}</row>{extra}</sheetData></worksheet>"#,
        inline("A1", "序号"),
        inline("B1", "问题表现"),
        inline("C1", "整改状态"),
        inline("A2", "1"),
        inline("B2", "学习不够"),
        inline("C2", "已完成"),
    )
    .into_bytes()
}

#[test]
fn a_stray_far_cell_is_one_cell_not_a_dense_sheet() {
    let portal = base_fixture();
    let p = portal.path();
    let far = format!(r#"<row r="1048576">{}</row>"#, inline("XFD1048576", "x"));
    xlsx(&p.join("far.xlsx"), &ledger_sheet(&far));
    let out = bounded(
        p,
        &["import", "far.xlsx", "--slug", "far", "--dry-run"],
        60,
        1500,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("学习不够"));
}

#[test]
fn a_spreadsheet_that_inflates_to_gigabytes_is_refused() {
    let portal = base_fixture();
    let p = portal.path();
    // 300 MB of blanks between the rows: a few hundred kilobytes zipped.
    let mut sheet = ledger_sheet("");
    let at = sheet.windows(11).position(|w| w == b"</sheetData").unwrap();
    sheet.splice(at..at, std::iter::repeat_n(b' ', 300 << 20));
    xlsx(&p.join("bomb.xlsx"), &sheet);
    assert!(std::fs::metadata(p.join("bomb.xlsx")).unwrap().len() < 2 << 20);
    let out = bounded(
        p,
        &["import", "bomb.xlsx", "--slug", "b", "--dry-run"],
        60,
        1500,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("解压后超过"), "{}", stderr(&out));
}

#[test]
fn a_column_past_xfd_is_an_error_not_an_allocation() {
    let portal = base_fixture();
    let p = portal.path();
    xlsx(&p.join("l.xlsx"), &ledger_sheet(""));
    let out = bounded(
        p,
        &[
            "import",
            "l.xlsx",
            "--slug",
            "l",
            "--columns",
            "title=ZZZZZZ",
            "--dry-run",
        ],
        30,
        1500,
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("“ZZZZZZ”不是列号"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_csv_with_a_stray_quote_is_an_error_at_its_line() {
    let portal = base_fixture();
    let p = portal.path();
    let mut csv = String::from("序号,问题表现,整改措施,整改状态\n1,学习不够,\"加强学习。,已完成\n");
    for n in 2..200 {
        csv.push_str(&format!("{n},问题{n},措施{n},已完成\n"));
    }
    std::fs::write(p.join("l.csv"), csv).unwrap();
    let out = bounded(
        p,
        &["import", "l.csv", "--slug", "l", "--dry-run"],
        30,
        1500,
    );
    assert_ne!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        stderr(&out).contains("l.csv:2:3: 这个单元格里的引号"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_title_past_excels_cell_limit_builds() {
    let portal = base_fixture();
    let p = portal.path();
    let issue = p.join("content/reports/r1/issues/a.md");
    let text = std::fs::read_to_string(&issue).unwrap().replace(
        "title: 问题甲",
        &format!("title: 问题{}", "甲".repeat(40_000)),
    );
    std::fs::write(&issue, text).unwrap();
    let out = bounded(p, &["build"], 120, 3000);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(p.join("site/data/issues.xlsx").is_file());
}

#[test]
fn content_that_is_no_regular_file_is_refused_before_reading() {
    let portal = base_fixture();
    let p = portal.path();
    std::fs::remove_file(p.join("content/portal.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", p.join("content/portal.yaml")).unwrap();
    let out = bounded(p, &["check"], 30, 1500);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("不是普通文件"), "{}", stderr(&out));

    let portal = base_fixture();
    let p = portal.path();
    let fifo = p.join("content/reports/r1/issues/c.md");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let out = bounded(p, &["check"], 30, 1500);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("c.md") && stderr(&out).contains("不是普通文件"),
        "{}",
        stderr(&out)
    );
    // A notice given as a device is refused the same way.
    let out = bounded(p, &["import", "/dev/zero"], 30, 1500);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("不是普通文件"), "{}", stderr(&out));
}

#[test]
fn a_word_file_too_long_to_be_a_notice_says_so() {
    let portal = base_fixture();
    let p = portal.path();
    let file = std::fs::File::create(p.join("long.docx")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    zip.write_all(b"<w:document><w:body><w:p><w:r><w:t>")
        .unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..65 {
        zip.write_all(&block).unwrap();
    }
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    zip.finish().unwrap();
    let out = bounded(p, &["import", "long.docx", "--dry-run"], 60, 2000);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("超过 64 MB"), "{}", stderr(&out));
}

#[test]
fn folder_names_windows_cannot_serve_are_refused() {
    let portal = base_fixture();
    let p = portal.path();
    std::fs::rename(p.join("content/reports/r1"), p.join("content/reports/CON")).unwrap();
    let out = bounded(p, &["check"], 30, 1500);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Windows 保留给设备的名字"),
        "{}",
        stderr(&out)
    );
}

/// `site` as a link to the deployed folder (site -> /var/www/…/current):
/// the build replaces the folder the link points to, keeps the link, and
/// touches nothing else beside it.
#[test]
fn a_linked_output_folder_is_written_through_and_nothing_beside_it_is_touched() {
    let portal = base_fixture();
    let p = portal.path();
    let www = tempfile::tempdir().unwrap();
    let current = www.path().join("current");
    std::fs::create_dir(&current).unwrap();
    std::fs::write(www.path().join("keep.txt"), "not ours").unwrap();
    std::os::unix::fs::symlink(&current, p.join("site")).unwrap();
    for _ in 0..2 {
        let out = bounded(p, &["build"], 120, 3000);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(std::fs::symlink_metadata(p.join("site"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(current.join("index.html").is_file());
        assert_eq!(
            std::fs::read_to_string(www.path().join("keep.txt")).unwrap(),
            "not ours"
        );
    }
    let left: Vec<String> = std::fs::read_dir(p)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("zhenggai-new") || n.contains("zhenggai-old"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // A link to a folder holding someone else's files is refused whole.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("theirs.html"), "theirs").unwrap();
    std::fs::remove_file(p.join("site")).unwrap();
    std::os::unix::fs::symlink(other.path(), p.join("site")).unwrap();
    let out = bounded(p, &["build"], 120, 3000);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("不是 zhenggai 生成的"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(other.path().join("theirs.html")).unwrap(),
        "theirs"
    );
}

#[test]
fn an_output_that_is_a_file_or_read_only_is_a_clear_error() {
    let portal = base_fixture();
    let p = portal.path();
    std::fs::write(p.join("site"), "a file").unwrap();
    let out = bounded(p, &["build"], 60, 3000);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("不是文件夹"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(p.join("site")).unwrap(), "a file");
}

/// A second build while one writes (a scheduled rebuild, or serve) is
/// refused with what to do; the lock dies with its holder.
#[test]
fn one_build_at_a_time_per_output_folder() {
    let portal = base_fixture();
    let p = portal.path();
    let mut holder = Command::new("flock")
        .args(["-o", "-x", ".site.zhenggai-lock", "sleep", "30"])
        .current_dir(p)
        .spawn()
        .expect("flock (util-linux)");
    // Wait until the holder has the lock.
    let lock = p.join(".site.zhenggai-lock");
    let started = Instant::now();
    while !lock.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let out = bounded(p, &["build"], 60, 3000);
    let _ = holder.kill();
    let _ = holder.wait();
    assert!(!out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("另一个 zhenggai 正在生成"),
        "{}",
        stderr(&out)
    );
    let out = bounded(p, &["build"], 60, 3000);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// `import --force` of a corrected notice: the problem it withdrew is gone,
/// the replaced report is kept whole in backups/, and an import that fails
/// half-way leaves the old report exactly as it was.
#[test]
fn imports_are_transactions_with_a_backup() {
    let portal = base_fixture();
    let p = portal.path();
    let notice = "关于巡察整改进展情况的通报\n时间：2024-03-15 10:00 来源：县委巡察办\n根据县委统一部署，2023年9月1日至10月20日，县委第三巡察组对县农业农村局党组进行了巡察。2023年12月8日反馈了巡察意见。\n一、在党的建设方面\n（一）关于“学习不够”的问题。一是加强学习。\n（二）关于“制度不全”的问题。一是建立制度。\n";
    std::fs::write(p.join("n.txt"), notice).unwrap();
    let out = bounded(p, &["import", "n.txt", "--slug", "n"], 60, 2000);
    assert!(out.status.success(), "{}", stderr(&out));
    let issues = p.join("content/reports/n/issues");
    assert!(issues.join("1-2.md").is_file());
    // The corrected notice withdraws the second problem.
    let corrected = notice.replace("（二）关于“制度不全”的问题。一是建立制度。\n", "");
    std::fs::write(p.join("n.txt"), corrected).unwrap();
    let out = bounded(p, &["import", "n.txt", "--slug", "n", "--force"], 60, 2000);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !issues.join("1-2.md").exists(),
        "the withdrawn problem is gone"
    );
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(said.contains("被替换的报告已移到"), "{said}");
    let backups: Vec<_> = std::fs::read_dir(p.join("backups"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(backups.len(), 1);
    assert!(
        backups[0].path().join("issues/1-2.md").is_file(),
        "the old report is kept whole"
    );
    // A failing import (its staging folder cannot be made) changes nothing.
    let before = common::snapshot(&p.join("content"));
    std::fs::write(p.join("content/reports/.n.zhenggai-import"), "in the way").unwrap();
    std::fs::write(p.join("n.txt"), notice).unwrap();
    let out = bounded(p, &["import", "n.txt", "--slug", "n", "--force"], 60, 2000);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    std::fs::remove_file(p.join("content/reports/.n.zhenggai-import")).unwrap();
    assert_eq!(common::snapshot(&p.join("content")), before);
}

/// Nesting and repetition that made a parser quadratic: each ends in a
/// clear error or a result within seconds.
#[test]
fn nesting_and_repetition_take_linear_time() {
    let portal = base_fixture();
    let p = portal.path();
    let issues = p.join("content/reports/r1/issues");
    // 200 KB of [ in front matter.
    std::fs::write(
        issues.join("c.md"),
        format!(
            "---\narea: 1\ngroup: 2\nnumber: 9\ntitle: {}\nstatus: done\n---\n",
            "[".repeat(200_000)
        ),
    )
    .unwrap();
    let out = bounded(p, &["check"], 30, 2000);
    assert!(
        stderr(&out).contains("c.md:5:") && stderr(&out).contains("套了 32 层以上"),
        "{}",
        stderr(&out)
    );
    // 40,000 history entries out of order.
    let history: String = (0..40_000)
        .map(|i| {
            format!(
                "  - date: 2023-{:02}-{:02}\n    status: done\n",
                12 - i % 12,
                i % 28 + 1
            )
        })
        .collect();
    std::fs::write(
        issues.join("c.md"),
        format!(
            "---\narea: 1\ngroup: 2\nnumber: 9\ntitle: x\nstatus: done\nhistory:\n{history}---\n"
        ),
    )
    .unwrap();
    let out = bounded(p, &["check"], 30, 2000);
    assert!(
        stderr(&out).contains("里还有") && stderr(&out).contains("处同类问题"),
        "{}",
        stderr(&out)
    );
    // A 1 MB body of nested <div>: refused at its line, not parsed.
    std::fs::write(
        issues.join("c.md"),
        format!(
            "---\narea: 1\ngroup: 2\nnumber: 9\ntitle: x\nstatus: done\n---\n{}\n",
            "<div>".repeat(200_000)
        ),
    )
    .unwrap();
    let out = bounded(p, &["build"], 30, 2000);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("c.md:8:1: 正文里的 HTML 标签套了"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(issues.join("c.md")).unwrap();
    // A saved page with one tag of 300,000 attributes; a measure citing
    // 100,000 documents.
    let attributes: String = (0..300_000).map(|i| format!(" a{i}=\"1\"")).collect();
    std::fs::write(
        p.join("page.html"),
        format!("<html><body><div{attributes}>x</div></body></html>"),
    )
    .unwrap();
    let out = bounded(
        p,
        &["import", "page.html", "--slug", "x", "--dry-run"],
        30,
        2000,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("带了 300000 个属性"),
        "{}",
        stderr(&out)
    );
    let documents: Vec<String> = (0..100_000)
        .map(|i| format!("《制度{i}》（温应急〔2023〕{i}号）"))
        .collect();
    std::fs::write(
        p.join("docs.txt"),
        format!("关于巡察整改进展情况的通报\n一、在党建方面\n（一）关于“学习不够”的问题。一是印发{}。\n", documents.join("、")),
    )
    .unwrap();
    let out = bounded(
        p,
        &["import", "docs.txt", "--slug", "x", "--dry-run"],
        60,
        3000,
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A binary .xls whose sector chain loops (made by hand from a Word 97
/// file, see tests/fixtures/office) is refused at once.
#[test]
fn a_looping_xls_is_refused_at_once() {
    let portal = base_fixture();
    let p = portal.path();
    std::fs::copy(
        common::repo().join("tests/fixtures/office/fatloop.doc"),
        p.join("ledger.xls"),
    )
    .unwrap();
    let out = bounded(
        p,
        &["import", "ledger.xls", "--slug", "l", "--dry-run"],
        30,
        1500,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

/// Compound-file headers with absurd counts (a DIFAT of 16 million sectors,
/// 2^31 FAT sectors; tests/fixtures/office/make_office.py) are refused at
/// once, within a small memory bound, never a panic.
#[test]
fn an_xls_with_absurd_sector_counts_is_refused_at_once() {
    for name in ["difat.xls", "fatcount.xls"] {
        let portal = base_fixture();
        let p = portal.path();
        std::fs::copy(
            common::repo().join("tests/fixtures/office").join(name),
            p.join("ledger.xls"),
        )
        .unwrap();
        let out = bounded(
            p,
            &["import", "ledger.xls", "--slug", "l", "--dry-run"],
            30,
            1500,
        );
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("panicked"),
            "{name}: {}",
            stderr(&out)
        );
    }
}

/// `new` writes only inside content/reports/; a report folder linked from
/// outside the portal is published, with a warning.
#[test]
fn paths_stay_inside_the_portal_or_are_said() {
    let portal = base_fixture();
    let p = portal.path();
    let out = bounded(
        p,
        &["new", "../../escape", "--area", "1", "--group", "1"],
        30,
        1500,
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("不是路径"), "{}", stderr(&out));
    assert!(!p.join("../escape").exists());
    let outside = tempfile::tempdir().unwrap();
    common::copy_dir(&p.join("content/reports/r1"), &outside.path().join("r2"));
    std::os::unix::fs::symlink(outside.path().join("r2"), p.join("content/reports/r2")).unwrap();
    let out = bounded(p, &["check"], 30, 1500);
    assert!(
        stderr(&out).contains("content/reports/r2: 警告：这个报告文件夹是指向门户以外的链接")
            || stderr(&out).contains("r2:1:1: 警告：这个报告文件夹是指向门户以外的链接"),
        "{}",
        stderr(&out)
    );
}

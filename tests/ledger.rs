//! `zhenggai import LEDGER`: rectification ledgers made by a real
//! spreadsheet library (openpyxl; `tests/fixtures/ledgers/make.py` says how
//! each was made) import to the expected files (checked line by line
//! against the sheets) and build; broken ledgers give errors at their
//! cells and write nothing; and the portal's own `data/issues.xlsx`
//! imports back to the same problems.

mod common;

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

use common::{base_fixture, copy_dir, repo, run, snapshot, stderr};
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn ledger(name: &str) -> String {
    repo()
        .join("tests/fixtures/ledgers")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Every file under a folder, by relative path.
fn files(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// Fills report.md's placeholders the way staff would.
fn fill_report(folder: &Path) {
    let path = folder.join("report.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "title: （请填写标题）",
            "title: 虚构台账导入测试通报（测试数据）",
        )
        .replace("unit: （请填写被巡察单位）", "unit: 虚构测试局")
        .replace("source: （请填写来源）", "source: 虚构巡察办")
        .replace(
            "published: （请填写发布日期，如 2023-09-07）",
            "published: 2023-07-01",
        )
        .replace("team: （请填写巡察组）", "team: 虚构巡察组")
        .replace(
            "start: （请填写巡察开始日期，如 2023-03-10）",
            "start: 2023-01-01",
        )
        .replace(
            "end: （请填写巡察结束日期，如 2023-03-10）",
            "end: 2023-02-01",
        )
        .replace(
            "feedback: （请填写反馈日期，如 2023-03-10）",
            "feedback: 2023-03-01",
        )
        .replace("（请填写方面：台账未分方面）", "台账问题");
    std::fs::write(path, text).unwrap();
}

#[test]
fn ledgers_import_to_the_expected_files_and_build() {
    for (file, expected) in [
        ("basic.xlsx", "basic"),
        ("two_row_header.xlsx", "two_row_header"),
        ("gbk.csv", "gbk"),
    ] {
        let portal = base_fixture();
        let out = run(
            portal.path(),
            &["import", &ledger(file), "--root", ".", "--slug", "ledger"],
        );
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        let folder = portal.path().join("content/reports/ledger");
        let expected_dir = repo()
            .join("tests/fixtures/ledgers/expected")
            .join(expected);
        assert_eq!(files(&folder), files(&expected_dir), "{file}");
        // The placeholders stop `check` until staff fill them in.
        let check = run(portal.path(), &["check"]);
        assert_eq!(
            check.status.code(),
            Some(1),
            "{file}: check accepted placeholders"
        );
        fill_report(&folder);
        let build = run(portal.path(), &["build", "--quiet"]);
        assert!(build.status.success(), "{file}: {}", stderr(&build));
        let page = portal.path().join("site/reports/ledger/index.html");
        assert!(page.is_file(), "{file}: no report page");
    }
}

#[test]
fn the_dry_run_shows_the_columns_and_leaves_out_names_of_people() {
    let portal = base_fixture();
    let out = run(
        portal.path(),
        &[
            "import",
            &ledger("basic.xlsx"),
            "--slug",
            "ledger",
            "--dry-run",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  G  整改时限  → deadline"), "{text}");
    assert!(
        text.contains("不导入（人名和佐证材料留在内部）：责任领导, 佐证材料"),
        "{text}"
    );
    assert!(
        text.contains("=== ") && text.contains("issues/1-2.md ==="),
        "{text}"
    );
    assert!(
        !text.contains("张某某") && !text.contains("方案.pdf"),
        "{text}"
    );
    assert!(!portal.path().join("content/reports/ledger").exists());
}

#[test]
fn broken_ledgers_give_errors_at_their_cells_and_write_nothing() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "bad_cells.xlsx",
            &[
                "bad_cells.xlsx:Sheet1!D3: 不认识的整改状态“搞定”：写 已完成、基本完成、整改中 或 未完成",
                "bad_cells.xlsx:Sheet1!B4: 这一行有别的内容，但“问题”列是空的",
                "bad_cells.xlsx:Sheet1!C5: “尽快”不是整改时限：写日期",
            ],
        ),
        (
            "no_header.xlsx",
            &["no_header.xlsx:Sheet: 没找到表头"],
        ),
        ("protected.xlsx", &["protected.xlsx: 工作簿设了密码"]),
        ("corrupt.xlsx", &["corrupt.xlsx: 读不出表格"]),
        (
            "missing.xlsx",
            &["missing.xlsx: 找不到这个文件：看看文件名和所在的文件夹是否写对了"],
        ),
    ];
    for (file, expected) in cases {
        let portal = base_fixture();
        let before = snapshot(portal.path());
        let out = run(
            portal.path(),
            &["import", &ledger(file), "--slug", "ledger"],
        );
        assert_eq!(out.status.code(), Some(1), "{file}");
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), expected.len() + 1, "{file}: {err}");
        for (line, want) in lines.iter().zip(expected) {
            let line = line.rsplit_once("ledgers/").map_or(*line, |(_, l)| l);
            assert!(line.starts_with(want), "{file}: {line}\nwanted {want}");
        }
        assert!(lines.last().unwrap().contains("什么也没写"), "{err}");
        assert_eq!(before, snapshot(portal.path()), "{file} wrote something");
    }
    // --columns names a column the headers did not.
    let portal = base_fixture();
    let out = run(
        portal.path(),
        &[
            "import",
            &ledger("no_header.xlsx"),
            "--slug",
            "ledger",
            "--columns",
            "title=B,area=A",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let issue = std::fs::read_to_string(portal.path().join("content/reports/ledger/issues/1-1.md"))
        .unwrap();
    assert!(issue.contains("title: 乙"), "{issue}");
    assert!(
        issue.contains("（请填写整改状态"),
        "no status column: a placeholder, never a guess"
    );
}

/// What a problem is, from its issue file: where it sits, its title,
/// status, deadline (as its last day), measures and department.
fn problem(text: &str, groups: &[Vec<String>]) -> String {
    let front = text.split("---").nth(1).unwrap();
    let v: Value = serde_yaml::from_str(front).unwrap();
    let get = |k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    let (a, g) = (
        get("area").as_u64().unwrap() as usize,
        get("group").as_u64().unwrap() as usize,
    );
    let title = match get("title") {
        Value::String(t) => t,
        _ => groups[a - 1][g - 1].clone(),
    };
    let deadline = match get("deadline") {
        Value::Null => String::new(),
        d => {
            let d = serde_yaml::to_string(&d).unwrap().trim().to_string();
            last_day(&d)
        }
    };
    let status = match get("status").as_str().unwrap() {
        "已完成" | "done" => "done",
        "基本完成" | "basically_done" => "basically_done",
        "整改中" | "in_progress" => "in_progress",
        "未完成" | "not_done" => "not_done",
        other => panic!("status {other}"),
    };
    let measures: Vec<String> = get("measures")
        .as_sequence()
        .map(|s| {
            s.iter()
                .map(|m| {
                    let date = m
                        .get("date")
                        .map(|d| serde_yaml::to_string(d).unwrap().trim().to_string());
                    format!(
                        "{} {}",
                        date.unwrap_or_default(),
                        m.get("text").unwrap().as_str().unwrap()
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    format!(
        "{a}/{g}/{:?} {title} {status} long={:?} {deadline} {measures:?} {:?}",
        get("number").as_u64(),
        get("long_term").as_bool().unwrap_or(false),
        get("department").as_str()
    )
}

/// 2023-12 → 2023-12-31: a deadline as the day it ends.
fn last_day(date: &str) -> String {
    let parts: Vec<u32> = date.split('-').map(|p| p.parse().unwrap()).collect();
    let (y, m) = (parts[0], *parts.get(1).unwrap_or(&12));
    let days = [
        31,
        if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) {
            29
        } else {
            28
        },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    format!(
        "{y:04}-{m:02}-{:02}",
        parts.get(2).copied().unwrap_or(days[m as usize - 1])
    )
}

/// The group titles of a report, by area.
fn groups(report: &str) -> Vec<Vec<String>> {
    let front = report.split("---").nth(1).unwrap();
    let v: Value = serde_yaml::from_str(front).unwrap();
    v["areas"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| {
            a["groups"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|g| g["title"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// Each problem of a report folder, by issue file name.
fn problems(folder: &Path) -> BTreeMap<String, String> {
    let report = std::fs::read_to_string(folder.join("report.md")).unwrap();
    let groups = groups(&report);
    files(&folder.join("issues"))
        .into_iter()
        .map(|(name, text)| (name, problem(&text, &groups)))
        .collect()
}

/// Builds the portal at `portal` (one report, `slug`), imports its
/// `data/issues.xlsx` as a new report and compares the two.
fn assert_round_trip(portal: &Path, slug: &str) {
    let build = run(portal, &["build", "--quiet"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let xlsx = portal.join("site/data/issues.xlsx");
    let out = run(
        portal,
        &["import", xlsx.to_str().unwrap(), "--slug", "round-trip"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let original = problems(&portal.join("content/reports").join(slug));
    let imported = problems(&portal.join("content/reports/round-trip"));
    assert_eq!(original.len(), imported.len());
    for (name, was) in &original {
        assert_eq!(Some(was), imported.get(name), "{name}");
    }
}

#[test]
fn the_portals_spreadsheet_imports_back_to_the_same_problems() {
    // The example: measures with dates and without, 长期坚持, groups with
    // and without sub-problems.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    assert_round_trip(dir.path(), "wenling-yingji-2023");
    // Generated portals, one report each.
    for seed in [1, 2, 3] {
        let dir = tempfile::tempdir().unwrap();
        corpus::write_corpus(60, dir.path(), seed).unwrap();
        let portal = dir.path().join("portal");
        let reports = portal.join("content/reports");
        let mut slugs: Vec<String> = std::fs::read_dir(&reports)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        slugs.sort();
        for extra in &slugs[1..] {
            std::fs::remove_dir_all(reports.join(extra)).unwrap();
        }
        assert_round_trip(&portal, &slugs[0]);
    }
}

/// Rows that total the rows above (合计, 小计) or sign the sheet off
/// (填表人：…, 填报日期：…) are not problems.
#[test]
fn tally_and_sign_off_rows_are_not_problems() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ledger.csv");
    std::fs::write(
        &csv,
        "序号,问题类别,问题表现,整改措施,整改时限,整改状态\n\
         1,一、党建方面,学习不够,加强学习。,2023-12-31,已完成\n\
         2,,制度不全,建立制度。,2023-12-31,正在整改中\n\
         小计,,,,,\n\
         3,二、财务方面,报销不规范,规范报销。,2023-12-31,已完成整改\n\
         合 计,,3个问题,,,\n\
         填表人：某某,,审核人：某某,,填报日期：2023年12月,\n",
    )
    .unwrap();
    let imported = zhenggai::import::ledger::import_ledger(
        &csv,
        &zhenggai::import::ledger::LedgerOptions {
            sheet: None,
            columns: None,
        },
    )
    .expect("the ledger reads");
    let issues: Vec<&str> = imported
        .files
        .iter()
        .filter(|f| f.path.starts_with("issues/"))
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(issues.len(), 3, "{issues:?}");
    assert!(imported.files.iter().all(|f| !f.text.contains("合 计")));
}

/// The files a clerk picks by mistake: a workbook saved under another
/// extension opens (as in Excel and WPS), Excel's lock file is named for
/// what it is, and a missing file is told before a missing --slug.
#[test]
fn a_workbook_under_another_name_reads_and_a_lock_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let portal = base_fixture();
    for name in ["台账.xls", "台账.csv", "台账.xlsx"] {
        let copy = dir.path().join(name);
        std::fs::copy(ledger("basic.xlsx"), &copy).unwrap();
        let out = run(
            portal.path(),
            &[
                "import",
                copy.to_str().unwrap(),
                "--slug",
                "ledger",
                "--dry-run",
            ],
        );
        assert!(out.status.success(), "{name}: {}", stderr(&out));
    }
    let lock = dir.path().join("~$台账.xlsx");
    std::fs::copy(ledger("basic.xlsx"), &lock).unwrap();
    let out = run(
        portal.path(),
        &["import", lock.to_str().unwrap(), "--slug", "ledger"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("~$台账.xlsx: 这是 Excel 或 WPS 打开表格时生成的临时文件"),
        "{}",
        stderr(&out)
    );
    let missing = dir.path().join("台账（最新）.xlsx");
    let out = run(portal.path(), &["import", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("找不到这个文件"), "{}", stderr(&out));
}

/// No filled column is dropped unseen: one whose header nothing knows is
/// named with the way to read it (Chinese field names work), and progress
/// written in two columns is read from both.
#[test]
fn every_filled_column_is_read_or_named() {
    let portal = base_fixture();
    let file = ledger("unread_columns.xlsx");
    let out = run(
        portal.path(),
        &["import", &file, "--slug", "ledger", "--dry-run"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("认不出、没有导入的列：E 目前进展（要导入就用 --columns 指明，如 --columns progress=E）"),
        "{said}"
    );
    assert!(
        said.contains("形成长效机制"),
        "the second progress column: {said}"
    );
    assert!(said.contains("已开展专题学习"), "{said}");
    assert!(!said.contains("完成全部案卷整改"), "{said}");
    let named = run(
        portal.path(),
        &[
            "import",
            &file,
            "--slug",
            "ledger",
            "--dry-run",
            "--columns",
            "进展=E",
        ],
    );
    assert!(named.status.success(), "{}", stderr(&named));
    let said = String::from_utf8_lossy(&named.stdout);
    assert!(said.contains("完成全部案卷整改"), "{said}");
    // --columns puts a field in the column named: the columns read so
    // before are now named as unread, not dropped unseen.
    assert!(
        said.contains("认不出、没有导入的列：F 整改进展、G 整改成效"),
        "{said}"
    );
}

/// A ledger that says to which day its progress is stated (截至…) gives
/// the new report its `as_of`; one that does not gives none, never a
/// guess.
#[test]
fn the_ledgers_own_day_becomes_the_reports_as_of() {
    let portal = base_fixture();
    let stated = run(
        portal.path(),
        &[
            "import",
            &ledger("update_monthly.xlsx"),
            "--slug",
            "ledger",
            "--dry-run",
        ],
    );
    assert!(stated.status.success(), "{}", stderr(&stated));
    let said = String::from_utf8_lossy(&stated.stdout);
    assert!(said.contains("\nas_of: 2023-12-31\n"), "{said}");
    let silent = run(
        portal.path(),
        &[
            "import",
            &ledger("gbk.csv"),
            "--slug",
            "ledger",
            "--dry-run",
        ],
    );
    assert!(silent.status.success(), "{}", stderr(&silent));
    assert!(!String::from_utf8_lossy(&silent.stdout).contains("as_of:"));
}

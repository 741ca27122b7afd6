//! `import LEDGER --update REPORT`, the monthly cycle, with ledgers made by
//! openpyxl from the example portal's own `data/issues.xlsx`
//! (tests/fixtures/ledgers/make_updates.py): status changes, a moved
//! deadline with and without its reason, new measures, a new problem, a
//! removed and a retitled one, idempotence, the issues.xlsx round trip, a
//! hand-written body that survives. The browser side is in
//! tests/browser_update.rs.

mod common;

use common::*;
use std::fs;
use std::path::Path;

const REPORT: &str = "wenling-yingji-2023";

fn ledger(name: &str) -> String {
    repo()
        .join("tests/fixtures/ledgers")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn update(portal: &Path, file: &str, extra: &[&str]) -> std::process::Output {
    let ledger = ledger(file);
    let mut args = vec!["import", ledger.as_str(), "--update", REPORT];
    args.extend_from_slice(extra);
    run(portal, &args)
}

fn issue(portal: &Path, file: &str) -> String {
    fs::read_to_string(portal.join(format!("content/reports/{REPORT}/issues/{file}"))).unwrap()
}

#[test]
fn a_monthly_ledger_changes_exactly_what_it_changed_and_nothing_twice() {
    let portal = example_copy();
    let p = portal.path();
    // Staff wrote a body and a comment by hand; they must survive.
    let path = p.join(format!("content/reports/{REPORT}/issues/1-3-3.md"));
    let hand = format!(
        "{}\n## 说明\n\n手写的补充说明。\n",
        fs::read_to_string(&path).unwrap()
    );
    let hand = hand.replacen(
        "status: in_progress",
        "# 手写的注释\nstatus: in_progress",
        1,
    );
    fs::write(&path, &hand).unwrap();
    let before = snapshot(&p.join("content"));

    // A dry run lists the changes per problem and writes nothing.
    let dry = update(p, "update_monthly.xlsx", &["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let said = String::from_utf8_lossy(&dry.stdout);
    assert!(
        said.contains("issues/1-3-3.md: 状态 整改中→已完成（2023年12月31日），+1 条措施"),
        "{said}"
    );
    assert!(
        said.contains(
            "issues/2-1-2.md: 时限 2023年12月→2024年6月30日（需待省级监管办法出台后修订）"
        ),
        "{said}"
    );
    assert!(
        said.contains("issues/1-4-1.md: 责任单位 市应急管理局减灾救灾科"),
        "{said}"
    );
    assert!(said.contains("进展截至 2023年12月31日"), "{said}");
    assert_eq!(
        snapshot(&p.join("content")),
        before,
        "a dry run writes nothing"
    );

    let out = update(p, "update_monthly.xlsx", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = snapshot(&p.join("content"));
    let changed: Vec<String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k.to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(
        changed,
        [
            format!("reports/{REPORT}/issues/1-3-3.md"),
            format!("reports/{REPORT}/issues/1-4-1.md"),
            format!("reports/{REPORT}/issues/2-1-2.md"),
            format!("reports/{REPORT}/report.md"),
        ],
        "exactly the problems the ledger changed, and the report's as-of date"
    );
    let done = issue(p, "1-3-3.md");
    assert!(done.contains("# 手写的注释\nstatus: done\n"), "{done}");
    assert!(
        done.ends_with("## 说明\n\n手写的补充说明。\n"),
        "the body survives: {done}"
    );
    assert!(
        done.contains(
            "  - date: 2023-12-20\n    text: 修订完成事故调查处理办法并印发，经验收合格。\n"
        ),
        "{done}"
    );
    assert!(
        done.contains("history:\n  - date: 2023-09-07\n    status: in_progress\n  - date: 2023-12-31\n    status: done\n    note: 据整改台账更新（台账进展截至2023年12月31日，未写变化的日期）\n"),
        "{done}"
    );
    let moved = issue(p, "2-1-2.md");
    assert!(
        moved.contains("deadline: 2023-12\n"),
        "the original deadline stays: {moved}"
    );
    assert!(
        moved.contains("deadline_changes:\n  - date: 2023-12-31\n    deadline: 2024-06-30\n    reason: 需待省级监管办法出台后修订\n"),
        "{moved}"
    );
    assert!(issue(p, "1-4-1.md").contains("department: 市应急管理局减灾救灾科\n"));
    let report = fs::read_to_string(p.join(format!("content/reports/{REPORT}/report.md"))).unwrap();
    assert!(
        report.contains("published: 2023-09-07 11:05:25\nas_of: 2023-12-31\n"),
        "{report}"
    );
    let check = run(p, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    // The status the notice stated, recorded as where the history starts,
    // is no change: feeds and 最近更新 show only the change to 已完成.
    let build = run(p, &["build", "--quiet", "--today", "2024-01-10"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let feed = fs::read_to_string(p.join(format!("site/reports/{REPORT}/feed.xml"))).unwrap();
    assert!(feed.contains("整改状态变为“已完成”"), "{feed}");
    assert!(!feed.contains("整改状态变为“整改中”"), "{feed}");

    // The same ledger again changes no byte.
    let again = update(p, "update_monthly.xlsx", &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(String::from_utf8_lossy(&again.stdout).contains("一致，没有要改的"));
    assert_eq!(snapshot(&p.join("content")), after);
}

#[test]
fn refusals_name_their_cell_and_write_nothing() {
    let portal = example_copy();
    let p = portal.path();
    let before = snapshot(&p.join("content"));
    let cases = [
        (
            "update_no_reason.xlsx",
            "update_no_reason.xlsx:整改问题!G14: 整改时限从 2023年12月 改成了 2024年6月30日，要在“时限调整原因”列写明原因",
        ),
        (
            "update_retitled.xlsx",
            "update_retitled.xlsx:整改问题!E7: 问题标题和已公开的不同（原为“未履行执法职责，事故调查相关行政处罚不到位”）",
        ),
        (
            "update_blank_status.xlsx",
            "update_blank_status.xlsx:整改问题!F7: 整改状态是空的：照实填写本期的状态（已公开的是“整改中”）",
        ),
        (
            "update_retyped_title.xlsx",
            "update_retyped_title.xlsx:整改问题: 报告里的问题 issues/1-3-3.md（未履行执法职责，事故调查相关行政处罚不到位）不在台账里：公开过的问题不能消失，台账里要留着这一行；台账里对不上已公开问题的行：update_retyped_title.xlsx:整改问题!E7（事故调查处理办法修订不够及时）",
        ),
        (
            "update_removed.xlsx",
            "update_removed.xlsx:整改问题: 报告里的问题 issues/2-2-5.md（镇（街道）应急队伍执法证持证率不高",
        ),
    ];
    for (file, says) in cases {
        let out = update(p, file, &[]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let err = stderr(&out);
        assert!(
            err.lines()
                .any(|l| l.rsplit("ledgers/").next().unwrap_or(l).starts_with(says)),
            "{file}: {err}"
        );
        assert!(err.contains("什么也没改"), "{err}");
        assert_eq!(
            snapshot(&p.join("content")),
            before,
            "{file} wrote something"
        );
    }
    // Without a stated day and without --as-of: an error, never today.
    let base = update(p, "update_base.xlsx", &[]);
    assert_eq!(base.status.code(), Some(1));
    assert!(
        stderr(&base).contains("台账没写进展截至哪一天：加上 --as-of"),
        "{}",
        stderr(&base)
    );
    // A day before the report's own is refused too.
    let back = update(p, "update_base.xlsx", &["--as-of", "2023-06-30"]);
    assert_eq!(back.status.code(), Some(1));
    assert!(
        stderr(&back).contains("早于报告里已经写到的 2023年9月7日"),
        "{}",
        stderr(&back)
    );
    assert_eq!(snapshot(&p.join("content")), before);
}

/// The slips of an office keeping a sheet a month: the first sheet (read
/// by default) is an old month, and --as-of would have made it look new.
/// Neither a stale sheet nor a typo may take a published 已完成 back.
#[test]
fn an_old_sheet_never_takes_published_progress_back() {
    let portal = example_copy();
    let p = portal.path();
    let before = snapshot(&p.join("content"));
    let old = update(p, "update_months.xlsx", &[]);
    assert_eq!(old.status.code(), Some(1));
    let err = stderr(&old);
    assert!(
        err.contains("update_months.xlsx:8月: 进展截至 2023年8月31日，早于报告里已经写到的 2023年9月7日：这是一份旧台账，请用最新的；这个文件里还有工作表 12月，要读哪一张就加 --sheet 表名"),
        "{err}"
    );
    // --as-of fills in a missing day; it never overrules the sheet's own.
    let forced = update(p, "update_months.xlsx", &["--as-of", "2023-12-31"]);
    assert_eq!(forced.status.code(), Some(1));
    assert!(
        stderr(&forced).contains("台账自己写的是截至 2023年8月31日，--as-of 却是 2023年12月31日"),
        "{}",
        stderr(&forced)
    );
    assert_eq!(snapshot(&p.join("content")), before);
    // A 已完成 the ledger calls 正在整改 is refused at its row.
    let reopened = update(p, "update_reopened.xlsx", &[]);
    assert_eq!(reopened.status.code(), Some(1));
    assert!(
        stderr(&reopened)
            .contains("台账写的是“整改中”，已公开的状态却是“已完成”：公开的整改进度不能凭台账倒退"),
        "{}",
        stderr(&reopened)
    );
    assert_eq!(snapshot(&p.join("content")), before);
    // The month's own sheet, named, goes through.
    let named = update(p, "update_months.xlsx", &["--sheet", "12月"]);
    assert!(named.status.success(), "{}", stderr(&named));
    assert!(issue(p, "1-3-3.md").contains("status: done"));
}

#[test]
fn a_row_the_report_lacks_is_a_new_problem_in_its_area() {
    let portal = example_copy();
    let p = portal.path();
    let out = update(p, "update_new.xlsx", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("issues/2-6.md: 新问题（第 2 个方面第 6 类）"));
    let new = issue(p, "2-6.md");
    assert!(new.contains("area: 2\ngroup: 6\ntitle: 危险化学品企业夜间巡查不够\nstatus: in_progress\ndeadline: 2024-03-31\n"), "{new}");
    let report = fs::read_to_string(p.join(format!("content/reports/{REPORT}/report.md"))).unwrap();
    assert!(
        report.contains("      - title: 危险化学品企业夜间巡查不够\n"),
        "{report}"
    );
    // Not one of the notice's problems: marked as added, left out of the
    // notice's figures, and said so on its page.
    assert!(new.contains("\nadded: 2023-12-31\n"), "{new}");
    let check = run(p, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let build = run(p, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page =
        fs::read_to_string(p.join(format!("site/reports/{REPORT}/issues/2-6.html"))).unwrap();
    assert!(page.contains("本问题不在通报所列之内，于2023年12月31日据整改台账新增。"));
}

#[test]
fn the_portals_own_spreadsheet_round_trips() {
    let portal = example_copy();
    let p = portal.path();
    // A second report, so the sheet holds rows of another report too.
    copy_dir(
        &p.join(format!("content/reports/{REPORT}")),
        &p.join("content/reports/copy-2023"),
    );
    let build = run(p, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    fs::copy(p.join("site/data/issues.xlsx"), p.join("ledger.xlsx")).unwrap();
    let before = snapshot(&p.join("content"));
    let out = run(
        p,
        &[
            "import",
            "ledger.xlsx",
            "--update",
            REPORT,
            "--as-of",
            "2023-09-07",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("台账里有 33 行属于其他报告，已跳过"),
        "{said}"
    );
    assert!(said.contains("一致，没有要改的"), "{said}");
    assert_eq!(snapshot(&p.join("content")), before);
}

/// A measure line deleted from its cell stays published (a disclosure
/// never loses what it said), and the clerk is told so, at the file.
#[test]
fn a_measure_left_out_of_the_ledger_is_kept_and_told() {
    let portal = example_copy();
    let p = portal.path();
    let before = issue(p, "1-3-3.md");
    let out = update(p, "update_measure_dropped.xlsx", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("issues/1-3-3.md: 台账里少了已公开的 1 条措施（如“举办全市应急管理能力提升专题培训班，加强…”）：公开过的措施不会删去，网站上照旧显示"),
        "{said}"
    );
    assert_eq!(issue(p, "1-3-3.md"), before, "the problem's file is kept");
    // A monthly ledger that lists every measure says nothing of the kind.
    let portal = example_copy();
    let out = update(portal.path(), "update_monthly.xlsx", &[]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("台账里少了"));
}

//! A 纪检 clerk's journey end to end, with the slips a clerk makes, read
//! as the clerk reads it: start a portal, forget the starter's contact,
//! import the notice, type with a Chinese input method, record progress,
//! re-import, publish. Every message asserted is the Chinese one the clerk
//! sees, and every refusal still refuses.

mod common;

use common::{repo, run, stderr};
use std::fs;
use std::path::Path;

fn check(portal: &Path) -> (i32, String) {
    let out = run(portal, &["check"]);
    (out.status.code().unwrap_or(-1), stderr(&out))
}

/// A new portal as `init` writes it, in a folder removed with the guard.
fn init_portal() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["init", "p"]).status.success());
    let portal = dir.path().join("p");
    (dir, portal)
}

/// Adds `more` at the end of a file, as a clerk types below the rest.
fn append(path: &Path, more: &str) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, format!("{text}{more}")).unwrap();
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} lacks {from:?}:\n{text}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_clerk_keeps_a_portal_from_init_to_publication() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["init", "portal"]).status.success());
    let portal = dir.path().join("portal");
    let config = portal.join("content/portal.yaml");

    // 1. The notice is imported; the starter is still there. check lists
    // what init wrote, and publication is refused.
    let notice = repo().join("tests/fixtures/layouts/brackets.txt");
    let import = run(
        &portal,
        &["import", notice.to_str().unwrap(), "--slug", "wenling-2023"],
    );
    assert!(import.status.success(), "{}", stderr(&import));
    let said = String::from_utf8_lossy(&import.stdout);
    assert!(
        said.contains("已写入 ./content/reports/wenling-2023（34 个文件）"),
        "{said}"
    );
    let (code, text) = check(&portal);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("content/portal.yaml:12:3: 警告：`contact.phone` 还是 zhenggai init 写的示例（0000-00000000）"), "{text}");
    assert!(text.contains("这是 zhenggai init 写的示例报告"), "{text}");
    let publish = ["build", "--base-url", "https://www.example.gov.cn/zg/"];
    let refused = run(&portal, &publish);
    assert_eq!(refused.status.code(), Some(1));
    assert!(!portal.join("site").exists(), "nothing published");

    // 2. The clerk fills in portal.yaml with the input method on: a
    // full-width colon after a key and a full-width space as indentation.
    fs::write(
        &config,
        "name：温岭市应急管理局巡察整改公开\npublisher: 中共温岭市应急管理局委员会\ncontact:\n\u{3000}phone: 0576-86161521\n  address: 温岭市太平街道人民东路200号\n",
    )
    .unwrap();
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("content/portal.yaml:1:1: `name` 后面是全角冒号“：”；要用半角冒号加空格，写成 `name: 温岭市应急管理局巡察整改公开`（运行 zhenggai check --fix 可以自动改好）"), "{text}");
    assert!(
        text.contains("content/portal.yaml:4:1: 行首用了全角空格缩进；YAML 只认半角空格"),
        "{text}"
    );
    let fixed = run(&portal, &["check", "--fix"]);
    let said = stderr(&fixed);
    assert!(
        said.contains("content/portal.yaml:1: 已改：`name` 后的全角冒号改为“: ”"),
        "{said}"
    );
    assert!(
        said.contains("content/portal.yaml:4: 已改：全角空格缩进改为半角空格"),
        "{said}"
    );
    assert_eq!(
        fs::read_to_string(&config).unwrap(),
        "name: 温岭市应急管理局巡察整改公开\npublisher: 中共温岭市应急管理局委员会\ncontact:\n  phone: 0576-86161521\n  address: 温岭市太平街道人民东路200号\n"
    );
    assert_eq!(fixed.status.code(), Some(0), "{said}");
    fs::remove_dir_all(portal.join("content/reports/example-2024")).unwrap();

    // 3. Progress recorded the way a clerk types it: a Chinese date, a
    // Chinese status, a colon inside a title, a change after the as-of day.
    let issue = portal.join("content/reports/wenling-2023/issues/1-2.md");
    let original = fs::read_to_string(&issue).unwrap();
    edit(
        &issue,
        "status: not_done  # 通报所述：“未完成”\n",
        "status: 已完成\ndeadline: 2023年12月底\nhistory:\n  - date: 2023年12月20日\n    status: 已完成\n",
    );
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("issues/1-2.md:7:5: 这条记录的日期 2023-12-20 晚于报告的进展截止日期 2023-09-07（没写 as_of 时按发布日期算）：记录新进展时，在 content/reports/wenling-2023/report.md 里加一行 `as_of: 2023-12-20`"),
        "{text}"
    );
    assert!(
        text.contains(
            "其中 content/reports/wenling-2023/issues/1-2.md 的 history 从通报发布之后才开始记"
        ),
        "{text}"
    );
    edit(
        &issue,
        "history:\n",
        "history:\n  - date: 2023-09-07\n    status: 未完成\n",
    );
    let report = portal.join("content/reports/wenling-2023/report.md");
    edit(
        &report,
        "published: 2023-09-07 11:05:25\n",
        "published: 2023-09-07 11:05:25\nas_of: 2023年12月31日\n",
    );
    let (code, text) = check(&portal);
    assert_eq!(code, 0, "{text}");

    // A colon inside an unquoted title, and items under `measures: []`.
    let slip = portal.join("content/reports/wenling-2023/issues/1-3.md");
    let slip_before = fs::read_to_string(&slip).unwrap();
    let title_line = slip_before
        .lines()
        .position(|l| l.starts_with("status:"))
        .unwrap();
    let mut lines: Vec<String> = slip_before.lines().map(str::to_string).collect();
    lines.insert(title_line, "title: 关于安全生产: 专项检查不到位".into());
    fs::write(&slip, lines.join("\n") + "\n").unwrap();
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("`title` 的值里有半角冒号“:”，YAML 会把它当成新的字段：把整个值用引号括起来，写成 title: \"关于安全生产: 专项检查不到位\""),
        "{text}"
    );
    assert!(!text.contains("mapping values"), "{text}");
    fs::write(&slip, &slip_before).unwrap();
    edit(&slip, "measures:\n", "measures: []\n");
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("上面的 `measures: []` 表示“没有”，下面就不能再逐条写了：把那一行改成 `measures:`（删掉 []）"), "{text}");
    fs::write(&slip, &slip_before).unwrap();

    // A status word the tool does not know, and personal data, are still
    // refused.
    edit(&issue, "status: 已完成\n", "status: 差不多了\n");
    let (code, text) = check(&portal);
    assert_eq!(code, 1);
    assert!(text.contains("不认识的整改状态“差不多了”"), "{text}");
    edit(&issue, "status: 差不多了\n", "status: 已完成\n");
    edit(
        &issue,
        "    status: 未完成\n",
        "    status: 未完成\n    note: 联系人电话13812345678\n",
    );
    let (code, text) = check(&portal);
    assert_eq!(code, 1);
    assert!(text.contains("个人信息：手机号码（138******78）"), "{text}");
    edit(&issue, "\n    note: 联系人电话13812345678", "");

    // 4. The page shows the clerk's dates in their normal form.
    let build = run(&portal, &publish);
    assert!(build.status.success(), "{}", stderr(&build));
    let page =
        fs::read_to_string(portal.join("site/reports/wenling-2023/issues/1-2.html")).unwrap();
    assert!(page.contains("2023年12月"), "the deadline as a month");
    assert!(page.contains("2023年12月20日"));

    // 5. The notice imported again with --force: the hand-edited report
    // is kept in a dated backup, named, and no stale file stays.
    fs::write(
        portal.join("content/reports/wenling-2023/issues/9-9.md"),
        "---\narea: 9\ngroup: 9\nstatus: done\n---\n",
    )
    .unwrap();
    let again = run(
        &portal,
        &[
            "import",
            notice.to_str().unwrap(),
            "--slug",
            "wenling-2023",
            "--force",
        ],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(
        said.contains("被替换的报告已移到 ./backups/wenling-2023-"),
        "{said}"
    );
    assert!(!portal
        .join("content/reports/wenling-2023/issues/9-9.md")
        .exists());
    assert_eq!(
        fs::read_to_string(&issue).unwrap(),
        original,
        "the new import is the notice's, not the edit"
    );
    let backups: Vec<_> = fs::read_dir(portal.join("backups")).unwrap().collect();
    assert_eq!(backups.len(), 1);
    let kept = backups[0].as_ref().unwrap().path();
    assert!(fs::read_to_string(kept.join("issues/1-2.md"))
        .unwrap()
        .contains("2023年12月20日"));
}

/// A forgotten placeholder and a full-width colon in one file are both
/// reported in one run, not one after the other.
#[test]
fn a_placeholder_and_a_slip_are_reported_together() {
    let (_dir, portal) = init_portal();
    let issue = portal.join("content/reports/example-2024/issues/2-1-1.md");
    edit(
        &issue,
        "title: 公务接待审批手续不全\n",
        "title: （请填写问题标题）\n",
    );
    edit(&issue, "status: 整改中\n", "status：整改中\n");
    let (code, text) = check(&portal);
    assert_eq!(code, 1);
    assert!(
        text.contains("2-1-1.md:6:8: `title` 还是 `zhenggai new` 写的占位文字"),
        "{text}"
    );
    assert!(
        text.contains("2-1-1.md:8:1: `status` 后面是全角冒号“："),
        "{text}"
    );
    assert!(text.contains("错误：共 2 处错误"), "{text}");
}

/// A notice imported with placeholders left in it does not hide another
/// report's error: a phone number typed into a problem of the first
/// report is refused in the same run. The report that could not be read
/// is not checked on its own (its problems would look orphaned).
#[test]
fn an_imported_placeholder_does_not_hide_another_reports_error() {
    let (_dir, portal) = init_portal();
    let reports = portal.join("content/reports");
    common::copy_dir(&reports.join("example-2024"), &reports.join("imported"));
    edit(
        &reports.join("imported/report.md"),
        "published: 2024-06-28 10:00",
        "published: （请填写发布日期，如 2023-09-07）",
    );
    let issue = reports.join("example-2024/issues/2-1-1.md");
    append(&issue, "\n联系人电话 13812345678\n");
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("imported/report.md") && text.contains("导入时留的占位文字"),
        "{text}"
    );
    assert!(
        text.contains("example-2024/issues/2-1-1.md") && text.contains("个人信息：手机号码"),
        "{text}"
    );
    assert!(
        !text.contains("imported/issues/"),
        "nothing of the unread report: {text}"
    );
}

/// A placeholder left in one problem of a report does not hide a phone
/// number typed into another problem of the same report: the
/// personal-data check reads each file on its own. The report's counts
/// and numbering are not checked until every file reads (they would miss
/// the unread problem).
#[test]
fn a_placeholder_does_not_hide_a_phone_number_beside_it() {
    let (_dir, portal) = init_portal();
    let issues = portal.join("content/reports/example-2024/issues");
    edit(
        &issues.join("1-1-1.md"),
        "title: 耕地地力保护补贴发放审核不严",
        "title: （请填写问题标题）",
    );
    let beside = issues.join("2-1-1.md");
    // A number the report declares public stays allowed meanwhile.
    edit(
        &portal.join("content/reports/example-2024/report.md"),
        "inspection:\n",
        "public_data:\n  - value: 139 0000 1111\n    reason: 整改监督电话，已在官网公开\ninspection:\n",
    );
    append(&beside, "\n联系人电话 13812345678\n监督电话 13900001111\n");
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("1-1-1.md:8:8: `title` 还是 `zhenggai new` 写的占位文字"),
        "{text}"
    );
    assert!(
        text.contains("2-1-1.md:24:7: 个人信息：手机号码（138******78）"),
        "{text}"
    );
    assert!(!text.contains("139******11"), "declared public: {text}");
    assert!(text.contains("错误：共 2 处错误"), "{text}");
    // Mended, the report is read whole and builds.
    edit(
        &issues.join("1-1-1.md"),
        "title: （请填写问题标题）",
        "title: 耕地地力保护补贴发放审核不严",
    );
    edit(&beside, "\n联系人电话 13812345678\n", "");
    let (code, text) = check(&portal);
    assert_eq!(code, 0, "{text}");
}

/// A file or folder named wrongly was still read: its report gets every
/// check in the same run (an empty title beside it, a phone number in it),
/// not only once the name is mended.
#[test]
fn a_wrong_file_name_does_not_hold_back_the_other_checks() {
    let (_dir, portal) = init_portal();
    let issues = portal.join("content/reports/example-2024/issues");
    edit(
        &issues.join("1-1-1.md"),
        "title: 耕地地力保护补贴发放审核不严",
        "title: \"\"",
    );
    let copy = issues.join("2-1-1 副本.md");
    let text = fs::read_to_string(issues.join("2-1-1.md")).unwrap();
    fs::write(&copy, format!("{text}\n联系人电话 13812345678\n")).unwrap();
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("2-1-1 副本.md:1:1: 文件名："), "{text}");
    assert!(text.contains("1-1-1.md:8:1: `title` 是空的"), "{text}");
    assert!(
        text.contains("2-1-1 副本.md:24:7: 个人信息：手机号码（138******78）"),
        "{text}"
    );
    // A copy left beside the original is a second problem at its place.
    assert!(
        text.contains("2-1-1.md:5:1: 第 2 个方面第 1 类第 1 个问题 已经由"),
        "{text}"
    );
}

/// A status the importer inferred is a guess: `check` refuses it at its
/// line until the clerk, having compared it with the notice, deletes the
/// importer's note; the same words in a comment elsewhere are no status.
#[test]
fn an_inferred_status_is_refused_until_confirmed() {
    let (_dir, portal) = init_portal();
    let issue = portal.join("content/reports/example-2024/issues/1-1-1.md");
    edit(
        &issue,
        "status: done\n",
        "status: done  # 推断自措施里没有尚未完成的说法，请核对\n# 推断自哪里：见导入说明\n",
    );
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "1-1-1.md:10:15: `status` 是导入时推断的（推断自措施里没有尚未完成的说法），通报没有写明"
        ),
        "{text}"
    );
    assert!(text.contains("错误：共 1 处错误"), "{text}");
    let build = run(&portal, &["build"]);
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    edit(
        &issue,
        "status: done  # 推断自措施里没有尚未完成的说法，请核对\n",
        "status: done\n",
    );
    let (code, text) = check(&portal);
    assert_eq!(code, 0, "{text}");
}

/// A number typed into the very file that cannot be read is told with the
/// typo (its text is searched as typed), in a problem file and in
/// report.md alike; a file declaring public data of its own waits until it
/// reads, since what it allows is unknown until then.
#[test]
fn a_number_in_a_file_that_cannot_be_read_is_told_with_its_typo() {
    let (_dir, portal) = init_portal();
    let report = portal.join("content/reports/example-2024");
    let issue = report.join("issues/2-1-1.md");
    edit(&issue, "department: 局办公室", "department： 局办公室");
    append(&issue, "\n举报电话13812345678\n");
    edit(
        &report.join("report.md"),
        "source: 县委巡察办",
        "source: （请填写来源）",
    );
    append(&report.join("report.md"), "\n监督电话 137 0000 1111\n");
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("2-1-1.md:12:1: `department` 后面是全角冒号"),
        "{text}"
    );
    assert!(
        text.contains("2-1-1.md:24:5: 个人信息：手机号码（138******78）"),
        "{text}"
    );
    assert!(
        text.contains("report.md:7:9: `source` 还是导入时留的占位文字"),
        "{text}"
    );
    assert!(
        text.contains("report.md:51:6: 个人信息：手机号码（137********11）"),
        "{text}"
    );
    assert!(text.contains("错误：共 4 处错误"), "{text}");

    // Declaring public data of its own, the unread file waits until it
    // reads; then its number is allowed.
    edit(
        &issue,
        "department： 局办公室",
        "department： 局办公室\npublic_data:\n  - value: 13812345678\n    reason: 举报电话，已在官网公开",
    );
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(!text.contains("138******78"), "{text}");
    edit(&issue, "department： 局办公室", "department: 局办公室");
    edit(
        &report.join("report.md"),
        "source: （请填写来源）",
        "source: 县委巡察办",
    );
    edit(&report.join("report.md"), "\n监督电话 137 0000 1111\n", "");
    let (code, text) = check(&portal);
    assert_eq!(code, 0, "read, the number is declared public: {text}");
}

/// A notice just imported, its placeholders not yet filled: its report.md
/// cannot be read, yet the notice's own feedback contact written into it
/// (an email, a phone) is what it publishes, not personal data.
#[test]
fn an_imported_contact_is_no_personal_data_while_placeholders_remain() {
    let (_dir, portal) = init_portal();
    let notice = repo().join("tests/fixtures/layouts/brackets.txt");
    let out = run(
        &portal,
        &["import", notice.to_str().unwrap(), "--slug", "w"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let report = portal.join("content/reports/w/report.md");
    let text = fs::read_to_string(&report).unwrap();
    assert!(text.contains("email: 32719516@qq.com"), "{text}");
    edit(&report, "source: ", "source: （请填写来源）# ");
    let (code, text) = check(&portal);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("占位文字"), "{text}");
    assert!(!text.contains("个人信息"), "{text}");
}

/// What import says after writing: in English on request; where the
/// placeholders to fill in are (its warnings point at the notice, the
/// clerk edits the report's files); and, on a dry run over a folder that
/// exists, that the import itself would refuse.
#[test]
fn import_says_where_to_fill_in_and_speaks_english_on_request() {
    let (_dir, portal) = init_portal();
    let notice = portal.join("notice.txt");
    fs::write(
        &notice,
        "关于巡察整改情况的通报\n一、落实整改主体责任方面\n（一）整改责任落实不到位\n整改情况：一是建立台账；二是按月通报。\n",
    )
    .unwrap();
    let zh = run(&portal, &["import", "notice.txt", "--slug", "east"]);
    assert!(zh.status.success(), "{}", stderr(&zh));
    let out = String::from_utf8_lossy(&zh.stdout);
    assert!(out.contains("已写入 ./content/reports/east"), "{out}");
    assert!(
        out.contains("占位文字（“（请填写…）”）在 ./content/reports/east 里的"),
        "{out}"
    );
    let dry = run(
        &portal,
        &["import", "notice.txt", "--slug", "east", "--dry-run"],
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stderr(&dry).contains("已经存在：真正导入时会拒绝写入；要替换它就加 --force"),
        "{}",
        stderr(&dry)
    );
    let en = run(
        &portal,
        &["--lang", "en", "import", "notice.txt", "--slug", "west"],
    );
    assert!(en.status.success(), "{}", stderr(&en));
    let out = String::from_utf8_lossy(&en.stdout);
    for said in [
        "wrote ./content/reports/west",
        "1 areas, 1 problems",
        "feedback contact: none found",
        "figures the notice declares: none",
        "inferred: 1 (1 done, 0 in progress",
        "placeholders (",
    ] {
        assert!(out.contains(said), "{said}: {out}");
    }
    assert!(!out.contains("已写入"), "{out}");
}

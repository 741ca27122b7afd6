//! `zhenggai init` and `zhenggai new`: a fresh portal builds at once, and a
//! new problem file takes the next free number and passes `check`.

mod common;

use common::{run, stderr};
use std::fs;

#[test]
fn init_then_build_works_in_a_fresh_folder() {
    let dir = tempfile::tempdir().unwrap();
    let portal = dir.path().join("my-portal");
    let out = run(dir.path(), &["init", "my-portal"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("content/portal.yaml") && said.contains("zhenggai serve"));
    let check = run(&portal, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    // The only warnings name what init wrote: the figures add up.
    let warnings: Vec<String> = stderr(&check)
        .lines()
        .filter(|l| l.contains("警告："))
        .map(str::to_string)
        .collect();
    assert_eq!(warnings.len(), 6, "{warnings:?}");
    assert!(
        warnings
            .iter()
            .all(|w| w.contains("zhenggai init 写的示例")),
        "{warnings:?}"
    );
    assert!(warnings[2].starts_with("content/portal.yaml:12:3: 警告：`contact.phone` 还是 zhenggai init 写的示例（0000-00000000）"));
    // Not for publication: a build with a base URL refuses, and says what
    // to replace; a preview build still works.
    let publish = run(
        &portal,
        &["build", "--base-url", "https://www.example.gov.cn/zg/"],
    );
    assert_eq!(publish.status.code(), Some(1));
    assert!(
        stderr(&publish).contains("content/portal.yaml:3:1: `name` 还是 zhenggai init 写的示例"),
        "{}",
        stderr(&publish)
    );
    assert!(!portal.join("site").exists());
    let build = run(&portal, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page =
        fs::read_to_string(portal.join("site/reports/example-2024/issues/1-1-1.html")).unwrap();
    assert!(page.contains("耕地地力保护补贴发放审核不严"));
    assert!(portal.join("site/data/issues.csv").is_file());
    assert!(!portal.join("theme").exists(), "no theme copy unless asked");
}

#[test]
fn init_refuses_a_folder_with_files_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let out = run(dir.path(), &["init", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("不是空文件夹"), "{}", stderr(&out));
    assert!(!dir.path().join("content").exists(), "nothing written");
    let out = run(dir.path(), &["init", ".", "--force", "--theme"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    // The copied theme is the default one, and the portal builds with it.
    let base = fs::read_to_string(dir.path().join("theme/templates/base.html")).unwrap();
    assert_eq!(
        base,
        fs::read_to_string(common::repo().join("theme/templates/base.html")).unwrap()
    );
    assert!(dir.path().join("theme/static/style.css").is_file());
    let build = run(dir.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
}

#[test]
fn new_writes_the_next_number_of_a_group_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["init", "p"]).status.success());
    without_declared_counts(&dir.path().join("p"));
    let portal = dir.path().join("p");
    let out = run(
        &portal,
        &["new", "example-2024", "--area", "1", "--group", "1"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let path = portal.join("content/reports/example-2024/issues/1-1-2.md");
    let text = fs::read_to_string(&path).unwrap();
    for field in [
        "area: 1",
        "group: 1",
        "number: 2",
        "title:",
        "status:",
        "deadline",
        "measures:",
        "regulations:",
        "accountability:",
        "long_term:",
    ] {
        assert!(text.contains(field), "{field} missing from\n{text}");
    }
    assert!(text.contains("惠农政策落实不够到位"), "names its group");
    // Twice: the number moves on.
    assert!(run(
        &portal,
        &["new", "example-2024", "--area", "1", "--group", "1"]
    )
    .status
    .success());
    assert!(portal
        .join("content/reports/example-2024/issues/1-1-3.md")
        .is_file());
    // Until their titles are written, the new files are refused, each at
    // its title, so a problem added and forgotten is never published.
    let check = run(&portal, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    for n in [2, 3] {
        assert!(
            stderr(&check).contains(&format!(
                "issues/1-1-{n}.md:10:8: `title` 还是 `zhenggai new` 写的占位文字 （请填写问题标题）"
            )),
            "{}",
            stderr(&check)
        );
    }
    assert!(!run(&portal, &["build", "--quiet"]).status.success());
    for n in [2, 3] {
        fill_title(&portal.join(format!("content/reports/example-2024/issues/1-1-{n}.md")));
    }
    let check = run(&portal, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stderr(&check).contains("4 个问题"), "{}", stderr(&check));
    assert!(run(&portal, &["build", "--quiet"]).status.success());
}

/// Writes a title where `zhenggai new` left its placeholder.
fn fill_title(path: &std::path::Path) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains("（请填写问题标题）"), "{text}");
    fs::write(
        path,
        text.replace("（请填写问题标题）", "补贴发放公示不及时"),
    )
    .unwrap();
}

#[test]
fn new_explains_a_missing_report_area_or_a_single_problem_group() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["init", "p"]).status.success());
    let portal = dir.path().join("p");
    let cases: &[(&[&str], &str)] = &[
        (&["new", "nope", "--area", "1", "--group", "1"], "读不了"),
        (
            &["new", "example-2024", "--area", "9", "--group", "1"],
            "--area 要写 1 到 2",
        ),
        (
            &["new", "example-2024", "--area", "0", "--group", "1"],
            "--area 要写 1 到 2",
        ),
        (
            &["new", "example-2024", "--area", "2", "--group", "5"],
            "--group 要写 1 到 1",
        ),
    ];
    for (args, message) in cases {
        let out = run(&portal, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    let issues = portal.join("content/reports/example-2024/issues");
    fs::write(
        issues.join("2-1.md"),
        "---\narea: 2\ngroup: 1\nstatus: done\n---\n",
    )
    .unwrap();
    fs::remove_file(issues.join("2-1-1.md")).unwrap();
    let out = run(
        &portal,
        &["new", "example-2024", "--area", "2", "--group", "1"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("本身是一个问题"), "{}", stderr(&out));
}

/// `new` reads the report as `build` does: a byte-order mark and CRLF line
/// ends are fine, and issue files in sub-folders of issues/ count.
#[test]
fn new_reads_a_report_with_a_bom_and_issue_files_in_sub_folders() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["init", "p"]).status.success());
    without_declared_counts(&dir.path().join("p"));
    let portal = dir.path().join("p");
    let report = portal.join("content/reports/example-2024");
    let report_md = report.join("report.md");
    let text = fs::read_to_string(&report_md)
        .unwrap()
        .replace('\n', "\r\n");
    fs::write(
        &report_md,
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    )
    .unwrap();
    assert!(run(&portal, &["build", "--quiet"]).status.success());
    // The group's first problem moves into a sub-folder; a second exists there.
    fs::create_dir_all(report.join("issues/2024")).unwrap();
    fs::rename(
        report.join("issues/1-1-1.md"),
        report.join("issues/2024/1-1-1.md"),
    )
    .unwrap();
    let second = fs::read_to_string(report.join("issues/2024/1-1-1.md"))
        .unwrap()
        .replace("number: 1", "number: 2");
    fs::write(report.join("issues/2024/1-1-2.md"), second).unwrap();
    let out = run(
        &portal,
        &["new", "example-2024", "--area", "1", "--group", "1"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        report.join("issues/1-1-3.md").is_file(),
        "the next number after the sub-folder's"
    );
    fill_title(&report.join("issues/1-1-3.md"));
    let check = run(&portal, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    // A single problem in a sub-folder also closes its group to numbering.
    let single = fs::read_to_string(report.join("issues/2-1-1.md"))
        .unwrap()
        .replace("number: 1\n", "");
    fs::remove_file(report.join("issues/2-1-1.md")).unwrap();
    fs::write(report.join("issues/2024/2-1.md"), single).unwrap();
    let out = run(
        &portal,
        &["new", "example-2024", "--area", "2", "--group", "1"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("本身是一个问题（2-1.md）"),
        "{}",
        stderr(&out)
    );
}

/// A report just imported still holds （请填写…） placeholders that `check`
/// refuses; `new` can already add problems to it.
#[test]
fn new_works_on_a_report_whose_placeholders_are_not_filled_in_yet() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["init", "p"]).status.success());
    let portal = dir.path().join("p");
    let report_md = portal.join("content/reports/example-2024/report.md");
    let text = fs::read_to_string(&report_md).unwrap();
    let source = text.lines().find(|l| l.starts_with("source:")).unwrap();
    fs::write(
        &report_md,
        text.replace(source, "source: （请填写发布机构）"),
    )
    .unwrap();
    assert_eq!(run(&portal, &["check"]).status.code(), Some(1));
    let out = run(
        &portal,
        &["new", "example-2024", "--area", "1", "--group", "1"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The starter portal and `new` show the fields of progress over time,
/// commented, and the starter builds with them filled in.
#[test]
fn the_starter_shows_history_deadline_changes_and_follow_up_links() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["init", "p"]).status.success());
    without_declared_counts(&dir.path().join("p"));
    let portal = dir.path().join("p");
    let report = portal.join("content/reports/example-2024");
    let issue = fs::read_to_string(report.join("issues/1-1-1.md")).unwrap();
    for field in ["# deadline_changes:", "# history:", "# continues:"] {
        assert!(issue.contains(field), "{field} missing from\n{issue}");
    }
    let report_md = fs::read_to_string(report.join("report.md")).unwrap();
    assert!(report_md.contains("# follows:"), "{report_md}");
    let out = run(
        &portal,
        &["new", "example-2024", "--area", "2", "--group", "1"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let new = fs::read_to_string(report.join("issues/2-1-2.md")).unwrap();
    for field in ["# deadline_changes:", "# history:", "# continues:"] {
        assert!(new.contains(field), "{field} missing from\n{new}");
    }
    // Uncommented (the example's history ends at done, as its status).
    // Each of the two blocks: its key line and the indented lines under it.
    let mut inside = false;
    let filled: String = issue
        .lines()
        .map(|l| {
            let rest = l.strip_prefix("# ").unwrap_or("");
            if rest == "deadline_changes:" || rest == "history:" {
                inside = true;
                return rest.to_string();
            }
            inside = inside && rest.starts_with("  ");
            if inside {
                rest.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(report.join("issues/1-1-1.md"), &filled).unwrap();
    fill_title(&report.join("issues/2-1-2.md"));
    let check = run(&portal, &["check"]);
    assert!(check.status.success(), "{}\n{filled}", stderr(&check));
}

/// The starter's notice declares 2 problems; a test that adds problems
/// with `new` drops the counts, as a clerk updates them to the notice.
fn without_declared_counts(portal: &std::path::Path) {
    let report = portal.join("content/reports/example-2024/report.md");
    let text = fs::read_to_string(&report)
        .unwrap()
        .replace("  problems: 2\n  done: 1\n  unfinished: 1\n", "");
    fs::write(&report, text).unwrap();
}

/// The commented blocks of what `init` and `new` write (`# history:` and
/// the lines under it, `# department: …`): each one, uncommented alone,
/// still parses, so a clerk who removes the `# ` of one example is never
/// met with a YAML error.
#[test]
fn every_commented_block_uncomments_to_valid_yaml() {
    use zhenggai::load::{frontmatter, parse_document};
    use zhenggai::model::{IssueMeta, PortalConfig, ReportMeta};
    let dir = tempfile::tempdir().unwrap();
    let portal = dir.path().join("p");
    assert!(run(dir.path(), &["init", "p"]).status.success());
    assert!(run(
        &portal,
        &["new", "example-2024", "--area", "1", "--group", "1"]
    )
    .status
    .success());
    let content = portal.join("content");
    let files = [
        "portal.yaml",
        "reports/example-2024/report.md",
        "reports/example-2024/issues/1-1-1.md",
        "reports/example-2024/issues/1-1-2.md",
        "reports/example-2024/issues/2-1-1.md",
    ];
    let key = regex::Regex::new(r"^# [a-z_]+:").unwrap();
    let mut tried = 0;
    for name in files {
        let text = fs::read_to_string(content.join(name)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (start, line) in lines.iter().enumerate() {
            if !key.is_match(line) {
                continue;
            }
            // The block: this line and the more indented ones after it.
            let end = (start + 1..lines.len())
                .find(|&i| !(lines[i].starts_with("#   ") || lines[i].starts_with("#  ")))
                .unwrap_or(lines.len());
            let edited: Vec<String> = lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    if (start..end).contains(&i) {
                        l.strip_prefix("# ").unwrap_or(l).to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            let edited = edited.join("\n") + "\n";
            let parsed = if name == "portal.yaml" {
                frontmatter::parse::<PortalConfig>(&edited, 1).map(|_| ())
            } else if name.ends_with("report.md") {
                parse_document::<ReportMeta>(edited.as_bytes()).map(|_| ())
            } else {
                // The title placeholder of `new` is refused by design.
                let edited = edited.replace("（请填写问题标题）", "某问题");
                parse_document::<IssueMeta>(edited.as_bytes()).map(|_| ())
            };
            assert!(
                parsed.is_ok(),
                "{name}: uncommenting line {} gives {:?}\n{edited}",
                start + 1,
                parsed.err()
            );
            tried += 1;
        }
    }
    // base_url, follows, department ×2, deadline_changes, history ×3,
    // continues, accountability, measures, regulations, deadline.
    assert!(tried >= 12, "only {tried} blocks found");
}

/// A report retitled with init's example problems still in it: a build
/// for publication refuses each at its `title` line. (A one-shot build
/// lets a problem's text go once its report is checked; the position is
/// found by reading the file again.)
#[test]
fn example_problems_left_in_a_retitled_report_are_refused_at_their_title() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["init", "p"]).status.success());
    let portal = dir.path().join("p");
    let report = portal.join("content/reports/example-2024/report.md");
    let text = fs::read_to_string(&report).unwrap();
    let retitled = text.replacen(
        "title: 中共示例县农业农村局委员会关于巡察整改进展情况的通报",
        "title: 中共某县水利局委员会关于巡察整改进展情况的通报",
        1,
    );
    assert_ne!(retitled, text);
    fs::write(&report, retitled).unwrap();
    let publish = run(
        &portal,
        &["build", "--base-url", "https://www.example.gov.cn/zg/"],
    );
    assert_eq!(publish.status.code(), Some(1));
    assert!(
        stderr(&publish).contains(
            "content/reports/example-2024/issues/1-1-1.md:8:1: 这是 zhenggai init 写的示例问题"
        ),
        "{}",
        stderr(&publish)
    );
}

//! The seed notice retyped in the layouts real notices use
//! (`tests/fixtures/layouts/`, with the real notices that show each
//! layout in its README): every layout imports to the notice's own 33
//! problems (10, 13, 10), statuses stated per problem are read as stated,
//! titles keep the notice's punctuation, and a count that does not add up
//! is said at import and refused by `check` until fixed or explained.

mod common;

use common::{base_fixture, full_width, run, stderr};
use std::path::Path;
use zhenggai::import::{import_text, Imported};

fn layout(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/layouts")
            .join(name),
    )
    .expect("the layout fixture")
}

/// (done, open) among the issue files an import wrote.
fn statuses(imported: &Imported) -> (usize, usize) {
    let issues = imported
        .files
        .iter()
        .filter(|f| f.path.starts_with("issues/"));
    let done = issues
        .clone()
        .filter(|f| f.text.contains("\nstatus: done"))
        .count();
    (done, issues.count() - done)
}

#[test]
fn every_layout_imports_the_notices_33_problems() {
    for name in [
        "paren-sub-items.txt",
        "label-blocks.txt",
        "brackets.txt",
        "table.txt",
        "guanyu-items.txt",
    ] {
        for text in [layout(name), full_width(&layout(name))] {
            let imported = import_text(&text, Some("seed"));
            let found: usize = imported.per_area.iter().sum();
            assert_eq!(found, 33, "{name}: {:?}", imported.per_area);
            assert!(
                !imported
                    .disagreements
                    .iter()
                    .any(|d| d.contains("个问题，导入只找到")),
                "{name}: {:?}",
                imported.disagreements
            );
            if name != "table.txt" {
                assert_eq!(imported.per_area, vec![10, 13, 10], "{name}");
            }
            assert_eq!(imported.statistics.problems, Some(33), "{name}");
            assert_eq!(imported.statistics.done, Some(26), "{name}");
        }
    }
}

#[test]
fn statuses_the_notice_states_are_read_as_stated() {
    for name in ["label-blocks.txt", "brackets.txt", "table.txt"] {
        let imported = import_text(&layout(name), Some("seed"));
        assert_eq!(statuses(&imported), (26, 7), "{name}");
        assert_eq!(imported.stated, 33, "{name}");
        assert!(imported.inferred.is_empty(), "{name}");
        assert!(
            imported.disagreements.is_empty(),
            "{name}: {:?}",
            imported.disagreements
        );
    }
    // The table's deadlines as stated: 长期坚持, 2年内 (from the feedback
    // date), 12月底前 (in the notice's year).
    let table = import_text(&layout("table.txt"), Some("seed"));
    let all: String = table.files.iter().map(|f| f.text.as_str()).collect();
    assert!(all.contains("long_term: true"), "长期坚持");
    assert!(all.contains("deadline: 2025-03"), "2年内 from 2023-03-10");
    assert!(all.contains("deadline: 2023-12"), "12月底前 of 2023");
}

/// The layout most county notices use: sub-items `（1）…` with a line
/// `整改情况：一是…`. Each sub-item is a problem, its measures are the
/// labelled line's, and the title keeps its full-width brackets.
#[test]
fn sub_items_with_labels_are_problems_and_keep_their_punctuation() {
    let imported = import_text(&full_width(&layout("paren-sub-items.txt")), Some("seed"));
    let issue = imported
        .files
        .iter()
        .find(|f| f.path == "issues/1-4-2.md")
        .expect("1-4-2");
    assert!(
        issue.text.contains(
            "title: 应急救援队伍建设滞后，专业森林消防队伍至今未按要求组建。对镇（街道）"
        ),
        "{}",
        issue.text
    );
    assert!(
        issue.text.contains("各镇（街道）按照省级标准"),
        "{}",
        issue.text
    );
    assert!(!issue.text.contains("镇(街道)"), "{}", issue.text);
    // The inferred statuses are listed for staff, one line each.
    assert_eq!(imported.inferred.len(), 33);
    assert!(imported.inferred.iter().all(|i| !i.from.is_empty()));
    // A measure's leading date is its date, not repeated in its text.
    let first = imported
        .files
        .iter()
        .find(|f| f.path == "issues/1-3-1.md")
        .expect("1-3-1");
    assert!(
        first
            .text
            .contains("  - date: 2023-04-21\n    text: 对涉及的5件火灾事故进行复盘"),
        "{}",
        first.text
    );
}

/// Written out, the report's count must add up: an import that finds
/// fewer problems than the notice states says so first, and `check`
/// refuses the report at its `declared` line until a reason is recorded.
#[test]
fn a_count_that_does_not_add_up_is_refused_until_explained() {
    let portal = base_fixture();
    let p = portal.path();
    // Drop two problems from the notice: 31 found against 33 stated.
    let text = layout("label-blocks.txt");
    let cut = text.find("问题2:").unwrap();
    let end = text.find("问题4:").unwrap();
    let shorter = format!("{}{}", &text[..cut], &text[end..]);
    std::fs::write(p.join("notice.txt"), shorter).unwrap();
    let out = run(p, &["import", "notice.txt", "--slug", "seed"]);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let first = said.lines().next().unwrap_or_default();
    assert!(
        first.contains("通报称33个问题，导入只找到31个") && first.contains("为方面"),
        "{said}"
    );
    let check = run(p, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let err = stderr(&check);
    assert!(
        err.contains("content/reports/seed/report.md:")
            && err.contains("通报称33个问题，但有31个问题文件，数字对不上，不能发布"),
        "{err}"
    );
    // A reason recorded beside the figure lets it stand, shown as a warning.
    let report = p.join("content/reports/seed/report.md");
    let yaml = std::fs::read_to_string(&report).unwrap().replace(
        "  problems: 33\n",
        "  problems: 33\n  reasons:\n    problems: 测试：通报正文只列出31个\n    done: 测试：同上\n    unfinished: 测试：同上\n",
    );
    std::fs::write(&report, yaml).unwrap();
    let check = run(p, &["check"]);
    let err = stderr(&check);
    assert!(
        err.contains("已说明原因：测试：通报正文只列出31个"),
        "{err}"
    );
    assert!(!err.contains("数字对不上"), "{err}");
}

/// Pieces real layouts are made of: markers, labels, brackets, tabs and
/// table headers, in any order and number.
fn piece() -> impl proptest::strategy::Strategy<Value = String> {
    proptest::sample::select(vec![
        "一、在…方面",
        "（一）关于“学习不够”问题",
        "1.针对“制度不全”问题",
        "（1）问题。",
        "整改情况：一是加强学习。二是完善制度。",
        "整改措施:",
        "问题1：学习不够",
        "问题：",
        "【问题】制度不全",
        "【整改情况】已建立制度",
        "【完成情况】已完成",
        "完成情况：阶段性完成，正在推进",
        "整改时限：2024年上半年",
        "整改时限：2年内",
        "责任单位：办公室",
        "序号\t问题类别\t存在问题\t整改措施\t整改时限\t整改状态",
        "1\t党建\t学习不够\t加强学习\t长期坚持\t已完成",
        "\t\t\t\t\t",
        "2  财务  报销不规范  规范报销  12月底前  整改中",
        "截至目前，反馈的33个问题，已完成整改26个。",
        "第三批信访举报件5件，已办结3件，阶段性办结2件",
        "下一步，继续整改。",
        "",
    ])
    .prop_map(str::to_string)
}

use proptest::strategy::Strategy as _;

proptest::proptest! {
    /// Whatever mix of layout pieces a text holds, the reader never
    /// panics, finishes quickly, and every file it plans reads back.
    #[test]
    fn any_mix_of_layout_pieces_imports_without_panic(lines in proptest::collection::vec(piece(), 0..120)) {
        let text = lines.join("\n");
        let started = std::time::Instant::now();
        let imported = import_text(&text, Some("p"));
        proptest::prop_assert!(started.elapsed() < std::time::Duration::from_secs(5));
        for file in &imported.files {
            let read = if file.path == "report.md" {
                zhenggai::load::parse_document::<zhenggai::model::ReportMeta>(file.text.as_bytes()).map(|_| ())
            } else {
                zhenggai::load::parse_document::<zhenggai::model::IssueMeta>(file.text.as_bytes()).map(|_| ())
            };
            if let Err(e) = read {
                proptest::prop_assert!(e.message.contains(zhenggai::model::PLACEHOLDER), "{}: {}\n{}", file.path, e.message, file.text);
            }
        }
    }
}

/// Thousands of labelled lines with no heading read in linear time.
#[test]
fn long_labelled_texts_read_in_linear_time() {
    let text = "整改情况：加强学习。\n问题：学习不够\n".repeat(5_000);
    let started = std::time::Instant::now();
    let imported = import_text(&text, Some("p"));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(imported.per_area.iter().sum::<usize>(), 5_000);
}

//! `zhenggai import` on notices written for these tests in the layouts real
//! notices use, with their slips; the extracted structure is asserted
//! exactly, and the written folder passes `check` and builds.

mod common;

use common::*;
use zhenggai::import::import_text;

/// 一、/(一)/1./一是 with a disclosure header, page furniture, a repeated
/// group number, full-width digits, a broken line and a repeated line.
const LAYOUT_A: &str = "索引号：11331081-2024-00012
发布机构：县委巡察办
成文日期：2024-05-20
公开方式：主动公开

中共临海县交通运输局委员会关于
巡察整改进展情况的通报
时间：2024-05-20 09:30:00 来源：县委巡察办
浏览量：1024
分享

根据县委统一部署，2023年９月１日至10月20日，县委第二巡察组对临海县交通运输局党委进行了常规巡察。2024年1月8日，县委第二巡察组向局党委反馈了巡察意见。现将整改进展情况予以公布。

截至目前，巡察反馈的两方面5个问题，已完成整改4个，未完成1个。诫勉谈话1人，提醒谈话3人；挽回经济损失2.5万元；建立规章制度2件，完善规章制度1件。

一、在落实全面从严治党主体责任方面
（一）关于“公务用车管理不规范”问题的整改进展情况。
一是2024年2月5日印发《临海县交通运输局公务用车管理办法》（临交〔2024〕3号），明确派车审批程序。
二是对相关责任人员问责。
（二）关于“工程项目监管存在漏洞”问题的整改进展情况。
1.针对“招投标资料归档不全”问题。
一是对2021年以来的32个工程项目资料开展全面清查，已于3月
底前全部补齐归档。
一是对2021年以来的32个工程项目资料开展全面清查，已于3月
二是修订《工程项目档案管理制度》（临交〔2024〕5号）。
2.针对“质量检测把关不严”问题。
一是委托第三方机构对在建项目开展抽检，计划于2024年12月底前完成全部抽检。
二、在加强干部队伍建设方面
（一）关于“干部轮岗交流不及时”问题的整改进展情况。
一是2024年3月1日完成3名中层干部轮岗。
（一）关于“年休假补贴发放不规范”问题的整改进展情况。
一是收回多发补贴1.2万元。
下一步，局党委将持续巩固整改成果。
欢迎广大干部群众监督。联系电话：0576-85123456；邮寄地址：临海县交通运输局（临海县人民路8号），邮编：317000；电子邮箱：jtj@example.gov.cn。
";

#[test]
fn a_notice_with_areas_groups_and_sub_problems() {
    let imported = import_text(LAYOUT_A, Some("linhai-2024"));
    let n = &imported.notice;
    assert_eq!(
        n.title.as_deref(),
        Some("中共临海县交通运输局委员会关于巡察整改进展情况的通报")
    );
    assert_eq!(n.published.as_deref(), Some("2024-05-20 09:30:00"));
    assert_eq!(n.source.as_deref(), Some("县委巡察办"));
    let areas: Vec<&str> = n.areas.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        areas,
        vec!["在落实全面从严治党主体责任方面", "在加强干部队伍建设方面"]
    );
    let groups: Vec<Vec<&str>> = n
        .areas
        .iter()
        .map(|a| a.groups.iter().map(|g| g.title.as_str()).collect())
        .collect();
    assert_eq!(
        groups,
        vec![
            vec!["公务用车管理不规范", "工程项目监管存在漏洞"],
            vec!["干部轮岗交流不及时", "年休假补贴发放不规范"]
        ]
    );
    let sub: Vec<(Option<u32>, Option<&str>, usize)> = n.areas[0].groups[1]
        .problems
        .iter()
        .map(|p| (p.number, p.title.as_deref(), p.measures.len()))
        .collect();
    assert_eq!(
        sub,
        vec![
            (Some(1), Some("招投标资料归档不全"), 2),
            (Some(2), Some("质量检测把关不严"), 1)
        ]
    );
    // The broken line is joined, the repeated one dropped.
    assert_eq!(
        n.areas[0].groups[1].problems[0].measures[0].1,
        "对2021年以来的32个工程项目资料开展全面清查，已于3月底前全部补齐归档。"
    );
    assert_eq!(imported.per_area, vec![3, 2]);
    assert_eq!(imported.measures, 7);
    // The statistics as declared.
    let s = &imported.statistics;
    assert_eq!(
        (s.problems, s.done, s.unfinished),
        (Some(5), Some(4), Some(1))
    );
    assert_eq!(
        s.accountability,
        vec![
            ("诫勉谈话".to_string(), 1, "人".to_string()),
            ("提醒谈话".to_string(), 3, "人".to_string())
        ]
    );
    assert_eq!(
        s.funds,
        vec![(
            "挽回经济损失".to_string(),
            "2.5".to_string(),
            "万元".to_string()
        )]
    );
    assert_eq!(
        (s.regulations_established, s.regulations_revised),
        (Some(2), Some(1))
    );
    // The contact block.
    assert_eq!(imported.contact.phone.as_deref(), Some("0576-85123456"));
    assert_eq!(
        imported.contact.address.as_deref(),
        Some("临海县交通运输局（临海县人民路8号）")
    );
    assert_eq!(imported.contact.postcode.as_deref(), Some("317000"));
    assert_eq!(
        imported.contact.email.as_deref(),
        Some("jtj@example.gov.cn")
    );
    // The duplicated group number is reported with its line.
    assert!(
        imported
            .warnings
            .iter()
            .any(|(line, m)| *line == 31 && m.contains("第 2 个方面里（一）出现了两次")),
        "{:?}",
        imported.warnings
    );
    // Inferred statuses: only the problem with a plan and a deadline is open.
    assert_eq!((imported.inferred_done, imported.inferred_open), (4, 1));
    let open = file(&imported, "issues/1-2-2.md");
    assert!(
        open.contains("status: in_progress  # 推断自“计划”，请核对"),
        "{open}"
    );
    assert!(open.contains("deadline: 2024-12"), "{open}");
    let car = file(&imported, "issues/1-1.md");
    assert!(car.contains("  - number: 临交〔2024〕3号\n    title: 临海县交通运输局公务用车管理办法\n    issued: 2024-02-05\n    kind: established"), "{car}");
    assert!(car.contains("accountability: true"));
    let report = file(&imported, "report.md");
    for line in [
        "unit: 临海县交通运输局党委",
        "  team: 县委第二巡察组",
        "  start: 2023-09-01",
        "  end: 2023-10-20",
        "  feedback: 2024-01-08",
        "funds:\n  - kind: 挽回经济损失\n    amount: \"2.5\"\n    unit: 万元",
    ] {
        assert!(report.contains(line), "report.md lacks {line}:\n{report}");
    }
}

/// (一)在“…”方面 → 1.关于“…”问题的整改 → (1) measures; no contact block.
const LAYOUT_B: &str = "中共东湖区农业农村局党组关于巡察整改情况的通报
发布时间：2023-12-01
2023年4月10日至5月30日，区委第一巡察组对东湖区农业农村局党组开展了巡察，并于2023年7月3日反馈了巡察意见。共反馈问题3个，已完成整改2个，正在整改1个，整改完成率66%。
(一)在“贯彻落实乡村振兴决策部署”方面
1.关于“高标准农田建设进度滞后”问题的整改
(1)2023年8月召开专题会议，倒排工期。
(2)完成年度建设任务1.5万亩。
2.关于“农业补贴发放审核不严”问题的整改
(1)对2022年补贴发放情况开展复查，追回资金3.6万元。
(二)在“作风建设”方面
1.关于“会议多文件多”问题的整改
(1)正在修订《会议管理办法》，将于2024年3月底前印发。
";

#[test]
fn a_notice_whose_problems_are_numbered_under_areas() {
    let imported = import_text(LAYOUT_B, None);
    let n = &imported.notice;
    assert_eq!(n.areas.len(), 2);
    assert_eq!(n.areas[0].title, "在“贯彻落实乡村振兴决策部署”方面");
    let titles: Vec<Vec<&str>> = n
        .areas
        .iter()
        .map(|a| a.groups.iter().map(|g| g.title.as_str()).collect())
        .collect();
    assert_eq!(
        titles,
        vec![
            vec!["高标准农田建设进度滞后", "农业补贴发放审核不严"],
            vec!["会议多文件多"]
        ]
    );
    let measures: Vec<usize> = n
        .areas
        .iter()
        .flat_map(|a| a.groups.iter().map(|g| g.problems[0].measures.len()))
        .collect();
    assert_eq!(measures, vec![2, 1, 1]);
    assert_eq!(
        n.areas[0].groups[0].problems[0].measures[0].1,
        "2023年8月召开专题会议，倒排工期。"
    );
    assert_eq!(imported.statistics.in_progress, Some(1));
    assert_eq!(imported.statistics.completion_rate, Some(66));
    assert_eq!(imported.contact, Default::default(), "no contact block");
    assert_eq!((imported.inferred_done, imported.inferred_open), (2, 1));
    assert!(
        imported.slug.starts_with("2023-12-01-"),
        "{}",
        imported.slug
    );
    let open = file(&imported, "issues/2-1.md");
    assert!(open.contains("deadline: 2024-03"), "{open}");
    assert!(
        open.contains("  - title: 会议管理办法\n    kind: revised"),
        "{open}"
    );
}

/// 一、对“…”的整改进展情况 → (一)关于“…” → 一是…; and a notice that only
/// summarises a round (no problem list).
const LAYOUT_C: &str = "关于十一届县委第三轮巡察整改情况的通报
时间：2024-03-15
县委第三轮巡察对8个单位开展了巡察，反馈问题697个，完成688个、基本完成4个、未完成5个。
一、对“落实意识形态工作责任制”的整改进展情况
（一）关于“理论学习不深入”
一是建立学习台账，每月通报学习情况。
二是2024年1月组织专题读书班。
（二）关于“阵地管理不到位”
一是开展阵地排查。
";

#[test]
fn a_notice_with_groups_as_problems_and_a_round_summary() {
    let imported = import_text(LAYOUT_C, Some("round-3"));
    let n = &imported.notice;
    assert_eq!(n.areas.len(), 1);
    assert_eq!(n.areas[0].title, "落实意识形态工作责任制");
    assert_eq!(
        n.areas[0]
            .groups
            .iter()
            .map(|g| g.problems[0].measures.len())
            .collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert!(n.areas[0]
        .groups
        .iter()
        .all(|g| g.problems.len() == 1 && g.problems[0].number.is_none()));
    let s = &imported.statistics;
    assert_eq!(
        (s.problems, s.done, s.basically_done, s.unfinished),
        (Some(697), Some(688), Some(4), Some(5))
    );

    let summary = import_text("关于第四轮巡察整改情况的通报\n时间：2024-09-01\n本轮巡察共反馈问题120个，已完成整改110个，正在整改10个。\n", Some("round-4"));
    assert!(summary.notice.areas.is_empty());
    assert!(summary
        .warnings
        .iter()
        .any(|(_, m)| m.contains("没有逐个列出问题")));
    assert_eq!(summary.statistics.problems, Some(120));
    assert_eq!(summary.files.len(), 1, "only report.md");
}

#[test]
fn imported_folders_pass_check_and_build_and_are_not_overwritten() {
    let portal = base_fixture();
    let p = portal.path();
    for (name, text) in [
        ("a.txt", LAYOUT_A),
        ("b.txt", LAYOUT_B),
        ("c.txt", LAYOUT_C),
    ] {
        std::fs::write(p.join(name), text).unwrap();
        let out = run(p, &["import", name]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            said.contains("已写入") && said.contains("推断状态"),
            "{said}"
        );
    }
    // What a notice does not state is a placeholder that check refuses…
    let check = run(p, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("`source` 还是导入时留的占位文字 （请填写来源）"),
        "{}",
        stderr(&check)
    );
    // …until staff fill it in.
    for entry in std::fs::read_dir(p.join("content/reports")).unwrap() {
        let path = entry.unwrap().path().join("report.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let filled: Vec<String> = text
            .lines()
            .map(|line| match line.split_once(zhenggai::model::PLACEHOLDER) {
                Some((key, _)) if line.contains("日期") => format!("{key}2024-01-02"),
                Some((key, _)) => format!("{key}测试填写"),
                None => line.to_string(),
            })
            .collect();
        // The round summary lists 2 of its 697 problems: a clerk records
        // why its figures differ from its list.
        let filled = (filled.join("\n") + "\n").replace(
            "  problems: 697\n",
            "  problems: 697\n  reasons:\n    problems: 通报只举例列出2个问题\n    done: 同上\n    basically_done: 同上\n    unfinished: 同上\n",
        );
        std::fs::write(&path, filled).unwrap();
    }
    // An inferred status is refused too, until staff confirm it.
    let check = run(p, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("`status` 是导入时推断的"),
        "{}",
        stderr(&check)
    );
    assert!(common::confirm_inferred_statuses(p) > 0);
    let check = run(p, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(stderr(&check).contains("已说明原因：通报只举例列出2个问题"));
    let build = run(p, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(
        p.join("site/reports/linhai-2024").exists()
            || std::fs::read_dir(p.join("site/reports")).unwrap().count() == 4
    );

    // A second import of the same notice refuses to overwrite…
    let again = run(p, &["import", "a.txt"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("--force"));
    // …unless told to; --dry-run writes nothing.
    assert!(run(p, &["import", "a.txt", "--force"]).status.success());
    let before = snapshot(&p.join("content"));
    let dry = run(p, &["import", "b.txt", "--slug", "dry", "--dry-run"]);
    assert!(String::from_utf8_lossy(&dry.stdout).contains("=== "));
    assert_eq!(snapshot(&p.join("content")), before);
    assert_eq!(
        run(p, &["import", "b.txt", "--slug", "no/slash"])
            .status
            .code(),
        Some(2)
    );
}

fn file<'a>(imported: &'a zhenggai::import::Imported, path: &str) -> &'a str {
    &imported
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .text
}

/// Found by fuzzing: a control character inside a measure (a page break or
/// a stray byte from a PDF copy) made the importer write YAML that
/// zhenggai itself could not read back.
#[test]
fn control_characters_in_a_notice_still_give_readable_files() {
    let notice = LAYOUT_A
        .replace("一是2024年2月5日", "一是2024年\u{c}2月5日\u{1}\u{FFFE}")
        .replace(
            "公务用车管理不规范",
            "公务用车\u{2028}管理\u{2029}不规范\u{85}",
        );
    let imported = import_text(&notice, Some("t"));
    for file in &imported.files {
        let parsed = if file.path == "report.md" {
            zhenggai::load::parse_document::<zhenggai::model::ReportMeta>(file.text.as_bytes())
                .map(|_| ())
        } else {
            zhenggai::load::parse_document::<zhenggai::model::IssueMeta>(file.text.as_bytes())
                .map(|_| ())
        };
        assert!(
            parsed.is_ok(),
            "{}: {:?}\n{}",
            file.path,
            parsed.err(),
            file.text
        );
    }
}

/// Found by fuzzing: a publication date the loader refuses (year 7064) was
/// copied into report.md as it stood.
#[test]
fn an_impossible_publication_date_is_not_written() {
    let notice = LAYOUT_A.replace("2024-05-20 09:30:00", "7064-05-20 09:30:00");
    let imported = import_text(&notice, Some("t"));
    let report = &imported.files[0];
    let refused =
        zhenggai::load::parse_document::<zhenggai::model::ReportMeta>(report.text.as_bytes())
            .expect_err("a placeholder, not the impossible date");
    assert!(
        refused
            .message
            .contains("`published` 还是导入时留的占位文字"),
        "{}\n{}",
        refused.message,
        report.text
    );
    assert!(imported
        .warnings
        .iter()
        .any(|(_, w)| w.contains("发布时间“7064-05-20 09:30:00”不是有效日期")));
}

/// A clerk picks the wrong file: an inspection's arrival notice, which
/// never speaks of 整改. The import says so and states nothing it lacks.
#[test]
fn a_file_that_never_says_zhenggai_is_flagged_as_perhaps_not_a_notice() {
    let announcement = "区委第二巡察组进驻区交通运输局开展常规巡察\n\n\
        巡察组于3月1日至4月30日在区交通运输局工作，主要受理反映领导班子及其成员问题的来信来电。\n\n\
        举报电话：0000-1234567\n\n区委巡察工作领导小组办公室\n\n2024年3月1日\n";
    let imported = import_text(announcement, Some("t"));
    assert!(
        imported
            .warnings
            .iter()
            .any(|(_, w)| w.contains("可能不是整改情况通报")),
        "{:?}",
        imported.warnings
    );
    let report = &imported.files[0].text;
    assert!(!report.contains("declared:"), "no figures: {report}");
    // "3月1日至4月30日" names no year: the inspection's dates stay open.
    assert!(report.contains("start: （请填写"), "{report}");
    // A notice that does speak of 整改 gets no such warning.
    let notice = import_text(LAYOUT_A, Some("t"));
    assert!(!notice
        .warnings
        .iter()
        .any(|(_, w)| w.contains("可能不是整改情况通报")));
}

/// The other forms a notice comes in, broken: each is an error naming the
/// file, exit 1, and nothing is written.
#[test]
fn unreadable_notice_files_are_errors_and_write_nothing() {
    let portal = base_fixture();
    let p = portal.path();
    let before = snapshot(&p.join("content"));
    let cases: [(&str, &[u8], &str); 4] = [
        ("broken.docx", b"PK\x03\x04 not really a zip", "读不了这个 .docx"),
        (
            "locked.docx",
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            "这个 Word 文件已损坏",
        ),
        ("old.doc", b"anything", "这个 Word 文件已损坏"),
        // Latin-1 bytes: neither UTF-8 nor Chinese in GBK.
        (
            "latin1.txt",
            b"Rapport sur la rectification \xe9t\xe9 publi\xe9 \xe0 l'\xe9gard de l'unit\xe9 \x01\x02",
            "既不是 UTF-8 也不是 GBK",
        ),
    ];
    for (name, bytes, says) in cases {
        std::fs::write(p.join(name), bytes).unwrap();
        let out = run(p, &["import", name]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(name) && stderr(&out).contains(says),
            "{name}: {}",
            stderr(&out)
        );
    }
    assert_eq!(snapshot(&p.join("content")), before);
}

proptest::proptest! {
    /// Whatever the bytes, reading them in any form and importing the
    /// result never panics.
    #[test]
    fn any_bytes_in_any_form_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
        use zhenggai::import::read;
        let mut texts = vec![String::from_utf8_lossy(&bytes).into_owned()];
        if let Ok(text) = read::decode_text(&bytes) {
            texts.push(text);
        }
        texts.push(read::html_text(&String::from_utf8_lossy(&bytes)));
        let _ = read::docx_text(&bytes);
        for text in texts {
            let _ = import_text(&text, Some("p"));
        }
    }
}

/// A notice that states each problem's status (整改状态:…) under labels
/// (反馈问题:, 整改情况:) with its measures run together on one line: the
/// stated status is written as stated, the labels are not text, and a
/// status word that is no status is inferred instead, with a warning.
#[test]
fn stated_statuses_and_labels() {
    let notice = "中共某某市某某局党委关于巡察整改进展情况的通报
发布日期:2025-03-01 信息来源:市委巡察办
根据市委统一部署，2024年9月12日至11月15日，市委第二巡察组对市某某局党委进行了巡察。2024年12月20日反馈了巡察意见。
二、巡察反馈问题整改进展情况
(一)反馈问题:学习贯彻不深入
1.政治意识不够强
整改状态:完成
整改情况:一是加强中心组学习，修订学习制度。二是开展专题研讨3次。
2.担当意识不够强
整改状态:阶段性完成
整改情况:一是明确牵头科室。
";
    let imported = import_text(notice, Some("s"));
    let n = &imported.notice;
    assert_eq!(n.areas.len(), 1);
    assert_eq!(n.areas[0].title, "学习贯彻不深入");
    let first = file(&imported, "issues/1-1.md");
    assert!(
        first.contains("status: done  # 通报所述：“完成”"),
        "{first}"
    );
    assert!(
        first.contains("  - text: 加强中心组学习，修订学习制度。\n  - text: 开展专题研讨3次。"),
        "{first}"
    );
    assert!(!first.contains("整改情况"), "{first}");
    assert!(
        !first.contains("accountability"),
        "silence states nothing: {first}"
    );
    let second = file(&imported, "issues/1-2.md");
    assert!(second.contains("# 推断自"), "{second}");
    assert!(imported
        .warnings
        .iter()
        .any(|(line, w)| *line == 10 && w.contains("“阶段性完成”")));
    assert_eq!(imported.stated, 1);
}

/// A real notice (fixture a08) whose problem heading carries its measures
/// on the same line: 关于…的问题。一是…二是…
#[test]
fn a_heading_with_its_measures_on_the_same_line() {
    let text = fixture_notice("a08-hubei-huitoukan");
    let imported = import_text(&text, Some("hubei"));
    let group = &imported.notice.areas[0].groups[0];
    assert_eq!(group.title, "少数领导干部不守政治规矩");
    assert_eq!(group.problems.len(), 1);
    let measures: Vec<&str> = group.problems[0]
        .measures
        .iter()
        .map(|m| m.1.as_str())
        .collect();
    assert_eq!(measures.len(), 2, "{measures:?}");
    assert!(measures[0].starts_with("将各级领导干部严守政治纪律"));
    assert_eq!(measures[1], "结合换届强");
}

/// Invented for this test: a first notice and its follow-up a year on.
const EARLIER: &str = "中共东湖区农业农村局党组关于巡察整改情况的通报
发布时间：2023-12-01 来源：区委巡察办
2023年4月10日至5月30日，区委第一巡察组对东湖区农业农村局党组开展了巡察，并于2023年7月3日反馈了巡察意见。共反馈问题3个，已完成整改1个，正在整改2个。
(一)在“贯彻落实乡村振兴决策部署”方面
1.关于“高标准农田建设进度滞后”问题的整改
(1)正在推进，2023年8月召开专题会议，倒排工期。
2.关于“农业补贴发放审核不严”问题的整改
(1)2023年9月对2022年补贴发放情况开展复查，追回资金3.6万元。
(二)在“作风建设”方面
1.关于“会议多文件多”问题的整改
(1)正在修订《会议管理办法》，将于2024年3月底前印发。
";

const FOLLOW_UP: &str = "中共东湖区农业农村局党组关于巡察整改持续推进情况的通报
发布时间：2024-06-01 来源：区委巡察办
2023年4月10日至5月30日，区委第一巡察组对东湖区农业农村局党组开展了巡察，并于2023年7月3日反馈了巡察意见。现将持续整改情况通报如下。
(一)在“贯彻落实乡村振兴决策部署”方面
1.关于“高标准农田建设进度滞后”问题的整改
(1)2024年3月完成剩余建设任务，通过验收。
2.关于“农业补贴发放审核仍不够严格”问题的整改
(1)2024年4月建立补贴发放三级审核机制。
(二)在“作风建设”方面
1.关于“会议多文件多”问题的整改
(1)2024年3月印发《会议管理办法》。
2.关于“档案管理不规范”问题的整改
(1)2024年5月完成档案整理。
";

/// `import --follows` links what has the same title on both sides, lists
/// the reworded problem with its likely match and the new one with none,
/// and links nothing on a guess; the result checks and builds, with both
/// pages of a linked pair pointing at each other.
#[test]
fn a_follow_up_notice_is_linked_where_sure_and_the_rest_is_listed() {
    let portal = base_fixture();
    let p = portal.path();
    std::fs::write(p.join("earlier.txt"), EARLIER).unwrap();
    std::fs::write(p.join("follow-up.txt"), FOLLOW_UP).unwrap();
    let out = run(p, &["import", "earlier.txt", "--slug", "east-2023"]);
    assert!(out.status.success(), "{}", stderr(&out));
    common::confirm_inferred_statuses(p);
    let check = run(p, &["check"]);
    assert!(
        check.status.success(),
        "the earlier report checks: {}",
        stderr(&check)
    );

    let out = run(
        p,
        &[
            "import",
            "follow-up.txt",
            "--slug",
            "east-2024",
            "--follows",
            "east-2023",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("2 个问题已关联"), "{said}");
    let folder = p.join("content/reports/east-2024");
    let read = |f: &str| std::fs::read_to_string(folder.join(f)).unwrap();
    // Written by hand: which new problem continues which earlier one.
    let expected = [
        ("issues/1-1.md", Some("east-2023/1-1")),
        ("issues/1-2.md", None), // reworded: listed, not linked
        ("issues/2-1.md", Some("east-2023/2-1")),
        ("issues/2-2.md", None), // new in the follow-up
    ];
    for (file, target) in expected {
        let text = read(file);
        match target {
            Some(t) => assert!(
                text.contains(&format!("continues: {t} ")),
                "{file}:\n{text}"
            ),
            None => assert!(
                !text.contains("continues:"),
                "{file} linked on a guess:\n{text}"
            ),
        }
    }
    assert!(read("report.md").contains("follows: east-2023 "));
    assert!(
        said.contains("east-2024/issues/1-2.md：如果它接续下面某个问题")
            && said.contains("east-2023/1-2 (标题相近"),
        "the reworded problem is listed with its likely match: {said}"
    );
    assert!(
        said.contains("east-2024/issues/2-2.md：east-2023 里没有相近的问题"),
        "{said}"
    );

    // Imported again over itself (--force), it links the same problems:
    // its own old links are the ones being replaced.
    let again = run(
        p,
        &[
            "import",
            "follow-up.txt",
            "--slug",
            "east-2024",
            "--follows",
            "east-2023",
            "--force",
        ],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("2 个问题已关联"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );

    // Its statuses compared with the notice, it builds.
    assert_eq!(common::confirm_inferred_statuses(p), 4);
    let build = run(p, &["build", "--quiet"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let earlier =
        std::fs::read_to_string(p.join("site/reports/east-2023/issues/1-1.html")).unwrap();
    assert!(
        earlier.contains("reports/east-2024/issues/1-1.html"),
        "links forward"
    );
    let later = std::fs::read_to_string(p.join("site/reports/east-2024/issues/1-1.html")).unwrap();
    assert!(
        later.contains("reports/east-2023/issues/1-1.html"),
        "links back"
    );

    // A problem is continued once: a second follow-up of the same report
    // links nothing that the first already continues, and lists it.
    let out = run(
        p,
        &[
            "import",
            "follow-up.txt",
            "--slug",
            "east-2025",
            "--follows",
            "east-2023",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("0 个问题已关联"), "{said}");
    assert!(said.contains("已被接续"), "{said}");
    assert_eq!(common::confirm_inferred_statuses(p), 4);
    assert!(run(p, &["check"]).status.success());
    // A notice cannot follow itself.
    let out = run(
        p,
        &[
            "import",
            "follow-up.txt",
            "--slug",
            "east-2023",
            "--follows",
            "east-2023",
            "--force",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    // An earlier report that does not exist is a clear error, nothing written.
    let out = run(
        p,
        &[
            "import",
            "follow-up.txt",
            "--slug",
            "east-x",
            "--follows",
            "nowhere",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--follows nowhere"),
        "{}",
        stderr(&out)
    );
    assert!(!p.join("content/reports/east-x").exists());
}

const EARLIER_LONG: &str = "中共西湖区应急管理局党委关于巡察整改情况的通报
发布时间：2023-12-01 来源：区委巡察办
2023年4月10日至5月30日，区委第二巡察组对西湖区应急管理局党委开展了巡察，并于2023年7月3日反馈了巡察意见。
(一)在“安全生产监管”方面
1.关于“应急预案编制不及时、不准确。应于2020年5月完成的60个市级专项预案，仅完成41个”问题的整改
(1)2023年9月完成剩余预案编制。
2.关于“执法检查不够规范，检查记录填写不全”问题的整改
(1)2023年10月开展执法案卷评查。
3.关于“执法检查不够规范，处罚裁量不统一”问题的整改
(1)2023年10月修订裁量基准。
";

const FOLLOW_UP_SHORT: &str = "中共西湖区应急管理局党委关于巡察整改持续推进情况的通报
发布时间：2024-06-01 来源：区委巡察办
2023年4月10日至5月30日，区委第二巡察组对西湖区应急管理局党委开展了巡察，并于2023年7月3日反馈了巡察意见。现将持续整改情况通报如下。
(一)在“安全生产监管”方面
1.关于“应急预案编制不及时、不准确”问题的整改
(1)2024年3月全部预案通过评审。
2.关于“执法检查不够规范”问题的整改
(1)2024年4月建立执法检查随机抽查机制。
";

/// A follow-up that shortens the earlier titles to their first clause is
/// linked where one earlier title holds the short one; where two earlier
/// titles hold it, nothing is linked on a guess, and both are listed as
/// likely, never "nothing looks like it".
#[test]
fn a_follow_up_that_shortens_titles_is_linked_where_one_earlier_title_holds_it() {
    let portal = base_fixture();
    let p = portal.path();
    std::fs::write(p.join("earlier.txt"), EARLIER_LONG).unwrap();
    std::fs::write(p.join("follow-up.txt"), FOLLOW_UP_SHORT).unwrap();
    let out = run(p, &["import", "earlier.txt", "--slug", "west-2023"]);
    assert!(out.status.success(), "{}", stderr(&out));
    common::confirm_inferred_statuses(p);
    let out = run(
        p,
        &[
            "import",
            "follow-up.txt",
            "--slug",
            "west-2024",
            "--follows",
            "west-2023",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("1 个问题已关联"), "{said}");
    let read =
        |f: &str| std::fs::read_to_string(p.join("content/reports/west-2024").join(f)).unwrap();
    assert!(
        read("issues/1-1.md").contains("continues: west-2023/1-1        # 由 import --follows 关联：标题是前一份的缩写或其中一句"),
        "{}",
        read("issues/1-1.md")
    );
    assert!(
        !read("issues/1-2.md").contains("continues:"),
        "two earlier titles hold it: no guess"
    );
    assert!(
        said.contains("west-2023/1-2 (前一份的标题包含这个标题"),
        "{said}"
    );
    assert!(
        said.contains("west-2023/1-3 (前一份的标题包含这个标题"),
        "{said}"
    );
    assert!(!said.contains("没有相近的问题"), "{said}");
}

/// A 巡察公告 (the opening of an inspection: the units it visits, the
/// letters and calls it takes) picked by mistake: its lists of units are
/// not imported as problems, and the warning says what the file seems to
/// be. From 平湖 (szb.zjphol.com/pc/content/202109/06/content_152930.html),
/// shortened.
#[test]
fn an_inspection_announcement_gives_no_problems() {
    let text = "十四届市委第十四轮巡察公告\n\n按照市委巡察工作部署，十四届市委第十四轮巡察共组建4个巡察组，于2021年9月上旬至2021年10月下旬，对全市5个单位党组织开展常规巡察。现公告如下：\n\n一、巡察对象\n\n（1）常规巡察\n\n平湖技师学院、崇文小学、平湖市妇幼保健院\n\n（2）巡察“回头看”\n\n旧埭村、泖河村\n\n二、信访举报受理范围\n\n被巡察党组织上轮巡察反馈意见整改落实情况。\n\n三、反映问题联系方式\n\n电子邮箱：xunchaban@pinghu.gov.cn\n";
    let imported = import_text(text, None);
    assert!(
        imported
            .files
            .iter()
            .all(|f| !f.path.starts_with("issues/")),
        "{:?}",
        imported.files.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    assert!(imported
        .warnings
        .iter()
        .any(|(_, w)| w.contains("这像是巡察公告") && w.contains("没有从中导入问题")));
}

/// A notice that ends "以上问题，我公司高度重视…" and signs with its
/// name and date (the layout of a 审计整改 公示 at xicuiyuan.com/notice-514):
/// the paragraph speaks of every problem and goes to the closing text, the
/// name is the signature; neither is a measure of the last problem. A
/// problem's own "上述问题已整改完成" stays its measure.
#[test]
fn a_closing_paragraph_and_the_signature_are_no_measures() {
    let notice = "关于审计发现问题整改情况的公示\n\
        2022年审计厅对我公司进行了专项审计调查，提出如下问题：\n\
        一、落实政策方面存在的问题\n\
        （一）资金拨付不及时\n\
        整改情况：一是修订资金管理办法。二是建立台账。\n\
        上述问题已整改完成。\n\
        （二）人才投入不足\n\
        整改情况：制定人才引进计划。\n\
        以上问题，我公司高度重视，目前第（一）项已经整改完成，第（二）项持续整改跟踪中。\n\
        广西汽车集团有限公司\n\
        2022年9月30日\n";
    let imported = import_text(notice, Some("gq"));
    let file = |name: &str| written(&imported, name);
    let first = file("issues/1-1.md");
    assert!(first.contains("上述问题已整改完成"), "{first}");
    let last = file("issues/1-2.md");
    assert!(last.contains("制定人才引进计划"), "{last}");
    assert!(!last.contains("以上问题"), "{last}");
    assert!(!last.contains("广西汽车集团有限公司"), "{last}");
    let report = file("report.md");
    assert!(
        report.contains("closing: |\n  以上问题，我公司高度重视"),
        "{report}"
    );
    assert!(report.contains("published: 2022-09-30"), "{report}");

    // Inside a problem, the same words are its own; short numbered lines
    // at the end, with no date under them, are measures, not a signature.
    let notice = "关于巡察整改情况的通报\n\
        一、落实政策方面存在的问题\n\
        （一）资金拨付不及时\n\
        整改情况：修订办法。\n\
        上述问题，已于2022年6月整改完成。\n\
        （二）基层组织建设薄弱\n\
        整改情况：\n\
        1.整顿软弱涣散村党支部\n\
        2.选派第一书记到村党支部\n";
    let imported = import_text(notice, Some("gq"));
    let text = |name: &str| written(&imported, name);
    assert!(text("issues/1-1.md").contains("上述问题，已于2022年6月整改完成"));
    let second = text("issues/1-2.md");
    assert!(
        second.contains("整顿软弱涣散村党支部") && second.contains("选派第一书记到村党支部"),
        "{second}"
    );
}

/// A news item summing up three rounds of inspection (陆良县, qj.gov.cn):
/// none of its totals is declared, the import says why and names them, and
/// it does not claim to have imported figures it left.
#[test]
fn several_rounds_in_one_paragraph_are_said_and_not_declared() {
    let text = fixture_notice("d15-luliang-ducha-rounds");
    let imported = import_text(&text, Some("luliang"));
    assert!(imported.statistics.declared().is_empty());
    let said: Vec<&str> = imported.warnings.iter().map(|w| w.1.as_str()).collect();
    assert!(
        said.iter().any(|w| w.contains("几个问题总数（23、5、18）")),
        "{said:?}"
    );
    assert!(
        said.iter().any(|w| w.contains("也没找到它公布的数字")),
        "{said:?}"
    );
    assert!(!said.iter().any(|w| w.contains("只导入了通报公布的数字")));
}

/// Re-importing a follow-up with --force while a later notice follows it:
/// the report being replaced stays in the portal for the later one, and
/// only its own errors (statuses not yet confirmed) are overlooked.
#[test]
fn a_follow_up_is_replaced_while_a_later_notice_follows_it() {
    let portal = base_fixture();
    let p = portal.path();
    std::fs::write(p.join("earlier.txt"), EARLIER).unwrap();
    std::fs::write(p.join("follow-up.txt"), FOLLOW_UP).unwrap();
    let import = |args: &[&str]| {
        let out = run(p, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    import(&["import", "earlier.txt", "--slug", "east-2023"]);
    common::confirm_inferred_statuses(p);
    import(&[
        "import",
        "follow-up.txt",
        "--slug",
        "east-2024",
        "--follows",
        "east-2023",
    ]);
    common::confirm_inferred_statuses(p);
    import(&[
        "import",
        "follow-up.txt",
        "--slug",
        "east-2025",
        "--follows",
        "east-2024",
    ]);
    common::confirm_inferred_statuses(p);
    // east-2024 gets a status still to confirm, then is replaced.
    let file = p.join("content/reports/east-2024/issues/1-1.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let marked = text.replacen(
        "\nstatus: done\n",
        "\nstatus: done  # 推断自措施里没有尚未完成的说法，请核对\n",
        1,
    );
    assert_ne!(marked, text, "{text}");
    std::fs::write(&file, marked).unwrap();
    import(&[
        "import",
        "follow-up.txt",
        "--slug",
        "east-2024",
        "--follows",
        "east-2023",
        "--force",
    ]);
    assert!(p.join("content/reports/east-2025/report.md").is_file());
}

/// The text import wrote for `name` (`report.md`, `issues/1-1.md`).
fn written(imported: &zhenggai::import::Imported, name: &str) -> String {
    imported
        .files
        .iter()
        .find(|f| f.path == name)
        .map(|f| f.text.clone())
        .unwrap_or_else(|| panic!("{name}"))
}

/// A problem the notice lists with neither a status nor a measure: import
/// guesses nothing (it used to write 已完成, "inferred" from measures
/// that were not there), leaves a placeholder `check` refuses, and says so.
#[test]
fn a_problem_without_status_or_measures_gets_no_guessed_status() {
    let notice = "关于巡察整改情况的通报\n\
        一、落实整改主体责任方面\n\
        （一）整改责任落实不到位\n\
        （二）台账管理不规范\n\
        整改情况：一是建立台账；二是按月通报。目前正在整改。\n";
    let imported = zhenggai::import::import_text(notice, Some("x"));
    let first = written(&imported, "issues/1-1.md");
    assert!(
        first.contains("status: （请填写状态：通报没写，也没列整改措施"),
        "{first}"
    );
    assert!(!first.contains("推断自"), "{first}");
    assert_eq!(imported.unstated, 1);
    // The other problem has measures to read: its status is still
    // inferred from them, and marked.
    let second = written(&imported, "issues/1-2.md");
    assert!(second.contains("status: in_progress  # 推断自"), "{second}");
    assert_eq!(imported.inferred.len(), 1);
}

/// A status the notice states in words that are none of ours, on a
/// problem without measures: still said (the warning names the words),
/// not taken for a notice that says nothing.
#[test]
fn an_unknown_stated_status_is_named_even_without_measures() {
    let notice = "关于巡察整改情况的通报\n\
        一、落实整改主体责任方面\n\
        （一）台账管理不规范\n\
        整改状态：阶段性完成\n";
    let imported = zhenggai::import::import_text(notice, Some("x"));
    assert_eq!(imported.unstated, 0);
    assert!(
        imported
            .warnings
            .iter()
            .any(|(_, w)| w.contains("通报写的状态“阶段性完成”")),
        "{:?}",
        imported.warnings
    );
}

/// The text of a real notice kept as a fixture (`tests/fixtures/notices/`).
fn fixture_notice(name: &str) -> String {
    std::fs::read_to_string(
        repo()
            .join("tests/fixtures/notices")
            .join(name)
            .join("notice.txt"),
    )
    .unwrap()
}

/// 反馈 named as a reference (根据巡察反馈意见，制定了整改方案) is no
/// feedback event: the date before it is the inspection's, and the
/// feedback date stays a placeholder. The event form still gives it.
/// (Seen on https://mech.ycit.edu.cn/info/1115/1272.htm.)
#[test]
fn a_reference_to_the_feedback_dates_no_feedback() {
    let reference = "机械学院召开巡察整改情况通报会
学校党委于2020年11月下旬对机械学院开展了巡察工作,机械学院根据巡察反馈意见,制定了整改方案,对12个方面32个问题认真进行了整改。
";
    let imported = import_text(reference, Some("r"));
    let report = file(&imported, "report.md");
    assert!(report.contains("feedback: （请填写反馈日期"), "{report}");
    let event = "某某局党委关于巡察整改进展情况的通报
2023年4月10日至5月30日，区委第一巡察组对某某局党组开展了巡察，并于2023年7月3日反馈了巡察意见。根据巡察反馈意见，局党组制定了整改方案。
";
    let imported = import_text(event, Some("e"));
    let report = file(&imported, "report.md");
    assert!(report.contains("feedback: 2023-07-03"), "{report}");
}

//! Progress over time in Chromium, on an invented portal
//! (tests/fixtures/followup/: a first notice and a follow-up a year on):
//! both problem pages of a linked pair link to each other and show one
//! timeline; a revised deadline shows the original, the current and the
//! reason; the overdue page counts days against the current deadline; 最近
//! 更新 lists the newest events first; and the portal's figures count each
//! real problem once, against numbers worked out by hand below. axe-core
//! finds nothing on the new pages, at a phone's width and a desktop's.

mod common;

use common::browser::*;
use common::*;

/// The fixture, worked by hand. The first notice (as of 2023-06-30) has
/// three problems: 1-1-1 in progress, 1-1-2 done, 1-1-3 in progress. The
/// follow-up (as of 2024-03-01) continues 1-1-1 (now done) and 1-1-3 (still
/// in progress, deadline moved from 2023-06 to 2024-02-15: 15 days
/// overdue), and adds 1-1-3 (due 2024-03-20: 19 days left). Each real
/// problem once: 4 problems, 2 done, 2 open, 1 overdue, 1 due soon.
const PORTAL_TOTAL: &str = "4";

fn portal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/followup"), dir.path());
    dir
}

#[test]
fn the_open_data_counts_each_problem_once_and_keeps_every_record() {
    let portal = portal();
    let build = run(portal.path(), &["build", "--quiet"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(portal.path().join("site/data/issues.json")).unwrap(),
    )
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(portal.path().join("site/data/issues.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let counts = &json["counts"];
    assert_eq!(counts["total"], 4);
    assert_eq!(counts["done"], 2);
    assert_eq!(counts["overdue"], 1);
    assert_eq!(counts["due_soon"], 1);
    assert_eq!(counts["revised"], 2);
    let issues = json["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 6, "every record is published");
    let by_id = |id: &str| {
        issues
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let first = by_id("first-2023/1-1-1");
    assert_eq!(first["continued_by"], "followup-2024/1-1-1");
    assert_eq!(first["history"].as_array().unwrap().len(), 2);
    let later = by_id("followup-2024/1-1-2");
    assert_eq!(later["continues"], "first-2023/1-1-3");
    assert_eq!(later["deadline"], "2024-02-15");
    assert_eq!(later["original_deadline"], "2023-06");
    assert_eq!(later["days_overdue"], 15);
    assert_eq!(
        later["deadline_changes"][0]["reason"],
        "基层人员轮岗，培训需分批开展"
    );
    // Each report keeps its own notice's figures.
    let first_report = json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "first-2023")
        .unwrap();
    assert_eq!(first_report["counts"]["total"], 3);
    assert_eq!(first_report["counts"]["done"], 1);
}

#[tokio::test(flavor = "current_thread")]
async fn linked_problems_timelines_deadlines_overdue_and_updates_in_chromium() {
    let portal = portal();
    let build = run(portal.path(), &["build", "--quiet"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let site = portal.path().join("site");
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let mut problems = Vec::new();
    for (width, height) in [(360, 740), (1280, 900)] {
        let c = driver.client(width, height).await;

        // The home page: each real problem once, and links to the new pages.
        c.goto(&format!("{}index.html", server.url)).await.unwrap();
        let overview = text_of(&c, ".overview").await.replace(['\n', ' '], "");
        assert!(
            overview.contains(&format!("{PORTAL_TOTAL}问题总数"))
                && overview.contains("2已完成")
                && overview.contains("2未完成"),
            "{overview}"
        );
        let home = text_of(&c, "main").await;
        assert!(home.contains("已逾期 1 个，30天内到期 1 个"), "{home}");
        c.find(fantoccini::Locator::LinkText("最近更新"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();

        // 最近更新: newest first, every kind of event.
        let updates = text_of(&c, "main").await;
        let order = [
            "2024年2月20日",
            "2024年1月25日",
            "2023年12月12日",
            "2023年11月20日",
        ];
        let at: Vec<usize> = order
            .iter()
            .map(|d| updates.find(d).unwrap_or_else(|| panic!("{d}: {updates}")))
            .collect();
        assert!(
            at.windows(2).all(|w| w[0] < w[1]),
            "newest first: {updates}"
        );
        for kind in ["整改措施", "状态变更", "时限调整"] {
            assert!(updates.contains(kind), "{kind}: {updates}");
        }
        for v in axe_violations(&c).await {
            problems.push(format!("updates at {width}px: {v}"));
        }

        // The overdue page, against the revised deadline.
        c.goto(&format!("{}due.html", server.url)).await.unwrap();
        let overdue = text_of(&c, "#overdue").await;
        assert!(
            overdue.contains("培训覆盖面不足") && overdue.contains("已逾期15天"),
            "{overdue}"
        );
        assert!(overdue.contains("原定2023年6月"), "{overdue}");
        assert!(
            !overdue.contains("台账管理不规范"),
            "done problems are not overdue"
        );
        let soon = text_of(&c, "#due-soon").await;
        // Due 19 days after its notice's as-of date, and listed as such;
        // the deadline (2024-03-20) has passed since with nothing
        // published, so the tag says that instead of counting down.
        assert!(
            soon.contains("档案数字化进度慢") && soon.contains("时限 2024年3月20日"),
            "{soon}"
        );
        assert!(
            soon.contains("时限2024年3月20日已过，未公布新进展"),
            "{soon}"
        );
        assert!(!soon.contains("天后到期"), "{soon}");
        assert!(
            !soon.contains("今日到期"),
            "the first notice's 1-1-3 is continued: counted at its latest: {soon}"
        );
        for v in axe_violations(&c).await {
            problems.push(format!("due at {width}px: {v}"));
        }

        // The first notice keeps its own figures and names its follow-up.
        c.goto(&format!("{}reports/first-2023/index.html", server.url))
            .await
            .unwrap();
        let first = text_of(&c, "main").await;
        assert!(first.contains("后续通报"), "{first}");
        let overview = text_of(&c, ".overview").await.replace(['\n', ' '], "");
        assert!(
            overview.contains("3问题总数") && overview.contains("1已完成"),
            "its own notice's figures: {overview}"
        );
        for v in axe_violations(&c).await {
            problems.push(format!("first report at {width}px: {v}"));
        }

        // The first notice's problem links forward; the follow-up's back.
        c.goto(&format!(
            "{}reports/first-2023/issues/1-1-1.html",
            server.url
        ))
        .await
        .unwrap();
        let chain = text_of(&c, ".chain").await;
        assert!(chain.contains("此问题的后续整改见"), "{chain}");
        assert!(
            chain.contains("2023年3月15日") && chain.contains("2024年1月25日"),
            "one timeline across both notices: {chain}"
        );
        for v in axe_violations(&c).await {
            problems.push(format!("first problem at {width}px: {v}"));
        }
        c.find(fantoccini::Locator::Css(".chain p a"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let url = c.current_url().await.unwrap();
        assert!(
            url.path()
                .ends_with("reports/followup-2024/issues/1-1-1.html"),
            "{url}"
        );
        let chain = text_of(&c, ".chain").await;
        assert!(chain.contains("本问题接续"), "{chain}");
        let facts = text_of(&c, ".facts").await;
        assert!(
            facts.contains("2024年1月31日") && facts.contains("原定2023年12月31日"),
            "current and original deadline: {facts}"
        );
        let moved = text_of(&c, "section[aria-labelledby=deadline-h]").await;
        assert!(moved.contains("需与新系统上线同步实施"), "{moved}");
        let history = text_of(&c, "section[aria-labelledby=history-h]").await;
        assert!(history.contains("台账全部录入新系统"), "{history}");
        c.find(fantoccini::Locator::Css(".chain p a"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let url = c.current_url().await.unwrap();
        assert!(
            url.path().ends_with("reports/first-2023/issues/1-1-1.html"),
            "{url}"
        );
        c.goto(&format!(
            "{}reports/followup-2024/issues/1-1-1.html",
            server.url
        ))
        .await
        .unwrap();
        for v in axe_violations(&c).await {
            problems.push(format!("follow-up problem at {width}px: {v}"));
        }

        // The full list keeps every record where its notice put it (so its
        // pages never shift when a follow-up arrives), marking the two a
        // later notice continues; the lists by status count each real
        // problem once, at its latest status.
        c.goto(&format!("{}problems.html", server.url))
            .await
            .unwrap();
        let rows = c
            .find_all(fantoccini::Locator::Css("ul.issues li"))
            .await
            .unwrap();
        assert_eq!(rows.len(), 6, "every record of both notices");
        let continued = c
            .find_all(fantoccini::Locator::Css("ul.issues li .tag-continued"))
            .await
            .unwrap();
        assert_eq!(continued.len(), 2, "the continued records are marked");
        let lead = text_of(&c, "main .lead").await;
        assert!(lead.starts_with("共 4 个问题"), "{lead}");
        let mut by_status = 0;
        for status in ["done", "basically_done", "in_progress", "not_done"] {
            let path = site.join(format!("problems/{status}.html"));
            if let Ok(html) = std::fs::read_to_string(path) {
                by_status += html.matches("<li><a href=\"../reports/").count();
            }
        }
        assert_eq!(by_status, 4, "each real problem once by status");

        // A report's own figures and its filter for what is due soon.
        c.goto(&format!("{}reports/followup-2024/index.html", server.url))
            .await
            .unwrap();
        let overview = text_of(&c, ".overview").await.replace(['\n', ' '], "");
        assert!(
            overview.contains("1已逾期") && overview.contains("130天内到期"),
            "{overview}"
        );
        let facts = text_of(&c, "main").await;
        assert!(
            facts.contains("本通报是对 2023年6月30日《虚构测试局关于巡察整改进展情况的通报（测试数据）》的后续通报"),
            "the report says which notice it follows: {facts}"
        );
        c.find(fantoccini::Locator::Css("input[name=f-status][value=due]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let shown: Vec<String> = {
            let mut shown = Vec::new();
            for li in c
                .find_all(fantoccini::Locator::Css(".issues li[data-status]"))
                .await
                .unwrap()
            {
                if li.is_displayed().await.unwrap() {
                    shown.push(li.text().await.unwrap());
                }
            }
            shown
        };
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0].contains("档案数字化进度慢"), "{shown:?}");
        for v in axe_violations(&c).await {
            problems.push(format!("follow-up report at {width}px: {v}"));
        }
        c.close().await.unwrap();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

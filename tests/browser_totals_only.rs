//! A notice that gives only totals (697 problems, 688 done, 4 basically
//! done, 5 not done, no list) imported, completed by staff and built: in
//! Chromium its report page shows the figures as the notice states them,
//! says that the problems are not listed one by one, and never shows a
//! computed 0 of 0; the home page leaves it out of the computed totals and
//! says so. axe-core finds nothing on either page.

mod common;

use common::browser::*;
use common::*;

/// Written for this test in the form round-level notices take.
const NOTICE: &str = "关于十一届县委第三轮巡察集中整改进展情况的通报
发布时间：2024-03-15 10:00 来源：县委巡察办
根据县委统一部署，2023年9月1日至10月20日，县委第三巡察组对县农业农村局党组进行了巡察。2023年12月8日，县委第三巡察组向县农业农村局党组反馈了巡察意见。
截至目前，反馈问题697个，完成688个、基本完成4个、未完成5个。诫勉谈话2人，提醒谈话11人。追缴资金12.34万元。制定及完善制度15项。
下一步，将持续巩固整改成果。
";

#[tokio::test(flavor = "current_thread")]
async fn a_totals_only_notice_shows_its_declared_figures() {
    let portal = base_fixture();
    let p = portal.path();
    std::fs::write(p.join("notice.txt"), NOTICE).unwrap();
    let out = run(p, &["import", "notice.txt", "--slug", "round-3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("通报没有逐个列出问题"), "{said}");
    let report = std::fs::read_to_string(p.join("content/reports/round-3/report.md")).unwrap();
    assert!(!report.contains(zhenggai::model::PLACEHOLDER), "{report}");
    assert!(report.contains("areas: []"), "{report}");

    let build = run(p, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let server = FileServer::start(&p.join("site"), "/");
    let driver = Driver::start();
    let c = driver.client(360, 740).await;

    c.goto(&format!("{}reports/round-3/index.html", server.url))
        .await
        .unwrap();
    let overview = text_of(&c, ".overview").await;
    assert!(
        overview.contains("本通报未逐项列出问题"),
        "the page says the problems are not listed: {overview}"
    );
    for (figure, label) in [
        ("697个", "问题总数"),
        ("688个", "已完成"),
        ("4个", "基本完成"),
        ("5个", "未完成"),
        ("15项", "建立完善制度"),
    ] {
        let shown = overview.replace(['\n', ' '], "");
        assert!(
            shown.contains(&format!("{figure}{label}")),
            "{figure} {label} missing from: {overview}"
        );
    }
    assert!(!overview.contains("完成率"), "no computed rate: {overview}");
    assert!(
        !c.source().await.unwrap().contains("问题清单"),
        "no empty problem list"
    );
    let results = text_of(&c, ".results").await.replace(['\n', ' '], "");
    assert!(results.contains("12.34万元追缴资金"), "{results}");
    assert!(results.contains("2人诫勉谈话"), "{results}");
    let mut problems = Vec::new();
    for v in axe_violations(&c).await {
        problems.push(format!("report: {v}"));
    }

    c.goto(&format!("{}index.html", server.url)).await.unwrap();
    let home = text_of(&c, "main").await;
    assert!(
        home.contains("另有 1 份通报只公布了总数"),
        "the home page says what its totals leave out: {home}"
    );
    assert!(home.contains("本通报未逐项列出问题"), "{home}");
    for v in axe_violations(&c).await {
        problems.push(format!("home: {v}"));
    }
    c.close().await.unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

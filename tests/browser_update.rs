//! After a monthly ledger update (`import --update`), what a citizen reads
//! in Chromium: the problem page shows the new status change and the moved
//! deadline with its reason, its 最近更新 is the day of the change, and the
//! portal's 最近更新 page lists both changes first.

mod common;

use common::browser::*;
use common::*;

#[tokio::test(flavor = "current_thread")]
async fn an_update_shows_its_history_and_moved_deadline_on_the_pages() {
    let portal = example_copy();
    let p = portal.path();
    let ledger = repo().join("tests/fixtures/ledgers/update_monthly.xlsx");
    let out = run(
        p,
        &[
            "import",
            ledger.to_str().unwrap(),
            "--update",
            "wenling-yingji-2023",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let build = run(p, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let server = FileServer::start(&p.join("site"), "/");
    let driver = Driver::start();
    let c = driver.client(360, 740).await;
    let page = |slug: &str| {
        format!(
            "{}reports/wenling-yingji-2023/issues/{slug}.html",
            server.url
        )
    };

    c.goto(&page("1-3-3")).await.unwrap();
    let status = text_of(&c, ".status").await;
    assert!(status.contains("已完成"), "{status}");
    let history = text_of(&c, "section[aria-labelledby=history-h]").await;
    assert!(
        history.contains("2023年12月31日") && history.contains("据整改台账更新"),
        "{history}"
    );
    let facts = text_of(&c, ".facts").await;
    assert!(
        facts.contains("最近更新 2023年12月31日") || facts.contains("最近更新\n2023年12月31日"),
        "{facts}"
    );

    c.goto(&page("2-1-2")).await.unwrap();
    let facts = text_of(&c, ".facts").await;
    assert!(
        facts.contains("2024年6月30日") && facts.contains("原定"),
        "{facts}"
    );
    assert!(
        facts.contains("2023年12月31日"),
        "最近更新 is the day the deadline moved: {facts}"
    );
    let body = text_of(&c, "article").await;
    assert!(
        body.contains("需待省级监管办法出台后修订"),
        "the reason is shown: {body}"
    );

    c.goto(&format!("{}updates.html", server.url))
        .await
        .unwrap();
    let updates = text_of(&c, "main").await;
    let status_at = updates
        .find("未履行执法职责，事故调查相关行政处罚不到位")
        .unwrap_or(usize::MAX);
    let deadline_at = updates
        .find("对安全生产社会化服务机构监管不够有力")
        .unwrap_or(usize::MAX);
    assert!(
        status_at < updates.len() && deadline_at < updates.len(),
        "{updates}"
    );
    assert!(updates.contains("时限调整"), "{updates}");
    assert!(axe_violations(&c).await.is_empty());
    c.close().await.unwrap();
}

//! On a 360×780 phone the header (portal name, the 大字/高对比度/朗读
//! buttons, navigation, search box) takes at most a fifth of the screen,
//! in every mode, so the page's own content starts in view.

mod common;

use common::browser::*;
use common::example_site;

#[tokio::test(flavor = "current_thread")]
async fn the_header_fits_in_a_fifth_of_a_phone_screen_in_every_mode() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.phone(360, 780).await;
    let page = format!(
        "{}reports/wenling-yingji-2023/issues/1-3-2.html",
        server.url
    );
    for mode in ["", "large", "contrast", "large contrast"] {
        c.goto(&page).await.unwrap();
        let script = format!(
            "document.documentElement.className = '{mode}'; return [document.querySelector('header.masthead').getBoundingClientRect().height, window.innerWidth];"
        );
        let measured: (f64, f64) =
            serde_json::from_value(c.execute(&script, vec![]).await.unwrap()).unwrap();
        println!(
            "mode {mode:?}: header {:.0} px high at {:.0} px wide",
            measured.0, measured.1
        );
        assert_eq!(measured.1, 360.0, "a true 360 px viewport");
        assert!(
            measured.0 <= 780.0 / 5.0,
            "mode {mode:?}: the header takes {:.0} px of 780",
            measured.0
        );
        let violations = axe_violations(&c).await;
        assert!(violations.is_empty(), "mode {mode:?}: {violations:?}");
    }
    c.close().await.unwrap();
}

/// Printed, a report keeps the portal's name, the notice's facts and the
/// feedback contact, and drops controls and download links; a problem page
/// names its notice.
#[tokio::test(flavor = "current_thread")]
async fn a_printed_page_keeps_who_publishes_it_and_where_to_write() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    let visible = |css: &'static str| {
        format!("var e = document.querySelector('{css}'); return !!e && e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none';")
    };
    c.goto(&format!(
        "{}reports/wenling-yingji-2023/index.html",
        server.url
    ))
    .await
    .unwrap();
    emulate_print(&c).await;
    for (css, shown) in [
        (".masthead .brand", true),
        (".sitefoot", true),
        (".sitefoot .contact", true),
        (".opendata", false),
        (".searchbar", false),
        (".prefs", false),
        (".crumbs", false),
    ] {
        let seen = c.execute(&visible(css), vec![]).await.unwrap();
        assert_eq!(
            seen,
            serde_json::Value::Bool(shown),
            "printed report: {css}"
        );
    }
    let foot = text_of(&c, ".sitefoot").await;
    assert!(
        foot.contains("0576-86161521") && foot.contains("人民东路200号"),
        "{foot}"
    );
    c.goto(&format!(
        "{}reports/wenling-yingji-2023/issues/1-3-2.html",
        server.url
    ))
    .await
    .unwrap();
    emulate_print(&c).await;
    let facts = text_of(&c, ".facts").await;
    assert!(
        facts.contains("所属通报") && facts.contains("关于巡察整改进展情况的通报"),
        "{facts}"
    );
    let seen = c
        .execute(&visible(".feedback .button"), vec![])
        .await
        .unwrap();
    assert_eq!(
        seen,
        serde_json::Value::Bool(false),
        "no mail button on paper"
    );
    c.close().await.unwrap();
}

/// Built for a day years after the notice: at 360 and 1280 px the problem
/// page says to which day its status is stated and that its deadline has
/// passed since, 逾期与即将到期 lists it apart, the regulation table keeps
/// 文号 unbroken, and axe finds nothing.
#[tokio::test(flavor = "current_thread")]
async fn a_page_read_years_later_says_what_it_knows_and_since_when() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = common::run(
        &common::repo(),
        &[
            "build",
            "--quiet",
            "--out",
            site.to_str().unwrap(),
            "--today",
            "2026-12-06",
        ],
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    for phone in [true, false] {
        let c = if phone {
            driver.phone(360, 780).await
        } else {
            driver.client(1280, 900).await
        };
        c.goto(&format!(
            "{}reports/wenling-yingji-2023/issues/2-1-2.html",
            server.url
        ))
        .await
        .unwrap();
        let status = text_of(&c, ".status").await;
        assert!(status.contains("进展截至2023年9月7日"), "{status}");
        let lapsed = text_of(&c, ".lapsed").await;
        assert!(
            lapsed.contains("整改时限2023年12月已过，此后未公布新的整改进展"),
            "{lapsed}"
        );
        assert!(axe_violations(&c).await.is_empty());
        c.goto(&format!("{}due.html", server.url)).await.unwrap();
        let section = text_of(&c, "#lapsed").await;
        assert!(
            section.contains("对安全生产社会化服务机构监管不够有力"),
            "{section}"
        );
        assert!(text_of(&c, "#no-deadline").await.contains("未定时限（5）"));
        assert!(axe_violations(&c).await.is_empty());
        c.goto(&format!("{}regulations.html", server.url))
            .await
            .unwrap();
        let unbroken: serde_json::Value = c
            .execute(
                "return [...document.querySelectorAll('.regtable td[data-label=\"文号\"]')].every(td => getComputedStyle(td).whiteSpace === 'nowrap');",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(unbroken, serde_json::Value::Bool(true));
        c.close().await.unwrap();
    }
}

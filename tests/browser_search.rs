//! Chinese search in a real headless Chromium over the example portal:
//! each query finds its problem among the first three results, over
//! http:// and file://; no-hit queries say so; keyboard and header box work.

mod common;

use common::browser::*;
use common::example_site;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use std::time::Duration;

/// (query, the issue file expected in the top three; "" for no hit).
const QUERIES: &[(&str, &str)] = &[
    ("森林消防", "1-4-2"),
    ("烟花爆竹", "2-1-3"),
    ("年休假", "2-4-2"),
    ("工会 经费", "2-5"),
    ("涉案危险化学品", "2-1-1"),
    ("启动纠正程序", "1-3-3"),
    ("亿腾铝业", "1-2-1"),
    ("8366", "1-4-4"),
    ("温应急[2023]19号", "1-3-2"),
    ("温应急〔2023〕19号", "1-3-2"),
    ("温应急【2023】19号", "1-3-2"),
    ("温政办发[2023]11号", "1-4-1"),
    ("消防队", "1-4-2"),
    ("量子计算机", ""),
];

/// Opens `search.html?q=…` under `base` and returns the result links.
async fn results(c: &Client, base: &str, query: &str) -> (Vec<String>, String) {
    c.goto(&format!("{base}search.html?q={}", encode_query(query)))
        .await
        .unwrap();
    let done = format!(r#"#results[data-query="{query}"]"#);
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&done))
        .await
        .unwrap_or_else(|_| panic!("no results rendered for {query}"));
    let links = c
        .execute("return [...document.querySelectorAll('#results li h2 a')].map(a => a.getAttribute('href'));", vec![])
        .await
        .unwrap();
    let status = c
        .find(Locator::Css("#search-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (serde_json::from_value(links).unwrap(), status)
}

async fn check_queries(c: &Client, base: &str) -> Vec<String> {
    let mut failures = Vec::new();
    for (query, expected) in QUERIES {
        let (links, status) = results(c, base, query).await;
        if expected.is_empty() {
            if !links.is_empty() || !status.contains("没有找到") {
                failures.push(format!(
                    "{query}: expected no hit, got {links:?} / {status}"
                ));
            }
            continue;
        }
        let wanted = format!("reports/wenling-yingji-2023/issues/{expected}.html");
        if !links.iter().take(3).any(|l| l == &wanted) {
            failures.push(format!("{query}: {wanted} not in top 3 of {links:?}"));
        }
        if !status.starts_with(&format!("找到 {} 个相关问题", links.len())) {
            failures.push(format!(
                "{query}: status says {status:?} for {} results",
                links.len()
            ));
        }
    }
    failures
}

#[tokio::test(flavor = "current_thread")]
async fn every_query_finds_its_problem_over_http() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(1024, 800).await;
    let failures = check_queries(&c, &server.url).await;
    assert!(console_errors(&c).await.is_empty());
    c.close().await.unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "current_thread")]
async fn every_query_finds_its_problem_from_file_urls() {
    let site = example_site();
    let driver = Driver::start();
    let c = driver.client(1024, 800).await;
    let failures = check_queries(&c, &format!("file://{}/", site.display())).await;
    c.close().await.unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "current_thread")]
async fn matches_are_highlighted_and_results_show_status_and_report() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(1024, 800).await;
    let (links, _) = results(&c, &server.url, "烟花爆竹").await;
    assert!(!links.is_empty());
    let first = c.find(Locator::Css("#results li")).await.unwrap();
    let marks = first.find_all(Locator::Css("mark")).await.unwrap();
    assert!(!marks.is_empty(), "matched words are marked");
    assert_eq!(marks[0].text().await.unwrap(), "烟花爆竹");
    let tag = first
        .find(Locator::Css(".tag"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(tag, "已完成");
    let meta = first
        .find(Locator::Css(".meta"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        meta.contains("温岭市应急管理局党委"),
        "the report's unit: {meta}"
    );
    // Results are announced: the count sits in a role=status live region.
    let role = c
        .find(Locator::Css("#search-status"))
        .await
        .unwrap()
        .attr("role")
        .await
        .unwrap();
    assert_eq!(role.as_deref(), Some("status"));
    c.close().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn search_works_from_the_keyboard_and_the_header_box() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(1024, 800).await;
    // The header box on any page leads to the search page with the query in the URL.
    c.goto(&format!("{}feedback.html", server.url))
        .await
        .unwrap();
    let header = c.find(Locator::Css("#site-q")).await.unwrap();
    header.send_keys("年休假").await.unwrap();
    header.send_keys(&Key::Enter.to_string()).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(r#"#results[data-query="年休假"] li"#))
        .await
        .unwrap();
    assert!(c
        .current_url()
        .await
        .unwrap()
        .as_str()
        .ends_with("search.html?q=%E5%B9%B4%E4%BC%91%E5%81%87"));
    // Typing updates results live; Tab reaches the first result; Enter opens it.
    let input = c.find(Locator::Css("#q")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys("亿腾铝业").await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(r#"#results[data-query="亿腾铝业"] li"#))
        .await
        .unwrap();
    c.execute("document.getElementById('q').focus();", vec![])
        .await
        .unwrap();
    // The query, the button, the two filters, then the first result.
    for _ in 0..4 {
        c.active_element()
            .await
            .unwrap()
            .send_keys(&Key::Tab.to_string())
            .await
            .unwrap();
    }
    let focused = c
        .execute(
            "return document.activeElement.getAttribute('href');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        focused.as_str(),
        Some("reports/wenling-yingji-2023/issues/1-2-1.html")
    );
    c.active_element()
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_url(
            &url::Url::parse(&format!(
                "{}reports/wenling-yingji-2023/issues/1-2-1.html",
                server.url
            ))
            .unwrap(),
        )
        .await
        .unwrap();
    c.close().await.unwrap();
}

#[test]
fn without_javascript_the_search_box_leads_to_a_page_that_says_what_to_do() {
    let site = example_site();
    let page =
        std::fs::read_to_string(site.join("reports/wenling-yingji-2023/index.html")).unwrap();
    assert!(
        page.contains(r#"<form class="wrap searchbar" role="search" action="../../search.html""#),
        "header form goes to the search page, never silently to the full list"
    );
    let all = std::fs::read_to_string(site.join("problems.html")).unwrap();
    assert_eq!(
        all.matches("/issues/").count(),
        33,
        "problems.html lists every problem"
    );
    let search = std::fs::read_to_string(site.join("search.html")).unwrap();
    assert!(search.contains("<noscript><p>搜索和组合筛选需要启用 JavaScript。您也可以<a href=\"problems.html\">浏览全部整改问题</a>"), "{search}");
}

/// A search for a document number shows the document itself among
/// 规章制度, linked to its entry, and the problem citing it shows the
/// passage with the number, marked; at 360 and 1280 px, without axe
/// violations.
#[tokio::test(flavor = "current_thread")]
async fn a_document_number_finds_the_document_and_shows_the_matched_passage() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    for width in [360, 1280] {
        let c = driver.client(width, 780).await;
        let (links, _) = results(&c, &server.url, "温应急〔2023〕19号").await;
        assert!(!links.is_empty(), "the citing problem is found");
        wait_until(&c, "return !document.getElementById('reg-results').hidden").await;
        let regs = text_of(&c, "#reg-results").await;
        assert!(regs.contains("规章制度（1）"), "{regs}");
        assert!(
            regs.contains("安全生产事故调查处理闭环管理规定") && regs.contains("温应急"),
            "{regs}"
        );
        let href: serde_json::Value = c
            .execute(
                "return document.querySelector('#reg-results a').getAttribute('href');",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            href.as_str().unwrap().starts_with("regulations.html#reg-"),
            "{href}"
        );
        let teaser = text_of(&c, "#results li .teaser").await;
        assert!(
            teaser.contains("温应急"),
            "the snippet shows the number: {teaser}"
        );
        assert!(axe_violations(&c).await.is_empty());
        c.close().await.unwrap();
    }
}

//! The example portal in a real headless Chromium: every page type loads
//! cleanly at phone width, passes axe-core (WCAG A/AA), and the report
//! page's filters and the larger-text switch work, over http and file://.

mod common;

use common::browser::*;
use common::example_site;
use fantoccini::{Client, Locator};
use std::time::Duration;

const REPORT: &str = "reports/wenling-yingji-2023/index.html";

/// One page of each type.
const PAGES: &[&str] = &[
    "index.html",
    REPORT,
    "reports/wenling-yingji-2023/issues/1-3-1.html",
    "reports/wenling-yingji-2023/regulations.html",
    "regulations.html",
    "feedback.html",
    "problems.html",
    "404.html",
];

async fn number(c: &Client, script: &str) -> f64 {
    c.execute(script, vec![]).await.unwrap().as_f64().unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn every_page_loads_cleanly_at_phone_width() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(360, 740).await;
    let mut problems = Vec::new();
    for page in PAGES {
        c.goto(&format!("{}{page}", server.url)).await.unwrap();
        for e in console_errors(&c).await {
            problems.push(format!("{page}: console error: {e}"));
        }
        for r in bad_resources(&c).await {
            problems.push(format!("{page}: bad resource: {r}"));
        }
        let overflow = number(
            &c,
            "return document.documentElement.scrollWidth - window.innerWidth;",
        )
        .await;
        if overflow > 0.0 {
            problems.push(format!("{page}: scrolls sideways by {overflow}px at 360px"));
        }
        let h1 = number(&c, "return document.querySelectorAll('h1').length;").await;
        if h1 != 1.0 {
            problems.push(format!("{page}: {h1} h1 elements"));
        }
    }
    c.close().await.unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "current_thread")]
async fn axe_core_finds_no_wcag_a_or_aa_violations() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let mut problems = Vec::new();
    for (width, height) in [(1280, 900), (360, 740)] {
        let c = driver.client(width, height).await;
        for page in PAGES {
            c.goto(&format!("{}{page}", server.url)).await.unwrap();
            for v in axe_violations(&c).await {
                problems.push(format!("{page} at {width}px: {v}"));
            }
        }
        c.close().await.unwrap();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Number of problem entries currently shown in the report's list.
async fn visible_problems(c: &Client) -> f64 {
    number(c, "return [...document.querySelectorAll('.problem-list li[data-status]')].filter(li => li.offsetParent !== null).length;").await
}

#[tokio::test(flavor = "current_thread")]
async fn report_filters_narrow_the_list_instantly() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(1024, 800).await;
    c.goto(&format!("{}{REPORT}", server.url)).await.unwrap();
    assert_eq!(visible_problems(&c).await, 33.0);
    c.find(Locator::Css("input[name=f-status][value=in_progress]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(visible_problems(&c).await, 7.0, "7 problems in progress");
    let count = c
        .find(Locator::Css("#filter-count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(count, "显示 7 个问题（共 33 个）");
    c.find(Locator::Css("input[name=f-area][value='2']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(visible_problems(&c).await, 3.0, "3 of them in area 二");
    c.find(Locator::Css("input[name=f-status][value='']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(visible_problems(&c).await, 13.0, "area 二 has 13 problems");
    c.find(Locator::Css("input[name=f-area][value='']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(visible_problems(&c).await, 33.0);
    c.close().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn without_javascript_the_status_lists_and_area_links_still_work() {
    let site = example_site();
    let html = std::fs::read_to_string(site.join(REPORT)).unwrap();
    // The JS filter bar is hidden until the script reveals it…
    assert!(html.contains(r#"<div class="filters" id="filters" hidden>"#));
    // …and without it, a <details> lists problems by status and the chart links to each area.
    assert!(html.contains("<summary>按整改状态查看</summary>"));
    assert!(html.contains("<h3>整改中（7个）</h3>"));
    assert!(html.contains(r##"href="#area-3""##));
}

#[tokio::test(flavor = "current_thread")]
async fn the_larger_text_switch_enlarges_text_and_persists() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(390, 800).await;
    let size = "return parseFloat(getComputedStyle(document.body).fontSize);";
    c.goto(&format!("{}{REPORT}", server.url)).await.unwrap();
    let before = number(&c, size).await;
    let button = c.find(Locator::Css("#textsize")).await.unwrap();
    assert_eq!(
        button.attr("aria-pressed").await.unwrap().as_deref(),
        Some("false")
    );
    button.click().await.unwrap();
    let after = number(&c, size).await;
    assert!(after >= before * 1.2, "font grew from {before} to {after}");
    assert_eq!(
        button.attr("aria-pressed").await.unwrap().as_deref(),
        Some("true")
    );
    let overflow = number(
        &c,
        "return document.documentElement.scrollWidth - window.innerWidth;",
    )
    .await;
    assert!(
        overflow <= 0.0,
        "large text scrolls sideways by {overflow}px"
    );
    // Another page of the site keeps the choice.
    c.goto(&format!("{}feedback.html", server.url))
        .await
        .unwrap();
    assert_eq!(number(&c, size).await, after);
    c.find(Locator::Css("#textsize"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(number(&c, size).await, before);
    c.close().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn pages_work_when_opened_from_disk() {
    let site = example_site();
    let driver = Driver::start();
    let c = driver.client(1024, 800).await;
    c.goto(&format!("file://{}", site.join("index.html").display()))
        .await
        .unwrap();
    let link = c.find(Locator::Css(".card h3 a")).await.unwrap();
    link.click().await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#filters:not([hidden])"))
        .await
        .unwrap();
    assert!(c.current_url().await.unwrap().as_str().ends_with(REPORT));
    assert_eq!(visible_problems(&c).await, 33.0);
    let first = c
        .find(Locator::Css(".problem-list .issues a"))
        .await
        .unwrap();
    first.click().await.unwrap();
    let h1 = text_of(&c, "h1").await;
    assert!(h1.contains("学习习近平总书记"), "{h1}");
    assert!(console_errors(&c).await.is_empty());
    c.close().await.unwrap();
}

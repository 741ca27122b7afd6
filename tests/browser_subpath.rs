//! The site deployed under a sub-path (`/portal/`), as on a government
//! host that serves it beside other sites: every link, asset, feed, data
//! file and search result stays under the sub-path and loads, in headless
//! Chromium.

mod common;

use common::browser::*;
use common::example_site;
use fantoccini::{Client, Locator};
use std::time::Duration;

/// The same-origin links and resources of the open page that do not load
/// or leave `/portal/`, fetched by the page itself.
async fn broken_links(c: &Client) -> Vec<String> {
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const urls = new Set([...document.querySelectorAll('a[href], link[href], script[src]')]
               .map(e => (e.href || e.src).split('#')[0])
               .filter(u => u.startsWith(location.origin)));
             Promise.all([...urls].map(u => fetch(u).then(r =>
                 (r.ok && new URL(u).pathname.startsWith('/portal/')) ? null : u + ' ' + r.status)))
               .then(r => done(r.filter(x => x)))
               .catch(e => done(['fetch failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn links_assets_and_search_work_under_a_sub_path() {
    let site = example_site();
    let server = FileServer::start(&site, "/portal/");
    assert!(server.url.ends_with("/portal/"));
    let driver = Driver::start();
    let c = driver.client(1024, 800).await;
    let mut problems = Vec::new();
    for page in [
        "index.html",
        "problems.html",
        "regulations.html",
        "feedback.html",
        "search.html",
        "reports/wenling-yingji-2023/index.html",
        "reports/wenling-yingji-2023/regulations.html",
        "reports/wenling-yingji-2023/issues/1-3-2.html",
    ] {
        c.goto(&format!("{}{page}", server.url)).await.unwrap();
        for link in broken_links(&c).await {
            problems.push(format!("{page}: {link}"));
        }
        for r in bad_resources(&c).await {
            problems.push(format!("{page}: bad resource: {r}"));
        }
        for e in console_errors(&c).await {
            problems.push(format!("{page}: console error: {e}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Search from the header box of a problem page, two folders deep.
    c.goto(&format!(
        "{}reports/wenling-yingji-2023/issues/1-1.html",
        server.url
    ))
    .await
    .unwrap();
    let input = c.find(Locator::Css("#site-q")).await.unwrap();
    input.send_keys("森林消防").await.unwrap();
    c.find(Locator::Css(
        "form.searchbar button, form.searchbar [type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(r#"#results[data-query="森林消防"] li h2 a"#))
        .await
        .expect("results under the sub-path");
    let url = c.current_url().await.unwrap();
    assert!(url.path().starts_with("/portal/search.html"), "{url}");
    let first = c.find(Locator::Css("#results li h2 a")).await.unwrap();
    first.click().await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_url(
            &url::Url::parse(&format!(
                "{}reports/wenling-yingji-2023/issues/1-4-2.html",
                server.url
            ))
            .unwrap(),
        )
        .await
        .expect("the first result opens its page under /portal/");
    let h1 = text_of(&c, "h1").await;
    assert!(h1.contains("森林消防"), "{h1}");
    assert!(broken_links(&c).await.is_empty());
    c.close().await.unwrap();
}

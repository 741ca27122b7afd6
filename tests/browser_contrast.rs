//! The 高对比度 switch in Chromium: it is remembered from page to page,
//! every piece of text then has a contrast of at least 7:1 against what is
//! behind it (measured on the page), and axe-core finds nothing in the
//! normal, 大字 and 高对比度 modes.

mod common;

use common::browser::*;
use common::example_site;
use fantoccini::{Client, Locator};

const PAGES: &[&str] = &[
    "index.html",
    "reports/wenling-yingji-2023/index.html",
    "reports/wenling-yingji-2023/issues/1-3-1.html",
    "reports/wenling-yingji-2023/regulations.html",
    "problems.html",
    "regulations.html",
    "due.html",
    "updates.html",
    "feedback.html",
    "search.html?q=%E6%A3%AE%E6%9E%97",
];

/// Every visible text whose contrast with its background is under 7:1,
/// as "text: ratio".
const LOW_CONTRAST: &str = r#"
const lum = (c) => {
  const m = c.match(/[\d.]+/g).map(Number);
  const ch = m.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return [0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2], m.length > 3 ? m[3] : 1];
};
const background = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const b = getComputedStyle(e).backgroundColor;
    if (lum(b)[1] > 0) return b;
  }
  return "rgb(255, 255, 255)";
};
const low = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement;
  if (!n.textContent.trim() || !el || !el.getClientRects().length) continue;
  const style = getComputedStyle(el);
  if (style.visibility === "hidden" || el.closest(".visually-hidden,[hidden]")) continue;
  const [f] = lum(style.color), [b] = lum(background(el));
  const ratio = (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05);
  if (ratio < 7) low.push(n.textContent.trim().slice(0, 20) + ": " + ratio.toFixed(2));
}
return low;
"#;

async fn low_contrast(c: &Client) -> Vec<String> {
    serde_json::from_value(c.execute(LOW_CONTRAST, vec![]).await.unwrap()).unwrap()
}

async fn has_class(c: &Client, class: &str) -> bool {
    c.execute(
        "return document.documentElement.classList.contains(arguments[0]);",
        vec![class.into()],
    )
    .await
    .unwrap()
    .as_bool()
    .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn high_contrast_is_remembered_and_every_text_reaches_seven_to_one() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(360, 740).await;
    c.goto(&format!("{}index.html", server.url)).await.unwrap();
    // The measure itself: grey on white (2.8:1) is caught.
    c.execute(
        "const p = document.createElement('p'); p.id = 'probe'; p.style.color = '#999'; p.textContent = '浅灰文字'; document.querySelector('main').append(p);",
        vec![],
    )
    .await
    .unwrap();
    let caught = low_contrast(&c).await;
    assert!(
        caught.iter().any(|l| l.starts_with("浅灰文字: 2.8")),
        "{caught:?}"
    );
    c.execute("document.getElementById('probe').remove();", vec![])
        .await
        .unwrap();
    let button = c.find(Locator::Css("#contrast")).await.unwrap();
    assert_eq!(
        button.attr("aria-pressed").await.unwrap().as_deref(),
        Some("false")
    );
    button.click().await.unwrap();
    assert!(has_class(&c, "contrast").await);
    assert_eq!(
        button.attr("aria-pressed").await.unwrap().as_deref(),
        Some("true")
    );
    let mut problems = Vec::new();
    for page in PAGES {
        c.goto(&format!("{}{page}", server.url)).await.unwrap();
        if page.starts_with("search") {
            wait_until(
                &c,
                "return document.querySelectorAll('#results li').length > 0;",
            )
            .await;
        }
        assert!(
            has_class(&c, "contrast").await,
            "{page}: the choice was not kept"
        );
        for low in low_contrast(&c).await {
            problems.push(format!("{page}: {low}"));
        }
        let overflow = c
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                vec![],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        if overflow > 0.0 {
            problems.push(format!("{page}: scrolls sideways by {overflow}px"));
        }
    }
    // Switched off, it stays off.
    c.find(Locator::Css("#contrast"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.goto(&format!("{}feedback.html", server.url))
        .await
        .unwrap();
    assert!(!has_class(&c, "contrast").await);
    c.close().await.unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "current_thread")]
async fn axe_finds_nothing_in_normal_large_and_high_contrast_modes() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let mut problems = Vec::new();
    for (mode, classes) in [
        ("normal", ""),
        ("大字", "large"),
        ("高对比度", "contrast"),
        ("both", "large contrast"),
    ] {
        let c = driver.client(1280, 900).await;
        for page in PAGES {
            c.goto(&format!("{}{page}", server.url)).await.unwrap();
            if page.starts_with("search") {
                wait_until(
                    &c,
                    "return document.querySelectorAll('#results li').length > 0;",
                )
                .await;
            }
            if !classes.is_empty() {
                c.execute(
                    "arguments[0].split(' ').forEach(k => document.documentElement.classList.add(k));",
                    vec![classes.into()],
                )
                .await
                .unwrap();
            }
            for v in axe_violations(&c).await {
                problems.push(format!("{page} ({mode}): {v}"));
            }
        }
        c.close().await.unwrap();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

//! 适老化 in Chromium: 朗读 reads a page's main text through the browser's
//! own speech synthesis and stops when asked; the report page is used by
//! keyboard alone, every control in reading order with a visible focus;
//! nothing pops up.

mod common;

use common::browser::*;
use common::{example_site, repo};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};

const REPORT: &str = "reports/wenling-yingji-2023/index.html";
const ISSUE: &str = "reports/wenling-yingji-2023/issues/1-2-1.html";

async fn json(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn read_aloud_reads_the_main_text_in_order_and_stops() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(390, 800).await;
    c.goto(&format!("{}{ISSUE}", server.url)).await.unwrap();
    assert_eq!(json(&c, "return 'speechSynthesis' in window;").await, true);
    // Observe the speech API: what is spoken, and each cancel.
    json(
        &c,
        "window.__spoken = []; window.__cancelled = 0;
         speechSynthesis.speak = (u) => { __spoken.push([u.text, u.lang]); };
         speechSynthesis.cancel = () => { __cancelled++; };
         return true;",
    )
    .await;
    let button = c.find(Locator::Css("#readaloud")).await.unwrap();
    assert!(button.is_displayed().await.unwrap());
    button.click().await.unwrap();
    let spoken: Vec<(String, String)> =
        serde_json::from_value(json(&c, "return __spoken;").await).unwrap();
    let h1 = text_of(&c, "main h1").await;
    assert_eq!(spoken[0].0, h1, "reading starts with the page's title");
    assert!(spoken.iter().all(|(_, lang)| lang == "zh-CN"));
    assert!(spoken.len() > 5, "{spoken:?}");
    let texts: Vec<&str> = spoken.iter().map(|s| s.0.as_str()).collect();
    let first_measure = text_of(&c, ".timeline li, .measures li, main ol li").await;
    let at = texts
        .iter()
        .position(|t| first_measure.contains(t) || t.contains(first_measure.trim()));
    assert!(
        at.is_some_and(|i| i > 0),
        "the measures are read after the title: {texts:?}"
    );
    assert_eq!(
        button.attr("aria-pressed").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(button.text().await.unwrap(), "停止朗读");
    let before = json(&c, "return __cancelled;").await.as_i64().unwrap();
    button.click().await.unwrap();
    assert_eq!(
        json(&c, "return __cancelled;").await.as_i64().unwrap(),
        before + 1,
        "stopped"
    );
    assert_eq!(
        button.attr("aria-pressed").await.unwrap().as_deref(),
        Some("false")
    );
    // Only report and problem pages have it.
    c.goto(&format!("{}feedback.html", server.url))
        .await
        .unwrap();
    assert_eq!(
        json(&c, "return !!document.getElementById('readaloud');").await,
        false
    );
    c.close().await.unwrap();
}

/// The focusable elements of the page in document order, as Tab should
/// reach them: visible, enabled, and of a radio group only the chosen one.
const FOCUSABLE: &str = r#"
const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')];
return all.filter(el => {
  if (el.disabled || el.tabIndex < 0 || !el.getClientRects().length) return false;
  const closed = el.closest('details:not([open])');
  if (closed && el !== closed.querySelector('summary')) return false;
  if (getComputedStyle(el).visibility === 'hidden') return false;
  if (el.type === 'radio' && !el.checked && document.querySelector(`input[name="${el.name}"]:checked`)) return false;
  return true;
}).map(describe);
function describe(el) { return el.tagName + '|' + (el.id || el.getAttribute('href') || el.value || el.textContent.trim().slice(0, 12)); }
"#;

const ACTIVE: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) return null;
const style = getComputedStyle(el);
const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
return [el.tagName + '|' + (el.id || el.getAttribute('href') || el.value || el.textContent.trim().slice(0, 12)), visible];
"#;

#[tokio::test(flavor = "current_thread")]
async fn the_report_page_is_used_by_keyboard_alone() {
    let site = example_site();
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    c.goto(&format!("{}{REPORT}", server.url)).await.unwrap();
    let expected: Vec<String> = serde_json::from_value(json(&c, FOCUSABLE).await).unwrap();
    assert!(expected.len() > 40, "{} focusable elements", expected.len());
    let mut reached = Vec::new();
    let mut unfocused = Vec::new();
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&Key::Tab.to_string()).await.unwrap();
    for _ in 0..expected.len() {
        let Some(active) = json(&c, ACTIVE).await.as_array().cloned() else {
            break;
        };
        let name = active[0].as_str().unwrap().to_string();
        if active[1] != true {
            unfocused.push(name.clone());
        }
        reached.push(name);
        c.active_element()
            .await
            .unwrap()
            .send_keys(&Key::Tab.to_string())
            .await
            .unwrap();
    }
    assert_eq!(
        reached, expected,
        "Tab follows the reading order and reaches every control"
    );
    assert!(unfocused.is_empty(), "no visible focus on {unfocused:?}");
    assert!(
        reached[0].contains("#main"),
        "the first stop skips to the content: {}",
        reached[0]
    );

    // Operable: the skip link moves to the content; a status filter is
    // chosen with the keyboard and narrows the list.
    c.goto(&format!("{}{REPORT}", server.url)).await.unwrap();
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys(&Key::Tab.to_string()).await.unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    assert_eq!(json(&c, "return document.activeElement.id;").await, "main");
    json(
        &c,
        "document.querySelector('input[name=f-status][value=\"\"]').focus(); return true;",
    )
    .await;
    // Arrow keys move within a radio group, as a keyboard user expects.
    c.active_element()
        .await
        .unwrap()
        .send_keys(&Key::Right.to_string())
        .await
        .unwrap();
    let chosen = json(
        &c,
        "return document.querySelector('input[name=f-status]:checked').value;",
    )
    .await;
    assert_ne!(chosen, "");
    let shown = json(
        &c,
        "return [...document.querySelectorAll('.problem-list .issues li[data-status]')].filter(li => !li.hidden).map(li => li.dataset.status);",
    )
    .await;
    let shown: Vec<String> = serde_json::from_value(shown).unwrap();
    assert!(
        !shown.is_empty() && shown.iter().all(|s| *s == chosen),
        "{chosen}: {shown:?}"
    );
    c.close().await.unwrap();

    // No pop-ups anywhere: the theme's scripts never open a window or a
    // dialog.
    for script in ["site.js", "search.js", "prefs.js"] {
        let text = std::fs::read_to_string(repo().join("theme/static").join(script)).unwrap();
        for call in [
            "alert(",
            "confirm(",
            "prompt(",
            "window.open(",
            ".showModal(",
        ] {
            assert!(!text.contains(call), "{script} calls {call}");
        }
    }
}

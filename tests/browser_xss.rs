//! Hostile content cannot run script. A portal whose every text field,
//! Markdown body, regulation and contact carries script tags, event
//! attributes, `javascript:` links, `</script>` and HTML entities builds,
//! and in headless Chromium no payload runs (each would set
//! `window.__pwned` or open an alert), the text shows as typed, the search
//! index and its results stay inert, and every page satisfies its
//! Content-Security-Policy (a violation would be logged as a console error).

mod common;

use common::browser::*;
use common::{run, stderr};
use fantoccini::{Client, Locator};
use std::fs;
use std::path::Path;
use std::time::Duration;

/// What each field carries: markup that would run if it were not escaped.
const SCRIPT: &str = "<script>window.__pwned=1</script>";
const IMG: &str = "<img src=x onerror=\"window.__pwned=1\">";
const CLOSE: &str = "</script><script>window.__pwned=1</script>";
const ENTITY: &str = "&lt;b&gt;粗&lt;/b&gt; &amp;amp;";

fn yaml(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn write_hostile_portal(root: &Path) {
    let all = format!("木马{SCRIPT}{IMG}{CLOSE}{ENTITY}");
    fs::create_dir_all(root.join("content/reports/evil/issues")).unwrap();
    fs::write(
        root.join("content/portal.yaml"),
        format!(
            "name: {}\npublisher: {}\ndescription: {}\ncontact:\n  phone: {}\n  email: {}\n  address: {}\n  postcode: {}\n  note: {}\n",
            yaml(&format!("门户{SCRIPT}")),
            yaml(&format!("单位{IMG}")),
            yaml(&format!("[点我](javascript:window.__pwned=1) {SCRIPT}")),
            yaml("0576\"><script>window.__pwned=1</script>"),
            yaml("a@b.c?subject=\"><img src=x onerror=window.__pwned=1>"),
            yaml(&all),
            yaml("\"><svg onload=window.__pwned=1>"),
            yaml(&all),
        ),
    )
    .unwrap();
    let intro = format!("# 导语\n\n{SCRIPT}\n\n{IMG}\n\n[链接](javascript:window.__pwned=1)\n\n<a href=\"javascript:window.__pwned=1\" onclick=\"window.__pwned=1\">点</a>\n\n{ENTITY}");
    fs::write(
        root.join("content/reports/evil/report.md"),
        format!(
            "---\ntitle: {}\nunit: {}\nsource: {}\npublished: 2024-01-02\ninspection:\n  team: {}\n  start: 2023-01-01\n  end: 2023-02-01\n  feedback: 2023-03-01\nareas:\n  - title: {}\n    groups:\n      - title: {}\naccountability:\n  - kind: {}\n    people: 1\nclosing: {}\n---\n{}\n",
            yaml(&format!("通报{SCRIPT}")),
            yaml(&format!("单位{IMG}")),
            yaml(&format!("来源{CLOSE}")),
            yaml(&all),
            yaml(&all),
            yaml(&all),
            yaml(&all),
            yaml(&format!("<a href=\"javascript:window.__pwned=1\">链接</a>{SCRIPT}")),
            intro,
        ),
    )
    .unwrap();
    let body = format!("{SCRIPT}\n\n{IMG}\n\n<iframe src=\"javascript:window.__pwned=1\"></iframe>\n\n[x](javascript:window.__pwned=1) {ENTITY}\n\n<style>body{{display:none}}</style>");
    fs::write(
        root.join("content/reports/evil/issues/1-1.md"),
        format!(
            "---\narea: 1\ngroup: 1\ntitle: {}\nstatus: done\nmeasures:\n  - date: 2023-05-01\n    text: {}\nregulations:\n  - number: {}\n    title: {}\n    issued: 2023-05-01\n    kind: established\n---\n{}\n",
            yaml(&format!("木马问题{SCRIPT}{ENTITY}")),
            yaml(&format!("木马措施{CLOSE}{IMG}")),
            yaml("恶[2023]1号\"><script>window.__pwned=1</script>"),
            yaml(&format!("木马制度{SCRIPT}")),
            body,
        ),
    )
    .unwrap();
}

/// Whether a payload ran on the open page (or left an alert open, which
/// makes the script call fail).
async fn pwned(c: &Client) -> bool {
    match c.execute("return window.__pwned === 1;", vec![]).await {
        Ok(v) => v.as_bool().unwrap_or(true),
        Err(_) => true,
    }
}

#[tokio::test(flavor = "current_thread")]
async fn hostile_content_renders_as_text_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_hostile_portal(dir.path());
    let out = run(dir.path(), &["build", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("site");

    // The search data files hold no markup that could close their script.
    for entry in fs::read_dir(site.join("search")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(
            !text.contains("</script"),
            "search data can close a script tag"
        );
        assert!(!text.contains('<'), "search data carries raw markup");
    }

    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(1024, 800).await;
    let mut problems = Vec::new();
    for page in [
        "index.html",
        "problems.html",
        "regulations.html",
        "feedback.html",
        "reports/evil/index.html",
        "reports/evil/regulations.html",
        "reports/evil/issues/1-1.html",
        "search.html?q=%E6%9C%A8%E9%A9%AC",
    ] {
        c.goto(&format!("{}{page}", server.url)).await.unwrap();
        if page.starts_with("search") {
            c.wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css("#results li"))
                .await
                .expect("the hostile problem is found by search");
        }
        // Follow every javascript: link a reader could click.
        c.execute(
            "document.querySelectorAll('a').forEach(a => { if (a.protocol === 'javascript:') a.click(); });",
            vec![],
        )
        .await
        .ok();
        if pwned(&c).await {
            problems.push(format!("{page}: a payload ran"));
        }
        let scripts = c
            .execute(
                "return [...document.scripts].filter(s => !s.src).length + document.querySelectorAll('iframe, [onerror], [onload], [onclick]').length;",
                vec![],
            )
            .await
            .unwrap();
        if scripts.as_u64() != Some(0) {
            problems.push(format!(
                "{page}: {scripts} inline scripts, frames or handlers"
            ));
        }
        let csp = c
            .execute(
                "const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m && m.content;",
                vec![],
            )
            .await
            .unwrap();
        if !csp
            .as_str()
            .is_some_and(|p| p.contains("script-src 'self'"))
        {
            problems.push(format!("{page}: no Content-Security-Policy: {csp}"));
        }
        for e in console_errors(&c).await {
            // Cleaning keeps a Markdown body's <img src=x> (minus its
            // handler); the missing picture is not an injection.
            if e.contains("/x - Failed to load resource") {
                continue;
            }
            problems.push(format!("{page}: console error (a CSP violation?): {e}"));
        }
    }

    // Typed text shows as typed, entities included.
    c.goto(&format!("{}reports/evil/issues/1-1.html", server.url))
        .await
        .unwrap();
    let h1 = text_of(&c, "h1").await;
    assert!(h1.contains("<script>window.__pwned=1</script>"), "{h1}");
    assert!(h1.contains("&lt;b&gt;粗&lt;/b&gt; &amp;amp;"), "{h1}");
    let body = text_of(&c, "body").await;
    assert!(
        body.contains("木马措施</script><script>"),
        "measure text shows as text"
    );
    c.close().await.unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

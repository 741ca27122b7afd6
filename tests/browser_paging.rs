//! Paged lists and filters in a real Chromium, on a generated portal of
//! 2,000 problems: without JavaScript a reader pages through the lists and
//! browses by status, year and area by following links; with it, the
//! search page filters by status, year and report at once. At phone and
//! desktop widths, with axe-core finding nothing on the new pages.

mod common;

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

use common::browser::*;
use common::{run, stderr};
use fantoccini::{Client, Locator};
use std::path::{Path, PathBuf};

const WIDTHS: [(u32, u32); 2] = [(360, 740), (1280, 900)];

/// A built portal of 2,000 problems (kept with the temporary folder).
fn portal() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(2_000, dir.path(), 11).unwrap();
    let portal = dir.path().join("portal");
    let build = run(&portal, &["build", "--quiet"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let site = portal.join("site");
    (dir, site)
}

/// A report long enough to have area pages.
fn long_report(site: &Path) -> String {
    let mut reports: Vec<String> = std::fs::read_dir(site.join("reports"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("area-1.html").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    reports.sort();
    reports
        .into_iter()
        .next()
        .expect("a report with area pages")
}

async fn number(c: &Client, script: &str) -> i64 {
    c.execute(script, vec![]).await.unwrap().as_i64().unwrap()
}

async fn current_path(c: &Client, server: &FileServer) -> String {
    let url = c.current_url().await.unwrap().to_string();
    url.strip_prefix(&server.url).unwrap_or(&url).to_string()
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no link {css}"))
        .click()
        .await
        .unwrap();
}

/// The problem links of the list on the open page.
async fn listed(c: &Client) -> Vec<String> {
    let value = c
        .execute(
            "return [...document.querySelectorAll('main .issues li > a:first-child')].map(a => a.getAttribute('href'));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(value).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn without_javascript_lists_page_and_facets_filter_by_links() {
    let (_dir, site) = portal();
    let report = long_report(&site);
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    for (width, height) in WIDTHS {
        let c = driver.client_without_js(width, height).await;
        c.goto(&format!("{}problems.html", server.url))
            .await
            .unwrap();
        let first = listed(&c).await;
        assert!(
            (25..50).contains(&first.len()),
            "{} on the first page",
            first.len()
        );
        // Scripts are off: the link to the scripted filters stays hidden.
        let hidden = c.find(Locator::Css(".facet-search")).await.unwrap();
        assert!(!hidden.is_displayed().await.unwrap());

        click(&c, "nav.pages a[rel=next]").await;
        let second_path = current_path(&c, &server).await;
        assert!(second_path.starts_with("problems/"), "{second_path}");
        let second = listed(&c).await;
        assert_eq!(second.len(), 25);
        assert!(
            second.iter().all(|h| !first.contains(h)),
            "page 2 repeats page 1"
        );
        assert!(text_of(&c, ".pages-pos").await.starts_with("第 2 页"));
        click(&c, "nav.pages li:last-child a").await;
        assert_eq!(current_path(&c, &server).await, "problems/1.html");
        assert_eq!(
            number(
                &c,
                "return document.querySelectorAll('nav.pages a[rel=next]').length;"
            )
            .await,
            0
        );
        click(&c, "nav.pages li:first-child a").await;
        assert_eq!(current_path(&c, &server).await, "problems.html");

        // A status facet lists only problems of that status, on every page.
        click(&c, "nav.facets a[href$='problems/done.html']").await;
        let count = number(
            &c,
            "return document.querySelectorAll('main .issues li').length;",
        )
        .await;
        let done = number(
            &c,
            "return document.querySelectorAll('main .issues li .tag-done').length;",
        )
        .await;
        assert!(count >= 25 && count == done, "{done} of {count} done");
        click(&c, "nav.pages a[rel=next]").await;
        let count = number(
            &c,
            "return document.querySelectorAll('main .issues li').length;",
        )
        .await;
        let done = number(
            &c,
            "return document.querySelectorAll('main .issues li .tag-done').length;",
        )
        .await;
        assert!(count > 0 && count == done, "page 2: {done} of {count} done");
        assert!(current_path(&c, &server)
            .await
            .starts_with("problems/done/"));

        // A year facet lists the problems of that year's notices.
        click(&c, "nav.facets a[href$='problems/year-2021.html']").await;
        let lead = text_of(&c, "main .lead").await;
        let total = text_of(&c, ".pages-pos").await;
        assert!(
            lead.starts_with("共 ")
                && total.contains(&format!("共 {} 条", lead[4..].split(' ').next().unwrap())),
            "{lead} / {total}"
        );

        // A long report lists its problems area by area, paged.
        c.goto(&format!("{}reports/{report}/index.html", server.url))
            .await
            .unwrap();
        assert_eq!(
            number(
                &c,
                "return document.querySelectorAll('main .issues li').length;"
            )
            .await,
            0
        );
        click(&c, "section.area a[href='area-1.html']").await;
        let rows = listed(&c).await;
        assert!(!rows.is_empty() && rows.len() <= 50, "{} rows", rows.len());
        assert!(
            rows.iter()
                .all(|h| h.contains(&format!("reports/{report}/issues/1-"))),
            "{rows:?}"
        );
        click(&c, "nav.facets a[href$='area-2.html']").await;
        assert!(listed(&c).await.iter().all(|h| h.contains("/issues/2-")));

        let overflow = number(
            &c,
            "return document.documentElement.scrollWidth - window.innerWidth;",
        )
        .await;
        assert!(overflow <= 0, "scrolls sideways at {width}px");
        c.close().await.unwrap();
    }
}

/// The status line and result tags of the search page once it settles.
async fn settle(c: &Client) -> String {
    wait_until(c, "const s = document.getElementById('search-status').textContent; return s !== '' && !s.startsWith('正在');").await;
    text_of(c, "#search-status").await
}

async fn choose(c: &Client, select: &str, value: &str) {
    c.execute(
        "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![select.into(), value.into()],
    )
    .await
    .unwrap();
}

/// The figure in "…共 N 个…" or "找到 N 个…" (a report's title may hold
/// 共 too, but never followed by a space and digits).
fn count_in(status: &str) -> usize {
    ["共 ", "找到 "]
        .iter()
        .flat_map(|mark| {
            status
                .match_indices(mark)
                .map(|(at, m)| &status[at + m.len()..])
        })
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            digits.parse().ok()
        })
        .next()
        .unwrap_or_else(|| panic!("no count in {status}"))
}

#[tokio::test(flavor = "current_thread")]
async fn with_javascript_the_search_page_combines_status_year_and_report() {
    let (_dir, site) = portal();
    let report = long_report(&site);
    let report_problems = std::fs::read_dir(site.join(format!("reports/{report}/issues")))
        .unwrap()
        .count();
    let done_total: usize = {
        let html = std::fs::read_to_string(site.join("problems.html")).unwrap();
        let at = html
            .find("problems/done.html\">已完成<span class=\"count\">（")
            .unwrap();
        html[at..]
            .split('（')
            .nth(1)
            .unwrap()
            .split('）')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    for (width, height) in WIDTHS {
        let c = driver.client(width, height).await;
        // From a list page, the scripted filters are one link away.
        c.goto(&format!("{}problems.html", server.url))
            .await
            .unwrap();
        click(&c, ".facet-search a").await;
        wait_until(
            &c,
            "return !document.getElementById('search-filters').hidden;",
        )
        .await;

        choose(&c, "#f-status", "done").await;
        let status = settle(&c).await;
        assert_eq!(count_in(&status), done_total, "{status}");
        assert!(c
            .current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("?status=done"));
        let tags = number(
            &c,
            "return document.querySelectorAll('#results .tag').length;",
        )
        .await;
        let done = number(
            &c,
            "return document.querySelectorAll('#results .tag-done').length;",
        )
        .await;
        assert!(tags == 10 && done == 10, "{done} of {tags} results done");
        click(&c, "#more").await;
        wait_until(
            &c,
            "return document.querySelectorAll('#results li').length === 20;",
        )
        .await;

        choose(&c, "#f-year", "year-2020").await;
        wait_until(&c, "return location.search.includes('year=year-2020');").await;
        let both = settle(&c).await;
        let narrowed = count_in(&both);
        assert!(narrowed > 0 && narrowed < done_total, "{both}");
        // A query searches within the filters.
        c.find(Locator::Css("#q"))
            .await
            .unwrap()
            .send_keys("安全生产")
            .await
            .unwrap();
        wait_until(
            &c,
            "return document.getElementById('results').getAttribute('data-query') === '安全生产';",
        )
        .await;
        let within = settle(&c).await;
        assert!(
            within.starts_with("在已完成、2020年通报的问题中"),
            "{within}"
        );

        // A long report's page links to its problems in the filter.
        c.goto(&format!("{}reports/{report}/index.html", server.url))
            .await
            .unwrap();
        click(&c, ".facet-search a").await;
        wait_until(&c, "return !document.getElementById('f-report').hidden;").await;
        let status = settle(&c).await;
        assert_eq!(count_in(&status), report_problems, "{status}");
        click(&c, "#f-report button").await;
        wait_until(
            &c,
            "return document.getElementById('search-status').textContent === '';",
        )
        .await;

        let errors = console_errors(&c).await;
        assert!(errors.is_empty(), "{errors:?}");
        c.close().await.unwrap();
    }
}

#[tokio::test(flavor = "current_thread")]
async fn axe_core_finds_nothing_on_list_pages() {
    let (_dir, site) = portal();
    let report = long_report(&site);
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let pages = [
        "problems.html".to_string(),
        "problems/2.html".into(),
        "problems/done.html".into(),
        "problems/year-2020.html".into(),
        "notices.html".into(),
        "notices/1.html".into(),
        "regulations.html".into(),
        "regulations/1.html".into(),
        "due.html".into(),
        format!("reports/{report}/index.html"),
        format!("reports/{report}/area-1.html"),
        "search.html?status=open&year=year-2022".into(),
    ];
    let mut problems = Vec::new();
    for (width, height) in WIDTHS {
        let c = driver.client(width, height).await;
        for page in &pages {
            assert!(
                site.join(page.split('?').next().unwrap()).exists(),
                "{page} not built"
            );
            c.goto(&format!("{}{page}", server.url)).await.unwrap();
            if page.starts_with("search.html") {
                settle(&c).await;
            }
            for v in axe_violations(&c).await {
                problems.push(format!("{page} at {width}px: {v}"));
            }
            let overflow = number(
                &c,
                "return document.documentElement.scrollWidth - window.innerWidth;",
            )
            .await;
            if overflow > 0 {
                problems.push(format!(
                    "{page}: scrolls sideways by {overflow}px at {width}px"
                ));
            }
        }
        c.close().await.unwrap();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// At 2,000 problems the portal's regulations (about 190 kB) are more than
/// one query should load: `regs.js` holds the most-cited that fit, and the
/// regulations box says what it searched, with a link to them all.
#[tokio::test(flavor = "current_thread")]
async fn the_regulations_box_of_a_large_portal_says_what_it_searched() {
    let (_dir, site) = portal();
    let bytes = std::fs::metadata(site.join("search/regs.js"))
        .unwrap()
        .len();
    assert!(bytes <= 66 * 1024, "search/regs.js is {bytes} bytes");
    let meta = std::fs::read_to_string(site.join("search/index.js")).unwrap();
    let counts: Vec<usize> = meta
        .split("\"regs\":[")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .expect("index.js declares the regulations searched")
        .split(',')
        .map(|n| n.parse().unwrap())
        .collect();
    let (kept, total) = (counts[0], counts[1]);
    assert!(kept > 100 && kept < total, "{kept} of {total}");
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(360, 740).await;
    c.goto(&format!(
        "{}search.html?q={}",
        server.url,
        encode_query("关于加强")
    ))
    .await
    .unwrap();
    wait_until(&c, "return !document.getElementById('reg-results').hidden;").await;
    let text = text_of(&c, "#reg-results").await;
    assert!(
        text.contains(&format!(
            "只在被引用最多的 {kept} 项制度中查找；全部 {total} 项见规章制度"
        )),
        "{text}"
    );
    let errors = console_errors(&c).await;
    assert!(errors.is_empty(), "{errors:?}");
    c.close().await.unwrap();
}

/// Index terms held in two tiers (in more documents than the first tier
/// holds), each with its document count and the number of ranges its tail
/// is split into, from the built postings.
fn tiered_terms(entries: &[(String, serde_json::Value)]) -> Vec<(String, u64, usize)> {
    let mut found: Vec<(String, u64, usize)> = entries
        .iter()
        .filter_map(|(term, value)| {
            let count = value.get(1)?.as_u64()?;
            let ranges = value.get(2).and_then(|r| r.as_array()).map_or(0, Vec::len);
            Some((term.clone(), count, ranges))
        })
        .collect();
    found.sort();
    found
}

/// The documents of an encoded postings list (`doc-delta, score` numbers,
/// five bits a character, as search.js decodes them).
fn postings_docs(text: &str) -> Vec<u64> {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let (mut numbers, mut value, mut factor) = (Vec::new(), 0u64, 1u64);
    for b in text.bytes() {
        let d = DIGITS.iter().position(|&x| x == b).unwrap() as u64;
        if d >= 32 {
            value += (d - 32) * factor;
            factor *= 32;
        } else {
            numbers.push(value + d * factor);
            (value, factor) = (0, 1);
        }
    }
    let mut doc = 0;
    numbers
        .chunks(2)
        .map(|pair| {
            doc += pair[0];
            doc
        })
        .collect()
}

/// Opens the search page for `query`, as a reader's link does, and waits
/// until it says what it found.
async fn search_for(c: &Client, server: &FileServer, query: &str) {
    c.goto(&format!(
        "{}search.html?q={}",
        server.url,
        encode_query(query)
    ))
    .await
    .unwrap();
    wait_until(
        c,
        "return /找到|没有/.test(document.getElementById('search-status').textContent);",
    )
    .await;
}

/// Every term's entry in the built postings buckets.
fn postings_entries(site: &Path) -> Vec<(String, serde_json::Value)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(site.join("search")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('p') {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let json = &text[text.find(',').unwrap() + 1..text.rfind(')').unwrap()];
        let bucket: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(json).unwrap();
        found.extend(bucket);
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// Plain numbers of five digits or more held whole in the postings (the
/// amounts of measures: each in a document or two), in term order.
fn whole_numbers(entries: &[(String, serde_json::Value)]) -> Vec<String> {
    entries
        .iter()
        .filter(|(term, value)| {
            value.is_string() && term.len() >= 5 && term.bytes().all(|b| b.is_ascii_digit())
        })
        .map(|(term, _)| term.clone())
        .collect()
}

/// A common word is ranked from its first tier alone: the same results,
/// in the same order and with the same count, as a query that loads every
/// document holding it (the word twice, two words), without its tail. Past
/// the first tier, "more" loads the tail and goes on.
#[tokio::test(flavor = "current_thread")]
async fn a_common_word_is_searched_from_its_best_documents_first() {
    let (_dir, site) = portal();
    let entries = postings_entries(&site);
    let tiered = tiered_terms(&entries);
    let (term, count, _) = tiered
        .iter()
        .find(|(t, count, _)| {
            // Past the first tier (search::files::FIRST_TIER) by a page.
            *count >= 1010 && t.chars().count() >= 2 && t.chars().all(|c| c >= '\u{4e00}')
        })
        .cloned()
        .unwrap_or_else(|| panic!("a common Chinese word in two tiers: {tiered:?}"));
    let server = FileServer::start(&site, "/");
    let driver = Driver::start();
    let c = driver.client(1280, 900).await;
    let tails = "return document.querySelectorAll('script[src*=\"search/t\"]').length;";
    let links =
        "return [...document.querySelectorAll('#results h2 a')].map(a => a.getAttribute('href'));";
    let mut seen = Vec::new();
    for query in [term.clone(), format!("{term} {term}")] {
        search_for(&c, &server, &query).await;
        let status = text_of(&c, "#search-status").await;
        assert_eq!(status, format!("找到 {count} 个相关问题，显示前 10 个。"));
        let shown: Vec<String> =
            serde_json::from_value(c.execute(links, vec![]).await.unwrap()).unwrap();
        assert_eq!(shown.len(), 10);
        seen.push((shown, number(&c, tails).await));
    }
    assert_eq!(
        seen[0].0, seen[1].0,
        "the first tier ranks as every document does"
    );
    assert_eq!(seen[0].1, 0, "one word loads no tail");
    assert!(seen[1].1 > 0, "two words load the tails");

    // "More" past the first tier: the tail loads and the list goes on.
    search_for(&c, &server, &term).await;
    let first_tier = 1000;
    c.execute(
        &format!(
            "for (let i = 0; i < {}; i++) document.getElementById('more').click();",
            first_tier / 10
        ),
        vec![],
    )
    .await
    .unwrap();
    let wanted = first_tier + 10;
    wait_until(
        &c,
        &format!("return document.querySelectorAll('#results li').length === {wanted};"),
    )
    .await;
    let shown: Vec<String> =
        serde_json::from_value(c.execute(links, vec![]).await.unwrap()).unwrap();
    assert_eq!(shown[..10], seen[0].0[..]);
    let unique: std::collections::BTreeSet<&String> = shown.iter().collect();
    assert_eq!(unique.len(), wanted, "no result twice");
    assert!(number(&c, tails).await > 0, "the tail was loaded");
    assert_eq!(
        text_of(&c, "#search-status").await,
        format!("找到 {count} 个相关问题，显示前 {wanted} 个。")
    );
    let errors = console_errors(&c).await;
    assert!(errors.is_empty(), "{errors:?}");

    // A word with a term the index lacks matches nothing: the common
    // term's tail is not loaded for it. As one of two words, the other
    // word's documents are shown, from every document.
    let lacking = format!("{term}qqqzzz");
    for (query, status, tails_loaded) in [
        (
            lacking.clone(),
            format!("没有找到与“{lacking}”相关的问题。"),
            false,
        ),
        (
            format!("{term} qqqzzz"),
            format!("没有同时包含全部关键词的问题；以下 {count} 个问题包含部分关键词。"),
            true,
        ),
    ] {
        search_for(&c, &server, &query).await;
        assert_eq!(text_of(&c, "#search-status").await, status, "{query}");
        assert_eq!(number(&c, tails).await > 0, tails_loaded, "{query}");
        let errors = console_errors(&c).await;
        assert!(errors.is_empty(), "{errors:?}");
    }

    // A rare term beside the most common one: only the documents that hold
    // the rare term can match both, so the common term's tail loads only
    // for their ranges of documents. The results are the same as from
    // every document: the query again, on the same page, once a query of
    // the common word alone twice has loaded its whole tail.
    let (common, common_count, ranges) = tiered
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .cloned()
        .unwrap();
    // An amount found only in documents where the common word is in its
    // tail: without the tail's range, the two would not be found together.
    let entry = |term: &str| {
        entries
            .iter()
            .find(|(t, _)| t == term)
            .map(|(_, v)| v.clone())
    };
    let first_tier = postings_docs(entry(&common).unwrap()[0].as_str().unwrap());
    let amount = whole_numbers(&entries)
        .into_iter()
        .find(|n| {
            let docs = postings_docs(entry(n).unwrap().as_str().unwrap());
            docs.iter().all(|d| !first_tier.contains(d))
        })
        .expect("an amount held whole, in documents past the common word's first tier");
    let query = format!("{amount} {common}");
    search_for(&c, &server, &query).await;
    let status = text_of(&c, "#search-status").await;
    assert!(status.starts_with("找到"), "{query}: {status}");
    let shown: Vec<String> =
        serde_json::from_value(c.execute(links, vec![]).await.unwrap()).unwrap();
    let loaded = number(&c, tails).await;
    assert!(
        (loaded as usize) < ranges,
        "{query} loaded {loaded} of the {ranges} tail files of {common}"
    );
    let whole_tails = "return [...document.querySelectorAll('script[src*=\"search/t\"]')].filter(s => /search\\/t[0-9]+\\.js$/.test(s.src)).length;";
    assert_eq!(number(&c, whole_tails).await, 0, "{query}: no tail whole");
    assert!(loaded > 0, "{query}: the range of its document");
    let submit =
        "const q = document.getElementById('q'); q.value = arguments[0]; q.form.requestSubmit();";
    c.execute(
        submit,
        vec![serde_json::json!(format!("{common} {common}"))],
    )
    .await
    .unwrap();
    wait_until(
        &c,
        &format!(
            "return document.getElementById('search-status').textContent === '找到 {common_count} 个相关问题，显示前 10 个。';"
        ),
    )
    .await;
    assert!(
        number(&c, whole_tails).await > 0,
        "every document: the whole tail, one file"
    );
    c.execute(submit, vec![serde_json::json!(query)])
        .await
        .unwrap();
    wait_until(
        &c,
        &format!("return document.getElementById('search-status').textContent === '{status}';"),
    )
    .await;
    let again: Vec<String> =
        serde_json::from_value(c.execute(links, vec![]).await.unwrap()).unwrap();
    assert_eq!(
        again, shown,
        "{query}: from every document as from its ranges"
    );
    let errors = console_errors(&c).await;
    assert!(errors.is_empty(), "{errors:?}");
    c.close().await.unwrap();
}

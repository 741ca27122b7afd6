//! Paged lists keep their page URLs as the portal grows: a numbered page
//! (`problems/3.html`) shows the same problems after a newer notice is
//! added, so links and bookmarks to it stay true. Only the first page of
//! a list and, when it fills up, one new numbered page change.

mod common;

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

use common::{run, stderr};
use std::collections::BTreeMap;
use std::path::Path;

/// What each page of the lists shows, by path: the problems, reports or
/// regulations it lists (their links or anchors), without its navigation.
fn list_items(site: &Path) -> BTreeMap<String, Vec<String>> {
    let mut pages = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site).into_iter().flatten() {
        let path = entry.path();
        let rel = path
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let is_list = ["problems", "notices", "regulations"]
            .iter()
            .any(|l| rel == format!("{l}.html") || rel.starts_with(&format!("{l}/")));
        if !is_list || !rel.ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        let main = html.split("<main").nth(1).unwrap_or("");
        let items: Vec<String> = if rel.starts_with("regulations") {
            main.split("<tr id=\"")
                .skip(1)
                .map(|s| s.split('"').next().unwrap().to_string())
                .collect()
        } else if rel.starts_with("notices") {
            main.split("class=\"card-title\"><a href=\"")
                .skip(1)
                .map(|s| s.split('"').next().unwrap().to_string())
                .collect()
        } else {
            main.split("href=\"")
                .skip(1)
                .map(|s| s.split('"').next().unwrap().to_string())
                .filter(|h| h.contains("/issues/"))
                .collect()
        };
        pages.insert(rel, items);
    }
    pages
}

/// Adds a notice newer than every other: a copy of an existing one under
/// a new name, published later.
fn add_newest_report(portal: &Path) {
    let reports = portal.join("content/reports");
    let source = reports.join("r00001");
    let copy = reports.join("r99999");
    common::copy_dir(&source, &copy);
    let report = copy.join("report.md");
    let text = std::fs::read_to_string(&report).unwrap();
    let published = text
        .lines()
        .find(|l| l.starts_with("published:"))
        .expect("a published line")
        .to_string();
    let text = text
        .replace(&published, "published: 2025-06-30 10:00:00")
        .replacen("title: \"中共", "title: \"（新）中共", 1);
    std::fs::write(report, text).unwrap();
}

#[test]
fn numbered_pages_keep_their_content_when_a_newer_notice_is_added() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(3_000, dir.path(), 7).unwrap();
    let portal = dir.path().join("portal");
    let build = run(&portal, &["build", "--quiet"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let before = list_items(&portal.join("site"));

    add_newest_report(&portal);
    let build = run(&portal, &["build", "--quiet"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let after = list_items(&portal.join("site"));

    let numbered = |path: &str| {
        let name = path.rsplit('/').next().unwrap().trim_end_matches(".html");
        name.bytes().all(|b| b.is_ascii_digit())
    };
    let mut kept = 0;
    for (path, items) in &before {
        if !numbered(path) {
            continue;
        }
        let now = after
            .get(path)
            .unwrap_or_else(|| panic!("{path} disappeared"));
        // Lists by status or year may gain the new problems too; the full
        // lists of problems, reports and regulations are what must hold.
        if path.starts_with("problems/") && path.matches('/').count() > 1 {
            continue;
        }
        assert_eq!(
            now, items,
            "{path} shows different items after a newer notice"
        );
        assert!(!items.is_empty(), "{path} is empty");
        kept += 1;
    }
    assert!(kept > 100, "only {kept} numbered pages compared");
    // The new notice's problems lead the first page of the full list.
    let front = &after["problems.html"];
    assert!(front[0].contains("reports/r99999/"), "{:?}", &front[..3]);
    assert!(!before["problems.html"].iter().any(|h| h.contains("r99999")));
    // Nothing was lost or shown twice: the full list's pages together
    // hold every problem page once.
    let mut all: Vec<&String> = after
        .iter()
        .filter(|(p, _)| {
            *p == "problems.html"
                || (p.starts_with("problems/") && numbered(p) && p.matches('/').count() == 1)
        })
        .flat_map(|(_, items)| items)
        .collect();
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "a problem is listed twice");
    let problem_pages = walkdir::WalkDir::new(portal.join("site/reports"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().parent().is_some_and(|p| p.ends_with("issues")))
        .count();
    assert_eq!(count, problem_pages);
}

//! Every page of a large portal is reachable without JavaScript: starting
//! at the home page and following only `href` links between the site's own
//! HTML files, a reader (or a crawler) arrives at every page the build
//! wrote, every problem page included. Run on 10,000 generated problems,
//! where lists are long enough that paging them must not lose anything.
//! The same build checks that every page stays light enough for a phone.

mod common;

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

use common::{run, stderr};
use std::collections::{BTreeSet, VecDeque};
use std::path::{Component, Path, PathBuf};

/// The site-relative targets of a page's links (`href`) and forms
/// (`action`, which a reader submits without JavaScript) that are pages of
/// the site: relative ones only, without their `#fragment` or `?query`.
fn links(page: &Path, site: &Path, html: &str) -> Vec<PathBuf> {
    let folder = page.parent().unwrap_or(site);
    let hrefs = html.split("href=\"").skip(1);
    let actions = html.split("action=\"").skip(1);
    hrefs
        .chain(actions)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.split(['#', '?']).next().unwrap_or(""))
        .filter(|href| {
            !href.is_empty()
                && !href.contains(':')
                && !href.starts_with('/')
                && href.ends_with(".html")
        })
        .filter_map(|href| normalise(&folder.join(href)))
        .filter(|target| target.starts_with(site))
        .collect()
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

#[test]
fn every_page_of_ten_thousand_problems_is_reachable_from_the_home_page() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write_corpus(10_000, dir.path(), 2023).unwrap();
    let portal = dir.path().join("portal");
    let build = run(&portal, &["build", "--quiet"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let site = portal.join("site");

    let written: BTreeSet<PathBuf> = walkdir::WalkDir::new(&site)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    let mut reached = BTreeSet::new();
    let mut queue = VecDeque::from([site.join("index.html")]);
    let mut broken = Vec::new();
    while let Some(page) = queue.pop_front() {
        if !reached.insert(page.clone()) {
            continue;
        }
        let Ok(html) = std::fs::read_to_string(&page) else {
            broken.push(page.display().to_string());
            continue;
        };
        for target in links(&page, &site, &html) {
            if !reached.contains(&target) {
                queue.push_back(target);
            }
        }
    }
    assert!(broken.is_empty(), "links to missing pages: {broken:?}");
    // The 404 page is served for a missing path, never linked to; the
    // search page needs JavaScript, and without it the search form leads
    // to the problem list instead (base.html), so nothing links to it.
    let unreached: Vec<&PathBuf> = written
        .iter()
        .filter(|p| !reached.contains(*p))
        .filter(|p| !p.ends_with("404.html") && !p.ends_with("search.html"))
        .collect();
    let problems = written
        .iter()
        .filter(|p| p.to_string_lossy().contains("/issues/"))
        .count();
    println!(
        "{} pages written, {} reached from the home page, {problems} problem pages",
        written.len(),
        reached.len()
    );
    assert!(problems >= 10_000, "{problems} problem pages");
    assert!(
        unreached.is_empty(),
        "{} page(s) no link leads to, such as {:?}",
        unreached.len(),
        &unreached[..unreached.len().min(5)]
    );
    assert_pages_are_light(&site, &written);
}

/// No page over 150 KB; the pages a reader opens first (the home page, a
/// report, the first page of any list) under 60 KB. Later pages of a list
/// are the ones named by a number (`problems/7.html`).
fn assert_pages_are_light(site: &Path, pages: &BTreeSet<PathBuf>) {
    let mut heavy = Vec::new();
    let mut fronts = 0;
    for page in pages {
        let size = std::fs::metadata(page).unwrap().len();
        let name = page.file_stem().unwrap().to_string_lossy();
        let numbered = name.bytes().all(|b| b.is_ascii_digit());
        let problem = page.parent().is_some_and(|p| p.ends_with("issues"));
        let limit = if numbered || problem { 150_000 } else { 60_000 };
        fronts += (!numbered && !problem) as usize;
        if size >= limit {
            heavy.push(format!(
                "{} ({size} bytes)",
                page.strip_prefix(site).unwrap().display()
            ));
        }
    }
    println!("{fronts} home, report and first list pages checked under 60 KB");
    assert!(heavy.is_empty(), "pages over their size limit: {heavy:?}");
}

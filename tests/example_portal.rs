//! The bundled example portal (the seed notice): loads with the right
//! structure, builds every page, links resolve, output is reproducible.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use zhenggai::build::load_and_check;
use zhenggai::derive::derive;

#[test]
fn the_seed_report_has_its_33_problems_in_three_areas() {
    let (portal, warnings) = load_and_check(&repo()).expect("example portal is valid");
    assert_eq!(portal.reports.len(), 1);
    let site = derive(portal.clone());
    let report = &site.reports[0];
    assert_eq!(report.counts.total, 33);
    let per_area: Vec<usize> = report.areas.iter().map(|a| a.counts.total).collect();
    assert_eq!(per_area, vec![10, 13, 10]);
    assert_eq!(report.counts.done, 26, "done, as the notice declares");
    assert_eq!(report.counts.open, 7, "not done, as the notice declares");
    assert_eq!(
        report.counts.overdue, 0,
        "no deadline has passed at the publication date"
    );
    assert_eq!(report.accountability_total, 3 + 9 + 2 + 12);
    assert_eq!(report.recovered_yuan.as_deref(), Some("45,349.42"));
    assert!(
        report.regulations.len() >= 12,
        "the notice names at least 12 documents"
    );
    let numbers: BTreeSet<_> = report
        .regulations
        .iter()
        .filter_map(|r| r.number.clone())
        .collect();
    assert!(numbers.contains("温应急[2023]19号"));
    assert!(numbers.contains("温政办发〔2023〕11号"));
    // 温应急[2023]21号 is cited by two problems, once as 〔2023〕: one document.
    let doc21: Vec<_> = report
        .regulations
        .iter()
        .filter(|r| r.title.contains("应急物资调拨"))
        .collect();
    assert_eq!(doc21.len(), 1);
    assert_eq!(doc21[0].citations.len(), 2);
    assert_eq!(report.contact.phone.as_deref(), Some("0576-86161521"));
    assert_eq!(report.contact.postcode.as_deref(), Some("317500"));
    // The notice declares 6 + 6 regulations but names 4 + 4 (and 4 other documents):
    // check points that out rather than hiding it. The third lists the
    // notice's anonymised 黄某某 for a reviewer.
    assert_eq!(warnings.warning_count(), 3);
}

#[test]
fn build_writes_every_page_and_every_link_resolves() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = run(&repo(), &["build", "--out", site.to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
    for page in [
        "index.html",
        "reports/wenling-yingji-2023/index.html",
        "regulations.html",
        "reports/wenling-yingji-2023/regulations.html",
        "feedback.html",
        "404.html",
        "problems.html",
    ] {
        assert!(site.join(page).is_file(), "missing {page}");
    }
    let issues = fs::read_dir(site.join("reports/wenling-yingji-2023/issues"))
        .unwrap()
        .count();
    assert_eq!(issues, 33);
    let broken = broken_links(&site);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_report_page_shows_computed_counts_and_the_contact() {
    let out = tempfile::tempdir().unwrap();
    let result = run(
        &repo(),
        &["build", "--out", out.path().join("s").to_str().unwrap()],
    );
    assert!(result.status.success());
    let page =
        fs::read_to_string(out.path().join("s/reports/wenling-yingji-2023/index.html")).unwrap();
    for needle in [
        r#"<span class="fig">33</span><span class="figlabel">问题总数</span>"#,
        r#"<span class="fig">26</span><span class="figlabel">已完成</span>"#,
        r#"<span class="fig">7</span><span class="figlabel">未完成（含整改中）</span>"#,
        ">6/10<",
        ">10/13<",
        ">10/10<",
        "tel:057686161521",
        "mailto:32719516@qq.com",
        "317500",
        "人民东路200号",
        "市委第三巡察组",
        "2022年9月15日至2022年10月31日",
        "2023年3月10日",
    ] {
        assert!(page.contains(needle), "report page lacks {needle}");
    }
    assert_eq!(page.matches("<h1").count(), 1, "one h1");
    assert!(page.matches(r#"class="issues""#).count() > 0);
    assert_eq!(
        page.matches("<li data-status=").count(),
        33,
        "33 problems listed"
    );
}

#[test]
fn identical_input_gives_byte_identical_output() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    assert!(run(&repo(), &["build", "--out", a.to_str().unwrap()])
        .status
        .success());
    assert!(run(&repo(), &["build", "--out", b.to_str().unwrap()])
        .status
        .success());
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (path, bytes) in &sa {
        assert!(
            bytes == &sb[path],
            "{} differs between builds",
            path.display()
        );
    }
    // Rebuilding over an existing site gives the same bytes again.
    assert!(run(&repo(), &["build", "--out", a.to_str().unwrap()])
        .status
        .success());
    assert_eq!(snapshot(&a), sb);
}

#[test]
fn a_failed_build_leaves_the_previous_site_exactly_as_it_was() {
    let portal = example_copy();
    assert!(run(portal.path(), &["build"]).status.success());
    let before = snapshot(&portal.path().join("site"));
    let issue = portal
        .path()
        .join("content/reports/wenling-yingji-2023/issues/1-3-2.md");
    let broken = fs::read_to_string(&issue)
        .unwrap()
        .replace("status: done", "status: 完成了");
    fs::write(&issue, broken).unwrap();
    let out = run(portal.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("content/reports/wenling-yingji-2023/issues/1-3-2.md:6:9: status: 不认识的整改状态“完成了”"), "{}", stderr(&out));
    assert_eq!(snapshot(&portal.path().join("site")), before);
}

/// Every `href`/`src` in every HTML file that points inside the site must
/// name an existing file, and a `#fragment` an existing id in it.
fn broken_links(site: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    for (rel, bytes) in snapshot(site) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for target in attribute_values(&html, &["href", "src"]) {
            if target.starts_with("mailto:")
                || target.starts_with("tel:")
                || target.starts_with("http")
            {
                continue;
            }
            let (path_part, fragment) = match target.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (target.as_str(), None),
            };
            let path_part = path_part.split('?').next().unwrap();
            let file: PathBuf = if path_part.is_empty() {
                site.join(&rel)
            } else {
                normalize(&site.join(rel.parent().unwrap()).join(path_part))
            };
            if !file.starts_with(site) || !file.is_file() {
                broken.push(format!("{}: {target}", rel.display()));
                continue;
            }
            if let Some(id) = fragment.filter(|f| !f.is_empty()) {
                let text = fs::read_to_string(&file).unwrap_or_default();
                if !text.contains(&format!("id=\"{id}\"")) {
                    broken.push(format!("{}: {target} (no id {id})", rel.display()));
                }
            }
        }
    }
    broken
}

fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    for name in names {
        let needle = format!(" {name}=\"");
        let mut rest = html;
        while let Some(i) = rest.find(&needle) {
            rest = &rest[i + needle.len()..];
            if let Some(end) = rest.find('"') {
                values.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    values
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn no_file_of_the_site_refers_to_anything_outside_it() {
    let site = example_site();
    let mut outside = Vec::new();
    for (rel, bytes) in snapshot(&site) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        let mut targets = Vec::new();
        if ext == "html" {
            targets.extend(attribute_values(
                &text,
                &["href", "src", "action", "srcset", "poster", "data"],
            ));
        }
        if ext == "css" || ext == "html" {
            // url(…) and @import in styles.
            for part in text.split("url(").skip(1) {
                targets.push(
                    part.split(')')
                        .next()
                        .unwrap_or("")
                        .trim_matches(['"', '\''])
                        .to_string(),
                );
            }
            if text.contains("@import") {
                outside.push(format!("{}: @import", rel.display()));
            }
        }
        if ext == "js" && (text.contains("http://") || text.contains("https://")) {
            outside.push(format!("{}: an absolute URL in a script", rel.display()));
        }
        for t in targets {
            let external = t.starts_with("http:")
                || t.starts_with("https:")
                || t.starts_with("//")
                || t.starts_with("ftp:");
            if external {
                outside.push(format!("{}: {t}", rel.display()));
            }
        }
    }
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}

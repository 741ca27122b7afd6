//! Feeds, open data, sitemap and robots.txt of the example portal, read
//! back with real parsers: an Atom parser, a JSON Schema validator and a
//! CSV reader.

mod common;

use common::{example_site, repo, run, stderr};
use std::collections::BTreeMap;
use zhenggai::build::load_and_check;
use zhenggai::derive::derive;

/// Each entry is one dated event of a problem (the example's are all
/// measures): the newest 100 in each feed, newest first, with stable ids
/// and links that resolve; the example has one report, so both feeds list
/// the same events.
#[test]
fn the_feeds_are_atom_with_an_entry_per_dated_event() {
    let site = example_site();
    let (portal, _) = load_and_check(&repo()).unwrap();
    let view = derive(portal);
    let report = &view.reports[0];
    let mut expected: Vec<(String, String)> = report
        .issues
        .iter()
        .flat_map(|i| {
            i.measures
                .read()
                .iter()
                .filter_map(|m| Some((m.date?.to_string(), i.slug.clone())))
                .collect::<Vec<_>>()
        })
        .collect();
    expected.sort();
    assert!(expected.len() > 50, "most measures are dated");

    let limit = 100;
    let mut newest: Vec<(String, String)> = expected
        .iter()
        .map(|(d, s)| (format!("{d}-01-01")[..10].to_string(), s.clone()))
        .collect();
    newest.sort_by(|a, b| b.0.cmp(&a.0));
    let cut = newest.get(limit).map(|e| e.0.clone());
    for path in ["reports/wenling-yingji-2023/feed.xml", "feed.xml"] {
        let text = std::fs::read_to_string(site.join(path)).unwrap();
        let feed: atom_syndication::Feed = text
            .parse()
            .unwrap_or_else(|e| panic!("{path} is not valid Atom: {e}"));
        assert!(feed.title().contains("整改进展"), "{path}");
        assert_eq!(feed.entries().len(), expected.len().min(limit), "{path}");
        let mut ids = std::collections::BTreeSet::new();
        let mut got = Vec::new();
        for entry in feed.entries() {
            assert!(
                ids.insert(entry.id().to_string()),
                "{path}: {} twice",
                entry.id()
            );
            let link = &entry.links()[0];
            let slug = link
                .href()
                .rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".html")
                .to_string();
            assert!(
                entry
                    .id()
                    .starts_with(&format!("urn:zhenggai:wenling-yingji-2023:{slug}:measure:")),
                "{}",
                entry.id()
            );
            // Relative links resolve from the feed's own folder.
            let target = site.join(path).parent().unwrap().join(link.href());
            assert!(target.is_file(), "{path}: {} is not a page", link.href());
            assert!(entry.summary().is_some());
            got.push((entry.updated().format("%Y-%m-%d").to_string(), slug));
        }
        let dates: Vec<_> = feed.entries().iter().map(|e| *e.updated()).collect();
        assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
        // The newest events: none older than the first left out (dates
        // of month precision read as the first of the month).
        if let Some(cut) = &cut {
            assert!(
                got.iter().all(|(d, _)| d >= cut),
                "{path}: older than {cut}"
            );
        } else {
            let (mut want, mut got) = (newest.clone(), got);
            want.sort();
            got.sort();
            assert_eq!(got, want, "{path}: one entry per dated measure");
        }
    }
}

#[test]
fn issues_json_matches_its_schema_and_the_portal_counts() {
    let site = example_site();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("data/issues.schema.json")).unwrap(),
    )
    .unwrap();
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("data/issues.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The schema is strict enough to matter: a wrong status fails it.
    let mut broken = data.clone();
    broken["issues"][0]["status"] = "finished".into();
    assert!(!validator.is_valid(&broken));

    let (portal, _) = load_and_check(&repo()).unwrap();
    let view = derive(portal);
    let issues = data["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 33);
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for issue in issues {
        *by_status
            .entry(issue["status"].as_str().unwrap())
            .or_default() += 1;
    }
    let c = &view.counts;
    assert_eq!(data["counts"]["total"], c.total);
    for (status, n) in [
        ("done", c.done),
        ("basically_done", c.basically_done),
        ("in_progress", c.in_progress),
        ("not_done", c.not_done),
    ] {
        assert_eq!(by_status.get(status).copied().unwrap_or(0), n, "{status}");
        assert_eq!(data["counts"][status], n, "{status}");
    }
    assert_eq!(data["reports"][0]["counts"]["total"], 33);
    // Ids are the files' names, stable across builds; URLs lead to pages.
    assert_eq!(issues[0]["id"], "wenling-yingji-2023/1-1");
    for issue in issues {
        assert!(site.join(issue["url"].as_str().unwrap()).is_file());
    }
}

#[test]
fn the_csv_files_open_with_a_csv_reader_and_start_with_a_bom() {
    let site = example_site();
    let bytes = std::fs::read(site.join("data/issues.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{FEFF}".as_bytes()),
        "a UTF-8 BOM for Excel"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.len(), 18);
    assert_eq!(&headers[5], "问题");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 33, "one row per problem");
    let row = rows
        .iter()
        .find(|r| &r[0] == "wenling-yingji-2023/1-3-2")
        .expect("problem 1-3-2 has a row");
    assert_eq!(&row[4], "一（三）2");
    assert_eq!(&row[6], "已完成");
    assert_eq!(&row[15], "温应急[2023]19号");
    assert!(site.join(&row[16]).is_file(), "the link is the page");

    let bytes = std::fs::read(site.join("data/regulations.csv")).unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 12, "the example's 12 documents");
    let rule = rows
        .iter()
        .find(|r| &r[0] == "温应急[2023]19号")
        .expect("the closed-loop rule has a row");
    assert_eq!(&rule[2], "新建立");
    assert_eq!(&rule[5], "wenling-yingji-2023/1-3-2");
}

#[test]
fn a_base_url_gives_a_sitemap_and_absolute_feed_links() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = run(
        &repo(),
        &[
            "build",
            "--quiet",
            "--base-url",
            "https://example.gov.cn/portal",
            "--out",
            site.to_str().unwrap(),
        ],
    );
    assert!(result.status.success(), "{}", stderr(&result));
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    // Every page a reader may land on: all but the 404 page (served for
    // missing paths) and the search page (results need a query). The
    // example has one report of 33 problems.
    let pages: std::collections::BTreeSet<String> = walkdir::WalkDir::new(&site)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(&site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p != "404.html" && p != "search.html")
        .collect();
    let listed: std::collections::BTreeSet<String> = locs
        .iter()
        .map(|l| {
            l.trim_start_matches("https://example.gov.cn/portal/")
                .to_string()
        })
        .collect();
    assert_eq!(listed, pages);
    assert_eq!(locs.len(), pages.len(), "a page is listed twice");
    assert!(pages.len() > 33 + 8);
    for loc in &locs {
        let path = loc
            .strip_prefix("https://example.gov.cn/portal/")
            .unwrap_or_else(|| panic!("{loc} is not under the base URL"));
        assert!(site.join(path).is_file(), "{loc}");
    }
    let robots = std::fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.gov.cn/portal/sitemap.xml"));
    let feed: atom_syndication::Feed = std::fs::read_to_string(site.join("feed.xml"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(feed
        .links()
        .iter()
        .any(|l| l.rel() == "self" && l.href() == "https://example.gov.cn/portal/feed.xml"));
    assert!(feed.entries()[0].links()[0]
        .href()
        .starts_with("https://example.gov.cn/portal/reports/"));
    // Pages still link relatively.
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("href=\"problems.html\""));
}

#[test]
fn without_a_base_url_there_is_no_sitemap_but_a_robots_file() {
    let site = example_site();
    assert!(!site.join("sitemap.xml").exists());
    let robots = std::fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(robots.starts_with("User-agent: *") && !robots.contains("Sitemap"));
}

/// The 404 page, the feeds, the sitemap and open data read the base URL in
/// one normalised form, whether it comes from portal.yaml or the command
/// line, with or without a trailing slash; an empty one is no URL anywhere.
#[test]
fn the_404_page_feeds_sitemap_and_open_data_agree_on_the_base_url() {
    let base_yaml = |portal: &std::path::Path, value: &str| {
        let path = portal.join("content/portal.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("base_url: {value}\n{text}")).unwrap();
    };
    for value in [
        "https://example.gov.cn/zg",
        "' https://example.gov.cn/zg// '",
    ] {
        let portal = common::base_fixture();
        base_yaml(portal.path(), value);
        let result = run(portal.path(), &["build", "--quiet", "."]);
        assert!(result.status.success(), "{}", stderr(&result));
        let site = portal.path().join("site");
        let read = |p: &str| std::fs::read_to_string(site.join(p)).unwrap();
        assert!(
            read("404.html").contains("href=\"https://example.gov.cn/zg/index.html\""),
            "{value}: 404 links under the base URL"
        );
        assert!(read("feed.xml").contains("href=\"https://example.gov.cn/zg/feed.xml\""));
        assert!(read("sitemap.xml").contains("<loc>https://example.gov.cn/zg/index.html</loc>"));
        assert!(read("data/issues.json").contains("\"base_url\":\"https://example.gov.cn/zg/\""));
    }
    // An empty base URL is none: no sitemap, and a 404 page linking from
    // the site root as without one (not from the host's root).
    let portal = common::base_fixture();
    base_yaml(portal.path(), "\"\"");
    let result = run(portal.path(), &["build", "--quiet", "."]);
    assert!(result.status.success(), "{}", stderr(&result));
    let site = portal.path().join("site");
    assert!(!site.join("sitemap.xml").exists());
    let page404 = std::fs::read_to_string(site.join("404.html")).unwrap();
    assert!(
        !page404.contains("href=\"/index.html\""),
        "an empty base URL made the 404 page link to the host's root"
    );
    assert!(page404.contains("href=\"index.html\""));
}

#[test]
fn a_base_url_that_is_not_absolute_is_an_error_in_portal_yaml_and_on_the_command_line() {
    let portal = common::base_fixture();
    let path = portal.path().join("content/portal.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}base_url: www.example.gov.cn/zg\n")).unwrap();
    let result = run(portal.path(), &["check", "."]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("content/portal.yaml:8:1: base_url: 网址“www.example.gov.cn/zg”用不了：要以 https:// 或 http:// 开头"),
        "{}",
        stderr(&result)
    );
    let portal = common::base_fixture();
    let result = run(portal.path(), &["build", ".", "--base-url", "https:///x"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("--base-url：网址“https:///x”用不了：缺少域名"));
    let result = run(portal.path(), &["build", ".", "--base-url", ""]);
    assert_eq!(
        result.status.code(),
        Some(2),
        "an empty --base-url is a usage error"
    );
    assert!(stderr(&result).contains("--base-url 是空的"));
}

/// `data/issues.xlsx` read by an independent reader (Python's openpyxl,
/// which `./test.sh` installs): one sheet, the header row frozen, filters
/// on, and one row per problem equal to `issues.json`'s, the deadline a
/// real date.
#[test]
fn the_spreadsheet_rows_equal_the_open_data() {
    let site = example_site();
    let script = r#"
import json, sys, datetime, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book.active
rows = []
for row in sheet.iter_rows(min_row=2, values_only=True):
    deadline = row[6]
    if isinstance(deadline, datetime.datetime):
        deadline = deadline.date().isoformat()
    rows.append([row[3], row[4], row[5], deadline, row[9], row[10], row[11]])
header = [c.value for c in sheet[1]]
print(json.dumps({"title": sheet.title, "sheets": len(book.worksheets), "freeze": sheet.freeze_panes,
                  "filter": sheet.auto_filter.ref, "header": header, "rows": rows}, ensure_ascii=False))
"#;
    let out = std::process::Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(site.join("data/issues.xlsx"))
        .output()
        .expect("python3 with openpyxl: run ./test.sh, which installs python3-openpyxl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(book["sheets"], 1);
    assert_eq!(book["freeze"], "A2", "the header row stays in view");
    assert_eq!(book["filter"], "A1:L34", "filters on every column and row");
    assert_eq!(
        book["header"][11], "问题标识",
        "the key import --update finds rows by"
    );
    assert_eq!(book["header"][4], "问题");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("data/issues.json")).unwrap())
            .unwrap();
    let issues = json["issues"].as_array().unwrap();
    let rows = book["rows"].as_array().unwrap();
    assert_eq!(rows.len(), issues.len());
    let mut dated = 0;
    for (row, issue) in rows.iter().zip(issues) {
        assert_eq!(row[0], issue["place"]);
        assert_eq!(row[1], issue["title"]);
        assert_eq!(row[2], issue["status_label"]);
        // A deadline given as a month means its last day.
        match issue["deadline"].as_str() {
            Some(d) => {
                let cell = row[3]
                    .as_str()
                    .unwrap_or_else(|| panic!("no date for {issue}"));
                assert!(
                    cell.starts_with(d) || (d.len() < 10 && cell.starts_with(&d[..4])),
                    "{cell} for {d}"
                );
                dated += 1;
            }
            None if issue["long_term"] == true => assert_eq!(row[3], "长期坚持"),
            None => assert!(row[3].is_null()),
        }
        assert_eq!(row[4], issue["department"]);
        assert!(row[5].as_str().unwrap().ends_with(".html"));
        assert_eq!(row[6], issue["id"], "问题标识 is the open data's id");
        assert!(issue["url"]
            .as_str()
            .unwrap()
            .ends_with(row[5].as_str().unwrap()));
    }
    assert!(dated > 0, "some deadlines are dates");
}

//! What an inspection of a government website reads (政府网站发展指引): the
//! standard meta tags on every page type, with the right column and, on
//! report and problem pages, the article's title and date; the footer's
//! identifiers exactly as configured; malformed identifiers refused at
//! their line; and a warning when a deployed portal lacks them.

mod common;

use common::{copy_dir, repo, run, stderr};
use std::collections::BTreeMap;
use std::path::Path;

const BASE: &str = "https://yjj.wenling.gov.cn/zhenggai/";
const IDENTIFIERS: &str = "identifiers:\n  host: 中共温岭市应急管理局委员会\n  organizer: 温岭市大数据发展中心\n  site_code: \"3310810001\"\n  icp: 浙ICP备12345678号-1\n  police: 浙公网安备33108102000123号\n";

/// The example with identifiers, built for a deployment URL.
fn built() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let portal = dir.path().join("content/portal.yaml");
    let text = std::fs::read_to_string(&portal).unwrap();
    std::fs::write(&portal, format!("{text}{IDENTIFIERS}")).unwrap();
    let out = run(dir.path(), &["build", "--quiet", "--base-url", BASE]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

/// A page's `<meta name=… content=…>` tags.
fn metas(page: &Path) -> BTreeMap<String, String> {
    let html = std::fs::read_to_string(page).unwrap();
    html.split("<meta name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let content = rest.split_once("content=\"")?.1.split_once('"')?.0;
            Some((name.to_string(), content.replace("&amp;", "&")))
        })
        .collect()
}

#[test]
fn every_page_type_carries_the_guideline_meta_tags() {
    let dir = built();
    let site = dir.path().join("site");
    let issue = "reports/wenling-yingji-2023/issues/1-3-1.html";
    // Page, ColumnName, ColumnType.
    let pages = [
        ("index.html", "首页", "首页"),
        (
            "reports/wenling-yingji-2023/index.html",
            "整改通报",
            "信息公开",
        ),
        (issue, "整改问题", "信息公开"),
        (
            "reports/wenling-yingji-2023/regulations.html",
            "规章制度",
            "信息公开",
        ),
        ("problems.html", "整改问题", "信息公开"),
        ("problems/done.html", "整改问题", "信息公开"),
        ("regulations.html", "规章制度", "信息公开"),
        ("notices.html", "整改通报", "信息公开"),
        ("updates.html", "最近更新", "信息公开"),
        ("due.html", "整改问题", "信息公开"),
        ("feedback.html", "意见反馈", "互动交流"),
        ("search.html", "搜索", "搜索"),
    ];
    for (page, column, column_type) in pages {
        let m = metas(&site.join(page));
        let get = |k: &str| {
            m.get(k)
                .map(String::as_str)
                .unwrap_or_else(|| panic!("{page}: no {k}"))
        };
        assert_eq!(get("SiteName"), "温岭市应急管理局巡察整改公开", "{page}");
        assert_eq!(get("SiteDomain"), "yjj.wenling.gov.cn", "{page}");
        assert_eq!(get("SiteIDCode"), "3310810001", "{page}");
        assert_eq!(get("ColumnName"), column, "{page}");
        assert_eq!(get("ColumnType"), column_type, "{page}");
        assert_eq!(get("Url"), format!("{BASE}{page}"), "{page}");
        for key in ["ContentSource", "Keywords", "Author", "Description"] {
            assert!(!get(key).is_empty(), "{page}: empty {key}");
        }
        let article = page.starts_with("reports/wenling-yingji-2023/i");
        assert_eq!(
            m.contains_key("ArticleTitle"),
            article,
            "{page}: ArticleTitle"
        );
        assert_eq!(m.contains_key("PubDate"), article, "{page}: PubDate");
    }
    let report = metas(&site.join("reports/wenling-yingji-2023/index.html"));
    assert_eq!(
        report["ArticleTitle"],
        "中共温岭市应急管理局委员会关于巡察整改进展情况的通报"
    );
    assert_eq!(report["PubDate"], "2023-09-07 11:05");
    assert_eq!(report["ContentSource"], "市委巡察办");
    let problem = metas(&site.join(issue));
    assert_eq!(problem["ArticleTitle"], "未正确适用法律");
    assert_eq!(problem["PubDate"], "2023-09-07 11:05");
    assert!(
        problem["Keywords"].contains("已完成"),
        "{}",
        problem["Keywords"]
    );
}

#[test]
fn the_footer_shows_the_identifiers_as_configured() {
    let dir = built();
    for page in [
        "index.html",
        "reports/wenling-yingji-2023/issues/1-3-1.html",
        "404.html",
    ] {
        let html = std::fs::read_to_string(dir.path().join("site").join(page)).unwrap();
        let footer = html
            .split("class=\"identifiers\">")
            .nth(1)
            .unwrap()
            .split("</p>")
            .next()
            .unwrap();
        let text: String = footer
            .split('<')
            .map(|s| s.split_once('>').map_or(s, |(_, t)| t))
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(
            text,
            "主办单位：中共温岭市应急管理局委员会 承办单位：温岭市大数据发展中心 网站标识码：3310810001 浙ICP备12345678号-1 浙公网安备33108102000123号",
            "{page}"
        );
        assert!(footer.contains("<a href=\"https://beian.miit.gov.cn/\">浙ICP备12345678号-1</a>"));
        assert!(footer.contains(
            "<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=33108102000123\">"
        ));
    }
}

#[test]
fn a_deployed_portal_without_identifiers_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let portal = dir.path().join("content/portal.yaml");
    let text = std::fs::read_to_string(&portal).unwrap();
    std::fs::write(&portal, format!("{text}base_url: {BASE}\n")).unwrap();
    let out = run(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("content/portal.yaml:1:1: 警告：政府网站每页页脚要显示标识；`identifiers:` 里缺少 site_code (网站标识码), icp (ICP备案号), police (公安机关备案号)"),
        "{}",
        stderr(&out)
    );
}

/// Every report, problem, regulation and list page shows when it was
/// published or last updated (an undated page reads as not maintained).
#[test]
fn every_item_and_list_page_shows_a_date() {
    let dir = built();
    let site = dir.path().join("site");
    for page in [
        "index.html",
        "reports/wenling-yingji-2023/index.html",
        "reports/wenling-yingji-2023/issues/1-3-1.html",
        "reports/wenling-yingji-2023/issues/3-3.html",
        "reports/wenling-yingji-2023/regulations.html",
        "regulations.html",
        "problems.html",
        "problems/done.html",
        "notices.html",
        "updates.html",
        "due.html",
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let main = html.split("<main").nth(1).unwrap();
        assert!(
            main.contains("<time datetime=\"2023-09-07\">2023年9月7日"),
            "{page}: no publication or update date"
        );
    }
}

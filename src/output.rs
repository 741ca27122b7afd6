//! The built site's shape: where each page and file goes, decided here
//! and nowhere else. Pages link to each other relatively; derive, render,
//! search, feeds, open data and the sitemap all take their paths from these
//! functions, so a new kind of page (a second page of a list) is added in
//! one place. Like [`crate::model`] for content, this is data every stage
//! shares, not a stage.

/// One file of the built site: a path relative to the output folder and
/// its bytes. Render, search and publish make them; write puts them on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The home page.
pub(crate) const HOME: &str = "index.html";
/// Every problem of every report.
pub(crate) const PROBLEMS: &str = "problems.html";
/// Every regulation cited anywhere.
pub(crate) const REGULATIONS: &str = "regulations.html";
/// Every report, newest first (the home page shows the newest few).
pub(crate) const NOTICES: &str = "notices.html";
/// How to send feedback.
pub(crate) const FEEDBACK: &str = "feedback.html";
/// The search page.
pub(crate) const SEARCH: &str = "search.html";
/// The portal's latest dated events (最近更新).
pub(crate) const UPDATES: &str = "updates.html";
/// What is overdue and what is due soon, per report.
pub(crate) const DUE: &str = "due.html";
/// The page hosts serve for a missing path.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The portal-wide Atom feed.
pub(crate) const FEED: &str = "feed.xml";

/// Open data: every problem as JSON, the schema it follows, and the same
/// as CSV tables for spreadsheets.
pub(crate) const DATA_ISSUES_JSON: &str = "data/issues.json";
pub(crate) const DATA_ISSUES_SCHEMA: &str = "data/issues.schema.json";
pub(crate) const DATA_ISSUES_CSV: &str = "data/issues.csv";
pub(crate) const DATA_REGULATIONS_CSV: &str = "data/regulations.csv";
/// Every problem as a spreadsheet (a ledger staff can edit and import).
pub(crate) const DATA_ISSUES_XLSX: &str = "data/issues.xlsx";
/// Past this many problems the open data is published per report (each
/// report's issues.json, .csv and .xlsx under `data/reports/<slug>/`) with
/// a small portal-wide index: at a million problems a single JSON file
/// would be over a gigabyte, and a sheet holds at most 1,048,576 rows.
pub(crate) const OPEN_DATA_SPLIT_ABOVE: usize = 50_000;
/// The index of the per-report parts, when the open data is split.
pub(crate) const DATA_INDEX: &str = "data/index.json";

/// A report's part of split open data (`extension`: json, csv or xlsx).
pub(crate) fn data_part(report: &str, extension: &str) -> String {
    format!("data/reports/{report}/issues.{extension}")
}

/// What crawlers read first.
pub(crate) const ROBOTS: &str = "robots.txt";
/// The sitemap, or the index of its parts past 50,000 pages.
pub(crate) const SITEMAP: &str = "sitemap.xml";

/// Part `n` (from 1) of a sitemap too large for one file.
pub(crate) fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// The folder of the search index's files.
pub(crate) const SEARCH_FOLDER: &str = "search/";

/// One file of the search index (`index.js`, `v3.js`, …).
pub(crate) fn search_file(name: &str) -> String {
    format!("{SEARCH_FOLDER}{name}")
}

/// A static file of the theme (`theme/static/<name>` is copied here).
pub(crate) fn asset(name: &str) -> String {
    format!("assets/{name}")
}

/// A report's page.
pub(crate) fn report_page(report: &str) -> String {
    format!("reports/{report}/index.html")
}

/// The regulations a report's rectification produced.
pub(crate) fn report_regulations_page(report: &str) -> String {
    format!("reports/{report}/regulations.html")
}

/// A report's Atom feed.
pub(crate) fn report_feed(report: &str) -> String {
    format!("reports/{report}/feed.xml")
}

/// The first page of the problems of one facet value (a status, a year,
/// overdue): `problems/<key>.html`. Keys are never bare numbers, which
/// name the later pages of the full list (`problems/3.html`).
pub(crate) fn facet_page(key: &str) -> String {
    format!("problems/{key}.html")
}

/// The first page of one area of a report too long to list on its page.
pub(crate) fn report_area_page(report: &str, area: u32) -> String {
    format!("reports/{report}/area-{area}.html")
}

/// A page of a list whose first page is `front`: the front itself, or the
/// page numbered `number` in the folder named after it
/// (`problems.html` → `problems/7.html`). Numbers never change meaning as
/// the list grows at its growing end (see `derive::lists`).
pub(crate) fn list_page(front: &str, number: Option<usize>) -> String {
    match number {
        None => front.to_string(),
        Some(n) => format!("{}/{n}.html", front.strip_suffix(".html").unwrap_or(front)),
    }
}

/// A problem's page.
pub(crate) fn issue_page(report: &str, issue: &str) -> String {
    format!("reports/{report}/issues/{issue}.html")
}

/// A report's attachment, by its path inside the report folder
/// (`issues/整改方案.docx`). Kept in the report's folder of the site, so
/// watch mode replaces it with the report's other files.
pub(crate) fn attachment(report: &str, rel: &str) -> String {
    format!("reports/{report}/files/{rel}")
}

/// A site path as it goes into a link: every byte outside the unreserved
/// set percent-encoded (Chinese file names, spaces, `#`), the slashes
/// kept, so the link works on any host and from disk.
pub(crate) fn link(path: &str) -> String {
    let mut out = String::with_capacity(path.len() * 3);
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes (a link as [`link`] writes it, a request's
/// path, an image address an editor wrote); `None` if the result is not
/// UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| bytes.get(j).and_then(|c| (*c as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The report whose folder holds `path`, if any: watch mode replaces a
/// changed report's files by folder.
pub(crate) fn report_of(path: &str) -> Option<&str> {
    path.strip_prefix("reports/")?.split('/').next()
}

/// The relative way from a file back to the site root (`../../` for a
/// report page), so links work from any folder and from disk.
pub(crate) fn to_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lead_back_to_the_root_and_name_their_report() {
        let page = issue_page("r1", "1-2-3");
        assert_eq!(page, "reports/r1/issues/1-2-3.html");
        assert_eq!(to_root(&page), "../../../");
        assert_eq!(to_root(&report_page("r1")), "../../");
        assert_eq!(to_root(HOME), "");
        assert_eq!(report_of(&report_feed("r1")), Some("r1"));
        assert_eq!(report_of(PROBLEMS), None);
        assert_eq!(list_page(PROBLEMS, None), "problems.html");
        assert_eq!(list_page(PROBLEMS, Some(7)), "problems/7.html");
        assert_eq!(
            list_page(&report_area_page("r1", 2), Some(3)),
            "reports/r1/area-2/3.html"
        );
        assert_eq!(
            report_of(&list_page(&report_area_page("r1", 2), Some(3))),
            Some("r1")
        );
        assert_eq!(to_root(&facet_page("overdue")), "../");
        assert_eq!(
            link(&attachment("r1", "issues/整改 方案#1.pdf")),
            "reports/r1/files/issues/%E6%95%B4%E6%94%B9%20%E6%96%B9%E6%A1%88%231.pdf"
        );
    }
}

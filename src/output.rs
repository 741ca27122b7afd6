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
/// How to send feedback.
pub(crate) const FEEDBACK: &str = "feedback.html";
/// The search page.
pub(crate) const SEARCH: &str = "search.html";
/// The page hosts serve for a missing path.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The portal-wide Atom feed.
pub(crate) const FEED: &str = "feed.xml";

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

/// A problem's page.
pub(crate) fn issue_page(report: &str, issue: &str) -> String {
    format!("reports/{report}/issues/{issue}.html")
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
    }
}

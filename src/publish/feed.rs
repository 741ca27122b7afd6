//! Atom feeds: one for the portal (`feed.xml`) and one per report
//! (`reports/<slug>/feed.xml`). A problem is an entry once a dated measure
//! records progress on it; its `updated` is the latest measure's date, so a
//! feed reader shows a problem again whenever a newer measure is added.
//! Newest first; ties keep notice order.

use super::{rfc3339, url, xml_escape};
use crate::derive::{IssueView, ReportView, SiteView};
use crate::output::{self, OutputFile};
use std::fmt::Write;

/// Entries in the portal-wide feed (per-report feeds hold all of theirs).
pub(crate) const PORTAL_ENTRIES: usize = 100;

/// The portal feed and each report's feed.
pub(crate) fn files(site: &SiteView) -> Vec<OutputFile> {
    let mut all: Vec<(&ReportView, &IssueView)> = Vec::new();
    let mut files = Vec::new();
    for report in &site.reports {
        let mut entries: Vec<(&ReportView, &IssueView)> = report
            .issues
            .iter()
            .filter(|i| i.last_date.is_some())
            .map(|i| (&**report, i))
            .collect();
        newest_first(&mut entries);
        let path = output::report_feed(&report.slug);
        let title = format!("{}：整改进展", report.unit);
        files.push(feed(
            site,
            &path,
            &output::report_page(&report.slug),
            &title,
            &report.published,
            &entries,
        ));
        all.extend(entries);
    }
    newest_first(&mut all);
    all.truncate(PORTAL_ENTRIES);
    let fallback = site
        .reports
        .iter()
        .map(|r| r.published.as_str())
        .max()
        .unwrap_or("1970-01-01");
    let title = format!("{}：整改进展", site.name);
    files.push(feed(
        site,
        output::FEED,
        output::HOME,
        &title,
        fallback,
        &all,
    ));
    files
}

fn newest_first(entries: &mut [(&ReportView, &IssueView)]) {
    // A stable sort: equal dates keep report and notice order.
    entries.sort_by(|a, b| b.1.last_date.cmp(&a.1.last_date));
}

/// A stable, location-independent id for a problem: feed readers keep it
/// across rebuilds and moves of the site.
pub(crate) fn entry_id(report: &ReportView, issue: &IssueView) -> String {
    format!("urn:zhenggai:{}:{}", report.slug, issue.slug)
}

/// One Atom document. `path` is the feed's own place in the site and
/// `home` the page it follows; links are absolute with a base URL and
/// relative to the feed without one.
fn feed(
    site: &SiteView,
    path: &str,
    home: &str,
    title: &str,
    fallback_updated: &str,
    entries: &[(&ReportView, &IssueView)],
) -> OutputFile {
    let link = |target: &str| -> String {
        if super::base(site).is_some() {
            url(site, target)
        } else {
            format!("{}{target}", output::to_root(path))
        }
    };
    let updated = entries
        .first()
        .and_then(|(_, i)| i.last_date.as_deref())
        .unwrap_or(fallback_updated);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(title));
    let _ = writeln!(
        x,
        "  <id>urn:zhenggai:feed:{}</id>",
        xml_escape(&path.replace('/', ":"))
    );
    let _ = writeln!(x, "  <updated>{}</updated>", rfc3339(updated));
    let _ = writeln!(
        x,
        "  <author><name>{}</name></author>",
        xml_escape(&site.publisher)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&link(home))
    );
    if super::base(site).is_some() {
        let _ = writeln!(
            x,
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
            xml_escape(&url(site, path))
        );
    }
    x.push_str("  <generator>zhenggai</generator>\n");
    for (report, issue) in entries {
        let page = output::issue_page(&report.slug, &issue.slug);
        let _ = writeln!(x, "  <entry>");
        let _ = writeln!(
            x,
            "    <title>{}</title>",
            xml_escape(&format!(
                "{} {}（{}）",
                issue.place, issue.title, issue.status_label
            ))
        );
        let _ = writeln!(x, "    <id>{}</id>", xml_escape(&entry_id(report, issue)));
        let _ = writeln!(
            x,
            "    <updated>{}</updated>",
            rfc3339(issue.last_date.as_deref().unwrap_or(updated))
        );
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&link(&page))
        );
        let _ = writeln!(
            x,
            "    <category term=\"{}\" label=\"{}\"/>",
            issue.status, issue.status_label
        );
        let _ = writeln!(
            x,
            "    <summary type=\"text\">{}</summary>",
            xml_escape(&summary(report, issue))
        );
        let _ = writeln!(x, "  </entry>");
    }
    x.push_str("</feed>\n");
    OutputFile {
        path: path.to_string(),
        bytes: x.into_bytes(),
    }
}

/// The entry text: where the problem stands and its latest measure.
fn summary(report: &ReportView, issue: &IssueView) -> String {
    let latest = issue
        .measures
        .iter()
        .filter(|m| m.date.is_some())
        .max_by(|a, b| a.date.cmp(&b.date));
    let mut text = format!("{}。整改状态：{}。", report.unit, issue.status_label);
    if let Some(m) = latest {
        let _ = write!(
            text,
            "最新措施（{}）：{}",
            m.date_zh.as_deref().unwrap_or_default(),
            m.text
        );
    }
    text
}

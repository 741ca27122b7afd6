//! Atom feeds: one for the portal (`feed.xml`) and one per report
//! (`reports/<slug>/feed.xml`). Each entry is one dated event of a
//! problem, as on the 最近更新 page: a measure, a change of status or a
//! moved deadline. Newest first; ties keep report and notice order. Each
//! feed holds its newest 100 events (the pages keep them all).

use super::{rfc3339, url, xml_escape};
use crate::derive::{updates, ReportView, SiteView, UpdateView};
use crate::output::{self, OutputFile};
use std::fmt::Write;

/// The portal feed and each report's feed.
pub(crate) fn files(site: &SiteView) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = site.reports.iter().map(|r| of_report(site, r)).collect();
    files.push(of_portal(site));
    files
}

/// A report's feed: its newest events.
pub(crate) fn of_report(site: &SiteView, report: &ReportView) -> OutputFile {
    let entries = updates::of_report(report);
    let path = output::report_feed(&report.slug);
    let title = format!("{}：整改进展", report.unit);
    let home = output::report_page(&report.slug);
    feed(site, &path, &home, &title, &report.published, &entries)
}

/// The portal's feed: the newest events of every report (made when the
/// site was derived, with their texts).
pub(crate) fn of_portal(site: &SiteView) -> OutputFile {
    let fallback = site
        .reports
        .iter()
        .map(|r| r.published.as_str())
        .max()
        .unwrap_or("1970-01-01");
    let title = format!("{}：整改进展", site.name);
    feed(
        site,
        output::FEED,
        output::HOME,
        &title,
        fallback,
        &site.updates,
    )
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
    entries: &[UpdateView],
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
        .map(|e| e.event.date.as_str())
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
    for e in entries {
        let _ = writeln!(x, "  <entry>");
        let _ = writeln!(
            x,
            "    <title>{}</title>",
            xml_escape(&format!("{} {}：{}", e.place, e.title, e.event.kind_label))
        );
        let _ = writeln!(x, "    <id>{}</id>", xml_escape(&e.id));
        let _ = writeln!(x, "    <updated>{}</updated>", rfc3339(&e.event.date));
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&link(&e.url))
        );
        let _ = writeln!(
            x,
            "    <category term=\"{}\" label=\"{}\"/>",
            e.event.kind, e.event.kind_label
        );
        let _ = writeln!(
            x,
            "    <summary type=\"text\">{}</summary>",
            xml_escape(&format!(
                "{}。{}（整改状态：{}）",
                e.unit, e.event.text, e.status_label
            ))
        );
        let _ = writeln!(x, "  </entry>");
    }
    x.push_str("</feed>\n");
    OutputFile {
        path: path.to_string(),
        bytes: x.into_bytes(),
    }
}

//! Publish: the machine-readable side of the site, made from the derived
//! view beside the pages. Atom feeds for readers who follow progress
//! ([`feed`]), open data for auditors and journalists ([`data`]), and the
//! files search engines look for ([`sitemap`]).
//!
//! Absolute URLs appear only here, and only when the deployment URL is
//! known (`--base-url` or `base_url` in portal.yaml); pages link to each
//! other relatively, so the site works from any folder and from disk.

pub(crate) mod data;
pub(crate) mod feed;
pub(crate) mod sitemap;
pub(crate) mod xlsx;

use crate::derive::SiteView;
use crate::output::OutputFile;

/// Every published file of a site (feeds, open data, sitemap and robots),
/// each handed to `emit` as soon as it is made, so a build never holds
/// them all.
pub fn each(site: &SiteView, emit: &(dyn Fn(OutputFile) + Sync)) {
    the_rest(site, None, emit)
}

/// What a report's own published files are: its feed and, when the open
/// data is split, its part of it (files, and its entry in the index).
/// A large portal's build makes them as soon as the report's pages are
/// written, then lets its measures go (`build::produce`).
pub(crate) fn of_report(
    site: &SiteView,
    report: &std::sync::Arc<crate::derive::ReportView>,
) -> (Vec<OutputFile>, Option<serde_json::Value>) {
    let mut files = vec![feed::of_report(site, report)];
    let entry = site.open_data_split.then(|| {
        let (part, entry) = data::part(site, report);
        files.extend(part);
        entry
    });
    (files, entry)
}

/// Every published file but those [`of_report`] made already for every
/// report, given the index entries it returned (in report order); with
/// `None`, every file.
pub(crate) fn the_rest(
    site: &SiteView,
    parts: Option<Vec<serde_json::Value>>,
    emit: &(dyn Fn(OutputFile) + Sync),
) {
    let made_early = parts.is_some();
    // The spreadsheet takes as long as the rest together: beside them.
    rayon::join(
        || {
            // Split open data has a workbook per report (data::each).
            if !site.open_data_split {
                emit(xlsx::issues_xlsx(site))
            }
        },
        || {
            match made_early {
                true => emit(feed::of_portal(site)),
                false => feed::files(site).into_iter().for_each(emit),
            }
            data::each(site, parts, &mut |file| emit(file));
            sitemap::files(site).into_iter().for_each(emit);
        },
    );
}

/// The deployment URL with exactly one trailing slash, when known.
pub(crate) fn base(site: &SiteView) -> Option<&str> {
    site.base_url.as_deref()
}

/// A site-relative path as published: absolute under the base URL when
/// there is one, else left relative to the site root.
pub(crate) fn url(site: &SiteView, path: &str) -> String {
    match base(site) {
        Some(base) => format!("{base}{path}"),
        None => path.to_string(),
    }
}

/// Escapes text for XML, dropping the control characters XML 1.0 cannot
/// carry at all (a stray one pasted into a title must not break a feed).
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An RFC 3339 timestamp for a date as zhenggai stores it (`2023`,
/// `2023-04`, `2023-04-20`, optionally followed by ` 10:00` or
/// ` 10:00:00`), at China Standard Time: the missing month or day is the
/// first, the missing time midnight.
pub(crate) fn rfc3339(date: &str) -> String {
    let (day, time) = match date.split_once(' ') {
        Some((d, t)) => (d, t.trim()),
        None => (date, ""),
    };
    let mut parts = day.split('-');
    let year = parts.next().unwrap_or("1970");
    let month = parts.next().unwrap_or("01");
    let dom = parts.next().unwrap_or("01");
    let time = match time.matches(':').count() {
        0 => "00:00:00".to_string(),
        1 => format!("{time}:00"),
        _ => time.to_string(),
    };
    format!("{year}-{month}-{dom}T{time}+08:00")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_every_precision_become_timestamps() {
        assert_eq!(rfc3339("2023"), "2023-01-01T00:00:00+08:00");
        assert_eq!(rfc3339("2023-04"), "2023-04-01T00:00:00+08:00");
        assert_eq!(rfc3339("2023-04-20"), "2023-04-20T00:00:00+08:00");
        assert_eq!(rfc3339("2023-04-20 10:00"), "2023-04-20T10:00:00+08:00");
        assert_eq!(rfc3339("2023-04-20 10:00:05"), "2023-04-20T10:00:05+08:00");
    }

    #[test]
    fn xml_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            xml_escape("<a href='x'>&\u{1}\"</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
